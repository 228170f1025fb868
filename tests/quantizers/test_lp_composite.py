"""The p < 2 composite of mayekar2020 Section 5: unbiasedness, Lemmas 5.1 and 5.2,
alpha_0 <= sqrt(12) B and Theorem 3.1's bit count.

Statistical tolerances: z * sd / sqrt(T), z = 4.9 (two-sided 1 - 1e-6 per entry; upper
bounds one-sided).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.bounds import ids
from commbounds.errors import InvalidInputError
from commbounds.quantizers.simq_plus import dual_norm
from commbounds.verify.alpha0 import measure_alpha0
from tests.stats import assert_mean_at_most, assert_mean_equals


def _input(d, p, B, seed, spikes=3):
    rng = np.random.default_rng(seed)
    x = 0.05 * rng.standard_normal(d)
    x[rng.choice(d, spikes, replace=False)] = rng.choice([-1, 1], spikes) * rng.uniform(2, 5, spikes)
    return x * (B / dual_norm(x, p))


@pytest.mark.parametrize("p", [1.0, 1.3, 1.5, 1.9])
def test_unbiased_and_bits(p):
    d, B = 64, 2.0
    q = quantizers.get("lp-composite", p=p, B=B)
    assert q.covers(d)
    x = _input(d, p, B, int(10 * p))
    out = q.quantize(np.broadcast_to(x, (30_000, d)), rng=np.random.default_rng(1), shared=7)
    assert_mean_equals(out.estimate, x)
    P = q.parameters(d)
    n = int((np.abs(x) > P["c"]).sum())
    assert n <= d / P["Delta1"]
    D = 1 << (n - 1).bit_length() if n else 0
    ratq = (math.ceil(D / P["s"]) * math.ceil(math.log2(P["h"])) + D * P["Delta1"]) if n else 0
    assert np.all(out.bits == d * math.ceil(math.log2(P["cuq_k"] + 1)) + d + ratq)
    bound = d * (math.ceil(math.log2(2 * math.sqrt(2) * P["Delta1"] ** (1 - 1 / p) + 2)) + 3) + P["Delta2"]
    if D <= P["d_prime"]:
        assert np.all(out.bits <= bound)
    if "mayekar2020:thm3.1/upper-p-lt-2" in ids():
        assert cb.bound("mayekar2020:thm3.1/upper-p-lt-2")(d=d, p=p) == pytest.approx(bound)


@pytest.mark.parametrize("p", [1.2, 1.5])
def test_lemmas_5_1_and_5_2_second_moments(p):
    d, B = 256, 1.0
    P = quantizers.get("lp-composite", p=p, B=B).parameters(d)
    q_norm = p / (p - 1)
    cuq = quantizers.get("cuq", M=P["c"], k=P["cuq_k"])
    ratq = quantizers.get("ratq", B=P["B_prime"], k=P["ratq_k"], m=P["m"], m0=P["m0"], h=P["h"], s=P["s"])
    for seed in range(3):
        x = _input(d, p, B, seed, spikes=4)
        large = np.abs(x) > P["c"]
        y1, y2 = np.where(large, 0.0, x), x[large]
        e1 = cuq.quantize(np.broadcast_to(y1, (3000, d)), rng=seed).estimate
        assert_mean_at_most(dual_norm(e1, p) ** 2, 3 * B**2)       # Lemma 5.1
        e2 = ratq.quantize(np.broadcast_to(y2, (3000, y2.size)), rng=seed, shared=3).estimate
        assert_mean_at_most(dual_norm(e2, p) ** 2, 3 * B**2)       # Lemma 5.2
        assert_mean_at_most(((e2 - y2) ** 2).sum(axis=1), B**2 / 2)  # its proof's last step
        assert q_norm > 2
    if "mayekar2020:lem5.1/second-moment" in ids():
        assert cb.bound("mayekar2020:lem5.1/second-moment")(B=B) == pytest.approx(3 * B**2)


def test_alpha0_within_sqrt_12_B():
    d, B, p = 128, 1.0, 1.5
    q = quantizers.get("lp-composite", p=p, B=B)
    inputs = np.stack([_input(d, p, B, s, spikes=1 + s) for s in range(6)])
    est = measure_alpha0(q, p=p, inputs=inputs, trials=1500, rng=2, shared=5)
    assert est.ci[0] <= math.sqrt(12) * B
    assert est.norm == "l3"


def test_bad_parameters_and_inputs():
    with pytest.raises(InvalidInputError, match="p must satisfy p"):
        quantizers.get("lp-composite", p=2.0, B=1.0)
    with pytest.raises(InvalidInputError, match="p must satisfy p"):
        quantizers.get("lp-composite", p=0.5, B=1.0)
    with pytest.raises(InvalidInputError, match="B"):
        quantizers.get("lp-composite", p=1.5, B=-1.0)
    with pytest.raises(InvalidInputError, match="d >= 4"):
        quantizers.get("lp-composite", p=1.5, B=1.0).quantize(np.array([0.1, 0.2, 0.1]), rng=0)
    with pytest.raises(InvalidInputError, match=r"\|\|Y\|\|_q <= B"):
        quantizers.get("lp-composite", p=1.5, B=1.0).quantize(np.ones(8), rng=0)
