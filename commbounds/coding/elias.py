"""Elias gamma and delta codes for positive integers, and a zig-zag map for signed ones.

Lengths are vectorised (the fast path counts bits with them); writing and reading are
compiled loops (:mod:`commbounds.kernels._elias`) over the bits of a
:class:`~commbounds.coding.bits.BitWriter` / ``BitReader``.

Examples
--------
>>> from commbounds.coding.bits import BitReader, BitWriter
>>> w = BitWriter(); write_gamma(w, [1, 2, 9]); write_delta(w, [1, 1000])
>>> payload, n = w.getvalue()
>>> n == int(gamma_length([1, 2, 9]).sum() + delta_length([1, 1000]).sum())
True
>>> r = BitReader(payload, n)
>>> read_gamma(r, 3).tolist(), read_delta(r, 2).tolist()
([1, 2, 9], [1, 1000])
>>> zigzag([-2, -1, 0, 1, 2]).tolist(), unzigzag(zigzag([-2, 3])).tolist()
([3, 1, 0, 2, 4], [-2, 3])
"""

from __future__ import annotations

import numpy as np

from ..errors import DecodeError, InvalidInputError
from .bits import BitReader, BitWriter

__all__ = ["gamma_length", "delta_length", "write_gamma", "read_gamma", "write_delta",
           "read_delta", "zigzag", "unzigzag", "MAX_ELIAS"]

#: Largest integer the codes accept (and the decoders produce): 2**62.
MAX_ELIAS = 1 << 62


def _floor_log2(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.int64)
    out = np.zeros(x.shape, dtype=np.int64)
    y = x.copy()
    for s in (32, 16, 8, 4, 2, 1):
        big = y >= (1 << s)
        out[big] += s
        y[big] >>= s
    return out


def _positive(values) -> np.ndarray:
    v = np.asarray(values)
    if v.dtype.kind not in "iu":
        if v.size and not np.all(np.equal(np.mod(v, 1), 0)):
            raise InvalidInputError("Elias codes take integers")
    v = v.astype(np.int64).ravel()
    if v.size and (v.min() < 1 or v.max() > MAX_ELIAS):
        raise InvalidInputError(f"Elias codes take integers in [1, 2**62], got range [{v.min()}, {v.max()}]")
    return v


def gamma_length(values) -> np.ndarray:
    """Bits of the Elias gamma code of each value: ``2 floor(log2 x) + 1``.

    Parameters
    ----------
    values : array_like of int
        Positive integers.

    Returns
    -------
    numpy.ndarray of int64
        The code length of each value.

    Examples
    --------
    >>> gamma_length([1, 2, 5]).tolist()
    [1, 3, 5]
    """
    v = np.asarray(values, dtype=np.int64)
    return 2 * _floor_log2(v) + 1


def delta_length(values) -> np.ndarray:
    """Bits of the Elias delta code: ``floor(log2 x) + 2 floor(log2(floor(log2 x) + 1)) + 1``.

    Parameters
    ----------
    values : array_like of int
        Positive integers.

    Returns
    -------
    numpy.ndarray of int64
        The code length of each value.

    Examples
    --------
    >>> delta_length([1, 2, 17]).tolist()
    [1, 4, 9]
    """
    n = _floor_log2(np.asarray(values, dtype=np.int64))
    return n + 2 * _floor_log2(n + 1) + 1


def _decoded(r: BitReader, kernel, count: int, name: str) -> np.ndarray:
    from ..kernels import _elias

    out = np.empty(int(count), dtype=np.int64)
    if count == 0:
        return out
    used = kernel(r.unread(), out)
    if used == _elias.NO_ONE:
        raise DecodeError("payload truncated inside an Elias code (no terminating 1 bit)")
    if used == _elias.TOO_LONG:
        raise DecodeError(f"Elias {name} codeword exceeds the 2**62 limit")
    if used == _elias.TRUNCATED:
        raise DecodeError(f"payload truncated inside an Elias {name} codeword ({r.remaining} bits left)")
    r.skip(used)
    return out


def write_gamma(w: BitWriter, values) -> None:
    """Write each value as N zeros followed by its (N+1)-bit binary form.

    Parameters
    ----------
    w : BitWriter
        Where the codewords go.
    values : array_like of int
        Positive integers.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_gamma(w, [1, 4])
    >>> w.getvalue()[1]
    6
    """
    from ..kernels._elias import gamma_encode

    v = _positive(values)
    if v.size:
        bits = np.zeros(int(gamma_length(v).sum()), dtype=np.uint8)
        gamma_encode(v, bits)
        w.write_bits(bits)


def read_gamma(r: BitReader, count: int) -> np.ndarray:
    """Read ``count`` gamma-coded integers.

    Parameters
    ----------
    r : BitReader
        The payload.
    count : int
        How many codewords follow.

    Returns
    -------
    numpy.ndarray of int64
        The integers.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_gamma(w, [3, 1, 9])
    >>> read_gamma(BitReader(*w.getvalue()), 3).tolist()
    [3, 1, 9]
    """
    from ..kernels._elias import gamma_decode

    return _decoded(r, gamma_decode, count, "gamma")


def write_delta(w: BitWriter, values) -> None:
    """Write each value as gamma(N+1) followed by the N low bits of the value.

    Parameters
    ----------
    w : BitWriter
        Where the codewords go.
    values : array_like of int
        Positive integers.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_delta(w, [17])
    >>> w.getvalue()[1]
    9
    """
    from ..kernels._elias import delta_encode

    v = _positive(values)
    if v.size:
        bits = np.zeros(int(delta_length(v).sum()), dtype=np.uint8)
        delta_encode(v, bits)
        w.write_bits(bits)


def read_delta(r: BitReader, count: int) -> np.ndarray:
    """Read ``count`` delta-coded integers.

    Parameters
    ----------
    r : BitReader
        The payload.
    count : int
        How many codewords follow.

    Returns
    -------
    numpy.ndarray of int64
        The integers.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_delta(w, [17, 1])
    >>> read_delta(BitReader(*w.getvalue()), 2).tolist()
    [17, 1]
    """
    from ..kernels._elias import delta_decode

    return _decoded(r, delta_decode, count, "delta")


def zigzag(values) -> np.ndarray:
    """Map signed integers to non-negative ones: 0, -1, 1, -2, 2 ... -> 0, 1, 2, 3, 4 ...

    Parameters
    ----------
    values : array_like of int
        Signed integers.

    Returns
    -------
    numpy.ndarray of int64
        Their images.

    Examples
    --------
    >>> zigzag([0, -1, 1, -2]).tolist()
    [0, 1, 2, 3]
    """
    v = np.asarray(values, dtype=np.int64)
    return np.where(v >= 0, 2 * v, -2 * v - 1)


def unzigzag(values) -> np.ndarray:
    """Inverse of :func:`zigzag`.

    Parameters
    ----------
    values : array_like of int
        Non-negative integers.

    Returns
    -------
    numpy.ndarray of int64
        The signed integers they stand for.

    Examples
    --------
    >>> unzigzag([0, 1, 2, 3]).tolist()
    [0, -1, 1, -2]
    """
    z = np.asarray(values, dtype=np.int64)
    return np.where(z % 2 == 0, z // 2, -(z + 1) // 2)
