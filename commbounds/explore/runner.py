"""``run``: expand an exploration profile into tasks, execute them, store the records.

Three sections, each a list of named tasks with one parameter grid per profile:

* ``lp`` -- the exact instances of :mod:`~commbounds.explore.instances` (one per paper);
* ``worst-case`` -- :mod:`~commbounds.explore.worst_case`, inputs that maximise a scheme's
  error or bits over its upper bound;
* ``gaps`` -- :mod:`~commbounds.explore.gaps`, upper/lower bound ratios over a 2-D grid.

Tasks run through the suite's executors (in-process, process pool, Dask); each task's seed
is ``SeedSequence(seed, spawn_key=(crc32(task name), index))``, so the executor never
changes a result.  Every row becomes one store record (check id ``explore/<section>/...``)
whose verdict is ``pass`` when the result is exact (certified or exhaustive) and consistent
with the paper's explicit bounds, ``fail`` when it contradicts one (an exact optimum below
an explicit lower bound or above an explicit upper bound; a worst-case ratio above 1; an
upper bound below a lower bound), ``inconclusive`` when the certificate does not meet the
solver's value or no unbiased protocol exists in the reconstruction set, and ``error``
when the solver or the task failed.

>>> recs = run("smoke", section="lp", only="korhonen2021", executor="inprocess", progress=False)
>>> [(r["check"], r["verdict"]) for r in recs]
[('explore/lp/korhonen2021/equality-bits', 'pass')]
"""

from __future__ import annotations

import math
import os
import sys
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from ..verify import store as _store
from ..verify.engine import versions
from ..verify.executors import make_executor

__all__ = ["run", "tasks_for", "Task", "SECTIONS", "PROFILES", "format_rows"]

PROFILES = ("smoke", "quick", "full")


def _lp_grids():
    from .instances import INSTANCES

    grids = {
        "huang2019": {"smoke": [{"n": 1, "d": 4, "C": 1, "b": 1}],
                      "quick": [{"n": 1, "d": 4, "C": 1, "b": 1}, {"n": 2, "d": 4, "C": 2, "b": 1}]},
        "barnes2020": {"smoke": [{"d": 2, "s": 1, "n": 2, "k": 1, "m": 2}],
                       "quick": [{"d": 2, "s": 1, "n": 2, "k": 1, "m": 2}, {"d": 2, "s": 1, "n": 2, "k": 1, "m": 4}]},
        "davies2021": {"smoke": [{"b": 1, "levels": 3}], "quick": [{"b": 1, "levels": 3}, {"b": 1, "levels": 4}]},
        "unbiased-quantizer": {"smoke": [{"levels": 3, "b": 1}], "quick": [{"levels": 3, "b": 1}, {"levels": 5, "b": 2}]},
        "mayekar2020": {"smoke": [{"d": 3, "r": 1, "delta": 0.05, "oracle": "paninski"},
                                  {"d": 3, "r": 1, "delta": 0.05, "oracle": "bernoulli"}],
                        "quick": [{"d": d, "r": r, "delta": 0.05, "oracle": "paninski"} for d in (3, 4) for r in (1, 2)]
                        + [{"d": 3, "r": r, "delta": 0.05, "oracle": "bernoulli"} for r in (1, 2)]},
        "korhonen2021": {"smoke": [{"d": 1, "N": 2}], "quick": [{"d": 1, "N": 2}, {"d": 2, "N": 2}, {"d": 2, "N": 3}]},
    }
    return {k: (INSTANCES[k], g) for k, g in grids.items()}


def _worst_grids():
    from .worst_case import TARGETS, search

    return {name: (lambda p, _n=name, **kw: search(_n, **p, **kw), t.grids) for name, t in TARGETS.items()}


def _gap_grids():
    from .gaps import MAPS, gap_map

    return {name: (lambda p, _n=name: gap_map(_n, **p), m.grids) for name, m in MAPS.items()}


#: section -> callable returning {task name: (function(params[, rng]) -> rows, {profile: grid})}
SECTIONS: dict[str, Callable[[], dict]] = {"lp": _lp_grids, "worst-case": _worst_grids, "gaps": _gap_grids}


@dataclass(frozen=True)
class Task:
    """One grid point of one exploration task (picklable)."""

    section: str
    name: str
    index: int
    params: dict
    seed: int
    profile: str


def tasks_for(profile: str = "smoke", section: str | None = None, only: str | None = None,
              seed: int = 0) -> list[Task]:
    """The tasks of ``section`` (all sections when None) under ``profile``, optionally those
    whose name contains ``only``.

    Parameters
    ----------
    profile : {"smoke", "quick", "full"}
        Size of the instances.
    section : {"lp", "worst-case", "gaps"}, optional
        One section; all three when None.
    only : str, optional
        Substring of task names.
    seed : int
        Root seed of the randomised searches.

    Returns
    -------
    list of Task
        One task per (name, grid point), in a fixed order.

    Examples
    --------
    >>> tasks = tasks_for("smoke", "lp")
    >>> len(tasks) > 0 and all(t.section == "lp" for t in tasks)
    True
    """
    if profile not in PROFILES:
        raise InvalidInputError(f"unknown profile {profile!r}; valid profiles: {', '.join(PROFILES)}")
    if section is not None and section not in SECTIONS:
        raise InvalidInputError(f"unknown exploration section {section!r}; valid: {', '.join(SECTIONS)}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInputError(f"seed must be an integer >= 0, got {seed!r}")
    out = []
    for sec in ([section] if section else list(SECTIONS)):
        for name, (_, grids) in SECTIONS[sec]().items():
            if only and only not in name:
                continue
            grid = grids.get(profile) or grids.get("quick" if profile == "full" else "smoke") or []
            out += [Task(sec, name, i, dict(p), seed, profile) for i, p in enumerate(grid)]
    if not out:
        raise InvalidInputError(f"no exploration task matches section={section!r}, only={only!r}")
    return out


def execute(task: Task) -> list:
    """Run one task and return its records (errors become ``error`` records)."""
    fn, _ = SECTIONS[task.section]()[task.name]
    key = (zlib.crc32(f"{task.section}/{task.name}".encode()), task.index)
    rng = np.random.default_rng(np.random.SeedSequence(task.seed, spawn_key=key))
    t0 = time.perf_counter()
    try:
        rows = fn(dict(task.params), rng=rng) if task.section == "worst-case" else fn(dict(task.params))
    except Exception as exc:  # a failing task is recorded, the run goes on
        rows = [{"paper": task.name, "name": "error", "status": "error",
                 "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=5)}]
    secs = time.perf_counter() - t0
    return [_record(task, row, key, secs / max(1, len(rows))) for row in rows]


def _verdict(section: str, row: dict) -> tuple[str, str]:
    status = row.get("status")
    if status == "error":
        return "error", "the task raised"
    if status == "solver-failed":
        return "error", "the LP solver failed; no optimum is claimed"
    if status in ("certificate-loose", "infeasible"):
        return "inconclusive", f"{status}: {row.get('message') or 'no exact optimum is claimed'}"
    if section == "worst-case":
        r = row.get("ratio")
        if r is not None and r > 1 + 1e-9:  # the search's RTOL: rounding of a tight bound is not a violation
            return "fail", "counterexample: an input whose exact (or estimated) cost exceeds the scheme's upper bound"
        return "pass", "pass if no input found exceeds the upper bound (ratio <= 1)"
    if section == "gaps":
        if row.get("contradiction"):
            return "fail", "an upper bound lies below a lower bound somewhere on the grid"
        return "pass", "pass if the best upper bound is >= the best lower bound at every grid point"
    ex = row.get("exact")
    for side, bad in (("lower", lambda v: ex < v * (1 - 1e-12)), ("upper", lambda v: ex > v * (1 + 1e-12))):
        b = row.get(side)
        if ex is not None and b and b.get("value") is not None and not b.get("unit_constants") and bad(b["value"]):
            return "fail", f"the exact value contradicts the explicit {side} bound {b['id']}"
    return "pass", ("pass if the optimum is exact (an LP certified by an exact-arithmetic dual bound, or an "
                    "exhaustive search) and consistent with the explicit bounds")


def _record(task: Task, row: dict, key, secs: float):
    verdict, rule = _verdict(task.section, row)
    paper = row.get("paper", task.name)
    check = f"explore/{task.section}/{task.name}" if task.section != "lp" else f"explore/lp/{paper}/{row['name']}"
    if task.section != "lp" and row.get("name") and row["name"] != task.name:
        check += f"/{row['name']}"
    ref = row.get("reference")
    if ref is None and task.section == "lp":
        for side in ("lower", "upper"):
            if row.get(side) and row[side].get("value") is not None:
                ref = row[side]["value"]
                break
    lo, hi = row.get("proven_lower"), row.get("lp_value")
    fields = dict(check=check, verdict=verdict, bound=row.get("bound"), paper="explore",
                  scheme=row.get("scheme"), claim=f"explore-{task.section}", index=task.index,
                  profile=task.profile, params=dict(task.params), measured=_num(row.get("measured", row.get("exact"))),
                  interval=None if lo is None or hi is None else (_num(lo), _num(hi)),
                  reference=_num(ref), rule=rule, trials=int(row.get("trials", 0)),
                  seed={"entropy": task.seed, "spawn_key": list(key)}, seconds=secs, versions=versions(),
                  description=row.get("instance", ""), error=row.get("error"), traceback=row.get("traceback"),
                  extra=_jsonable({**row, "section": task.section, "source_paper": paper}))
    if fields["measured"] is not None and fields["reference"]:
        fields["ratio"] = fields["measured"] / fields["reference"]
    try:
        from ..verify.record import Record
    except ImportError:  # the store of plain dicts
        fields["ci"] = fields.pop("interval")
        fields.setdefault("ratio", None)
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in fields.items()}
    return Record(**fields)


def run(profile: str = "smoke", section: str | None = None, *, only: str | None = None, executor=None,
        store: str | os.PathLike | None = None, seed: int = 0, progress: bool | None = None,
        workers: int | None = None, scheduler: str | None = None) -> list:
    """Run the exploration tasks and return their records (appended to ``store`` when given).

    Parameters
    ----------
    profile : {"smoke", "quick", "full"}
    section : {"lp", "worst-case", "gaps"}, optional
        One section; all three when None.
    only : str, optional
        Substring of task names (paper keys for ``lp``, scheme names for ``worst-case``).
    executor : {None, "process", "inprocess", "dask"} or executor object
    store : path, optional
        JSONL result store (the suite's format) the records are appended to.
    seed : int
        Root seed of the randomised searches.
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    workers : int, optional
        Worker processes of the local pool (default: one per core).
    scheduler : str, optional
        Address of a dask scheduler, for ``executor="dask"``.

    Returns
    -------
    list of Record
        The records of every task, in the tasks' order.

    Examples
    --------
    >>> recs = run("smoke", "lp", only="korhonen2021", executor="inprocess", progress=False)
    >>> sorted({r["verdict"] for r in recs}) == ["pass"]
    True
    """
    tasks = tasks_for(profile, section, only, seed)
    ex = make_executor(executor, workers=workers, scheduler=scheduler)
    if progress is None:
        progress = sys.stderr.isatty()
    out: list = []
    try:
        it = ex.map(execute, tasks)
        if progress:
            from tqdm.auto import tqdm

            it = tqdm(it, total=len(tasks), desc=f"explore [{profile}]", unit="task")
        for recs in it:
            out += recs
            if store is not None:
                _store.append(store, recs)
    finally:
        ex.close()
    return out


def format_rows(records) -> str:
    """One line per record: verdict, check, measured and reference.

    Parameters
    ----------
    records : sequence of Record
        Exploration (or suite) records.

    Returns
    -------
    str
        The lines, joined by newlines.

    Examples
    --------
    >>> print(format_rows([{"verdict": "pass", "check": "explore/x", "measured": 0.5, "reference": None}]))
    pass          explore/x                                            measured 0.5          reference -
    """
    lines = []
    for r in records:
        m, ref = r["measured"], r["reference"]
        ms = "-" if m is None else f"{m:.6g}"
        rs = "-" if ref is None else f"{ref:.6g}"
        lines.append(f"{r['verdict']:<13} {r['check']:<52} measured {ms:<12} reference {rs}")
    return "\n".join(lines)


def _num(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _jsonable(obj):
    from ..verify.engine import _jsonable as j

    return j(obj)
