"""Every registered figure is fit for a paper: drawn at a column (3.4 in) or text (7 in)
width, no font under 7 pt at printed size, no two tick labels overlapping, no legend over a
plotted point or past the figure's edge, one legend entry per label, every
marker explained by a legend entry or the caption, no mathematics written as plain text in a label or
the caption, and a PGF copy beside the PDF -- measured on the smoke profile's records, on
the figure as it is written."""

from __future__ import annotations

import shutil

import pytest

from commbounds.reports.figures import _style, figures

FIGURES = figures()


@pytest.mark.parametrize("fig", FIGURES, ids=[f.id for f in FIGURES])
def test_figure_is_fit_for_print(fig, smoke_records, figure_draws, tmp_path):
    path = tmp_path / f"{fig.id}.pdf"
    drawn = figure_draws.draw(fig, smoke_records, path)  # measured as it is written
    caption, measured = drawn.caption, drawn.measured
    if not caption:
        pytest.fail(f"{fig.id} drew nothing from the smoke records")
    assert not _style.plain_math(caption), f"plain-text mathematics in the caption: {_style.plain_math(caption)}"
    assert path.is_file() and path.stat().st_size > 1000  # the standalone PDF
    if shutil.which("pdflatex"):
        assert path.with_suffix(".pgf").stat().st_size > 1000  # and its PGF copy
    assert measured, f"{fig.id} was not written through _style.save"
    for m in measured:
        assert min(abs(m["width"] - _style.COLUMN), abs(m["width"] - _style.TEXT)) < 0.01, m
        assert m["min_font"] >= _style.MIN_FONT, m
        assert not m["overlaps"], f"overlapping tick labels: {m['overlaps']}"
        assert not m["legend_over_data"], f"legend over data in {m['legend_over_data']}"
        assert not m["legend_outside"], "a legend reaches past the figure's edge"
        assert not m["unexplained_markers"], \
            f"markers explained by no legend entry or the caption: {m['unexplained_markers']}"
        assert not m["duplicate_labels"], f"repeated legend entries: {m['duplicate_labels']}"
        assert not m["plain_math"], f"plain-text mathematics in labels: {m['plain_math']}"
