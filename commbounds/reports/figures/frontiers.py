"""Frontier figures: every scheme the applicability relation admits, against the lower bounds
that apply to it, error against the bits it actually used.

Explicit-constant bounds are solid curves; their ``Omega`` forms with the hidden constant set
to 1 (``constants="unit"``) are dashed and labelled as such.  Every point carries its
interval, and the bound is also marked at the point's own budget (a short bar under it), so
a measured point below a lower bound that applies to it would be visible -- and
:func:`points_below` finds it (the tests assert there is none).
"""

from __future__ import annotations

import numpy as np

import commbounds as cb

from ...verify.applicability import admitted
from . import figure
from ._style import log_axes, panel_grid, save

__all__ = ["points_below", "DAVIES_PANELS"]

#: davies2021 panels: explicit bound, its Omega form, the family's parameter names
DAVIES_PANELS = {
    "davies2021:thm13/explicit": ("davies2021:thm13", "mean estimation, Theorem 13's adversary"),
    "davies2021:thm15/explicit": ("davies2021:thm15", "variance reduction, Theorem 15's ball"),
    "davies2021:thm16/explicit": ("davies2021:thm16", "variance reduction, Theorem 16's mixture"),
}


def _generated(records, bound: str) -> list[dict]:
    return [r for r in records if r["check"].startswith(f"applies/{bound}/") and r.get("measured") is not None
            and r["verdict"] in ("pass", "fail", "inconclusive")]


def _bound_args(r: dict) -> dict:
    return {k: r["params"][k] for k in ("y", "sigma", "n", "d") if k in r["params"]}


def _at_budget(bound: str, r: dict, b) -> np.ndarray:
    """The measurable reference of ``bound`` for record ``r``'s family at budgets ``b``."""
    bnd = cb.bound(bound)
    names = {p.name for p in bnd.params}
    args = {k: v for k, v in _bound_args(r).items() if k in names}
    value = np.asarray(bnd(b=np.asarray(b, dtype=float), **args), dtype=float)
    if "thm13" in bound or "cor14" in bound:
        value = value * (1 - 2.0 ** -r["params"]["d"]) / 4
    return value


def points_below(records) -> list[tuple[str, float, float]]:
    """``(check, measured upper limit, bound at the point's budget)`` for every frontier point
    whose whole interval lies below a lower bound that applies to it."""
    bad = []
    for bound in DAVIES_PANELS:
        for r in _generated(records, bound):
            ref = float(_at_budget(bound, r, r["extra"]["bits_received_max"] + 1))
            if r["interval"][1] < ref:
                bad.append((r["check"], r["interval"][1], ref))
    for r in records:
        if r["check"].startswith("canary/") and r.get("measured") is not None and r["verdict"] != "error":
            ex = r.get("extra", {})
            if ex.get("mse", np.inf) <= ex.get("mse_level", -np.inf) and r["interval"][1] < r["reference"]:
                bad.append((r["check"], r["interval"][1], r["reference"]))
    return bad


def _applies(bounds) -> tuple[str, ...]:
    return tuple(f"applies/{b}/{s}" for b in bounds for s in admitted(b))


@figure("davies2021-frontier", "davies2021", checks=_applies(DAVIES_PANELS))
def davies_frontier(records, path):
    panels = [(b, _generated(records, b)) for b in DAVIES_PANELS]
    panels = [(b, rs) for b, rs in panels if rs]
    if not panels:
        return None
    fig, axes = panel_grid(len(panels), len(panels), 3.1, 2.8)
    for ax, (bound, rs) in zip(axes.ravel(), panels, strict=False):
        rs = sorted(rs, key=lambda r: r["check"])
        marks = []
        for r in rs:
            b = r["extra"]["bits_received_max"] + 1
            lo = max(r["interval"][0], r["measured"] * 1e-3)
            ax.errorbar([b], [r["measured"]], yerr=[[r["measured"] - lo], [r["interval"][1] - r["measured"]]],
                        fmt="o", ms=3, label=r["check"].rsplit("/", 1)[-1])
            marks += [lo, r["interval"][1], float(_at_budget(bound, r, b))]
            ax.plot([b / 1.15, b * 1.15], [marks[-1]] * 2, "k-", lw=1.5)
        ref = rs[0]
        bs = np.geomspace(1, max(r["extra"]["bits_received_max"] + 1 for r in rs) * 2, 80)
        ax.plot(bs, _at_budget(bound, ref, bs), "k-", lw=0.8, label=f"{bound} (explicit; measurable form)")
        omega, _ = DAVIES_PANELS[bound]
        ob = cb.bound(omega)
        names = {p.name for p in ob.params}
        ax.plot(bs, ob(constants="unit", b=bs, **{k: v for k, v in _bound_args(ref).items() if k in names}),
                "k--", lw=0.8, label=rf"{omega} ($\Omega$ form, $c = 1$)")
        log_axes(ax, "bits received by a machine ($b$)", r"$E\|\mathrm{EST} - \mathrm{target}\|^2$", DAVIES_PANELS[bound][1])
        positive = [m for m in marks if m > 0]
        ax.set_ylim(min(positive) / 10, max(positive) * 10)
    axes[0][0].legend(fontsize=4, ncol=2, loc="lower left")
    fig.set_layout_engine("none")  # constrained layout fails on these panels' log axes:
    fig.tight_layout()             # one tight pass at the drawn size instead
    save(fig, path)
    return ("davies2021 frontiers: every scheme in each bound's class as a one-round protocol on the bound's "
            "hard family (points with intervals, at the bits its machines actually received), the explicit lower "
            r"bound as a solid curve and as a bar at each point's own budget, and the $\Omega$ form with unit "
            "constant dashed.")


@figure("huang2019-frontier", "huang2019",
        checks=tuple(f"canary/{s}-thm3.1" for s in admitted("huang2019:thm3.1")))
def huang_frontier(records, path):
    rs = [r for r in records if r["check"].startswith("canary/") and r.get("measured") is not None
          and r["verdict"] != "error" and r["params"].get("C")]
    if not rs:
        return None
    groups: dict[tuple, list] = {}
    for r in rs:
        groups.setdefault((r["params"]["d"], r["params"]["C"]), []).append(r)
    fig, axes = panel_grid(len(groups), min(2, len(groups)), 3.4, 2.8)
    for ax, ((d, C), grp) in zip(axes.ravel(), sorted(groups.items()), strict=False):
        level = grp[0]["extra"]["mse_level"]
        lower = grp[0]["reference"]
        for r in sorted(grp, key=lambda r: r["check"]):
            mse = r["extra"]["mse"]
            if mse <= 0:
                continue
            ax.errorbar([r["measured"]], [mse], xerr=[[r["measured"] - r["interval"][0]], [r["interval"][1] - r["measured"]]],
                        fmt="o", ms=3, label=r["check"][len("canary/"):-len("-thm3.1")])
        # Theorem 3.1: reaching MSE <= level needs at least `lower` bits -- the forbidden corner
        ax.fill_between([1, lower], [level * 1e-6] * 2, [level] * 2, color="0.85", zorder=0,
                        label="forbidden by Thm 3.1 (explicit)")
        ax.plot([lower, lower], [level * 1e-6, level], "k-", lw=1)
        ax.plot([1, lower], [level, level], "k-", lw=1)
        log_axes(ax, "total bits (measured)", "MSE", f"block-basis family, $d = {d}$, $C = {C}$")
    axes[0][0].legend(fontsize=4, ncol=2, loc="upper right")
    fig.set_layout_engine("none")
    fig.tight_layout()
    save(fig, path)
    return ("huang2019 frontier on Theorem 3.1's block-basis family: every scheme in the theorem's class "
            "(bits with intervals, MSE), and the corner the theorem forbids (MSE at most $F_1^2/(4C)$ with fewer "
            r"than $(C/2) \log_2(d/(2C))$ bits).")
