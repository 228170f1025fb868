"""mayekar2020 Theorem 6.1's families: the Hamming packing and the two oracles.

Oracle means are checked with tests/stats.py (z = 4.9, confidence 1 - 1e-6 per coordinate).
"""

from __future__ import annotations

import math
import time

import networkx as nx
import numpy as np
import pytest

from commbounds import constructions
from commbounds.constructions.hamming_packing import C_GV, hamming_distances
from commbounds.errors import BoundDomainError, InvalidInputError
from tests.stats import assert_mean_equals


def _conflict_graph(d):
    r = -(-d // 4)
    pts = 1 - 2 * ((np.arange(2**d)[:, None] >> np.arange(d)) & 1)
    D = hamming_distances(pts)
    G = nx.Graph()
    G.add_nodes_from(range(2**d))
    ii, jj = np.nonzero(np.triu(D < r, 1))
    G.add_edges_from(zip(ii.tolist(), jj.tolist(), strict=True))
    return G, pts


def _as_nodes(V):
    return {int(((1 - v) // 2) @ (1 << np.arange(len(v)))) for v in V.astype(int)}


@pytest.mark.parametrize("d", [3, 5, 6, 9, 10])
def test_small_packings_are_maximal_independent_sets_of_the_conflict_graph(d):
    c = constructions.get("hamming-packing", d=d)
    V = c.codewords()
    G, _ = _conflict_graph(d)
    nodes = _as_nodes(V)
    assert len(nodes) == len(V)
    assert not any(G.has_edge(a, b) for a in nodes for b in nodes if a < b)  # independent
    assert nx.is_dominating_set(G, nodes)  # maximal
    assert len(V) >= 2.0**c.log2_gv  # Gilbert-Varshamov for maximal sets


@pytest.mark.parametrize("d", [5, 6, 7])
def test_maximum_method_is_at_least_as_large_as_the_lexicode(d):
    exact = constructions.get("hamming-packing", d=d, method="maximum").codewords()
    lex = constructions.get("hamming-packing", d=d, method="lexicographic").codewords()
    assert len(exact) >= len(lex)
    assert hamming_distances(exact)[np.triu_indices(len(exact), 1)].min() >= -(-d // 4)


def test_d16_exact_and_d256_random_in_seconds():
    t = time.perf_counter()
    c16 = constructions.get("hamming-packing", d=16)
    inst = c16.sample(rng=1)
    assert inst.inputs.shape == (2048, 16) and inst.properties["min_distance"] >= 4
    assert all(c16.check(inst).values())
    c256 = constructions.get("hamming-packing", d=256)
    inst = c256.sample(rng=2)
    assert inst.inputs.shape == (1024, 256) and inst.properties["min_distance"] >= 64
    assert all(c256.check(inst).values())
    assert time.perf_counter() - t < 10
    assert inst.properties["c_gv"] == pytest.approx(1 - (-(0.25 * math.log2(0.25) + 0.75 * math.log2(0.75))))
    assert C_GV == pytest.approx(0.18872, abs=1e-5)


def test_samples_are_random_isometries_with_the_same_distances():
    c = constructions.get("hamming-packing", d=12)
    a, b = c.sample(rng=3, size=2).inputs
    assert not np.array_equal(a, b)
    da = np.sort(hamming_distances(a).ravel())
    db = np.sort(hamming_distances(b).ravel())
    np.testing.assert_array_equal(da, db)


def test_packing_rejects_bad_methods():
    with pytest.raises(InvalidInputError, match="d <= 16"):
        constructions.get("hamming-packing", d=17, method="lexicographic")
    with pytest.raises(InvalidInputError, match="method"):
        constructions.get("hamming-packing", d=8, method="greedy")
    with pytest.raises(BoundDomainError, match="lower m"):
        constructions.get("hamming-packing", d=20, m=100_000).sample(rng=0)


@pytest.mark.parametrize("name,p", [("paninski-oracle", 2.0), ("paninski-oracle", "inf"),
                                    ("bernoulli-oracle", 1.0), ("bernoulli-oracle", 3.0),
                                    ("bernoulli-oracle", math.inf)])
def test_oracle_means_equal_the_gradient_of_f_alpha(name, p):
    d, B, delta, T = 12, 1.5, 0.3, 40_000
    c = constructions.get(name, d=d, B=B, delta=delta, p=p, D=2.0)
    inst = c.sample(rng=4)
    assert all(c.check(inst).values())
    O = inst.inputs
    x = O.domain.project(np.random.default_rng(5).normal(size=d))
    G = O.gradient(x, rng=6, size=T)
    assert G.shape == (T, d)
    assert_mean_equals(G, O.mean_gradient)
    scale = 2 * B * delta / (d if name == "paninski-oracle" else d ** (1 / O.q) if O.q != math.inf else 1)
    np.testing.assert_allclose(O.mean_gradient, scale * inst.truth["alpha"])
    # f is linear: f(x*) is the minimum over the box's corners, and x* lies in X
    assert O.f(O.x_star) == pytest.approx(O.f_star)
    corners = O.domain.radius * np.where(np.random.default_rng(7).random((200, d)) < 0.5, -1, 1)
    assert np.all(O.f(corners) >= O.f_star - 1e-12)
    expect = -B * delta * 2.0 / (d ** (1 / O.p) if O.p != math.inf else 1)
    assert O.f_star == pytest.approx(expect if name == "paninski-oracle" else -B * delta * 2.0)


def test_oracle_vectorises_over_points_and_size():
    c = constructions.get("paninski-oracle", d=6, B=1.0, delta=0.1, p=2)
    insts = c.sample(rng=8, size=3)
    assert len(insts.inputs) == 3 and insts.truth["alpha"].shape == (3, 6)
    O = insts.inputs[0]
    X = np.zeros((5, 4, 6))
    assert O.gradient(X, rng=0).shape == (5, 4, 6)
    assert O.gradient(X, rng=0, size=2).shape == (2, 5, 4, 6)
    assert O.f(X).shape == (5, 4)
    assert all(c.check(insts).values())
    with pytest.raises(InvalidInputError):
        O.gradient(np.zeros(5), rng=0)


@pytest.mark.parametrize("name,kw,match", [
    ("paninski-oracle", dict(d=4, B=1.0, delta=0.6, p=2), "delta <= 1/2"),
    ("paninski-oracle", dict(d=4, B=1.0, delta=0.1, p=1.5), "p in \\[2"),
    ("bernoulli-oracle", dict(d=4, B=1.0, delta=0.1, p=0.5), "p in \\[1"),
])
def test_oracles_reject_parameters_outside_the_proof(name, kw, match):
    with pytest.raises(BoundDomainError, match=match):
        constructions.get(name, **kw)
