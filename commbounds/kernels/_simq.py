"""Compiled SimQ draws (mayekar2020 Algorithm 1) on the counter-based stream.

SimQ and SimQ+ share :func:`simplex_rows`: draw ``l`` of row ``i`` is the first index
whose running sum of ``|A_j| / radius`` exceeds the stream's ``U(keys[i], l)``, found in one
pass over the row (the draws visited in increasing order), with no cumulative-sum array.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform


@njit
def simplex_rows(A, radius, keys, out):
    """``out[i, l]`` in ``0..d``: the ``l``-th SimQ index of row ``i`` (``1..d`` the
    coordinate, 0 the zero symbol), ``out.shape[1]`` draws per row."""
    n, d = A.shape
    k = out.shape[1]
    u = np.empty(k)
    for i in range(n):
        key = keys[i]
        for l in range(k):
            u[l] = uniform(key, l)
        order = np.argsort(u) if k > 1 else np.zeros(1, dtype=np.int64)
        j = 0
        c = 0.0                      # sum of |A_t| / radius for t < j (0.0 + x is x: numpy's cumsum)
        for o in range(k):
            v = u[order[o]]
            # j = the number of running sums <= v (numpy's searchsorted, side="right")
            while j < d:
                nxt = c + abs(A[i, j]) / radius
                if nxt > v:
                    break
                c = nxt
                j += 1
            out[i, order[o]] = 0 if j >= d else j + 1
    return out


#: entries per partial sum of :func:`dual_norm_rows` (eight interleaved accumulators each)
_SUM_BLOCK = 4096


@njit
def dual_norm_rows(X, q, out):
    """``out[i] = ||X[i]||_q`` for ``q`` in ``[1, 2]``: the row's largest ``|x|`` ``m``
    times ``(sum (|x| / m)^q)^(1/q)``, in two passes and no temporary of the row's size.

    The sum runs in blocks of 2^12 entries over eight interleaved accumulators, so its
    relative rounding error stays below ``(2^9 + d / 2^12)`` units of ``2^-53`` (about
    ``3 10^-13`` at ``d = 10^7``), the order of numpy's pairwise sum."""
    n, d = X.shape
    for i in range(n):
        x = X[i]
        m = 0.0
        for j in range(d):
            m = max(m, abs(x[j]))
        if m == 0.0:
            out[i] = 0.0
            continue
        inv = 1.0 / m if q != 1.0 else 1.0
        total = 0.0
        acc = np.empty(8)
        for a in range(0, d, _SUM_BLOCK):
            e = min(a + _SUM_BLOCK, d)
            acc[:] = 0.0
            j = a
            while j + 8 <= e:
                for u in range(8):
                    t = abs(x[j + u]) * inv
                    acc[u] += t * t if q == 2.0 else (t if q == 1.0 else t ** q)
                j += 8
            for jj in range(j, e):
                t = abs(x[jj]) * inv
                acc[0] += t * t if q == 2.0 else (t if q == 1.0 else t ** q)
            total += acc.sum()
        out[i] = total if q == 1.0 else m * total ** (1.0 / q)
    return out
