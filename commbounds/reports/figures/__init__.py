"""Figure registry: one module per paper; each figure reads result records and writes a PDF.

A figure function takes ``(records, path)`` -- the records of the whole run and the
output file -- draws with matplotlib and returns a caption, or ``None`` when the run has
no data for it (then the figure is left out of the report).  Adding a figure is one
decorated function in ``figures/<paper>.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..._registry import Registry

__all__ = ["Figure", "figure", "figures"]


@dataclass(frozen=True)
class Figure:
    id: str
    paper: str
    fn: Callable


FIGURES = Registry("figure", __name__)


def figure(id: str, paper: str):  # noqa: A002
    def deco(fn):
        FIGURES.add(id, Figure(id, paper, fn))
        return fn
    return deco


def figures(paper: str | None = None) -> list[Figure]:
    return [f for _, f in sorted(FIGURES.items().items()) if paper is None or f.paper == paper]


def select(records, check: str, verdicts=("pass", "fail", "inconclusive")) -> list[dict]:
    """Records of one check id that produced a measurement."""
    return [r for r in records if r["check"] == check and r["verdict"] in verdicts and r["measured"] is not None]
