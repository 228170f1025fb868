"""``run``: expand a profile into tasks, execute them, store and summarise the records."""

from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..errors import InvalidInputError
from . import store as _store
from .engine import execute, expected_costs, longest_first, tasks_for
from .executors import make_executor
from .record import VERDICTS, Record
from .threads import single_threaded_blas

__all__ = ["run", "summary", "format_summary"]


def run(profile: str = "smoke", only: str | Sequence[str] | None = None, executor: str | object | None = None,
        store: str | os.PathLike | None = None, *, seed: int = 0, resume: bool = False,
        progress: bool | None = None, workers: int | None = None,
        scheduler: str | None = None, force: bool = False,
        durations: str | os.PathLike | None = None) -> list[Record]:
    """Run the suite and return its result records (:class:`~commbounds.verify.Record`).

    Parameters
    ----------
    profile : {"smoke", "quick", "full"}
    only : str or list of str, optional
        Glob patterns or substrings of check ids.
    executor : {None, "process", "inprocess", "dask"} or executor object
        None is a local process pool with one worker per core.
    store : path, optional
        JSONL file the records are appended to, one durable line per finished task.
    seed : int
        Root seed; every task's seed is a named child of it.
    resume : bool
        Skip tasks whose records are already in ``store``; the store's header (seed,
        profile, schema, package and random-stream versions) must match this run's.
    force : bool
        Replace an existing ``store`` (without ``resume`` or ``force``, a store that
        already holds results is refused).
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    workers : int, optional
        Worker processes of the local pool (default: one per core).
    scheduler : str, optional
        Address of a dask scheduler, for ``executor="dask"``.
    durations : path, optional
        A result store of an earlier run whose task times order this run's tasks longest
        first (default: ``store`` itself, as it was before this run).  The order only
        balances the workers; records and their order do not depend on it.

    Returns
    -------
    list of Record
        One record per task that ran (and, with ``resume``, those already stored).

    Examples
    --------
    >>> from commbounds import verify
    >>> recs = verify.run("smoke", only="huang2019/lem2.2*", executor="inprocess", progress=False)
    >>> {r["verdict"] for r in recs}
    {'pass'}
    """
    if store is not None and not isinstance(store, str | os.PathLike):
        raise InvalidInputError(f"store must be a path (str or os.PathLike), got {type(store).__name__}")
    if resume and force:
        raise InvalidInputError("resume and force contradict each other: resume continues the stored "
                                "run, force replaces it")
    if durations is not None and not isinstance(durations, str | os.PathLike):
        raise InvalidInputError(f"durations must be a path (str or os.PathLike), got {type(durations).__name__}")
    tasks = tasks_for(profile, only, seed)
    done: list[Record] = []
    writer = None
    seconds = _store.durations(durations if durations is not None else store) \
        if durations is not None or store is not None else {}
    if store is not None:
        # opened (and locked) before any task runs: an unwritable, locked, foreign or
        # already-used store fails here, with nothing computed yet
        writer = _store.Writer(store, store_header(profile, seed),
                               mode="replace" if force else "resume" if resume else "new")
        for d in writer.repaired:
            print(f"commbounds: {store}: dropped {d}", file=sys.stderr)
        have = {(r.check, r.index): r for r in writer.prior}
        done = [have[t.key] for t in tasks if t.key in have]
        tasks = [t for t in tasks if t.key not in have]
    results: list[Record] = []
    try:
        ex = make_executor(executor, workers=workers, scheduler=scheduler)
        if progress is None:
            progress = sys.stderr.isatty()
        if getattr(ex, "workers", 1) > 1:  # several workers: the long tasks start first
            tasks = longest_first(tasks, expected_costs(tasks, seconds))
        # one BLAS thread here and in the workers: faster, and the records do not depend on either
        with single_threaded_blas():
            try:
                it = ex.map(execute, tasks)
                if progress:
                    from tqdm.auto import tqdm

                    it = tqdm(it, total=len(tasks), desc=f"verify [{profile}]", unit="task")
                for rec in it:
                    results.append(rec)
                    if writer is not None:
                        writer.append(rec)
            finally:
                ex.close()
    finally:
        if writer is not None:
            writer.close()
    order = {t.key: i for i, t in enumerate(tasks_for(profile, only, seed))}
    allrecs = done + results
    allrecs.sort(key=lambda r: order.get((r.check, r.index), len(order)))
    return allrecs


def store_header(profile: str, seed: int) -> dict:
    """What every record of one run shares, written as the store's first line."""
    from .engine import versions
    from .record import SCHEMA_VERSION

    v = versions()
    return {"schema": SCHEMA_VERSION, "seed": seed, "profile": profile, "commbounds": v["commbounds"],
            "random_stream": v["random_stream"]}


def summary(records: Sequence[Record]) -> dict[str, Counter]:
    """Per paper: counts of each verdict class (:data:`~commbounds.verify.record.VERDICTS`).

    Parameters
    ----------
    records : sequence of Record
        Results of the suite.

    Returns
    -------
    dict of str to collections.Counter
        Paper key -> verdict -> count.

    Examples
    --------
    >>> from commbounds.verify import Record
    >>> summary([Record(check="a/b", verdict="pass", paper="huang2019")])
    {'huang2019': Counter({'pass': 1})}
    """
    out: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        out[r.paper or "?"][r.verdict] += 1
    return dict(sorted(out.items()))


def format_summary(records: Sequence[Record]) -> str:
    """A table of the verdict counts per paper, every class in its own column.

    Parameters
    ----------
    records : sequence of Record
        Results of the suite.

    Returns
    -------
    str
        The table, one line per paper and a total.

    Examples
    --------
    >>> from commbounds.verify import Record
    >>> print(format_summary([Record(check="a/b", verdict="fail", paper="huang2019")]).splitlines()[2])
    huang2019     0     1             0               0        0      0
    """
    rows = [("paper", *VERDICTS)]
    tot = Counter()
    for paper, c in summary(records).items():
        rows.append((paper, *(c[v] for v in VERDICTS)))
        tot.update(c)
    rows.append(("total", *(tot[v] for v in VERDICTS)))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(v).rjust(w) if j else str(v).ljust(w) for j, (v, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(-1, "-" * len(lines[0]))
    return "\n".join(lines)


