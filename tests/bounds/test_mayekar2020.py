"""mayekar2020's bounds against values computed independently with ``math``.

>>> import commbounds as cb
>>> round(cb.bound("mayekar2020:thm4.2/bits")(d=1024, p=2, k=32), 2)
239.59
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds.bounds.checks import run_all
from commbounds.errors import BoundDomainError, InvalidInputError

E = math.e


def _ln_star(a: float) -> int:
    n = 0
    while a > 1:
        a, n = math.log(a), n + 1
    return n


def _theorem_3_1_p_lt_2(d: int, p: float) -> tuple[int, int, int]:
    """(Delta_1, Delta_2, bits) of Theorem 3.1 (2), from the statement."""
    inv_q = 1 - 1 / p
    delta2 = math.ceil(math.log2(1 + _ln_star(d / 3)))
    delta1 = math.ceil(math.log2(2 + math.sqrt(18 + 6 * math.log(delta2)) * d ** (0.5 - inv_q)))
    per_coordinate = math.ceil(math.log2(2 * math.sqrt(2) * delta1**inv_q + 2))
    return delta1, delta2, d * (per_coordinate + 3) + delta2


# ---------------------------------------------------------------- Theorems 2.2 and 2.3
@pytest.mark.parametrize("d,p,D,B,T", [(1024, 4.0, 3.0, 2.0, 10_000), (10, 2.0, 1.0, 1.0, 1), (500, 50.0, 0.1, 7.0, 99)])
def test_theorem_2_2_and_2_3_p_ge_2(d, p, D, B, T):
    rate = d ** (0.5 - 1 / p) * D * B / math.sqrt(T)
    assert cb.bound("mayekar2020:thm2.2/upper-p-ge-2")(d=d, p=p, D=D, B=B, T=T, constants={"c1": 3.0}) \
        == pytest.approx(3 * rate)
    assert cb.bound("mayekar2020:thm2.2/lower-p-ge-2")(d=d, p=p, D=D, B=B, T=T, constants={"c0": 0.5}) \
        == pytest.approx(0.5 * rate)
    assert cb.bound("mayekar2020:thm2.3/p-ge-2")(d=d, p=p, D=D, alpha0=2 * B, T=T, constants="unit") \
        == pytest.approx(2 * rate)


@pytest.mark.parametrize("d,p", [(1024, 1.5), (2, 1.0), (77, 1.99)])
def test_theorem_2_2_and_2_3_p_lt_2(d, p):
    up = cb.bound("mayekar2020:thm2.2/upper-p-lt-2")(d=d, p=p, D=2.0, B=3.0, T=16, constants={"c1": 2.0})
    assert up == pytest.approx(2 * 6 * math.sqrt(math.log2(d)) / 4)
    lo = cb.bound("mayekar2020:thm2.2/lower-p-lt-2")(d=d, p=p, D=2.0, B=3.0, T=16, constants={"c0": 1.0})
    assert lo == pytest.approx(6 / 4)
    q = cb.bound("mayekar2020:thm2.3/p-lt-2")(d=d, p=p, D=2.0, alpha0=5.0, T=16, constants={"c1": 1.0})
    assert q == pytest.approx(10 * math.sqrt(math.log2(d)) / 4)


# ---------------------------------------------------------------- Theorem 3.1
@pytest.mark.parametrize("d,p", [(1024, 4.0), (1024, 2.0), (10_000, 3.0), (2, 100.0), (64, 6.0)])
def test_theorem_3_1_upper_p_ge_2(d, p):
    expected = d ** (2 / p) * math.log2(2 * E * d ** (1 - 2 / p) + 2 * E)
    assert cb.bound("mayekar2020:thm3.1/upper-p-ge-2")(d=d, p=p) == pytest.approx(expected)


def test_theorem_3_1_upper_p_ge_2_is_simq_plus_at_k_d_2_over_p():
    # d = 1024, p = 4: k = d^(1/2) = 32 repetitions
    bits = cb.bound("mayekar2020:thm4.2/bits")(d=1024, p=2, k=32)
    assert cb.bound("mayekar2020:thm3.1/upper-p-ge-2")(d=1024, p=4.0) == pytest.approx(bits)
    assert cb.bound("mayekar2020:thm4.2/alpha0")(B=2.0, d=1024, p=4.0, k=32) == pytest.approx(2 * math.sqrt(2))


@pytest.mark.parametrize("d", [2, 16, 1000, 10**6])
def test_theorem_3_1_p_infinity(d):
    assert cb.bound("mayekar2020:thm3.1/upper-p-inf")(d=d) == pytest.approx(math.log2(2 * E * (d + 1)))
    lo = cb.bound("mayekar2020:thm3.1/lower-p-inf")(d=d, constants={"c0": 1.0, "c1": 1.0})
    assert lo == pytest.approx(max(1 / 16, 2 * math.log2(math.sqrt(d) / 4)))
    assert cb.bound("mayekar2020:thm4.1/bits")(d=d) == pytest.approx(math.log2(2 * d + 1))
    assert cb.bound("mayekar2020:thm4.1/bits")(d=d) < cb.bound("mayekar2020:thm3.1/upper-p-inf")(d=d)


@pytest.mark.parametrize("d,p", [(1024, 4.0), (1024, 2.0), (16, 3.0), (10**6, 2.5), (10**6, 40.0)])
def test_theorem_3_1_lower_p_ge_2(d, p):
    c0, c1 = 1.0, 2.0
    a = c0 / (4 * c1)
    expected = max((a * d ** (1 / p)) ** 2, 2 * math.log2(a * math.sqrt(d)))
    b = cb.bound("mayekar2020:thm3.1/lower-p-ge-2")
    assert b(d=d, p=p, constants={"c0": c0, "c1": c1}) == pytest.approx(expected)
    assert b(d=d, p=p, constants="unit") <= cb.bound("mayekar2020:thm3.1/upper-p-ge-2")(d=d, p=p)


@pytest.mark.parametrize("d,p,delta1,delta2,bits", [(1024, 1.5, 5, 2, 6146), (4, 1.0, 4, 1, 25)])
def test_theorem_3_1_upper_p_lt_2_by_hand(d, p, delta1, delta2, bits):
    assert _theorem_3_1_p_lt_2(d, p) == (delta1, delta2, bits)
    assert cb.bound("mayekar2020:thm3.1/upper-p-lt-2")(d=d, p=p) == bits


@pytest.mark.parametrize("d", [4, 5, 9, 60, 61, 1000, 4_000_000])
@pytest.mark.parametrize("p", [1.0, 1.2, 1.5, 1.9])
def test_theorem_3_1_p_lt_2_is_the_sum_of_lemmas_5_1_and_5_2(d, p):
    _, delta2, bits = _theorem_3_1_p_lt_2(d, p)
    assert cb.bound("mayekar2020:thm3.1/upper-p-lt-2")(d=d, p=p) == bits
    lem51 = cb.bound("mayekar2020:lem5.1/bits")(d=d, p=p)
    lem52 = cb.bound("mayekar2020:lem5.2/bits")(d=d)
    assert lem52 == 2 * d + delta2
    assert lem51 + d + lem52 == bits
    lo = cb.bound("mayekar2020:thm3.1/lower-p-lt-2")(d=d, p=p, constants="unit")
    assert lo == pytest.approx(d / (16 * math.log2(d))) and lo <= bits


def test_theorem_3_1_conditions_are_enforced():
    with pytest.raises(BoundDomainError, match="p >= 2"):
        cb.bound("mayekar2020:thm3.1/upper-p-ge-2")(d=100, p=1.5)
    with pytest.raises(BoundDomainError, match="p < 2"):
        cb.bound("mayekar2020:thm3.1/upper-p-lt-2")(d=100, p=2.0)
    with pytest.raises(BoundDomainError, match="d >= 4"):
        cb.bound("mayekar2020:thm3.1/upper-p-lt-2")(d=3, p=1.5)
    with pytest.raises(BoundDomainError, match="c0 <= c1"):
        cb.bound("mayekar2020:thm3.1/lower-p-ge-2")(d=100, p=3.0, constants={"c0": 2.0, "c1": 1.0})
    with pytest.raises(BoundDomainError, match="constants"):
        cb.bound("mayekar2020:thm3.1/lower-p-lt-2")(d=100, p=1.5)
    grid = cb.bound("mayekar2020:thm3.1/upper-p-ge-2")(d=64, p=np.array([1.0, 2.0, 8.0]), nan_policy="propagate")
    assert np.isnan(grid[0]) and np.isfinite(grid[1:]).all()


# ---------------------------------------------------------------- Sections 4 and 5
@pytest.mark.parametrize("d,k", [(2, 1), (10, 3), (1024, 32), (100, 1000), (5000, 7)])
def test_theorem_4_2_bits_cover_the_exact_type_count(d, k):
    stated = k * math.log2(E) + k * math.log2(d / k + 1) + k
    assert cb.bound("mayekar2020:thm4.2/bits")(d=d, p=2.0, k=k) == pytest.approx(stated)
    exact = math.ceil(math.log2(math.comb(d + k, k))) + k  # type index + k sign bits
    assert exact <= math.ceil(stated)


@pytest.mark.parametrize("B,d,p,k", [(2.0, 1024, 4.0, 16), (1.0, 10, 2.0, 1), (0.5, 100, 7.0, 3)])
def test_theorem_4_2_alpha0(B, d, p, k):
    expected = math.sqrt(B**2 * d ** (2 / p) / k + B**2)
    assert cb.bound("mayekar2020:thm4.2/alpha0")(B=B, d=d, p=p, k=k) == pytest.approx(expected)
    assert cb.bound("mayekar2020:thm4.1/alpha0")(B=B) == B


def test_solve_for_repetitions():
    # alpha0 = 2B needs d^(2/p)/k = 3: k = 32/3 at d = 1024, p = 4
    k = cb.bound("mayekar2020:thm4.2/alpha0").solve_for("k", 4.0, B=2.0, d=1024, p=4.0)
    assert k == pytest.approx(32 / 3)


def test_section_5_bounds():
    assert cb.bound("mayekar2020:lem5.1/second-moment")(B=2.0) == 12.0
    assert cb.bound("mayekar2020:lem5.2/second-moment")(B=0.5) == 0.75
    mse = cb.bound("mayekar2020:ratq-mse")(B=2.0, d=1024, p=1.5, s=2.0, k=31)
    assert mse == pytest.approx(4 * 1024 ** (1 - 2 / 3) * (9 + 3 * math.log(2)) / 30**2)
    assert cb.bound("mayekar2020:cuq-baseline")(d=1024, p=1.5) == pytest.approx(1024 * (math.log2(1024 ** (1 / 3)) + 1))
    naive = cb.bound("mayekar2020:simq-plus-naive")(d=1024, p=4.0, constants={"c": 1.0})
    assert naive == pytest.approx(32 * 10)
    # RATQ with log(k+1) = Delta_1 keeps its MSE below B^2/2 (Lemma 5.2's proof), s <= Delta_2
    d, p = 1024, 1.5
    delta1, delta2, _ = _theorem_3_1_p_lt_2(d, p)
    at_delta1 = cb.bound("mayekar2020:ratq-mse")(B=1.0, d=d, p=p, s=float(delta2), k=2**delta1 - 1)
    assert at_delta1 <= 0.5


# ---------------------------------------------------------------- Section 6
@pytest.mark.parametrize("d,p,T,r", [(1024, 4.0, 10_000, 16), (1024, 4.0, 10_000, 4), (50, 2.0, 7, 100)])
def test_theorem_6_1_and_6_2(d, p, T, r):
    D, B, c0 = 3.0, 2.0, 0.25
    first = D * B * d ** (0.5 - 1 / p) / math.sqrt(T) * math.sqrt(d / min(d, 2**r))
    second = D * B / math.sqrt(T) * math.sqrt(d / min(d, r))
    kw = dict(d=d, p=p, D=D, B=B, T=T, r=r, constants={"c0": c0})
    assert cb.bound("mayekar2020:thm6.1")(**kw) == pytest.approx(c0 * max(first, second))
    assert cb.bound("mayekar2020:thm6.1/paninski")(**kw) == pytest.approx(c0 * first)
    assert cb.bound("mayekar2020:thm6.1/bernoulli")(**kw) == pytest.approx(c0 * second)
    assert cb.bound("mayekar2020:thm6.2")(**{**kw, "p": 1.5}) == pytest.approx(c0 * second)


def test_theorem_6_1_fano_steps_and_mutual_information():
    d, p, D, B, T, r, c2 = 1024, 4.0, 3.0, 2.0, 10_000, 16, 0.5
    m = min(2**r, d)
    delta = 0.1
    info = delta**2 * m / d
    assert cb.bound("mayekar2020:thm6.1/mi-paninski")(delta=delta, r=r, d=d) == pytest.approx(info)
    scale = D * B * delta / (4 * d ** (1 / p))
    kw = dict(d=d, p=p, D=D, B=B, T=T, r=r, delta=delta, constants={"c2": c2})
    stated = cb.bound("mayekar2020:thm6.1/fano-paninski")(**kw)
    fano = cb.bound("mayekar2020:thm6.1/fano-paninski/corrected")(**kw)
    assert stated == pytest.approx(scale * (1 - T * delta**2 * m / (c2 * d**2)))
    assert fano == pytest.approx(scale * (1 - (T * info + 1) / (c2 * d)))
    assert fano < stated
    delta = 0.001
    info = 360 * delta**2 * min(r, d)
    assert cb.bound("mayekar2020:thm6.1/mi-bernoulli")(delta=delta, r=r, d=d) == pytest.approx(info)
    got = cb.bound("mayekar2020:thm6.1/fano-bernoulli")(**{**kw, "delta": delta})
    assert got == pytest.approx(D * B * delta / 4 * (1 - (T * info + 1) / (c2 * d)))
    with pytest.raises(BoundDomainError, match="delta <= 1/2"):
        cb.bound("mayekar2020:thm6.1/mi-paninski")(delta=0.6, r=r, d=d)


# ---------------------------------------------------------------- symbolic checks
ERRATA = {  # id -> (kind, corrected bound)
    "mayekar2020:thm6.1-fano-paninski": ("proof-step", "mayekar2020:thm6.1/fano-paninski/corrected"),
    "mayekar2020:lem5.1-second-moment": ("proof-step", None),
    "mayekar2020:lem5.2-bits": ("proof-step", None),
    "mayekar2020:lem5.2-domain": ("proof-step", None),
    "mayekar2020:thm6.1-mi-paninski-constant": ("unsettled", None),
    "mayekar2020:thm6.1-T-range": ("statement", "mayekar2020:thm6.1/corrected"),
}


def test_symbolic_checks_find_the_errata_with_their_kinds():
    outcomes = {o.id: o for o in run_all(paper="mayekar2020")}
    assert len(outcomes) >= 20
    bad = {k for k, o in outcomes.items() if not o.holds}
    assert bad == set(ERRATA)
    for key, (kind, corrected) in ERRATA.items():
        assert (outcomes[key].kind, outcomes[key].corrected) == (kind, corrected), key
        if corrected:
            assert cb.bound(corrected).variant == "corrected"
    for name in ("thm4.2-bits", "thm3.1-upper-p-ge-2-bits", "thm3.1-upper-p-lt-2-bits",
                 "thm3.1-lower-p-ge-2", "thm3.1-lower-p-lt-2", "lem5.2-delta1"):
        assert outcomes[f"mayekar2020:{name}"].holds
    # the printed intermediate bound B^2 gives 4 B^2; the parameters (7) give B^2/2 and 3 B^2
    assert outcomes["mayekar2020:lem5.1-second-moment"].stated == "(B**2, 4*B**2)"
    assert outcomes["mayekar2020:lem5.1-second-moment"].derived == "(B**2/2, 3*B**2)"
    assert "c0*sqrt(d), unbounded in d" in outcomes["mayekar2020:thm6.1-T-range"].description
    with pytest.raises(BoundDomainError, match="T >= "):
        cb.bound("mayekar2020:thm6.1/corrected")(d=64, p=4, D=1.0, B=1.0, T=10, r=4, constants="unit")
    finding = outcomes["mayekar2020:thm6.1-mi-paninski-constant"]
    assert finding.verdict == "finding" and "I/display = 2.00" in finding.measurement
    assert "within 4 delta^2: True" in finding.measurement


def test_p_infinity_is_a_value_of_the_p_ge_2_forms():
    inf = float("inf")
    up, lo = cb.bound("mayekar2020:thm3.1/upper-p-ge-2"), cb.bound("mayekar2020:thm3.1/lower-p-ge-2")
    assert up(d=1024, p=inf) == pytest.approx(cb.bound("mayekar2020:thm3.1/upper-p-inf")(d=1024))
    assert lo(d=1024, p=inf, constants="unit") == pytest.approx(
        cb.bound("mayekar2020:thm3.1/lower-p-inf")(d=1024, constants="unit"))
    t61 = cb.bound("mayekar2020:thm6.1")
    at_inf = t61(d=64, p=inf, D=1.0, B=1.0, T=100, r=4, constants="unit")
    assert at_inf == pytest.approx(t61(d=64, p=1e15, D=1.0, B=1.0, T=100, r=4, constants="unit"))
    bits = cb.bound("mayekar2020:thm4.2/bits")
    assert bits(d=64, p=inf, k=1) == pytest.approx(bits(d=64, p=2, k=1))
    assert cb.bound("mayekar2020:thm4.2/alpha0")(B=1.0, d=64, p=inf, k=1) == pytest.approx(2**0.5)
    # inf only where the domain includes it; -inf and NaN never
    with pytest.raises(InvalidInputError):
        bits(d=64, p=-inf, k=1)
    with pytest.raises(InvalidInputError):
        cb.bound("mayekar2020:thm2.2/lower-p-lt-2")(d=64, p=inf, D=1.0, B=1.0, T=4, constants="unit")
    with pytest.raises(BoundDomainError, match="p >= 2"):
        bits(d=64, p=1.5, k=1)
    with pytest.raises(InvalidInputError, match="needs parameter"):
        bits(d=64, k=1)  # the hypothesis p in [2, oo] is part of Theorem 4.2's statement
