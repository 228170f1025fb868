"""random-k (barnes2020 Definition 2): uniform subsets, exact error, unbiased when rescaled.

Statistical tolerances: z * sd / sqrt(T), z = 4.9 (two-sided 1 - 1e-6 per entry).
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from tests.stats import assert_mean_equals

T = 40_000
W = np.array([3.0, -1.0, 0.5, 0.0, 2.0, -0.25, 1.5, 4.0, -2.0, 0.75])


def test_rescaled_random_k_is_unbiased_with_the_exact_error():
    d, k = W.size, 3
    q = quantizers.get("random-k", k=k, precision=64, rescale=True)
    assert q.unbiased
    est = q.quantize(np.broadcast_to(W, (T, d)), rng=np.random.default_rng(5)).estimate
    assert_mean_equals(est, W)
    assert_mean_equals(((est - W) ** 2).sum(axis=1), (d / k - 1) * (W**2).sum())


def test_unscaled_random_k_keeps_each_entry_with_probability_k_over_d():
    d, k = W.size, 4
    q = quantizers.get("random-k", k=k, precision=64)
    assert not q.unbiased
    est = q.quantize(np.broadcast_to(W, (T, d)), rng=np.random.default_rng(6)).estimate
    nz = W != 0
    assert_mean_equals((est[:, nz] != 0).astype(float), np.full(nz.sum(), k / d))
    # Proposition 1 with r = d: E||w - random_k(w)||^2 = (1 - k/d)||w||^2
    assert_mean_equals(((est - W) ** 2).sum(axis=1), (1 - k / d) * (W**2).sum())
    assert np.all(np.count_nonzero(est, axis=1) <= k)


def test_bad_parameters():
    with pytest.raises(InvalidInputError, match="k <= d"):
        quantizers.get("random-k", k=11).quantize(W, rng=0)
    with pytest.raises(InvalidInputError, match="k"):
        quantizers.get("random-k", k=0)
