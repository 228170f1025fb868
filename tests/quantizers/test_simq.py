"""SimQ (mayekar2020 Theorem 4.1): unbiased, outputs 0 or +-B e_i, ceil(log2(2d+1)) bits.

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
from tests.stats import assert_mean_equals

T = 60_000
Y = np.array([0.4, -0.3, 0.0, 0.1, -0.05, 0.0, 0.02, -0.03])  # ||Y||_1 = 0.9


@pytest.mark.parametrize("B", [0.9, 1.0, 3.0])
def test_unbiased_and_outputs_are_corners_of_the_l1_ball(B):
    q = quantizers.get("simq", B=B)
    est = q.quantize(np.broadcast_to(Y, (T, Y.size)), rng=np.random.default_rng(1)).estimate
    assert_mean_equals(est, Y)
    nz = np.count_nonzero(est, axis=1)
    assert np.all(nz <= 1)
    assert np.all(np.isin(est, [0.0, B, -B]))
    hit = est != 0
    assert np.all(np.sign(est[hit]) == np.broadcast_to(np.sign(Y), est.shape)[hit])
    assert_mean_equals((nz == 0).astype(float), 1 - np.abs(Y).sum() / B)
    assert np.all((est**2).sum(axis=1) <= B**2)  # alpha_0(SimQ; oo) <= B


@pytest.mark.parametrize("d", [1, 2, 7, 8, 100, 1024])
def test_bits_are_ceil_log2_2d_plus_1(d):
    q = quantizers.get("simq", B=1.0)
    x = np.zeros(d)
    x[0] = 0.5
    msg = q.encode(x, rng=0)
    assert msg.nbits == math.ceil(math.log2(2 * d + 1))
    if d >= 2 and "mayekar2020:thm4.1/bits" in ids():
        assert msg.nbits <= cb.bound("mayekar2020:thm4.1/bits")(d=d) + 1


def test_inputs_outside_the_l1_ball_are_rejected_not_clipped():
    q = quantizers.get("simq", B=1.0)
    with pytest.raises(InvalidInputError, match=r"\|\|Y\|\|_1 <= B"):
        q.quantize(np.array([0.7, -0.4]), rng=0)
    for B in (0, -1, np.nan, np.inf):
        with pytest.raises(InvalidInputError, match="B"):
            quantizers.get("simq", B=B)
