"""Simultaneous-message games: LP optima against closed forms and brute force."""

import itertools
from fractions import Fraction as F

import numpy as np
import pytest

from commbounds.errors import InvalidInputError
from commbounds.explore import simultaneous
from commbounds.explore.simultaneous import Game, solve

LINE = [[F(0)], [F(1)]]
GRID = [[F(i, 4)] for i in range(5)]


def test_no_information_gives_the_minimax_constant():
    g = Game.from_inputs(LINE, n=1, messages=1, recon=GRID)
    worst, avg = solve(g, objective="worst"), solve(g, objective="average")
    assert worst.status == avg.status == "certified"
    assert worst.lower == F(1, 4) and avg.lower == F(1, 4)


def test_enough_bits_give_zero_error():
    res = solve(Game.from_inputs(LINE, n=2, messages=2, recon=GRID), objective="worst")
    assert res.status == "certified" and res.lower == 0


def test_unbiased_without_information_is_infeasible():
    res = solve(Game.from_inputs(LINE, n=1, messages=1, recon=GRID), objective="worst", unbiased=True)
    assert res.status == "infeasible"


def test_randomisation_helps_the_worst_case():
    """Three points, one bit: the best deterministic protocol's worst case is 1/4 (two of the points
    share a message); mixing protocols does strictly better, and the LP must find it."""
    X = [[F(0)], [F(1, 2)], [F(1)]]
    R = [[F(i, 8)] for i in range(9)]
    res = solve(Game.from_inputs(X, n=1, messages=2, recon=R), objective="worst")
    assert res.status == "certified"
    best_det = _brute_force(X, R, 2, worst=True)
    assert best_det == F(1, 16)
    assert res.lower < best_det


def test_average_optimum_equals_brute_force_over_deterministic_protocols():
    X = [[F(int(i == j)) for j in range(3)] for i in range(3)]
    R = [list(v) for v in itertools.product((F(0), F(1, 2), F(1)), repeat=3)]
    res = solve(Game.from_inputs(X, n=1, messages=2, recon=R), objective="average")
    assert res.status == "certified"
    assert res.lower == _brute_force(X, R, 2, worst=False)


def test_proven_bound_for_any_decoder_is_below_the_grid_optimum():
    X = [[F(int(i == j)) for j in range(3)] for i in range(3)]
    R = [list(v) for v in itertools.product((F(0), F(1)), repeat=3)]
    res = solve(Game.from_inputs(X, n=1, messages=2, recon=R), objective="worst")
    assert 0 < res.lower_any <= res.lower


def test_too_many_profiles_are_refused_naming_the_size(monkeypatch):
    monkeypatch.setattr(simultaneous, "MAX_PROFILES", 10)
    X = [[F(i)] for i in range(4)]
    with pytest.raises(InvalidInputError, match="64 encoder profiles exceed the limit 10"):
        Game.from_inputs(X, n=2, messages=2, recon=GRID)


def _brute_force(X, R, M, *, worst):
    """Best deterministic one-party protocol, every encoder and decoder listed (exact)."""
    best = None
    for enc in itertools.product(range(M), repeat=len(X)):
        for dec in itertools.product(range(len(R)), repeat=M):
            errs = [sum(((a - b) ** 2 for a, b in zip(R[dec[enc[i]]], x, strict=True)), F(0))
                    for i, x in enumerate(X)]
            v = max(errs) if worst else sum(errs, F(0)) / len(errs)
            best = v if best is None or v < best else best
    return best


def test_brute_force_helper_is_exact():
    assert _brute_force(LINE, GRID, 1, worst=True) == F(1, 4)
    assert np.isclose(float(_brute_force(LINE, GRID, 2, worst=True)), 0.0)
