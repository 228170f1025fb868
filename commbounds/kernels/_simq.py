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
