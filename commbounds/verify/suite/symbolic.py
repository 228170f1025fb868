"""Generated checks: every symbolic verification of the bounds layer.

A statement that follows from its source passes.  A statement that does not follow is an
``erratum`` -- its own verdict, never counted as a pass, whether the error changes a stated
bound (the corrected bound is then registered, or the rule says it is missing) or sits only
in a step of the proof.  A check that can show neither fails.  The report lists every
erratum.
"""

from __future__ import annotations

from ...bounds import checks as symbolic
from ...bounds import ids
from ..engine import Check, Outcome, register
from ..record import Symbolic


def _make(cid: str, paper: str):
    def fn(p, rng, trials):
        o = symbolic.run(cid)
        if o.holds:
            verdict, rule = "pass", "the statement follows symbolically"
        elif o.corrected is None:
            verdict, rule = "erratum", "stated and derived differ in a proof step; no stated bound changes"
        elif o.corrected in ids():
            verdict, rule = "erratum", f"stated and derived differ; the corrected bound {o.corrected} is registered"
        else:
            verdict, rule = "erratum", (f"stated and derived differ; the corrected bound {o.corrected} "
                                        "is not registered")
        return Outcome(1.0 if o.holds else 0.0, None, 1.0, verdict, rule, ratio=None,
                       extra={"stated": o.stated, "derived": o.derived, "location": o.location,
                              "description": o.description, "erratum": not o.holds,
                              "corrected": o.corrected},
                       symbolic=_symbolic(o))

    fn.__doc__ = f"Symbolic check {cid}."
    return Check(id=f"{paper}/symbolic-{cid.split(':', 1)[1]}", paper=paper, fn=fn,
                 grids={"smoke": [{}]}, claim="symbolic", bound=None,
                 trials={"smoke": 1, "quick": 1, "full": 1}, description=fn.__doc__)


def _symbolic(o) -> Symbolic:
    """The record's copy of a symbolic outcome, with the erratum kind the check states
    (``commbounds.bounds.checks.CheckOutcome.kind``).  An unsettled finding carries its
    measurement in the description (after what the check says is unknown), so the errata
    table prints the figures beside the open question.

    >>> from commbounds.bounds.checks import run
    >>> s = _symbolic(run("mayekar2020:thm6.1-mi-paninski-constant"))
    >>> s.erratum, "What is unknown" in s.description, "Measured: d=2, delta=0.01" in s.description
    ('unsettled', True, True)
    """
    kind = None if o.holds else o.kind
    description = o.description
    if kind == "unsettled":
        description = f"{description.rstrip('.')}. Measured: {o.measurement}."
    return Symbolic(id=o.id, location=o.location, stated=o.stated, derived=o.derived, holds=o.holds,
                    corrected=o.corrected, erratum=kind, description=description,
                    stated_latex=_latex(o.stated), derived_latex=_latex(o.derived))


def _latex(text: str) -> str | None:
    """LaTeX of an expression the symbolic check itself printed with ``sympy.sstr`` (code of
    this package, never a store or user value), or None when it is prose."""
    import sympy as sp
    from sympy.parsing.sympy_parser import parse_expr

    from ...special.symbolic import log2

    try:
        expr = parse_expr(str(text), local_dict={"log2": log2}, evaluate=False)
        return sp.latex(expr, ln_notation=True) if isinstance(expr, sp.Basic) else None
    except Exception:  # prose, or a relation sympy's parser does not read: printed as text
        return None


for _cid in symbolic.available():
    register(_make(_cid, _cid.split(":")[0]))
