"""lattice-sublinear's compiled block kernels equal the numpy reference bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.errors import InvalidInputError
from commbounds.kernels._sublinear import _sum_sq
from commbounds.quantizers.lattice_sublinear import LatticeSublinear

CASES = [(0.5, 1.0, 4, 16), (0.5, 0.3, 1, 5), (0.2, 2.0, None, 3), (0.5, 1.0, 8, 17), (1.0, 0.1, 3, 10),
         (0.05, 1.5, 2, 7)]


@pytest.mark.parametrize(("eps", "q", "block", "d"), CASES)
def test_compiled_blocks_equal_reference(eps, q, block, d):
    Q = LatticeSublinear(eps=eps, q=q, block=block, max_retries=8)
    rng = np.random.default_rng(d)
    X = 5 * rng.standard_normal((12, d)) - 2                      # negative indices too
    side = X + rng.standard_normal(X.shape) * 0.4 * q * eps / np.sqrt(d)
    side[::5] += 3                                                 # sides too far to decode
    for shared in (0, 2**63 + 5):
        rep, ref = Q._draw(X, None, shared), Q._draw_reference(X, None, shared)
        np.testing.assert_array_equal(rep["col"], ref["col"])
        np.testing.assert_array_equal(rep["i"], ref["i"])
        est, est_ref = Q._estimate(rep, d, shared, side), Q._estimate_reference(rep, d, shared, side)
        np.testing.assert_array_equal(est.view(np.uint64), est_ref.view(np.uint64))   # signs of zero too


def test_retries_reach_the_cap_as_in_the_reference():
    # K = 3 colours for one coordinate at q = 0.2 (M = 4): clashes are common, so some rows
    # exhaust two retries and send the last one
    Q = LatticeSublinear(eps=0.5, q=0.2, block=1, max_retries=2)
    X = np.random.default_rng(0).standard_normal((40, 6))
    rep, ref = Q._draw(X, None, 3), Q._draw_reference(X, None, 3)
    np.testing.assert_array_equal(rep["i"], ref["i"])
    np.testing.assert_array_equal(rep["col"], ref["col"])
    assert np.any(rep["i"] == 1)


def test_squared_gap_sum_is_numpys_reduction():
    rng = np.random.default_rng(0)
    for m in range(1, 9):
        A = rng.random((200, m)) * 10.0 ** rng.integers(-5, 5, (200, m))
        ref = (A**2).sum(axis=1)
        assert all(_sum_sq(A[i].copy(), m) == ref[i] for i in range(200))


def test_huge_inputs_are_refused_as_in_the_reference():
    Q = LatticeSublinear(eps=0.5, q=1.0, block=2)
    with pytest.raises(InvalidInputError, match="2\\^62"):
        Q.quantize(np.full((1, 4), 1e100), shared=1, side=np.zeros((1, 4)))
    with pytest.raises(InvalidInputError, match="2\\^62"):
        Q._draw_reference(np.full((1, 4), 1e100), None, 1)
