"""Compiled range coder for constant-weight binary sequences (see :mod:`.cw`)."""

from __future__ import annotations

import numpy as np

from ._jit import njit

_TOP = np.uint64(1) << np.uint64(56)
_FULL = np.uint64(0xFFFFFFFFFFFFFFFF)
_S8, _S11, _S56 = np.uint64(8), np.uint64(11), np.uint64(56)
_ONE = np.uint64(1)


@njit(inline="always")
def _split(R, c, n):
    """The sub-range of a one: about ``R c / n``, at least 2^11 and below ``R``."""
    p = np.float64(c) / np.float64(n)
    return np.uint64(np.int64(np.float64(np.int64(R >> _S11)) * p)) << _S11


@njit(inline="always")
def carry(out, E):
    """Add one to the ``E`` code bytes already written (a carry out of ``low``)."""
    b = E - 1
    while out[b] == 255:
        out[b] = 0
        b -= 1
    out[b] += 1


@njit(inline="always")
def take_upper(low, R, r1, out, E):
    """Move ``low`` past the sub-range ``r1`` (the other symbol): ``(low, R)``."""
    nl = low + r1
    if nl < low:
        carry(out, E)
    return nl, R - r1


@njit(inline="always")
def renorm_encoder(low, R, out, E):
    """Shift out the top byte of ``low`` while the range is below 2^56: ``(low, R, E)``."""
    while R < _TOP:
        out[E] = np.uint8(low >> _S56)
        E += 1
        low <<= _S8
        R <<= _S8
    return low, R, E


@njit(inline="always")
def renorm_decoder(val, R, code, p):
    """The decoder's counterpart of :func:`renorm_encoder`: ``(val, R, p)``."""
    nb = code.shape[0]
    while R < _TOP:
        val <<= _S8
        if p < nb:
            val |= np.uint64(code[p])
        p += 1
        R <<= _S8
    return val, R, p


@njit(inline="always")
def start_decoder(code):
    """The first 8 code bytes as the decoder's value (zeros past the code)."""
    val = np.uint64(0)
    for i in range(8):
        val <<= _S8
        if i < code.shape[0]:
            val |= np.uint64(code[i])
    return val


@njit(inline="always")
def flush(low, R, E, nbits, out):
    """Write the shortest value inside ``[low, low + R)`` that fits ``nbits`` bits in all.
    Returns 0, or -1 if the interval is narrower than ``2^-nbits``."""
    s = 8 * E + 64 - nbits             # the code keeps the top 64 - s bits of low
    if s <= 0 or s >= 64 or R < (_ONE << np.uint64(s)):
        return -1
    mask = (_ONE << np.uint64(s)) - _ONE
    nl = low + mask                    # round up to a multiple of 2^s inside the interval
    if nl < low:
        carry(out, E)
    nl &= ~mask
    for i in range(8):
        if 8 * (E + i) >= nbits:
            break
        out[E + i] = np.uint8((nl >> np.uint64(56 - 8 * i)) & np.uint64(255))
    return 0


@njit
def encode_positions(pos, m, nbits, out):
    """Range-code the set ``pos`` (sorted one-positions in ``[0, m)``) into ``out``.

    ``out`` (``uint8``, zeroed, at least ``ceil(nbits / 8) + 2`` bytes) receives the code
    value, ``nbits`` bits long, most significant first.  Returns 0, or -1 if the final
    interval is narrower than ``2^-nbits`` (a caller passed too few bits).

    The loop runs once per one and codes the zeros before it in an inner loop whose only
    work is the split (the ones left are fixed inside a run), so no step compares the
    position with the next one; the code is the same as coding position by position.
    """
    w = pos.shape[0]
    low = np.uint64(0)
    R = _FULL
    E = 0
    t = 0
    for k in range(w):
        c = w - k                      # ones left, this one included
        if c == m - t:
            break                      # every remaining position is a one
        stop = pos[k]                  # (a local: the loop writes ``out``)
        while t < stop:                # the zeros before the next one
            r1 = _split(R, c, m - t)
            nl = low + r1              # take_upper and renorm_encoder, written out:
            if nl < low:               # numba keeps this loop's state in registers then
                carry(out, E)
            low = nl
            R -= r1
            while R < _TOP:
                out[E] = np.uint8(low >> _S56)
                E += 1
                low <<= _S8
                R <<= _S8
            t += 1
        if c == m - t:
            break
        R = _split(R, c, m - t)
        low, R, E = renorm_encoder(low, R, out, E)
        t += 1
    return flush(low, R, E, nbits, out)


@njit
def decode_positions(code, m, w, out):
    """Inverse of :func:`encode_positions`: ``code`` holds the ``nbits``-bit value (bytes,
    zero past the code); writes the ``w`` sorted one-positions into ``out``."""
    val = start_decoder(code)
    p = 8
    R = _FULL
    k = 0
    t = 0
    while k < w:
        n = m - t
        c = w - k
        if c == n:
            while k < w:
                out[k] = t
                k += 1
                t += 1
            break
        r1 = _split(R, c, n)
        if val < r1:
            R = r1
            out[k] = t
            k += 1
        else:
            val -= r1
            R -= r1
        val, R, p = renorm_decoder(val, R, code, p)
        t += 1
    return out


@njit
def iv_ones(v, out):
    """Positions of the ``d - 1`` ones of ``f(|v|)`` (huang2019 Lemma 2.2), into ``out``."""
    acc = 0
    for i in range(v.shape[0] - 1):
        acc += abs(v[i])
        out[i] = acc + i
    return out


@njit
def iv_from_ones(ones, d, w, out):
    """Inverse of :func:`iv_ones`: the vector of ``I(d, w)`` with those ones."""
    prev = -1
    for i in range(d - 1):
        out[i] = ones[i] - prev - 1
        prev = ones[i]
    out[d - 1] = d + w - 2 - prev
    return out
