"""korhonen2021's figures: quantized GD's iterate error against Lemma 14's bound, and its total bits
against Theorem 11's upper bound and the lower bounds across kappa, eps, N and d."""

from __future__ import annotations

import numpy as np

from ...bounds.korhonen2021 import PAPER
from . import figure, select
from ._style import log_axes, plt, save


@figure("korhonen2021-convergence", PAPER, checks=("korhonen2021/lem14-invariants",))
def convergence(records, path):
    recs = select(records, "korhonen2021/lem14-invariants")
    if not recs:
        return None
    fig, ax = plt.subplots(figsize=(4.2, 2.8))
    for r in recs:
        if r["params"]["eps"] != recs[0]["params"]["eps"] or r["params"]["N"] != recs[0]["params"]["N"]:
            continue
        q1, b = r["extra"]["q1"], r["extra"]["q1_bound"]
        line, = ax.plot(np.arange(len(q1)), q1, "-", label=rf"$\kappa = {r['params']['kappa']:g}$")
        ax.plot(np.arange(len(b)), b, "--", color=line.get_color(), lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("round $t$")
    ax.set_ylabel(r"$\|x(t) - x^*\|$ (solid), $\mu^t W$ (dashed)")
    ax.legend()
    save(fig, path)
    return r"Quantized gradient descent: the iterate error $\|x(t) - x^*\|$ against Lemma 14's (Q1) bound $\mu^t W$."


@figure("korhonen2021-bits", PAPER, checks=("korhonen2021/thm11-bits",))
def bits(records, path):
    recs = select(records, "korhonen2021/thm11-bits")
    if not recs:
        return None
    sweeps = [("kappa", r"$\kappa$"), ("eps", r"$\varepsilon$"), ("N", "$N$"), ("d", "$d$")]
    base = {}
    for k, _ in sweeps:  # the sweeps' common point: each parameter's most frequent value
        vals = [r["params"][k] for r in recs]
        base[k] = max(set(vals), key=vals.count)
    fig, axes = plt.subplots(1, 4, figsize=(11, 2.7))
    for ax, (key, label) in zip(axes, sweeps, strict=True):
        rs = [r for r in recs if all(r["params"][k] == base[k] for k, _ in sweeps if k != key)]
        rs = sorted(rs, key=lambda r: r["params"][key])
        x = np.array([r["params"][key] for r in rs], dtype=float)
        ax.plot(x, [r["measured"] for r in rs], "o", label="quantized GD (measured)")
        ax.plot(x, [r["extra"]["upper_c1"] for r in rs], "k--", label="Thm 11, $c = 1$")
        lo = [(xx, r["extra"]["lower_c1"]) for xx, r in zip(x, rs, strict=True) if r["extra"]["lower_c1"]]
        if lo:
            ax.plot(*zip(*lo, strict=True), "k:", label="Thm 3 (corrected) lower, $c = 1$")
        log_axes(ax, label)
    axes[0].set_ylabel("total bits")
    axes[0].legend()
    save(fig, path)
    return (r"Total bits of quantized GD against Theorem 11's $O(N d \kappa \log \kappa \log(\beta d/\varepsilon))$ "
            r"and Theorem 3's lower bound (both with $c = 1$), sweeping $\kappa$, $\varepsilon$, $N$ and $d$.")


