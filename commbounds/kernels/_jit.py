"""numba and the compiled form of the random stream, shared by every compiled kernel.

Importing this module imports numba (about half a second); only kernel modules import it,
and schemes import those on first use.
"""

from __future__ import annotations

import functools

import numba
import numpy as np

__all__ = ["njit", "mix64", "uniform"]

#: every kernel is cached on disk and releases the GIL
njit = functools.partial(numba.njit, cache=True, nogil=True)

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_ONE = np.uint64(1)


@njit(inline="always")
def mix64(z):
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@njit(inline="always")
def uniform(key, j):
    """Element ``j`` of the row keyed ``key`` (see :mod:`commbounds.kernels.stream`)."""
    z = mix64(key + (np.uint64(j) + _ONE) * _GAMMA)
    return np.float64(np.int64(z >> np.uint64(11))) * 1.1102230246251565e-16


@njit
def uniforms_into(keys, start, out):
    """The compiled counterpart of :func:`commbounds.kernels.stream.uniforms`."""
    n, d = out.shape
    for i in range(n):
        k = keys[i]
        for j in range(d):
            out[i, j] = uniform(k, start + j)
    return out
