"""Certified linear programs: solve with cvxpy, then prove the value in exact arithmetic.

:func:`solve_lp` solves ``min c.x  s.t.  A x = b,  G x <= h,  0 <= x <= u`` with cvxpy
(solver HiGHS, the dual simplex / interior point code bundled with scipy; Clarabel when
HiGHS is not available) and turns the solver's dual solution into a *proof*: the duals are
rationalised (:class:`fractions.Fraction`), ``z`` (the inequality multipliers) clipped at 0,
and the weak-duality bound

    ``c.x >= b.y - h.z + sum_j u_j min(0, r_j)``,  ``r = c - A^T y + G^T z``,

which holds for *every* feasible ``x`` and every ``y``, ``z >= 0``, is evaluated exactly
from the rational problem data.  The bound is therefore proven whatever the solver did;
it is reported as the optimum only when it meets the solver's primal value to within
``rtol`` (status ``"certified"``).  Otherwise the status says what went wrong
(``"certificate-loose"``, ``"solver-failed"``) and no optimum is claimed.

Examples
--------
>>> from fractions import Fraction as F
>>> res = solve_lp(c=[F(1), F(2)], A=[[F(1), F(1)]], b=[F(1)], u=[F(1), F(1)])
>>> res.status, res.lower, round(res.value, 6)
('certified', Fraction(1, 1), 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import InvalidInputError

__all__ = ["LPResult", "solve_lp", "rationalise", "SOLVER", "solver_name"]

#: the LP solver used by every exploration LP (cvxpy's name for it)
SOLVER = "HIGHS"
#: denominators of rationalised duals are limited to this
MAX_DENOMINATOR = 10**9


@dataclass(frozen=True)
class LPResult:
    """A solved LP: the solver's value and the exact, proven lower bound."""

    status: str  #: "certified", "certificate-loose" or "solver-failed"
    value: float | None  #: the solver's primal value
    lower: Fraction | None  #: proven lower bound on the optimum (exact)
    x: np.ndarray | None  #: the solver's primal solution
    solver: str
    message: str = ""

    @property
    def certified(self) -> bool:
        return self.status == "certified"


_CHOSEN: str | None = None


def solver_name() -> str:
    """The cvxpy solver the exploration LPs use: HiGHS when installed, else Clarabel.

    HiGHS prints a banner on standard output the first time a process loads it; the first
    call solves a one-variable LP with file descriptor 1 pointed at the null device, so
    command-line output stays clean.
    """
    global _CHOSEN
    if _CHOSEN is None:
        import os
        import sys

        import cvxpy as cp

        name = SOLVER if SOLVER in cp.installed_solvers() else "CLARABEL"
        x = cp.Variable()
        sys.stdout.flush()
        saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
            cp.Problem(cp.Minimize(x), [x >= 0]).solve(solver=name)
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(null)
        _CHOSEN = name
    return _CHOSEN


def rationalise(v: float, max_denominator: int = MAX_DENOMINATOR) -> Fraction:
    """The nearest fraction with a bounded denominator (exact for small rationals)."""
    if not np.isfinite(v):
        raise InvalidInputError(f"cannot rationalise a non-finite dual value {v!r}")
    return Fraction(float(v)).limit_denominator(max_denominator)


def solve_lp(c: Sequence, *, A: Sequence[Sequence] = (), b: Sequence = (), G: Sequence[Sequence] = (),
             h: Sequence = (), u: Sequence, rtol: float = 1e-6) -> LPResult:
    """Solve ``min c.x`` over ``A x = b, G x <= h, 0 <= x <= u`` and certify the value.

    Parameters
    ----------
    c, A, b, G, h, u : sequences of numbers (``Fraction``, ``int`` or ``float``)
        The problem data; floats are taken as the exact rationals they represent. Every
        variable needs a finite upper bound ``u_j`` (the certificate uses it).
    rtol : float
        Relative tolerance between the proven bound and the solver's value for the status
        ``"certified"``.

    Returns
    -------
    LPResult

    Examples
    --------
    >>> r = solve_lp([1, 1], A=[[1, 1]], b=[1], u=[1, 1])
    >>> r.status, r.lower
    ('certified', Fraction(1, 1))
    """
    import cvxpy as cp

    cF = [Fraction(v) for v in c]
    m = len(cF)
    AF = [[Fraction(v) for v in row] for row in A]
    GF = [[Fraction(v) for v in row] for row in G]
    bF, hF, uF = [Fraction(v) for v in b], [Fraction(v) for v in h], [Fraction(v) for v in u]
    if len(uF) != m or any(len(r) != m for r in AF + GF) or len(bF) != len(AF) or len(hF) != len(GF):
        raise InvalidInputError(f"LP data shapes disagree: {m} variables, A {len(AF)} rows, b {len(bF)}, "
                                f"G {len(GF)} rows, h {len(hF)}, u {len(uF)}")
    if any(v < 0 for v in uF):
        raise InvalidInputError("every upper bound u_j must be >= 0")
    x = cp.Variable(m)
    cons = [x >= 0, x <= np.array(uF, dtype=float)]
    eq = ineq = None
    if AF:
        eq = np.array(AF, dtype=float) @ x == np.array(bF, dtype=float)
        cons.append(eq)
    if GF:
        ineq = np.array(GF, dtype=float) @ x <= np.array(hF, dtype=float)
        cons.append(ineq)
    solver = solver_name()
    prob = cp.Problem(cp.Minimize(np.array(cF, dtype=float) @ x), cons)
    try:
        prob.solve(solver=solver)
    except cp.error.SolverError as exc:
        return LPResult("solver-failed", None, None, None, solver, str(exc))
    if prob.status != cp.OPTIMAL:
        return LPResult("solver-failed", None, None, None, solver, f"solver status {prob.status}")
    y = [rationalise(v) for v in np.atleast_1d(eq.dual_value)] if eq is not None else []
    z = [max(Fraction(0), rationalise(v)) for v in np.atleast_1d(ineq.dual_value)] if ineq is not None else []
    lower = max(_bound(cF, AF, bF, GF, hF, uF, y, z), _bound(cF, AF, bF, GF, hF, uF, [-v for v in y], z))
    value = float(prob.value)
    ok = float(lower) >= value - rtol * max(1.0, abs(value))
    status = "certified" if ok else "certificate-loose"
    msg = "" if ok else f"proven bound {float(lower):.6g} is below the solver's value {value:.6g}"
    return LPResult(status, value, lower, np.asarray(x.value), solver, msg)


def _bound(c, A, b, G, h, u, y, z) -> Fraction:
    """``b.y - h.z + sum_j u_j min(0, r_j)`` with ``r = c - A^T y + G^T z`` (exact)."""
    r = list(c)
    for yi, row in zip(y, A, strict=True):
        if yi:
            for j, a in enumerate(row):
                if a:
                    r[j] -= yi * a
    for zi, row in zip(z, G, strict=True):
        if zi:
            for j, g in enumerate(row):
                if g:
                    r[j] += zi * g
    val = sum((bi * yi for bi, yi in zip(b, y, strict=True)), Fraction(0))
    val -= sum((hi * zi for hi, zi in zip(h, z, strict=True)), Fraction(0))
    val += sum((uj * rj for uj, rj in zip(u, r, strict=True) if rj < 0), Fraction(0))
    return val
