"""korhonen2021's bounds against values computed independently with ``math``, its conditions,
and the verdicts of its symbolic checks.

>>> import commbounds as cb
>>> round(cb.bound("korhonen2021:lem2")(d=2, delta=0.1), 3)
46.84
"""

from __future__ import annotations

import math

import pytest

import commbounds as cb
from commbounds.bounds import search
from commbounds.bounds.checks import run_all
from commbounds.errors import BoundDomainError

C_PACK = math.sqrt(math.pi * math.e / 2)
PIE = math.pi * math.e
ERRATA = {
    "korhonen2021:thm3-separation": "korhonen2021:thm3/corrected",
    "korhonen2021:thm4-threshold": "korhonen2021:thm4/corrected",
    "korhonen2021:thm4-log-argument": "korhonen2021:thm4/corrected",
    "korhonen2021:lem8-threshold": "korhonen2021:lem8/corrected",
    "korhonen2021:lem8-log-argument": "korhonen2021:lem8/corrected",
    "korhonen2021:prelim-quadratic-smoothness": None,
    "korhonen2021:thm9-exponent": "korhonen2021:thm9/corrected",
    "korhonen2021:lem8-recovery": None,
    "korhonen2021:lem14-base-case": None,
    "korhonen2021:c2-accuracy-exponent": None,
    "korhonen2021:lem2-blichfeldt": "korhonen2021:lem2/corrected",
}


def _mu(kappa: float) -> float:
    xi = 1 - 1 / kappa
    big_k, delta = 2 / xi, xi * (1 - xi) / 4
    return delta * big_k + xi


@pytest.mark.parametrize("d,delta", [(1, 0.01), (2, 0.1), (10, 0.3), (100, 0.5)])
def test_lemma_2_packing(d, delta):
    expected = (math.sqrt(d) / (C_PACK * delta)) ** d
    assert cb.bound("korhonen2021:lem2")(d=d, delta=delta) == pytest.approx(expected)


@pytest.mark.parametrize("N,d,beta,eps", [(8, 100, 10.0, 1e-3), (2, 1, 1.0, 1e-3), (64, 1000, 2.0, 1e-4)])
def test_lower_bounds_with_unit_constants(N, d, beta, eps):
    unit = {"constants": "unit"}
    assert cb.bound("korhonen2021:thm3")(N=N, d=d, beta=beta, eps=eps, **unit) == pytest.approx(
        N * d * math.log2(beta * d / eps))
    assert cb.bound("korhonen2021:thm3/corrected")(N=N, d=d, beta=beta, eps=eps, **unit) == pytest.approx(
        N * d * math.log2(beta * d / (N * eps)))
    if d * beta / (N**2 * eps) >= 72 * PIE:
        for key in ("thm4", "lem8"):
            assert cb.bound(f"korhonen2021:{key}")(N=N, d=d, beta=beta, eps=eps, **unit) == pytest.approx(
                N * d * math.log2(beta * d / (N * eps)))
        assert cb.bound("korhonen2021:thm4/corrected")(N=N, d=d, beta=beta, eps=eps, **unit) == \
            pytest.approx(N * d * math.log2(beta * d / (N**2 * eps)))


def test_hidden_constants_scale_and_are_required():
    b = cb.bound("korhonen2021:thm4")
    point = dict(N=8, d=100, beta=10.0, eps=1e-3)
    assert b(**point, constants={"c": 0.25}) == pytest.approx(0.25 * b(**point, constants="unit"))
    with pytest.raises(BoundDomainError, match="constants"):
        b(**point)


def test_theorem_9_and_its_packing_form():
    N, d, beta, eps = 4, 2, 10.0, 1e-3
    printed = N * math.exp(0.5 * d * math.log2(beta * d) / 0.5)  # eps outside the log, as printed
    assert cb.bound("korhonen2021:thm9")(N=N, d=d, beta=beta, eps=0.5, constants={"c2": 0.5}) == \
        pytest.approx(printed)
    stated = N * math.exp(0.5 * d * math.log2(beta * d / eps))
    assert cb.bound("korhonen2021:thm9/corrected")(N=N, d=d, beta=beta, eps=eps, constants={"c2": 0.5}) == \
        pytest.approx(stated)
    packing = N * (beta * math.sqrt(d) / (2 * C_PACK * eps)) ** d
    assert cb.bound("korhonen2021:thm9/packing")(N=N, d=d, beta=beta, eps=eps, constants="unit") == \
        pytest.approx(packing)


@pytest.mark.parametrize("kappa", [2.0, 3.0, 10.0, 1e4])
def test_quantised_gd_parameters(kappa):
    mu = _mu(kappa)
    assert 1 - mu == pytest.approx(1 / (2 * kappa))
    beta, W, t, N = 10.0, 10.0, 7, 8
    xi = 1 - 1 / kappa
    big_k, delta = 2 / xi, xi * (1 - xi) / 4
    radius = beta * big_k * W * mu**t
    assert cb.bound("korhonen2021:lem14/q1")(kappa=kappa, t=t, W=W) == pytest.approx(mu**t * W)
    assert cb.bound("korhonen2021:lem14/q2")(kappa=kappa, t=t, W=W, beta=beta, N=N) == pytest.approx(
        delta * radius / (2 * N))
    assert cb.bound("korhonen2021:lem14/q3")(kappa=kappa, t=t, W=W, beta=beta) == pytest.approx(delta * radius)
    rounds = cb.bound("korhonen2021:lem15")(kappa=kappa, W=W, eps=1e-3)
    assert rounds == pytest.approx(2 * kappa * math.log(W / 1e-3))
    assert mu**rounds * W <= 1e-3 * (1 + 1e-9)
    assert cb.bound("korhonen2021:thm13")(kappa=kappa) == pytest.approx(1 - 1 / kappa)


def test_upper_bounds_with_unit_constants():
    N, d, kappa, beta, eps = 8, 100, 10.0, 10.0, 1e-3
    unit = {"constants": "unit"}
    log_term = math.log2(beta * d / eps)
    assert cb.bound("korhonen2021:thm11")(N=N, d=d, kappa=kappa, beta=beta, eps=eps, **unit) == \
        pytest.approx(N * d * kappa * math.log2(kappa) * log_term)
    assert cb.bound("korhonen2021:magnusson-et-al")(N=N, kappa=kappa, d=d, beta=beta, eps=eps, **unit) == \
        pytest.approx(N * kappa * d * math.log2(kappa * d) * log_term)
    assert cb.bound("korhonen2021:tsitsiklis-luo/upper")(kappa=kappa, d=d, beta=beta, eps=eps, **unit) == \
        pytest.approx(kappa * d * math.log2(kappa * d) * log_term)
    assert cb.bound("korhonen2021:qsgd-svrg")(N=N, d=d, beta=beta, eps=eps, **unit) == \
        pytest.approx(N * d * log_term)
    assert cb.bound("korhonen2021:cor10")(d=d, lam=0.25, **unit) == pytest.approx(2 * d)
    assert cb.bound("korhonen2021:thm11/value-round")(beta0=1.25, d=d, N=N, eps=eps) == \
        pytest.approx(math.log2((1.25 * d + 1) * N / eps))


def test_prior_lower_bounds_and_small_lemmas():
    unit = {"constants": "unit"}
    for key in ("tsitsiklis-luo", "zhang-et-al"):
        assert cb.bound(f"korhonen2021:{key}")(d=100, beta0=1.25, eps=1e-3, **unit) == \
            pytest.approx(100 * math.log2(1.25e5))
    assert cb.bound("korhonen2021:garg-et-al")(N=16, d=100, **unit) == pytest.approx(400.0)
    assert cb.bound("korhonen2021:braverman-et-al")(N=16, d=100, **unit) == 1600.0
    assert cb.bound("korhonen2021:braverman-et-al/mse")(sigma=2.0, d=100, N=8, s=10) == pytest.approx(5.0)
    assert cb.bound("korhonen2021:lem6")(beta=4.0, eps=1.0) == pytest.approx(1.0)
    assert cb.bound("korhonen2021:lem7")(d=64, p=0.25, **unit) == pytest.approx(32.0)


@pytest.mark.parametrize("bound_id,point,condition", [
    ("korhonen2021:thm3", dict(N=4, d=1, beta=1.0, eps=0.5), r"beta\*d/eps >= E\*pi"),
    ("korhonen2021:thm3/corrected", dict(N=4, d=10, beta=1.0, eps=0.05), r">= 32\*E\*pi"),
    ("korhonen2021:thm4", dict(N=10, d=10, beta=1.0, eps=0.02), r"N\*\*2\*eps\)\) >= E\*pi"),
    ("korhonen2021:thm4/corrected", dict(N=8, d=100, beta=1.0, eps=5e-3), r">= 288\*E\*pi"),
    ("korhonen2021:lem8/corrected", dict(N=8, d=100, beta=1.0, eps=2e-2), r">= 72\*E\*pi"),
    ("korhonen2021:thm11", dict(N=8, d=10, kappa=4.0, beta=1.0, eps=20.0), r"eps < beta\*d"),
    ("korhonen2021:thm11", dict(N=8, d=10, kappa=1.5, beta=1.0, eps=1e-3), r"kappa >= 2"),
    ("korhonen2021:lem15", dict(kappa=4.0, W=1.0, eps=2.0), r"eps < W"),
    ("korhonen2021:thm12", dict(N=1024, d=10), r"d > log2\(N\)"),
    ("korhonen2021:cor10", dict(d=10, lam=1.0), r"lam < 1"),
])
def test_conditions_are_enforced(bound_id, point, condition):
    with pytest.raises(BoundDomainError, match=condition):
        cb.bound(bound_id)(**point, constants="unit" if cb.bound(bound_id).asymptotic else None)


def test_corrected_variants_are_marked():
    corrected = [b for b in search(paper="korhonen2021") if b.id.endswith("/corrected")]
    assert {b.id for b in corrected} == {f"korhonen2021:{k}/corrected" for k in ("thm3", "thm4", "lem8", "thm9", "lem2")}
    assert all(b.variant == "corrected" for b in corrected)


def test_symbolic_check_verdicts():
    outcomes = {o.id: o for o in run_all(paper="korhonen2021")}
    assert len(outcomes) >= 20
    for key, corrected in ERRATA.items():
        assert not outcomes[key].holds, key
        assert outcomes[key].corrected == corrected
        if corrected:
            cb.bound(corrected)  # the corrected bound is registered
    assert all(o.holds for k, o in outcomes.items() if k not in ERRATA)
    assert outcomes["korhonen2021:thm4-threshold"].derived == "72*E*pi"
    assert outcomes["korhonen2021:lem8-threshold"].derived == "18*E*pi"
    # Lemma 2's printed constant exceeds Blichfeldt's density bound; the corrected C^2 = 2 pi e
    # multiplies every threshold built on it by 4
    assert "exceeds it from d = 11" in outcomes["korhonen2021:lem2-blichfeldt"].description
    assert outcomes["korhonen2021:corrected-thresholds"].derived == "(72*E*pi, 288*E*pi)"
    assert outcomes["korhonen2021:thm3-corrected"].derived == "32*E*pi"
    assert outcomes["korhonen2021:thm3-separation"].derived == "eps/(4*N)"
    assert outcomes["korhonen2021:mu-identity"].derived == "1/(2*kappa)"


def test_thresholds_numerically():
    # Theorem 3 as printed: delta^2 = eps/(2 beta), |S| >= (4x/(pi e))^{d/2} equals 2 at x = pi e, d = 1.
    assert (4 * PIE / PIE) ** 0.5 == pytest.approx(2.0)
    # Theorem 4 at x = pi e: delta = 3N (4 eps/beta)^{1/2} exceeds the diameter sqrt(d) of [0,1]^d.
    N, d = 8, 100
    eps_over_beta = d / (N**2 * PIE)
    assert 3 * N * math.sqrt(4 * eps_over_beta) > math.sqrt(d)
    # At 72 pi e the bound on |S| is exactly 2 for d = 1.
    assert (72 * PIE / (18 * PIE)) ** 0.5 == pytest.approx(2.0)
