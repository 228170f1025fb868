"""Bounds of *Improved Communication Lower Bounds for Distributed Optimisation* (ICLR 2021
submission; published as Korhonen and Alistarh, NeurIPS 2021), and the prior bounds its
Tables 1 and 2 and its proofs cite.

Symbols: ``N`` machines, ``d`` dimensions, ``eps`` the additive error of problem (1),
``beta`` the smoothness of ``F = sum_i f_i`` (``beta = beta0 N`` for the quadratic
inputs ``x -> beta0 ||x - x0||^2``), ``alpha`` its strong convexity, ``kappa = beta /
alpha``, ``W`` the domain's diameter bound, ``t`` the round of quantised gradient descent.
log is base 2; ``ln`` only where the proof uses the natural logarithm (Lemma 15).

Where the checks of :mod:`commbounds.bounds.checks.korhonen2021` find that a statement does
not follow from its proof, the bound is registered as stated and as ``/corrected``.

>>> from commbounds.bounds import get
>>> round(get("korhonen2021:thm11")(N=8, d=100, kappa=10, beta=10.0, eps=1e-3,
...                                 constants="unit"), 1)
529689.9
"""

from __future__ import annotations

import math

import sympy as sp

from .core import Bound, Const, Param, log2
from .paper import Paper, register_paper
from .registry import register

PAPER = register_paper(Paper(
    key="korhonen2021", title="Improved Communication Lower Bounds for Distributed Optimisation",
    authors=("Janne H. Korhonen", "Dan Alistarh"), venue="NeurIPS", year=2021,
    seed_file="004_ca60255ad6fca568.txt", topic="lower bounds for distributed optimisation"))
CITE = "Korhonen, Alistarh, ICLR 2021 submission (NeurIPS 2021)"
QUAD = "distributed minimisation of a sum of quadratics, problem (1)"
SC = "distributed minimisation of a strongly convex, smooth sum, problem (1)"
COORD = "coordinator (message-passing)"

#: Lemma 2's explicit packing constant C = (pi e / 2)^{1/2}.
C_PACK = sp.sqrt(sp.pi * sp.E / 2)
#: Lemma 2's constant as the covering argument supports it (erratum korhonen2021:lem2-blichfeldt)
C_COVER = sp.sqrt(2 * sp.pi * sp.E)

N = Param("N", integer=True, domain="[2, oo)", typical=8, description="number of machines")
N_any = Param("N", integer=True, domain="[1, oo)", typical=8, description="number of machines")
d = Param("d", integer=True, domain="[1, oo)", typical=100, description="dimension")
d_small = Param("d", integer=True, domain="[1, oo)", typical=2,
                description="dimension (small: the bound is exponential in d)")
beta = Param("beta", r"\beta", typical=10.0, description="smoothness of F = sum_i f_i")
beta_lip = Param("beta", r"\beta", typical=10.0, description="Lipschitz constant of the bumps f_b")
beta0 = Param("beta0", r"\beta_0", typical=1.25, description="smoothness of one local function")
eps = Param("eps", r"\varepsilon", typical=1e-3, description="additive error of problem (1)")
kappa = Param("kappa", r"\kappa", domain="[2, oo)", typical=10.0,
              description="condition number beta/alpha (the analysis assumes kappa >= 2)")
kappa_any = Param("kappa", r"\kappa", domain="[1, oo)", typical=10.0,
                  description="condition number beta/alpha")
W = Param("W", typical=10.0, description="bound on ||x(0) - x*|| (diameter; sqrt(d) on [0,1]^d)")
t = Param("t", integer=True, domain="[0, oo)", typical=20, description="round of quantised GD")
delta = Param("delta", r"\delta", typical=0.1, description="minimum distance of the packing")
p = Param("p", domain="(0, 1/2]", typical=0.5, description="bit probability of zeta_p")
lam = Param("lam", r"\lambda", domain="(0, 1)", typical=0.25, description="ratio eps/R of Q_{eps,R}")
sigma = Param("sigma", r"\sigma", typical=1.0, description="Gaussian standard deviation")
s = Param("s", integer=True, domain="[1, oo)", typical=10, description="samples per machine")
c = Const("c", "absolute constant of the O/Omega statement")
c2 = Const("c2", "absolute constant inside the exponent (exp(Omega(.)))")

Nn, dd, bb, ee, kk = N.symbol, d.symbol, beta.symbol, eps.symbol, kappa.symbol
cc = c.symbol
MU = 1 - 1 / (2 * kk)  # mu = delta K + xi = 1 - 1/(2 kappa) (checked symbolically)


def _b(id_: str, statement: str, where: str, **kw) -> Bound:
    kw.setdefault("citation", f"{CITE}, {where}")
    return Bound(id=f"{PAPER.key}:{id_}", paper=PAPER.key, statement=statement, **kw)


# ------------------------------------------------------------------ Section 2: packing
register(
    _b("lem2", "Lemma 2 (Tsitsiklis & Luo 1987)", "§2", kind="lower", quantity="points",
       problem="packing points of [0,1]^d with pairwise distance > delta",
       params=[d_small, delta], expr=(sp.sqrt(d_small.symbol) / (C_PACK * delta.symbol)) ** d_small.symbol,
       monotone={"delta": -1}, examples=[{"d": 100, "delta": 0.5}, {"d": 1, "delta": 0.01}],
       notes="As printed: there is S in [0,1]^d with ||x - y||_2 > delta for distinct x, y and "
             "|S| >= (d^{1/2}/(C delta))^d, C = (pi e/2)^{1/2}. False for d >= 11 at small delta: it "
             "exceeds Blichfeldt's bound on packing density (erratum korhonen2021:lem2-blichfeldt); "
             "use korhonen2021:lem2/corrected."),
    _b("lem2/corrected", "Lemma 2 (Tsitsiklis & Luo 1987)", "§2 (corrected)", kind="lower",
       quantity="points", problem="packing points of [0,1]^d with pairwise distance > delta",
       params=[d_small, delta],
       expr=(sp.sqrt(d_small.symbol) / (C_COVER * delta.symbol)) ** d_small.symbol,
       monotone={"delta": -1}, examples=[{"d": 100, "delta": 0.5}, {"d": 1, "delta": 0.01}],
       variant="corrected",
       notes="A maximal delta-separated S has the radius-delta balls around it covering [0,1]^d, so "
             "|S| Vol(B_delta) >= 1, and Vol(B_1) = pi^(d/2)/Gamma(d/2 + 1) <= (2 pi e/d)^(d/2) gives "
             "|S| >= (d^{1/2}/(C delta))^d with C = (2 pi e)^{1/2}: twice the printed C (a "
             "covering radius delta, not the packing radius delta/2)."),
)

# ------------------------------------------------------------------ Section 3: lower bounds
_THM3_NOTE = ("Reduction from N-party equality over S of Lemma 2 with delta = (eps/(2 beta))^{1/2}. "
              "The footnote's constant pi e is the condition dbeta/eps >= pi e as encoded.")
_THM4_NOTE = ("Lemma 6 (a protocol for (1) solves MEAN with 4 eps) plus Lemma 8. Condition as in "
              "the discussion of Theorem 4: dbeta/(N^2 eps) >= e pi.")
register(
    _b("thm3", "Theorem 3", "§3.1", kind="lower", quantity="total_bits", problem=QUAD,
       params=[N, d, beta, eps], constants=[c], expr=cc * Nn * dd * log2(bb * dd / ee),
       conditions=["d*beta/eps >= pi*E"], model=COORD, randomness="deterministic",
       monotone={"N": 1, "d": 1, "beta": 1, "eps": -1},
       notes=_THM3_NOTE + " The checks find the proof's separation step wrong (f_i + f_j > 2 eps "
             "fails for that delta); see korhonen2021:thm3/corrected."),
    _b("thm3/corrected", "Theorem 3", "§3.1", kind="lower", quantity="total_bits", problem=QUAD,
       params=[N, d, beta, eps], constants=[c], expr=cc * Nn * dd * log2(bb * dd / (Nn * ee)),
       conditions=["d*beta/(N*eps) >= 32*pi*E"], model=COORD, randomness="deterministic",
       monotone={"d": 1, "beta": 1, "eps": -1}, variant="corrected",
       notes="With the separation the proof needs, delta = 2 (N eps/beta)^{1/2} = 2 (eps/beta0)^{1/2} "
             "(so that F(x*) > 2 eps whenever the inputs differ), the corrected Lemma 2 "
             "(C^2 = 2 pi e) gives |S| >= (d beta/(8 pi e N eps))^{d/2}: Omega(N d log(beta d/(N eps))), "
             "and |S| >= 2 for every d >= 1 once d beta/(N eps) >= 32 pi e (8 pi e with the printed "
             "Lemma 2's constant)."),
    _b("lem6", "Lemma 6", "§3.2 and Appendix A.1", kind="upper", quantity="distance",
       problem="MEAN^{d,N}_{4eps,beta} from a protocol for (1)", params=[beta, eps],
       expr=2 * sp.sqrt(ee / bb), model=COORD, randomness="private (error 1/3)",
       monotone={"eps": 1, "beta": -1},
       notes="A protocol for (1) on quadratics has cost >= RCC_{1/3}(MEAN^{d,N}_{4eps,beta}); the "
             "closed form encoded is the accuracy its output t reaches, ||x* - t|| <= "
             "(eps/beta)^{1/2} + (eps/(4beta))^{1/2} <= (4 eps/beta)^{1/2}. The MEAN subscript is "
             "garbled in the extraction ('MEANd,N/4'); read as 4eps from the proof's last line."),
    _b("lem7", "Lemma 7 (Phillips, Verbin & Zhang 2012)", "§3.2", kind="lower",
       quantity="expected_bits", problem="2-BITS_d: Bob learns Alice's d-bit string drawn from zeta_p",
       params=[d, p], constants=[c], expr=cc * d.symbol * p.symbol * log2(1 / p.symbol),
       model="two-party", randomness="public", monotone={"d": 1},
       notes="ED^{zeta_p}_{1/3}(2-BITS_d) = Omega(d p log(1/p)); the extraction prints "
             "'Omega(dplogPT)', reconstructed from Phillips et al. (2012) as d p log(1/p)."),
    _b("lem8", "Lemma 8", "§3.2 and Appendix A.2", kind="lower", quantity="total_bits",
       problem="MEAN^{d,N}_{eps,beta} (randomised, error 1/3)", params=[N, d, beta, eps],
       constants=[c], expr=cc * Nn * dd * log2(bb * dd / (Nn * ee)),
       conditions=["d*beta/(N**2*eps) >= pi*E"], model=COORD, randomness="private (error 1/3)",
       monotone={"d": 1, "beta": 1, "eps": -1},
       notes="RCC(MEAN) = Omega(N ED(2-BITS_D)) by symmetrisation, D = ceil(log|S|) with "
             "delta = 3N(eps/beta)^{1/2}. The checks find D = Theta(d log(beta d/(N^2 eps))), not "
             "d log(beta d/(N eps)); see korhonen2021:lem8/corrected."),
    _b("lem8/corrected", "Lemma 8", "§3.2 and Appendix A.2", kind="lower", quantity="total_bits",
       problem="MEAN^{d,N}_{eps,beta} (randomised, error 1/3)", params=[N, d, beta, eps],
       constants=[c], expr=cc * Nn * dd * log2(bb * dd / (Nn**2 * ee)),
       conditions=["d*beta/(N**2*eps) >= 72*pi*E"], model=COORD,
       randomness="private (error 1/3)", monotone={"d": 1, "beta": 1, "eps": -1},
       variant="corrected",
       notes="Lemma 2 with delta = 3N(eps/beta)^{1/2} gives log|S| >= (d/2) log(2 beta d/(9 pi e "
             "N^2 eps)) with the printed constant, so |S| >= 2 for every d >= 1 from 18 pi e; with "
             "the corrected Lemma 2 (C^2 = 2 pi e, korhonen2021:lem2/corrected) the threshold is "
             "72 pi e, which is the condition here."),
    _b("thm4", "Theorem 4", "§3.2", kind="lower", quantity="total_bits", problem=QUAD,
       params=[N, d, beta, eps], constants=[c], expr=cc * Nn * dd * log2(bb * dd / (Nn * ee)),
       conditions=["d*beta/(N**2*eps) >= pi*E"], model=COORD, randomness="private (error 1/3)",
       monotone={"d": 1, "beta": 1, "eps": -1},
       notes=_THM4_NOTE + " The checks find the log argument and the constant e pi wrong; see "
             "korhonen2021:thm4/corrected."),
    _b("thm4/corrected", "Theorem 4", "§3.2", kind="lower", quantity="total_bits", problem=QUAD,
       params=[N, d, beta, eps], constants=[c], expr=cc * Nn * dd * log2(bb * dd / (Nn**2 * ee)),
       conditions=["d*beta/(N**2*eps) >= 288*pi*E"], model=COORD,
       randomness="private (error 1/3)", monotone={"d": 1, "beta": 1, "eps": -1},
       variant="corrected",
       notes="Lemma 8 at 4 eps (Lemma 6): S has delta = 3N(4 eps/beta)^{1/2}, so log|S| >= "
             "(d/2) log(beta d/(18 pi e N^2 eps)) with the printed Lemma 2 (|S| >= 2 for every d >= 1 "
             "from 72 pi e; at e pi, delta exceeds the diameter d^{1/2} of [0,1]^d); with the "
             "corrected Lemma 2 (C^2 = 2 pi e) the threshold is 288 pi e, the condition here."),
)

_THM9_COND = ["d*beta/eps >= pi*E", "(beta*sqrt(d)/(2*sqrt(pi*E/2)*eps))**d > log2(N)"]
# the printed Theorem 9 overflows a float at eps = 1e-3 (exp(d log(beta d)/eps)); same symbol
eps_printed = Param("eps", r"\varepsilon", typical=0.5, description="additive error of problem (1)")
register(
    _b("thm9", "Theorem 9", "§3.3 and Appendix B", kind="lower", quantity="total_bits",
       problem="problem (1) for non-convex beta-Lipschitz bump functions f_b",
       params=[N, d_small, beta_lip, eps_printed], constants=[c2],
       expr=Nn * sp.exp(c2.symbol * d_small.symbol * log2(beta_lip.symbol * d_small.symbol) / ee),
       conditions=_THM9_COND, model=COORD, randomness="private (error delta > 0)",
       monotone={"N": 1},
       notes="As printed: N exp(Omega(d log(beta d)/eps)), eps outside the logarithm. The proof "
             "gives log|S| = d log(beta d^{1/2}/(2 C eps)), which is Theta(d log(beta d/eps)), not "
             "this (erratum korhonen2021:thm9-exponent; use korhonen2021:thm9/corrected). "
             "(beta d^{1/2}/(2C eps))^d = omega(log N) is encoded as '> log2(N)'."),
    _b("thm9/corrected", "Theorem 9", "§3.3 and Appendix B (corrected)", kind="lower",
       quantity="total_bits", problem="problem (1) for non-convex beta-Lipschitz bump functions f_b",
       params=[N, d_small, beta_lip, eps], constants=[c2],
       expr=Nn * sp.exp(c2.symbol * d_small.symbol * log2(beta_lip.symbol * d_small.symbol / ee)),
       conditions=_THM9_COND, model=COORD, randomness="private (error delta > 0)",
       monotone={"N": 1}, variant="corrected",
       notes="N exp(Omega(d log(beta d/eps))): what log|S| = d log(beta d^{1/2}/(2 C eps)) gives up "
             "to constants (check thm9-exponent)."),
    _b("thm9/packing", "Theorem 9", "Appendix B (proof)", kind="lower", quantity="total_bits",
       problem="problem (1) for non-convex beta-Lipschitz bump functions f_b",
       params=[N, d_small, beta_lip, eps], constants=[c],
       expr=cc * Nn * (beta_lip.symbol * sp.sqrt(d_small.symbol) / (2 * C_PACK * ee)) ** d_small.symbol,
       conditions=_THM9_COND, model=COORD, randomness="private (error delta > 0)",
       monotone={"N": 1, "beta": 1, "eps": -1},
       notes="The form the proof gives: RCC(DISJ_{|S|,N}) = Omega(N |S|) with Lemma 2's "
             "|S| >= (beta d^{1/2}/(2 C eps))^d, C = (pi e/2)^{1/2}, at delta = 2 eps/beta."),
    _b("thm12", "Theorem 12 (Braverman et al. 2013)", "Appendix B", kind="lower",
       quantity="total_bits", problem="N-player set disjointness DISJ_{d,N}", params=[N, d],
       constants=[c], expr=cc * Nn * dd, conditions=["d > log2(N)"], model=COORD,
       randomness="private (error delta)", monotone={"N": 1, "d": 1},
       notes="RCC_delta(DISJ_{d,N}) = Omega(N d) for d = omega(log N), encoded as d > log2 N."),
    _b("vempala-et-al", "§3.1 (Vempala, Wang & Woodruff 2020)", "§3.1", kind="lower",
       quantity="total_bits", problem="N-party equality EQ_{d,N}", params=[N, d], constants=[c],
       expr=cc * Nn * dd, model=COORD, randomness="deterministic", monotone={"N": 1, "d": 1},
       notes="CC(EQ_{d,N}) = Omega(N d), the source of Theorem 3's reduction."),
)

# ------------------------------------------------------------------ Section 4 / Appendix C
_MU_NOTE = "mu = delta K + xi = 1 - 1/(2 kappa) with xi = 1 - 1/kappa, K = 2/xi, delta = xi(1-xi)/4"
register(
    _b("cor10", "Corollary 10 (Alistarh et al. 2020)", "§4", kind="upper", quantity="bits",
       problem="deterministic lattice quantisation Q_{eps,R} of x with ||x - q|| <= R",
       params=[d, lam], constants=[c], expr=cc * dd * log2(1 / lam.symbol),
       model="single vector, decoded against the receiver's estimate q",
       randomness="deterministic", monotone={"d": 1, "lam": -1},
       notes="B = O(d log(1/lambda)) bits for eps = lambda R, lambda < 1; accuracy "
             "||Q(x, q) - x|| <= eps and validity dec(q, enc(x)) = Q(x, q) for ||x - q|| <= R."),
    _b("thm11", "Theorem 11", "§4 and Appendix C.2", kind="upper", quantity="total_bits",
       problem=SC, params=[N_any, d, kappa, beta, eps], constants=[c],
       expr=cc * N_any.symbol * dd * kk * log2(kk) * log2(bb * dd / ee),
       conditions=["eps < beta*d"], model=COORD, randomness="deterministic",
       monotone={"N": 1, "kappa": 1, "beta": 1, "eps": -1}, pair=f"{PAPER.key}:thm3",
       notes="Two-stage quantised GD on [0,1]^d (W = d^{1/2}); for kappa < 2 run with kappa = 2. "
             "eps < beta d: otherwise every point is eps-optimal (F ranges in [0, beta d]). The "
             "extraction prints ||x(T) - x*|| <= (eps/beta)^2; read as (eps/beta)^{1/2}."),
    _b("thm11/value-round", "Theorem 11", "Appendix C.2", kind="upper", quantity="bits_per_machine",
       problem=SC + " (final function-value round)", params=[beta0, d, N_any, eps],
       expr=log2((beta0.symbol * dd + 1) * N_any.symbol / ee), conditions=["2*eps <= N"],
       model=COORD, randomness="deterministic", monotone={"d": 1, "N": 1, "eps": -1},
       notes="Each node sends the index of a grid point of [0, beta0 d] at spacing eps/N; the paper "
             "counts at most (beta0 d + 1) N/eps values (ceil omitted, as printed), which covers the "
             "ceil(beta0 d N/eps) + 1 endpoints when eps <= N/2."),
    _b("thm13", "Theorem 13 (GD contraction)", "Appendix C", kind="upper", quantity="contraction",
       problem="gradient descent with step 1/beta on an alpha-strongly convex, beta-smooth F",
       params=[kappa_any], expr=1 - 1 / kappa_any.symbol, model="centralised",
       randomness="deterministic", monotone={"kappa": 1},
       notes="||x(t+1) - x*|| <= (1 - 1/kappa) ||x(t) - x*||; the ratio is bounded."),
    _b("lem14/q1", "Lemma 14 (Q1)", "Appendix C.2", kind="upper", quantity="distance",
       problem=SC + ": iterate error ||x(t) - x*||", params=[kappa, t, W],
       expr=MU**t.symbol * W.symbol, model=COORD, randomness="deterministic",
       monotone={"t": -1, "W": 1, "kappa": 1}, notes=f"mu^t W with {_MU_NOTE}."),
    _b("lem14/q2", "Lemma 14 (Q2)", "Appendix C.2", kind="upper", quantity="gradient_error",
       problem=SC + ": local quantisation error ||grad f_i(x(t)) - q_i(t)||",
       params=[kappa, t, W, beta, N_any],
       expr=bb * W.symbol * MU**t.symbol / (4 * kk * N_any.symbol), model=COORD,
       randomness="deterministic", monotone={"t": -1, "W": 1, "beta": 1, "N": -1},
       notes=f"delta R(t)/(2N) with R(t) = beta K W mu^t, so delta K = 1/(2 kappa); {_MU_NOTE}."),
    _b("lem14/q3", "Lemma 14 (Q3)", "Appendix C.2", kind="upper", quantity="gradient_error",
       problem=SC + ": global quantisation error ||grad F(x(t)) - q(t)||",
       params=[kappa, t, W, beta], expr=bb * W.symbol * MU**t.symbol / (2 * kk), model=COORD,
       randomness="deterministic", monotone={"t": -1, "W": 1, "beta": 1},
       notes=f"delta R(t) with R(t) = beta K W mu^t; {_MU_NOTE}."),
)
_eps_lt_W = Param("eps", r"\varepsilon", domain="(0, W)", typical=1e-3, description="target distance")
register(
    _b("lem15", "Lemma 15", "Appendix C.2", kind="upper", quantity="iterations",
       problem=SC + ": rounds until ||x(t) - x*|| <= eps", params=[kappa, W, _eps_lt_W],
       expr=2 * kk * sp.log(W.symbol / _eps_lt_W.symbol), model=COORD, randomness="deterministic",
       monotone={"kappa": 1, "W": 1, "eps": -1},
       notes="t >= 2 kappa log(W/eps) suffices. log is the natural logarithm here: the proof uses "
             "e^{-log(W/eps)} = eps/W (with base 2 the threshold is larger and the claim still holds)."),
)

# ------------------------------------------------------------------ Tables 1 and 2: prior bounds
_POS = "eps < beta0*d"
register(
    _b("tsitsiklis-luo", "Table 1 (Tsitsiklis & Luo 1987)", "§1.2 and Table 1", kind="lower",
       quantity="total_bits", problem=QUAD + ", two machines", params=[d, beta0, eps],
       constants=[c], expr=cc * dd * log2(beta0.symbol * dd / ee), conditions=[_POS],
       model="two nodes", randomness="deterministic", monotone={"d": 1, "eps": -1},
       notes="Omega(d log(beta0 d/eps)) received bits of the output node. The paper states no "
             "condition; eps < beta0 d is only where the expression is positive."),
    _b("tsitsiklis-luo/upper", "Table 2 (Tsitsiklis & Luo 1987)", "§1.2 and Table 2", kind="upper",
       quantity="total_bits", problem=SC + ", two machines", params=[kappa_any, d, beta, eps],
       constants=[c], expr=cc * kappa_any.symbol * dd * log2(kappa_any.symbol * dd) * log2(bb * dd / ee),
       conditions=["eps < beta*d"], model="two nodes", randomness="deterministic",
       monotone={"d": 1, "eps": -1}, notes="O(kappa d log(kappa d) log(beta d/eps))."),
    _b("zhang-et-al", "§1.2 (Zhang et al. 2013); Table 1 row 2", "§1.2 and Table 1", kind="lower",
       quantity="total_bits", problem=QUAD, params=[d, beta0, eps], constants=[c],
       expr=cc * dd * log2(beta0.symbol * dd / ee), conditions=[_POS], model="broadcast",
       randomness="randomised", monotone={"d": 1, "eps": -1},
       notes="Omega(d log(beta0 d/eps)) for randomised protocols in the broadcast model. Section 1.2 "
             "attributes it to Zhang et al. (2013), Table 1 to Garg et al. (2014). eps < beta0 d is "
             "only where the expression is positive."),
    _b("garg-et-al", "Table 1 (Garg et al. 2014)", "§1.2 and Table 1", kind="lower",
       quantity="total_bits", problem="Gaussian mean estimation", params=[N, d], constants=[c],
       expr=cc * Nn * dd / log2(Nn), model="broadcast", randomness="randomised",
       monotone={"d": 1}, notes="Omega(N d/log N)."),
    _b("braverman-et-al", "Table 1 (Braverman et al. 2016)", "§1.2 and Table 1", kind="lower",
       quantity="total_bits", problem="Gaussian mean estimation at the minimax MSE sigma^2 d/(N s)",
       params=[N, d], constants=[c], expr=cc * Nn * dd, model="broadcast",
       randomness="randomised", monotone={"N": 1, "d": 1}, notes="Omega(N d)."),
    _b("braverman-et-al/mse", "§1.2 (Braverman et al. 2016)", "§1.2", kind="upper",
       quantity="mse", problem="Gaussian mean estimation, s samples per machine",
       params=[sigma, d, N, s], expr=sigma.symbol**2 * dd / (Nn * s.symbol), model="broadcast",
       randomness="randomised", monotone={"sigma": 1, "d": 1, "N": -1, "s": -1},
       notes="The minimax MSE at which Omega(N d) total communication is needed."),
    _b("magnusson-et-al", "Table 2 (Magnusson et al. 2019)", "§1.2 and Table 2", kind="upper",
       quantity="total_bits", problem=SC, params=[N_any, kappa_any, d, beta, eps], constants=[c],
       expr=cc * N_any.symbol * kappa_any.symbol * dd * log2(kappa_any.symbol * dd) * log2(bb * dd / ee),
       conditions=["eps < beta*d"], model="broadcast", randomness="deterministic",
       monotone={"N": 1, "d": 1, "eps": -1}, notes="O(N kappa d log(kappa d) log(beta d/eps))."),
    _b("qsgd-svrg", "Table 2 (Alistarh et al. 2017; Kunstner 2017)", "§1.2 and Table 2",
       kind="upper", quantity="total_bits", problem=SC + ", constant kappa",
       params=[N_any, d, beta, eps], constants=[c], expr=cc * N_any.symbol * dd * log2(bb * dd / ee),
       conditions=["eps < beta*d"], model="broadcast", randomness="randomised",
       monotone={"N": 1, "d": 1, "eps": -1},
       notes="QSGD quantisation inside SVRG: O(N d log(beta d/eps)) for constant condition number."),
)

# ------------------------------------------------------------------ proof-level quantities
_XI = 1 - 1 / kk
register(
    _b("algc1/K", "Appendix C.1 (parameter K)", "Appendix C.1", kind="step", quantity="K",
       problem=SC, params=[kappa], expr=2 / _XI, model=COORD, randomness="deterministic",
       notes="K = 2/xi with xi = 1 - 1/kappa; K <= 4 for kappa >= 2 (check korhonen2021:alg-ranges)."),
    _b("algc1/delta", "Appendix C.1 (parameter delta)", "Appendix C.1", kind="step", quantity="delta",
       problem=SC, params=[kappa], expr=_XI * (1 - _XI) / 4, model=COORD, randomness="deterministic",
       notes="delta = xi (1 - xi)/4 = (kappa - 1)/(4 kappa^2); 1/delta <= 8 kappa for kappa >= 2 "
             "(check korhonen2021:thm11-delta)."),
    _b("algc1/mu", "Appendix C.1 (rate mu)", "Appendix C.1", kind="step", quantity="mu",
       problem=SC, params=[kappa], expr=MU, model=COORD, randomness="deterministic",
       notes="mu = delta K + xi = 1 - 1/(2 kappa) (check korhonen2021:mu-identity)."),
    _b("lem14/base-case", "Lemma 14 (base case, t = 0)", "Appendix C.2", kind="step", relation="<=",
       quantity="gradient_error", problem=SC + ": what (Q2) needs of the initial estimates",
       params=[kappa, W, beta, N_any], expr=bb * W.symbol / (4 * kk * N_any.symbol), model=COORD,
       randomness="deterministic",
       notes="(Q2) at t = 0: ||grad f_i(x(0)) - q_i(0)|| <= delta R(0)/(2N) = beta W/(4 N kappa); "
             "with the algorithm's q_i(0) = 0 this fails for gradients above it (erratum "
             "korhonen2021:lem14-base-case)."),
    _b("c2/accuracy-radius", "Appendix C.2 (accuracy radius)", "Appendix C.2", kind="step",
       relation="<=", quantity="distance", problem=SC + ": the iterate radius that gives F - F* <= eps",
       params=[beta, eps], expr=sp.sqrt(2 * ee / bb), model=COORD, randomness="deterministic",
       notes="F(x) - F* <= (beta/2) ||x - x*||^2, so ||x - x*|| <= (2 eps/beta)^{1/2} suffices; the "
             "text prints (eps/beta)^2 (erratum korhonen2021:c2-accuracy-exponent)."),
)


def proof_constant(kappa: float) -> float:
    """The constant of Theorem 11's main term that the proof supports at ``kappa``:
    ``T = 2 kappa ln(W/(eps/beta)^{1/2})`` rounds of ``2N`` messages
    (``korhonen2021:thm11-bits``), each of ``d log2(1/lambda)`` bits with
    ``1/lambda <= 17 kappa`` (``korhonen2021:thm11-delta``; Corollary 10's own constant taken
    as 1), over ``N d kappa log2 kappa log2(beta d/eps)``: ``2 ln 2 log2(17 kappa)/log2 kappa``."""
    return 2 * math.log(2) * math.log2(17 * kappa) / math.log2(kappa)
