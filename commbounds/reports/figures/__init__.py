"""Figure registry: one module per paper; each figure reads result records and writes a PDF.

A figure declares the checks whose records it reads (``checks=``) and receives only
those: its function takes ``(records, path)`` -- the records of its checks and the output
file -- draws with matplotlib and returns a caption, or ``None`` when the run has no data
for it (then the figure is left out of the report).  Curves come from registered bounds
(``cb.bound``), never from formulas typed here.  Adding a figure is one decorated function
in ``figures/<paper>.py``; a generic test draws every figure from the smoke profile's
records and fails when one declares a check that does not exist or draws nothing.

>>> from commbounds.reports.figures import figures
>>> f = figures("huang2019")[0]
>>> f.paper, all(c.startswith("huang2019/") for c in f.checks)
('huang2019', True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..._registry import Registry
from ...bounds import Paper
from ...errors import InvalidInputError

__all__ = ["Figure", "figure", "figures", "select", "group"]


@dataclass(frozen=True)
class Figure:
    """A registered figure: its id, paper key, drawing function and the checks it reads."""

    id: str
    paper: str
    fn: Callable
    checks: tuple[str, ...]

    def draw(self, records: Sequence, path) -> str | None:
        """Draw from the records of the declared checks; returns the caption or None."""
        return self.fn([r for r in records if r.check in self.checks], path)


FIGURES = Registry("figure", __name__)


def figure(id: str, paper: Paper | str, *, checks: Sequence[str]):  # noqa: A002
    """Register ``fn(records, path) -> caption | None`` as a figure of ``paper`` reading
    the records of ``checks``."""
    key = paper.key if isinstance(paper, Paper) else paper
    checks = (checks,) if isinstance(checks, str) else tuple(checks)
    if not checks or not all(isinstance(c, str) and c for c in checks):
        raise InvalidInputError(f"figure {id}: checks must name at least one check id")

    def deco(fn):
        FIGURES.add(id, Figure(id, key, fn, checks))
        return fn
    return deco


def figures(paper: str | None = None) -> list[Figure]:
    """Registered figures (of one paper, if given), sorted by id."""
    return [f for _, f in sorted(FIGURES.items().items()) if paper is None or f.paper == paper]


def select(records, check: str, verdicts=("pass", "fail", "inconclusive")) -> list:
    """Records of one check id that produced a measurement."""
    return [r for r in records if r.check == check and r.verdict in verdicts and r.measured is not None]


def group(records, *keys: str) -> dict[tuple, list]:
    """Records by the tuple of their parameters ``keys`` (one panel per group).

    >>> group([{"params": {"p": 2, "d": 4}}, {"params": {"p": 2, "d": 4}}], "p", "d")[(2, 4)].__len__()
    2
    """
    out: dict[tuple, list] = {}
    for r in records:
        out.setdefault(tuple(r["params"][k] for k in keys), []).append(r)
    return out
