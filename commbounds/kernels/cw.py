"""Constant-weight sequences and Lemma 2.2 vectors, range-coded in linear time.

A binary sequence of length ``m`` with ``w`` ones is coded with the exact adaptive model
of a uniformly random such sequence: at each position, ``P(1) = ones left / positions
left``.  Under that model every sequence has probability ``1 / C(m, w)``, so an ideal
coder spends ``log2 C(m, w)`` bits; this range coder (64-bit state, 56-bit minimum range,
the split computed in float64 from 53 bits of the range) loses less than 0.2 bits for
``m < 2^32`` and writes the code value in exactly

    ``cw_code_bits(m, w) = ceil(log2 C(m, w)) + 1``  bits (``0`` when ``C(m, w) = 1``),

a length that depends only on ``(m, w)``, so a fast path counts bits without coding.
Positions after the last one, and runs where every position left is a one, are implied
by the model and cost no work, so coding takes ``O(last one)`` steps, each a few
instructions (compiled), instead of the enumerative code's big-integer walk.

This is payload format 2 (:data:`commbounds.kernels.PAYLOAD_VERSION`); the exact
enumerative code of Lemma 2.2 (:func:`commbounds.coding.write_integer_vector`)
stays as the reference the paper's equality is checked against.

Examples
--------
>>> import numpy as np
>>> from commbounds.coding import BitReader, BitWriter
>>> wr = BitWriter()
>>> write_set(wr, np.array([1, 2, 5]), m=8)
>>> payload, nbits = wr.getvalue()
>>> nbits == cw_code_bits(8, 3) == 7
True
>>> read_set(BitReader(payload, nbits), m=8, w=3).tolist()
[1, 2, 5]
>>> wr = BitWriter(); write_iv(wr, np.array([2, 0, 3, 1]))
>>> read_iv(BitReader(*wr.getvalue()), d=4, w=6).tolist()
[2, 0, 3, 1]
"""

from __future__ import annotations

import numpy as np

from ..errors import DecodeError, InvalidInputError

__all__ = ["cw_code_bits", "iv_code_bits", "encode_set", "decode_set", "write_set",
           "read_set", "write_iv", "read_iv", "MAX_LENGTH"]

#: longest sequence the coder accepts (its loss bound holds below 2^32)
MAX_LENGTH = 2**32 - 1


def cw_code_bits(m, w):
    """Bits of a range-coded set of ``w`` ones among ``m`` positions, vectorised."""
    from ..coding.constant_weight import cw_bits

    b = np.asarray(cw_bits(m, w), dtype=np.int64)
    out = b + (b > 0)
    return int(out) if out.ndim == 0 else out


def iv_code_bits(d, w):
    """Bits of a range-coded vector of ``I(d, w)`` (``m = d + w - 1``, ``d - 1`` ones)."""
    d = np.asarray(d, dtype=np.int64)
    return cw_code_bits(d + np.asarray(w, dtype=np.int64) - 1, d - 1)


def _check_length(m: int) -> None:
    if not 0 <= m <= MAX_LENGTH:
        raise InvalidInputError(f"constant-weight coding needs 0 <= m <= 2^32 - 1, got m = {m}")


def encode_set(positions, m: int) -> tuple[np.ndarray, int]:
    """The code of a set of one-positions: ``(bits as 0/1 uint8, nbits)``."""
    from ._cw import encode_positions

    p = np.ascontiguousarray(positions, dtype=np.int64)
    m = int(m)
    _check_length(m)
    if p.ndim != 1 or (p.size and (p[0] < 0 or p[-1] >= m or np.any(p[1:] <= p[:-1]))):
        raise InvalidInputError("positions must be strictly increasing in [0, m)")
    return run_encoder(encode_positions, (p, m), cw_code_bits(m, p.size), f"m={m}, w={p.size}")


def run_encoder(kernel, args, nbits: int, what: str) -> tuple[np.ndarray, int]:
    """Run a range-coder kernel ``kernel(*args, nbits, buffer)`` into a fresh zeroed buffer:
    the code as 0/1 ``uint8`` and its length (nothing to run for ``nbits = 0``)."""
    if nbits == 0:
        return np.zeros(0, np.uint8), 0
    buf = np.zeros((nbits + 7) // 8 + 16, dtype=np.uint8)
    if kernel(*args, nbits, buf) != 0:  # pragma: no cover - the loss bound
        raise AssertionError(f"range coder overflowed {nbits} bits at {what}")
    return np.unpackbits(buf)[:nbits], nbits


def decode_set(bits: np.ndarray, m: int, w: int) -> np.ndarray:
    """Inverse of :func:`encode_set` (``bits``: the code as 0/1 values)."""
    from ._cw import decode_positions

    m, w = int(m), int(w)
    _check_length(m)
    if not 0 <= w <= m:
        raise DecodeError(f"weight {w} outside [0, {m}]")
    out = np.empty(w, dtype=np.int64)
    if w == 0:
        return out
    return decode_positions(np.packbits(np.asarray(bits, dtype=np.uint8)), m, w, out)


def write_set(wr, positions, m: int) -> None:
    """Append the code of a set of one-positions in ``[0, m)`` to a BitWriter."""
    bits, _ = encode_set(positions, m)
    wr.write_bits(bits)


def read_set(r, m: int, w: int) -> np.ndarray:
    """Read a set of ``w`` one-positions in ``[0, m)`` (the weight is known to the reader)."""
    m, w = int(m), int(w)
    if not 0 <= w <= m:
        raise DecodeError(f"weight {w} outside [0, {m}]")
    if m > MAX_LENGTH:
        raise DecodeError(f"sequence length {m} beyond the coder's 2^32 - 1")
    nb = cw_code_bits(m, w)
    if nb > r.remaining:
        raise DecodeError(f"a set of {w} in {m} needs {nb} bits, the payload has {r.remaining}")
    return decode_set(r.read_bits(nb), m, w)


def write_iv(wr, v) -> None:
    """Append ``|v|`` (huang2019 Lemma 2.2's map ``f``, its ``d - 1`` ones range-coded)."""
    from ._cw import iv_ones

    v = np.ascontiguousarray(v, dtype=np.int64)
    if v.ndim != 1 or v.size == 0:
        raise InvalidInputError("f maps non-empty 1-d integer vectors")
    w = int(np.abs(v).sum())
    ones = iv_ones(v, np.empty(v.size - 1, dtype=np.int64))
    write_set(wr, ones, v.size + w - 1)


def read_iv(r, d: int, w: int) -> np.ndarray:
    """Inverse of :func:`write_iv` for a known dimension ``d`` and weight ``w``."""
    from ._cw import iv_from_ones

    d, w = int(d), int(w)
    if d < 1 or w < 0:
        raise DecodeError(f"no vector of I({d}, {w})")
    ones = read_set(r, d + w - 1, d - 1)
    return iv_from_ones(ones, d, w, np.empty(d, dtype=np.int64))
