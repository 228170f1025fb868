"""Compiled Walsh-Hadamard transform, cache-blocked, two passes over memory.

Every stage ``h = 1, 2, 4, ...`` replaces ``(x_i, x_{i+h})`` by ``(x_i + x_{i+h},
x_i - x_{i+h})``; the value of each element after a stage does not depend on the order
the butterflies run in, so any schedule of the same butterflies gives the same bits as the
plain stage-by-stage transform.  Two stages at once (radix 4: quarters ``a, b, c, d`` give
``(a+b)+(c+d), (a-b)+(c-d), (a+b)-(c+d), (a-b)-(c-d)``) are exactly two radix-2 stages.

The schedule: the stages with ``2h <= B`` (``B = 2^16`` elements) run block by block, each
block read once from the input (the copy into the output is that first pass) and
transformed in cache, the stages ``h < L1`` inside sub-blocks of ``L1`` elements first.
The stages ``h >= B`` pair elements ``B`` or more apart: for a fixed offset below ``B``
they form a transform of length ``D / B`` across the blocks, so they run on tiles of
``D / B`` rows of a few hundred contiguous elements, copied into a buffer held in cache,
transformed there and scaled on the way back: one more pass over memory whatever ``D``.
"""

from __future__ import annotations

import numpy as np

from ._jit import _GAMMA, _ONE, mix64, njit

_S63 = np.uint64(63)

#: elements per cache block (512 KiB of float64)
_B = 1 << 16
#: elements per first-level sub-block (32 KiB of float64, held in L1)
_L1 = 1 << 12
#: elements of one tile of the cross-block stages (256 KiB of float64)
_TILE = 1 << 15


@njit(inline="always")
def _bfly2(a, b, n):
    """One stage on two runs of ``n`` elements: ``(a, b) <- (a + b, a - b)``."""
    for j in range(n):
        p = a[j]
        q = b[j]
        a[j] = p + q
        b[j] = p - q


@njit(inline="always")
def _bfly4(a, b, c, d, n):
    """Two stages on four runs of ``n`` elements (the quarters of a group of ``4n``).

    The runs are views and the loop counts from zero, so numba drops the negative-index
    check and LLVM vectorises the loop (indexing one array at ``i + h`` does neither)."""
    for j in range(n):
        p = a[j]
        q = b[j]
        r = c[j]
        s = d[j]
        t0 = p + q
        t1 = p - q
        t2 = r + s
        t3 = r - s
        a[j] = t0 + t2
        b[j] = t1 + t3
        c[j] = t0 - t2
        d[j] = t1 - t3


@njit
def _first3(src, x, lo, n):
    """Stages 1, 2 and 4 of ``src[lo:lo+n]`` into ``x[lo:lo+n]`` (``n`` a multiple of 8;
    ``src`` may be ``x``), eight elements at a time: the block's copy is this pass."""
    for i in range(lo, lo + n, 8):
        f = src[i:i + 8]
        g = x[i:i + 8]
        a0 = f[0] + f[1]
        a1 = f[0] - f[1]
        a2 = f[2] + f[3]
        a3 = f[2] - f[3]
        a4 = f[4] + f[5]
        a5 = f[4] - f[5]
        a6 = f[6] + f[7]
        a7 = f[6] - f[7]
        b0 = a0 + a2
        b1 = a1 + a3
        b2 = a0 - a2
        b3 = a1 - a3
        b4 = a4 + a6
        b5 = a5 + a7
        b6 = a4 - a6
        b7 = a5 - a7
        g[0] = b0 + b4
        g[1] = b1 + b5
        g[2] = b2 + b6
        g[3] = b3 + b7
        g[4] = b0 - b4
        g[5] = b1 - b5
        g[6] = b2 - b6
        g[7] = b3 - b7


@njit
def _stages(x, lo, n, h, hend):
    """Stages ``h, 2h, ..., < hend`` over ``x[lo:lo+n]`` (``n`` a multiple of ``hend``), in
    place, two at a time where two are left."""
    while h < hend:
        if 4 * h <= hend:
            for i in range(lo, lo + n, 4 * h):
                _bfly4(x[i:i + h], x[i + h:i + 2 * h], x[i + 2 * h:i + 3 * h],
                       x[i + 3 * h:i + 4 * h], h)
            h *= 4
        else:
            for i in range(lo, lo + n, 2 * h):
                _bfly2(x[i:i + h], x[i + h:i + 2 * h], h)
            h *= 2


@njit
def _rows(t, R, scale):
    """The transform of length ``R`` down the rows of the tile ``t`` (``R`` rows), each
    butterfly vectorised along the rows, then the scale."""
    L = t.shape[1]
    h = 1
    while h < R:
        if 4 * h <= R:
            for q0 in range(0, R, 4 * h):
                for q in range(q0, q0 + h):
                    _bfly4(t[q], t[q + h], t[q + 2 * h], t[q + 3 * h], L)
            h *= 4
        else:
            for q0 in range(0, R, 2 * h):
                for q in range(q0, q0 + h):
                    _bfly2(t[q], t[q + h], L)
            h *= 2
    for q in range(R):
        row = t[q]
        for j in range(L):
            row[j] *= scale


@njit
def fwht_into(X, out, scale):
    """``out[i] <- scale * H X[i]`` for every row (length a power of two); ``out`` may be ``X``."""
    n, D = out.shape
    B = min(D, _B)
    S = min(B, _L1)
    R = D // B                         # rows of the cross-block transform
    L = max(1, min(B, _TILE // R))     # contiguous elements per tile row
    tile = np.empty((R if R > 1 else 0, L))
    for r in range(n):
        x = out[r]
        src = X[r]
        for s in range(0, D, B):
            if B >= 8:
                for u in range(s, s + B, S):
                    _first3(src, x, u, S)
                    _stages(x, u, S, 8, S)
            else:
                x[s:s + B] = src[s:s + B]
                _stages(x, s, B, 1, B)
            _stages(x, s, B, S, B)
            if R == 1:
                blk = x[s:s + B]
                for j in range(B):
                    blk[j] *= scale
        if R == 1:
            continue
        for j0 in range(0, B, L):
            for q in range(R):
                tile[q] = x[q * B + j0:q * B + j0 + L]
            _rows(tile, R, scale)
            for q in range(R):
                x[q * B + j0:q * B + j0 + L] = tile[q]
    return out


@njit
def rotate_rows(X, signs, out):
    """``out[i] = diag(signs) [X[i], 0...]``, the input of the rotation's transform."""
    n, d = X.shape
    D = out.shape[1]
    for r in range(n):
        for j in range(d):
            out[r, j] = X[r, j] * signs[j]
        for j in range(d, D):
            out[r, j] = 0.0
    return out


@njit
def stream_signs(key, out):
    """``out[j] = +1`` where the stream's ``U(key, j) < 1/2``, else ``-1`` (the top bit of
    its 64-bit output), as ``int8``: rotation signs drawn from the counter-based stream."""
    for j in range(out.shape[0]):
        z = mix64(key + (np.uint64(j) + _ONE) * _GAMMA)
        out[j] = np.int8(1 - 2 * np.int64(z >> _S63))
    return out
