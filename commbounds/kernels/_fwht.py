"""Compiled Walsh-Hadamard transform, in place and cache-blocked.

Every stage ``h = 1, 2, 4, ...`` replaces ``(x_i, x_{i+h})`` by ``(x_i + x_{i+h},
x_i - x_{i+h})``; the value of each element after a stage does not depend on the order
the butterflies run in, so the blocked schedule below gives the same bits as the plain
stage-by-stage transform: stages with ``2h <= B`` run inside blocks of ``B`` elements
(held in cache), the others two at a time (radix 4) over the array, and the scale is
applied last.
"""

from __future__ import annotations

from ._jit import njit

#: elements per cache block (512 KiB of float64)
_B = 1 << 16


@njit
def _radix2(x, lo, hi, h):
    """One radix-2 stage ``h`` over ``x[lo:hi]``: ``(x_i, x_{i+h}) <- (x_i + x_{i+h}, x_i - x_{i+h})``."""
    for i0 in range(lo, hi, 2 * h):
        for i in range(i0, i0 + h):
            a = x[i]
            b = x[i + h]
            x[i] = a + b
            x[i + h] = a - b


@njit
def fwht_rows(X, scale):
    """``X[i] <- scale * H X[i]`` for every row (length a power of two), in place."""
    n, D = X.shape
    B = min(D, _B)
    for r in range(n):
        x = X[r]
        for s in range(0, D, B):
            h = 1
            while h < B:
                _radix2(x, s, s + B, h)
                h *= 2
        h = B
        while h < D:
            if 4 * h <= D:
                for i0 in range(0, D, 4 * h):
                    for i in range(i0, i0 + h):
                        a = x[i]
                        b = x[i + h]
                        c = x[i + 2 * h]
                        d = x[i + 3 * h]
                        t0 = a + b
                        t1 = a - b
                        t2 = c + d
                        t3 = c - d
                        x[i] = t0 + t2
                        x[i + h] = t1 + t3
                        x[i + 2 * h] = t0 - t2
                        x[i + 3 * h] = t1 - t3
                h *= 4
            else:
                _radix2(x, 0, D, h)
                h *= 2
        for i in range(D):
            x[i] *= scale
    return X


@njit
def rotate_rows(X, signs, out):
    """``out[i] = H diag(signs) [X[i], 0...]`` unscaled-then-scaled as :func:`fwht_rows`."""
    n, d = X.shape
    D = out.shape[1]
    for r in range(n):
        for j in range(d):
            out[r, j] = X[r, j] * signs[j]
        for j in range(d, D):
            out[r, j] = 0.0
    return out
