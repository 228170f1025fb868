"""CUQ's and RATQ's compiled rounding and levels equal the numpy reference on the stream."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.kernels import stream
from commbounds.quantizers.cuq import cuq_indices, cuq_values
from commbounds.quantizers.hadamard import rotate
from commbounds.quantizers.ratq import ranges, ratq_decode, ratq_encode, shared_signs


def _cuq_reference(Y, M, k, U):
    """Indices (``U``: the stream's uniforms of every entry) and levels, in plain numpy."""
    M = np.asarray(M, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(M > 0, (Y + M) * ((k - 1) / np.where(M > 0, 2 * M, 1.0)), 0.0)
    t = np.clip(t, 0.0, k - 1.0)
    lo = np.minimum(np.floor(t), k - 2.0)
    idx = np.where(np.abs(Y) > M, k, lo + (U < t - lo)).astype(np.int64)
    val = np.where(idx >= k, 0.0, -M + (2.0 * M / (k - 1)) * idx)
    return idx, val


@pytest.mark.parametrize("k", [2, 7, 300])
def test_compiled_cuq_equals_reference(k):
    Y = np.random.default_rng(k).uniform(-1.2, 1.2, (3, 257))
    M = np.array([1.0, 0.0, 1.3])                      # a zero range: every entry overflows or is 0
    Y[1, :5] = 0.0
    idx = cuq_indices(Y, M, k, np.random.default_rng(4))
    U = stream.uniforms(stream.row_keys(np.random.default_rng(4), 3), Y.shape[1])
    ref_idx, ref_val = _cuq_reference(Y, M[:, None], k, U)
    np.testing.assert_array_equal(idx, ref_idx)
    assert idx.dtype.itemsize <= 2                     # the smallest type that holds 0..k
    np.testing.assert_array_equal(cuq_values(idx, M, k), ref_val)


# (5000, 3): blocks across several chunks of the kernel; (300, 5000): one block longer than D
@pytest.mark.parametrize("d, s", [(12, 2), (100, 3), (64, 1), (5000, 3), (300, 5000)])
def test_compiled_ratq_equals_reference(d, s):
    """Block ranges from the padded rotated blocks, CUQ per block, as the numpy code did."""
    X = np.random.default_rng(d).standard_normal((2, d))
    X /= 1.2 * np.linalg.norm(X, axis=1, keepdims=True)
    signs = shared_signs(5, 1 << (d - 1).bit_length())
    D = signs.size
    Mr = ranges(3.0 / D, 2.0 / D * np.log(3), 4)
    j, idx = ratq_encode(X, Mr, s, 15, signs, np.random.default_rng(8))

    Z = rotate(X, signs)
    nb = -(-D // s)
    blocks = np.zeros((2, nb * s))
    blocks[:, :D] = Z
    blocks = blocks.reshape(2, nb, s)
    finite = Mr[np.isfinite(Mr)]
    ref_j = np.minimum(np.searchsorted(finite, np.abs(blocks).max(axis=-1), side="left"), finite.size - 1)
    U = stream.uniforms(stream.row_keys(np.random.default_rng(8), 2), nb * s).reshape(2, nb, s)
    ref_idx, ref_z = _cuq_reference(blocks, finite[ref_j][..., None], 15, U)
    np.testing.assert_array_equal(j, ref_j)
    np.testing.assert_array_equal(idx, ref_idx.reshape(2, -1)[:, :D])
    est = ratq_decode(j, idx, Mr, s, 15, signs, d)
    ref_est = (rotate(ref_z.reshape(2, -1)[:, :D], np.ones(D)) * signs)[:, :d]  # H is its own inverse
    np.testing.assert_array_equal(est, ref_est)


def test_ratq_quantize_equals_decode_encode():
    q = quantizers.get("ratq", B=1.0, k=15)
    x = np.linspace(-0.2, 0.25, 37)
    fast = q.quantize(x, rng=np.random.default_rng(3), shared=7)
    msg = q.encode(x, rng=np.random.default_rng(3), shared=7)
    np.testing.assert_array_equal(q.decode(msg, shared=7), fast.estimate)
    assert msg.nbits == int(fast.bits)
