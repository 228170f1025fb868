"""The Exploration chapter's content, from the exploration records of the store alone.

:func:`chapter` returns the template context of ``templates/exploration.tex.j2``: the
exact-constant table (per paper: instance, exact value, certificate, lower and upper bound at
the same parameters, exact/lower and upper/exact), the worst-case table with counterexamples
first, the gap-map summary and the heatmaps (drawn by :mod:`.figures.exploration`).

>>> chapter([], None) is None
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["chapter", "is_exploration"]


def is_exploration(record) -> bool:
    """Whether a store record comes from ``commbounds explore``."""
    return str(record["check"]).startswith("explore/")


def chapter(records, out: Path | None) -> dict | None:
    """Template context of the Exploration chapter (None when there are no exploration records)."""
    from . import _fmt, tex_escape
    from .figures.exploration import gap_maps

    recs = [r for r in records if is_exploration(r)]
    if not recs:
        return None
    lp = [r for r in recs if r["extra"].get("section") == "lp"]
    wc = [r for r in recs if r["extra"].get("section") == "worst-case"]
    gp = [r for r in recs if r["extra"].get("section") == "gaps"]
    rows = []
    for r in lp:
        ex = r["extra"]
        lo, up = ex.get("lower") or {}, ex.get("upper") or {}
        m = r["measured"]
        rows.append({"paper": tex_escape(ex.get("source_paper", "")), "instance": tex_escape(r["description"]),
                     "quantity": tex_escape(ex.get("quantity", "")),
                     "exact": tex_escape(ex.get("exact_text") or _fmt(m)),
                     "status": tex_escape(f"{ex.get('status')} ({r['verdict']})"),
                     "lower": _bound_text(lo, tex_escape), "upper": _bound_text(up, tex_escape),
                     "exact_lower": _ratio(m, lo.get("value")), "upper_exact": _ratio(up.get("value"), m)})
    worst = sorted(wc, key=lambda r: (r["verdict"] != "fail", -(r["measured"] or 0)))
    wrows = [{"scheme": tex_escape(r["extra"].get("scheme", "")), "bound": tex_escape(r["bound"] or ""),
              "ratio": _fmt(r["measured"]), "source": tex_escape(r["extra"].get("cost_source", "")),
              "start": tex_escape(r["extra"].get("worst_start", "")), "verdict": tex_escape(r["verdict"])}
             for r in worst]
    grows = [{"name": tex_escape(r["extra"]["name"]), "constants": tex_escape(r["extra"]["constants"]),
              "bounds": tex_escape(f"{', '.join(r['extra']['upper_ids'])} / {', '.join(r['extra']['lower_ids'])}"),
              "min": _fmt(r["measured"]), "within": f"{r['extra']['within_2x']}/{r['extra']['cells']}",
              "verdict": tex_escape(r["verdict"])} for r in gp]
    figs = []
    if out is not None:
        for kind in ("explicit", "unit-constants"):
            fname = f"figures/exploration-gaps-{kind}.pdf"
            cap = gap_maps(recs, Path(out) / fname, constants=kind)
            if cap:
                figs.append({"file": fname, "caption": tex_escape(cap)})
    counter = [x for x in wrows if x["verdict"] == "fail"]
    solver = next((r["extra"].get("extra", {}).get("solver") for r in lp if r["extra"].get("extra")), None)
    return {"constants": rows, "worst": wrows, "counterexamples": counter, "gaps": grows, "figures": figs,
            "solver": tex_escape(solver or "HIGHS")}


def _bound_text(b: dict, esc) -> str:
    if not b:
        return "--"
    if b.get("value") is None:
        return esc(f"{b['id']}: n/a")
    unit = " (c=1)" if b.get("unit_constants") else ""
    return esc(f"{b['id']} = {b['value']:.4g}{unit}")


def _ratio(a, b) -> str:
    if a is None or b is None or b == 0:
        return "--"
    return f"{a / b:.3g}"
