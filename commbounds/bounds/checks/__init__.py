"""Symbolic verifications: corollaries re-derived from their theorems, proof arithmetic
checked with sympy, and the errata that follow.

Each paper has a module ``checks/<paper>.py`` (a long proof walk continues in
``checks/<paper>_<part>.py``, as davies2021's lower bounds and sublinear scheme do) whose
functions are registered with :func:`symbolic_check`; a check returns a :class:`CheckOutcome`.  An outcome whose
``holds`` is False is an **erratum** (paper, location, stated, derived, kind, corrected
id) and the report prints it.  Its ``kind`` says what is wrong:

``"statement"``
    the printed statement itself does not follow; ``corrected`` names the registered
    corrected bound (``<id>/corrected``) that the suite and the figures use.
``"proof-step"``
    a printed step is wrong (a typo, a reversed inequality, a lost term) but the stated
    result still follows once the step is repaired; no stated bound changes.
``"unsettled"``
    a measured discrepancy the text cannot settle (the constant sits in a cited paper,
    say); ``measurement`` says what was measured and ``description`` what is unknown.

:data:`CONSTANTS` (in :mod:`.constants`) lists, per Monte Carlo check of the suite, the
bound constants its verdict depends on and whether each is proof-supported (re-derived
by a symbolic check named there) or an explicit assumption.

>>> from commbounds.bounds.checks import run_all
>>> outcomes = run_all(paper="huang2019")
>>> any(o.id == "huang2019:cor3.2-mse" and not o.holds for o in outcomes)
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass

import sympy as sp

from ..._registry import Registry

__all__ = ["CheckOutcome", "ERRATUM_KINDS", "symbolic_check", "run_all", "errata", "available",
           "equal", "namespace"]

#: what an erratum can be (see the module docstring)
ERRATUM_KINDS = ("statement", "proof-step", "unsettled")


@dataclass(frozen=True)
class CheckOutcome:
    """What one symbolic check found.

    Attributes
    ----------
    id, paper : str
        The check's id (``"<paper>:<name>"``) and the paper key.
    location : str
        Where in the paper the checked line stands ("proof of Lemma 5.1").
    description : str
        What is checked and how, in words.
    stated, derived : str
        The paper's expression as printed, and what the check derives.
    holds : bool
        Whether they agree; False makes the outcome an erratum.
    corrected : str or None
        The registry id of the corrected bound, where the statement changes.
    kind : {"statement", "proof-step", "unsettled"} or None
        What kind of erratum (None exactly when ``holds``).
    measurement : str
        For an ``"unsettled"`` finding, what was measured.
    """

    id: str
    paper: str
    location: str
    description: str
    stated: str
    derived: str
    holds: bool
    corrected: str | None = None
    kind: str | None = None
    measurement: str = ""

    def __post_init__(self):
        if self.holds and self.kind is not None:
            raise ValueError(f"{self.id}: an outcome that holds has no erratum kind ({self.kind!r})")
        if not self.holds and self.kind not in ERRATUM_KINDS:
            raise ValueError(f"{self.id}: an erratum needs a kind in {ERRATUM_KINDS}, got {self.kind!r}")
        if self.kind == "statement" and self.corrected is None:
            raise ValueError(f"{self.id}: a statement erratum names its corrected bound")
        if self.kind == "unsettled" and not self.measurement:
            raise ValueError(f"{self.id}: an unsettled finding states its measurement")

    @property
    def verdict(self) -> str:
        """``"holds"``, ``"erratum"`` (statement or proof step) or ``"finding"`` (unsettled)."""
        if self.holds:
            return "holds"
        return "finding" if self.kind == "unsettled" else "erratum"

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


def namespace(paper: str, statement: str) -> dict[str, sp.Symbol]:
    """The symbols of the registered bound ``"<paper>:<statement>"``, by name.

    Parameters
    ----------
    paper : str
        The paper key.
    statement : str
        The bound's id after the paper key (``"thm8/variance"``).

    Returns
    -------
    dict
        Symbol name -> sympy symbol, as the bound declares them.

    Examples
    --------
    >>> sorted(namespace("davies2021", "thm8/variance-explicit"))
    ['n', 'q', 'y']
    """
    from ..registry import get

    return get(f"{paper}:{statement}").namespace


def available(paper: str | None = None) -> list[str]:
    return [k for k, (p, _) in sorted(CHECKS.items().items()) if paper is None or p == paper]


def run(id: str) -> CheckOutcome:  # noqa: A002
    """Run one check (outcomes are immutable and a check takes no input, so each runs once
    per process)."""
    return _run(id)


@functools.cache
def _run(id: str) -> CheckOutcome:  # noqa: A002
    return CHECKS.lookup(id)[1]()


def run_all(paper: str | None = None) -> list[CheckOutcome]:
    """Run every registered symbolic check (of one paper, if given)."""
    return [run(k) for k in available(paper)]


def errata(paper: str | None = None) -> list[CheckOutcome]:
    """The outcomes that do not hold: statement and proof-step errata and unsettled findings."""
    return [o for o in run_all(paper) if not o.holds]


def equal(a: sp.Expr, b: sp.Expr) -> bool:
    """Symbolic equality, with base-2 logs rewritten and both sides simplified."""
    diff = sp.simplify(sp.expand_log((a - b).rewrite(sp.log), force=True))
    return diff == 0


def outcome(id: str, paper: str, location: str, description: str, stated, derived,  # noqa: A002
            holds: bool | None = None, corrected: str | None = None, kind: str | None = None,
            measurement: str = "") -> CheckOutcome:
    """Build an outcome; ``holds`` defaults to symbolic equality of stated and derived.

    ``kind`` is the erratum kind used when the outcome does not hold; it defaults to
    ``"statement"`` when a corrected bound is named and ``"proof-step"`` otherwise, so a
    check whose comparison could go either way need not branch.  Checks whose stated and
    derived values are program-built expressions (never user text) pass them here.
    """
    if holds is None:
        holds = equal(sp.sympify(stated), sp.sympify(derived))
    holds = bool(holds)
    if holds:
        kind = None
    elif kind is None:
        kind = "statement" if corrected is not None else "proof-step"
    return CheckOutcome(id, paper, location, description, sp.sstr(stated), sp.sstr(derived),
                        holds, corrected, kind, measurement)


def findings(paper: str | None = None) -> list[CheckOutcome]:
    """The unsettled findings: measured discrepancies the text cannot settle."""
    return [o for o in run_all(paper) if o.kind == "unsettled"]
