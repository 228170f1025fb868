"""The result record: one typed, versioned line of the result store.

A :class:`Record` is what one task of the suite (one grid point of one check) produced:
the check and the bound it tests, the parameters, the measurement with its interval, the
reference value, the verdict and the rule that decided it, the check's sensitivity, the
trials, the seed, the run time, the versions of everything that shaped the numbers (the
random stream included), the check's description and, for a symbolic check, its outcome
(:class:`Symbolic`).  The report is written from records and the bound registry alone, so
a record carries everything the report prints about its check.

Records are frozen.  Attribute access is the interface (``rec.verdict``); a read-only
mapping view (``rec["verdict"]``, ``rec.get("paper")``, ``dict(rec.items())``) is kept for
code written against the plain dictionaries of schema 1.

Examples
--------
>>> from commbounds.verify import Record
>>> rec = Record(check="huang2019/lem2.2-bits", verdict="pass", params={"n": 4}, measured=3.0,
...              interval=(2.5, 3.5), reference=4.0)
>>> rec.ratio, rec["verdict"]
(0.75, 'pass')
>>> Record.from_json(rec.to_json()) == rec
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ..errors import ResultStoreError

__all__ = ["Record", "Symbolic", "SCHEMA_VERSION", "VERDICTS", "ERRATUM_KINDS", "REQUIRED"]

#: version of the record layout; 1 was the plain dictionary with ``ci`` for ``interval``
SCHEMA_VERSION = 2

#: every verdict a record may carry
VERDICTS = ("pass", "fail", "inconclusive", "not-applicable", "erratum", "error")

#: where an erratum sits: in a stated result, or only in a step of its proof; "unsettled" is a
#: measured discrepancy the text cannot settle (commbounds.bounds.checks.ERRATUM_KINDS)
ERRATUM_KINDS = ("statement", "proof-step", "unsettled")

#: fields every stored line must have (schema 1 named ``interval`` ``ci``)
REQUIRED = ("check", "bound", "params", "measured", "interval", "reference", "ratio", "verdict",
            "trials", "seed", "seconds", "versions")


@dataclass(frozen=True)
class Symbolic:
    """The outcome of a symbolic check: the paper's statement against the re-derivation.

    Parameters
    ----------
    id : str
        The symbolic check's id in ``commbounds.bounds.checks`` (``"huang2019:cor3.2-mse"``).
    location : str
        Where in the paper the statement sits.
    stated, derived : str
        The expression as printed and as re-derived (sympy's ``sstr``).
    holds : bool
        Whether they agree.
    corrected : str, optional
        Registry id of the corrected bound, where the check registers one.
    erratum : {"statement", "proof-step", "unsettled"}, optional
        Where the error sits, when ``holds`` is False (``"unsettled"``: a measured discrepancy
        the text cannot settle).
    description : str
        What the check re-derives and, for an erratum, what is wrong.
    stated_latex, derived_latex : str, optional
        The two forms as LaTeX, written by the suite from the check's own expressions; the
        report typesets them only through its math whitelist
        (:func:`commbounds.reports.mathtex.safe_math`).

    Examples
    --------
    >>> s = Symbolic("p:x", "Eq. (3)", "n", "2*n", holds=False, erratum="proof-step")
    >>> s.erratum
    'proof-step'
    """

    id: str
    location: str
    stated: str
    derived: str
    holds: bool
    corrected: str | None = None
    erratum: str | None = None
    description: str = ""
    stated_latex: str | None = None
    derived_latex: str | None = None

    def __post_init__(self):
        if self.holds and self.erratum is not None:
            raise ResultStoreError(f"symbolic outcome {self.id}: a statement that holds has no erratum kind")
        if not self.holds and self.erratum not in ERRATUM_KINDS:
            raise ResultStoreError(f"symbolic outcome {self.id}: erratum kind must be one of "
                                   f"{', '.join(ERRATUM_KINDS)}, got {self.erratum!r}")


@dataclass(frozen=True)
class Record(Mapping):
    """One result of the suite (see the module docstring).

    Parameters
    ----------
    check : str
        Check id (``"huang2019/thm2.3-mse"``).
    verdict : str
        One of :data:`VERDICTS`.
    bound : str, optional
        Id of the bound the check tests.
    paper, construction, scheme, claim : str, optional
        The check's paper key, hard family, scheme and kind of claim.
    index : int
        Position of the grid point in the check's grid for ``profile``.
    profile : str
        Suite profile the record was produced under.
    params : dict
        The grid point.
    measured : float, optional
        The measurement (None where nothing was measured).
    interval : (float, float), optional
        Its confidence interval.
    reference : float, optional
        The value it is compared with (the bound at ``params``).
    ratio : float, optional
        ``measured / reference`` (filled in when both are given and the reference is not 0).
    rule : str
        The statistical rule that turned the measurement into the verdict.
    sensitivity : float, optional
        The smallest violation of the claim the check would have detected, in the units of
        ``measured``.
    trials : int
        Monte Carlo trials behind the measurement (after sequential stopping).
    seed : dict
        ``{"entropy": root seed, "spawn_key": [...]}``: the ``SeedSequence`` of the task.
    seconds : float
        Wall time of the task.
    versions : dict
        Versions of Python, commbounds, the numerical stack and the random stream.
    description : str
        What the check checks, as the report prints it.
    error, traceback : str, optional
        For verdict ``error``: what the check raised.
    extra : dict
        Check-specific data the figures read.
    symbolic : Symbolic, optional
        The outcome of a symbolic check.
    schema : int
        Layout version (:data:`SCHEMA_VERSION`).

    Examples
    --------
    >>> r = Record(check="huang2019/lem2.2-bits", verdict="pass", measured=3.0, reference=4.0)
    >>> r.ratio, Record.from_json(r.to_json()) == r
    (0.75, True)
    """

    check: str
    verdict: str
    bound: str | None = None
    paper: str | None = None
    construction: str | None = None
    scheme: str | None = None
    claim: str | None = None
    index: int = 0
    profile: str | None = None
    params: dict = field(default_factory=dict)
    measured: float | None = None
    interval: tuple[float | None, float | None] | None = None
    reference: float | None = None
    ratio: float | None = None
    rule: str = ""
    sensitivity: float | None = None
    trials: int = 0
    seed: dict = field(default_factory=dict)
    seconds: float = 0.0
    versions: dict = field(default_factory=dict)
    description: str = ""
    error: str | None = None
    traceback: str | None = None
    extra: dict = field(default_factory=dict)
    symbolic: Symbolic | None = None
    schema: int = SCHEMA_VERSION

    def __post_init__(self):
        if not isinstance(self.check, str) or not self.check:
            raise ResultStoreError(f"a record's check must be a check id (a non-empty string), got {self.check!r}")
        if self.verdict not in VERDICTS:
            raise ResultStoreError(f"record {self.check}: verdict must be one of {', '.join(VERDICTS)}, "
                                   f"got {self.verdict!r}")
        if self.interval is not None:
            if len(self.interval) != 2:
                raise ResultStoreError(f"record {self.check}: interval must be a pair (low, high), "
                                       f"got {self.interval!r}")
            object.__setattr__(self, "interval", tuple(self.interval))
        if self.symbolic is not None and not isinstance(self.symbolic, Symbolic):
            raise ResultStoreError(f"record {self.check}: symbolic must be a Symbolic outcome, "
                                   f"got {type(self.symbolic).__name__}")
        if (self.ratio is None and self.measured is not None and self.reference is not None
                and self.reference != 0 and math.isfinite(self.reference)):
            object.__setattr__(self, "ratio", float(self.measured) / float(self.reference))

    # ---------------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (the store's line, parsed).

        Examples
        --------
        >>> Record(check="a/b", verdict="pass").to_dict()["schema"]
        2
        """
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["interval"] = None if self.interval is None else list(self.interval)
        out["symbolic"] = None if self.symbolic is None else {
            f.name: getattr(self.symbolic, f.name) for f in fields(Symbolic)}
        return out

    def to_json(self) -> str:
        """One line of JSON (keys sorted; infinities as ``Infinity``).

        Examples
        --------
        >>> Record(check="a/b", verdict="fail", measured=2.0).to_json()[:30]
        '{"bound": null, "check": "a/b"'
        """
        return json.dumps(self.to_dict(), sort_keys=True, allow_nan=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Record:
        """Rebuild a record from :meth:`to_dict`'s output, or from a schema-1 dictionary.

        Raises :class:`ResultStoreError` naming a missing or unknown field, a bad value or
        a schema newer than this version.

        Examples
        --------
        >>> old = {"check": "a/b", "bound": None, "params": {}, "measured": 1.0, "ci": [0.5, 1.5],
        ...        "reference": 2.0, "ratio": 0.5, "verdict": "pass", "trials": 10,
        ...        "seed": {"entropy": 0}, "seconds": 0.1, "versions": {}, "schema": 1}
        >>> Record.from_dict(old).interval
        (0.5, 1.5)
        """
        if not isinstance(data, Mapping):
            raise ResultStoreError(f"a record must be a JSON object, got {type(data).__name__}")
        d = dict(data)
        schema = d.get("schema", 1)
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise ResultStoreError(f"record schema must be a positive integer, got {schema!r}")
        if schema > SCHEMA_VERSION:
            raise ResultStoreError(f"record schema {schema} is newer than this commbounds ({SCHEMA_VERSION})")
        if schema == 1:
            d = _from_schema_1(d)
        missing = [k for k in REQUIRED if k not in d]
        if missing:
            raise ResultStoreError(f"record {d.get('check', '?')}: missing field(s) {', '.join(missing)} "
                                   f"(written by an older version?)")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ResultStoreError(f"record {d.get('check', '?')}: unknown field(s) {', '.join(unknown)}")
        sym = d.get("symbolic")
        if sym is not None:
            if not isinstance(sym, Mapping) or set(sym) - {f.name for f in fields(Symbolic)}:
                raise ResultStoreError(f"record {d['check']}: malformed symbolic outcome {sym!r}")
            try:
                d["symbolic"] = Symbolic(**sym)
            except TypeError as exc:
                raise ResultStoreError(f"record {d['check']}: malformed symbolic outcome ({exc})") from None
        d["schema"] = SCHEMA_VERSION
        for name, kinds in _KINDS.items():
            v = d.get(name)
            if (v is None and name in d and name in _NOT_NULL) or (v is not None and not isinstance(v, kinds)):
                raise ResultStoreError(f"record {d.get('check', '?')}: field {name} has the wrong type "
                                       f"({type(v).__name__})")
        return cls(**d)

    @classmethod
    def from_json(cls, line: str) -> Record:
        """Parse one line written by :meth:`to_json` (see :meth:`from_dict`)."""
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResultStoreError(f"a record line is not JSON ({exc.msg})") from None
        return cls.from_dict(data)

    def replace(self, **changes: Any) -> Record:
        """A copy with some fields changed."""
        return replace(self, **changes)

    # ---------------------------------------------------------------- read-only mapping view
    def __getitem__(self, key: str) -> Any:
        if key == "ci":  # the schema-1 name
            key = "interval"
        if key not in _FIELD_NAMES:
            raise KeyError(key)
        v = getattr(self, key)
        if key == "interval" and v is not None:
            return list(v)
        return v

    def __iter__(self) -> Iterator[str]:
        return iter(_FIELD_NAMES)

    def __len__(self) -> int:
        return len(_FIELD_NAMES)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self.to_dict() == other.to_dict()
        return NotImplemented


_FIELD_NAMES = tuple(f.name for f in fields(Record))

_KINDS: dict[str, type | tuple[type, ...]] = {
    "check": str, "verdict": str, "params": dict, "seed": dict, "versions": dict, "extra": dict,
    "measured": (int, float), "reference": (int, float), "ratio": (int, float), "sensitivity": (int, float),
    "seconds": (int, float), "trials": int, "index": int, "interval": (list, tuple),
    "description": str, "rule": str, "error": str, "traceback": str, "bound": str, "paper": str,
    "construction": str, "scheme": str, "claim": str, "profile": str}
#: fields a stored line may not set to null (the report does arithmetic or text on them)
_NOT_NULL = ("check", "verdict", "params", "seed", "versions", "extra", "seconds", "trials", "index",
             "description", "rule")


def _from_schema_1(d: dict) -> dict:
    """Schema 1: ``ci`` for ``interval``; symbolic outcomes in ``extra``; no sensitivity."""
    if "ci" in d:
        d["interval"] = d.pop("ci")
    extra = d.get("extra") or {}
    if d.get("claim") == "symbolic" and "stated" in extra:
        holds = not extra.get("erratum")
        cid = d["check"].split("/symbolic-", 1)[-1]
        d["symbolic"] = {
            "id": f"{d.get('paper')}:{cid}", "location": extra.get("location", ""),
            "stated": extra["stated"], "derived": extra["derived"], "holds": holds,
            "corrected": extra.get("corrected"), "description": extra.get("description", ""),
            "erratum": None if holds else ("statement" if extra.get("corrected") else "proof-step")}
    return d
