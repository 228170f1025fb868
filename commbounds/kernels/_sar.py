"""Compiled Scaling-and-Rounding (huang2019 Algorithm 1) on the counter-based stream."""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform


@njit
def scale_round(X, F, keys, max_level, u, w, nnz):
    """Row ``i``: ``t = X[i] / F[i]``, ``u = floor(t) + (U < t - floor(t))`` with ``U`` the
    row's stream (key ``keys[i]``); ``w[i] = sum |u|``, ``nnz[i]`` its non-zeros.

    Rows with ``F[i] <= 0`` quantize to zero.  Returns ``max |t|``; entries with
    ``|t| > max_level`` are left at zero (the caller refuses the input).
    """
    n, d = X.shape
    top = 0.0
    for i in range(n):
        f = F[i]
        k = keys[i]
        s = 0
        z = 0
        if not f > 0.0:
            for j in range(d):
                u[i, j] = 0
        else:
            for j in range(d):
                t = X[i, j] / f
                a = abs(t)
                if a > top:
                    top = a
                if a > max_level:
                    u[i, j] = 0
                    continue
                fl = np.floor(t)
                q = np.int64(fl)
                if uniform(k, j) < t - fl:
                    q += 1
                u[i, j] = q
                s += abs(q)
                z += q != 0
        w[i] = s
        nnz[i] = z
    return top
