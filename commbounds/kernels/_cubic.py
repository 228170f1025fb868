"""Compiled dithered cubic lattice (davies2021 Section 6): colours and their decoding.

The dither ``theta_ij = s (U(key_i, j) - 1/2)`` is computed inline from the shared keys
on both sides, so neither side materialises it.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform

_LIMIT = 2.0**62


@njit
def cubic_colours(X, keys, s, q, out):
    """``k = rint((x - theta) / s)``, ``out = k mod q``; returns ``max |k|`` (the caller
    refuses coordinates beyond 2^62, where they are left at 0)."""
    n, d = X.shape
    top = 0.0
    for i in range(n):
        key = keys[i]
        for j in range(d):
            theta = s * (uniform(key, j) - 0.5)
            k = np.rint((X[i, j] - theta) / s)
            a = abs(k)
            if a > top:
                top = a
            if not a <= _LIMIT:
                out[i, j] = 0
                continue
            c = np.int64(k) % q
            out[i, j] = c
    return top


@njit
def cubic_decode(C, side, keys, s, q, out):
    """``out = theta + s (c + q rint(((side - theta) / s - c) / q))``; returns the largest
    ``|rint(...)|`` (refused beyond 2^62 by the caller)."""
    n, d = C.shape
    top = 0.0
    for i in range(n):
        key = keys[i]
        for j in range(d):
            theta = s * (uniform(key, j) - 0.5)
            c = C[i, j]
            r = np.rint(((side[i, j] - theta) / s - c) / q)
            a = abs(r)
            if a > top:
                top = a
            if not a <= _LIMIT:
                r = 0.0
            k = c + q * np.int64(r)
            out[i, j] = theta + s * k
    return top
