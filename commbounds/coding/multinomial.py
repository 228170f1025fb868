"""Enumerative coding of strings with a known symbol histogram (multinomial coding).

A string of length ``d`` over the alphabet ``{0, ..., k-1}`` whose histogram
``(n_0, ..., n_{k-1})`` the receiver knows is one of ``M = d! / prod_j n_j!`` strings; it
is sent as its rank in exactly ``ceil(log2 M)`` bits.  This is arithmetic coding with the
exact empirical (static) model and no flush overhead, and its length is a function of the
histogram alone, so a fast path can count bits without coding.

Ranking splits the alphabet in halves recursively: at a node covering symbols
``[a, b)`` and ``m`` positions, the indicator "symbol ``>= mid``" is a constant-weight
sequence ranked with :func:`~commbounds.coding.constant_weight.rank_positions`
(radix ``C(m, #upper)``), then both halves are ranked recursively.  The node ranks are
combined in mixed radix into ONE integer; the radices multiply to ``M`` exactly (the
multinomial is the product of the binomials along the tree), so the whole string costs
``ceil(log2 M)`` bits, not the sum of per-node ceilings.  The tree has depth
``ceil(log2 k)`` and every level walks ``d`` positions: ``O(d log k)`` big-integer steps.

Examples
--------
>>> import numpy as np
>>> from commbounds.coding import BitReader, BitWriter
>>> s = np.array([2, 0, 1, 2, 2, 0])
>>> counts = np.bincount(s, minlength=3)
>>> multinomial_bits(counts)      # ceil(log2(6! / (2! 1! 3!))) = ceil(log2 60)
6
>>> w = BitWriter(); nbits = write_string(w, s, counts)
>>> payload, n = w.getvalue()
>>> read_string(BitReader(payload, n), counts).tolist()
[2, 0, 1, 2, 2, 0]
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

from ..errors import DecodeError, InvalidInputError
from .bits import BitReader, BitWriter
from .constant_weight import rank_positions, unrank_positions

__all__ = ["multinomial_bits", "string_bits", "rank_string", "unrank_string",
           "write_string", "read_string"]

_LN2 = math.log(2.0)


def multinomial_bits(counts):
    """``ceil(log2(d! / prod_j n_j!))`` for histograms along the last axis, exactly.

    Uses ``gammaln``; wherever the logarithm lies closer to an integer than its error could
    be (``1e-9`` plus ``1e-12`` of the ``gammaln`` terms' magnitude, as in
    :func:`~commbounds.coding.constant_weight.cw_bits`) the exact integer multinomial decides.
    """
    c = np.asarray(counts, dtype=np.int64)
    if c.ndim == 0:
        raise InvalidInputError("multinomial_bits takes histograms along the last axis")
    if np.any(c < 0):
        raise InvalidInputError("histogram counts must be >= 0")
    d = c.sum(axis=-1)
    g_d, g_c = gammaln(d + 1.0), gammaln(c + 1.0).sum(axis=-1)
    return _ceil_exact((g_d - g_c) / _LN2, lambda i: c.reshape(-1, c.shape[-1])[i], g_d + g_c)


def string_bits(S, k: int):
    """:func:`multinomial_bits` of the histogram of every row of ``S`` (symbols in ``[0, k)``).

    Vectorised without a ``(rows, k)`` histogram: each row is sorted and the runs of equal
    symbols give the counts, so memory is ``O(rows * d)`` whatever ``k``.
    """
    S = np.asarray(S, dtype=np.int64)
    lead, d = S.shape[:-1], S.shape[-1]
    flat = np.sort(S.reshape(-1, d), axis=1)
    rows = flat.shape[0]
    if rows == 0:
        return np.zeros(lead, dtype=np.int64)
    new = np.ones(flat.shape, dtype=bool)
    new[:, 1:] = flat[:, 1:] != flat[:, :-1]
    starts = np.flatnonzero(new.ravel())
    lengths = np.diff(np.append(starts, flat.size))
    run_row = starts // d
    lfact = np.bincount(run_row, weights=gammaln(lengths + 1.0), minlength=rows)
    g_d = gammaln(d + 1.0)
    out = _ceil_exact((g_d - lfact) / _LN2, lambda i: np.bincount(flat[i], minlength=1), g_d + lfact)
    return out.reshape(lead) if lead else int(out)


def rank_string(S, k: int) -> int:
    """Rank of the string ``S`` among all strings with its histogram (see the module doc)."""
    S = np.asarray(S, dtype=np.int64)
    if S.ndim != 1 or (S.size and (S.min() < 0 or S.max() >= k)):
        raise InvalidInputError(f"a string is a 1-d array of symbols in [0, {k})")
    rank, _ = _rank(S, 0, int(k))
    return rank


def unrank_string(rank: int, counts) -> np.ndarray:
    """Inverse of :func:`rank_string` for a known histogram."""
    counts = np.asarray(counts, dtype=np.int64)
    total = _radix(counts, 0, counts.size)
    if not 0 <= rank < total:
        raise DecodeError("multinomial rank out of range for the histogram")
    return _unrank(int(rank), 0, counts.size, counts)


def write_string(w: BitWriter, S, counts) -> int:
    """Write the rank of ``S`` in exactly :func:`multinomial_bits` ``(counts)`` bits."""
    counts = np.asarray(counts, dtype=np.int64)
    nb = int(multinomial_bits(counts))
    w.write_uint(rank_string(S, counts.size), nb)
    return nb


def read_string(r: BitReader, counts) -> np.ndarray:
    """Inverse of :func:`write_string` for a known histogram."""
    counts = np.asarray(counts, dtype=np.int64)
    if counts.ndim == 1 and np.all(counts >= 0):
        # refuse a histogram the payload cannot back before any exact big-integer arithmetic
        est = (gammaln(counts.sum() + 1.0) - gammaln(counts + 1.0).sum()) / _LN2
        if est > r.remaining + 1:
            raise DecodeError(f"the histogram needs about {est:.0f} bits, the payload holds {r.remaining}")
    nb = int(multinomial_bits(counts))
    if nb > r.remaining:
        raise DecodeError(f"the histogram needs {nb} bits, the payload holds {r.remaining}")
    return unrank_string(r.read_uint(nb), counts)


# ----------------------------------------------------------------------------- helpers
def _ceil_exact(lg: np.ndarray, counts_of, magnitude) -> np.ndarray:
    """``ceil(lg)``, settled by the exact multinomial where ``lg`` (a difference of
    ``gammaln`` terms of total size ``magnitude``) may be an integer within its error."""
    lg = np.maximum(np.asarray(lg, dtype=np.float64), 0.0)
    tol = 1e-9 + 1e-12 * np.abs(np.asarray(magnitude, dtype=np.float64)) / _LN2
    out = np.ceil(lg).astype(np.int64).ravel()
    near = (np.abs(lg - np.round(lg)) < tol).ravel()
    for i in np.flatnonzero(near):
        out[i] = _exact_bits(counts_of(i))
    out = out.reshape(lg.shape)
    return int(out) if out.ndim == 0 else out


def _exact_bits(counts) -> int:
    total = _radix(np.asarray(counts, dtype=np.int64), 0, len(counts))
    return (total - 1).bit_length() if total > 1 else 0


def _radix(counts: np.ndarray, a: int, b: int) -> int:
    """Number of strings over symbols ``[a, b)`` with the given counts (a multinomial)."""
    total, m = 1, 0
    part = counts[a:b]
    for n in part[part > 0].tolist():
        m += n
        total *= math.comb(m, n)
    return total


def _rank(S: np.ndarray, a: int, b: int) -> tuple[int, int]:
    """(rank, radix) of ``S`` (symbols in ``[a, b)``)."""
    if b - a <= 1 or S.size == 0:
        return 0, 1
    mid = (a + b) // 2
    upper = S >= mid
    m, w = S.size, int(np.count_nonzero(upper))
    r0, q0 = rank_positions(np.flatnonzero(upper), m), math.comb(m, w)
    r1, q1 = _rank(S[~upper], a, mid)
    r2, q2 = _rank(S[upper], mid, b)
    return r0 + q0 * (r1 + q1 * r2), q0 * q1 * q2


def _unrank(rank: int, a: int, b: int, counts: np.ndarray) -> np.ndarray:
    m = int(counts[a:b].sum())
    if b - a <= 1 or m == 0:
        return np.full(m, a, dtype=np.int64)
    mid = (a + b) // 2
    w = int(counts[mid:b].sum())
    q0 = math.comb(m, w)
    rank, r0 = divmod(rank, q0)
    q1 = _radix(counts, a, mid)
    r2, r1 = divmod(rank, q1)
    out = np.empty(m, dtype=np.int64)
    upper = np.zeros(m, dtype=bool)
    upper[unrank_positions(r0, m, w)] = True
    out[~upper] = _unrank(r1, a, mid, counts)
    out[upper] = _unrank(r2, mid, b, counts)
    return out
