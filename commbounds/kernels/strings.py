"""Strings with a known symbol histogram, range-coded in linear time.

A string of length ``d`` over ``{0, ..., k-1}`` whose histogram ``(n_0, ..., n_{k-1})``
the receiver knows is one of ``M = d! / prod_j n_j!`` strings.  The coder walks the string
once; each symbol is its path down the halving tree of the alphabet (the tree of
:mod:`commbounds.coding.multinomial`), and each binary choice is coded with the exact
adaptive model ``P(upper half) = symbols left in the upper half / symbols left in the
node``.  The product of those probabilities is ``1 / M`` for every string, so the code is
``log2 M`` bits plus the range coder's loss (below 0.2 bits, as for
:mod:`commbounds.kernels.cw`), written in exactly

    ``string_code_bits(counts) = ceil(log2 M) + 1``  bits (``0`` when ``M = 1``),

a function of the histogram alone.  Coding takes ``O(d log k)`` machine steps, where the
enumerative rank of :func:`commbounds.coding.multinomial.write_string` takes ``O(d log k)``
steps on a big integer of ``log2 M`` bits (quadratic in ``d``).  This is payload format 3
(:data:`commbounds.kernels.PAYLOAD_VERSION`).

Examples
--------
>>> import numpy as np
>>> from commbounds.coding import BitReader, BitWriter
>>> levels = np.array([1, 1, 0, 2, 1, 0])
>>> hist = np.bincount(levels, minlength=3)       # 6! / (2! 3! 1!) = 60 strings
>>> int(np.ceil(np.log2(60))) + 1, string_code_bits(hist)
(7, 7)
>>> wr = BitWriter()
>>> write_string(wr, levels, hist) == 7
True
>>> read_string(BitReader(*wr.getvalue()), hist).tolist()
[1, 1, 0, 2, 1, 0]
"""

from __future__ import annotations

import numpy as np

from ..errors import DecodeError, InvalidInputError
from .cw import run_encoder

__all__ = ["string_code_bits", "encode_string", "decode_string", "write_string", "read_string",
           "MAX_LENGTH"]

#: longest string the coder accepts (its loss bound holds below 2^32 symbols)
MAX_LENGTH = 2**32 - 1


def string_code_bits(counts):
    """Bits of a range-coded string with histogram ``counts`` (along the last axis).

    Examples
    --------
    >>> string_code_bits([[3, 0], [2, 1]]).tolist()      # one string; 3 strings: 2 + 1 bits
    [0, 3]
    """
    from ..coding.multinomial import multinomial_bits

    c = np.asarray(counts, dtype=np.int64)
    b = np.asarray(multinomial_bits(c), dtype=np.int64)
    out = b + (np.count_nonzero(c, axis=-1) > 1)
    return int(out) if out.ndim == 0 else out


def _histogram(counts) -> np.ndarray:
    c = np.ascontiguousarray(counts, dtype=np.int64)
    if c.ndim != 1 or c.size == 0 or np.any(c < 0):
        raise InvalidInputError("a histogram is a non-empty 1-d array of counts >= 0")
    if int(c.sum()) > MAX_LENGTH:
        raise InvalidInputError(f"strings longer than 2^32 - 1 symbols are not coded, got {int(c.sum())}")
    return c


def encode_string(S, counts) -> tuple[np.ndarray, int]:
    """The code of ``S`` given its histogram ``counts``: ``(bits as 0/1 uint8, nbits)``.

    Examples
    --------
    >>> bits, n = encode_string(np.array([1, 0, 1]), [1, 2])
    >>> n, decode_string(bits, [1, 2]).tolist()
    (3, [1, 0, 1])
    """
    from ._strings import encode_string as encode

    c = _histogram(counts)
    S = np.ascontiguousarray(S, dtype=np.int64)
    if S.ndim != 1 or (S.size and (S.min() < 0 or S.max() >= c.size)) \
            or not np.array_equal(np.bincount(S, minlength=c.size), c):
        raise InvalidInputError("the string's histogram differs from counts")
    return run_encoder(encode, (S, c), string_code_bits(c), f"the histogram {c.tolist()}")


def decode_string(bits: np.ndarray, counts) -> np.ndarray:
    """Inverse of :func:`encode_string` (``bits``: the code as 0/1 values)."""
    from ._strings import decode_string as decode

    c = _histogram(counts)
    out = np.empty(int(c.sum()), dtype=np.int64)
    return decode(np.packbits(np.asarray(bits, dtype=np.uint8)), c, out)


def write_string(wr, S, counts) -> int:
    """Append the code of ``S`` to a BitWriter; returns its length."""
    bits, nbits = encode_string(S, counts)
    wr.write_bits(bits)
    return nbits


def read_string(r, counts) -> np.ndarray:
    """Read a string with the known histogram ``counts``."""
    c = np.asarray(counts, dtype=np.int64)
    if c.ndim != 1 or c.size == 0 or np.any(c < 0):
        raise DecodeError("a histogram is a non-empty 1-d array of counts >= 0")
    nb = string_code_bits(c)
    if nb > r.remaining:
        raise DecodeError(f"the histogram needs {nb} bits, the payload holds {r.remaining}")
    return decode_string(r.read_bits(nb), c)
