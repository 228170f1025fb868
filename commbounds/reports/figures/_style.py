"""Shared matplotlib setup for report figures (non-interactive backend, consistent style)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib
import matplotlib.ticker
import numpy as np

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

#: the two widths a figure is placed at in the report (inches): one column or the text width
COLUMN, TEXT = 3.4, 7.0
#: the smallest font a printed figure may use (points)
MIN_FONT = 7.0

plt.rcParams.update({"figure.dpi": 100, "font.size": 8, "axes.titlesize": 8, "axes.labelsize": 8,
                     "xtick.labelsize": 7, "ytick.labelsize": 7, "legend.fontsize": 7,
                     "figure.titlesize": 8, "axes.grid": True, "grid.alpha": 0.3,
                     "figure.constrained_layout.use": True, "pdf.fonttype": 42,
                     "svg.hashsalt": "commbounds", "path.simplify": False})

#: deterministic PDF output: no creation date in the metadata
PDF_META = {"CreationDate": None, "Creator": "commbounds", "Producer": "commbounds"}


def save(fig, path) -> None:
    """Lay ``fig`` out for print and write it to ``path`` (a standalone PDF a user can
    ``\\includegraphics`` at its natural size) and, when pdflatex is installed, a PGF copy
    beside it (``path`` with suffix ``.pgf``, for ``\\input`` in a LaTeX document; see
    :func:`write_pgf`).

    The figure is set to the column or text width nearest its drawn width (height scaled
    alike), every font to at least :data:`MIN_FONT` points, each legend to one entry per
    label and outside the data when it would cover a plotted point, and tick labels are
    thinned until no two overlap.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    layout_for_print(fig)
    for hook in _SAVE_HOOKS:
        hook(fig, path)
    fig.savefig(path, metadata=PDF_META)
    if WRITE_PGF and shutil.which("pdflatex"):
        write_pgf(fig, Path(path).with_suffix(".pgf"))
    plt.close(fig)


#: whether :func:`save` writes the PGF copy of each figure (when pdflatex is installed)
WRITE_PGF = True


def pgf_text(text: str) -> str:
    """``text`` as a PGF label may hold it: the parts outside ``$...$`` escaped for LaTeX,
    each ``$...$`` kept when :func:`~commbounds.reports.mathtex.safe_math` accepts it (else
    escaped), so a label quoting a store value cannot run LaTeX where the PGF is input;
    matplotlib's ``\\mathdefault`` is dropped so the file needs only ``pgf``.

    >>> print(pgf_text(r"$\\alpha_0$ at 50% \\input{x}"))
    $\\alpha_0$ at 50\\% \\textbackslash{}input\\{x\\}
    """
    from .. import caption_tex

    # matplotlib wraps tick labels in \mathdefault{...}, a macro a document does not have
    return str(caption_tex(re.sub(r"\\mathdefault\{", "{", text)))


def write_pgf(fig, path) -> None:
    """Write ``fig`` as PGF (pdflatex text metrics, the document's own fonts), every label
    passed through :func:`pgf_text` first."""
    from matplotlib.text import Text

    ticks = set()
    for ax in fig.axes:  # tick labels are redrawn from their formatter: fix them, escaped
        limits = ax.get_xlim(), ax.get_ylim()  # set_ticks would widen them to every tick
        for axis in (ax.xaxis, ax.yaxis):
            for minor in (False, True):
                locs = axis.get_ticklocs(minor=minor)
                labels = axis.get_ticklabels(minor=minor)
                texts = [pgf_text(t.get_text()) if t.get_visible() else "" for t in labels]
                ticks.update(id(t) for t in labels)
                if len(texts) == len(locs):
                    axis.set_ticks(locs, texts, minor=minor)
        ax.set_xlim(limits[0])
        ax.set_ylim(limits[1])
    # every other Text artist (a legend's TextArea wraps one), each once
    texts = {id(t): t for t in fig.findobj(Text) if t.get_text() and id(t) not in ticks}
    for t in texts.values():
        t.set_text(pgf_text(t.get_text()))
    with plt.rc_context({"pgf.texsystem": "pdflatex", "pgf.rcfonts": False}):
        fig.savefig(path, format="pgf")


#: callables ``hook(fig, path)`` run just before a figure is written (used by the tests
#: that measure every figure's layout)
_SAVE_HOOKS: list = []


def layout_for_print(fig) -> None:
    """The print layout of :func:`save`, applied in place."""
    w, h = fig.get_size_inches()
    target = COLUMN if w <= (COLUMN + TEXT) / 2 else TEXT
    fig.set_size_inches(target, max(h * target / w, min(h, 2.4)))
    for t in fig.findobj(lambda o: hasattr(o, "get_fontsize") and hasattr(o, "set_fontsize")):
        if t.get_fontsize() < MIN_FONT:
            t.set_fontsize(MIN_FONT)
    for ax in fig.axes:
        _one_entry_per_label(ax)
    fig.canvas.draw()
    for ax in fig.axes:
        _legend_off_the_data(ax)
    _thin_ticks(fig, [axis for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)])


def _one_entry_per_label(ax) -> None:
    legend = ax.get_legend()
    if legend is None:
        return
    handles, labels = ax.get_legend_handles_labels()
    seen: dict[str, object] = {}
    for hnd, lab in zip(handles, labels, strict=False):
        seen.setdefault(lab, hnd)
    if len(seen) < len(labels):
        kw = {"loc": legend._loc, "fontsize": MIN_FONT}
        ax.legend(list(seen.values()), list(seen), **kw)


def _data_points(ax) -> np.ndarray:
    """Display coordinates of every plotted point of ``ax``."""
    pts = []
    for line in ax.get_lines():
        if line.get_visible() and len(line.get_xdata()):
            xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
            pts.append(ax.transData.transform(xy))
    for coll in ax.collections:
        offs = coll.get_offsets()
        if coll.get_visible() and len(offs):
            pts.append(coll.get_offset_transform().transform(np.asarray(offs, float)))
    if not pts:
        return np.zeros((0, 2))
    out = np.concatenate(pts)
    return out[np.all(np.isfinite(out), axis=1)]


def legend_covers_data(ax) -> bool:
    """Whether the legend of ``ax`` (if any) lies over one of its plotted points."""
    legend = ax.get_legend()
    if legend is None or not legend.get_visible():
        return False
    box = legend.get_window_extent()
    pts = _data_points(ax)
    return bool(np.any((pts[:, 0] >= box.x0) & (pts[:, 0] <= box.x1) & (pts[:, 1] >= box.y0) & (pts[:, 1] <= box.y1)))


#: how a caption names a marker it explains
MARKER_WORDS = {"*": "star", "o": "circle", "s": "square", "^": "triangle", "v": "triangle", "x": "cross",
                "|": "bar", "_": "bar", "+": "plus", "D": "diamond", ".": "dot"}


def _legends(fig) -> list:
    """Every legend of ``fig``: its axes' and its own."""
    return [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)


def unexplained_markers(fig, caption: str = "") -> list[str]:
    """Markers drawn on ``fig`` that neither a legend entry (of any legend of the figure,
    matched by marker) nor ``caption`` (by :data:`MARKER_WORDS`) explains."""
    legends = _legends(fig)

    def markers(h):  # an errorbar is a container of its data line and its bars
        if hasattr(h, "get_marker"):
            yield str(h.get_marker())
        if isinstance(h, tuple):
            for part in h:
                yield from markers(part)

    shown = {t.get_text() for lg in legends for t in lg.get_texts()}
    explained = {m for ax in fig.axes for h, lab in zip(*ax.get_legend_handles_labels(), strict=True)
                 if lab in shown for m in markers(h)}
    out = []
    for ax in fig.axes:
        for line in ax.get_lines():
            m = str(line.get_marker())
            if m in ("None", "", " ") or not line.get_visible() or not len(line.get_xdata()):
                continue
            if m not in explained and MARKER_WORDS.get(m, m) not in caption.lower():
                out.append(m)
    return sorted(set(out))


def legend_outside_figure(fig) -> bool:
    """Whether a legend of ``fig`` (an axes' or the figure's) reaches past the figure's edge."""
    box = fig.bbox
    for lg in _legends(fig):
        e = lg.get_window_extent()
        if e.x0 < box.x0 - 1 or e.y0 < box.y0 - 1 or e.x1 > box.x1 + 1 or e.y1 > box.y1 + 1:
            return True
    return False


def _legend_off_the_data(ax) -> None:
    if not legend_covers_data(ax):
        return
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    # the plotted artists, not the legend's drawn proxies (an errorbar's proxy loses its marker)
    own = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    handles = [own.get(lab, h) for lab, h in zip(labels, legend.legend_handles, strict=True)]
    # a legend inside the axes does not move the layout, so each place is tried without
    # drawing the figure again: the legend's box is computed from the last draw's layout
    for loc in ("best", "upper left", "upper right", "lower left", "lower right"):
        ax.legend(handles, labels, loc=loc, fontsize=MIN_FONT)
        if not legend_covers_data(ax):
            return
    ax.get_legend().remove()  # no free corner: the legend goes below the panels, in as many
    fig = ax.figure           # columns as fit the figure's width
    for ncols in range(min(len(labels), 3), 0, -1):
        lg = fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=MIN_FONT, frameon=False)
        fig.canvas.draw()
        if ncols == 1 or lg.get_window_extent().width <= fig.bbox.width:
            return
        lg.remove()


def tick_label_overlaps(fig, axis) -> bool:
    """Whether two visible tick labels of ``axis`` overlap on the drawn figure."""
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in axis.get_ticklabels(which="both")
             if t.get_visible() and t.get_text()]
    boxes.sort(key=lambda b: (b.x0, b.y0))
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def _thin_ticks(fig, axes) -> None:
    """Thin the tick labels of every axis in ``axes`` until none overlap: minor labels (log
    axes within a decade) go first, then every second label, up to six times; one draw of
    the figure per round serves every axis."""
    fig.canvas.draw()
    crowded = [axis for axis in axes if tick_label_overlaps(fig, axis)]
    for axis in crowded:
        axis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    for _ in range(6):
        if not crowded:
            return
        fig.canvas.draw()
        crowded = [axis for axis in crowded if tick_label_overlaps(fig, axis)]
        for axis in crowded:
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            for t in labels[1::2]:
                t.set_visible(False)


def panel_grid(count: int, cols: int, width: float, height: float):
    """A figure of ``count`` panels in ``cols`` columns (each ``width`` x ``height`` inches);
    the unused cells of the last row are hidden."""
    rows = (count + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False)
    for ax in axes.ravel()[count:]:
        ax.set_visible(False)
    return fig, axes


def interval_errorbar(ax, x, records, *, horizontal: bool = False, **kw):
    """The records' measured values at positions ``x`` with their confidence intervals as
    error bars (horizontal bars at heights ``x`` when ``horizontal``); returns the measured
    values and the intervals."""
    m = np.array([r["measured"] for r in records])
    ci = np.array([r["interval"] for r in records])
    err = [m - ci[:, 0], ci[:, 1] - m]
    if horizontal:
        ax.errorbar(m, x, xerr=err, **kw)
    else:
        ax.errorbar(x, m, yerr=err, **kw)
    return m, ci


#: plain-text mathematics that belongs in ``$...$``: powers and subscripts, Greek letter
#: names, norms, ``log2``/``log10``/``sqrt(`` and typed inequality signs
_PLAIN_MATH = re.compile(r"\b\w+\^[\w({]|\b[A-Za-z]\w*_[\w{]|\|\||\b(?:log2|log10|sqrt)\b|>=|<=|"
                         r"\b(?:alpha|beta|gamma|delta|epsilon|eps|kappa|lambda|mu|sigma|rho|theta|omega|"
                         r"infty|inf|oo)\b")


def plain_math(text: str) -> list[str]:
    """The pieces of ``text`` outside ``$...$`` that are mathematics written as plain text.

    >>> plain_math(r"measured $\\alpha_0$ against alpha_0 and y^2/q^2")
    ['alpha_0', 'y^2', 'q^2']
    """
    outside = re.sub(r"\$[^$]*\$", " ", str(text))
    return [m.group() for m in _PLAIN_MATH.finditer(outside)]


def bound_math(bound_id: str, max_length: int = 80) -> str:
    """A registered bound's expression as matplotlib mathtext (``$...$``, from the bound's own
    :meth:`~commbounds.bounds.Bound.latex`), or ``""`` when it is longer than ``max_length``
    characters of LaTeX or mathtext cannot typeset it (see :func:`bound_label`).

    >>> print(bound_math("huang2019:thm3.1"))
    $\\frac{C \\log_{2}{\\left(\\frac{d n}{2 C} \\right)}}{2}$
    """
    from matplotlib.mathtext import MathTextParser

    import commbounds as cb

    tex = cb.bound(bound_id).latex()
    if len(tex) > max_length:
        return ""
    try:
        MathTextParser("path").parse(f"${tex}$")
    except ValueError:
        return ""
    return f"${tex}$"


def bound_label(text: str, bound_id: str) -> str:
    """A legend label for a bound's curve: ``text: <the bound's formula>``, or ``text`` alone
    when :func:`bound_math` cannot typeset the formula."""
    math = bound_math(bound_id)
    return f"{text}: {math}" if math else text


def log_axes(ax, xlabel: str, ylabel: str | None = None, title: str | None = None) -> None:
    """Log-log axes with their labels and, when given, an 8-point title."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title, fontsize=8)


__all__ = ["plt", "save", "PDF_META", "panel_grid", "interval_errorbar", "log_axes", "COLUMN", "TEXT",
           "MIN_FONT", "layout_for_print", "legend_covers_data", "legend_outside_figure", "unexplained_markers",
           "tick_label_overlaps", "plain_math", "bound_math", "bound_label", "pgf_text", "write_pgf", "WRITE_PGF"]
