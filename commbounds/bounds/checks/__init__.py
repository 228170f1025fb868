"""Symbolic verifications: corollaries re-derived from their theorems, proof arithmetic
checked with sympy, and the errata that follow.

Each paper has a module ``checks/<paper>.py`` whose functions are registered with
:func:`symbolic_check`; a check returns a :class:`CheckOutcome`.  An outcome whose
``holds`` is False is an **erratum** (paper, location, stated, derived) and the report
prints it.

>>> from commbounds.bounds.checks import run_all
>>> outcomes = run_all(paper="huang2019")
>>> any(o.id == "huang2019:cor3.2-mse" and not o.holds for o in outcomes)
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import sympy as sp

from ..._registry import Registry

__all__ = ["CheckOutcome", "symbolic_check", "run_all", "errata", "available", "equal"]


@dataclass(frozen=True)
class CheckOutcome:
    """What one symbolic check found.

    ``stated`` is the paper's expression as printed, ``derived`` what the check derives;
    ``holds`` is whether they agree.  ``corrected`` names the registry id of the corrected
    bound where the check produced one.
    """

    id: str
    paper: str
    location: str
    description: str
    stated: str
    derived: str
    holds: bool
    corrected: str | None = None

    @property
    def verdict(self) -> str:
        return "holds" if self.holds else "erratum"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["verdict"] = self.verdict
        return d


#: check id -> (paper, function); the paper modules of this package register here
CHECKS = Registry("symbolic check", __name__)


def symbolic_check(id: str, paper: str):  # noqa: A002
    """Register a zero-argument function returning a :class:`CheckOutcome`."""

    def deco(fn: Callable[[], CheckOutcome]):
        CHECKS.add(id, (paper, fn))
        return fn

    return deco


def available(paper: str | None = None) -> list[str]:
    return [k for k, (p, _) in sorted(CHECKS.items().items()) if paper is None or p == paper]


def run(id: str) -> CheckOutcome:  # noqa: A002
    return CHECKS.lookup(id)[1]()


def run_all(paper: str | None = None) -> list[CheckOutcome]:
    """Run every registered symbolic check (of one paper, if given)."""
    return [run(k) for k in available(paper)]


def errata(paper: str | None = None) -> list[CheckOutcome]:
    """The outcomes that found a statement not following from its source."""
    return [o for o in run_all(paper) if not o.holds]


def equal(a: sp.Expr, b: sp.Expr) -> bool:
    """Symbolic equality, with base-2 logs rewritten and both sides simplified."""
    diff = sp.simplify(sp.expand_log((a - b).rewrite(sp.log), force=True))
    return diff == 0


def outcome(id: str, paper: str, location: str, description: str, stated, derived,  # noqa: A002
            holds: bool | None = None, corrected: str | None = None) -> CheckOutcome:
    """Build an outcome; ``holds`` defaults to symbolic equality of stated and derived."""
    if holds is None:
        holds = equal(sp.sympify(stated), sp.sympify(derived))
    return CheckOutcome(id, paper, location, description, sp.sstr(stated), sp.sstr(derived),
                        bool(holds), corrected)
