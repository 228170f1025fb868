"""Shared matplotlib setup for report figures (non-interactive backend, consistent style)."""

from __future__ import annotations

import matplotlib
import numpy as np

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({"figure.dpi": 100, "font.size": 9, "axes.grid": True, "grid.alpha": 0.3,
                     "legend.fontsize": 7, "savefig.bbox": "tight", "pdf.fonttype": 42,
                     "svg.hashsalt": "commbounds", "path.simplify": False})

#: deterministic PDF output: no creation date in the metadata
PDF_META = {"CreationDate": None, "Creator": "commbounds", "Producer": "commbounds"}


def save(fig, path) -> None:
    fig.savefig(path, metadata=PDF_META)
    plt.close(fig)


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


def log_axes(ax, xlabel: str, ylabel: str | None = None, title: str | None = None) -> None:
    """Log-log axes with their labels and, when given, an 8-point title."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title, fontsize=8)


__all__ = ["plt", "save", "PDF_META", "panel_grid", "interval_errorbar", "log_axes"]
