"""Construction figures: the Hamming packing's rate against Gilbert-Varshamov (mayekar2020),
point-packing sizes against Lemma 2 (korhonen2021), and the block family's sparseness
(huang2019), each drawn from the records of :mod:`commbounds.verify.suite.packings`."""

from __future__ import annotations

import numpy as np

from ...bounds.huang2019 import PAPER as HUANG2019
from ...bounds.korhonen2021 import PAPER as KORHONEN2021
from ...bounds.mayekar2020 import PAPER as MAYEKAR2020
from ...constructions.hamming_packing import C_GV
from . import figure, select
from ._style import plt, save


@figure("mayekar2020-hamming-packing", MAYEKAR2020, checks=("mayekar2020/hamming-packing-gv",))
def hamming(records, path):
    recs = sorted(select(records, "mayekar2020/hamming-packing-gv"), key=lambda r: r["params"]["d"])
    if not recs:
        return None
    fig, ax = plt.subplots(figsize=(4.4, 2.9))
    for method, marker in (("maximum", "s"), ("lexicographic", "o"), ("random", "^")):
        rs = [r for r in recs if r["extra"]["method"] == method]
        if rs:
            ax.plot([r["params"]["d"] for r in rs], [r["extra"]["rate"] for r in rs], marker, ms=4,
                    label=f"{method}{' (m points, not maximal)' if method == 'random' else ''}")
    d = np.array([r["params"]["d"] for r in recs])
    ax.plot(d, [r["extra"]["gv_rate_finite"] for r in recs], "k--", lw=1, label="GV bound, finite $d$")
    ax.axhline(C_GV, color="k", ls=":", lw=1, label="$1 - h(1/4)$")
    ax.set_xlabel("$d$")
    ax.set_ylabel(r"$\log_2|V| / d$")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=6)
    save(fig, path)
    return (r"Rate $\log_2|V|/d$ of the Hamming packing with distance $\geq d/4$ used by Theorem 6.1, against the "
            "Gilbert-Varshamov bound at finite $d$ and its limit $1 - h(1/4)$.")


@figure("korhonen2021-point-packing", KORHONEN2021, checks=("korhonen2021/lem2-packing-size",))
def points(records, path):
    recs = select(records, "korhonen2021/lem2-packing-size")
    if not recs:
        return None
    recs = sorted(recs, key=lambda r: (r["params"]["d"], r["params"]["delta"]))
    fig, ax = plt.subplots(figsize=(4.6, 3.0))
    for j, d in enumerate(sorted({r["params"]["d"] for r in recs})):
        rs = [r for r in recs if r["params"]["d"] == d]
        x = [r["params"]["delta"] for r in rs]
        ax.plot(x, [r["extra"]["log2_size"] / d for r in rs], "o-", ms=3, color=f"C{j}", label=f"$d = {d}$ constructed")
        ax.plot(x, [r["extra"]["log2_lemma2"] / d for r in rs], "x--", ms=4, color=f"C{j}", lw=0.8)
        ax.plot(x, [r["extra"]["log2_volume_bound"] / d for r in rs], "_:", ms=6, color=f"C{j}", lw=0.8)
    ax.plot([], [], "kx--", lw=0.8, label="Lemma 2 lower bound")
    ax.plot([], [], "k_:", lw=0.8, label="volume upper bound")
    ax.set_xscale("log")
    ax.set_xlabel(r"$\delta$")
    ax.set_ylabel(r"$\log_2|S| / d$")
    ax.legend(fontsize=6, ncol=2)
    save(fig, path)
    return (r"Size of point packings of $[0,1]^d$ with pairwise distance $> \delta$ (grid or greedy), per dimension, "
            r"against Lemma 2's $(d^{1/2}/(C \delta))^d$ and the volume upper bound.")


@figure("huang2019-block-basis", HUANG2019, checks=("huang2019/block-basis-sparseness",))
def block_basis(records, path):
    recs = sorted(select(records, "huang2019/block-basis-sparseness"), key=lambda r: r["params"]["C"])
    if not recs:
        return None
    fig, ax = plt.subplots(figsize=(5.6, 0.3 * len(recs) + 0.9))
    ax.axis("off")
    rows = [[str(r["params"]["n"]), str(r["params"]["d"]), str(r["params"]["C"]), str(r["extra"]["t"]),
             str(r["extra"]["b"]), f"{r['reference']:.4g}", f"{r['measured']:.4g}", r["verdict"]] for r in recs]
    table = ax.table(cellText=rows, colLabels=["$n$", "$d$", "$C$", "$t = C/n$", "$b = nd/C$", "$C/(nd)$", "measured", "verdict"],
                     loc="center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    table.scale(1, 1.2)
    save(fig, path)
    return ("Theorem 3.1's block-basis family: $t = C/n$ blocks of size $b = nd/C$ per client; the measured Hoyer "
            "sparseness $F_1^2/(nd F_2)$ equals $C/(nd)$.")
