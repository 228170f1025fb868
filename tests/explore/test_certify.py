"""Certified LPs: proven bounds are exact, and a certificate that does not meet the optimum is
recorded as such."""

from fractions import Fraction as F

import pytest

from commbounds.errors import InvalidInputError
from commbounds.explore import certify
from commbounds.explore.certify import solve_lp


def test_known_optimum_is_certified_exactly():
    # min x + 2y  s.t.  x + y = 1, x - y <= 1/2: optimum x = 3/4, y = 1/4, value 5/4
    res = solve_lp([F(1), F(2)], A=[[F(1), F(1)]], b=[F(1)], G=[[F(1), F(-1)]], h=[F(1, 2)], u=[F(1), F(1)])
    assert res.status == "certified"
    assert res.lower == F(5, 4)
    assert res.solver == certify.solver_name()


def test_bound_is_valid_for_any_multipliers():
    c, A, b, u = [F(1), F(2)], [[F(1), F(1)]], [F(1)], [F(1), F(1)]
    for y in (F(-3), F(0), F(1, 3), F(1), F(5)):
        assert certify._bound(c, A, b, [], [], u, [y], []) <= 1  # the optimum is 1 (x = 1, y = 0)


def test_wrong_duals_are_recorded_as_loose(monkeypatch):
    monkeypatch.setattr(certify, "rationalise", lambda v, max_denominator=0: F(0))
    res = solve_lp([F(1), F(2)], A=[[F(1), F(1)]], b=[F(1)], u=[F(1), F(1)])
    assert res.status == "certificate-loose" and not res.certified
    assert res.lower < 1 and "below" in res.message


def test_infeasible_lp_is_a_solver_failure_not_an_optimum():
    res = solve_lp([F(1)], A=[[F(1)]], b=[F(2)], u=[F(1)])
    assert res.status == "solver-failed" and res.lower is None and res.value is None


def test_shapes_are_checked():
    with pytest.raises(InvalidInputError, match="shapes disagree"):
        solve_lp([F(1), F(1)], A=[[F(1)]], b=[F(1)], u=[F(1), F(1)])
