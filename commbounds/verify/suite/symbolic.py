"""Generated checks: every symbolic verification of the bounds layer.

A statement that follows from its source passes.  An erratum (a statement that does not
follow) passes when the corrected bound it names is registered, or when it names none
(the error sits in a proof step and changes no stated bound); it is inconclusive when it
names a corrected bound that is not registered.  The report lists every erratum.
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
            verdict, rule = "pass", "erratum recorded in a proof step; no stated bound changes"
        elif o.corrected in ids():
            verdict, rule = "pass", "erratum recorded; the corrected bound is registered"
        else:
            verdict, rule = "inconclusive", f"erratum recorded; corrected bound {o.corrected} is not registered"
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
    (``commbounds.bounds.checks.CheckOutcome.kind``)."""
    kind = None if o.holds else o.kind
    return Symbolic(id=o.id, location=o.location, stated=o.stated, derived=o.derived, holds=o.holds,
                    corrected=o.corrected, erratum=kind, description=o.description)


for _cid in symbolic.available():
    register(_make(_cid, _cid.split(":")[0]))
