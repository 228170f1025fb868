"""Compiled top-k selection: a threshold from a strided sample, then exact selection."""

from __future__ import annotations

import math

import numpy as np

from ._jit import njit

#: sample size for the threshold (a strided, deterministic sample of the row)
_SAMPLE = 4096


@njit
def _select_row(x, k, out):
    """:func:`top_k_rows` on one row; returns whether the row holds a NaN (``out`` is then
    undefined)."""
    d = x.shape[0]
    S = min(d, _SAMPLE)
    lo = 0.0
    if S < d:
        sample = np.empty(S)
        for i in range(S):
            sample[i] = abs(x[(i * d) // S])
        sample.sort()
        if np.isnan(sample[S - 1]):       # NaN sorts last
            return True
        expect = k * S / d
        r = int(math.ceil(expect + 4.0 * math.sqrt(expect) + 4.0))
        if r < S:
            lo = sample[S - r]            # about k + 4 sd entries of the row reach it
    cap = min(d, 4 * k + 4 * (d // S + 1) * 8 + 1024) if lo > 0.0 else d
    idx = np.empty(cap, dtype=np.int64)
    mag = np.empty(cap)
    c = 0
    for j in range(d):
        a = abs(x[j])
        if not a < lo:                    # a candidate, or a NaN
            if np.isnan(a):
                return True
            if c == cap:                  # the sample misled: fall back to every entry
                return _select_all(x, k, out)
            idx[c] = j
            mag[c] = a
            c += 1
    if c < k:
        return _select_all(x, k, out)
    _finish(idx, mag, c, k, out)
    return False


@njit
def _select_all(x, k, out):
    d = x.shape[0]
    idx = np.arange(d)
    mag = np.abs(x)
    for j in range(d):
        if np.isnan(mag[j]):
            return True
    _finish(idx, mag, d, k, out)
    return False


@njit
def _finish(idx, mag, c, k, out):
    """The ``k`` largest of ``mag[:c]`` (ties: lowest index first), in index order."""
    tau = np.partition(mag[:c].copy(), c - k)[c - k]
    above = 0
    for i in range(c):
        if mag[i] > tau:
            above += 1
    ties = k - above
    n = 0
    for i in range(c):
        m = mag[i]
        if m > tau or (m == tau and ties > 0):
            if m == tau:
                ties -= 1
            out[n] = idx[i]
            n += 1
    return out


@njit
def top_k_rows(X, k, out):
    """Row ``i`` of ``out`` (``(n, k)`` int64): the indices of the ``k`` largest ``|X[i]|``,
    increasing; among equal magnitudes the lowest indices win.  Returns whether some row
    holds a NaN (its selection is then undefined)."""
    for i in range(X.shape[0]):
        if _select_row(X[i], k, out[i]):
            return True
    return False
