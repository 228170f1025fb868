"""Figures of the Exploration chapter: gap-map heatmaps with the within-2x region outlined and the
exact optima of the LP section marked.  Each function takes the exploration records and an output
path and returns a caption (None when the records hold nothing for it)."""

from __future__ import annotations

import math

import numpy as np

from ._style import panel_grid, save

__all__ = ["gap_maps"]


def gap_maps(records, path, *, constants: str) -> str | None:
    """One heatmap per gap map of the given kind (``explicit`` or ``unit-constants``)."""
    maps = [r for r in records if r["extra"].get("section") == "gaps" and r["extra"].get("constants") == constants
            and r["extra"].get("cells")]
    if not maps:
        return None
    fig, axes = panel_grid(len(maps), min(3, len(maps)), 3.3, 2.8)
    for ax, r in zip(axes.ravel(), maps, strict=False):
        g = r["extra"]["grid"]
        R = np.array(g["ratio"], dtype=float)
        L = np.log10(np.where(np.isfinite(R) & (R > 0), R, np.nan))
        im = ax.imshow(L, origin="lower", aspect="auto", cmap="viridis")
        ax.set_xticks(range(len(g["x"])), [_tick(v) for v in g["x"]], fontsize=6, rotation=45)
        ax.set_yticks(range(len(g["y"])), [_tick(v) for v in g["y"]], fontsize=6)
        ax.set_xlabel(g["x_name"])
        ax.set_ylabel(g["y_name"])
        ax.grid(False)
        within = np.where(np.isfinite(R), (R <= 2).astype(float), 0.0)
        if within.any() and not within.all():
            ax.contour(within, levels=[0.5], colors="red", linewidths=1.2)
        elif within.all():
            ax.set_title("(all cells within 2x)", fontsize=6, loc="right")
        for xi, yi, label in _exact_marks(records, r):
            ax.plot(xi, yi, marker="*", color="white", markersize=10, markeredgecolor="black")
            ax.annotate(label, (xi, yi), fontsize=6, color="white", xytext=(4, 4), textcoords="offset points")
        ax.set_title(r["extra"]["name"], fontsize=8, loc="left")
        fig.colorbar(im, ax=ax, label=r"$\log_{10}(\mathrm{upper} / \mathrm{lower})$")
    save(fig, path)
    kind = ("explicit constants" if constants == "explicit" else
            "asymptotic bounds with their hidden constants set to 1 (not a proven gap)")
    return (f"Gap maps ({kind}): $\\log_{{10}}$ of the best registered upper bound over the best registered lower "
            "bound; red contour: the region where they agree within 2x; blank: no bound applies; stars: "
            "exact optima from the LP section (label: exact / lower bound).")


def _tick(v) -> str:
    if isinstance(v, float) and v < 1:
        e = math.log2(v)
        return f"$2^{{{int(e)}}}$" if e.is_integer() else f"{v:.2g}"
    return f"{v:g}"


def _exact_marks(records, gap):
    """Grid positions of exact LP optima that share the map's fixed parameters."""
    g = gap["extra"]["grid"]
    fixed = gap["extra"].get("fixed", {})
    out = []
    for r in records:
        ex = r["extra"]
        if ex.get("section") != "lp" or ex.get("source_paper") != gap["extra"].get("paper"):
            continue
        p = dict(r["params"])
        if "C" in p and "n" in p and "d" in p:
            p["s"] = p["C"] / (p["n"] * p["d"])
        if any(k in p and p[k] != v for k, v in fixed.items()) or g["x_name"] not in p or g["y_name"] not in p:
            continue
        if p[g["x_name"]] not in g["x"] or p[g["y_name"]] not in g["y"]:
            continue
        lo = (ex.get("lower") or {}).get("value")
        if not lo or r["measured"] is None:
            continue
        out.append((g["x"].index(p[g["x_name"]]), g["y"].index(p[g["y_name"]]), f"{r['measured'] / lo:.3g}"))
    return out

