"""rTop-k (barnes2020 Definition 3 and Proposition 1).

Proposition 1's exact expected error is checked with a tolerance z * sd / sqrt(T),
z = 4.9 (two-sided, confidence 1 - 1e-6); the bound (1 - k/d)||w||^2 is checked on the
exact value and one-sided on the sample.
"""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.bounds import ids
from commbounds.errors import InvalidInputError
from tests.stats import assert_mean_at_most, assert_mean_equals

T = 40_000
W = np.random.default_rng(11).standard_t(2, size=30)


@pytest.mark.parametrize(("k", "r"), [(1, 1), (3, 10), (5, 5), (4, 30), (2, 17)])
def test_proposition_1_exact_expected_error(k, r):
    d = W.size
    q = quantizers.get("rtop-k", k=k, r=r, precision=64)
    est = q.quantize(np.broadcast_to(W, (T, d)), rng=np.random.default_rng(k * 100 + r)).estimate
    err = ((est - W) ** 2).sum(axis=1)
    w2 = np.sort(W**2)[::-1]
    exact = (1 - k / r) * w2[:r].sum() + w2[r:].sum()
    assert_mean_equals(err, exact)
    bound = (1 - k / d) * w2.sum()
    assert exact <= bound + 1e-12
    assert_mean_at_most(err, bound)
    if "barnes2020:prop1/exact" in ids():
        got = cb.bound("barnes2020:prop1/exact")(k=k, r=r, W_top=w2[:r].sum(), W_tail=w2[r:].sum())
        assert got == pytest.approx(exact)
    if "barnes2020:prop1" in ids():
        assert cb.bound("barnes2020:prop1")(k=k, r=r, d=d, W=w2.sum()) == pytest.approx(bound)


def test_selects_inside_the_top_r_uniformly():
    k, r, d = 3, 8, W.size
    q = quantizers.get("rtop-k", k=k, r=r, precision=64)
    est = q.quantize(np.broadcast_to(W, (T, d)), rng=np.random.default_rng(1)).estimate
    top = np.argsort(-np.abs(W))[:r]
    outside = np.setdiff1d(np.arange(d), top)
    assert not np.any(est[:, outside])
    assert np.all(np.count_nonzero(est, axis=1) == k)
    assert_mean_equals((est[:, top] != 0).astype(float), np.full(r, k / r))


def test_extremes_are_top_k_and_random_k():
    x = np.random.default_rng(2).standard_normal(20)
    a = quantizers.get("rtop-k", k=4, r=4, precision=64).quantize(x, rng=0).estimate
    b = quantizers.get("top-k", k=4, precision=64).quantize(x, rng=0).estimate
    np.testing.assert_array_equal(a, b)


def test_bad_parameters():
    with pytest.raises(InvalidInputError, match="k <= r"):
        quantizers.get("rtop-k", k=5, r=4)
    with pytest.raises(InvalidInputError, match="r <= d"):
        quantizers.get("rtop-k", k=2, r=40).quantize(W, rng=0)
    with pytest.raises(InvalidInputError, match="r"):
        quantizers.get("rtop-k", k=1, r=0)
