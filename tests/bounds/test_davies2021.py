"""davies2021's bounds against values computed independently with ``math``.

>>> import commbounds as cb
>>> round(cb.bound("davies2021:thm8/variance-explicit")(y=1.0, q=32, n=16), 4)
0.2891
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds.bounds import search
from commbounds.bounds.checks import run_all
from commbounds.errors import BoundDomainError

ERRATA = {
    "davies2021:lem2-lower-range": "davies2021:lem2/lower/corrected",
    "davies2021:thm12-algorithm": "davies2021:thm12/bits/corrected",
    "davies2021:thm8-decoding-radius": None,
    "davies2021:thm15-probability": None,
    "davies2021:thm15-final-line": None,
    "davies2021:lem24-union": None,
    "davies2021:thm15-expectation": "davies2021:thm15/corrected",
    "davies2021:thm16-unconditional-out": None,
    "davies2021:thm15-final-chain": None,
    "davies2021:thm26-index-bits": None,
    "davies2021:lem19-reflection": None,
    "davies2021:sec5-colouring-domain": None,
    "davies2021:thm17-bits-range": "davies2021:thm17/bits/corrected",
    "davies2021:thm26-bits-range": "davies2021:thm26/bits/corrected",
    "davies2021:thm27-bits-range": "davies2021:thm27/bits/corrected",
    "davies2021:thm28-bits-range": "davies2021:thm28/bits/corrected",
}


def test_every_scope_statement_is_registered():
    statements = {b.id.split(":")[1].split("/")[0] for b in search(paper="davies2021")}
    wanted = {"lem2", "thm3", "lem4", "lem6", "lem7", "thm8", "thm9", "thm11", "thm12",
              "thm13", "cor14", "thm15", "thm16", "thm17", "thm26", "thm27", "thm28",
              "lem21", "lem22", "lem24", "lem25"}
    assert wanted <= statements


@pytest.mark.parametrize("d,delta,r_p,r_c", [(2, 1.0, 0.1, 0.3), (8, 0.5, 0.05, 0.15), (100, 1.0, 0.1, 0.3)])
def test_lemma_2_reference(d, delta, r_p, r_c):
    assert cb.bound("davies2021:lem2/upper")(d=d, delta=delta, r_p=r_p) == pytest.approx(
        ((delta + r_p) / r_p) ** d)
    assert cb.bound("davies2021:lem2/lower/corrected")(d=d, delta=delta, r_c=r_c) == pytest.approx(
        ((delta - r_c) / r_c) ** d)


def test_lemma_2_corrected_requires_delta_at_least_r_c():
    with pytest.raises(BoundDomainError, match="delta >= r_c"):
        cb.bound("davies2021:lem2/lower/corrected")(d=2, delta=0.1, r_c=0.3)
    # as stated it evaluates there, to a positive number although a deep hole has no point
    assert cb.bound("davies2021:lem2/lower")(d=2, delta=0.15, r_c=0.3) == pytest.approx(0.25)


@pytest.mark.parametrize("q,eps,d", [(8, 0.1, 10), (32, 0.01, 100), (1000, 2.0, 3)])
def test_quantizer_lemmas_reference(q, eps, d):
    assert cb.bound("davies2021:lem4")(q=q, eps=eps) == pytest.approx(2 * q * eps)
    assert cb.bound("davies2021:lem6/bits")(d=d, q=q) == pytest.approx(d * math.log2(q))
    assert cb.bound("davies2021:lem6/distance")(eps=eps) == pytest.approx(7 * eps)
    assert cb.bound("davies2021:lem6/variance")(eps=eps) == pytest.approx(49 * eps**2)
    assert cb.bound("davies2021:lem7")(q=q, eps=eps) == pytest.approx((q - 7) * eps)
    assert cb.bound("davies2021:lem25")(q=q, eps=eps) == pytest.approx(q * eps)
    assert cb.bound("davies2021:thm3")(r_p=eps) == pytest.approx(3 * eps)
    assert cb.bound("davies2021:thm26/distance")(eps=eps) == pytest.approx(3 * eps)


def test_lemma_7_is_vacuous_below_eight_colours():
    with pytest.raises(BoundDomainError, match="q > 7"):
        cb.bound("davies2021:lem7")(q=7, eps=1.0)


@pytest.mark.parametrize("y,q,n", [(1.0, 28, 2), (3.0, 64, 16), (0.5, 1000, 1000)])
def test_theorem_8_explicit_variance(y, q, n):
    eps = 2 * y / q
    assert 49 * eps**2 + 49 * eps**2 / n <= 74 * eps**2 * (1 + 1e-12)
    assert cb.bound("davies2021:thm8/variance-explicit")(y=y, q=q, n=n) == pytest.approx(74 * eps**2)


def test_theorem_8_conditions():
    b = cb.bound("davies2021:thm8/variance-explicit")
    with pytest.raises(BoundDomainError, match="n >= 2"):
        b(y=1.0, q=32, n=1)
    with pytest.raises(BoundDomainError, match="q >= 28"):
        b(y=1.0, q=27, n=4)


@pytest.mark.parametrize("alpha,n,sigma,q", [(10.0, 64, 1.0, 32), (2.0, 4, 0.3, 28)])
def test_theorem_9_explicit_and_success(alpha, n, sigma, q):
    eps = 4 * sigma * math.sqrt(alpha * n) / q
    ref = sigma**2 / n + 74 * eps**2
    got = cb.bound("davies2021:thm9/variance-explicit")(alpha=alpha, n=n, sigma=sigma, q=q)
    assert got == pytest.approx(ref)
    assert cb.bound("davies2021:thm9/success")(alpha=alpha) == pytest.approx(1 - 1 / alpha)


def test_theorem_9_q_range_is_enforced():
    b = cb.bound("davies2021:thm9/variance")
    with pytest.raises(BoundDomainError, match=r"q <= sqrt\(alpha\)\*n"):
        b(alpha=4.0, n=16, sigma=1.0, q=33, constants="unit")
    assert b(alpha=4.0, n=16, sigma=1.0, q=32, constants={"c": 2.0}) == pytest.approx(
        2 * 4 * 16 / 32**2)


def test_lemma_10_reference_and_depth_domain():
    b = cb.bound("davies2021:lem10")
    assert b(i=3, y=2.0, m=64) == pytest.approx(7 * 3 * 2.0 / 64**2)
    with pytest.raises(BoundDomainError, match="i <= "):
        b(i=7, y=1.0, m=64)
    with pytest.raises(BoundDomainError, match="m >= 4"):
        b(i=1, y=1.0, m=2)


@pytest.mark.parametrize("y,b,d", [(1.0, 400.0, 100), (2.0, 10.0, 5), (0.1, 3000.0, 1000)])
def test_mean_estimation_lower_bounds_reference(y, b, d):
    delta = y / 4 * 2 ** (-b / d)
    assert cb.bound("davies2021:thm13/explicit")(y=y, b=b, d=d) == pytest.approx(delta**2 / 2)
    # at most 1.5 b bits: Theorem 13's count at 1.5 b + 1
    assert cb.bound("davies2021:cor14/explicit")(y=y, b=b, d=d) == pytest.approx(
        (y / 4 * 2 ** (-(1.5 * b + 1) / d)) ** 2 / 2 / 3)
    assert cb.bound("davies2021:thm13")(y=y, b=b, d=d, constants={"c": 1}) == pytest.approx(
        y**2 * 2 ** (-2 * b / d))


@pytest.mark.parametrize("sigma,n,b,d", [(1.0, 64, 400.0, 100), (2.0, 4, 26.0, 13)])
def test_variance_reduction_lower_bounds_reference(sigma, n, b, d):
    d15 = sigma / 4 * 2 ** (-b / d)
    assert cb.bound("davies2021:thm15/explicit")(sigma=sigma, b=b, d=d) == pytest.approx(0.2 * d15**2)
    d16 = sigma * math.sqrt(n) / 4 * 2 ** (-b / d)
    assert cb.bound("davies2021:thm16/explicit")(sigma=sigma, n=n, b=b, d=d) == pytest.approx(
        0.2 * d16**2)


def test_lower_bound_conditions():
    with pytest.raises(BoundDomainError, match="d >= 9"):
        cb.bound("davies2021:thm15/explicit")(sigma=1.0, b=10.0, d=8)
    with pytest.raises(BoundDomainError, match="n >= 4"):
        cb.bound("davies2021:thm16/explicit")(sigma=1.0, n=3, b=10.0, d=20)
    with pytest.raises(BoundDomainError, match="d >= 13"):
        cb.bound("davies2021:thm16/explicit")(sigma=1.0, n=8, b=10.0, d=12)


def test_below_input_variance_needs_d_log_n_over_two_bits():
    sigma, n, d = 1.0, 1024, 50
    b = d / 2 * math.log2(n)
    assert cb.bound("davies2021:thm16")(sigma=sigma, n=n, b=b, d=d, constants="unit") == pytest.approx(
        sigma**2)


@pytest.mark.parametrize("d,q", [(100, 0.5), (10, 0.05), (300, 1.0)])
def test_sublinear_reference(d, q):
    assert cb.bound("davies2021:lem21")(d=d, q=q, V=2.0) == pytest.approx((1 + 2 * q) ** d * 2.0)
    assert cb.bound("davies2021:lem22/count")(d=d, q=q) == pytest.approx((1 + 2 * q) ** (2 * d))
    assert cb.bound("davies2021:lem22/probability")(d=d, q=q) == pytest.approx(1 - (1 + 2 * q) ** -d)
    assert cb.bound("davies2021:lem24")(d=d, q=q) == pytest.approx(1 - 2 * (1 + 2 * q) ** -d)
    assert cb.bound("davies2021:thm26/colour-bits")(d=d, q=q) == pytest.approx(
        3 * d * math.log2(1 + 2 * q))
    bb = d * math.log2(1 + q)
    expected = 1 - 2 ** ((1 - bb) * 2**bb) if bb < 60 else 1.0
    assert cb.bound("davies2021:thm26/probability")(d=d, q=q) == pytest.approx(expected)


def test_theorem_27_needs_q_at_most_one():
    with pytest.raises(BoundDomainError, match="q <= 1"):
        cb.bound("davies2021:thm27/variance")(y=1.0, q=2.0, constants="unit")


def test_cubic_lattice_experiment_formulas():
    y = 1.0
    s = 4 * y / (math.sqrt(2) - 1)
    assert cb.bound("davies2021:exp4/bits")(d=100, y=y, s=s) == pytest.approx(50.0)
    assert cb.bound("davies2021:exp4/variance")(d=100, s=s) == pytest.approx(100 * s**2 / 12)
    assert cb.bound("davies2021:sec6/decoding-radius")(q=8, s=0.5) == pytest.approx(7 * 0.5 / 2)


def test_grid_evaluation_propagates_nan_outside_conditions():
    b = cb.bound("davies2021:thm16/explicit")
    out = b(sigma=1.0, n=np.array([2, 4, 64]), b=100.0, d=20, nan_policy="propagate")
    assert np.isnan(out[0]) and np.isfinite(out[1:]).all()


def test_symbolic_checks_verdicts():
    outcomes = {o.id: o for o in run_all(paper="davies2021")}
    assert len(outcomes) >= 30
    for cid, corrected in ERRATA.items():
        assert not outcomes[cid].holds, cid
        assert outcomes[cid].corrected == corrected
    assert all(o.holds for k, o in outcomes.items() if k not in ERRATA)
    # the example: 49 eps^2 + 49 eps^2/n <= 74 eps^2 holds for n >= 49/25
    assert outcomes["davies2021:thm8-variance"].derived == "n >= 49/25"
    for corrected in filter(None, ERRATA.values()):
        assert cb.bound(corrected).variant == "corrected"
    # Theorem 15 in expectation: Markov's step of Corollary 14 gives the exponent 3b/d
    assert outcomes["davies2021:thm15-expectation"].derived == "c*sigma**2/2**(3*b/d)"
    assert outcomes["davies2021:thm15-final-chain"].derived.endswith("for d >= 7")
    assert outcomes["davies2021:thm27-tree-messages"].derived == "3"


def test_sublinear_corrected_bit_bounds_refuse_b_at_most_one():
    b = cb.bound("davies2021:thm26/bits/corrected")
    assert b(d=10, q=0.5, constants={"c": 1.0}) == pytest.approx(10 * np.log2(1.5))
    # d log(1 + q) = log2(1.01) < 1: outside the range the proof covers
    assert np.isnan(b(d=1, q=0.01, constants={"c": 1.0}, nan_policy="propagate"))
    # Theorem 16's explicit chain is above 1/5 where thm16/explicit's conditions hold
    chain = cb.bound("davies2021:thm16/probability-chain")
    assert chain(d=13, n=4) > 0.2 and chain.op == ">="


def test_theorem_15_corrected_is_the_markov_form():
    stated, corrected = cb.bound("davies2021:thm15"), cb.bound("davies2021:thm15/corrected")
    at = {"sigma": 1.0, "b": 64.0, "d": 16, "constants": {"c": 1.0}}
    assert corrected(**at) == pytest.approx(2.0 ** (-3 * 64 / 16))
    assert corrected(**at) < stated(**at)
