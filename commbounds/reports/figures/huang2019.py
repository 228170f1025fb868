"""huang2019's figures: Section 4.1's MSE-vs-bits trade-off (with Theorem 2.3's curve),
bits against sparseness on Theorem 3.1's family, and the K-means / power-iteration runs."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullFormatter

import commbounds as cb

from ...bounds.huang2019 import PAPER
from . import figure, select
from ._style import interval_errorbar, log_axes, panel_grid, plt, save

_VARIANT_TITLE = {"plain": "t-distribution", "scaled": "per-client scaling", "keep30": "30% of dimensions",
                  "keep10": "10% of dimensions"}


@figure("huang2019-tradeoff", PAPER, checks=("huang2019/sec4.1-tradeoff",))
def tradeoff(records, path):
    recs = select(records, "huang2019/sec4.1-tradeoff")
    if not recs:
        return None
    variants = [v for v in _VARIANT_TITLE if any(r["params"]["variant"] == v for r in recs)]
    fig, axes = panel_grid(len(variants), 2 if len(variants) > 1 else 1, 3.4, 2.7)
    for ax, v in zip(axes.ravel(), variants, strict=False):
        rv = [r for r in recs if r["params"]["variant"] == v]
        for scheme in sorted({r["params"]["scheme"] for r in rv}):
            # exact points (MSE 0) have no place on a log axis
            pts = sorted((r["extra"]["bits_per_dim"], r["extra"]["mse"]) for r in rv
                         if r["params"]["scheme"] == scheme and r["extra"]["mse"] > 0)
            if not pts:
                continue
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, "o-", ms=3, label=scheme)
        ref = rv[0]
        n, d = ref["params"]["n"], ref["params"]["d"]
        s, f2n2 = ref["extra"]["s"], ref["extra"]["F2_over_n2"]
        Cs = np.geomspace(0.02 * n * d * s, n * d, 60)
        F1 = n * np.sqrt(s * n * d * f2n2)  # s = F1^2/(n d F2) and F2 = n^2 (F2/n^2)
        up_bits = cb.bound("huang2019:thm2.3/main")(n=n, d=d, C=Cs) / (n * d)
        up_mse = cb.bound("huang2019:thm2.3/mse")(F1=F1, C=Cs, n=n)
        ax.plot(up_bits, up_mse, "k--", lw=1, label="Thm 2.3 (main term)")
        Cl = Cs[(Cs >= n) & (Cs <= n * d / 2)]
        lo_bits = cb.bound("huang2019:thm3.1")(n=n, d=d, C=Cl) / (n * d)
        ax.plot(lo_bits, cb.bound("huang2019:thm3.1/mse")(F1=F1, n=n, C=Cl), "k:", lw=1,
                label="Thm 3.1 (lower, its family)")
        ax.set_yscale("log")
        ax.set_xscale("log")
        ax.set_xlabel("bits per dimension")
        ax.set_title(f"{_VARIANT_TITLE[v]} ($s = {s:.2f}$)", fontsize=8)
        ax.set_ylabel("MSE")
    axes[0][0].legend(loc="upper right")
    save(fig, path)
    return ("MSE against bits per dimension on the Section 4.1 data (Figure 1 of the paper): measured points "
            "of every implemented scheme, Theorem 2.3's main-term curve and Theorem 3.1's lower-bound curve.")


@figure("huang2019-sparseness", PAPER, checks=("huang2019/thm3.1-canary",))
def sparseness(records, path):
    recs = select(records, "huang2019/thm3.1-canary")
    if not recs:
        return None
    groups = {}
    for r in recs:
        groups.setdefault((r["params"]["n"], r["params"]["d"]), []).append(r)
    fig, ax = plt.subplots(figsize=(4.2, 3.0))
    for (n, d), rs in sorted(groups.items()):
        rs.sort(key=lambda r: r["extra"]["s"])
        s = np.array([r["extra"]["s"] for r in rs])
        interval_errorbar(ax, s, rs, fmt="o", ms=3, label=f"sparse-dme ($n = {n}$, $d = {d}$)")
        sg = np.geomspace(1 / d, 0.5, 50)
        C = sg * n * d
        ax.plot(sg, cb.bound("huang2019:thm3.1")(n=n, d=d, C=C), "k:", label="Thm 3.1 lower")
        ax.plot(sg, cb.bound("huang2019:thm2.3/explicit")(n=n, d=d, C=np.minimum(4 * C, n * d), r=64), "k--",
                label="Thm 2.3 explicit ($C' = 4C$)")
    log_axes(ax, "sparseness $s = C/(nd)$", "total bits")
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.legend()
    save(fig, path)
    return ("Bits against sparseness on Theorem 3.1's block-basis family, the protocol tuned to the theorem's "
            "MSE level, with the lower bound and Theorem 2.3's explicit upper bound.")


@figure("huang2019-applications", PAPER,
        checks=("huang2019/sec4.2-kmeans", "huang2019/sec4.3-power-iteration"))
def applications(records, path):
    km = select(records, "huang2019/sec4.2-kmeans")
    pi = select(records, "huang2019/sec4.3-power-iteration")
    if not km and not pi:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(6.5, 2.6))
    for ax, rs, label in ((axes[0], km, "K-means objective / exact"), (axes[1], pi, "distance to top eigenvector")):
        if rs:
            x = [r["extra"]["bits_per_dim"] for r in rs]
            interval_errorbar(ax, x, rs, fmt="o-", ms=3, label="sparse-dme")
            ax.axhline(rs[0]["reference"], color="k", ls="--", lw=1, label="claimed level")
        ax.set_xlabel("bits per dimension per iteration")
        ax.set_ylabel(label)
        ax.legend()
    save(fig, path)
    return "Distributed K-means (Section 4.2) and power iteration (Section 4.3) with DME aggregation."
