"""EDEN (Vargaftik et al. 2022): published vNMSE, exact scale identities, unbiasedness.

Seeds are fixed; Monte Carlo tolerances are z * sd / sqrt(T) with z = 4.9 (two-sided
1 - 1e-6 per assertion), see ``tests/stats.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.eden import lloyd_max
from tests.stats import Z, assert_mean_equals, mean_ci

#: the paper's Table 1 (unbiased EDEN, large Gaussian vectors), printed to 3 significant digits
PUBLISHED = {1: 0.571, 2: 0.133, 3: 0.0358}


def vnmse(q, d=1 << 15, rotations=8, rows=8, seed=0):
    """Per-row vNMSE ``||x_hat - x||^2 / ||x||^2`` on standard Gaussian rows, one rotation per
    batch of ``rows`` (``rotations`` shared seeds)."""
    X = np.random.default_rng(seed).standard_normal((rotations, rows, d))
    out = [q.quantize(X[s], rng=0, shared=100 + s).estimate for s in range(rotations)]
    err = ((np.stack(out) - X) ** 2).sum(-1) / (X ** 2).sum(-1)
    return err.ravel()


@pytest.mark.parametrize("bits", [1, 2, 3])
def test_reproduces_the_published_vnmse(bits):
    """The mean over 64 vectors of dimension 2^15 lies within z * se (z = 4.9) plus the
    published rounding (half a unit in the last printed digit) of Table 1."""
    v = vnmse(quantizers.get("eden", bits=bits))
    m, h = mean_ci(v)
    rounding = 0.5 * 10.0 ** (np.floor(np.log10(PUBLISHED[bits])) - 2)
    assert abs(m - PUBLISHED[bits]) <= h + rounding, (m, h, PUBLISHED[bits])
    # and the asymptotic value D_b / (1 - D_b) from the Lloyd-Max distortion
    dist = lloyd_max(bits)[1]
    assert abs(m - dist / (1 - dist)) <= h + 2e-3 * dist / (1 - dist)


@pytest.mark.parametrize("bits", [1, 3])
def test_biased_scale_reaches_the_lloyd_max_distortion(bits):
    v = vnmse(quantizers.get("eden", bits=bits, unbiased=False))
    m, h = mean_ci(v)
    dist = lloyd_max(bits)[1]
    assert abs(m - dist) <= h + 2e-3 * dist, (m, h, dist)
    # a check that can fail: the unbiased scale costs strictly more error
    assert m + h < vnmse(quantizers.get("eden", bits=bits)).mean()


def test_lloyd_max_is_a_fixed_point_with_the_known_one_bit_values():
    c, dist = lloyd_max(1)
    np.testing.assert_allclose(c, [-np.sqrt(2 / np.pi), np.sqrt(2 / np.pi)], rtol=1e-12)
    assert abs(dist - (1 - 2 / np.pi)) < 1e-12
    for b in (2, 3, 4):
        c, dist = lloyd_max(b)
        assert np.all(np.diff(c) > 0) and np.allclose(c, -c[::-1])
        # centroid condition checked by quadrature: each centroid is its cell's mean
        edges = np.concatenate([[-8.0], (c[1:] + c[:-1]) / 2, [8.0]])
        for j in range(c.size):
            t = np.linspace(edges[j], edges[j + 1], 20001)
            w = np.exp(-t * t / 2)
            assert abs(np.trapezoid(t * w, t) / np.trapezoid(w, t) - c[j]) < 1e-6


@pytest.mark.parametrize("bits", [1, 2, 4])
def test_unbiased_scale_preserves_the_projection_and_biased_scale_projects(bits):
    X = np.random.default_rng(bits).standard_t(3, size=(20, 37))
    u = quantizers.get("eden", bits=bits).quantize(X, rng=0, shared=3).estimate
    np.testing.assert_allclose((u * X).sum(-1), (X * X).sum(-1), rtol=1e-10)
    # the biased estimate is the orthogonal projection of x onto the decoded direction (in
    # the padded space, so on a power-of-two dimension)
    X = X[:, :32]
    b = quantizers.get("eden", bits=bits, unbiased=False).quantize(X, rng=0, shared=3).estimate
    np.testing.assert_allclose(((X - b) * b).sum(-1), 0.0, atol=1e-9 * (X * X).sum(-1).max())


def test_uniform_rotation_is_unbiased_and_declared_so():
    x = np.array([3.0, -1.0, 0.5, 0.0, 2.0, 0.1, -0.7])
    q = quantizers.get("eden", bits=2, rotation="uniform")
    assert q.unbiased and not quantizers.get("eden", bits=2).unbiased
    est = np.stack([q.quantize(x, rng=0, shared=s).estimate for s in range(4000)])
    assert_mean_equals(est, x)
    # the randomized Hadamard rotation is measurably biased at this dimension, which is why
    # it is not declared unbiased
    est = np.stack([quantizers.get("eden", bits=2).quantize(x, rng=0, shared=s).estimate
                    for s in range(4000)])
    m, h = mean_ci(est)
    assert np.any(np.abs(m - x) > h)


def test_one_bit_equals_drive_and_bits_are_exact():
    X = np.random.default_rng(4).standard_normal((5, 100))
    a = quantizers.get("eden", bits=1).quantize(X, rng=0, shared=9)
    b = quantizers.get("drive").quantize(X, rng=0, shared=9)
    np.testing.assert_allclose(a.estimate, b.estimate, rtol=1e-12, atol=1e-12)
    assert a.bits.tolist() == [128 + 64] * 5
    msg = quantizers.get("eden", bits=3).encode(X[0], rng=0, shared=9)
    assert msg.nbits == 128 * 3 + 64 and len(msg.payload) == (msg.nbits + 7) // 8


def test_zero_vector_and_parameter_errors():
    q = quantizers.get("eden", bits=2)
    assert np.array_equal(q.decode(q.encode(np.zeros(6), rng=0)), np.zeros(6))
    for bad in (0, 6, 2.5, True, "2"):
        with pytest.raises(InvalidInputError):
            quantizers.get("eden", bits=bad)
    with pytest.raises(InvalidInputError):
        quantizers.get("eden", bits=2, rotation="haar")
    with pytest.raises(InvalidInputError, match="uniform rotation"):
        quantizers.get("eden", bits=2, rotation="uniform").quantize(np.ones(2000), rng=0)
    assert Z == 4.9
