"""Compiled Elias gamma and delta codes on 0/1 bit arrays (see :mod:`commbounds.coding.elias`).

Decoders return the number of bits they consumed, or a negative code: ``TRUNCATED``
(the bits end inside a codeword), ``NO_ONE`` (no terminating 1 bit), ``TOO_LONG`` (a
prefix or length field beyond the 2^62 limit).
"""

from __future__ import annotations

import numpy as np

from ._jit import njit

TRUNCATED, NO_ONE, TOO_LONG = -1, -2, -3


@njit(inline="always")
def floor_log2(x):
    n = 0
    for s in (32, 16, 8, 4, 2, 1):
        if x >= (np.int64(1) << s):
            n += s
            x >>= s
    return n


@njit(inline="always")
def _put_binary(x, width, out, p):
    """The ``width`` low bits of ``x``, most significant first, at ``out[p:]``."""
    for b in range(width - 1, -1, -1):
        out[p] = np.uint8((x >> b) & 1)
        p += 1
    return p


@njit(inline="always")
def _put_gamma(x, out, p):
    n = floor_log2(x)
    return _put_binary(x, n + 1, out, p + n)          # n zeros (out is zeroed), then x


@njit
def gamma_encode(v, out):
    """Gamma codes of ``v`` (all in ``[1, 2^62]``) into the zeroed ``out``; returns the length."""
    p = 0
    for i in range(v.shape[0]):
        p = _put_gamma(v[i], out, p)
    return p


@njit
def delta_encode(v, out):
    """Delta codes (gamma of ``N + 1``, then the ``N`` low bits) into the zeroed ``out``."""
    p = 0
    for i in range(v.shape[0]):
        x = v[i]
        n = floor_log2(x)
        p = _put_gamma(np.int64(n + 1), out, p)
        p = _put_binary(x, n, out, p)
    return p


@njit(inline="always")
def _get_gamma(bits, p):
    """``(value, new p)`` of the gamma codeword at ``bits[p:]``, or ``(0, error)``."""
    nb = bits.shape[0]
    n = 0
    while p < nb and bits[p] == 0:
        n += 1
        p += 1
    if p >= nb:
        return np.int64(0), NO_ONE
    if n > 62:
        return np.int64(0), TOO_LONG
    if p + n + 1 > nb:
        return np.int64(0), TRUNCATED
    return get_binary(bits, p, n + 1)


@njit(inline="always")
def get_binary(bits, p, width):
    """``(value, p + width)``: the ``width <= 63`` bits at ``bits[p:]``, most significant
    first (the caller checked that they are there)."""
    x = np.uint64(0)
    for _ in range(width):
        x = (x << np.uint64(1)) | np.uint64(bits[p])
        p += 1
    return np.int64(x), p


@njit
def gamma_decode(bits, out):
    """``out.shape[0]`` gamma codewords from ``bits``; the bits used, or an error code."""
    p = 0
    for i in range(out.shape[0]):
        x, p = _get_gamma(bits, p)
        if p < 0:
            return p
        out[i] = x
    return p


@njit
def delta_decode(bits, out):
    """``out.shape[0]`` delta codewords from ``bits``; the bits used, or an error code."""
    nb = bits.shape[0]
    p = 0
    for i in range(out.shape[0]):
        L, p = _get_gamma(bits, p)
        if p < 0:
            return p
        n = L - 1
        if n > 62:
            return TOO_LONG
        if p + n > nb:
            return TRUNCATED
        x = np.uint64(1)
        for _ in range(n):
            x = (x << np.uint64(1)) | np.uint64(bits[p])
            p += 1
        out[i] = np.int64(x)
    return p
