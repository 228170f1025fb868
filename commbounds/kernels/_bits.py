"""Compiled packed-field bit I/O: fixed-width integers to 0/1 bits and back."""

from __future__ import annotations

import numpy as np

from ._jit import njit


@njit
def uints_to_bits(values, width, out):
    """``out[i*width:(i+1)*width]`` = the ``width`` bits of ``values[i]``, most significant
    first.  Returns the index of the first value that does not fit, or -1."""
    w = np.uint64(width)
    for i in range(values.shape[0]):
        v = values[i]
        if width < 64 and (v >> w) != 0:
            return i
        base = i * width
        for b in range(width):
            out[base + b] = np.uint8((v >> np.uint64(width - 1 - b)) & np.uint64(1))
    return -1


@njit
def bits_to_uints(bits, width, out):
    """Inverse of :func:`uints_to_bits` for ``out.shape[0]`` values."""
    for i in range(out.shape[0]):
        v = np.uint64(0)
        base = i * width
        for b in range(width):
            v = (v << np.uint64(1)) | np.uint64(bits[base + b])
        out[i] = v
    return out
