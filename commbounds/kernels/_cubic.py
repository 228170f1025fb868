"""Compiled dithered cubic lattice (davies2021 Section 6): colours and their decoding.

The dither ``theta_ij = s (U(key_i, j) - 1/2)`` is computed inline from the row keys on
both sides (the shared keys, or the private seed a message carries), so neither side
materialises it.

The loops are written so that the compiler vectorises them (out-of-range values are
replaced before use, range checks are integer reductions).  An integer ``%`` does not
vectorise, so each row's colours are first computed as ``k - q floor(k / q)`` in doubles,
exact (equal to the numpy reference's ``k mod q``) while ``|k| < 2^52`` and ``q < 2^52``;
a row that leaves that range is recomputed with the ``int64`` remainder, so the result
never depends on which loop ran.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit, uniform

_LIMIT = 2.0**62     # coordinates beyond it are refused by the caller
_EXACT = 2.0**52     # integers below it survive the floating-point colour and index


@njit(inline="always")
def _theta(key, j, s):
    return s * (uniform(key, j) - 0.5)


@njit(inline="always")
def _nearest(x, theta, s):
    """``k = rint((x - theta) / s)``, the index of the nearest dithered point."""
    return np.rint((x - theta) / s)


@njit(inline="always")
def _coset(side, theta, s, c, q):
    """``r = rint(((side - theta) / s - c) / q)``: the colour-``c`` index is ``c + q r``."""
    return np.rint(((side - theta) / s - c) / q)


@njit
def cubic_colours(X, keys, s, q, out):
    """``k = rint((x - theta) / s)``, ``out = k mod q``; returns True when some ``|k|``
    exceeds 2^62 (the caller refuses it; such coordinates are left at 0)."""
    n, d = X.shape
    qf = np.float64(q)
    refused = False
    for i in range(n):
        key = keys[i]
        if q < _EXACT:
            wide = 0
            for j in range(d):
                k = _nearest(X[i, j], _theta(key, j, s), s)
                ok = abs(k) < _EXACT
                wide |= not ok
                k = k if ok else 0.0          # selected before use: the loop stays vectorised
                out[i, j] = np.int64(k - qf * np.floor(k / qf))
            if not wide:
                continue
        for j in range(d):
            k = _nearest(X[i, j], _theta(key, j, s), s)
            if not abs(k) <= _LIMIT:
                refused = True
                out[i, j] = 0
                continue
            out[i, j] = np.int64(k) % q
    return refused


@njit
def cubic_decode(C, side, keys, s, q, out):
    """``out = theta + s (c + q r)``, ``r = rint(((side - theta) / s - c) / q)``; returns True
    when some ``|r|`` exceeds 2^62 (refused by the caller; ``r`` is taken as 0 there)."""
    n, d = C.shape
    refused = 0
    for i in range(n):
        key = keys[i]
        for j in range(d):
            theta = _theta(key, j, s)
            c = C[i, j]
            r = _coset(side[i, j], theta, s, c, q)
            ok = abs(r) <= _LIMIT
            refused |= not ok
            r = r if ok else 0.0
            out[i, j] = theta + s * (c + q * np.int64(r))
    return refused
