"""Deterministic maps up to relabelling: set partitions as restricted growth strings.

A deterministic ``r``-bit map of ``m`` symbols is a labelling ``{0..m-1} -> {0..2^r-1}``;
two labellings that differ by a permutation of the labels carry the same information, so
the exploration searches enumerate one representative per class: the *restricted growth
strings* (``a_0 = 0``, ``a_i <= 1 + max(a_0..a_{i-1})``) with at most ``k`` blocks.  Their
number is ``sum_{j<=k} S(m, j)`` (Stirling numbers of the second kind) instead of ``k^m``.

Examples
--------
>>> count_partitions(4, 2), len(partitions(4, 2))
(8, 8)
>>> partitions(3, 2).tolist()
[[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1]]
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..errors import InvalidInputError

__all__ = ["partitions", "count_partitions", "MAX_PARTITIONS"]

#: largest number of partitions a search enumerates
MAX_PARTITIONS = 250_000


@cache
def _stirling(m: int, j: int) -> int:
    if m == j:
        return 1
    if j == 0 or j > m:
        return 0
    return j * _stirling(m - 1, j) + _stirling(m - 1, j - 1)


def count_partitions(m: int, k: int) -> int:
    """Number of partitions of ``m`` symbols into at most ``k`` blocks."""
    return sum(_stirling(m, j) for j in range(1, min(k, m) + 1)) if m else 1


def partitions(m: int, k: int, *, limit: int = MAX_PARTITIONS) -> np.ndarray:
    """All partitions of ``m`` symbols into at most ``k`` blocks, one row each (labels).

    Raises :class:`InvalidInputError` naming the count when it exceeds ``limit``.
    """
    if m < 1 or k < 1:
        raise InvalidInputError(f"partitions need m >= 1 symbols and k >= 1 blocks, got m={m}, k={k}")
    n = count_partitions(m, k)
    if n > limit:
        biggest = max((mm for mm in range(1, m + 1) if count_partitions(mm, k) <= limit), default=0)
        raise InvalidInputError(f"{n} partitions of {m} symbols into at most {k} blocks exceed the limit "
                                f"{limit}; the largest feasible alphabet for {k} blocks has {biggest} symbols")
    rows = np.zeros((1, 1), dtype=np.int64)
    for _ in range(1, m):
        top = rows.max(axis=1)
        parts = []
        for lab in range(min(k, m)):
            keep = top + 1 >= lab
            keep &= lab < k
            if keep.any():
                sub = rows[keep]
                parts.append(np.hstack([sub, np.full((len(sub), 1), lab)]))
        rows = np.vstack(parts)
    order = np.lexsort(rows.T[::-1])
    return rows[order]
