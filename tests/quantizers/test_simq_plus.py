"""SimQ+ (mayekar2020 Theorem 4.2): unbiased, payload within k log e + k log(d/k + 1) + k,
alpha_0 within sqrt(B^2 d^(2/p)/k + B^2).

Statistical tolerances: z * sd / sqrt(T), z = 4.9 (two-sided 1 - 1e-6 per entry).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.bounds import ids
from commbounds.errors import InvalidInputError
from commbounds.quantizers.simq_plus import dual_norm
from commbounds.verify.alpha0 import measure_alpha0
from tests.stats import assert_mean_equals


def _on_sphere(d, p, B, seed):
    x = np.random.default_rng(seed).standard_t(2, d)
    return x * (B / dual_norm(x, p))


@pytest.mark.parametrize(("p", "k"), [(2.0, 5), (3.0, 4), (np.inf, 1), (np.inf, 6)])
def test_unbiased_on_the_lq_sphere(p, k):
    d, B = 12, 1.5
    x = _on_sphere(d, p, B, 1)
    q = quantizers.get("simq-plus", B=B, k=k, p=p)
    est = q.quantize(np.broadcast_to(x, (50_000, d)), rng=np.random.default_rng(2)).estimate
    assert_mean_equals(est, x)
    step = B * d ** (1 / p) / k
    np.testing.assert_allclose(est / step, np.round(est / step), atol=1e-9)


@pytest.mark.parametrize(("d", "k"), [(1, 1), (4, 4), (64, 8), (64, 64), (1000, 31), (4096, 64)])
def test_payload_length_matches_theorem_4_2(d, k):
    q = quantizers.get("simq-plus", B=1.0, k=k, p=2.0)
    X = np.stack([_on_sphere(d, 2.0, 1.0, s) for s in range(20)])
    out = q.quantize(X, rng=np.random.default_rng(3))
    distinct = np.count_nonzero(out.estimate, axis=1)
    type_bits = (math.comb(d + k, k) - 1).bit_length()
    np.testing.assert_array_equal(out.bits, type_bits + distinct)
    bound = k * math.log2(math.e) + k * math.log2(d / k + 1) + k
    assert np.all(out.bits <= bound)
    if d >= 2 and "mayekar2020:thm4.2/bits" in ids():
        assert cb.bound("mayekar2020:thm4.2/bits")(d=d, p=2.0, k=k) == pytest.approx(bound)
    msg = q.encode(X[0], rng=np.random.default_rng(4))
    assert msg.nbits <= bound


@pytest.mark.parametrize(("d", "p", "k"), [(64, 2.0, 8), (64, 4.0, 8), (256, 2.0, 256)])
def test_alpha0_within_theorem_4_2(d, p, k):
    q = quantizers.get("simq-plus", B=1.0, k=k, p=p)
    est = measure_alpha0(q, p=p, B=1.0, d=d, trials=2000, rng=5)
    bound = math.sqrt(d ** (2 / p) / k + 1)
    assert est.ci[0] <= bound
    if "mayekar2020:thm4.2/alpha0" in ids():
        assert cb.bound("mayekar2020:thm4.2/alpha0")(B=1.0, d=d, p=p, k=k) == pytest.approx(bound)


def test_bad_parameters_and_inputs():
    with pytest.raises(InvalidInputError, match="p must satisfy p"):
        quantizers.get("simq-plus", B=1.0, k=2, p=1.5)
    with pytest.raises(InvalidInputError, match="k"):
        quantizers.get("simq-plus", B=1.0, k=0, p=2)
    with pytest.raises(InvalidInputError, match=r"\|\|Y\|\|_q <= B"):
        quantizers.get("simq-plus", B=1.0, k=2, p=2).quantize(np.array([0.9, 0.9]), rng=0)


@pytest.mark.parametrize(("p", "k"), [(2.0, 7), (np.inf, 40), (3.0, 1)])
def test_sorted_draws_give_the_dense_type(p, k):
    """The estimate and bits from the sorted draws equal those of the dense count array."""
    from commbounds.quantizers.simq import simplex_draws

    q = quantizers.get("simq-plus", B=1.0, k=k, p=p)
    X = np.stack([_on_sphere(30, p, 1.0, s) for s in range(4)])
    got = q.quantize(X, rng=np.random.default_rng(5))
    idx = simplex_draws(X, q.radius(30), k, np.random.default_rng(5))
    counts = np.stack([np.bincount(r, minlength=31) for r in idx])[:, 1:]
    want = counts.astype(float) * (q.radius(30) / k)
    want = np.where(X < 0, -want, want)
    np.testing.assert_array_equal(got.estimate, want)
    from commbounds.coding import iv_bits

    np.testing.assert_array_equal(got.bits, int(iv_bits(31, k)) + np.count_nonzero(counts, axis=-1))


@pytest.mark.parametrize("p", [2.0, 2.5, np.inf])
def test_compiled_dual_norm_check_agrees_with_dual_norm(p):
    from commbounds.quantizers.simq_plus import dual_norm_check

    X = np.random.default_rng(2).standard_t(3, (3, 20_003))
    X[1] = 0.0
    np.testing.assert_allclose(dual_norm_check(X, p), dual_norm(X, p), rtol=1e-14)
