"""mayekar2020's figures: optimisation error against T with and without quantization at
Theorem 3.1's budget (with the 1/sqrt(T) reference), alpha_0 of each quantizer against its
bound, the exact mutual information of Theorem 6.1's oracles against the proof's bounds, and the
frontier: optimisation error against measured bits for every scheme on the Bernoulli oracle, with
Theorems 2.2, 3.1 and 6.1/6.2."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullFormatter

import commbounds as cb

from ...bounds.mayekar2020 import PAPER
from . import figure, group, select
from ._style import bound_label, interval_errorbar, log_axes, panel_grid, plt, save


def _p(p) -> str:
    """An exponent p as mathtext (infinity for "oo" or inf)."""
    return r"\infty" if str(p) in ("oo", "inf") or p == float("inf") else f"{p:g}" if isinstance(p, float) else str(p)


@figure("mayekar2020-psgd", PAPER, checks=("mayekar2020/psgd-rate",))
def psgd(records, path):
    recs = select(records, "mayekar2020/psgd-rate")
    if not recs:
        return None
    recs = sorted(recs, key=lambda r: (r["params"]["oracle"], str(r["params"]["p"])))
    fig, axes = panel_grid(len(recs), min(len(recs), 2), 3.5, 2.7)
    for ax, r in zip(axes.ravel(), recs, strict=False):
        e, q = r["extra"], r["params"]
        T = np.asarray(e["Ts"], dtype=float)
        ax.plot(T, e["err_unquantized"], "o-", ms=3, color="k", label=f"unquantized (slope {e['slope_unquantized']:.2f})")
        ax.plot(T, e["err_quantized"], "s--", ms=3, color="C1",
                label=f"quantized, {e['bits_per_step']:.0f} bits (slope {e['slope_quantized']:.2f})")
        ax.plot(T, e["err_unquantized"][0] * np.sqrt(T[0] / T), ":", color="grey", label=r"$\propto 1/\sqrt{T}$")
        log_axes(ax, "T", r"$f(\bar x_T) - f^*$",
                 rf"{q['oracle']}, $p = {_p(q['p'])}$, $d = {q['d']}$ ($r^* \leq {e['r_star_upper']:.0f}$)")
        ax.legend(fontsize=6, loc="lower left")
    save(fig, path)
    return ("Projected SGD on Theorem 6.1's oracles: optimisation error against T without quantization and with "
            "the oracle output quantized at Theorem 3.1's precision (SimQ+ with $k = d^{2/p}$ for $p = 2$, SimQ for "
            r"$p = \infty$), with a $1/\sqrt{T}$ reference line.")


@figure("mayekar2020-alpha0", PAPER, checks=("mayekar2020/alpha0",))
def alpha0(records, path):
    recs = select(records, "mayekar2020/alpha0")
    if not recs:
        return None

    def label(q):
        extra = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in q.items() if k != "scheme")
        return f"{q['scheme']} ({extra})"

    recs = sorted(recs, key=lambda r: label(r["params"]))
    y = np.arange(len(recs))
    ref = np.array([r["reference"] for r in recs])
    fig, ax = plt.subplots(figsize=(5.2, 0.28 * len(recs) + 1.0))
    _, ci = interval_errorbar(ax, y, recs, horizontal=True, fmt="o", ms=3, label=r"measured $\alpha_0$ ($B = 1$)")
    ax.plot(ref, y, "k|", ms=10, mew=2, label="bound")
    ax.set_yticks(y)
    ax.set_yticklabels([label(r["params"]) for r in recs], fontsize=6)
    ax.set_xlabel(r"$\alpha_0(Q; p)$")
    ax.set_xlim(0, max(ref.max(), ci[:, 1].max()) * 1.1)
    ax.legend(fontsize=6, loc="lower right")
    save(fig, path)
    return (r"$\alpha_0(Q; p)$ of each quantizer measured over candidate inputs on the $\ell_q$ sphere (99.9% "
            "intervals) against Theorem 4.1 (SimQ), Theorem 4.2 (SimQ+), Lemmas 5.1/5.2 (CUQ, RATQ) and "
            r"$\sqrt{12} B$ for the $p < 2$ composite.")


@figure("mayekar2020-mutual-information", PAPER,
        checks=("mayekar2020/thm6.1-mi-paninski", "mayekar2020/thm6.1-mi-bernoulli"))
def mutual_information(records, path):
    pan = select(records, "mayekar2020/thm6.1-mi-paninski")
    ber = select(records, "mayekar2020/thm6.1-mi-bernoulli")
    if not pan and not ber:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(6.8, 2.7))
    for ax, rs, title in ((axes[0], pan, r"Paninski oracle: $I / (\delta^2 \min(2^r, d)/d)$"),
                          (axes[1], ber, r"Bernoulli oracle: $I / (360 \delta^2 \min(r, d))$")):
        for r in sorted(rs, key=lambda r: (r["params"]["d"], r["params"]["r"])):
            e = r["extra"]
            deltas = np.asarray(e["deltas"])
            mi = np.asarray(e["mi_nats"])
            stated = np.asarray(e.get("ratio_to_stated", [])) if "ratio_to_stated" in e else mi / (
                360 * deltas**2 * min(r["params"]["r"], r["params"]["d"]))
            ax.plot(deltas, stated, "o-", ms=2.5, label=f"$d = {r['params']['d']}$, $r = {r['params']['r']}$")
        ax.axhline(1.0, color="k", ls="--", lw=1, label="bound as stated")
        ax.set_xscale("log")
        ax.set_yscale("log" if rs is ber else "linear")
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(r"$\delta$")
        ax.set_ylabel("exact $I$ (nats) / bound")
        ax.set_title(title, fontsize=7)
    seen = {}  # one legend for both panels (the same (d, r) series in each), below them
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(lab, h)
    fig.set_size_inches(6.8, 2.7 + 0.18 * ((len(seen) + 3) // 4))
    fig.legend(list(seen.values()), list(seen), loc="outside lower center", ncols=4, frameon=False)
    save(fig, path)
    return ("Exact mutual information $I(V; Q(Y))$ (nats; $V$ uniform on the Hamming packing, the largest over the "
            "tested $r$-bit quantizers) divided by the bounds of Theorem 6.1's proof.  Paninski's bound holds in "
            r"order (slope 2 in $\delta$) but not with the displayed constant 1.")


def _unit(bound_id: str, **params):
    return cb.bound(bound_id)(constants="unit", nan_policy="propagate", **params)


@figure("mayekar2020-frontier", PAPER, checks=("mayekar2020/frontier",))
def frontier(records, path):
    recs = select(records, "mayekar2020/frontier")
    if not recs:
        return None
    panels = group(recs, "p", "d", "T")
    colors = {s: f"C{j % 10}" for j, s in enumerate(sorted({r["params"]["scheme"] for r in recs}))}
    fig, axes = panel_grid(len(panels), len(panels), 3.6, 3.0)
    for ax, ((p, d, T), rs) in zip(axes.ravel(), sorted(panels.items(), reverse=True), strict=False):
        D, B = rs[0]["extra"]["D"], rs[0]["extra"]["B"]
        for scheme in sorted({r["params"]["scheme"] for r in rs}):
            pts = sorted((r for r in rs if r["params"]["scheme"] == scheme), key=lambda r: r["extra"]["bits_per_step"])
            interval_errorbar(ax, [r["extra"]["bits_per_coordinate"] for r in pts], pts, fmt="o-", ms=3,
                              color=colors[scheme], label=scheme)
        unq = np.array([r["extra"]["unquantized_error"] for r in rs])
        ax.axhspan(unq.min(), unq.max(), color="0.85", zorder=0, label="unquantized PSGD (measured)")
        top = max(r["extra"]["bits_per_step"] for r in rs) * 2
        bits = np.unique(np.round(np.geomspace(1, top, 80)))
        common = {"d": d, "p": p, "D": D, "B": B, "T": T}
        second = "mayekar2020:thm6.1/bernoulli" if p >= 2 else "mayekar2020:thm6.2"
        ax.plot(bits / d, _unit(second, r=bits, **common), "k--", lw=1,
                label=bound_label(rf"{second.split(':')[1]} ($\Omega$ form, $c_0 = 1$)", second))
        lower = "mayekar2020:thm2.2/lower-p-ge-2" if p >= 2 else "mayekar2020:thm2.2/lower-p-lt-2"
        ax.axhline(_unit(lower, **common), color="k", ls=":", lw=1,
                   label=r"Thm 2.2 unquantized lower ($\Omega$ form, $c_0 = 1$)")
        upper = "mayekar2020:thm3.1/upper-p-ge-2" if p >= 2 else "mayekar2020:thm3.1/upper-p-lt-2"
        ax.axvline(cb.bound(upper)(d=d, p=p) / d, color="k", lw=1, label=r"Thm 3.1 precision $r^*$ (explicit)")
        prec = "mayekar2020:thm3.1/lower-p-ge-2" if p >= 2 else "mayekar2020:thm3.1/lower-p-lt-2"
        ax.axvline(_unit(prec, d=d, p=p) / d, color="k", ls="-.", lw=1,
                   label=r"Thm 3.1 precision lower ($\Omega$ form, $c_0 = c_1 = 1$)")
        log_axes(ax, "bits per coordinate per step (measured)", r"$f(\bar x_T) - f^*$",
                 rf"Bernoulli oracle, $p = {_p(p)}$, $d = {d}$, $T = {T}$")
    axes[0][0].legend(fontsize=5, ncol=2, loc="lower left")
    save(fig, path)
    return ("mayekar2020 frontier on Theorem 6.1's Bernoulli-product oracle: projected SGD with every oracle "
            "output quantized by each scheme at each budget (mean optimisation error with its interval, against "
            "the bits per coordinate its payloads used), the unquantized run (grey band), Theorem 6.1's second "
            r"lower bound (Theorem 6.2 for $p < 2$) and Theorem 2.2's as $\Omega$ forms with unit constant "
            r"(dashed and dotted; their constants are unknown, so the curves show the order only), and Theorem "
            r"3.1's explicit precision $r^*$ (solid vertical) with its lower counterpart at unit constants.")
