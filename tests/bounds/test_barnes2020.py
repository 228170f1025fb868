"""barnes2020's bounds against values computed independently with ``math`` and by exact
enumeration (the Section V estimator's risk, rTop-k's expected error).

>>> import commbounds as cb
>>> round(cb.bound("barnes2020:thm1/explicit")(n=100, d=1024, s=16, k=100, kprime=5), 4)
1.024
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import commbounds as cb
from commbounds.bounds.checks import run_all
from commbounds.errors import BoundDomainError


# ---------------------------------------------------------------- reference values
@pytest.mark.parametrize("n,d,s,k", [(100, 1024, 16, 100), (5, 2**20, 100, 400), (1, 4, 2, 4)])
def test_theorem_1_reference(n, d, s, k):
    ref = s**2 * math.log2(d) / (n * k)
    assert cb.bound("barnes2020:thm1")(n=n, d=d, s=s, k=k, constants={"C": 3.0}) == pytest.approx(3 * ref)
    kp = math.ceil(k / (2 * math.log2(d)))
    assert cb.bound("barnes2020:thm1/explicit")(n=n, d=d, s=s, k=k, kprime=kp) == pytest.approx(4 * ref)


@pytest.mark.parametrize("n,s,kp", [(100, 16, 5), (1, 0.5, 1), (7, 3.25, 12)])
def test_theorem_1_scheme_reference(n, s, kp):
    assert cb.bound("barnes2020:thm1/scheme")(n=n, s=s, kprime=kp) == pytest.approx(
        (s + s * s) / (n * kp) + kp / n)


@pytest.mark.parametrize("n,d,s,k", [(100, 1024, 16, 100), (10_000, 2**20, 100, 2000), (1000, 64, 32, 1)])
def test_theorem_2_reference(n, d, s, k):
    comm, central = s**2 * math.log2(d / s) / (n * k), s / n
    c = {"c": 0.25}
    assert cb.bound("barnes2020:thm2")(n=n, d=d, s=s, k=k, constants=c) == pytest.approx(0.25 * max(comm, central))
    assert cb.bound("barnes2020:thm2/comm")(n=n, d=d, s=s, k=k, constants=c) == pytest.approx(0.25 * comm)
    assert cb.bound("barnes2020:thm2/centralized")(n=n, d=d, s=s, constants=c) == pytest.approx(0.25 * central)


def test_theorem_4_reference():
    d, N, n, k, B = 100, 10.0, 50, 20, 0.5
    got = cb.bound("barnes2020:thm4/corrected")(d=d, N=N, n=n, k=k, B=B, constants={"C": 2.0})
    assert got == pytest.approx(d**2 / (2.0 * N**2 * n * k + d * math.pi**2 / B**2))
    printed = cb.bound("barnes2020:thm4")(d=d, N=N, n=n, B=B, constants={"C": 2.0})
    assert printed == pytest.approx(d**2 / (2.0 * N**2 * n + d * math.pi**2 / B**2))
    assert printed > got  # without the bit budget the printed bound claims more


def test_theorem_3_and_corollary_1_reference():
    p = dict(F0=1.5, Chat=2.0, L=0.5, G=3.0, B=32, n=5, T=10_000, k=10, d=1000)
    g = p["k"] / p["d"]
    ref = (p["F0"] / p["Chat"] + p["Chat"] * p["L"] * p["G"] ** 2 / (p["B"] * p["n"])) * 4 / math.sqrt(p["T"]) \
        + 8 * (4 * (1 - g * g) / (g * g) + 1) * p["Chat"] ** 2 * p["L"] ** 2 * p["G"] ** 2 / p["T"]
    assert cb.bound("barnes2020:thm3")(**p) == pytest.approx(ref)
    q = dict(J=1.2, G=3.0, B=32, n=5, T=10_000, k=10, d=1000)
    ref1 = 2.0 * 1.2 * 3.0 / math.sqrt(32 * 5 * 10_000) + 0.5 * 1.44 * 32 * 5 * 1000**2 / (100 * 10_000)
    assert cb.bound("barnes2020:cor1")(**q, constants={"c1": 2.0, "c2": 0.5}) == pytest.approx(ref1)


def test_corollary_1_learning_rate_dominates_theorem_3():
    """At Corollary 1's Chat, Theorem 3 is below Corollary 1 with c1 = 8 sqrt(L), c2 = 32 L."""
    F0 = J2 = 2.0
    L, G, B, n, T, k, d = 0.7, 1.5, 16, 4, 10**6, 10, 1000
    chat = math.sqrt(B * n * F0 / (G**2 * L))
    thm3 = cb.bound("barnes2020:thm3")(F0=F0, Chat=chat, L=L, G=G, B=B, n=n, T=T, k=k, d=d)
    cor1 = cb.bound("barnes2020:cor1")(J=math.sqrt(J2), G=G, B=B, n=n, T=T, k=k, d=d,
                                       constants={"c1": 8 * math.sqrt(L), "c2": 32 * L})
    assert thm3 <= cor1
    assert cor1 - thm3 == pytest.approx(24 * B * n * J2 * L / T)


# ---------------------------------------------------------------- exact enumerations
def _section5_risk(theta: list[float], kp: int) -> float:
    """Exact E||X~/S - theta||^2 of one node's Section V estimate (enumeration)."""
    d, risk = len(theta), 0.0
    for x in itertools.product((0, 1), repeat=d):
        prob = math.prod(t if xi else 1 - t for t, xi in zip(theta, x, strict=True))
        ones = [j for j in range(d) if x[j]]
        m = len(ones)
        if m <= kp:
            risk += prob * sum((xj - t) ** 2 for xj, t in zip(x, theta, strict=True))
            continue
        subsets = list(itertools.combinations(ones, kp))
        for U in subsets:
            est = [m / kp if j in U else 0.0 for j in range(d)]
            risk += prob / len(subsets) * sum((e - t) ** 2 for e, t in zip(est, theta, strict=True))
    return risk


@pytest.mark.parametrize("theta,kp", [([0.9, 0.5, 0.3, 0.1, 0.05], 1), ([0.9, 0.5, 0.3, 0.1, 0.05], 2),
                                      ([0.2] * 6, 1), ([0.7, 0.7, 0.7, 0.7], 3)])
@pytest.mark.parametrize("n", [1, 8])
def test_scheme_bound_dominates_the_exact_risk(theta, kp, n):
    exact = _section5_risk(theta, kp) / n  # unbiased, independent nodes: risk / n
    assert exact <= cb.bound("barnes2020:thm1/scheme")(n=n, s=sum(theta), kprime=kp)


def _rtopk_error(w: np.ndarray, k: int, r: int) -> float:
    """Exact E||w - rTop_k(w)||^2 by averaging over every k-subset of the top r."""
    top = np.argsort(-np.abs(w), kind="stable")[:r]
    subsets = list(itertools.combinations(top, k))
    return sum(float(np.sum(w**2) - np.sum(w[list(U)] ** 2)) for U in subsets) / len(subsets)


@pytest.mark.parametrize("seed", range(5))
def test_proposition_1_exact_and_bound(seed):
    rng = np.random.default_rng(seed)
    d = 9
    w = rng.standard_t(2, size=d)
    for r in range(1, d + 1):
        for k in range(1, r + 1):
            exact = _rtopk_error(w, k, r)
            sq = np.sort(w**2)[::-1]
            top, tail = float(sq[:r].sum()), float(sq[r:].sum())
            assert cb.bound("barnes2020:prop1/exact")(k=k, r=r, W_top=top, W_tail=tail) == pytest.approx(exact)
            assert exact <= cb.bound("barnes2020:prop1")(k=k, r=r, d=d, W=float(np.sum(w**2))) + 1e-12


def test_proposition_1_is_tight_for_random_k():
    w2 = 5.0
    assert cb.bound("barnes2020:prop1/exact")(k=3, r=12, W_top=w2, W_tail=0.0) == pytest.approx(
        cb.bound("barnes2020:prop1")(k=3, r=12, d=12, W=w2))


# ---------------------------------------------------------------- upper vs lower, conditions
@pytest.mark.parametrize("n,d,s,k", [(100, 1024, 16, 100), (100, 4096, 40, 300), (20_000, 2**16, 8, 64)])
def test_theorem_1_explicit_is_above_theorem_2_with_unit_constant(n, d, s, k):
    kp = math.ceil(k / (2 * math.log2(d)))
    upper = cb.bound("barnes2020:thm1/explicit")(n=n, d=d, s=s, k=k, kprime=kp)
    lower = cb.bound("barnes2020:thm2")(n=n, d=d, s=s, k=k, constants={"c": 1})
    assert upper >= lower


def test_conditions_are_enforced():
    t1 = cb.bound("barnes2020:thm1")
    with pytest.raises(BoundDomainError, match=r"2\*log2\(d\) <= k"):
        t1(n=100, d=1024, s=16, k=19, constants="unit")
    with pytest.raises(BoundDomainError, match=r"k <= s\*log2\(d\)"):
        t1(n=100, d=1024, s=16, k=161, constants="unit")
    t2 = cb.bound("barnes2020:thm2")
    with pytest.raises(BoundDomainError, match=r"k\*n >= d\*log2\(d/s\)"):
        t2(n=10, d=1024, s=16, k=100, constants="unit")
    with pytest.raises(BoundDomainError, match=r"s <= d/2"):
        t2(n=100, d=1024, s=513, k=100, constants="unit")
    with pytest.raises(BoundDomainError, match=r"kprime\*log2\(d\) <= k"):
        cb.bound("barnes2020:thm1/explicit")(n=100, d=1024, s=16, k=100, kprime=11)
    with pytest.raises(BoundDomainError, match=r"1/\(2\*L\)"):
        cb.bound("barnes2020:thm3")(F0=1, Chat=100, L=1, G=1, B=32, n=5, T=100, k=10, d=1000)
    with pytest.raises(BoundDomainError, match="k <= r"):
        cb.bound("barnes2020:prop1")(k=10, r=5, d=100, W=1.0)
    with pytest.raises(BoundDomainError, match="constants"):
        t1(n=100, d=1024, s=16, k=100)


def test_solve_for_bits_per_node():
    """Bits per node at which the Section V scheme's guarantee (C = 4) reaches a target risk."""
    b = cb.bound("barnes2020:thm1")
    k = b.solve_for("k", 1.0, n=100, d=1024, s=16, constants={"C": 4})
    assert k == pytest.approx(4 * 16**2 * 10 / 100)


ERRATA = {  # id -> (kind, corrected bound)
    "barnes2020:thm2-from-thm4": ("statement", "barnes2020:thm4/corrected"),
    "barnes2020:thm2-psi2": ("proof-step", None),
    "barnes2020:thm1-message-count": ("proof-step", None),
    "barnes2020:thm1-signed-remark": ("proof-step", None),
}


def test_symbolic_checks_hold_except_the_errata():
    outcomes = {o.id: o for o in run_all(paper="barnes2020")}
    assert len(outcomes) >= 15
    bad = {k for k, o in outcomes.items() if not o.holds}
    assert bad == set(ERRATA), bad
    for key, (kind, corrected) in ERRATA.items():
        assert (outcomes[key].kind, outcomes[key].corrected) == (kind, corrected), key
    assert "bit budget" in outcomes["barnes2020:thm2-from-thm4"].description
    assert "2.771 > 1" in outcomes["barnes2020:thm2-psi2"].description
    assert "d^2 + 1 > d^2" in outcomes["barnes2020:thm1-message-count"].description
    assert outcomes["barnes2020:thm1-range"].derived == "Interval(2, oo)"
    assert cb.bound("barnes2020:thm1/count-bits")(d=1024) == 11
