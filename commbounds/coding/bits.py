"""Bit-level writer and reader over ``bytes``.

Bits are stored most-significant first.  The writer collects chunks of bits (numpy
``uint8`` arrays of 0/1) and packs them once; the reader unpacks the payload once and
reads from a cursor, raising :class:`~commbounds.errors.DecodeError` on any read past
the declared number of meaningful bits.

Examples
--------
>>> w = BitWriter()
>>> w.write_uint(5, 3); w.write_bits([1, 0]); w.write_uint(2**70 + 1, 71)
>>> payload, nbits = w.getvalue()
>>> nbits, len(payload)
(76, 10)
>>> r = BitReader(payload, nbits)
>>> r.read_uint(3), r.read_bits(2).tolist(), r.read_uint(71) == 2**70 + 1
(5, [1, 0], True)
>>> r.remaining
0
"""

from __future__ import annotations

import numpy as np

from ..errors import DecodeError, InvalidInputError

__all__ = ["BitWriter", "BitReader", "uint_to_bits", "bits_to_uint"]


def uint_to_bits(value: int, width: int) -> np.ndarray:
    """``value`` as ``width`` bits, most significant first.

    Parameters
    ----------
    value : int
        A non-negative integer below ``2**width``.
    width : int
        Bits to write.

    Returns
    -------
    numpy.ndarray of uint8
        The bits (0 or 1).

    Examples
    --------
    >>> uint_to_bits(5, 4).tolist()
    [0, 1, 0, 1]
    """
    if width < 0:
        raise InvalidInputError(f"width must be >= 0, got {width}")
    if value < 0 or (width < value.bit_length()):
        raise InvalidInputError(f"value {value} does not fit in {width} unsigned bits")
    if width == 0:
        return np.zeros(0, dtype=np.uint8)
    nbytes = (width + 7) // 8
    raw = np.frombuffer(int(value).to_bytes(nbytes, "big"), dtype=np.uint8)
    return np.unpackbits(raw)[8 * nbytes - width:]


def bits_to_uint(bits: np.ndarray) -> int:
    """Inverse of :func:`uint_to_bits`.

    Parameters
    ----------
    bits : array_like of {0, 1}
        Bits, most significant first.

    Returns
    -------
    int
        Their unsigned value.

    Examples
    --------
    >>> bits_to_uint([1, 0, 1])
    5
    """
    bits = np.asarray(bits, dtype=np.uint8)
    if bits.size == 0:
        return 0
    pad = (-bits.size) % 8
    packed = np.packbits(np.concatenate([np.zeros(pad, np.uint8), bits]))
    return int.from_bytes(packed.tobytes(), "big")


class BitWriter:
    """Accumulates bits; :meth:`getvalue` returns ``(payload, nbits)``.

    Examples
    --------
    >>> w = BitWriter()
    >>> w.write_uint(3, 2)
    >>> w.getvalue()
    (b'\\xc0', 2)
    """

    __slots__ = ("_chunks", "_n")

    def __init__(self) -> None:
        self._chunks: list[np.ndarray] = []
        self._n = 0

    @property
    def nbits(self) -> int:
        return self._n

    def write_bits(self, bits) -> None:
        """Append an array of 0/1 values."""
        arr = np.asarray(bits, dtype=np.uint8).ravel()
        if arr.size:
            if arr.max(initial=0) > 1:
                raise InvalidInputError("bits must be 0 or 1")
            self._chunks.append(arr)
            self._n += arr.size

    def write_uint(self, value: int, width: int) -> None:
        """Append a non-negative integer in exactly ``width`` bits (Python ints of any size)."""
        self.write_bits(uint_to_bits(int(value), int(width)))

    def write_uints(self, values: np.ndarray, width: int) -> None:
        """Append an array of integers, each in ``width`` bits (width <= 64), in one compiled
        pass (``commbounds.kernels._bits``)."""
        from ..kernels._bits import uints_to_bits

        values = np.ascontiguousarray(np.asarray(values, dtype=np.uint64).ravel())
        if width == 0 or values.size == 0:
            return
        if width > 64:
            raise InvalidInputError("write_uints supports widths up to 64 bits")
        bits = np.empty(values.size * int(width), dtype=np.uint8)
        if uints_to_bits(values, int(width), bits) >= 0:
            raise InvalidInputError(f"a value does not fit in {width} bits")
        self._chunks.append(bits)
        self._n += bits.size

    def getvalue(self) -> tuple[bytes, int]:
        if not self._chunks:
            return b"", 0
        bits = np.concatenate(self._chunks)
        return np.packbits(bits).tobytes(), self._n


class BitReader:
    """Reads bits from ``payload``; only the first ``nbits`` are meaningful.

    Parameters
    ----------
    payload : bytes
        The payload (zero-padded to whole bytes).
    nbits : int, optional
        Meaningful bits (default: all of them); fewer than 8 may be padding.

    Examples
    --------
    >>> r = BitReader(bytes([0xC0]), 2)
    >>> r.read_uint(2), r.remaining
    (3, 0)
    """

    __slots__ = ("_bits", "_pos", "_n")

    def __init__(self, payload: bytes, nbits: int | None = None) -> None:
        if not isinstance(payload, bytes | bytearray | memoryview):
            raise DecodeError(f"payload must be bytes, got {type(payload).__name__}")
        raw = np.frombuffer(bytes(payload), dtype=np.uint8)
        total = raw.size * 8
        if nbits is None:
            nbits = total
        if not 0 <= nbits <= total or total - nbits >= 8:
            raise DecodeError(f"declared {nbits} bits but the payload holds {len(payload)} bytes")
        self._bits = np.unpackbits(raw)[:nbits]
        self._pos = 0
        self._n = nbits

    @property
    def position(self) -> int:
        return self._pos

    @property
    def remaining(self) -> int:
        return self._n - self._pos

    def _take(self, k: int) -> np.ndarray:
        if k < 0:
            raise DecodeError(f"negative read length {k}")
        if k > self.remaining:
            raise DecodeError(f"payload truncated: need {k} bits at bit {self._pos}, {self.remaining} left")
        out = self._bits[self._pos:self._pos + k]
        self._pos += k
        return out

    def read_bits(self, k: int) -> np.ndarray:
        return self._take(int(k)).copy()

    def read_uint(self, width: int) -> int:
        return bits_to_uint(self._take(int(width)))

    def read_uints(self, count: int, width: int) -> np.ndarray:
        if count < 0:
            raise DecodeError(f"negative count {count}")
        if width == 0:
            return np.zeros(count, dtype=np.int64)
        if count * width > self.remaining:
            raise DecodeError(f"payload truncated: need {count}x{width} bits, {self.remaining} left")
        from ..kernels._bits import bits_to_uints

        bits = np.ascontiguousarray(self._take(count * width))
        out = bits_to_uints(bits, int(width), np.empty(count, dtype=np.uint64))
        return out.astype(np.int64) if width < 64 else out

    def unread(self) -> np.ndarray:
        """The bits after the cursor (a read-only view), for compiled decoders.

        Examples
        --------
        >>> r = BitReader(bytes([0b10110000]), 4)
        >>> r.skip(1); r.unread().tolist(), r.remaining
        ([0, 1, 1], 3)
        """
        view = self._bits[self._pos:self._n]
        view.flags.writeable = False
        return view

    def skip(self, k: int) -> None:
        """Advance the cursor by ``k`` bits (after a compiled decoder consumed them)."""
        self._take(int(k))

    def peek_zeros(self) -> int:
        """Number of consecutive 0 bits from the cursor (for Elias codes)."""
        # Elias prefixes are at most 63 zeros: scan a short window first, so decoding a
        # stream of codewords stays linear in its length.
        for window in (64, self._n - self._pos):
            rest = self._bits[self._pos:self._pos + window]
            ones = np.flatnonzero(rest)
            if ones.size:
                return int(ones[0])
        raise DecodeError("payload truncated inside an Elias code (no terminating 1 bit)")

    def expect_end(self) -> None:
        if self.remaining:
            raise DecodeError(f"{self.remaining} unread bits at the end of the payload")
