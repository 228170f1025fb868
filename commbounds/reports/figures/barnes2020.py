"""barnes2020's figures: the Section V estimator's risk against n k with Theorems 1 and 2,
risk against bits per node for every unbiased scheme (the frontier), and error-compensated
SGD with top-k, random-k and rTop-k at 99 % and 99.9 % compression."""

from __future__ import annotations

import numpy as np

import commbounds as cb

from ...bounds.barnes2020 import PAPER
from . import figure, select
from ._style import interval_errorbar, log_axes, plt, save

_COLORS = {"top-k": "C0", "rtop-k": "C1", "random-k": "C2", "uncompressed": "k"}


def _unit(bound_id, **params):
    return cb.bound(bound_id)(constants="unit", nan_policy="propagate", **params)


def _thm1(*, n, d, s, k):
    """Theorem 1 with its proof's constant 4 (``barnes2020:thm1/explicit``), at the k' the
    theorem pairs with each k (k' log d <= k <= 2 k' log d); NaN outside its conditions."""
    kprime = np.maximum(np.floor(k / np.log2(d)), 1)
    return cb.bound("barnes2020:thm1/explicit")(nan_policy="propagate", n=n, d=d, s=s, k=k, kprime=kprime)


def _integers(low, high, count=60):
    """About ``count`` integers spread geometrically over [low, high] (at least 1)."""
    return np.unique(np.round(np.geomspace(max(low, 1), max(high, 1), count)))


@figure("barnes2020-risk", PAPER, checks=("barnes2020/thm1-explicit",))
def risk(records, path):
    recs = select(records, "barnes2020/thm1-explicit")
    if not recs:
        return None
    groups = {}
    for r in recs:
        q = r["params"]
        groups.setdefault((q["d"], q["s"], q.get("theta", "flat")), []).append(r)
    fig, axes = plt.subplots(1, len(groups), figsize=(3.6 * len(groups), 3.0), squeeze=False)
    for ax, ((d, s, th), rs) in zip(axes[0], sorted(groups.items()), strict=True):
        for j, n in enumerate(sorted({r["params"]["n"] for r in rs})):
            rn = sorted((r for r in rs if r["params"]["n"] == n), key=lambda r: r["extra"]["nk"])
            x = np.array([r["extra"]["nk"] for r in rn], dtype=float)
            interval_errorbar(ax, x, rn, fmt="o", ms=3, color=f"C{j}", label=f"measured, $n = {n}$")
            ax.plot(x, [r["reference"] for r in rn], "v", ms=4, mfc="none", color=f"C{j}")
            ax.axhline(s * (1 - s / d) / n, color=f"C{j}", ls=":", lw=0.8)
        # both bounds depend on n and k through n k only: draw them at the smallest n
        n0 = min(r["params"]["n"] for r in rs)
        k = _integers(min(r["extra"]["nk"] for r in rs) / (2 * n0), max(r["extra"]["nk"] for r in rs) * 2 / n0)
        ax.plot(n0 * k, _thm1(n=n0, d=d, s=s, k=k), "k--", lw=1, label="Thm 1, $C = 4$ (proof)")
        ax.plot(n0 * k, _unit("barnes2020:thm2/comm", n=n0, d=d, s=s, k=k), "k-.", lw=1,
                label="Thm 2 comm. term, $c = 1$")
        ax.plot([], [], "k:", lw=0.8, label="Cramér-Rao $s(1-s/d)/n$")
        ax.plot([], [], "kv", ms=4, mfc="none", label="Thm 1 at the run's $(n, k, k')$")
        log_axes(ax, "$n k$ (total bits)", r"risk $E\|\hat\theta-\theta\|^2$",
                 rf"$d = {d}$, $s = {s:g}$, $\theta$ {th}")
    axes[0][0].legend(loc="lower left", fontsize=6)
    save(fig, path)
    return ("Risk of the Section V estimator against the total budget $n k$, with Theorem 1's bound (constant 4 "
            "from its proof), Theorem 2's communication term at $c = 1$ (its constant is unknown, so the curve "
            "shows the order only) and the Cramér-Rao level of the centralized term.")


@figure("barnes2020-frontier", PAPER, checks=("barnes2020/frontier",))
def frontier(records, path):
    recs = select(records, "barnes2020/frontier")
    if not recs:
        return None
    q0 = recs[0]["params"]
    n, d, s = q0["n"], q0["d"], q0["s"]
    fig, ax = plt.subplots(figsize=(4.4, 3.1))
    for j, scheme in enumerate(sorted({r["params"]["scheme"] for r in recs})):
        rs = sorted((r for r in recs if r["params"]["scheme"] == scheme), key=lambda r: r["extra"]["bits_per_node"])
        x = [r["extra"]["bits_per_node"] for r in rs]
        interval_errorbar(ax, x, rs, fmt="o-", ms=3, color=f"C{j}", label=scheme)
    k = _integers(2 * np.log2(d), max(r["extra"]["bits_per_node"] for r in recs) * 1.5)
    ax.plot(k, _thm1(n=n, d=d, s=s, k=k), "k--", lw=1, label="Thm 1, $C = 4$")
    ax.plot(k, _unit("barnes2020:thm2", n=n, d=d, s=s, k=k), "k-.", lw=1,
            label=r"Thm 2, $c = 1$ (where $nk \geq d \log(d/s)$)")
    ax.axhline(s * (1 - s / d) / n, color="k", ls=":", lw=1, label="Cramér-Rao (unbiased)")
    ax.plot(k, _unit("barnes2020:thm4/corrected", n=n, k=k, **_thm4_cube(d, s)), "k:", lw=1.5,
            label=r"Thm 4 (corrected) on Thm 2's cube, $C = 1$")
    log_axes(ax, "bits per node", "risk", f"sparse Bernoulli, $n = {n}$, $d = {d}$, $s = {s:g}$")
    ax.legend(fontsize=6)
    save(fig, path)
    return ("Risk against bits per node for every implemented unbiased scheme on the sparse Bernoulli model, "
            "against Theorem 1 (upper), Theorem 2 at $c = 1$, Theorem 4 (corrected, with the bits per node $k$) "
            r"at $C = 1$ on the cube $[s/(2d), s/d]^d$ of Theorem 2's proof, and the Cramér-Rao bound.")


def _thm4_cube(d: int, s: float) -> dict:
    """Theorem 4's parameters where the proof of Theorem 2 applies it: the cube
    ``[s/(2d), s/d]^d`` (half-width ``B = s/(4d)``) and the Psi_2 bound ``N`` of the Bernoulli
    score, ``1/(theta sqrt(ln(1/theta)))`` at the cube's smallest ``theta = s/(2d)`` (the
    proof's maximum over the cube, its constant c_1 taken as 1)."""
    theta = s / (2 * d)
    return {"d": d, "B": s / (4 * d), "N": 1 / (theta * np.sqrt(np.log(1 / theta)))}


@figure("barnes2020-ec-sgd", PAPER, checks=("barnes2020/ec-sgd",))
def ec_sgd(records, path):
    recs = sorted(select(records, "barnes2020/ec-sgd"), key=lambda r: r["params"]["compression"])
    if not recs:
        return None
    fig, axes = plt.subplots(1, len(recs), figsize=(3.5 * len(recs), 2.8), squeeze=False)
    for ax, r in zip(axes[0], recs, strict=True):
        steps = np.asarray(r["extra"]["steps"]) + 1
        for name, curve in r["extra"]["curves"].items():
            c = np.maximum(np.asarray(curve, dtype=float), 1e-12)
            ax.plot(steps, c, "-", lw=1.2, color=_COLORS.get(name), label=name)
        ax.axhline(r["reference"], color="grey", ls="--", lw=0.8, label="claimed level")
        q = r["params"]
        log_axes(ax, "iteration", r"$(f - f^*)/(f_0 - f^*)$",
                 f"{q['compression']:.1%} compression ($k = {r['extra']['k']}$, $d = {q['d']}$)")
    axes[0][0].legend(fontsize=6, loc="lower left")
    save(fig, path)
    return ("Distributed SGD with error compensation (Algorithm 1) on least squares with $n = 5$ nodes: relative "
            "suboptimality against the iteration for top-k, rTop-k ($r = nk$), random-k and uncompressed SGD.")
