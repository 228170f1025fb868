"""Compiled QSGD rounding (Alistarh et al. 2017) on the counter-based stream."""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform


@njit
def qsgd_round(X, scale, s, keys, zeta, neg):
    """Row ``i``: ``u = s min(1, |x| / scale_i)`` (0 where ``scale_i = 0``),
    ``l = min(floor(u), s - 1)``, ``zeta = l + (U < u - l)``; ``neg`` marks the negative
    non-zeros.  Returns the number of non-zeros."""
    n, d = X.shape
    sf = np.float64(s)
    top = np.float64(s - 1)
    total = 0
    for i in range(n):
        sc = scale[i]
        k = keys[i]
        for j in range(d):
            x = X[i, j]
            a = abs(x) / sc if sc > 0.0 else 0.0
            if a > 1.0:
                a = 1.0
            u = a * sf
            fl = min(np.floor(u), top)
            z = np.int64(fl)
            if uniform(k, j) < u - fl:
                z += 1
            zeta[i, j] = z
            neg[i, j] = x < 0.0 and z > 0
            total += z > 0
    return total


@njit
def qsgd_estimate(zeta, neg, scale, s, out):
    """``scale_i * (sign * zeta / s)`` on the non-zeros, exactly ``+0.0`` elsewhere."""
    n, d = zeta.shape
    sf = np.float64(s)
    for i in range(n):
        sc = scale[i]
        for j in range(d):
            z = zeta[i, j]
            if z == 0:
                out[i, j] = 0.0
            else:
                sign = -1.0 if neg[i, j] else 1.0
                out[i, j] = sc * (sign * np.float64(z) / sf)
    return out
