"""Shared helpers of the benchmark harness: same-run references and the figure table.

Every figure is a ratio to a reference measured in the same process on the same data
(DESIGN.md, issue 9): numpy's streaming add/copy for vector kernels, ``ceil(log2 C(m, w))``
for coders, a single worker for parallel sweeps.  Times are the *minimum* over rounds
(the least disturbed run; other processes may share the cores), and each reference is
measured right before and right after its case, keeping the smaller.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

__all__ = ["Figure", "FIGURES", "best_of", "stream_add", "stream_copy", "record", "case_time",
           "predict", "SCALING"]


@dataclass
class Figure:
    """One row of the figure table: ``value`` against ``target`` (``op`` is ``>=`` or ``<=``)."""

    case: str
    value: float
    unit: str
    target: float | None = None
    op: str = ">="
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None or not math.isfinite(self.value):
            return None
        return self.value >= self.target if self.op == ">=" else self.value <= self.target

    def as_dict(self) -> dict:
        return {**asdict(self), "met": self.met}


#: every figure recorded in this session, in order
FIGURES: list[Figure] = []

#: measured (d, seconds) per (scheme, dtype, op), used to predict larger sizes
SCALING: dict[tuple, list[tuple[int, float]]] = {}


def best_of(fn: Callable[[], object], rounds: int = 5) -> float:
    """Minimum wall time of ``rounds`` calls of ``fn`` (seconds)."""
    best = math.inf
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def stream_add(x: np.ndarray, rounds: int = 5) -> float:
    """Time of numpy's streaming add ``x + x`` into a preallocated buffer."""
    out = np.empty_like(x)
    return best_of(lambda: np.add(x, x, out=out), rounds)


def stream_copy(x: np.ndarray, rounds: int = 5) -> float:
    """Time of one streaming copy of ``x`` into a preallocated buffer."""
    out = np.empty_like(x)
    return best_of(lambda: np.copyto(out, x), rounds)


def case_time(benchmark) -> float:
    """The minimum round time pytest-benchmark measured for this case (seconds)."""
    return float(benchmark.stats.stats.min)


def record(benchmark, case: str, value: float, unit: str, target: float | None = None,
           op: str = ">=", note: str = "", **extra) -> Figure:
    """Add a figure to the table and to the benchmark's ``extra_info`` (JSON output)."""
    fig = Figure(case, float(value), unit, target, op, note)
    FIGURES.append(fig)
    if benchmark is not None:
        benchmark.extra_info.update({"figure": case, "value": fig.value, "unit": unit,
                                     "target": target, "op": op, "met": fig.met, **extra})
    return fig


def predict(points: list[tuple[int, float]], d: int, default_exponent: float = 2.0) -> float:
    """Predicted seconds at ``d`` from earlier ``(d, seconds)`` points (log-log slope >= 1).

    With one point the ``default_exponent`` is assumed (2: enumerative coders walk big
    integers whose size grows with ``d``).
    """
    if not points:
        return 0.0
    d1, t1 = points[-1]
    if len(points) >= 2:
        d0, t0 = points[-2]
        expo = max(1.0, math.log(max(t1, 1e-9) / max(t0, 1e-9)) / math.log(d1 / d0))
    else:
        expo = default_exponent
    return t1 * (d / d1) ** expo
