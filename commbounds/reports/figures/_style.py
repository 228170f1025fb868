"""Shared matplotlib setup for report figures (non-interactive backend, consistent style)."""

from __future__ import annotations

import matplotlib

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


__all__ = ["plt", "save", "PDF_META"]
