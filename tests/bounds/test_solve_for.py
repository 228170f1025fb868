"""Bound.solve_for and Bound.roots: every root inside the domain, named branches."""

import math

import numpy as np
import pytest

import commbounds as cb
from commbounds.errors import BoundDomainError, InvalidInputError


def test_non_monotone_bound_has_both_roots():
    # Thm 3.1 rises then falls in C; 8000 bits is reached once on each side of the peak
    # (8643.9 at C = 4000 and 7105 at C = 3000, so one root lies in (3000, 4000)).
    b = cb.bound("huang2019:thm3.1")
    roots = b.roots("C", 8000, n=16, d=10000)
    assert len(roots) == 2
    assert 3000 < roots[0] < 4000 < roots[1] <= 16 * 10000 / 2
    for r in roots:
        assert math.isclose(b(n=16, d=10000, C=r), 8000, rel_tol=1e-9)


def test_branches_and_ambiguity():
    b = cb.bound("huang2019:thm3.1")
    lo, hi = b.roots("C", 8000, n=16, d=10000)
    assert b.solve_for("C", 8000, n=16, d=10000, branch="lowest") == lo
    assert b.solve_for("C", 8000, n=16, d=10000, branch="highest") == hi
    assert b.solve_for("C", 8000, n=16, d=10000, branch=1) == hi
    with pytest.raises(BoundDomainError, match="2 values of C"):
        b.solve_for("C", 8000, n=16, d=10000)
    with pytest.raises(InvalidInputError, match="branch"):
        b.solve_for("C", 8000, n=16, d=10000, branch=2)


def test_no_root_names_the_scanned_domain():
    b = cb.bound("huang2019:thm3.1")
    peak = float(np.max(b(n=16, d=10000, C=np.geomspace(16, 80000, 20001))))
    with pytest.raises(BoundDomainError, match=r"no C in its domain \[16, 80000\]"):
        b.solve_for("C", 1.01 * peak, n=16, d=10000)


def test_monotone_bound_on_an_unbounded_domain():
    b = cb.bound("huang2019:thm2.3/mse")
    C = b.solve_for("C", 1e-3, n=16, F1=100.0)
    assert math.isclose(C, 100.0**2 / (1e-3 * 16**2), rel_tol=1e-9)


def test_string_parameters_are_refused_before_sympy():
    b = cb.bound("huang2019:thm3.1")
    with pytest.raises(InvalidInputError):
        b.solve_for("C", 8000, n=16, d="__import__('os').getcwd() or 10000")
