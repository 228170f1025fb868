"""Every figure drawn once per test run and shared: the figure tests, the print-quality
tests and the in-process report rebuild all read the same draw of a figure from the same
records (a cache keyed on the figure and the records it sees, shared by the xdist workers)."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from commbounds.reports.figures import Figure, _style
from tests.conftest import computed_once, shared_root

#: the drawing itself, as the package defines it (the cache below stands in for it)
_DRAW = Figure.draw


def _text_objects(fig):
    return fig.findobj(lambda o: hasattr(o, "get_fontsize") and hasattr(o, "get_text")
                       and o.get_visible() and o.get_text())


def _measure(fig) -> dict:
    """The print layout of ``fig`` just before it is written."""
    fig.canvas.draw()
    w, _ = fig.get_size_inches()
    labels = [[t.get_text() for t in lg.get_texts()] for lg in _style._legends(fig)]
    return {
        "width": float(w),
        "min_font": float(min((t.get_fontsize() for t in _text_objects(fig)), default=99)),
        "overlaps": [(ax.get_title(), axis.axis_name) for ax in fig.axes if ax.get_visible()
                     for axis in (ax.xaxis, ax.yaxis) if _style.tick_label_overlaps(fig, axis)],
        "legend_over_data": [ax.get_title() for ax in fig.axes if _style.legend_covers_data(ax)],
        "legend_outside": _style.legend_outside_figure(fig),
        "duplicate_labels": [lab for lab in labels if len(set(lab)) < len(lab)],
        "plain_math": [p for t in _text_objects(fig) for p in _style.plain_math(t.get_text())],
    }


@dataclass(frozen=True)
class Drawn:
    """One draw of a figure: its caption, and one layout measurement per file written
    through ``_style.save`` (with the markers neither a legend nor the caption explains)."""

    caption: str | None
    measured: list


class FigureDraws:
    """Draws each (figure, records) pair once into ``root``; later draws copy its files."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(exist_ok=True)

    def key(self, fig: Figure, records) -> str:
        seen = [r.to_json() for r in records if r.check in fig.checks]
        text = json.dumps([fig.id, fig.fn.__module__, fig.fn.__qualname__, list(fig.checks), seen])
        return f"{fig.id}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"

    def draw(self, fig: Figure, records, path) -> Drawn:
        """Draw ``fig`` from ``records`` into ``path`` (and its PGF copy, where one is written)."""
        key = self.key(fig, records)
        out = self.root / key
        computed_once(self.root, f"{key}.json", lambda meta: self._draw(fig, records, out, meta))
        got = json.loads((self.root / f"{key}.json").read_text())
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in (".pdf", ".pgf"):
            if (out / f"{fig.id}{suffix}").exists():
                shutil.copyfile(out / f"{fig.id}{suffix}", path.with_suffix(suffix))
        return Drawn(got["caption"], got["measured"])

    @staticmethod
    def _draw(fig: Figure, records, out: Path, meta: Path) -> None:
        figs, measured = [], []

        def hook(f, path):
            figs.append(f)
            measured.append(_measure(f))

        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        mp = pytest.MonkeyPatch()
        mp.setattr(_style, "_SAVE_HOOKS", [*_style._SAVE_HOOKS, hook])
        try:
            caption = _DRAW(fig, records, out / f"{fig.id}.pdf")
        finally:
            mp.undo()
        for f, m in zip(figs, measured, strict=True):
            m["unexplained_markers"] = _style.unexplained_markers(f, caption or "")
        meta.write_text(json.dumps({"caption": caption, "measured": measured}))


@pytest.fixture(scope="session")
def figure_draws(tmp_path_factory) -> FigureDraws:
    """The run's shared figure draws."""
    return FigureDraws(shared_root(tmp_path_factory) / "figure-draws")


@pytest.fixture
def shared_figure_draws(figure_draws, monkeypatch) -> FigureDraws:
    """While the test runs, every ``Figure.draw`` (a report build's too) goes through the
    run's shared draws."""
    monkeypatch.setattr(Figure, "draw", lambda self, records, path: figure_draws.draw(self, records, path).caption)
    return figure_draws
