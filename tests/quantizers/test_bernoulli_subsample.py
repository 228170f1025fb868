"""The Section V scheme of barnes2020: unbiasedness, risk vs Theorem 1, bits vs the budget.

Statistical tolerances: z * sd / sqrt(T), z = 4.9 (two-sided 1 - 1e-6 per entry);
upper bounds are one-sided at the same z.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.bounds import ids
from commbounds.errors import InvalidInputError
from tests.stats import assert_mean_at_most, assert_mean_equals


def _theta(d, s, rng):
    th = rng.random(d) ** 2 + 0.05
    return th * (s / th.sum())


def _sample(theta, size, rng, signed=False):
    X = (rng.random((*size, theta.size)) < np.abs(theta)).astype(float)
    return X * np.sign(theta) if signed else X


def test_unbiased_and_within_budget():
    rng = np.random.default_rng(0)
    d, s, k = 64, 6.0, 40
    theta = _theta(d, s, rng)
    q = quantizers.get("bernoulli-subsample", k=k)
    X = _sample(theta, (30_000,), rng)
    out = q.quantize(X, rng=np.random.default_rng(1))
    assert_mean_equals(out.estimate, theta)
    assert np.all(out.bits <= k)
    w = np.minimum(X.sum(axis=1), q.kprime(d))
    expect = 7 + np.array([(math.comb(d, int(v)) - 1).bit_length() for v in w])
    np.testing.assert_array_equal(out.bits, expect)


@pytest.mark.parametrize("variant", [dict(signed=True), dict(M=2.5), dict(M=2.5, perturbed=True),
                                     dict(signed=True, M=0.5, perturbed=True)])
def test_variants_i_to_iii_are_unbiased(variant):
    rng = np.random.default_rng(2)
    d, s = 48, 5.0
    theta = _theta(d, s, rng) * rng.choice([-1, 1], d) if variant.get("signed") else _theta(d, s, rng)
    M = variant.get("M", 1.0)
    X = M * _sample(theta, (30_000,), rng, signed=variant.get("signed", False))
    if variant.get("perturbed"):
        X = X + M * rng.uniform(-0.5, 0.5, X.shape)
    q = quantizers.get("bernoulli-subsample", k=40, **variant)
    out = q.quantize(X, rng=np.random.default_rng(3))
    assert_mean_equals(out.estimate, M * theta)
    assert np.all(out.bits <= 40)


def test_risk_below_theorem_1_with_the_proof_constant():
    """n = 10 nodes, d = 256, s = 16, k = 64 (2 log d <= k <= s log d), k' = k/log d = 8."""
    rng = np.random.default_rng(4)
    n, d, s, k, T = 10, 256, 16.0, 64, 1500
    theta = _theta(d, s, rng)
    q = quantizers.get("bernoulli-subsample", k=k, kprime=8)
    X = _sample(theta, (T, n), rng)
    est = q.quantize(X, rng=np.random.default_rng(5)).estimate.mean(axis=1)
    risk = ((est - theta) ** 2).sum(axis=1)
    scheme = ((s + s**2) / 8 + 8) / n                     # eq. (4) with E||X||^2 <= s + s^2
    explicit = 4 * s**2 * math.log2(d) / (n * k)          # Theorem 1 with C = 4
    assert_mean_at_most(risk, scheme)
    assert_mean_at_most(risk, explicit)
    # never better than the centralized sample mean (a bit-accounting canary)
    centralized = float((theta * (1 - theta)).sum() / n)
    m, h = risk.mean(), 4.9 * risk.std(ddof=1) / np.sqrt(T)
    assert m + h >= centralized
    if "barnes2020:thm1/scheme" in ids():
        assert cb.bound("barnes2020:thm1/scheme")(n=n, s=s, kprime=8) == pytest.approx(scheme)
    if "barnes2020:thm1/explicit" in ids():
        assert cb.bound("barnes2020:thm1/explicit")(n=n, d=d, s=s, k=k, kprime=8) == pytest.approx(explicit)


def test_kprime_fits_the_budget_and_beats_the_paper_choice():
    for d, k in [(64, 30), (1000, 200), (4096, 60)]:
        q = quantizers.get("bernoulli-subsample", k=k)
        kp = q.kprime(d)
        L = d.bit_length()
        assert max((math.comb(d, w) - 1).bit_length() for w in range(kp + 1)) + L <= k
        assert kp >= (k - math.log2(d)) / math.log2(d) - 1


def test_bad_inputs_and_parameters():
    q = quantizers.get("bernoulli-subsample", k=40)
    with pytest.raises(InvalidInputError, match="0, M"):
        q.encode(np.array([0.0, 0.5, 1.0]), rng=0)
    with pytest.raises(InvalidInputError, match="signed"):
        quantizers.get("bernoulli-subsample", k=40, perturbed=True).encode(np.array([0.0, -1.0]), rng=0)
    with pytest.raises(InvalidInputError, match="budget"):
        quantizers.get("bernoulli-subsample", k=8).encode(np.ones(64), rng=0)
    with pytest.raises(InvalidInputError, match="kprime"):
        quantizers.get("bernoulli-subsample", k=20, kprime=5).encode(np.ones(64), rng=0)
    with pytest.raises(InvalidInputError, match="M"):
        quantizers.get("bernoulli-subsample", k=20, M=0)
