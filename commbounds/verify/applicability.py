"""The bound x scheme relation: which lower bound constrains which scheme or protocol.

Bounds declare the class of protocols they constrain (:mod:`commbounds.bounds.applicability`);
schemes and protocols declare what they are (``problems``, ``randomness``, ``unbiased``).
:func:`relation` joins the two into one :class:`Cell` per pair: either the bound applies
(and the suite has a generated check for the pair, on the bound's hard family, at the
budget the scheme actually uses) or it does not, with the reason.  :func:`matrix` adds the
verdicts of a run's records to the cells, which is what the report prints.

Examples
--------
>>> cells = relation()
>>> c = next(c for c in cells if c.bound == "davies2021:thm13/explicit" and c.scheme == "eden")
>>> c.applies, c.family
(True, 'mean-estimation-adversary')
>>> c = next(c for c in cells if c.bound == "davies2021:thm15/explicit" and c.scheme == "bernoulli-subsample")
>>> c.applies, c.reason
(False, 'solves sparse-bernoulli, dme, not variance-reduction')
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import quantizers
from ..bounds.applicability import APPLICABILITY
from ..quantizers.registry import protocol_class, scheme_class

__all__ = ["Cell", "relation", "participants", "matrix", "checked_pairs", "admitted", "admitted_protocols",
           "PROTOCOL_LEVELS"]


@dataclass(frozen=True)
class Cell:
    """One (bound, scheme or protocol) pair: whether the bound applies, and why not."""

    bound: str
    scheme: str
    kind: str            # "scheme" or "protocol"
    applies: bool
    reason: str = ""
    family: str | None = None
    verdicts: dict = field(default_factory=dict)


def participants() -> list[tuple[str, str, type]]:
    """Every registered scheme and protocol: ``(name, kind, class)``."""
    out = [(n, "scheme", scheme_class(n)) for n in quantizers.available()]
    out += [(n, "protocol", protocol_class(n)) for n in quantizers.protocols()]
    return out


def _unbiased(cls: type) -> bool:
    """Declared unbiasedness at the typical parameters (instances may refine the class flag)."""
    try:
        inst = cls(**cls.typical)
    except Exception:  # noqa: BLE001 - a class that needs more than typical keeps its flag
        return bool(cls.unbiased)
    return bool(getattr(inst, "unbiased", cls.unbiased))


def relation(require_check: bool = True) -> list[Cell]:
    """Every (bound with a declared applicability, scheme or protocol) pair as a :class:`Cell`.

    With ``require_check`` a pair in the class applies only where a registered check runs it
    (otherwise the reason says so); without it (the report, which reads only the store) the
    class alone decides.
    """
    people = participants()
    pairs = checked_pairs() if require_check else {}
    cells = []
    for bid, a in sorted(APPLICABILITY.items()):
        for name, kind, cls in people:
            if a.protocols is None:
                cells.append(Cell(bid, name, kind, False, a.why_none))
                continue
            why = a.protocols.why_not(problems=cls.problems, randomness=cls.randomness,
                                      unbiased=_unbiased(cls))
            if not why and require_check and not pairs.get((bid, name)):
                why = f"in the class, but no generated check runs a {kind} on {a.family} yet"
            cells.append(Cell(bid, name, kind, not why, why, a.family if not why else None))
    return cells


def _stated(bound_id: str) -> str:
    """The as-stated bound a corrected form belongs to: its checks fill the stated cell."""
    return bound_id.removesuffix("/corrected")


def checked_pairs() -> dict[tuple[str, str], list[str]]:
    """``(bound, scheme) -> check ids`` over every registered check that names both."""
    from .engine import checks

    out: dict[tuple[str, str], list[str]] = {}
    for c in checks():
        if c.bound and c.scheme:
            for s in (x.strip() for x in c.scheme.split(",")):
                out.setdefault((_stated(c.bound), s), []).append(c.id)
    return out


def matrix(records) -> list[Cell]:
    """The relation (decided by the classes alone) with each applicable cell's verdict counts
    from ``records``: the records whose bound and scheme name the pair.  Reads the records,
    not the check registry, so a report built from a store alone prints it."""
    counts: dict[tuple[str, str], Counter] = {}
    for r in records:
        if r.get("bound") and r.get("scheme"):
            for s in (x.strip() for x in r["scheme"].split(",")):
                counts.setdefault((_stated(r["bound"]), s), Counter())[r["verdict"]] += 1
    out = []
    for c in relation(require_check=False):
        if c.applies:
            c = Cell(c.bound, c.scheme, c.kind, True, "", c.family, dict(counts.get((c.bound, c.scheme), {})))
        out.append(c)
    return out


def admitted(bound: str) -> list[str]:
    """The registered single-vector schemes in ``bound``'s declared class (at their typical
    parameters): the pairs the suite generates checks for."""
    klass = APPLICABILITY[bound].protocols
    out = []
    for name in quantizers.available():
        c = scheme_class(name)
        if klass.admits(problems=c.problems, randomness=c.randomness, unbiased=_unbiased(c)):
            out.append(name)
    return out


#: the levels at which the generated checks run each protocol (q for star and
#: sublinear-broadcast, the group size m for tree); the frontier figures draw these
PROTOCOL_LEVELS = {"star": (8, 64, 1024), "tree": (4, 16, 64), "sublinear-broadcast": (0.5, 2.0)}


def admitted_protocols(bound: str) -> list[str]:
    """The registered protocols in ``bound``'s declared class that the frontier runs."""
    klass = APPLICABILITY[bound].protocols
    return [n for n in quantizers.protocols() if n in PROTOCOL_LEVELS
            and klass.admits(problems=protocol_class(n).problems, randomness=protocol_class(n).randomness,
                             unbiased=protocol_class(n).unbiased)]
