"""Stochastic mirror descent with the p < 2 composite quantizer keeps the unquantized rate.

Setting: the Bernoulli-product oracle with p = 1.5 (q = 3), d = 16, B = 1, delta = 1/4,
on the l_{p'} ball of radius 1 (p' = p here); 32 chains per T in {128, 512, 2048};
step 1/(G sqrt(T)) with G = B (exact) and G = the measured alpha_0 of lp-composite
(Theorem 2.3's step).  Slope intervals: z = 4.9 times the weighted-least-squares standard
error plus a model tolerance of 0.06.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.optim import mirror_descent
from commbounds.optim.mirror_descent import grad_conjugate, grad_mirror, lp_norm
from commbounds.verify.alpha0 import measure_alpha0
from tests.optim.oracles import BernoulliProductOracle, fitted_slope

D_, P, B, DELTA, R = 16, 1.5, 1.0, 0.25, 1.0
TS = [128, 512, 2048]


def test_mirror_maps_are_inverse():
    x = np.random.default_rng(0).standard_normal((3, 10))
    for pp in (1.1, 1.5, 2.0):
        np.testing.assert_allclose(grad_conjugate(grad_mirror(x, pp), pp), x, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(lp_norm(x, 2.0), np.linalg.norm(x, axis=1))


def test_quantized_mirror_descent_keeps_the_rate():
    alpha = np.where(np.arange(D_) % 2 == 0, 1.0, -1.0)
    orc = BernoulliProductOracle(D_, B, DELTA, P, alpha)
    q_ = P / (P - 1)
    fstar = -R * float(np.sum(np.abs(orc.grad_f) ** q_) ** (1 / q_))
    q = quantizers.get("lp-composite", p=P, B=B)
    a0 = measure_alpha0(q, p=P, B=B, d=D_, trials=1000, rng=3, shared=1)
    assert a0.ci[0] <= math.sqrt(12) * B
    errs = {}
    for name, quant, G in (("exact", None, B), ("lp", q, a0.value)):
        errs[name] = np.array([orc.f(mirror_descent(orc, np.zeros((32, D_)), T=T, step=R / (G * math.sqrt(T)),
                                                    p=P, radius=R, quantizer=quant, rng=T, shared=1).x) - fstar
                               for T in TS])
    s0, se0 = fitted_slope(TS, errs["exact"])
    s1, se1 = fitted_slope(TS, errs["lp"])
    assert abs(s0 + 0.5) <= 4.9 * se0 + 0.06
    assert abs(s1 + 0.5) <= 4.9 * se1 + 0.06
    assert errs["lp"][-1].mean() <= 1.5 * errs["exact"][-1].mean()


def test_bad_arguments():
    orc = BernoulliProductOracle(4, 1.0, 0.1, 1.5, np.ones(4))
    with pytest.raises(InvalidInputError, match="1 <= p < 2"):
        mirror_descent(orc, np.zeros(4), T=3, step=0.1, p=2.5)
    with pytest.raises(InvalidInputError, match="p_prime"):
        mirror_descent(orc, np.zeros(4), T=3, step=0.1, p=1.5, p_prime=3.0)
    with pytest.raises(InvalidInputError, match="radius"):
        mirror_descent(orc, np.zeros(4), T=3, step=0.1, p=1.5, radius=-1.0)
