"""RATQ: unbiased when its ranges cover the rotated vector, error within the RATQ paper's
Lemma 6.3 (as quoted by mayekar2020), exact fixed length.

Statistical tolerances: z * sd / sqrt(T), z = 4.9 (two-sided 1 - 1e-6 per entry; the MSE
bound one-sided).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.ratq import default_parameters, ranges, tetration
from tests.stats import assert_mean_at_most, assert_mean_equals


def _ball(d, B, seed, frac=1.0):
    x = np.random.default_rng(seed).standard_t(2, d)
    return x * (frac * B / np.linalg.norm(x))


@pytest.mark.parametrize(("d", "k"), [(12, 3), (16, 15), (50, 7)])
def test_unbiased_when_ranges_cover(d, k):
    q = quantizers.get("ratq", B=2.0, k=k)
    assert q.covers(d)
    x = _ball(d, 2.0, d)
    out = q.quantize(np.broadcast_to(x, (40_000, d)), rng=np.random.default_rng(1), shared=9)
    assert_mean_equals(out.estimate, x)
    p = q.parameters(d)
    D = 1 << (d - 1).bit_length()
    bits = math.ceil(D / p["s"]) * math.ceil(math.log2(p["h"])) + D * math.ceil(math.log2(k + 1))
    assert np.all(out.bits == bits)


@pytest.mark.parametrize(("d", "k"), [(64, 15), (256, 31), (1000, 7)])
def test_mse_within_lemma_6_3(d, k):
    B = 1.0
    q = quantizers.get("ratq", B=B, k=k)
    s = q.parameters(d)["s"]
    bound = B**2 * (9 + 3 * math.log(s)) / (k - 1) ** 2
    X = np.stack([_ball(d, B, i) for i in range(8)])
    est = q.quantize(np.broadcast_to(X, (1500, *X.shape)), rng=np.random.default_rng(2), shared=4).estimate
    for i in range(X.shape[0]):
        assert_mean_at_most(((est[:, i] - X[i]) ** 2).sum(axis=1), bound)


def test_parameters_follow_eq_8():
    p = default_parameters(1.0, 1024)
    assert p == {"m": 3 / 1024, "m0": 2 / 1024 * math.log(2), "h": 4, "s": 2}
    assert tetration(1) == pytest.approx(math.e) and tetration(2) == pytest.approx(math.e**math.e)
    Mr = ranges(p["m"], p["m0"], p["h"])
    assert np.all(np.diff(Mr) > 0) and Mr[0] == pytest.approx(math.sqrt(3 / 1024))
    # eq. (8) at D' <= 8 gives one range below B: reported, not hidden
    assert not quantizers.get("ratq", B=1.0, k=3).covers(8)


def test_bad_inputs():
    with pytest.raises(InvalidInputError, match=r"\|\|Y\|\|_2 <= B"):
        quantizers.get("ratq", B=1.0, k=3).quantize(np.array([1.0, 1.0]), rng=0)
    with pytest.raises(InvalidInputError, match="all of m, m0, h, s"):
        quantizers.get("ratq", B=1.0, k=3, m=1.0)
    with pytest.raises(InvalidInputError, match="k >= 2"):
        quantizers.get("ratq", B=1.0, k=1)
