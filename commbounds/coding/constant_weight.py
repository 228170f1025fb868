"""Enumerative coding of constant-weight binary sequences, and huang2019's map from
non-negative integer vectors of weight w to constant-weight sequences (Lemma 2.2).

A sequence of length ``m`` with ``w`` ones is coded by its rank in the combinatorial
number system, written in exactly ``ceil(log2 C(m, w))`` bits: the information-theoretic
minimum for a fixed-length code, with no overhead.  Ranking and unranking walk the
lattice of binomials with one multiply-and-divide of a big integer by small integers per
step (``O(m)`` steps), so no binomial is recomputed from scratch.

Why enumerative and not an arithmetic coder: an adaptive arithmetic/ANS coder (e.g.
constriction) reaches the same length only up to its flush overhead (tens of bits) and
its length depends on the data, so a fast path could not count bits without coding; the
enumerative code's length is a function of ``(m, w)`` alone and is exactly the bound of
Lemma 2.2.

Examples
--------
>>> import numpy as np
>>> bits = np.array([0, 1, 1, 0, 0, 1, 0, 0], dtype=np.uint8)
>>> rank = rank_positions(np.flatnonzero(bits), m=8)
>>> cw_bits(8, 3), rank < 56
(6, True)
>>> unrank_positions(rank, m=8, w=3).tolist()
[1, 2, 5]
>>> v = np.array([2, 0, 3, 1])
>>> z = integer_vector_to_positions(v)   # positions of the d-1 ones in f(v)
>>> z.tolist(), positions_to_integer_vector(z, d=4, w=6).tolist()
([2, 3, 7], [2, 0, 3, 1])
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

from ..errors import DecodeError, InvalidInputError

__all__ = ["cw_bits", "rank_positions", "unrank_positions", "integer_vector_to_positions",
           "positions_to_integer_vector", "iv_bits"]

_LN2 = math.log(2.0)


def _exact_bits(m: int, w: int) -> int:
    count = math.comb(int(m), int(w))
    return (count - 1).bit_length() if count > 1 else 0


def _near_integer_bits(m: int, w: int) -> int:
    """``ceil(log2 C(m, w))`` where the float64 logarithm is too close to an integer.

    The logarithm is recomputed with 60 significant digits (mpmath, which sympy depends
    on); only if it is still within ``1e-30`` of an integer -- in practice exact powers of
    two -- is the exact binomial formed (its cost grows quadratically with ``m``).
    """
    import mpmath

    with mpmath.workdps(60):
        lg = (mpmath.loggamma(m + 1) - mpmath.loggamma(w + 1) - mpmath.loggamma(m - w + 1)) \
            / mpmath.log(2)
        if abs(lg - mpmath.nint(lg)) > mpmath.mpf(10) ** -30:
            return max(0, int(mpmath.ceil(lg)))
    return _exact_bits(m, w)


def cw_bits(m, w):
    """``ceil(log2 C(m, w))``, exactly, vectorised over numpy arrays.

    Uses ``gammaln`` and falls back to exact integer binomials wherever the logarithm is
    closer to an integer than its floating-point error could be (there a 60-digit logarithm
    decides, and the exact binomial only if that is within ``1e-30`` of an integer), so the
    result is exact.
    The error of ``lg`` is a few ulps of the three ``gammaln`` terms it is the difference
    of; the tolerance allows ``1e-12`` of their total magnitude (thousands of ulps) plus
    ``1e-9``.  (A tolerance relative to ``lg`` itself would exceed 1 once ``lg > 10^6``
    and send every large count to the quadratic-time exact binomial.)

    Parameters
    ----------
    m, w : array_like of int
        Sequence length and weight (broadcast together).

    Returns
    -------
    int or numpy.ndarray of int64
        The bits of an index among the ``C(m, w)`` sequences.

    Examples
    --------
    >>> int(cw_bits(10, 3))
    7
    """
    m_arr, w_arr = np.broadcast_arrays(np.asarray(m, dtype=np.int64), np.asarray(w, dtype=np.int64))
    if np.any(w_arr < 0) or np.any(w_arr > m_arr):
        raise InvalidInputError("constant-weight coding needs 0 <= w <= m")
    g_m, g_w, g_r = gammaln(m_arr + 1.0), gammaln(w_arr + 1.0), gammaln(m_arr - w_arr + 1.0)
    lg = (g_m - g_w - g_r) / _LN2
    tol = 1e-9 + 1e-12 * (np.abs(g_m) + np.abs(g_w) + np.abs(g_r)) / _LN2
    lg = np.maximum(lg, 0.0)
    out = np.ceil(lg).astype(np.int64).ravel()
    near = (np.abs(lg - np.round(lg)) < tol).ravel()
    for i in np.flatnonzero(near):
        out[i] = _near_integer_bits(int(m_arr.flat[i]), int(w_arr.flat[i]))
    out = out.reshape(lg.shape)
    return int(out) if out.ndim == 0 else out


def log2_binom(m: int, w: int) -> float:
    """``log2 C(m, w)`` in floating point (``gammaln``): a cheap size estimate, used to refuse
    a declared length before any exact big-integer arithmetic."""
    return max(0.0, float(gammaln(m + 1.0) - gammaln(w + 1.0) - gammaln(m - w + 1.0)) / _LN2)


def rank_positions(positions, m: int) -> int:
    """Rank of the set of one-positions among all ``C(m, w)`` sets (colex order).

    ``positions`` must be strictly increasing integers in ``[0, m)``.  The rank is
    ``sum_j C(p_j, j)`` (``j`` from 1); it is computed by walking ``c = C(q + j, j)``,
    ``q = p_j - j + 1``, which is never zero, so every step is an exact integer update.

    Parameters
    ----------
    positions : array_like of int
        The one-positions.
    m : int
        The sequence length.

    Returns
    -------
    int
        The rank, in ``[0, C(m, w))``.

    Examples
    --------
    >>> rank_positions([0, 2, 5], 10)
    11
    """
    p = np.asarray(positions, dtype=np.int64)
    if p.size and (p[0] < 0 or p[-1] >= m or np.any(np.diff(p) <= 0)):
        raise InvalidInputError("positions must be strictly increasing in [0, m)")
    rank, c, q, j = 0, 1, 0, 0  # c = C(q + j, j)
    for pj in p.tolist():
        j += 1
        c = c * (q + j) // j           # (q, j-1) -> (q, j)
        qj = pj - j + 1
        while q < qj:                   # (q, j) -> (q+1, j)
            q += 1
            c = c * (q + j) // q
        rank += c * q // (q + j)        # C(q + j - 1, j) = C(p_j, j)
    return rank


def unrank_positions(rank: int, m: int, w: int) -> np.ndarray:
    """Inverse of :func:`rank_positions` for sequences of length ``m`` and weight ``w``.

    Parameters
    ----------
    rank : int
        A rank in ``[0, C(m, w))``.
    m, w : int
        Sequence length and weight.

    Returns
    -------
    numpy.ndarray of int64
        The increasing one-positions.

    Examples
    --------
    >>> unrank_positions(11, 10, 3).tolist()
    [0, 2, 5]
    """
    if not 0 <= w <= m:
        raise DecodeError(f"weight {w} outside [0, {m}]")
    if rank < 0 or rank >= math.comb(m, w):
        raise DecodeError(f"rank out of range for C({m}, {w})")
    out = np.empty(w, dtype=np.int64)
    if w == 0:
        return out
    q, j = m - w, w
    c = math.comb(q + j, j)            # c = C(q + j, j); term(q, j) = C(q + j - 1, j)
    # invariant: c = C(q + j, j) > rank; each position is the largest q with term <= rank
    while j > 0:
        if rank == 0:                  # the rest are the first j positions
            out[:j] = np.arange(j)
            break
        term = c * q // (q + j)
        steps = 0
        while term > rank:             # q -> q - 1
            c = term
            q -= 1
            term = c * q // (q + j)
            steps += 1
            if steps == _WALK and q > _WALK:
                q, c = _jump(rank, q, j, c)
                term = c * q // (q + j)
        out[j - 1] = q + j - 1
        rank -= term
        c = c * j // (q + j)           # (q, j) -> (q, j - 1)
        j -= 1
    return out


#: steps of the unranking walk before it jumps (a sparse set's gaps are long: walking each
#: one a step at a time would cost O(m) big-integer steps whatever the payload's size)
_WALK = 64


def _jump(rank: int, q: int, j: int, c: int) -> tuple[int, int]:
    """A state ``(q', C(q' + j, j))`` of the unranking walk with ``q' <= q`` still above the
    answer (``C(q' + j, j) > rank``), close to it: the largest ``q'`` whose floating-point
    ``log2 C(q' + j - 1, j)`` is within a margin of ``log2 rank``, by bisection, checked
    exactly; the state it was given if the estimate is not above the answer."""
    target = math.log2(rank)

    def lg(qq):  # log2 C(qq + j - 1, j)
        return (math.lgamma(qq + j) - math.lgamma(j + 1) - math.lgamma(qq)) / _LN2 if qq > 0 else -math.inf

    lo, hi = 0, q                      # lg(lo) <= target (or lo = 0) < lg(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if lg(mid) <= target:
            lo = mid
        else:
            hi = mid
    cand = min(q, lo + 2)
    if cand >= q:
        return q, c
    c_new = math.comb(cand + j, j)
    return (cand, c_new) if c_new > rank else (q, c)


def integer_vector_to_positions(v) -> np.ndarray:
    """Positions of the ``d - 1`` ones of ``f(v)`` (huang2019, Lemma 2.2).

    ``f`` writes, for ``i < d``, ``v_i`` zeros and a one, then ``v_d`` zeros: a sequence of
    length ``d + w - 1`` with ``d - 1`` ones.

    Parameters
    ----------
    v : array_like of int
        A non-empty non-negative integer vector.

    Returns
    -------
    numpy.ndarray of int64
        The ``d - 1`` one-positions.

    Examples
    --------
    >>> integer_vector_to_positions([2, 0, 1]).tolist()
    [2, 3]
    """
    v = np.asarray(v, dtype=np.int64)
    if v.ndim != 1 or v.size == 0 or np.any(v < 0):
        raise InvalidInputError("f maps non-empty 1-d non-negative integer vectors")
    return np.cumsum(v[:-1]) + np.arange(v.size - 1)


def positions_to_integer_vector(positions, d: int, w: int) -> np.ndarray:
    """Inverse of :func:`integer_vector_to_positions`.

    Parameters
    ----------
    positions : array_like of int
        The ``d - 1`` one-positions.
    d, w : int
        Dimension and weight of the vector.

    Returns
    -------
    numpy.ndarray of int64
        The vector.

    Examples
    --------
    >>> positions_to_integer_vector([2, 3], 3, 3).tolist()
    [2, 0, 1]
    """
    p = np.asarray(positions, dtype=np.int64)
    if p.size != d - 1:
        raise DecodeError(f"expected {d - 1} ones, got {p.size}")
    bounds = np.concatenate([[-1], p, [d + w - 1]])
    v = np.diff(bounds) - 1
    if np.any(v < 0):
        raise DecodeError("positions are not strictly increasing")
    return v


def iv_bits(d, w):
    """Bits of a vector of ``I(d, w)``: ``ceil(log2 C(d + w - 1, d - 1))`` (Lemma 2.2).

    Parameters
    ----------
    d, w : array_like of int
        Dimension and weight (broadcast together).

    Returns
    -------
    int or numpy.ndarray of int64

    Examples
    --------
    >>> int(iv_bits(3, 3))
    4
    """
    d = np.asarray(d, dtype=np.int64)
    w = np.asarray(w, dtype=np.int64)
    return cw_bits(d + w - 1, w)
