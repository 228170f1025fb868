"""Compiled range coder for strings with a known symbol histogram (see :mod:`.strings`)."""

from __future__ import annotations

import numpy as np

from ._cw import _FULL, _split, flush, renorm_decoder, renorm_encoder, start_decoder, take_upper
from ._jit import njit


@njit
def node_counts(counts):
    """Symbols left under every node of the halving tree over ``[0, k)`` (node 1 the root,
    node ``v`` over ``[a, b)`` with children ``2v`` over ``[a, mid)`` and ``2v + 1`` over
    ``[mid, b)``, ``mid = (a + b) // 2``), in an array indexed by node."""
    k = counts.shape[0]
    size = 1
    while size < k:
        size *= 2
    size *= 2                              # node ids stay below 2^(depth + 1)
    lo = np.zeros(size, dtype=np.int64)
    hi = np.zeros(size, dtype=np.int64)
    left = np.zeros(size, dtype=np.int64)
    prefix = np.zeros(k + 1, dtype=np.int64)
    for i in range(k):
        prefix[i + 1] = prefix[i] + counts[i]
    hi[1] = k
    for v in range(1, size):               # a node's children have larger ids
        a, b = lo[v], hi[v]
        left[v] = prefix[b] - prefix[a]
        if b - a > 1:
            mid = (a + b) // 2
            lo[2 * v], hi[2 * v] = a, mid
            lo[2 * v + 1], hi[2 * v + 1] = mid, b
    return left


@njit(inline="always")
def descend(left, v, a, b, mid, up):
    """Take one symbol out of node ``v`` and step to its child: ``(v, a, b)``."""
    left[v] -= 1
    if up:
        return 2 * v + 1, mid, b
    return 2 * v, a, mid


@njit
def encode_string(S, counts, nbits, out):
    """Range-code ``S`` (symbols in ``[0, k)``, histogram ``counts``) into ``out``.

    Each symbol is the path of binary choices down the halving tree; a choice at a node
    with ``n`` symbols left, ``c`` of them in its upper half, is coded with the exact model
    ``P(upper) = c / n`` (none when ``c`` is 0 or ``n``), so the string costs
    ``log2(d! / prod n_j!)`` bits plus the coder's loss.  ``out`` as for
    :func:`commbounds.kernels._cw.encode_positions`; returns 0, or -1 if ``nbits`` is short.
    """
    k = counts.shape[0]
    left = node_counts(counts)
    low = np.uint64(0)
    R = _FULL
    E = 0
    for t in range(S.shape[0]):
        s = S[t]
        v, a, b = 1, 0, k
        while b - a > 1:
            mid = (a + b) // 2
            n = left[v]
            c = left[2 * v + 1]
            up = s >= mid
            if 0 < c < n:
                r1 = _split(R, c, n)
                if up:
                    R = r1
                else:
                    low, R = take_upper(low, R, r1, out, E)
                low, R, E = renorm_encoder(low, R, out, E)
            v, a, b = descend(left, v, a, b, mid, up)
        left[v] -= 1
    return flush(low, R, E, nbits, out)


@njit
def decode_string(code, counts, out):
    """Inverse of :func:`encode_string`: ``out.shape[0]`` symbols from ``code`` (bytes,
    zero past the code)."""
    k = counts.shape[0]
    left = node_counts(counts)
    val = start_decoder(code)
    p = 8
    R = _FULL
    for t in range(out.shape[0]):
        v, a, b = 1, 0, k
        while b - a > 1:
            mid = (a + b) // 2
            n = left[v]
            c = left[2 * v + 1]
            if c == 0:
                up = False
            elif c == n:
                up = True
            else:
                r1 = _split(R, c, n)
                up = val < r1
                if up:
                    R = r1
                else:
                    val -= r1
                    R -= r1
                val, R, p = renorm_decoder(val, R, code, p)
            v, a, b = descend(left, v, a, b, mid, up)
        left[v] -= 1
        out[t] = a
    return out
