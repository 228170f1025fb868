"""Bounds of Huang, Huang, Wang and Yi, *Optimal Sparsity-Sensitive Bounds for Distributed
Mean Estimation* (NeurIPS 2019), and the prior bounds its Section 1.2 cites.

Symbols: ``n`` clients, ``d`` dimensions, ``C`` the tunable cost parameter (the
expected total weight of the quantized vectors), ``r`` bits per float, ``F1 = sum_i
||X_i||_1``, ``F2 = sum_i ||X_i||_2^2``, ``s = F1^2/(n d F2)`` Hoyer's sparseness.
log is base 2.

>>> from commbounds.bounds import get
>>> round(get("huang2019:thm2.3/main")(n=16, d=10_000, C=4000), 1)
21430.2
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from .core import Bound, Const, Param, log2
from .paper import Paper, register_paper
from .registry import register

PAPER = register_paper(Paper(
    key="huang2019", title="Optimal Sparsity-Sensitive Bounds for Distributed Mean Estimation",
    authors=("Zengfeng Huang", "Ziyue Huang", "Yilei Wang", "Ke Yi"), venue="NeurIPS", year=2019,
    seed_file="000_65f6be67dce7f270.txt", topic="sparsity-sensitive distributed mean estimation"))
CITE = "Huang, Huang, Wang, Yi, NeurIPS 2019"
DME = "distributed mean estimation"

n = Param("n", integer=True, domain="[1, oo)", typical=16, description="number of clients")
d = Param("d", integer=True, domain="[1, oo)", typical=10_000, description="dimension")
r = Param("r", integer=True, domain="[1, oo)", typical=64, description="bits per floating-point number")
F1 = Param("F1", r"F_1", typical=2.0e4, description="sum of the clients' l1 norms")
F2 = Param("F2", r"F_2", typical=5.0e3, description="sum of the clients' squared l2 norms")
F = Param("F", typical=0.5, description="SaR scaling factor")
L1 = Param("L1", r"\|v\|_1", typical=100.0, description="l1 norm of the input vector")
p = Param("p", domain="(0, 1]", typical=0.25, description="client/coordinate sampling probability")
w = Param("w", integer=True, domain="[0, oo)", typical=500, description="weight of the integer vector")
V = Param("V", r"\sum_{ijk} p^\pi_{ijk}(1-p^\pi_{ijk})", domain="[0, oo)", typical=100.0,
          description="sum of the conditional Bernoulli variances of the block coordinates")
k = Param("k", integer=True, domain="[1, oo)", typical=100, description="ATOMO sparsity budget")
c = Const("c", "absolute constant of the O(.) term")


def _C(domain: str, typical: float = 4000) -> Param:
    return Param("C", domain=domain, typical=typical, description="cost parameter (expected total weight)")


def _s(domain: str, typical: float = 0.025) -> Param:
    return Param("s", domain=domain, typical=typical, description="Hoyer sparseness F1^2/(n d F2)")


C_up = _C("(0, n*d]")
C_any = _C("(0, oo)")
C_lo = _C("[n, n*d/2]")
s_up = _s("[1/(n*d), 1]")
s_lo = _s("[1/d, 1/2]")
ss = s_up.symbol
_common = dict(paper=PAPER.key, problem=DME, citation=CITE)


def _lemma22_bits(d, w):
    """Exact ceil(log2 C(d+w-1, d-1)) with Python integers (vectorised over arrays)."""
    def one(dd, ww):
        n, k = int(dd) + int(ww) - 1, min(int(dd) - 1, int(ww))
        if 0 < k <= 100_000:
            # log2 C(n, k) as a sum of k correctly rounded terms (error far below 1e-6): its
            # ceiling is exact unless the sum lies near an integer, where the big binomial decides
            # (computing that binomial for n ~ 1e308 would take seconds)
            lg = math.fsum(math.log2((n - k + i) / i) for i in range(1, k + 1))
            if abs(lg - round(lg)) > 1e-6:
                return float(math.ceil(lg))
        count = math.comb(n, int(dd) - 1)
        return float((count - 1).bit_length()) if count > 1 else 0.0
    return np.vectorize(one, otypes=[float])(d, w)


register(
    Bound(id="huang2019:lem2.1", statement="Lemma 2.1", kind="upper", quantity="mse",
          params=[F, L1], expr=F.symbol * L1.symbol, model="single vector", randomness="private",
          monotone={"F": 1, "L1": 1},
          notes="SaR is unbiased, E|v_hat_i| = |v_i| and E||v_hat - v||^2 <= F ||v||_1.",
          **_common),
    Bound(id="huang2019:lem2.2", statement="Lemma 2.2", kind="equality", quantity="bits",
          params=[d, w], expr=sp.ceiling(log2(sp.binomial(d.symbol + w.symbol - 1, d.symbol - 1))),
          model="single vector", randomness="deterministic", impl=_lemma22_bits,
          monotone={"w": 1},
          notes="Vectors in I(d, w) are coded with ceil(log2 C(d+w-1, d-1)) bits; evaluated exactly "
                "with integer binomials.", **_common),
    Bound(id="huang2019:thm2.3", statement="Theorem 2.3", kind="upper", quantity="total_bits",
          params=[n, d, C_up, r], constants=[c],
          expr=C_up.symbol * log2(n.symbol * d.symbol / C_up.symbol + 1)
          + c.symbol * (C_up.symbol + n.symbol * r.symbol + n.symbol * log2(d.symbol)),
          model="coordinator (clients to server), one synchronisation round", randomness="private",
          monotone={"C": 1, "r": 1}, pair="huang2019:thm3.1", **_common),
    Bound(id="huang2019:thm2.3/main", statement="Theorem 2.3", kind="upper", quantity="total_bits",
          params=[n, d, C_up], expr=C_up.symbol * log2(n.symbol * d.symbol / C_up.symbol + 1),
          model="coordinator (clients to server), one synchronisation round", randomness="private",
          monotone={"C": 1, "n": 1, "d": 1}, pair="huang2019:thm3.1",
          notes="Main term only: the O(C + nr + n log d) lower-order terms are dropped.", **_common),
    Bound(id="huang2019:thm2.3/explicit", statement="Theorem 2.3", kind="upper", quantity="total_bits",
          params=[n, d, C_up, r],
          expr=C_up.symbol * log2(n.symbol * d.symbol / C_up.symbol + 1)
          + C_up.symbol * (log2(sp.E) + 1)
          + n.symbol * (2 * r.symbol + sp.ceiling(log2(2 * d.symbol + 1)) + 1),
          model="coordinator (clients to server), one synchronisation round", randomness="private",
          monotone={"C": 1, "r": 1},
          notes="Explicit constants reconstructed from the proof of Theorem 2.3: per client "
                "2r (sync) + ceil(log2(2d+1)) (Delta w) + ceil(log2 C(d+w-1,d-1)) <= "
                "w log2(d/w+1) + w log2 e + 1, plus d_i <= w sign bits; Jensen with E[sum w_i] = C.",
          **_common),
    Bound(id="huang2019:thm2.3/mse", statement="Theorem 2.3", kind="upper", quantity="mse",
          params=[F1, C_any, n],
          expr=F1.symbol**2 / (C_any.symbol * n.symbol**2),
          model="coordinator", randomness="private", monotone={"F1": 1, "C": -1, "n": -1},
          **_common),
    Bound(id="huang2019:cor2.4", statement="Corollary 2.4", kind="upper", quantity="total_bits",
          params=[n, d, s_up, r], constants=[c],
          expr=n.symbol * d.symbol * ss * log2(1 / ss + 1)
          + c.symbol * (n.symbol * d.symbol * ss + n.symbol * r.symbol + n.symbol * log2(d.symbol)),
          model="coordinator, one synchronisation round", randomness="private",
          monotone={"s": 1, "r": 1}, pair="huang2019:cor3.2", **_common),
    Bound(id="huang2019:cor2.4/main", statement="Corollary 2.4", kind="upper", quantity="total_bits",
          params=[n, d, s_up], expr=n.symbol * d.symbol * ss * log2(1 / ss + 1),
          model="coordinator, one synchronisation round", randomness="private",
          monotone={"s": 1}, pair="huang2019:cor3.2",
          notes="Main term only.", **_common),
    Bound(id="huang2019:cor2.4/mse", statement="Corollary 2.4", kind="upper", quantity="mse",
          params=[F2, n], expr=F2.symbol / n.symbol**2, model="coordinator",
          randomness="private", monotone={"F2": 1}, **_common),
    Bound(id="huang2019:rem-sampling", statement="Remark after Corollary 2.4", kind="upper",
          quantity="total_bits", params=[n, d, s_up, p], constants=[c],
          expr=c.symbol * p.symbol * n.symbol * d.symbol * ss * log2(1 / ss + 1),
          model="coordinator, client or coordinate sampling", randomness="private",
          monotone={"p": 1, "s": 1},
          notes="Lower-order terms ignored, as in the remark.", **_common),
    Bound(id="huang2019:rem-sampling/mse", statement="Remark after Corollary 2.4", kind="upper",
          quantity="mse", params=[F2, n, p], expr=F2.symbol / (p.symbol * n.symbol**2),
          model="coordinator, client or coordinate sampling", randomness="private",
          monotone={"p": -1, "F2": 1}, **_common),
    Bound(id="huang2019:thm3.1", statement="Theorem 3.1", kind="lower", quantity="total_bits",
          params=[n, d, C_lo],
          expr=C_lo.symbol / 2 * log2(n.symbol * d.symbol / (2 * C_lo.symbol)),
          model="broadcast, multi-round", randomness="public (randomised protocols)",
          monotone={"n": 1, "d": 1}, pair="huang2019:thm2.3/main",
          notes="As stated: on the block-basis family (F1 = F2 = C) for randomised protocols with MSE "
                "<= F1^2/(4 n^2 C). The proof shows this for deterministic protocols; its Yao step "
                "gives the randomised form huang2019:thm3.1/corrected (erratum huang2019:thm3.1-yao).",
          **_common),
    Bound(id="huang2019:thm3.1/mse", statement="Theorem 3.1", kind="upper", quantity="mse",
          params=[F1, n, C_any],
          expr=F1.symbol**2 / (4 * n.symbol**2 * C_any.symbol),
          model="broadcast", randomness="public", monotone={"F1": 1, "C": -1},
          notes="The MSE level below which Theorem 3.1's cost applies.", **_common),
    Bound(id="huang2019:thm3.1/corrected", statement="Theorem 3.1", kind="lower",
          quantity="total_bits", params=[n, d, C_lo],
          expr=C_lo.symbol / 4 * log2(n.symbol * d.symbol / (2 * C_lo.symbol)),
          model="broadcast, multi-round", randomness="public (randomised protocols)",
          monotone={"n": 1, "d": 1}, variant="corrected",
          notes="What the proof gives for randomised protocols: the deterministic bound (C/2) "
                "log(nd/(2C)) at MSE C/(4n^2) (Lemma 3.7) through the paper's own Yao/Markov step "
                "(MSE at most 4M and cost at most 2T with positive probability) holds for "
                "randomised protocols with MSE <= F1^2/(16 n^2 C) (huang2019:thm3.1/mse/corrected), "
                "at half the cost (erratum huang2019:thm3.1-yao).", **_common),
    Bound(id="huang2019:thm3.1/mse/corrected", statement="Theorem 3.1", kind="upper", quantity="mse",
          params=[F1, n, C_any], expr=F1.symbol**2 / (16 * n.symbol**2 * C_any.symbol),
          model="broadcast", randomness="public", monotone={"F1": 1, "C": -1}, variant="corrected",
          notes="The MSE level below which huang2019:thm3.1/corrected applies: a quarter of the "
                "stated level (Markov's factor 4 on the MSE).", **_common),
    Bound(id="huang2019:cor3.2/corrected", statement="Corollary 3.2", kind="lower",
          quantity="total_bits", params=[n, d, s_lo], expr=n.symbol * d.symbol * ss / 4 * log2(1 / (2 * ss)),
          model="broadcast, multi-round", randomness="public (randomised protocols)",
          monotone={"n": 1, "d": 1}, variant="corrected",
          notes="huang2019:thm3.1/corrected at C = nds, for MSE F2/(16 n^2) (the corrected level at "
                "F1 = F2 = C).", **_common),
    Bound(id="huang2019:cor3.2", statement="Corollary 3.2", kind="lower", quantity="total_bits",
          params=[n, d, s_lo], expr=n.symbol * d.symbol * ss / 2 * log2(1 / (2 * ss)),
          model="broadcast, multi-round", randomness="public (randomised protocols)",
          monotone={"n": 1, "d": 1}, pair="huang2019:cor2.4/main", **_common),
    Bound(id="huang2019:cor3.2/mse", statement="Corollary 3.2", kind="upper", quantity="mse",
          params=[F2, n], expr=F2.symbol**2 / (4 * n.symbol**2), model="broadcast",
          randomness="public", monotone={"F2": 1},
          notes="As stated: MSE F2^2/(4n^2). The symbolic check derives F2/(4n^2) from Theorem 3.1 "
                "(see huang2019:cor3.2/mse/corrected).", **_common),
    Bound(id="huang2019:cor3.2/mse/corrected", statement="Corollary 3.2", kind="upper",
          quantity="mse", params=[F2, n], expr=F2.symbol / (4 * n.symbol**2), model="broadcast",
          randomness="public", monotone={"F2": 1}, variant="corrected",
          notes="Theorem 3.1's MSE F1^2/(4n^2 C) on its family (F1 = F2 = C) is F2/(4n^2); the "
                "corollary prints F2^2/(4n^2) and its proof F2/n^2.", **_common),
    Bound(id="huang2019:lem3.4", statement="Lemma 3.4", kind="lower", quantity="mse",
          params=[V, n], expr=V.symbol / n.symbol**2, model="broadcast", randomness="deterministic",
          monotone={"V": 1, "n": -1},
          notes="E||X - Y^pi||^2 >= (1/n^2) sum_{j,k,i} p(1-p) for every transcript pi.", **_common),
    Bound(id="huang2019:lem3.7", statement="Lemma 3.7", kind="lower", quantity="mutual_information",
          params=[n, d, C_lo],
          expr=C_lo.symbol / 2 * log2(n.symbol * d.symbol / (2 * C_lo.symbol)),
          model="broadcast", randomness="deterministic", monotone={"n": 1, "d": 1},
          notes="I(X_1..X_n; Pi) on the block-basis distribution.", **_common),
    # --- prior bounds cited in Section 1.2 ---------------------------------------------
    Bound(id="huang2019:naive", statement="Section 1.2 (naive protocol)", kind="upper",
          quantity="total_bits", params=[n, d, r], expr=n.symbol * d.symbol * r.symbol,
          model="coordinator", randomness="deterministic", monotone={"n": 1, "d": 1, "r": 1},
          notes="Send every coordinate as a float.", **_common),
    Bound(id="huang2019:suresh2017", statement="Section 1.2 (Suresh et al. 2017)", kind="upper",
          quantity="total_bits", params=[n, d], constants=[c], expr=c.symbol * n.symbol * d.symbol,
          model="coordinator, one round", randomness="private", monotone={"n": 1, "d": 1},
          notes="Stochastic quantization with variable-length coding: O(nd) bits for MSE F2/n^2.",
          **_common),
    Bound(id="huang2019:suresh2017/mse", statement="Section 1.2 (Suresh et al. 2017)", kind="upper",
          quantity="mse", params=[F2, n], expr=F2.symbol / n.symbol**2, model="coordinator",
          randomness="private", monotone={"F2": 1}, **_common),
    Bound(id="huang2019:qsgd2017", statement="Section 1.2 (QSGD, Thm 3.2 / Cor 3.3)", kind="upper",
          quantity="total_bits", params=[n, d], constants=[c], expr=c.symbol * n.symbol * d.symbol,
          model="coordinator, one round", randomness="private", monotone={"n": 1, "d": 1},
          notes="QSGD needs O(nd) bits for MSE F2/n^2 regardless of sparseness.", **_common),
    Bound(id="huang2019:wang2018", statement="Section 2.1 (Wang et al. 2018, ATOMO)", kind="upper",
          quantity="total_bits", params=[k, r],
          expr=k.symbol * r.symbol, model="single vector",
          randomness="private", monotone={"k": 1},
          notes="Compress X with k r bits for MSE F1^2/k.", **_common),
    Bound(id="huang2019:wang2018/mse", statement="Section 2.1 (Wang et al. 2018, ATOMO)",
          kind="upper", quantity="mse",
          params=[F1, k],
          expr=F1.symbol**2 / k.symbol, model="single vector",
          randomness="private", monotone={"F1": 1, "k": -1}, **_common),
)
