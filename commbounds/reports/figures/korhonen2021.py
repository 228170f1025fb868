"""korhonen2021's figures: quantized GD's iterate error against Lemma 14's bound, and its total bits
against Theorem 11's upper bound and the lower bounds across kappa, eps, N and d, and the frontier:
optimisation error against total bits with the upper and lower bounds as curves."""

from __future__ import annotations

import numpy as np

import commbounds as cb

from ...bounds.korhonen2021 import PAPER, proof_constant
from . import figure, group, select
from ._style import interval_errorbar, log_axes, panel_grid, plt, save


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




def _bits_curve(bound_id: str, eps, *, unit: bool = True, **params):
    """Total bits a bound gives at each accuracy ``eps`` (NaN outside its conditions)."""
    b = cb.bound(bound_id)
    names = {p.name for p in b.params}
    kw = {"constants": "unit"} if unit else {}
    return b(nan_policy="propagate", eps=eps, **{k: v for k, v in params.items() if k in names}, **kw)


#: the lower bounds on the total bits drawn as accuracy-against-bits curves (all Omega forms)
FRONTIER_LOWER = (("korhonen2021:thm3/corrected", "Thm 3 (corrected)", "--"),
                  ("korhonen2021:thm4/corrected", "Thm 4 (corrected)", "-."),
                  ("korhonen2021:zhang-et-al", "Table 1: Tsitsiklis-Luo, Zhang et al.", ":"))


@figure("korhonen2021-frontier", PAPER, checks=("korhonen2021/frontier",))
def frontier(records, path):
    recs = select(records, "korhonen2021/frontier")
    if not recs:
        return None
    panels = group(recs, "kappa", "N", "d")
    fig, axes = panel_grid(len(panels), len(panels), 3.5, 3.0)
    for ax, ((kappa, N, d), rs) in zip(axes.ravel(), sorted(panels.items()), strict=False):
        rs = sorted(rs, key=lambda r: r["extra"]["total_bits"])
        x = [r["extra"]["total_bits"] for r in rs]
        interval_errorbar(ax, x, rs, fmt="o-", ms=3, color="C0", label="quantized GD (error, measured)")
        ax.plot(x, [r["params"]["eps"] for r in rs], "v", ms=4, mfc="none", color="C0", label=r"its target $\varepsilon$")
        eps = np.geomspace(min(r["params"]["eps"] for r in rs) / 100, max(r["params"]["eps"] for r in rs) * 10, 80)
        common = {"N": N, "d": d, "beta": rs[0]["extra"]["beta"], "kappa": rs[0]["extra"]["kappa"],
                  "beta0": rs[0]["extra"]["beta"] / N}
        c = proof_constant(common["kappa"])
        ax.plot(c * _bits_curve("korhonen2021:thm11", eps, **common), eps, "k-", lw=1,
                label="Thm 11 main term, the proof's constant")
        ax.plot(_bits_curve("korhonen2021:magnusson-et-al", eps, **common), eps, color="0.5", ls="--", lw=1,
                label=r"Table 2: Magnusson et al. upper ($O$ form, $c = 1$)")
        for bid, text, ls in FRONTIER_LOWER:
            ax.plot(_bits_curve(bid, eps, **common), eps, "k", ls=ls, lw=1, label=rf"{text} ($\Omega$ form, $c = 1$)")
        log_axes(ax, "total bits (measured)", r"$F(x(T)) - F(x^*)$", rf"$\kappa = {kappa:g}$, $N = {N}$, $d = {d}$")
    axes[0][0].legend(fontsize=5, loc="lower left")
    save(fig, path)
    return (r"korhonen2021 frontier: quantized gradient descent at several target accuracies $\varepsilon$ (circles: "
            r"the optimisation error $F(x(T)) - F(x^*)$ of its runs, mean with the smallest and largest; open "
            r"triangles: the target), against the total bits its messages used; Theorem 11's main term at the "
            r"constant its proof supports (solid; its lower-order terms are dropped, so a point may lie just "
            r"beyond it) and, as accuracy-against-bits curves with unit constant (their "
            r"constants are unknown, so they show the order only), Table 2's upper bound of Magnusson et al. and "
            r"the lower bounds of Theorems 3 and 4 (corrected) and Table 1.  Theorem 9 concerns non-convex bump "
            r"functions, a problem quantized GD does not solve.")
