"""The verification engine: checks, tasks, seeds, sequential stopping and result records.

A *check* ties a claim of a paper to its bound id(s), construction and scheme, with one
parameter grid per profile.  Each grid point is a *task*; a task's seed is the child
``SeedSequence(seed, spawn_key=(crc32(check id), point index, attempt))`` -- exactly the
seed ``SeedSequence.spawn`` would hand out, keyed by name rather than by position -- so
a result never depends on the executor, the number of workers, ``only=`` filters or
the order in which tasks finish.

A check function receives ``(params, rng, trials)`` and returns an :class:`Outcome`.
When the verdict is ``inconclusive`` and the profile allows more trials, the engine
re-runs the task with four times the trials and a fresh child seed (sequential
stopping), up to the profile's maximum.

>>> from commbounds.verify import engine
>>> c = engine.get_check("huang2019/lem2.2-bits")
>>> c.paper, c.bound
('huang2019', 'huang2019:lem2.2')
"""

from __future__ import annotations

import fnmatch
import importlib
import math
import pkgutil
import platform
import time
import traceback
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InvalidInputError, UnknownNameError

__all__ = ["Outcome", "Check", "check", "checks", "get_check", "PROFILES", "Task", "tasks_for",
           "execute", "versions"]

PROFILES = ("smoke", "quick", "full")
#: default trials per profile and the cap that sequential stopping may reach
TRIALS = {"smoke": 200, "quick": 2000, "full": 20000}
MAX_FACTOR = {"smoke": 1, "quick": 4, "full": 16}


@dataclass
class Outcome:
    """What a check measured at one grid point."""

    measured: float
    ci: tuple[float, float] | None
    reference: float | None
    verdict: str
    rule: str
    ratio: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        if self.verdict not in ("pass", "fail", "inconclusive"):
            raise ValueError(f"verdict must be pass/fail/inconclusive, got {self.verdict!r}")
        if self.ratio is None and self.reference not in (None, 0) and self.measured is not None:
            self.ratio = float(self.measured) / float(self.reference)


@dataclass(frozen=True)
class Check:
    """A registered claim check (see the module docstring)."""

    id: str
    paper: str
    fn: Callable[[dict, np.random.Generator, int], Outcome]
    grids: Mapping[str, Sequence[Mapping[str, Any]]]
    claim: str
    bound: str | None = None
    construction: str | None = None
    scheme: str | None = None
    trials: Mapping[str, int] = field(default_factory=dict)
    description: str = ""

    def grid(self, profile: str) -> list[dict]:
        if profile in self.grids:
            return [dict(p) for p in self.grids[profile]]
        # a profile without its own grid falls back to the nearest smaller one
        order = PROFILES[: PROFILES.index(profile) + 1]
        for p in reversed(order):
            if p in self.grids:
                return [dict(x) for x in self.grids[p]]
        return [dict(x) for x in next(iter(self.grids.values()))]

    def n_trials(self, profile: str) -> int:
        return int(self.trials.get(profile, TRIALS[profile]))


_CHECKS: dict[str, Check] = {}
_LOADED = False


def check(id: str, *, paper: str, claim: str, grids, bound: str | None = None,  # noqa: A002
          construction: str | None = None, scheme: str | None = None,
          trials: Mapping[str, int] | None = None, description: str = ""):
    """Register a check function ``fn(params, rng, trials) -> Outcome``."""

    def deco(fn):
        if id in _CHECKS:
            raise ValueError(f"check {id!r} registered twice")
        g = grids if isinstance(grids, Mapping) else {"smoke": grids}
        _CHECKS[id] = Check(id, paper, fn, g, claim, bound, construction, scheme,
                            dict(trials or {}), description or (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return deco


def register(c: Check) -> None:
    """Register a ready-made :class:`Check` (used by generated checks)."""
    if c.id in _CHECKS:
        raise ValueError(f"check {c.id!r} registered twice")
    _CHECKS[c.id] = c


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    from . import suite

    for info in sorted(pkgutil.iter_modules(suite.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{suite.__name__}.{info.name}")
    _LOADED = True


def checks(only: str | Sequence[str] | None = None) -> list[Check]:
    """Registered checks, optionally filtered by glob patterns or substrings of their ids."""
    _load()
    out = [_CHECKS[k] for k in sorted(_CHECKS)]
    if only is None:
        return out
    pats = [only] if isinstance(only, str) else list(only)
    sel = [c for c in out if any(fnmatch.fnmatch(c.id, p) or p in c.id for p in pats)]
    if not sel:
        raise UnknownNameError("check", pats[0], [c.id for c in out])
    return sel


def get_check(id: str) -> Check:  # noqa: A002
    _load()
    if id not in _CHECKS:
        raise UnknownNameError("check", id, _CHECKS)
    return _CHECKS[id]


@dataclass(frozen=True)
class Task:
    """One grid point of one check under one profile and root seed (picklable)."""

    check: str
    index: int
    params: dict
    trials: int
    seed: int
    profile: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.check, self.index)


def tasks_for(profile: str, only=None, seed: int = 0) -> list[Task]:
    if profile not in PROFILES:
        raise InvalidInputError(f"unknown profile {profile!r}; valid profiles: {', '.join(PROFILES)}")
    out = []
    for c in checks(only):
        for i, params in enumerate(c.grid(profile)):
            out.append(Task(c.id, i, params, c.n_trials(profile), int(seed), profile))
    return out


def spawn_key(check_id: str, index: int, attempt: int) -> tuple[int, int, int]:
    return (zlib.crc32(check_id.encode()), index, attempt)


def execute(task: Task) -> dict:
    """Run one task (in any process) and return its result record."""
    c = get_check(task.check)
    t0 = time.perf_counter()
    trials = task.trials
    attempt = 0
    base = {"check": c.id, "paper": c.paper, "bound": c.bound, "construction": c.construction,
            "scheme": c.scheme, "claim": c.claim, "index": task.index, "params": task.params,
            "profile": task.profile}
    while True:
        key = spawn_key(c.id, task.index, attempt)
        rng = np.random.default_rng(np.random.SeedSequence(task.seed, spawn_key=key))
        try:
            out = c.fn(dict(task.params), rng, trials)
        except Exception as exc:  # a scheme that raises is recorded, the suite goes on
            return {**base, "measured": None, "ci": None, "reference": None, "ratio": None,
                    "verdict": "error", "rule": "the check raised",
                    "error": f"{type(exc).__name__}: {exc}",
                    "traceback": traceback.format_exc(limit=5), "trials": trials,
                    "seed": {"entropy": task.seed, "spawn_key": list(key)},
                    "seconds": time.perf_counter() - t0, "versions": versions(), "extra": {}}
        if out.verdict != "inconclusive" or trials * 4 > task.trials * MAX_FACTOR[task.profile]:
            break
        trials *= 4
        attempt += 1
    return {**base, "measured": _num(out.measured), "ci": None if out.ci is None else [_num(v) for v in out.ci],
            "reference": _num(out.reference), "ratio": _num(out.ratio), "verdict": out.verdict,
            "rule": out.rule, "error": None, "trials": trials,
            "seed": {"entropy": task.seed, "spawn_key": list(key)},
            "seconds": time.perf_counter() - t0, "versions": versions(), "extra": _jsonable(out.extra)}


def _num(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else (None if math.isnan(v) else (math.inf if v > 0 else -math.inf))


def _jsonable(obj):
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return _num(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    return obj


_VERSIONS: dict[str, str] | None = None


def versions() -> dict[str, str]:
    """Versions of Python, commbounds and the numerical stack (recorded in every result)."""
    global _VERSIONS
    if _VERSIONS is None:
        import scipy
        import sympy

        from .. import __version__

        _VERSIONS = {"python": platform.python_version(), "commbounds": __version__,
                     "numpy": np.__version__, "scipy": scipy.__version__, "sympy": sympy.__version__}
    return dict(_VERSIONS)
