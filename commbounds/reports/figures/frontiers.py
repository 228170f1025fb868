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

from ...verify.applicability import PROTOCOL_LEVELS, admitted, admitted_protocols
from . import figure
from ._style import log_axes, panel_grid, plt, save

__all__ = ["points_below", "DAVIES_PANELS"]

#: davies2021 panels: explicit bound, its Omega form, the family's parameter names
DAVIES_PANELS = {
    "davies2021:thm13/explicit": ("davies2021:thm13", "Thm 13: mean estimation, adversary"),
    "davies2021:cor14/explicit": ("davies2021:cor14", "Cor 14: mean est., expected bits"),
    "davies2021:thm15/explicit": ("davies2021:thm15", "Thm 15: var. reduction, ball"),
    "davies2021:thm16/explicit": ("davies2021:thm16", "Thm 16: var. reduction, mixture"),
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
    whose whole interval lies below an explicit lower bound that applies to it: davies2021's at
    the bits the point's machines received, huang2019's Theorem 3.1 corner, barnes2020's
    Cramér-Rao bound.  The mayekar2020 and korhonen2021 frontiers draw only ``Omega`` forms
    with unit constant, which no point can contradict."""
    bad = []
    for bound in DAVIES_PANELS:
        for r in _generated(records, bound):
            ref = float(_at_budget(bound, r, r["extra"]["bits_received_max"] + 1))
            if r["interval"][1] < ref:
                bad.append((r["check"], r["interval"][1], ref))
    for r in records:  # the barnes2020 frontier's explicit lower bound: Cramér-Rao for unbiased schemes
        if r["check"] == "barnes2020/frontier" and r.get("measured") is not None and r["verdict"] != "error":
            if r["interval"][1] < r["reference"]:
                bad.append((r["check"], r["interval"][1], r["reference"]))
    for r in records:
        if _huang_point(r):
            ex = r.get("extra", {})
            if ex.get("mse", np.inf) <= ex.get("mse_level", -np.inf) and r["interval"][1] < r["reference"]:
                bad.append((r["check"], r["interval"][1], r["reference"]))
    return bad


def _legend_below(fig, axes, ncols: int = 5) -> None:
    """One legend for every panel, below them (each label once), and one tight-layout pass:
    constrained layout fails on these panels' log axes."""
    handles: dict[str, object] = {}
    for ax in axes.ravel():
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(lab, h)
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncols=ncols, fontsize=5, frameon=False)
    rows, height = (len(handles) + ncols - 1) // ncols, 2.8 * axes.shape[0]
    fig.set_size_inches(fig.get_size_inches()[0], height + 0.16 * rows)
    fig.set_layout_engine("none")
    fig.tight_layout(rect=(0, 0.16 * rows / (height + 0.16 * rows) + 0.02, 1, 1))


def _applies(bounds) -> tuple[str, ...]:
    return tuple(f"applies/{b}/{s}" for b in bounds for s in admitted(b) + admitted_protocols(b))


@figure("davies2021-frontier", "davies2021", checks=_applies(DAVIES_PANELS))
def davies_frontier(records, path):
    panels = [(b, _generated(records, b)) for b in DAVIES_PANELS]
    panels = [(b, rs) for b, rs in panels if rs]
    if not panels:
        return None
    cols = 2 if len(panels) == 4 else len(panels)
    fig, axes = panel_grid(len(panels), cols, 3.1, 2.8)
    labels = sorted({r["check"].rsplit("/", 1)[-1] for _, rs in panels for r in rs})
    colors = {n: plt.cm.tab20(i % 20) for i, n in enumerate(labels)}
    protocols = set(PROTOCOL_LEVELS)
    for ax, (bound, rs) in zip(axes.ravel(), panels, strict=False):
        rs = sorted(rs, key=lambda r: r["check"])
        points, bars = [], []
        for r in rs:
            b = r["extra"]["bits_received_max"] + 1
            lo = max(r["interval"][0], r["measured"] * 1e-3)
            name = r["check"].rsplit("/", 1)[-1]
            ax.errorbar([b], [r["measured"]], yerr=[[r["measured"] - lo], [r["interval"][1] - r["measured"]]],
                        fmt="s" if name in protocols else "o", ms=3, color=colors[name], label=name)
            points += [lo, r["interval"][1]]
            bars.append(float(_at_budget(bound, r, b)))
            ax.plot([b / 1.15, b * 1.15], [bars[-1]] * 2, "k-", lw=1.5)
        ref = rs[0]
        bs = np.geomspace(1, max(r["extra"]["bits_received_max"] + 1 for r in rs) * 2, 80)
        ax.plot(bs, _at_budget(bound, ref, bs), "k-", lw=0.8, label="explicit lower bound (measurable form)")
        omega, _ = DAVIES_PANELS[bound]
        ob = cb.bound(omega)
        names = {p.name for p in ob.params}
        ax.plot(bs, ob(constants="unit", b=bs, **{k: v for k, v in _bound_args(ref).items() if k in names}),
                "k--", lw=0.8, label=r"its $\Omega$ form, $c = 1$")
        log_axes(ax, "bits received by a machine ($b$)", "MSE" if ax in axes[:, 0] else None, DAVIES_PANELS[bound][1])
        # a bound far below every point (its budget is large) would flatten the panel: the
        # bars below the lowest point's thousandth are off the panel, and the curve shows why
        floor = min(points) / 1e3
        shown = [v for v in bars if v >= floor]
        ax.set_ylim(min(shown + [min(points)]) / 10, max(points + shown) * 10)
    _legend_below(fig, axes)
    save(fig, path)
    return ("davies2021 frontiers: every scheme in each bound's class as a one-round protocol (circles) and the "
            "star, tree and sublinear-broadcast protocols at several levels (squares) on the bound's hard family "
            "(points with intervals, at the most bits any of its machines actually received), the explicit lower "
            r"bound as a solid curve and as a bar at each point's own budget, and the $\Omega$ form with unit "
            r"constant dashed.  MSE: $E\|\mathrm{EST} - \mathrm{target}\|^2$.")


#: the sparse-dme protocol's own Theorem 3.1 check (n clients), beside the single-vector canaries
_HUANG_PROTOCOL = "huang2019/thm3.1-canary"


def _huang_point(r) -> bool:
    """Whether a record is a point of the huang2019 frontier (a Theorem 3.1 canary that ran)."""
    return ((r["check"].startswith("canary/") or r["check"] == _HUANG_PROTOCOL)
            and r.get("measured") is not None and r["verdict"] != "error" and bool(r["params"].get("C")))


@figure("huang2019-frontier", "huang2019",
        checks=tuple(f"canary/{s}-thm3.1" for s in admitted("huang2019:thm3.1")) + (_HUANG_PROTOCOL,))
def huang_frontier(records, path):
    rs = [r for r in records if _huang_point(r)]
    if not rs:
        return None
    groups: dict[tuple, list] = {}
    for r in rs:
        groups.setdefault((r["params"].get("n", 1), r["params"]["d"], r["params"]["C"]), []).append(r)
    fig, axes = panel_grid(len(groups), min(2, len(groups)), 3.4, 2.8)
    for ax, ((n, d, C), grp) in zip(axes.ravel(), sorted(groups.items()), strict=False):
        level = grp[0]["extra"]["mse_level"]
        lower = grp[0]["reference"]
        floor = level * 1e-6  # the panel's bottom: an exact estimate (MSE 0) is drawn there
        for r in sorted(grp, key=lambda r: r["check"]):
            mse = r["extra"]["mse"]
            protocol = r["check"] == _HUANG_PROTOCOL
            name = "sparse-dme" if protocol else r["check"][len("canary/"):-len("-thm3.1")]
            ax.errorbar([r["measured"]], [mse if mse > 0 else floor],
                        xerr=[[r["measured"] - r["interval"][0]], [r["interval"][1] - r["measured"]]],
                        fmt=("s" if protocol else "o") if mse > 0 else "v", ms=3,
                        label=name)
            if protocol and r["extra"].get("thm23_main"):
                ax.axvline(r["extra"]["thm23_main"], color="C3", ls="--", lw=0.8,
                           label="Thm 2.3 bits, main term (unit constant)")
        # Theorem 3.1: reaching MSE <= level needs at least `lower` bits -- the forbidden corner
        ax.fill_between([1, lower], [level * 1e-6] * 2, [level] * 2, color="0.85", zorder=0,
                        label="forbidden by Thm 3.1 (corrected)")
        ax.plot([lower, lower], [level * 1e-6, level], "k-", lw=1)
        ax.plot([1, lower], [level, level], "k-", lw=1)
        log_axes(ax, "total bits (measured)", "MSE", f"block-basis family, $n = {n}$, $d = {d}$, $C = {C}$")
    _legend_below(fig, axes, ncols=4)
    save(fig, path)
    return ("huang2019 frontier on Theorem 3.1's block-basis family: every scheme in the theorem's class "
            "(circles, one client) and the sparse-dme protocol tuned to the level (squares, $n$ clients), "
            "bits with intervals against MSE (a triangle at a panel's floor: an exact estimate, MSE 0); Theorem 2.3's bits for sparse-dme, main term with unit constant "
            "(dashed); and the corner the theorem forbids in its corrected form, the one its "
            r"proof supports for randomised schemes (MSE at most $F_1^2/(16C)$ with fewer than "
            r"$(C/4) \log_2(d/(2C))$ bits).")
