"""Compiled stochastic k-level quantization (Suresh et al. 2017) on the counter-based stream."""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform


@njit
def klevel_round_rows(X, lo, hi, k, keys, out):
    """Row ``i``: ``u = (x - lo) / (hi - lo) (k - 1)`` clipped to ``[0, k - 1]`` (0 for a
    constant row), ``l = min(floor(u), k - 2)``, ``out = l + (U < u - l)``."""
    n, d = X.shape
    km1 = np.float64(k - 1)
    km2 = np.float64(k - 2)
    for i in range(n):
        a = lo[i]
        span = hi[i] - a
        key = keys[i]
        for j in range(d):
            u = (X[i, j] - a) / span * km1 if span > 0.0 else 0.0
            u = min(max(u, 0.0), km1)
            fl = min(np.floor(u), km2)
            q = np.int64(fl)
            if uniform(key, j) < u - fl:
                q += 1
            out[i, j] = q
    return out


@njit
def klevel_values_rows(levels, lo, hi, k, out):
    """``lo + (l / (k - 1)) (hi - lo)`` per entry."""
    n, d = levels.shape
    km1 = np.float64(k - 1)
    for i in range(n):
        a = lo[i]
        span = hi[i] - a
        for j in range(d):
            out[i, j] = a + (np.float64(levels[i, j]) / km1) * span
    return out
