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
import math
import numbers
import platform
import time
import traceback
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._registry import Registry
from ..errors import InvalidInputError, UnknownNameError
from ..kernels import PAYLOAD_VERSION, STREAM_VERSION
from .record import VERDICTS, Record, Symbolic

__all__ = ["Outcome", "Check", "check", "checks", "get_check", "PROFILES", "Task", "tasks_for",
           "execute", "versions", "RANDOM_STREAM", "OUTCOME_VERDICTS", "expected_costs", "static_cost",
           "longest_first"]

PROFILES = ("smoke", "quick", "full")
#: default trials per profile and the cap that sequential stopping may reach
TRIALS = {"smoke": 200, "quick": 2000, "full": 20000}
MAX_FACTOR = {"smoke": 1, "quick": 4, "full": 16}
#: verdicts a check function may return ("error" is the engine's, for a check that raised)
OUTCOME_VERDICTS = tuple(v for v in VERDICTS if v != "error")
#: name and version of the random stream the checks draw from: numpy's PCG64 generators seeded
#: by ``SeedSequence`` children, from which the schemes draw one key per row of the
#: counter-based stream (:data:`commbounds.STREAM_VERSION`); a change to how a seed becomes
#: numbers gets a new name here, so records say which stream produced them
RANDOM_STREAM = f"numpy-pcg64/1+{STREAM_VERSION}"


@dataclass
class Outcome:
    """What a check measured at one grid point.

    Parameters
    ----------
    measured : float
        The measured value (a mean, a count, a ratio).
    ci : tuple of float, optional
        Its confidence interval.
    reference : float, optional
        The value it is compared with (a bound at the point's parameters).
    verdict : str
        One of :data:`OUTCOME_VERDICTS`.
    rule : str
        The comparison that decided the verdict, in words.
    ratio : float, optional
        ``measured / reference`` (computed when not given).
    extra : dict, optional
        Further measurements for the report and the figures.
    sensitivity : float, optional
        The smallest relative deviation the check would have caught.
    symbolic : Symbolic, optional
        The outcome of a symbolic check.

    Examples
    --------
    >>> o = Outcome(2.0, (1.5, 2.5), 1.0, "pass", "measured >= reference")
    >>> o.ratio
    2.0
    """

    measured: float
    ci: tuple[float, float] | None
    reference: float | None
    verdict: str
    rule: str
    ratio: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    sensitivity: float | None = None
    symbolic: Symbolic | None = None

    def __post_init__(self):
        if self.verdict not in OUTCOME_VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(OUTCOME_VERDICTS)}, got {self.verdict!r}")
        if self.ratio is None and self.reference not in (None, 0) and self.measured is not None:
            self.ratio = float(self.measured) / float(self.reference)


@dataclass(frozen=True)
class Check:
    """A registered claim check (see the module docstring).

    Parameters
    ----------
    id : str
        ``"<paper>/<name>"``.
    paper : str
        The paper key.
    fn : callable
        ``fn(params, rng, trials) -> Outcome``.
    grids : mapping
        Parameter grid (a list of points) per profile.
    claim : str
        The claim checked, in words.
    bound, construction, scheme : str, optional
        The bound id, construction and scheme the check exercises.
    trials : mapping, optional
        Trials per profile.
    description : str
        The check function's first paragraph.
    cost : mapping, optional
        Expected seconds of one grid point per profile.

    Examples
    --------
    >>> c = get_check("huang2019/lem2.2-bits")
    >>> c.paper, len(c.grid("smoke")) > 0
    ('huang2019', True)
    """

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
    #: expected seconds of one grid point per profile (orders the tasks, longest first)
    cost: Mapping[str, float] = field(default_factory=dict)

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
        """Declared trials of ``profile``; without a declaration, the nearest smaller
        profile's declared trials scaled as the defaults scale (never above the default),
        so a check with a few expensive trials stays in proportion; else the default."""
        if profile in self.trials:
            return int(self.trials[profile])
        for smaller in reversed(PROFILES[: PROFILES.index(profile)]):
            if smaller in self.trials:
                scaled = int(self.trials[smaller]) * TRIALS[profile] // TRIALS[smaller]
                return max(1, min(TRIALS[profile], scaled))
        return TRIALS[profile]

    def validate(self, params: Mapping[str, Any]) -> None:
        """Raise :class:`InvalidInputError` unless ``params`` fits the check's declared grids:
        the same parameter names, and per parameter the kind (number or text), integrality
        and sign that every grid point of every profile gives it."""
        points = [p for grid in self.grids.values() for p in grid]
        known = {k for p in points for k in p}
        unknown = sorted(set(params) - known)
        if unknown:
            raise InvalidInputError(f"check {self.id} has no parameter(s) {', '.join(unknown)}; its "
                                    f"parameters are {', '.join(sorted(known)) or 'none'}")
        missing = sorted(k for k in known if k not in params and all(k in p for p in points))
        if missing:
            raise InvalidInputError(f"check {self.id} needs parameter(s) {', '.join(missing)}")
        for k, v in params.items():
            seen = [p[k] for p in points if k in p]
            nums = [x for x in seen if _is_number(x)]
            texts = sorted({x for x in seen if isinstance(x, str)})
            if not seen or not all(_is_number(x) or isinstance(x, str) for x in seen):
                continue  # other kinds (None, flags): the check itself decides
            if isinstance(v, str) and texts:
                if nums and v not in texts:
                    raise InvalidInputError(f"check {self.id}: parameter {k} must be a number or one of "
                                            f"{texts}, got {v!r}")
                continue
            if not nums:
                raise InvalidInputError(f"check {self.id}: parameter {k} must be text (one of {texts}), "
                                        f"got {v!r}")
            if not _is_number(v):
                raise InvalidInputError(f"check {self.id}: parameter {k} must be a number, got {v!r}")
            if all(isinstance(x, int | np.integer) for x in nums) and float(v) != int(v):
                raise InvalidInputError(f"check {self.id}: parameter {k} must be an integer, got {v!r}")
            if all(x > 0 for x in nums) and not v > 0:
                raise InvalidInputError(f"check {self.id}: parameter {k} must be positive, got {v!r}")
            if all(x >= 0 for x in nums) and not v >= 0:
                raise InvalidInputError(f"check {self.id}: parameter {k} must be >= 0, got {v!r}")


def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


#: every check; the modules of commbounds.verify.suite register here
CHECKS = Registry("check", "commbounds.verify.suite")


def check(id: str, *, paper: str, claim: str, grids, bound: str | None = None,  # noqa: A002
          construction: str | None = None, scheme: str | None = None,
          trials: Mapping[str, int] | None = None, description: str = "",
          cost: Mapping[str, float] | None = None):
    """Register a check function ``fn(params, rng, trials) -> Outcome``; ``cost`` declares the
    expected seconds of one grid point per profile (see :func:`expected_costs`).

    Parameters
    ----------
    id : str
        ``"<paper>/<name>"``, unique.
    paper : str
        The paper key.
    claim : str
        The claim checked, in words.
    grids : mapping or list
        Parameter grid per profile (a list: the smoke grid, used by every profile).
    bound, construction, scheme : str, optional
        The bound id, construction and scheme the check exercises.
    trials : mapping, optional
        Trials per profile (default: :data:`TRIALS`, scaled).
    description : str, optional
        Default: the first paragraph of the function's docstring.
    cost : mapping, optional
        Expected seconds of one grid point per profile.

    Returns
    -------
    callable
        The decorator; it registers the function and returns it unchanged.

    Examples
    --------
    >>> @check("example/ones", paper="example", claim="mean of ones is 1", grids=[{"n": 4}])
    ... def ones(p, rng, trials):
    ...     'The mean of n ones is one.'
    ...     return Outcome(float(np.ones(p["n"]).mean()), None, 1.0, "pass", "equal")
    >>> get_check("example/ones").description
    'The mean of n ones is one.'
    >>> _ = CHECKS._items.pop("example/ones")    # registered for this example only
    """

    def deco(fn):
        g = grids if isinstance(grids, Mapping) else {"smoke": grids}
        CHECKS.add(id, Check(id, paper, fn, g, claim, bound, construction, scheme, dict(trials or {}),
                             description or " ".join((fn.__doc__ or "").strip().split("\n\n")[0].split()),
                             dict(cost or {})))
        return fn

    return deco


def register(c: Check) -> None:
    """Register a ready-made :class:`Check` (used by generated checks)."""
    CHECKS.add(c.id, c)


def checks(only: str | Sequence[str] | None = None) -> list[Check]:
    """Registered checks, optionally filtered by glob patterns or substrings of their ids.

    Parameters
    ----------
    only : str or sequence of str, optional
        Glob patterns or substrings of check ids.

    Returns
    -------
    list of Check
        Sorted by id.

    Examples
    --------
    >>> [c.id for c in checks("huang2019/lem2.2*")]
    ['huang2019/lem2.2-bits']
    """
    items = CHECKS.items()
    out = [items[k] for k in sorted(items)]
    if only is None:
        return out
    pats = [only] if isinstance(only, str) else list(only) if isinstance(only, Sequence) else None
    if not pats or not all(isinstance(p, str) for p in pats):
        raise InvalidInputError(f"only must be a pattern or a non-empty list of patterns (strings), got {only!r}")
    sel = [c for c in out if any(fnmatch.fnmatch(c.id, p) or p in c.id for p in pats)]
    if not sel:
        raise UnknownNameError("check", pats[0], [c.id for c in out])
    return sel


def get_check(id: str) -> Check:  # noqa: A002
    """The registered check ``id``.

    Parameters
    ----------
    id : str
        A check id (``"huang2019/lem2.2-bits"``).

    Returns
    -------
    Check

    Examples
    --------
    >>> get_check("huang2019/lem2.2-bits").paper
    'huang2019'
    """
    return CHECKS.lookup(id)


@dataclass(frozen=True)
class Task:
    """One grid point of one check under one profile and root seed (picklable)."""

    check: str
    index: int
    params: dict
    trials: int
    seed: int
    profile: str

    def __post_init__(self):
        if not isinstance(self.check, str) or not self.check:
            raise InvalidInputError(f"check must be a check id (a non-empty string), got {self.check!r}")
        if self.profile not in PROFILES:
            raise InvalidInputError(f"unknown profile {self.profile!r}; valid profiles: {', '.join(PROFILES)}")
        require_int("index", self.index, 0)
        require_int("trials", self.trials, 1)
        require_int("seed", self.seed, 0)
        if not isinstance(self.params, Mapping):
            raise InvalidInputError(f"params must be a mapping of parameter names to values, got "
                                    f"{type(self.params).__name__}")
        for k, v in self.params.items():
            if not isinstance(k, str):
                raise InvalidInputError(f"params: parameter names must be strings, got {k!r}")
            if not (v is None or isinstance(v, bool | str | numbers.Real)):
                raise InvalidInputError(f"params[{k!r}] must be a number, a string, a boolean or None, "
                                        f"got {type(v).__name__}")
            if isinstance(v, numbers.Real) and not isinstance(v, bool) and not math.isfinite(v):
                raise InvalidInputError(f"params[{k!r}] must be finite, got {v}")

    @property
    def key(self) -> tuple[str, int]:
        return (self.check, self.index)


def require_int(name: str, value, minimum: int) -> int:
    """An integer argument (not a bool, not a float) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidInputError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise InvalidInputError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


def tasks_for(profile: str, only=None, seed: int = 0) -> list[Task]:
    if profile not in PROFILES:
        raise InvalidInputError(f"unknown profile {profile!r}; valid profiles: {', '.join(PROFILES)}")
    require_int("seed", seed, 0)
    out = []
    for c in checks(only):
        for i, params in enumerate(c.grid(profile)):
            out.append(Task(c.id, i, params, c.n_trials(profile), int(seed), profile))
    return out


#: seconds per trial and unit of size in :func:`static_cost` (fitted to the quick profile's
#: median task; a ranking more than a prediction)
STATIC_SECONDS = 5e-4


def static_cost(task: Task) -> float:
    """A task's expected seconds when neither its check nor an earlier run says: its trials
    times ``log2(2 + size)``, the size being the product of its integer parameters >= 2.

    Examples
    --------
    >>> from commbounds.verify.engine import Task, static_cost
    >>> static_cost(Task("a", 0, {"d": 1024}, 10, 0, "quick")) > static_cost(Task("a", 1, {"d": 8}, 10, 0, "quick"))
    True
    """
    size = 1.0
    for v in task.params.values():
        if isinstance(v, int | np.integer) and not isinstance(v, bool) and v >= 2:
            size *= float(v)
    return STATIC_SECONDS * task.trials * math.log2(2.0 + size)


def expected_costs(tasks: Sequence[Task], durations: Mapping[tuple[str, int], float] | None = None) -> list[float]:
    """Expected seconds of each task: its check's declared ``cost`` for the profile, else
    the task's own duration in an earlier run (``durations``, keyed ``(check, index)``),
    else the mean duration of its check's tasks there, else :func:`static_cost`.

    Examples
    --------
    >>> from commbounds.verify.engine import Task, expected_costs
    >>> ts = [Task("a", 0, {}, 10, 0, "quick"), Task("a", 1, {}, 10, 0, "quick"), Task("b", 0, {}, 10, 0, "quick")]
    >>> expected_costs(ts, {("a", 0): 4.0, ("a", 7): 2.0})[:2]
    [4.0, 3.0]
    """
    durations = dict(durations or {})
    per_check: dict[str, list[float]] = {}
    for (cid, _), sec in durations.items():
        per_check.setdefault(cid, []).append(float(sec))
    registered = CHECKS.items()
    out = []
    for t in tasks:
        declared = registered[t.check].cost.get(t.profile) if t.check in registered else None
        if declared is not None:
            out.append(float(declared))
        elif t.key in durations:
            out.append(float(durations[t.key]))
        elif t.check in per_check:
            out.append(sum(per_check[t.check]) / len(per_check[t.check]))
        else:
            out.append(static_cost(t))
    return out


def longest_first(tasks: Sequence[Task], costs: Sequence[float]) -> list[Task]:
    """The tasks in order of decreasing expected cost (ties keep their order): handed to
    workers in this order, the long tasks start first and the workers finish together.

    Examples
    --------
    >>> from commbounds.verify.engine import Task, longest_first
    >>> ts = [Task("a", i, {}, 10, 0, "quick") for i in range(3)]
    >>> [t.index for t in longest_first(ts, [1.0, 5.0, 1.0])]
    [1, 0, 2]
    """
    if len(costs) != len(tasks):
        raise InvalidInputError(f"longest_first needs one cost per task, got {len(costs)} for {len(tasks)}")
    order = sorted(range(len(tasks)), key=lambda i: (-float(costs[i]), i))
    return [tasks[i] for i in order]


def spawn_key(check_id: str, index: int, attempt: int) -> tuple[int, int, int]:
    return (zlib.crc32(check_id.encode()), index, attempt)


def execute(task: Task) -> Record:
    """Run one task (in any process) and return its result record."""
    if not isinstance(task, Task):
        raise InvalidInputError(f"execute takes a Task, got {type(task).__name__}")
    from .. import plugins

    plugins.ensure_loaded()  # a worker process loads the plugins its parent loaded
    c = get_check(task.check)
    c.validate(task.params)
    t0 = time.perf_counter()
    trials = task.trials
    attempt = 0
    base = {"check": c.id, "paper": c.paper, "bound": c.bound, "construction": c.construction,
            "scheme": c.scheme, "claim": c.claim, "index": task.index, "params": task.params,
            "profile": task.profile, "description": c.description}
    while True:
        key = spawn_key(c.id, task.index, attempt)
        rng = np.random.default_rng(np.random.SeedSequence(task.seed, spawn_key=key))
        try:
            out = c.fn(dict(task.params), rng, trials)
        except Exception as exc:  # a scheme that raises is recorded, the suite goes on
            return Record(**base, verdict="error", rule="the check raised",
                          error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc(limit=5),
                          trials=trials, seed={"entropy": task.seed, "spawn_key": list(key)},
                          seconds=time.perf_counter() - t0, versions=versions())
        if out.verdict != "inconclusive" or trials * 4 > task.trials * MAX_FACTOR[task.profile]:
            break
        trials *= 4
        attempt += 1
    return Record(**base, measured=_num(out.measured),
                  interval=None if out.ci is None else tuple(_num(v) for v in out.ci),
                  reference=_num(out.reference), ratio=_num(out.ratio), verdict=out.verdict,
                  rule=out.rule, sensitivity=_num(out.sensitivity), trials=trials,
                  seed={"entropy": task.seed, "spawn_key": list(key)},
                  seconds=time.perf_counter() - t0, versions=versions(), extra=_jsonable(out.extra),
                  symbolic=out.symbolic)


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
    """Versions of Python, commbounds, the numerical stack, the random stream and the payload
    format (recorded in every result: a seed reproduces a result under the same stream)."""
    global _VERSIONS
    if _VERSIONS is None:
        import scipy
        import sympy

        from .. import __version__

        _VERSIONS = {"python": platform.python_version(), "commbounds": __version__,
                     "numpy": np.__version__, "scipy": scipy.__version__, "sympy": sympy.__version__,
                     "random_stream": RANDOM_STREAM, "payload": str(PAYLOAD_VERSION)}
    return dict(_VERSIONS)
