"""Compiled CUQ rounding (mayekar2020 Section 5) and RATQ's block ranges, on the
counter-based stream.

One entry's rounding, :func:`cuq_entry`, is the core that CUQ and RATQ share; the level
index it returns is what both the fast path and the payload carry.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform


@njit(inline="always")
def cuq_entry(y, M, f, k, u):
    """Level index of ``y`` in ``[-M, M]`` with ``f = (k - 1) / (2M)``: ``k`` (overflow)
    for ``|y| > M``; otherwise ``t = (y + M) f`` (0 when ``M <= 0``) clipped to
    ``[0, k - 1]``, ``l = min(floor(t), k - 2)`` and ``l + (u < t - l)``."""
    if abs(y) > M:
        return k
    t = (y + M) * f if M > 0.0 else 0.0
    t = min(max(t, 0.0), np.float64(k - 1))
    lo = min(np.floor(t), np.float64(k - 2))
    q = np.int64(lo)
    if u < t - lo:
        q += 1
    return q


@njit(inline="always")
def _factor(M, k):
    return np.float64(k - 1) / (2.0 * M) if M > 0.0 else 0.0


@njit
def cuq_round(X, M, k, keys, out):
    """Row ``i`` of ``X`` with range ``M[i]``; entry ``j`` draws the row's ``U(keys[i], j)``."""
    n, d = X.shape
    for i in range(n):
        m = M[i]
        f = _factor(m, k)
        key = keys[i]
        for j in range(d):
            out[i, j] = cuq_entry(X[i, j], m, f, k, uniform(key, j))
    return out


@njit(inline="always")
def cuq_level(i, M, k):
    """Level ``i`` of range ``M``: ``-M + (2M / (k - 1)) i``; 0 for the overflow symbol ``k``."""
    if i >= k:
        return 0.0
    return -M + (2.0 * M / np.float64(k - 1)) * np.float64(i)


@njit(inline="always")
def _block_levels(idx, out, a, e, M, k):
    """:func:`cuq_level` of the entries ``a .. e - 1`` of one row, all with range ``M``."""
    for t in range(a, e):
        out[t] = cuq_level(idx[t], M, k)


@njit
def cuq_levels(idx, M, s, k, out):
    """Decoder: :func:`cuq_level` of every entry, range ``M[r, j // s]`` (one per block of
    ``s`` entries of a row)."""
    n, d = idx.shape
    for r in range(n):
        for b, a in enumerate(range(0, d, s)):
            _block_levels(idx[r], out[r], a, min(a + s, d), M[r, b], k)
    return out


@njit
def ratq_levels(idx, ranges, jb, s, k, out):
    """RATQ's decoder before the rotation: block ``b`` of row ``r`` has range
    ``ranges[jb[r, b]]``."""
    n, d = idx.shape
    for r in range(n):
        for b, a in enumerate(range(0, d, s)):
            _block_levels(idx[r], out[r], a, min(a + s, d), ranges[jb[r, b]], k)
    return out


#: entries per chunk of :func:`ratq_round`'s two passes (two 32 KiB buffers)
_CHUNK = 4096


@njit
def ratq_round(Z, finite, s, k, keys, jout, out):
    """RATQ's ATUQ on rotated rows ``Z`` (blocks of ``s`` entries, the last one possibly
    short): block ``b`` takes the smallest range ``finite[j] >= max |Z_block|`` (the largest
    if none covers it), ``jout[r, b] = j``, and CUQ with range ``finite[j]`` rounds its
    entries, entry ``t`` of row ``r`` drawing ``U(keys[r], t)``."""
    n, D = Z.shape
    nf = finite.shape[0]
    C = max(s, _CHUNK - _CHUNK % s)                   # whole blocks per chunk
    mbuf = np.empty(C)
    fbuf = np.empty(C)
    for r in range(n):
        key = keys[r]
        z = Z[r]                                      # row views: loops from zero, no
        o = out[r]                                    # negative-index checks
        jr = jout[r]
        for c0 in range(0, D, C):
            c1 = min(c0 + C, D)
            # pass 1: each block's range, spread over its entries in the chunk buffers
            for a in range(c0, c1, s):
                e = min(a + s, D)
                top = 0.0
                for t in range(a, e):
                    v = abs(z[t])
                    if v > top:
                        top = v
                j = 0                                 # numpy's searchsorted(side="left"),
                while j < nf - 1 and finite[j] < top: # capped at the largest range
                    j += 1
                jr[a // s] = j
                m = finite[j]
                f = _factor(m, k)
                for t in range(a - c0, e - c0):
                    mbuf[t] = m
                    fbuf[t] = f
            # pass 2: CUQ over the chunk, one straight loop that LLVM vectorises
            zc = z[c0:c1]
            oc = o[c0:c1]
            for t in range(c1 - c0):
                oc[t] = cuq_entry(zc[t], mbuf[t], fbuf[t], k, uniform(key, c0 + t))
    return out
