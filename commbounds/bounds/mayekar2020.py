"""Bounds of Mayekar and Tyagi, *Limits on Gradient Compression for Stochastic Optimization*
(ISIT 2020; extended version arXiv:2001.09032).

Stochastic convex optimisation over an l_p domain of l_p diameter ``D`` with ``T`` queries
to a first-order oracle whose outputs have l_q norm at most ``B`` (``q = p/(p-1)``, the
Hölder conjugate) and pass through an ``r``-bit quantizer.  ``r*(T, p)`` is the least
precision that keeps the unquantized rate (4 times Theorem 2.2's upper bound).

Symbols: ``d`` dimension, ``p`` the norm, ``T`` iterations, ``D`` diameter, ``B`` oracle
bound, ``r`` precision in bits, ``k`` repetitions of SimQ (SimQ+) or levels of a uniform
quantizer (RATQ), ``alpha0`` the quantizer's ``alpha_0(Q; p)``, ``delta`` the perturbation
of the hard oracles, ``s`` RATQ's number of dynamic ranges.  ``q`` is never a parameter:
``1/q`` is written ``1 - 1/p`` so that ``p = 1`` (``q = oo``) stays evaluable.  ``p = oo``
has its own ids (``.../p-inf``).  log is base 2, ln natural; ``ln*`` is the iterated ln.

>>> from commbounds.bounds import get
>>> round(get("mayekar2020:thm3.1/upper-p-ge-2")(d=1024, p=4), 1)
239.6
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import sympy as sp

from ..special import ln_star as ln_star_value
from ..special.symbolic import ln_star
from .core import Bound, Const, Param, log2
from .paper import Paper, register_paper
from .registry import register

__all__ = ["ln_star", "delta1", "delta2"]

PAPER = register_paper(Paper(
    key="mayekar2020", title="Limits on Gradient Compression for Stochastic Optimization",
    authors=("Prathamesh Mayekar", "Himanshu Tyagi"), venue="ISIT", year=2020,
    seed_file="003_8d48847eba3704d1.txt", topic="gradient compression in lp"))
CITE = "Mayekar, Tyagi, ISIT 2020 (arXiv:2001.09032)"
OPT = "stochastic convex optimisation over l_p with quantized first-order oracle"
QUANT = "unbiased gradient quantization (l_q-bounded input)"
ORACLE = "single first-order oracle, T queries, r-bit memoryless fixed-length quantizer"


def delta2(d: sp.Expr) -> sp.Expr:
    """Theorem 3.1's ``Delta_2 = ceil(log(1 + ln*(d/3)))``."""
    return sp.ceiling(log2(1 + ln_star(d / 3)))


def delta1(d: sp.Expr, p: sp.Expr) -> sp.Expr:
    """Theorem 3.1's ``Delta_1 = ceil(log(2 + sqrt(18 + 6 ln Delta_2) d^{1/2 - 1/q}))``."""
    return sp.ceiling(log2(2 + sp.sqrt(18 + 6 * sp.log(delta2(d))) * d ** (1 / p - sp.Rational(1, 2))))


# ---------------------------------------------------------------- exact numerics
def _delta2_num(d: float) -> int:
    m = 1 + ln_star_value(d / 3)  # an integer: ceil(log2 m) exactly by bit length
    return (m - 1).bit_length()


def _delta1_num(d: float, p: float) -> int:
    return math.ceil(math.log2(2 + math.sqrt(18 + 6 * math.log(_delta2_num(d))) * d ** (1 / p - 0.5)))


def _cuq_bits_per_coordinate(d: float, p: float) -> int:
    return math.ceil(math.log2(2 * math.sqrt(2) * _delta1_num(d, p) ** (1 - 1 / p) + 2))


def _vec(fn: Callable[..., float]) -> Callable[..., np.ndarray]:
    return np.vectorize(fn, otypes=[float])


_upper_lt2 = _vec(lambda d, p: d * (_cuq_bits_per_coordinate(d, p) + 3) + _delta2_num(d))
_lem51_bits = _vec(lambda d, p: d * _cuq_bits_per_coordinate(d, p))
_lem52_bits = _vec(lambda d: 2 * d + _delta2_num(d))

# ---------------------------------------------------------------- parameters
d = Param("d", integer=True, domain="[2, oo)", typical=1024, description="dimension")
d4 = Param("d", integer=True, domain="[4, oo)", typical=1024,
           description="dimension (d > 3 so that ln*(d/3) >= 1 and ln Delta_2 is finite)")
p_ge2 = Param("p", domain="[2, oo]", typical=4.0,
              description="norm of the domain (p >= 2; p = inf is included, as in the paper)")
p_lt2 = Param("p", domain="[1, 2)", typical=1.5, description="norm of the domain (1 <= p < 2)")
T = Param("T", integer=True, domain="[1, oo)", typical=10_000, description="number of oracle queries")
D = Param("D", typical=3.0, description="l_p diameter of the domain")
B = Param("B", typical=2.0, description="almost-sure bound on the oracle's l_q norm")
r = Param("r", integer=True, domain="[1, oo)", typical=16, description="precision (bits per gradient)")
k = Param("k", integer=True, domain="[1, oo)", typical=16, description="repetitions of SimQ in SimQ+")
k_ratq = Param("k", integer=True, domain="[2, oo)", typical=31,
               description="levels of RATQ's uniform quantizer (log(k+1) = Delta_1)")
s = Param("s", domain="[1, oo)", typical=2.0, description="RATQ's number of dynamic ranges (s = log h)")
alpha0 = Param("alpha0", r"\alpha_0(Q;p)", typical=2.5,
               description="sqrt of the quantized oracle's worst second moment")
delta_pan = Param("delta", r"\delta", domain="(0, 1/2]", typical=0.1,
                  description="perturbation of Paninski's oracle")
delta_ber = Param("delta", r"\delta", domain="(0, 1/2]", typical=0.001,
                  description="perturbation of the Bernoulli-product oracle")
c0 = Const("c0", "absolute constant of Theorem 2.2's lower bound (c1 >= c0 > 0)")
c1 = Const("c1", "absolute constant of Theorem 2.2's upper bound (c1 >= c0 > 0)")
c2 = Const("c2", "exponent of the Hamming packing: |V| = 2^(c2 d)")
c = Const("c", "absolute constant of the O(.) term")

dd, dd4, pp, qq = d.symbol, d4.symbol, p_ge2.symbol, p_lt2.symbol
TT, DD, BB, rr, kk = T.symbol, D.symbol, B.symbol, r.symbol, k.symbol
HALF = sp.Rational(1, 2)
_common = dict(paper=PAPER.key, citation=CITE)
_opt = dict(problem=OPT, model=ORACLE, **_common)
_quant = dict(problem=QUANT, model="single vector, fixed length", randomness="private", **_common)
_rate = {"D": 1, "B": 1, "T": -1}


def _ratio() -> sp.Expr:
    """``c0/(4 c1)``, the ratio Theorem 3.1's lower bounds are written in."""
    return c0.symbol / (4 * c1.symbol)


register(
    # --- Theorem 2.2: unquantized rates (Agarwal et al. 2012) -------------------------
    Bound(id="mayekar2020:thm2.2/upper-p-ge-2", statement="Theorem 2.2", kind="upper",
          quantity="opt_error", params=[d, p_ge2, D, B, T], constants=[c1],
          expr=c1.symbol * dd ** (HALF - 1 / pp) * DD * BB / sp.sqrt(TT), randomness="n/a (unquantized)",
          monotone={**_rate, "d": 1, "p": 1}, pair="mayekar2020:thm2.2/lower-p-ge-2",
          notes="E_0*(T, oo, p), r = oo. Attained by projected SGD (Remark 4).", **_opt),
    Bound(id="mayekar2020:thm2.2/lower-p-ge-2", statement="Theorem 2.2", kind="lower",
          quantity="opt_error", params=[d, p_ge2, D, B, T], constants=[c0],
          expr=c0.symbol * dd ** (HALF - 1 / pp) * DD * BB / sp.sqrt(TT), randomness="n/a (unquantized)",
          monotone={**_rate, "d": 1, "p": 1}, notes="E_0*(T, oo, p); Agarwal et al. (2012), Thm 1.",
          **_opt),
    Bound(id="mayekar2020:thm2.2/upper-p-lt-2", statement="Theorem 2.2", kind="upper",
          quantity="opt_error", params=[d, p_lt2, D, B, T], constants=[c1],
          expr=c1.symbol * DD * BB * sp.sqrt(log2(dd)) / sp.sqrt(TT), randomness="n/a (unquantized)",
          monotone={**_rate, "d": 1},
          notes="Stochastic mirror descent (Remark 3); the sqrt(log d) factor can be removed for p "
                "near 2 (footnote 2). Off from the lower bound by sqrt(log d), so not paired.", **_opt),
    Bound(id="mayekar2020:thm2.2/lower-p-lt-2", statement="Theorem 2.2", kind="lower",
          quantity="opt_error", params=[d, p_lt2, D, B, T], constants=[c0],
          expr=c0.symbol * DD * BB / sp.sqrt(TT), randomness="n/a (unquantized)", monotone=_rate,
          **_opt),
    # --- Theorem 2.3: rate with a quantizer of parameter alpha_0(Q; p) -----------------
    Bound(id="mayekar2020:thm2.3/p-ge-2", statement="Theorem 2.3", kind="upper", quantity="opt_error",
          params=[d, p_ge2, D, alpha0, T], constants=[c1],
          expr=c1.symbol * dd ** (HALF - 1 / pp) * DD * alpha0.symbol / sp.sqrt(TT),
          randomness="private (unbiased quantizer)", monotone={"D": 1, "alpha0": 1, "T": -1, "d": 1},
          notes="Projected SGD on oracle outputs quantized by an unbiased Q.", **_opt),
    Bound(id="mayekar2020:thm2.3/p-lt-2", statement="Theorem 2.3", kind="upper", quantity="opt_error",
          params=[d, p_lt2, D, alpha0, T], constants=[c1],
          expr=c1.symbol * sp.sqrt(log2(dd)) * DD * alpha0.symbol / sp.sqrt(TT),
          randomness="private (unbiased quantizer)", monotone={"D": 1, "alpha0": 1, "T": -1, "d": 1},
          notes="Stochastic mirror descent on oracle outputs quantized by an unbiased Q.", **_opt),
    # --- Theorem 3.1: the characterisation of r*(T, p) ---------------------------------
    Bound(id="mayekar2020:thm3.1/upper-p-ge-2", statement="Theorem 3.1", kind="upper",
          quantity="precision_bits", params=[d, p_ge2],
          expr=dd ** (2 / pp) * log2(2 * sp.E * dd ** (1 - 2 / pp) + 2 * sp.E),
          randomness="private (SimQ+)", monotone={"d": 1, "p": -1},
          notes="SimQ+ with k = d^(2/p) (Theorem 4.2). The paper treats d^(2/p) as an integer and "
                "the bit count as real; off from the lower bound by the factor "
                "log(d^(1-2/p) + 1), so not paired (exact order only at p = 2 and p = oo).", **_opt),
    Bound(id="mayekar2020:thm3.1/lower-p-ge-2", statement="Theorem 3.1", kind="lower",
          quantity="precision_bits", params=[d, p_ge2], constants=[c0, c1], conditions=["c0 <= c1"],
          expr=sp.Max((_ratio() * dd ** (1 / pp)) ** 2, 2 * log2(_ratio() * sp.sqrt(dd))),
          randomness="private (any quantizer)", monotone={"d": 1, "p": -1},
          notes="From Theorem 6.1 with E_0* <= U(T, p) = 4 c1 d^(1/2-1/p) D B / sqrt(T).", **_opt),
    Bound(id="mayekar2020:thm3.1/upper-p-inf", statement="Theorem 3.1 (p = oo)", kind="upper",
          quantity="precision_bits", params=[d], expr=log2(2 * sp.E * dd + 2 * sp.E),
          randomness="private (SimQ+ with k = 1)", monotone={"d": 1},
          pair="mayekar2020:thm3.1/lower-p-inf",
          notes="Theorem 3.1's p >= 2 bound at p = oo; Theorem 4.1 (SimQ) gives log(2d+1). "
                "Tight up to constants: r*(T, oo) = Theta(log d) (Remark 6).", **_opt),
    Bound(id="mayekar2020:thm3.1/lower-p-inf", statement="Theorem 3.1 (p = oo)", kind="lower",
          quantity="precision_bits", params=[d], constants=[c0, c1], conditions=["c0 <= c1"],
          expr=sp.Max(_ratio() ** 2, 2 * log2(_ratio() * sp.sqrt(dd))),
          randomness="private (any quantizer)", monotone={"d": 1},
          notes="Theorem 3.1's p >= 2 lower bound at p = oo (d^(1/p) = 1).", **_opt),
    Bound(id="mayekar2020:thm3.1/upper-p-lt-2", statement="Theorem 3.1", kind="upper",
          quantity="precision_bits", params=[d4, p_lt2],
          expr=dd4 * (sp.ceiling(log2(2 * sp.sqrt(2) * delta1(dd4, qq) ** (1 - 1 / qq) + 2)) + 3)
          + delta2(dd4),
          randomness="private (CUQ + RATQ composite)", impl=_upper_lt2, monotone={"d": 1},
          notes="d(ceil(log(2 sqrt2 Delta_1^(1/q) + 2)) + 3) + Delta_2 with Delta_1, Delta_2 as in "
                "the theorem (1/q = 1 - 1/p). Needs d >= 4: for d <= 3, ln*(d/3) = 0, Delta_2 = 0 "
                "and ln Delta_2 is undefined. Evaluated with exact integer ln* and ceilings.",
          **_opt),
    Bound(id="mayekar2020:thm3.1/lower-p-lt-2", statement="Theorem 3.1", kind="lower",
          quantity="precision_bits", params=[d, p_lt2], constants=[c0, c1], conditions=["c0 <= c1"],
          expr=(c0.symbol / (4 * c1.symbol * sp.sqrt(log2(dd)))) ** 2 * dd,
          randomness="private (any quantizer)", monotone={"d": 1},
          notes="From Theorem 6.2 with E_0* <= U(T, p) = 4 c1 sqrt(log d) D B / sqrt(T). Off from "
                "the upper bound by about log d log log d, so not paired.", **_opt),
    # --- Section 4: SimQ and SimQ+ -----------------------------------------------------
    Bound(id="mayekar2020:thm4.1/bits", statement="Theorem 4.1", kind="upper", quantity="bits",
          params=[d], expr=log2(2 * dd + 1), monotone={"d": 1},
          notes="SimQ sends i* j* in {-d..d}: log(2d+1) bits as stated (a fixed-length code needs "
                "its ceiling).", **_quant),
    Bound(id="mayekar2020:thm4.1/alpha0", statement="Theorem 4.1", kind="upper", quantity="alpha0",
          params=[B], expr=BB, monotone={"B": 1},
          notes="alpha_0(SimQ; oo) <= B for ||Y||_1 <= B; SimQ is unbiased.", **_quant),
    Bound(id="mayekar2020:thm4.2/bits", statement="Theorem 4.2", kind="upper", quantity="bits",
          params=[d, p_ge2, k], expr=kk * log2(sp.E) + kk * log2(dd / kk + 1) + kk,
          monotone={"d": 1, "k": 1},
          notes="The type of k SimQ indices (C(d+k, k) <= (e(d+k)/k)^k) plus k sign bits. Stated "
                "for p in [2, oo) and ||Y||_q <= B; the count does not depend on p, but the "
                "hypothesis is part of the statement, so p is a parameter. The proof also covers "
                "p = oo (q = 1: SimQ's parameter B d^(1/p) is B), so the domain is [2, oo].",
          **_quant),
    Bound(id="mayekar2020:thm4.2/alpha0", statement="Theorem 4.2", kind="upper", quantity="alpha0",
          params=[B, d, p_ge2, k], expr=sp.sqrt(BB**2 * dd ** (2 / pp) / kk + BB**2),
          monotone={"B": 1, "d": 1, "p": -1, "k": -1},
          notes="SimQ+ (average of k SimQ's with parameter B d^(1/p)) for ||Y||_q <= B, p in [2, oo).",
          **_quant),
    # --- Section 5: the p in [1, 2) composite ------------------------------------------
    Bound(id="mayekar2020:lem5.1/bits", statement="Lemma 5.1", kind="upper", quantity="bits",
          params=[d4, p_lt2], expr=dd4 * sp.ceiling(log2(2 * sp.sqrt(2) * delta1(dd4, qq) ** (1 - 1 / qq) + 2)),
          impl=_lem51_bits, monotone={"d": 1},
          notes="CUQ on the small coordinates Y_1 with M = c = B Delta_1^(1/q)/d^(1/q) and "
                "log(k+1) = ceil(log(2 sqrt2 Delta_1^(1/q) + 2)).", **_quant),
    Bound(id="mayekar2020:lem5.1/second-moment", statement="Lemma 5.1", kind="upper",
          quantity="second_moment", params=[B], expr=3 * BB**2, monotone={"B": 1},
          notes="E||Q_u(Y_1)||_q^2 <= 3 B^2. The proof writes E||Q_u(Y_1) - Y_1||_q^2 <= B^2 "
                "(which would give 4 B^2); the parameters (7) give B^2/2, hence 3 B^2. The "
                "unbiasedness display is garbled in the extraction (E[Q_u(Y_1) | Y] = Y_1).",
          **_quant),
    Bound(id="mayekar2020:lem5.2/bits", statement="Lemma 5.2", kind="upper", quantity="bits",
          params=[d4], expr=2 * dd4 + delta2(dd4), impl=_lem52_bits, monotone={"d": 1},
          notes="RATQ on the restriction Y_2' (dimension d' = d/Delta_1). The proof's first line "
                "reads d log(k+1) where its next line (and the count) uses d' log(k+1).", **_quant),
    Bound(id="mayekar2020:lem5.2/second-moment", statement="Lemma 5.2", kind="upper",
          quantity="second_moment", params=[B], expr=3 * BB**2, monotone={"B": 1},
          notes="E||Q_at,R(Y_2')||_q^2 <= 3 B^2, from Lemma 6.3 of Mayekar and Tyagi (2019).",
          **_quant),
)

# --- Section 6: lower bounds on E_0*(T, r, p) --------------------------------------------
_pan = DD * BB * dd ** (HALF - 1 / pp) / sp.sqrt(TT) * sp.sqrt(dd / sp.Min(dd, 2**rr))
_ber = DD * BB / sp.sqrt(TT) * sp.sqrt(dd / sp.Min(dd, rr))
_dp, _db = delta_pan.symbol, delta_ber.symbol
_lower_rand = "private (any r-bit quantizer)"
_rates_r = {**_rate, "d": 1, "r": -1}

register(
    Bound(id="mayekar2020:thm6.1", statement="Theorem 6.1", kind="lower", quantity="opt_error",
          params=[d, p_ge2, D, B, T, r], constants=[c0], expr=c0.symbol * sp.Max(_pan, _ber),
          randomness=_lower_rand, monotone=_rates_r,
          notes="Maximum of the Paninski-oracle and Bernoulli-oracle bounds. The maximisation over "
                "delta needs delta* <= 1/2, i.e. T of order at least d^2/min(2^r, d) (first) and "
                "d/min(r, d) (second); the statement leaves this implicit.", **_opt),
    Bound(id="mayekar2020:thm6.1/paninski", statement="Theorem 6.1 (first lower bound)", kind="lower",
          quantity="opt_error", params=[d, p_ge2, D, B, T, r], constants=[c0], expr=c0.symbol * _pan,
          randomness=_lower_rand, monotone=_rates_r,
          notes="Paninski's oracle (+-B e_i with probabilities (1 +- 2 delta alpha_i)/(2d)).", **_opt),
    Bound(id="mayekar2020:thm6.1/bernoulli", statement="Theorem 6.1 (second lower bound)",
          kind="lower", quantity="opt_error", params=[d, p_ge2, D, B, T, r], constants=[c0],
          expr=c0.symbol * _ber, randomness=_lower_rand, monotone=_rates_r,
          notes="Bernoulli-product oracle (coordinates +-B/d^(1/q)).", **_opt),
    Bound(id="mayekar2020:thm6.1/fano-paninski", statement="Theorem 6.1 (proof, first bound)",
          kind="lower", quantity="opt_error", params=[d, p_ge2, D, B, T, r, delta_pan], constants=[c2],
          expr=DD * BB * _dp / (4 * dd ** (1 / pp)) * (1 - TT * _dp**2 * sp.Min(2**rr, dd) / (c2.symbol * dd**2)),
          randomness=_lower_rand,
          notes="As printed before maximising over delta; it omits Fano's +1 (see "
                "mayekar2020:thm6.1/fano-paninski/corrected).", **_opt),
    Bound(id="mayekar2020:thm6.1/fano-paninski/corrected", statement="Theorem 6.1 (proof, first bound)",
          kind="lower", quantity="opt_error", params=[d, p_ge2, D, B, T, r, delta_pan], constants=[c2],
          expr=DD * BB * _dp / (4 * dd ** (1 / pp))
          * (1 - 1 / (c2.symbol * dd) - TT * _dp**2 * sp.Min(2**rr, dd) / (c2.symbol * dd**2)),
          randomness=_lower_rand, variant="corrected",
          notes="Fano's 1 - (T I(V; Q(Y)) + 1)/log|V| with I <= delta^2 min(2^r, d)/d and "
                "log|V| = c2 d keeps the -1/(c2 d) term, as the second bound does.", **_opt),
    Bound(id="mayekar2020:thm6.1/fano-bernoulli", statement="Theorem 6.1 (proof, second bound)",
          kind="lower", quantity="opt_error", params=[d, p_ge2, D, B, T, r, delta_ber], constants=[c2],
          expr=DD * BB * _db / 4
          * (1 - 1 / (c2.symbol * dd) - 360 * TT * _db**2 * sp.Min(rr, dd) / (c2.symbol * dd)),
          randomness=_lower_rand, notes="As printed before maximising over delta.", **_opt),
    Bound(id="mayekar2020:thm6.1/mi-paninski", statement="Theorem 6.1 (proof, first bound)",
          kind="upper", quantity="mutual_information", params=[delta_pan, r, d],
          expr=_dp**2 * sp.Min(2**rr, dd) / dd, randomness=_lower_rand,
          monotone={"delta": 1, "r": 1},
          notes="I(V; Q(Y)) for Paninski's oracle through an r-bit quantizer; chi-square "
                "contraction of Acharya, Canonne, Tyagi (2018), as cited.", **_opt),
    Bound(id="mayekar2020:thm6.1/mi-bernoulli", statement="Theorem 6.1 (proof, second bound)",
          kind="upper", quantity="mutual_information", params=[delta_ber, r, d],
          expr=360 * _db**2 * sp.Min(rr, dd), randomness=_lower_rand, monotone={"delta": 1, "r": 1},
          notes="I(V; Q(Y)) for the Bernoulli-product oracle; strong data processing inequality "
                "of Duchi et al. (2014), Proposition 2, as cited.", **_opt),
    Bound(id="mayekar2020:thm6.2", statement="Theorem 6.2", kind="lower", quantity="opt_error",
          params=[d, p_lt2, D, B, T, r], constants=[c0],
          expr=c0.symbol * DD * BB / sp.sqrt(TT) * sp.sqrt(dd / sp.Min(dd, rr)),
          randomness=_lower_rand, monotone=_rates_r,
          notes="Theorem 6.1's second (Bernoulli-oracle) bound, which holds for p in [1, 2) too.",
          **_opt),
    # --- prior and baseline bounds the paper states with a formula ---------------------
    Bound(id="mayekar2020:ratq-mse", statement="Proof of Lemma 5.2 (Mayekar, Tyagi 2019, Lemma 6.3)",
          kind="upper", quantity="mse", params=[B, d, p_lt2, s, k_ratq],
          expr=BB**2 * dd ** (1 - 2 * (1 - 1 / qq)) * (9 + 3 * sp.log(s.symbol)) / (k_ratq.symbol - 1) ** 2,
          problem=QUANT, model="single vector, fixed length", randomness="private (RATQ)",
          monotone={"B": 1, "s": 1, "k": -1},
          notes="E||Q_at,R(Y_2') - Y_2'||_2^2 <= B^2 d^(1-2/q) (9 + 3 ln s)/(k-1)^2.", **_common),
    Bound(id="mayekar2020:cuq-baseline", statement="Section 5 (uniform quantizer baseline)",
          kind="upper", quantity="bits", params=[d, p_lt2],
          expr=dd * (log2(dd ** (1 - 1 / qq)) + 1), monotone={"d": 1},
          notes="A plain unbiased uniform quantizer keeps E||Q(Y)||_q^2 = O(B^2) with "
                "d(log d^(1/q) + 1) bits.", **_quant),
    Bound(id="mayekar2020:simq-plus-naive", statement="Section 4.2 (naive SimQ+ encoding)",
          kind="upper", quantity="bits", params=[d, p_ge2], constants=[c],
          expr=c.symbol * dd ** (2 / pp) * log2(dd), monotone={"d": 1},
          notes="k = d^(2/p) SimQ indices sent one by one: O(d^(2/p) log d) bits.", **_quant),
)

# --- proof-level quantities (kind "step"): parameter choices and intermediate bounds -------
_step = dict(paper=PAPER.key, citation=CITE, model="n/a")
register(
    Bound(id="mayekar2020:thm3.1/k-choice", statement="Theorem 3.1 (1), proof (choice of k)",
          kind="step", quantity="k", problem=QUANT, params=[d, p_ge2], expr=dd ** (2 / pp),
          monotone={"d": 1, "p": -1},
          notes="SimQ+'s repetitions k = d^(2/p), treated by the paper as an integer; at p = oo it "
                "is 1 (SimQ).", **_step),
    Bound(id="mayekar2020:lem5.1/cuq-error", statement="Lemma 5.1 (proof, intermediate bound)",
          kind="step", relation="<=", quantity="second_moment", problem=QUANT, params=[B],
          expr=BB**2 / 2, monotone={"B": 1},
          notes="E||Q_u(Y_1) - Y_1||_q^2 <= (d^(1/q) 2M/(k-1))^2 <= B^2/2 with (7); the proof prints "
                "B^2, which would give 4 B^2 (erratum mayekar2020:lem5.1-second-moment).", **_step),
    Bound(id="mayekar2020:thm6.1/mi-paninski/chi-square", statement="Theorem 6.1 (proof, first bound)",
          kind="step", relation="<=", quantity="mutual_information", problem=OPT, params=[delta_pan],
          expr=4 * delta_pan.symbol**2, monotone={"delta": 1},
          notes="I(V; Q(Y)) <= I(V; Y) <= max_alpha KL(P_alpha || uniform) <= chi^2 = 4 delta^2 nats, "
                "for every r (data processing; no r-dependence). Proven here, unlike the constant "
                "of the cited r-bit contraction (finding mayekar2020:thm6.1-mi-paninski-constant).",
          **_step),
    Bound(id="mayekar2020:thm6.1/delta-star-paninski", statement="Theorem 6.1 (proof, choice of delta)",
          kind="step", quantity="delta", problem=OPT, params=[d, T, r], constants=[c2],
          expr=sp.sqrt(dd * (c2.symbol * dd - 1) / (3 * TT * sp.Min(2**rr, dd))),
          monotone={"T": -1},
          notes="The maximiser of the (corrected) Fano bound over delta; the proof needs it <= 1/2, "
                "i.e. T >= 4 d (c2 d - 1)/(3 min(2^r, d)) (checked by mayekar2020:thm6.1-max-paninski).",
          **_step),
    Bound(id="mayekar2020:thm6.1/delta-star-bernoulli", statement="Theorem 6.1 (proof, choice of delta)",
          kind="step", quantity="delta", problem=OPT, params=[d, T, r], constants=[c2],
          expr=sp.sqrt(30 * c2.symbol * dd - 30) / (180 * sp.sqrt(TT) * sp.sqrt(sp.Min(dd, rr))),
          monotone={"T": -1},
          notes="The maximiser of the second Fano bound over delta; needs <= 1/2.", **_step),
)

# --- Theorem 6.1 on the range of T its proof covers (erratum mayekar2020:thm6.1-T-range) ---
_T_PAN = "T >= 4*d*(c2*d - 1)/(3*Min(2**r, d))"  # delta* <= 1/2 for Paninski's oracle
_T_BER = "T >= (c2*d - 1)/(270*Min(d, r))"  # delta* <= 1/2 for the Bernoulli-product oracle
register(
    Bound(id="mayekar2020:thm6.1/paninski/corrected", statement="Theorem 6.1 (first lower bound)",
          kind="lower", quantity="opt_error", params=[d, p_ge2, D, B, T, r], constants=[c0, c2],
          expr=c0.symbol * _pan, conditions=[_T_PAN, "c2*d > 1"], randomness=_lower_rand,
          monotone=_rates_r, variant="corrected",
          notes="Theorem 6.1's first term on the range of T where the proof's delta* = "
                "sqrt(d(c2 d - 1)/(3 T min(2^r, d))) is at most 1/2 (the oracle's probabilities "
                "(1 +- 2 delta)/(2d) need delta <= 1/2); c2 is the Hamming packing's exponent.", **_opt),
    Bound(id="mayekar2020:thm6.1/bernoulli/corrected", statement="Theorem 6.1 (second lower bound)",
          kind="lower", quantity="opt_error", params=[d, p_ge2, D, B, T, r], constants=[c0, c2],
          expr=c0.symbol * _ber, conditions=[_T_BER, "c2*d > 1"], randomness=_lower_rand,
          monotone=_rates_r, variant="corrected",
          notes="Theorem 6.1's second term where delta* = sqrt(30 c2 d - 30)/(180 sqrt(T min(d, r))) "
                "<= 1/2.", **_opt),
    Bound(id="mayekar2020:thm6.1/corrected", statement="Theorem 6.1", kind="lower", quantity="opt_error",
          params=[d, p_ge2, D, B, T, r], constants=[c0, c2], expr=c0.symbol * sp.Max(_pan, _ber),
          conditions=[_T_PAN, _T_BER, "c2*d > 1"], randomness=_lower_rand, monotone=_rates_r,
          variant="corrected",
          notes="Theorem 6.1 where both maximisations over delta are feasible (delta* <= 1/2). For "
                "smaller T the stated bound exceeds what any algorithm trivially achieves.", **_opt),
)
