"""korhonen2021's upper bound, measured: Corollary 10's deterministic quantizer, Lemma 14's
invariants at every round, convergence mu^t W, total bits against Theorem 11 and the lower
bounds across kappa, eps, N, d, the value round, and the reductions driven by the protocol."""

from __future__ import annotations

import math

import numpy as np

import commbounds as cb

from ... import constructions, quantizers
from ...bounds.korhonen2021 import PAPER, proof_constant
from ...quantizers.quantized_gd import QuantizedGD
from ..claims import all_hold, exact, mean_ge
from ..engine import Outcome, check

P = PAPER.key


@check("korhonen2021/cor10-quantizer", paper=P, claim="valid; accuracy <= eps; bits O(d log(1/lambda))",
       bound="korhonen2021:cor10", scheme="closest-lattice",
       grids={"smoke": [{"d": d, "lam": 0.01} for d in (4, 64)],
              "quick": [{"d": d, "lam": lam} for d in (4, 64, 1024) for lam in (0.1, 0.01, 0.001)]},
       trials={"smoke": 200, "quick": 1000})
def cor10(p, rng, trials):
    """Q_{eps,R} decodes the encoder's point for every side within R and lands within eps; the
    ratio bits / (d log2(1/lambda)) is the measured constant (with c = 1)."""
    d, lam, R = p["d"], p["lam"], 2.0
    Q = quantizers.get("closest-lattice", eps=lam * R, R=R)
    X = 1e3 * rng.normal(size=(trials, d))
    u = rng.normal(size=X.shape)
    side = X + u / np.linalg.norm(u, axis=1, keepdims=True) * R * rng.random((trials, 1))
    out, ref = Q.quantize(X, side=side), Q.quantize(X, side=X)
    err = np.linalg.norm(out.estimate - X, axis=1)
    bound = cb.bound("korhonen2021:cor10")(d=d, lam=lam, constants={"c": 1.0})
    return all_hold({"validity": bool(np.array_equal(out.estimate, ref.estimate)),
                     "accuracy": bool(err.max() <= lam * R * (1 + 1e-9))},
                    max_error=float(err.max()), bits=int(out.bits[0]), constant=float(out.bits[0]) / bound)


_GD = {"smoke": [{"kappa": k, "N": 4, "d": 8, "eps": 1e-4} for k in (2.0, 8.0)],
       "quick": ([{"kappa": k, "N": 8, "d": 16, "eps": 1e-4} for k in (2.0, 4.0, 8.0, 16.0, 32.0)]
                 + [{"kappa": 4.0, "N": 8, "d": 16, "eps": e} for e in (1e-2, 1e-6, 1e-8)]
                 + [{"kappa": 4.0, "N": n, "d": 16, "eps": 1e-4} for n in (2, 32)]
                 + [{"kappa": 4.0, "N": 8, "d": dd, "eps": 1e-4} for dd in (4, 64)])}


def _gd(p, rng):
    gd = QuantizedGD(alpha=1.0, beta=p["kappa"], W=1.0, eps=p["eps"])
    X = QuantizedGD.sample_input(rng, p["N"], p["d"], {"W": 1.0})
    return gd, X, gd.run(X)


@check("korhonen2021/lem14-invariants", paper=P, claim="(Q1)-(Q3) hold at every round",
       bound="korhonen2021:lem14/q1", scheme="quantized-gd", grids=_GD, trials={"smoke": 1, "quick": 1})
def lem14(p, rng, trials):
    """Lemma 14's three invariants, checked at every round of a real run (no decode failures);
    the per-round ||x(t) - x*|| and mu^t W are kept for the convergence figure."""
    gd, X, t = _gd(p, rng)
    inv = t.info["invariants"]
    return all_hold({"Q1": all(r["q1"] <= r["q1_bound"] * (1 + 1e-9) for r in inv),
                     "Q2": all(r["q2"] <= r["q2_bound"] * (1 + 1e-9) for r in inv),
                     "Q3": all(r["q3"] <= r["q3_bound"] * (1 + 1e-9) for r in inv),
                     "no decode failures": t.failures == 0},
                    q1=[r["q1"] for r in inv], q1_bound=[r["q1_bound"] for r in inv], mu=gd.mu, T=gd.T)


@check("korhonen2021/thm11-bits", paper=P,
       claim="bits / (N d kappa log kappa log(beta d/eps)) <= the proof's constant; band over seeds reported",
       bound="korhonen2021:thm11", scheme="quantized-gd", grids=_GD, trials={"smoke": 2, "quick": 4})
def thm11(p, rng, trials):
    """Total bits of ``trials`` runs (each on its own input) over Theorem 11's main term with
    c = 1: the empirical constant, reported as a band (min, max, spread over the seeds), fails
    above :func:`proof_constant` or when F(x(T)) - F(x*) > eps on any run."""
    N, d, eps = p["N"], p["d"], p["eps"]
    bits, gaps, upper = [], [], None
    for _ in range(trials):
        gd, X, t = _gd(p, rng)
        upper = cb.bound("korhonen2021:thm11")(N=N, d=d, kappa=gd.kappa, beta=p["kappa"], eps=eps,
                                               constants={"c": 1.0})
        h = gd.curvatures(N, d)
        xs = t.info["x_star"]
        gaps.append(0.5 * float((h * (t.estimate - X) ** 2).sum() - (h * (xs - X) ** 2).sum()))
        bits.append(float(t.total_bits))
    b = np.array(bits)
    c = b / upper
    supported = proof_constant(gd.kappa)
    lower = cb.bound("korhonen2021:thm3/corrected")(N=N, d=d, beta=p["kappa"], eps=eps, constants={"c": 1.0}) \
        if d * p["kappa"] / (N * eps) >= 32 * math.pi * math.e else None
    ok = float(c.max()) <= supported * (1 + 1e-9) and max(gaps) <= eps
    # measured: the largest total over the seeds; reference: the proof-supported total
    o = Outcome(float(b.max()), (float(b.min()), float(b.max())), supported * upper, "pass" if ok else "fail",
                "pass if every run's empirical constant (bits over the main term with c = 1) is at most "
                "the proof-supported 2 ln 2 log2(17 kappa)/log2 kappa and every run ends eps-optimal",
                extra={"constant_band": [float(c.min()), float(c.max())], "constant_mean": float(c.mean()),
                       "constant_spread": float(c.std(ddof=1)) if c.size > 1 else 0.0, "seeds": int(c.size),
                       "spread_note": "the protocol's bit count does not depend on its input: zero spread "
                                      "over seeds is the expected band" if np.ptp(c) == 0 else "",
                       "proof_constant": supported, "upper_c1": upper, "lower_c1": lower,
                       "max_gap": max(gaps), "T": gd.T, "kappa": gd.kappa, "N": N, "d": d, "eps": eps,
                       "sensitivity_text": "deterministic bit counts: any constant above the proof's fails"})
    o.sensitivity = 0.0
    return o


@check("korhonen2021/thm3-canary", paper=P, claim="cost >= lower (c = 1)", bound="korhonen2021:thm3/corrected",
       scheme="quantized-gd", grids={"smoke": [{"kappa": 2.0, "N": 4, "d": 8, "eps": 1e-4}],
                                     "quick": [{"kappa": 2.0, "N": n, "d": 16, "eps": e} for n in (2, 8) for e in (1e-4, 1e-8)]},
       trials={"smoke": 1, "quick": 1})
def thm3_canary(p, rng, trials):
    """The protocol's total bits are at least Theorem 3's (corrected) lower bound with c = 1."""
    gd, _, t = _gd(p, rng)
    lower = cb.bound("korhonen2021:thm3/corrected")(N=p["N"], d=p["d"], beta=p["kappa"], eps=p["eps"],
                                                     constants={"c": 1.0})
    return mean_ge(np.array([t.total_bits]), lower, deterministic=True)


@check("korhonen2021/thm11-value-round", paper=P, claim="bits == ceil(log2) of the grid size",
       bound="korhonen2021:thm11/value-round", scheme="quantized-gd",
       grids={"smoke": [{"N": 4, "d": 8, "eps": 1e-3}], "quick": [{"N": n, "d": 8, "eps": e} for n in (2, 16) for e in (1e-2, 1e-5)]},
       trials={"smoke": 1, "quick": 1})
def value_round(p, rng, trials):
    """The final round's message per node: the grid index of [0, beta0 W^2] at spacing eps/N, within
    the paper's log((beta0 d + 1) N/eps) (W = sqrt d)."""
    N, d, eps, beta = p["N"], p["d"], p["eps"], 4.0
    gd = QuantizedGD(alpha=1.0, beta=beta, W=math.sqrt(d), eps=eps)
    t = gd.run(QuantizedGD.sample_input(rng, N, d, {"W": math.sqrt(d)}))
    sent = [b for (_, _, _, b, w) in t.ledger.entries if w == "value"]
    ref = math.ceil(math.log2(beta / N * d * N / eps + 1))
    o = exact(np.array(sent), np.full(N, ref), paper_bound=cb.bound("korhonen2021:thm11/value-round")(
        beta0=beta / N, d=d, N=N, eps=eps), F_hat=t.info["F_hat"])
    return o


@check("korhonen2021/reductions", paper=P, claim="each reduction decides its problem",
       bound="korhonen2021:thm3/corrected", construction="equality-reduction, mean-2bits-reduction",
       scheme="quantized-gd", grids={"smoke": [{"N": 3, "d": 2, "eps": 1e-4, "beta": 3.0}],
                                     "quick": [{"N": n, "d": 3, "eps": 1e-4, "beta": 4.0} for n in (3, 6)]},
       trials={"smoke": 4, "quick": 20})
def reductions(p, rng, trials):
    """Equality (Theorem 3) and MEAN/2-BITS (Lemma 8) answered correctly when driven by quantized GD."""
    props, bits = {}, {}
    for name in ("equality-reduction", "mean-2bits-reduction"):
        c = constructions.get(name, N=p["N"], d=p["d"], eps=p["eps"], beta=p["beta"])
        gd = QuantizedGD.for_reduction(c)
        decs = [c.decide(gd, c.sample(rng=rng)) for _ in range(trials)]
        props[name] = all(dd.correct for dd in decs)
        bits[name] = float(np.mean([dd.total_bits for dd in decs]))
    return all_hold(props, bits=bits)


#: the frontier's budgets: quantized GD at each target accuracy eps (its bits follow from eps)
_FRONTIER = {"smoke": [{"kappa": k, "N": 4, "d": 8, "eps": e} for k in (2.0, 8.0) for e in (1e-2, 1e-8)],
             "quick": [{"kappa": k, "N": 8, "d": 16, "eps": e} for k in (2.0, 8.0) for e in (1e-2, 1e-5, 1e-8)]}


@check("korhonen2021/frontier", paper=P, claim="eps-optimal; bits against Theorem 11's main term reported",
       bound="korhonen2021:thm11", scheme="quantized-gd", grids=_FRONTIER, trials={"smoke": 2, "quick": 3})
def frontier(p, rng, trials):
    """Quantized GD at one target accuracy: the optimisation error F(x(T)) - F(x*) of ``trials``
    runs (each on its own input; measured: the mean, interval: smallest to largest) against the
    total bits its messages used, for the frontier figure's error-against-bits axes.  Fails if
    a run ends more than eps above the optimum (Theorem 11's accuracy).  The bits over Theorem
    11's main term at the constant its proof supports (:func:`proof_constant`) are reported:
    at kappa = 2 and eps = 1e-8 (N = 8, d = 16) they exceed it by 4 %, the lower-order terms
    the main term drops (the value round, log2 kappa = 1)."""
    N, d, eps = p["N"], p["d"], p["eps"]
    gaps, bits = [], []
    for _ in range(trials):
        gd, X, t = _gd(p, rng)
        h = gd.curvatures(N, d)
        gaps.append(0.5 * float((h * (t.estimate - X) ** 2).sum() - (h * (t.info["x_star"] - X) ** 2).sum()))
        bits.append(float(t.total_bits))
    g = np.array(gaps)
    upper = proof_constant(gd.kappa) * cb.bound("korhonen2021:thm11")(N=N, d=d, kappa=gd.kappa, beta=p["kappa"],
                                                                        eps=eps, constants={"c": 1.0})
    ok = float(g.max()) <= eps
    o = Outcome(float(g.mean()), (float(g.min()), float(g.max())), eps, "pass" if ok else "fail",
                "pass if every run ends eps-optimal (F(x(T)) - F(x*) <= eps)",
                extra={"total_bits": max(bits), "bits_min": min(bits), "upper_proof": upper, "kappa": gd.kappa,
                       "bits_over_main_term_at_proof_constant": max(bits) / upper, "beta": p["kappa"], "T": gd.T})
    o.sensitivity = 0.0   # every run is compared with eps: one above it fails
    return o


@check("korhonen2021/thm9-disjointness", paper=P, claim="DISJ decided; bits >= N |S| (c = 1)",
       bound="korhonen2021:thm9/packing", construction="disjointness-reduction",
       grids={"smoke": [{"N": 3, "d": 2, "eps": 0.1, "beta": 1.0}],
              "quick": [{"N": n, "d": dd, "eps": e, "beta": 1.0} for n in (3, 8) for dd, e in ((1, 0.02), (2, 0.1), (3, 0.2))]},
       trials={"smoke": 10, "quick": 40})
def thm9_disjointness(p, rng, trials):
    """Theorem 9's reduction driven by a protocol that solves problem (1) on the bump functions
    exactly (each node sends its whole function, the coordinator minimises the sum): it decides
    set disjointness on every instance, and its total bits are set against Theorem 9's packing
    form ``N |S|`` with ``|S|`` the reduction's own universe (the measured ratio is the
    protocol's constant; the theorem's constant is hidden, so the ratio is reported, not judged).
    No implemented optimisation protocol solves the non-convex problem (1): quantized GD is for
    strongly convex functions."""
    from ...constructions._coordinator import FullPrecisionProtocol

    c = constructions.get("disjointness-reduction", N=p["N"], d=p["d"], eps=p["eps"], beta=p["beta"])
    decs = [c.decide(FullPrecisionProtocol(), c.sample(rng=rng)) for _ in range(trials)]
    bits = np.array([dd.total_bits for dd in decs], dtype=float)
    packing = cb.bound("korhonen2021:thm9/packing")(N=p["N"], d=p["d"], beta=p["beta"], eps=p["eps"],
                                                     constants={"c": 1.0}, nan_policy="propagate")
    return all_hold({"decides DISJ on every instance": all(dd.correct for dd in decs),
                     "total bits = N |S| (every node sends its set)": bool(np.all(bits == p["N"] * c.universe))},
                    total_bits=float(bits.max()), universe=int(c.universe), packing_c1=float(packing),
                    ratio_to_packing=float(bits.max() / packing) if np.isfinite(packing) and packing > 0 else None)
