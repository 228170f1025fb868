"""SaR (huang2019 Lemma 2.1): unbiasedness, exact per-coordinate variance, the MSE bound.

Seeds are fixed; tolerances are z * sd / sqrt(T) with z = 4.9 (two-sided 1 - 1e-6 per
entry), see ``tests/stats.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.errors import InvalidInputError
from tests.stats import assert_mean_at_most, assert_mean_equals

T = 40_000
X = np.array([0.3, -1.1, 0.0, 2.0, -0.05, 0.75, 5.5, -3.2])


@pytest.mark.parametrize("F", [0.1, 0.5, 2.0])
def test_unbiased_and_exact_variance(F):
    q = quantizers.get("sar", F=F)
    out = q.quantize(np.broadcast_to(X, (T, X.size)), rng=np.random.default_rng(12))
    assert_mean_equals(out.estimate, X)
    assert_mean_equals(np.abs(out.estimate), np.abs(X))  # E|v_hat_i| = |v_i|
    u = X / F
    frac = u - np.floor(u)
    var = F**2 * frac * (1 - frac)
    assert_mean_equals((out.estimate - X) ** 2, var)
    sq = ((out.estimate - X) ** 2).sum(axis=1)
    assert_mean_at_most(sq, cb.bound("huang2019:lem2.1")(F=F, L1=float(np.abs(X).sum())))


def test_rounding_stays_on_the_grid_and_keeps_signs():
    q = quantizers.get("sar", F=0.5)
    out = q.quantize(np.broadcast_to(X, (500, X.size)), rng=np.random.default_rng(0))
    levels = out.estimate / 0.5
    np.testing.assert_array_equal(levels, np.round(levels))
    assert np.all(np.abs(levels - X / 0.5) < 1)
    assert np.all(out.estimate * X >= 0)


def test_bits_match_the_payload_formula():
    q = quantizers.get("sar", F=0.05)
    x = np.random.default_rng(1).standard_t(3, size=300)
    msg = q.encode(x, rng=np.random.default_rng(2))
    u = np.round(q.decode(msg) / 0.05).astype(int)
    w = int(np.abs(u).sum())
    gamma = 2 * (w + 1).bit_length() - 1
    # the range coder spends one bit over Lemma 2.2's ceil(log2 C(d + w - 1, d - 1))
    lemma = cb.bound("huang2019:lem2.2")(d=300, w=w)
    assert msg.nbits == gamma + lemma + 1 + np.count_nonzero(u)


def test_parameters_are_validated():
    for F in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(InvalidInputError, match="F"):
            quantizers.get("sar", F=F)
    with pytest.raises(InvalidInputError, match="2\\^50"):
        quantizers.get("sar", F=1e-300).encode(np.array([1.0]), rng=0)
