"""Lossless coding layer: bit I/O, Elias codes, float fields, packed fields and constant-weight codes."""

from .bits import BitReader, BitWriter, bits_to_uint, uint_to_bits
from .constant_weight import (
    cw_bits,
    integer_vector_to_positions,
    iv_bits,
    positions_to_integer_vector,
    rank_positions,
    unrank_positions,
)
from .elias import (
    delta_length,
    gamma_length,
    read_delta,
    read_gamma,
    unzigzag,
    write_delta,
    write_gamma,
    zigzag,
)
from .floats import FLOAT_WIDTHS, float_dtype, read_float, read_floats, write_float, write_floats

__all__ = ["BitReader", "BitWriter", "bits_to_uint", "uint_to_bits", "cw_bits", "iv_bits",
           "rank_positions", "unrank_positions", "integer_vector_to_positions",
           "positions_to_integer_vector", "gamma_length", "delta_length", "write_gamma",
           "read_gamma", "write_delta", "read_delta", "zigzag", "unzigzag",
           "write_integer_vector", "read_integer_vector", "read_integer_vector_sparse",
           "FLOAT_WIDTHS", "float_dtype", "write_float", "read_float", "write_floats", "read_floats"]


def write_integer_vector(w: BitWriter, v) -> int:
    """Code ``v`` in ``I(d, sum v)`` with exactly :func:`iv_bits` bits; returns that count.

    The sequence ``f(v)`` has ``d - 1`` ones and ``w`` zeros; the zeros' positions (the
    smaller set when ``w < d``) are ranked, ``C(m, w) = C(m, d - 1)``.

    Parameters
    ----------
    w : BitWriter
        Where the code goes.
    v : array_like of int
        A non-negative integer vector.

    Returns
    -------
    int
        The bits written.

    Examples
    --------
    >>> w = BitWriter()
    >>> write_integer_vector(w, [2, 0, 1])
    4
    """
    import numpy as np

    v = np.asarray(v, dtype=np.int64)
    d, wt = v.size, int(v.sum())
    m = d + wt - 1
    ones = integer_vector_to_positions(v)
    zeros = np.setdiff1d(np.arange(m, dtype=np.int64), ones, assume_unique=True)
    nb = int(cw_bits(m, wt))
    w.write_uint(rank_positions(zeros, m), nb)
    return nb


def read_integer_vector(r: BitReader, d: int, wt: int):
    """Inverse of :func:`write_integer_vector` for a known dimension and weight.

    Parameters
    ----------
    r : BitReader
        The payload.
    d, wt : int
        Dimension and weight of the vector (known to the reader).

    Returns
    -------
    numpy.ndarray of int64
        The vector.

    Examples
    --------
    >>> w = BitWriter()
    >>> _ = write_integer_vector(w, [2, 0, 1])
    >>> read_integer_vector(BitReader(*w.getvalue()), 3, 3).tolist()
    [2, 0, 1]
    """
    import numpy as np

    index, count = read_integer_vector_sparse(r, d, wt)
    out = np.zeros(d, dtype=np.int64)
    out[index] = count
    return out


def read_integer_vector_sparse(r: BitReader, d: int, wt: int):
    """:func:`read_integer_vector` as its non-zero entries: ``(indices, values)``, increasing
    indices, ``O(min(wt, d))`` memory whatever ``d`` (a receiver's large ``d`` sizes nothing).

    The ``t``-th zero of ``f(v)`` (at position ``z_t``) has ``z_t - t`` ones before it, so it
    counts towards entry ``z_t - t``.

    Parameters
    ----------
    r : BitReader
        The payload.
    d, wt : int
        Dimension and weight of the vector.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The indices of the non-zero entries and their values.

    Examples
    --------
    >>> w = BitWriter()
    >>> _ = write_integer_vector(w, [2, 0, 1])
    >>> [a.tolist() for a in read_integer_vector_sparse(BitReader(*w.getvalue()), 3, 3)]
    [[0, 2], [2, 1]]
    """
    import numpy as np

    from ..errors import DecodeError
    from .constant_weight import log2_binom

    m = d + wt - 1
    if m >= 0 and not 0 <= wt <= m:
        raise DecodeError(f"weight {wt} outside [0, {m}]")
    # a declared weight the payload cannot back is refused before any exact arithmetic
    if m >= 0 and log2_binom(m, wt) > r.remaining + 1:
        raise DecodeError(f"weight {wt} needs more bits than the payload's {r.remaining}")
    nb = int(cw_bits(m, wt)) if m >= 0 else 0
    zeros = unrank_positions(r.read_uint(nb), m, wt)
    owner = zeros - np.arange(wt, dtype=np.int64)
    if owner.size and not (owner[0] >= 0 and owner[-1] < d):  # pragma: no cover - unrank's range
        raise DecodeError(f"integer vector entries outside [0, {d})")
    index, count = np.unique(owner, return_counts=True)
    return index.astype(np.int64), count.astype(np.int64)
