"""SimQ's compiled draws equal the numpy reference (cumulative sums and searchsorted) on
the stream, and SimQ+ shares them."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.kernels import stream
from commbounds.quantizers.simq import simplex_draws


def _reference(A, radius, k, rng):
    keys = stream.row_keys(rng, A.shape[0])
    U = stream.uniforms(keys, k)
    out = np.empty(U.shape, dtype=np.int64)
    for i in range(A.shape[0]):
        cum = np.cumsum(np.abs(A[i]) / radius)
        pos = np.searchsorted(cum, U[i], side="right")
        out[i] = np.where(pos >= A.shape[1], 0, pos + 1)
    return out


@pytest.mark.parametrize("k", [1, 5, 400])
def test_compiled_simplex_draws_equal_reference(k):
    A = np.random.default_rng(k).standard_normal((3, 50))
    A[0] *= 0.7 / np.abs(A[0]).sum()                 # inside the ball: the zero symbol is drawn
    A[1] *= 1.0 / np.abs(A[1]).sum()                 # on the sphere
    A[2] = 0.0                                       # only the zero symbol
    A[1, 3:7] = 0.0                                  # zero coordinates are never drawn
    got = simplex_draws(A, 1.0, k, np.random.default_rng(2))
    np.testing.assert_array_equal(got, _reference(A, 1.0, k, np.random.default_rng(2)))
    assert not np.isin(got[1], [4, 5, 6, 7]).any() and (got[2] == 0).all()


@pytest.mark.parametrize("name, params", [("simq", {"B": 2.0}), ("simq-plus", {"B": 1.0, "k": 9, "p": 2})])
def test_quantize_equals_decode_encode(name, params):
    q = quantizers.get(name, **params)
    x = np.random.default_rng(0).standard_normal(40)
    x *= 0.9 / np.abs(x).sum() if name == "simq" else 0.9 / np.linalg.norm(x)
    fast = q.quantize(x, rng=np.random.default_rng(6))
    msg = q.encode(x, rng=np.random.default_rng(6))
    np.testing.assert_array_equal(q.decode(msg), fast.estimate)
    assert msg.nbits == int(fast.bits)
