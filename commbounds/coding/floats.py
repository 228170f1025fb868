"""IEEE-754 floats as payload fields: one codec for every float a payload carries.

A float of width ``r`` (16, 32 or 64) is written as its ``r``-bit IEEE-754 pattern, most
significant bit first (big-endian), so a field costs exactly ``r`` bits and an array of
``count`` floats exactly ``count * r``; the reader is told the count and the width (both
are public knowledge of the format).  Values are rounded to the width when written (a
64-bit field is exact).

Examples
--------
>>> import numpy as np
>>> from commbounds.coding import BitReader, BitWriter
>>> w = BitWriter()
>>> write_float(w, 0.1)
>>> write_floats(w, [1.5, -2.0], width=16)
>>> payload, nbits = w.getvalue()
>>> nbits
96
>>> r = BitReader(payload, nbits)
>>> read_float(r), read_floats(r, 2, width=16).tolist()
(0.1, [1.5, -2.0])
"""

from __future__ import annotations

import numpy as np

from ..errors import DecodeError, InvalidInputError
from .bits import BitReader, BitWriter

__all__ = ["FLOAT_WIDTHS", "float_dtype", "write_float", "read_float", "write_floats", "read_floats"]

#: width in bits -> (float type, unsigned integer type of the same width)
FLOAT_WIDTHS = {16: (np.float16, np.uint16), 32: (np.float32, np.uint32), 64: (np.float64, np.uint64)}
#: the exponent bits of each width: all ones is inf or NaN
_EXPONENT = {16: 0x7C00, 32: 0x7F800000, 64: 0x7FF0000000000000}


def float_dtype(width: int):
    """The numpy float type of a field ``width`` bits wide (16, 32 or 64).

    Parameters
    ----------
    width : int
        Bits per float.

    Returns
    -------
    type
        ``numpy.float16``, ``numpy.float32`` or ``numpy.float64``.

    Examples
    --------
    >>> float_dtype(32).__name__
    'float32'
    """
    try:
        return FLOAT_WIDTHS[width][0]
    except (KeyError, TypeError):
        raise InvalidInputError(f"a float field is 16, 32 or 64 bits wide, got {width!r}") from None


def write_floats(w: BitWriter, values, width: int = 64) -> None:
    """Write ``values`` (any shape, flattened in C order) as ``width``-bit IEEE-754 fields.

    Parameters
    ----------
    w : BitWriter
        Where the fields go.
    values : array_like of float
        The values, rounded to the width.
    width : {64, 32, 16}
        Bits per value.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_floats(w, [1.0, 2.0], width=32)
    >>> w.getvalue()[1]
    64
    """
    ftype = float_dtype(width)
    raw = np.ascontiguousarray(np.asarray(values, dtype=np.float64).astype(ftype)).ravel()
    w.write_uints(raw.view(FLOAT_WIDTHS[width][1]), width)


def read_floats(r: BitReader, count: int, width: int = 64, *, finite: bool = False) -> np.ndarray:
    """Read ``count`` floats of ``width`` bits written by :func:`write_floats`.

    Parameters
    ----------
    r : BitReader
        The payload.
    count : int
        How many floats the format says follow.
    width : {64, 32, 16}
        Bits per value.
    finite : bool
        Refuse an inf or NaN pattern with :class:`~commbounds.errors.DecodeError` (checked on
        the bits, before any cast).

    Returns
    -------
    ndarray of float64, shape (count,)
        The values (exactly the written ones, widened to float64).

    Examples
    --------
    >>> w = BitWriter()
    >>> write_floats(w, [0.25, 3.0])
    >>> read_floats(BitReader(*w.getvalue()), 2).tolist()
    [0.25, 3.0]
    """
    float_dtype(width)  # a width outside 16, 32, 64 is refused here
    ftype, utype = FLOAT_WIDTHS[width]
    raw = r.read_uints(count, width).astype(utype)
    if finite:
        exponent = utype(_EXPONENT[width])
        if np.any((raw & exponent) == exponent):
            raise DecodeError("a decoded value is not finite")
    return raw.view(ftype).astype(np.float64)


def write_float(w: BitWriter, x: float, width: int = 64) -> None:
    """Write one float as a ``width``-bit IEEE-754 field (64 bits: exact).

    Parameters
    ----------
    w : BitWriter
        Where the field goes.
    x : float
        The value.
    width : {64, 32, 16}
        Bits of the field.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_float(w, -0.5)
    >>> w.getvalue()
    (b'\\xbf\\xe0\\x00\\x00\\x00\\x00\\x00\\x00', 64)
    """
    write_floats(w, [x], width)


def read_float(r: BitReader, width: int = 64) -> float:
    """Read one float written by :func:`write_float`.

    Parameters
    ----------
    r : BitReader
        The payload.
    width : {64, 32, 16}
        Bits of the field.

    Returns
    -------
    float
        The value.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_float(w, 2.5, width=32)
    >>> read_float(BitReader(*w.getvalue()), width=32)
    2.5
    """
    return float(read_floats(r, 1, width)[0])
