"""Compiled Scaling-and-Rounding (huang2019 Algorithm 1) on the counter-based stream."""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform

#: entries per block: a block's sum of ``|u| <= 2^50 + 1`` stays below 2^63
_BLOCK = 4096
#: a row's weight saturates here (far above any weight SaR codes), so it cannot wrap
_SATURATE = 2**61


@njit
def scale_round(X, F, keys, max_level, max_abs, u, est, w, nnz):
    """Row ``i``: ``t = X[i] / F[i]``, ``u = floor(t) + (U < t - floor(t))`` with ``U`` the
    row's stream (key ``keys[i]``); ``w[i] = sum |u|`` (saturating at 2^61), ``nnz[i]`` its
    non-zeros; and, when ``est`` has ``d`` columns (not 0), the estimate
    ``est = float(u) * F[i]``.

    Rows with ``F[i] <= 0`` quantize to zero.  Returns whether some entry is NaN, above
    ``max_abs`` in magnitude or has ``|t| > max_level`` (not a number below both); such
    entries are rounded clamped to ``[-max_level, max_level]`` and the caller refuses the
    input.  The inner loop has no branch and no float reduction, so it runs in SIMD lanes.
    """
    n, d = X.shape
    with_est = est.shape[1] == d
    bad = 0
    for i in range(n):
        f = F[i]
        k = keys[i]
        x, ur, er = X[i], u[i], est[i]
        s = 0
        z = 0
        if not f > 0.0:
            for j in range(d):
                bad |= np.int64(not abs(x[j]) <= max_abs)
                ur[j] = 0
                if with_est:
                    er[j] = 0.0
        else:
            for b in range(0, d, _BLOCK):
                sb = 0
                for j in range(b, min(b + _BLOCK, d)):
                    xj = x[j]
                    t = xj / f
                    bad |= np.int64(not (abs(t) <= max_level and abs(xj) <= max_abs))
                    t = min(max(t, -max_level), max_level)
                    fl = np.floor(t)
                    q = np.int64(fl) + np.int64(uniform(k, j) < t - fl)
                    ur[j] = q
                    if with_est:
                        er[j] = np.float64(q) * f
                    sb += abs(q)
                    z += np.int64(q != 0)
                s = min(s + sb, _SATURATE)
        w[i] = s
        nnz[i] = z
    return bad != 0
