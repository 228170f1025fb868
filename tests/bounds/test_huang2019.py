"""huang2019's bounds against values computed independently with ``math``."""

from __future__ import annotations

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds.bounds import compare
from commbounds.bounds.checks import run_all
from commbounds.errors import BoundDomainError


@pytest.mark.parametrize("n,d,C", [(16, 10_000, 4000), (4, 100, 4), (2, 50, 50), (1, 8, 4)])
def test_theorem_3_1_reference(n, d, C):
    assert cb.bound("huang2019:thm3.1")(n=n, d=d, C=C) == pytest.approx(C / 2 * math.log2(n * d / (2 * C)))


@pytest.mark.parametrize("n,d,C", [(16, 10_000, 4000), (4, 100, 400), (2, 50, 1)])
def test_theorem_2_3_main_and_explicit(n, d, C):
    main = C * math.log2(n * d / C + 1)
    assert cb.bound("huang2019:thm2.3/main")(n=n, d=d, C=C) == pytest.approx(main)
    explicit = main + C * (math.log2(math.e) + 1) + n * (2 * 64 + math.ceil(math.log2(2 * d + 1)) + 1)
    assert cb.bound("huang2019:thm2.3/explicit")(n=n, d=d, C=C, r=64) == pytest.approx(explicit)
    with_c = main + 0.5 * (C + n * 64 + n * math.log2(d))
    assert cb.bound("huang2019:thm2.3")(n=n, d=d, C=C, r=64, constants={"c": 0.5}) == pytest.approx(with_c)


@pytest.mark.parametrize("d,w", [(1, 0), (1, 7), (10, 0), (10, 5), (10_000, 3000), (5, 200)])
def test_lemma_2_2_is_exact(d, w):
    count = math.comb(d + w - 1, d - 1)
    expected = math.ceil(math.log2(count)) if count > 1 else 0
    # exactness matters where log2 is an integer: C(4,1) = 4 -> 2 bits
    assert cb.bound("huang2019:lem2.2")(d=d, w=w) == expected
    assert cb.bound("huang2019:lem2.2")(d=4, w=1) == 2


def test_corollaries_and_mse():
    assert cb.bound("huang2019:cor3.2")(n=16, d=10_000, s=0.1) == pytest.approx(
        16 * 10_000 * 0.1 / 2 * math.log2(1 / 0.2))
    assert cb.bound("huang2019:cor2.4/main")(n=16, d=10_000, s=0.1) == pytest.approx(
        16 * 10_000 * 0.1 * math.log2(11))
    assert cb.bound("huang2019:thm2.3/mse")(F1=100.0, C=50, n=4) == pytest.approx(100**2 / (50 * 16))
    assert cb.bound("huang2019:lem2.1")(F=0.5, L1=10.0) == 5.0


def test_theorem_3_1_conditions_are_enforced():
    b = cb.bound("huang2019:thm3.1")
    with pytest.raises(BoundDomainError, match=r"C <= d\*n/2"):
        b(n=16, d=100, C=801)
    with pytest.raises(BoundDomainError, match="C >= n"):
        b(n=16, d=100, C=15)
    grid = b(n=16, d=100, C=np.array([10.0, 16.0, 800.0, 900.0]), nan_policy="propagate")
    assert np.isnan(grid[[0, 3]]).all() and np.isfinite(grid[[1, 2]]).all()


def test_upper_over_lower_tends_to_two_in_d():
    c = compare(cb.bound("huang2019:thm2.3/main"), cb.bound("huang2019:thm3.1"), n=16, d=10_000, C=4000)
    assert c.ratio == pytest.approx((4000 * math.log2(16e4 / 4000 + 1)) / (2000 * math.log2(16e4 / 8000)))
    assert c.limits["d"] == 2


def test_solve_for_inverts_the_mse():
    b = cb.bound("huang2019:thm2.3/mse")
    C = b.solve_for("C", 0.01, F1=200.0, n=8)
    assert C == pytest.approx(200.0**2 / (0.01 * 64))


ERRATA = {"huang2019:cor3.2-mse": "huang2019:cor3.2/mse/corrected",
          "huang2019:thm3.1-yao": "huang2019:thm3.1/corrected",
          "huang2019:cor3.2-yao": "huang2019:cor3.2/corrected"}


def test_symbolic_checks_find_the_corollary_3_2_and_yao_errata():
    outcomes = {o.id: o for o in run_all(paper="huang2019")}
    for key, corrected in ERRATA.items():
        assert not outcomes[key].holds and outcomes[key].kind == "statement", key
        assert outcomes[key].corrected == corrected
    assert all(o.holds for k, o in outcomes.items() if k not in ERRATA)
    # Yao/Markov: MSE 4M and cost 2T, so the randomised bound is (C/4) log at a quarter the level
    yao = outcomes["huang2019:thm3.1-yao"]
    assert yao.derived == "(C*log2(d*n/(2*C))/4, F1**2/(16*C*n**2))"
    point = dict(n=4, d=64, C=16)
    assert cb.bound("huang2019:thm3.1/corrected")(**point) == pytest.approx(
        cb.bound("huang2019:thm3.1")(**point) / 2)
    assert cb.bound("huang2019:thm3.1/mse/corrected")(F1=16.0, n=4, C=16) == pytest.approx(1 / 16)
    assert cb.bound("huang2019:cor3.2/mse/corrected")(F2=64.0, n=4) == 1.0
