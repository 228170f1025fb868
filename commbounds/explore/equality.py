"""The deterministic one-round communication of N-party equality at tiny sizes, by exhaustion.

``EQ_{d,N}``: party ``i`` holds ``x_i in {0,1}^d``; a referee who receives one message from
each party must decide whether all inputs are equal.  A deterministic simultaneous protocol
with ``b`` bits per party is a tuple of encoders ``f_i : {0,1}^d -> [2^b]``; a referee exists
iff no two input tuples with the same message tuple differ in their answer.  Relabelling
one party's messages changes nothing, so encoders range over set partitions of the ``2^d``
inputs into at most ``2^b`` blocks.  :func:`min_bits` tries ``b = 0, 1, ...`` and returns the
first ``b`` for which some profile is correct: an exhaustive (exact) search result.

Examples
--------
>>> res = min_bits(d=2, N=2)
>>> res.bits_per_party, res.total_bits, res.profiles_searched
(2, 4, 290)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from .partitions import count_partitions, partitions

__all__ = ["EqualityResult", "min_bits", "MAX_PROFILES"]

#: largest number of encoder profiles one bit budget may need
MAX_PROFILES = 200_000


@dataclass(frozen=True)
class EqualityResult:
    bits_per_party: int
    total_bits: int
    profiles_searched: int
    status: str = "exhaustive"


def min_bits(d: int, N: int) -> EqualityResult:
    """Least ``b`` such that some deterministic ``b``-bit-per-party protocol decides ``EQ_{d,N}``."""
    for name, v, lo in (("d", d, 1), ("N", N, 2)):
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            raise InvalidInputError(f"{name} must be an integer >= {lo}, got {v!r}")
    m = 2**d
    tuples = np.array(list(itertools.product(range(m), repeat=N)))  # (m^N, N)
    if len(tuples) > 10**6:
        raise InvalidInputError(f"{len(tuples)} input tuples (2^(dN)) exceed 10^6; use d*N <= 19")
    answer = np.all(tuples == tuples[:, :1], axis=1)
    searched = 0
    for b in range(0, d + 1):
        k = 2**b
        n_prof = count_partitions(m, k) ** N
        if n_prof > MAX_PROFILES:
            raise InvalidInputError(f"{n_prof} encoder profiles at b={b} bits (d={d}, N={N}) exceed the limit "
                                    f"{MAX_PROFILES}")
        encs = partitions(m, k)
        for prof in itertools.product(range(len(encs)), repeat=N):
            searched += 1
            if _correct(encs, prof, tuples, answer, k):
                return EqualityResult(b, b * N, searched)
    raise AssertionError("sending the input (d bits) always decides equality")  # pragma: no cover


def _correct(encs, prof, tuples, answer, k) -> bool:
    key = np.zeros(len(tuples), dtype=np.int64)
    for i, e in enumerate(prof):
        key = key * k + encs[e][tuples[:, i]]
    yes = np.zeros(k ** len(prof), dtype=bool)
    no = np.zeros_like(yes)
    yes[key[answer]] = True
    no[key[~answer]] = True
    return not np.any(yes & no)


