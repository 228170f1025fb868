"""Wangni et al. 2018 gradient sparsification: Algorithm 3's probabilities, unbiasedness, bits.

Seeds are fixed; tolerances are z * sd / sqrt(T) with z = 4.9 (two-sided 1 - 1e-6 per
entry), see ``tests/stats.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.wangni import wangni_probabilities
from tests.stats import assert_mean_equals

T = 40_000
X = np.array([0.3, -1.1, 0.0, 2.0, -0.05, 0.75, 5.5, -3.2])


def _closed_form(g, budget):
    """The optimum ``min(lambda |g_i|, 1)`` with ``sum_i p_i = budget``, by root finding."""
    a = np.abs(g)
    if budget >= np.count_nonzero(a):
        return (a > 0).astype(float)
    lam = brentq(lambda t: np.minimum(t * a, 1.0).sum() - budget, 0.0, 1.0 / a[a > 0].min())
    return np.minimum(lam * a, 1.0)


@pytest.mark.parametrize("budget", [0.5, 2.0, 3.0, 6.5])
def test_greedy_reaches_the_closed_form_optimum(budget):
    p = wangni_probabilities(X[None], budget)[0]
    np.testing.assert_allclose(p, _closed_form(X, budget), atol=1e-9)
    assert math.isclose(p.sum(), budget, rel_tol=1e-9)


def test_rows_are_independent_and_max_iter_zero_is_the_initial_guess():
    G = np.random.default_rng(0).standard_t(2, size=(30, 50))
    P = wangni_probabilities(G, 5.0)
    for g, p in zip(G, P, strict=True):
        np.testing.assert_allclose(p, _closed_form(g, 5.0), atol=1e-9)
    p0 = wangni_probabilities(G, 5.0, max_iter=0)
    np.testing.assert_allclose(p0, np.minimum(5.0 * np.abs(G) / np.abs(G).sum(1, keepdims=True), 1))


@pytest.mark.parametrize("budget", [1.0, 3.0])
def test_unbiased_with_exact_variance_and_expected_support(budget):
    q = quantizers.get("wangni", budget=budget)
    out = q.quantize(np.broadcast_to(X, (T, X.size)), rng=np.random.default_rng(4))
    p = _closed_form(X, budget)
    assert_mean_equals(out.estimate, X)
    var = np.where(p > 0, X**2 * (1 / np.where(p > 0, p, 1) - 1), 0.0)
    assert_mean_equals((out.estimate - X) ** 2, var)
    assert_mean_equals(np.count_nonzero(out.estimate, axis=1), p.sum())


def test_bits_match_the_payload_formula():
    d = 300
    g = np.random.default_rng(1).standard_t(3, size=d)
    q = quantizers.get("wangni", budget=20)
    msg = q.encode(g, rng=np.random.default_rng(2))
    est = q.decode(msg)
    kept = est[est != 0]
    w = kept.size
    p = _closed_form(g, 20)
    t = int(np.count_nonzero((p >= 1) & (est != 0)))
    # every unsaturated kept value is +-1/lambda: one magnitude shared by w - t values
    light = np.abs(est[(p < 1) & (est != 0)])
    assert light.size == w - t > 0 and np.all(light == light[0])
    np.testing.assert_allclose(light[0], np.abs(g[p < 1]).sum() / p[p < 1].sum(), rtol=1e-9)
    gamma = 2 * (w + 1).bit_length() - 1 + 2 * (t + 1).bit_length() - 1
    ranks = (math.comb(d, w) - 1).bit_length() + (math.comb(w, t) - 1).bit_length()
    assert msg.nbits == gamma + ranks + 64 + (w - t) + 64 * t


@pytest.mark.parametrize("dist", ["normal", "student-t"])
@pytest.mark.parametrize("budget", [500, 3000])
def test_bits_within_ten_percent_of_the_representation_entropy(dist, budget):
    """Measured bits against the zeroth-order entropy of the representation: the string of
    symbols 0, +1/lambda, -1/lambda, exact value (its empirical entropy, d H(histogram))
    plus 64 bits per real number sent (the exact values and 1/lambda).  The bits can exceed
    it only by the counts and the ceilings, and cannot fall far below it (a counting
    argument); the old 64-bit-per-kept-value code was 8 to 11 times above it."""
    rng = np.random.default_rng(0)
    G = rng.standard_normal((10, 10_000)) if dist == "normal" else rng.standard_t(2, (10, 10_000))
    out = quantizers.get("wangni", budget=budget).quantize(G, rng=1)
    p = wangni_probabilities(G, budget)
    kept = out.estimate != 0
    sat = kept & (p >= 1)
    counts = np.stack([(~kept).sum(1), sat.sum(1), (kept & ~sat & (G > 0)).sum(1),
                       (kept & ~sat & (G < 0)).sum(1)], axis=1).astype(float)
    f = counts / counts.sum(1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.where(counts > 0, counts * np.log2(np.where(f > 0, f, 1)), 0.0).sum(1)
    entropy = h + 64 * (counts[:, 1] + (counts[:, 2] + counts[:, 3] > 0))
    ratio = out.bits / entropy
    assert np.all(ratio <= 1.10) and np.all(ratio >= 0.95), ratio


def test_large_budget_is_lossless_and_zero_vector_is_empty():
    q = quantizers.get("wangni", budget=100)
    g = np.array([1.5, 0.0, -2.0])
    np.testing.assert_array_equal(q.decode(q.encode(g, rng=0)), g)
    msg = quantizers.get("wangni", budget=2).encode(np.zeros(6), rng=0)
    assert msg.nbits == 2 and not quantizers.get("wangni", budget=2).decode(msg).any()  # two gamma(1)


def test_parameters_are_validated():
    for budget in (0, -1.0, float("nan"), float("inf"), "a", None):
        with pytest.raises(InvalidInputError, match="budget"):
            quantizers.get("wangni", budget=budget)
    for max_iter in (-1, 1.5, True):
        with pytest.raises(InvalidInputError, match="max_iter"):
            quantizers.get("wangni", budget=1, max_iter=max_iter)


def test_chunked_draw_equals_the_dense_formula():
    """The draw in chunks (rows of 3 x 20000 entries span several) keeps each coordinate
    with the uniforms of one rng.random(X.shape) call, as the whole-array formula does."""
    from commbounds.quantizers.wangni import wangni_lambda, wangni_probabilities

    q = quantizers.get("wangni", budget=50)
    X = np.random.default_rng(6).standard_t(2, (3, 20_000))
    X[1, :10] = 0.0
    X[2, 7] = 1e4                                      # saturated: sent as itself
    got = q.quantize(X, rng=np.random.default_rng(9)).estimate
    lam = wangni_lambda(X, wangni_probabilities(X, 50))
    p = np.where(X != 0, np.minimum(lam[:, None] * np.abs(X), 1.0), 0.0)
    keep = np.random.default_rng(9).random(X.shape) < p
    want = np.where(keep & (p >= 1.0), X, np.where(keep, np.sign(X) / lam[:, None], 0.0))
    np.testing.assert_array_equal(got, want)
    assert (got[2, 7] == X[2, 7]) and np.count_nonzero(got) > 0
