"""The best unbiased ``b``-bit quantizer of a finite point set for a codebook, by certified LP.

An unbiased randomised quantizer onto a codebook ``K`` (``|K| <= 2^b``) sends point ``x`` to
codeword ``c`` with probability ``p_x(c)``, ``sum_c p_x(c) c = x``; its error at ``x`` is
``sum_c p_x(c) |c - x|^2``.  Each point is its own LP (:func:`~commbounds.explore.certify.solve_lp`,
certified by its rationalised dual); the worst-case error is the largest of them and the
average their mean.  :func:`best_codebook` searches the ``2^b``-subsets of a candidate set
for the codebook with the smallest worst-case error (exhaustively, so refused when the
number of subsets is too large).

Examples
--------
>>> from fractions import Fraction as F
>>> res = best_unbiased([[F(0)], [F(1, 2)], [F(1)]], [[F(0)], [F(1)]])
>>> res.status, res.worst, res.average
('certified', Fraction(1, 4), Fraction(1, 12))
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import InvalidInputError
from .certify import solve_lp

__all__ = ["QuantizerLP", "best_unbiased", "best_codebook", "MAX_SUBSETS"]

#: largest number of candidate codebooks :func:`best_codebook` tries
MAX_SUBSETS = 2_000


@dataclass(frozen=True)
class QuantizerLP:
    """Per-point exact errors of the best unbiased quantizer onto ``codebook``."""

    status: str  #: "certified" when every point's LP is, else the first failure
    worst: Fraction | None  #: proven optimal worst-case error
    average: Fraction | None  #: proven optimal average error
    per_point: tuple[Fraction | None, ...]
    codebook: tuple[tuple[Fraction, ...], ...]


def best_unbiased(points: Sequence[Sequence], codebook: Sequence[Sequence]) -> QuantizerLP:
    """Minimum error of an unbiased quantizer of each point onto ``codebook`` (certified)."""
    P = [tuple(Fraction(v) for v in x) for x in points]
    K = [tuple(Fraction(v) for v in c) for c in codebook]
    if not P or not K or len({len(x) for x in P + K}) != 1:
        raise InvalidInputError("points and codebook must be non-empty and of one dimension")
    d = len(P[0])
    vals, status = [], "certified"
    for x in P:
        cost = [sum(((a - b) ** 2 for a, b in zip(c, x, strict=True)), Fraction(0)) for c in K]
        A = [[Fraction(1)] * len(K)] + [[c[j] for c in K] for j in range(d)]
        b = [Fraction(1)] + list(x)
        res = solve_lp(cost, A=A, b=b, u=[Fraction(1)] * len(K))
        if not res.certified:
            vals.append(None)
            status = "infeasible" if res.status == "solver-failed" else res.status
            continue
        # the primal optimum of these LPs is rational with small denominators: round it
        vals.append(_snap(res.lower, res.value))
    if status != "certified":
        return QuantizerLP(status, None, None, tuple(vals), tuple(K))
    return QuantizerLP(status, max(vals), sum(vals, Fraction(0)) / len(vals), tuple(vals), tuple(K))


def _snap(lower: Fraction, value: float) -> Fraction:
    """The proven lower bound, replaced by a nearby small-denominator rational when that is
    within the solver's value (still a proven bound only if <= lower; otherwise keep lower)."""
    near = Fraction(value).limit_denominator(10**6)
    return near if near <= lower else lower


def best_codebook(points: Sequence[Sequence], candidates: Sequence[Sequence], b: int) -> QuantizerLP:
    """The ``2^b``-subset of ``candidates`` whose best unbiased quantizer has the least worst-case error."""
    k = 2**b
    n_sub = math.comb(len(candidates), k)
    if n_sub > MAX_SUBSETS:
        raise InvalidInputError(f"{n_sub} codebooks ({len(candidates)} candidates choose {k}) exceed the limit "
                                f"{MAX_SUBSETS}")
    P = np.array([[float(v) for v in x] for x in points])
    best = None
    for sub in itertools.combinations(range(len(candidates)), k):
        C = np.array([[float(v) for v in candidates[i]] for i in sub])
        if not _hull_contains(C, P):
            continue
        res = best_unbiased(points, [candidates[i] for i in sub])
        if res.status == "certified" and (best is None or res.worst < best.worst):
            best = res
    if best is None:
        raise InvalidInputError(f"no {k}-point codebook from the candidates contains every point in its convex hull")
    return best


def _hull_contains(C: np.ndarray, P: np.ndarray) -> bool:
    """Whether every point of P is a convex combination of the rows of C (float screen)."""
    from scipy.optimize import linprog

    A = np.vstack([np.ones(len(C)), C.T])
    for x in P:
        r = linprog(np.zeros(len(C)), A_eq=A, b_eq=np.concatenate([[1.0], x]), bounds=(0, 1), method="highs")
        if r.status != 0:
            return False
    return True
