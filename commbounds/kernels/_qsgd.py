"""Compiled QSGD (Alistarh et al. 2017): rounding on the counter-based stream, the exact
payload length in the same pass, and the Elias omega (recursive) code of the payload.

Decoders return the number of bits they consumed, or a negative code: ``TRUNCATED``
(the bits end inside a codeword), ``TOO_LONG`` (an omega group beyond 63 bits),
``BEYOND_D`` (a non-zero past the dimension), ``ABOVE_S`` (a level above ``s``).
"""

from __future__ import annotations

import numpy as np

from ._elias import TOO_LONG, TRUNCATED, floor_log2, get_binary
from ._jit import njit, uniform

BEYOND_D, ABOVE_S = -4, -5

#: coordinates rounded at once (in SIMD lanes) before the block's non-zeros are counted
_BLOCK = 64


@njit(inline="always")
def omega_len(v):
    """Bits of the Elias omega code of ``v >= 1``: 1, plus ``floor(log2 v) + 1`` for each
    group ``v, floor(log2 v), ...`` down to 2."""
    n = 1
    while v > 1:
        g = floor_log2(v)
        n += g + 1
        v = g
    return n


@njit(inline="always")
def _put_omega(x, out, p):
    """The omega code of ``x`` at ``out[p:]`` (zeroed); the groups are written from the last
    (nearest the final 0) back, so no stack is needed.  Returns the new position."""
    end = p + omega_len(x) - 1                      # the final 0 (already zero)
    q = end
    v = x
    while v > 1:
        g = floor_log2(v)
        q -= g + 1
        for b in range(g + 1):
            out[q + b] = np.uint8((v >> (g - b)) & 1)
        v = g
    return end + 1


@njit(inline="always")
def _get_omega(bits, p):
    """``(value, new p)`` of the omega codeword at ``bits[p:]``, or ``(0, error)``."""
    nb = bits.shape[0]
    n = np.int64(1)
    while True:
        if p >= nb:
            return np.int64(0), TRUNCATED
        if bits[p] == 0:
            return n, p + 1
        if n > 62:
            return np.int64(0), TOO_LONG
        if p + n + 1 > nb:
            return np.int64(0), TRUNCATED
        n, p = get_binary(bits, p, n + 1)


@njit
def qsgd_round(X, scale, s, keys, zeta, neg, est, nbits):
    """Row ``i``: ``u = s min(1, |x| / scale_i)`` (0 where ``scale_i = 0``),
    ``l = min(floor(u), s - 1)``, ``zeta = l + (U < u - l)``; ``neg`` marks the negative
    non-zeros; ``est = scale_i * (sign * zeta / s)`` on the non-zeros and exactly ``+0.0``
    elsewhere; ``nbits[i]`` the row's payload length
    (64 bits of scale, omega of the count + 1, and per non-zero the omega of its gap, a
    sign bit and the omega of its level).  Returns the number of non-zeros."""
    n, d = X.shape
    sf = np.float64(s)
    top = np.float64(s - 1)
    total = 0
    for i in range(n):
        sc = scale[i]
        inv = sc > 0.0
        k = keys[i]
        x, zr, nr, er = X[i], zeta[i], neg[i], est[i]
        count = 0
        body = 0
        prev = 0
        for b in range(0, d, _BLOCK):
            e = min(b + _BLOCK, d)
            hit = 0
            for j in range(b, e):                  # branch-free, in SIMD lanes
                xj = x[j]
                a = min(abs(xj) / sc, 1.0) if inv else 0.0
                u = a * sf
                fl = min(np.floor(u), top)
                z = np.int64(fl) + np.int64(uniform(k, j) < u - fl)
                zr[j] = z
                nz = z > 0
                nr[j] = (xj < 0.0) & nz
                sign = -1.0 if xj < 0.0 else 1.0   # the product first, then a select
                v = sc * (sign * np.float64(z) / sf)
                er[j] = v if nz else 0.0
                hit |= z
            if hit == 0:
                continue
            for j in range(b, e):                  # the block's few non-zeros: their codes
                z = np.int64(zr[j])
                if z > 0:
                    body += omega_len(j + 1 - prev) + 1 + omega_len(z)
                    prev = j + 1
                    count += 1
        nbits[i] = 64 + omega_len(count + 1) + body
        total += count
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


@njit
def qsgd_encode(zeta, neg):
    """The body of one row's payload as 0/1 bits: omega of the count + 1, then per non-zero
    (in increasing position) the omega of its gap, its sign bit and the omega of its level."""
    count = 0
    body = 0
    prev = 0
    for j in range(zeta.shape[0]):
        z = np.int64(zeta[j])
        if z > 0:
            body += omega_len(j + 1 - prev) + 1 + omega_len(z)
            prev = j + 1
            count += 1
    out = np.zeros(omega_len(count + 1) + body, dtype=np.uint8)
    p = _put_omega(np.int64(count + 1), out, 0)
    prev = 0
    for j in range(zeta.shape[0]):
        z = np.int64(zeta[j])
        if z > 0:
            p = _put_omega(np.int64(j + 1 - prev), out, p)
            out[p] = np.uint8(neg[j])
            p = _put_omega(z, out, p + 1)
            prev = j + 1
    return out


@njit
def omega_decode1(bits):
    """``(value, bits used)`` of the first omega codeword, or ``(0, error)``."""
    return _get_omega(bits, 0)


@njit
def qsgd_decode(bits, d, s, where, level, neg):
    """``where.shape[0]`` triples (gap, sign, level) from ``bits``: positions (0-based),
    levels and signs.  Returns ``(bits used, -1)``, or ``(error, t)`` for the triple ``t``
    that failed: for ``BEYOND_D`` ``where[t]`` / ``level[t]`` then hold the position before
    it and the gap, for ``ABOVE_S`` ``level[t]`` holds the level."""
    nb = bits.shape[0]
    p = 0
    pos = np.int64(0)
    for t in range(where.shape[0]):
        g, p = _get_omega(bits, p)
        if p < 0:
            return p, t
        if g > d - pos:                            # no sum that could wrap
            where[t], level[t] = pos, g
            return BEYOND_D, t
        pos += g
        if p >= nb:
            return TRUNCATED, t
        neg[t] = bits[p] == 1
        lv, p = _get_omega(bits, p + 1)
        if p < 0:
            return p, t
        if lv > s:
            level[t] = lv
            return ABOVE_S, t
        where[t], level[t] = pos - 1, lv
    return p, -1
