"""Projected SGD with SimQ+ at Theorem 3.1's bit budget keeps the unquantized 1/sqrt(T) rate.

Setting: mayekar2020's Bernoulli-product oracle (Section 6) with p = 4, d = 16, B = 1,
delta = 1/4, on the box ||x||_inf <= D/(2 d^{1/p}), D = 2; 64 independent chains per T,
T in {128, 512, 2048, 8192}, step D_2/(G sqrt(T)) with G = B (exact) or
G = sqrt(B^2 d^{2/p}/k + B^2) (Theorem 4.2's alpha_0 bound, SimQ+ with k = d^{2/p}).

The fitted slope of log E[f(x_bar) - f*] on log T carries a statistical interval
(z = 4.9 times its weighted-least-squares standard error) plus a stated model tolerance of
0.05 for pre-asymptotic curvature.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.bounds import ids
from commbounds.errors import InvalidInputError
from commbounds.optim import project_box, project_l2_ball, projected_sgd
from tests.optim.oracles import BernoulliProductOracle, fitted_slope

D_, P, B, DELTA, D = 16, 4.0, 1.0, 0.25, 2.0
TS = [128, 512, 2048, 8192]
Z, MODEL_TOL = 4.9, 0.05


@pytest.fixture(scope="module")
def runs():
    alpha = np.where(np.arange(D_) % 2 == 0, 1.0, -1.0)
    orc = BernoulliProductOracle(D_, B, DELTA, P, alpha)
    rho = D / (2 * D_ ** (1 / P))
    fstar = -B * DELTA * D
    k = math.ceil(D_ ** (2 / P))
    q = quantizers.get("simq-plus", B=B, k=k, p=P)
    a0 = math.sqrt(B**2 * D_ ** (2 / P) / k + B**2)
    D2 = 2 * rho * math.sqrt(D_)
    out = {}
    for name, quant, G in (("exact", None, B), ("simq+", q, a0)):
        errs, bits = [], []
        for T in TS:
            res = projected_sgd(orc, np.zeros((64, D_)), T=T, step=D2 / (G * math.sqrt(T)),
                                quantizer=quant, project=project_box(rho), rng=T)
            errs.append(orc.f(res.x) - fstar)
            bits.append(res.bits / T)
        out[name] = (np.array(errs), np.array(bits))
    return out, orc, q, k


def test_quantized_psgd_keeps_the_unquantized_rate(runs):
    out, *_ = runs
    s0, se0 = fitted_slope(TS, out["exact"][0])
    s1, se1 = fitted_slope(TS, out["simq+"][0])
    assert abs(s0 + 0.5) <= Z * se0 + MODEL_TOL
    assert abs(s1 + 0.5) <= Z * se1 + MODEL_TOL
    assert s1 <= s0 + Z * math.hypot(se0, se1) + MODEL_TOL
    # the constant grows at most like alpha_0/B (Theorem 2.3), here by about 2
    assert out["simq+"][0][-1].mean() <= 3 * out["exact"][0][-1].mean()


def test_bits_per_query_within_theorem_3_1(runs):
    out, orc, q, k = runs
    bound = D_ ** (2 / P) * math.log2(2 * math.e * D_ ** (1 - 2 / P) + 2 * math.e)
    G = orc.gradient(np.zeros((5000, D_)), np.random.default_rng(0))
    assert int(q.quantize(G, rng=1).bits.max()) <= bound
    assert np.all(out["simq+"][1] <= bound)
    if "mayekar2020:thm3.1/upper-p-ge-2" in ids():
        assert cb.bound("mayekar2020:thm3.1/upper-p-ge-2")(d=D_, p=P) == pytest.approx(bound)


def test_projections_and_bad_arguments():
    x = np.array([[3.0, 4.0], [0.3, 0.4]])
    np.testing.assert_allclose(project_l2_ball(1.0)(x), [[0.6, 0.8], [0.3, 0.4]])
    np.testing.assert_allclose(project_box(0.5)(x), [[0.5, 0.5], [0.3, 0.4]])
    orc = BernoulliProductOracle(4, 1.0, 0.1, 2.0, np.ones(4))
    with pytest.raises(InvalidInputError, match="T"):
        projected_sgd(orc, np.zeros(4), T=0, step=0.1)
    with pytest.raises(InvalidInputError, match="step"):
        projected_sgd(orc, np.zeros(4), T=3, step=-1.0)
    with pytest.raises(InvalidInputError, match="x0"):
        projected_sgd(orc, np.array([np.nan, 0.0]), T=3, step=0.1)
    with pytest.raises(InvalidInputError, match="radius"):
        project_box(0.0)
