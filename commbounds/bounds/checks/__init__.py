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

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import asdict, dataclass

import sympy as sp

from ...errors import UnknownNameError

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


_CHECKS: dict[str, tuple[str, Callable[[], CheckOutcome]]] = {}
_LOADED = False


def symbolic_check(id: str, paper: str):  # noqa: A002
    """Register a zero-argument function returning a :class:`CheckOutcome`."""

    def deco(fn: Callable[[], CheckOutcome]):
        if id in _CHECKS:
            raise ValueError(f"symbolic check {id!r} registered twice")
        _CHECKS[id] = (paper, fn)
        return fn

    return deco


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    _LOADED = True


def available(paper: str | None = None) -> list[str]:
    _load()
    return sorted(k for k, (p, _) in _CHECKS.items() if paper is None or p == paper)


def run(id: str) -> CheckOutcome:  # noqa: A002
    _load()
    if id not in _CHECKS:
        raise UnknownNameError("symbolic check", id, _CHECKS)
    return _CHECKS[id][1]()


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
