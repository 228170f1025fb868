"""korhonen2021's point packings and executable reductions (Theorem 3, Lemma 8, Theorem 9).

Reductions must decide correctly with the full-precision protocols and wrongly, on some
instance, with the deliberately broken one.  No statistical tolerances: every assertion is exact.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import constructions
from commbounds.constructions._coordinator import (
    BumpFamily,
    FullPrecisionProtocol,
    GradientDescentProtocol,
    QuadraticFamily,
    TruncatingProtocol,
)
from commbounds.constructions.point_packing import C_PACK, GridPacking, min_distance
from commbounds.errors import BoundDomainError, InvalidInputError


@pytest.mark.parametrize("method", ["grid", "greedy"])
@pytest.mark.parametrize("d,delta", [(1, 0.05), (2, 0.1), (4, 0.4), (10, 1.2)])
def test_packings_have_the_checked_minimum_distance(method, d, delta):
    c = constructions.get("point-packing", d=d, delta=delta, method=method)
    inst = c.sample(rng=0)
    assert all(c.check(inst).values())
    assert inst.properties["min_distance"] > delta
    assert inst.properties["lemma2_bound"] == pytest.approx((math.sqrt(d) / (C_PACK * delta)) ** d)
    if method == "greedy" and not inst.properties["capped"]:
        # a (nearly) maximal packing clears the covering guarantee 1/Vol(B_delta)
        assert inst.properties["size"] >= inst.properties["covering_bound"]


def test_grid_indexing_round_trips():
    G = GridPacking(3, 0.3)  # spacing 1/3, m = 4
    assert G.m == 4 and G.spacing > 0.3
    idx = np.arange(G.size)
    P = G.points(idx)
    assert min_distance(P) == pytest.approx(G.spacing)
    np.testing.assert_array_equal(G.nearest(P + 0.1 * G.spacing), idx)
    assert GridPacking(2, 0.25).spacing > 0.25  # 1/delta integer: spacing must stay strictly above


def test_protocols_minimise_quadratics_exactly_and_count_bits():
    fam = QuadraticFamily(3)
    g = np.random.default_rng(1)
    C = g.random((5, 3))
    fs = [fam.function(2.0, c) for c in C]
    out, bits = FullPrecisionProtocol().solve(fs, rng=0)
    np.testing.assert_allclose(out.z, C.mean(0))
    assert out.r == pytest.approx(sum(f.value(C.mean(0)) for f in fs))
    assert bits.tolist() == [64 * 4] * 5
    out2, bits2 = GradientDescentProtocol(rounds=1, step=1 / (2 * 2.0 * 5)).solve(fs, rng=0)
    np.testing.assert_allclose(out2.z, C.mean(0), atol=1e-12)
    assert bits2.tolist() == [64 * (3 + 3 + 3 + 1)] * 5
    out3, bits3 = TruncatingProtocol(max_bits=64).solve(fs, rng=0)
    assert bits3.tolist() == [64] * 5  # centres lost: the coordinator is fooled
    assert out3.r < out.r and not np.allclose(out3.z, out.z)


def test_bump_functions_values_and_gradients():
    fam = BumpFamily(np.array([[0.0, 0.0], [1.0, 0.0]]), beta=2.0, eps=0.5)
    f = fam.function([1, 0])
    assert f.value(np.array([0.1, 0.0])) == pytest.approx(0.2)
    assert f.value(np.array([1.0, 0.0])) == pytest.approx(0.5)  # b_s = 0 there
    np.testing.assert_allclose(f.gradient(np.array([0.1, 0.0])), [2.0, 0.0])
    np.testing.assert_allclose(f.gradient(np.array([0.6, 0.0])), [0.0, 0.0])
    assert fam.function([0, 0]).value(np.zeros((4, 2))).tolist() == [0.5] * 4


def _decide_all(c, protocol, n, seed):
    g = np.random.default_rng(seed)
    return [c.decide(protocol, c.sample(rng=g), rng=g) for _ in range(n)]


def test_equality_reduction_correct_with_exact_protocols():
    c = constructions.get("equality-reduction", N=4, d=3, eps=1e-3, beta=4.0)
    decs = _decide_all(c, FullPrecisionProtocol(), 40, 2)
    assert all(d.correct for d in decs) and {d.truth for d in decs} == {0, 1}
    assert all(d.total_bits == 4 * 64 * 4 for d in decs)
    gd = GradientDescentProtocol(rounds=1, step=1 / (2 * c.beta))
    assert all(d.correct for d in _decide_all(c, gd, 20, 3))
    inst = c.sample(rng=4, size=10)
    assert all(c.check(inst).values())


def test_equality_reduction_broken_protocol_and_the_printed_separation_fail():
    c = constructions.get("equality-reduction", N=4, d=3, eps=1e-3, beta=4.0)
    decs = _decide_all(c, TruncatingProtocol(max_bits=64), 40, 5)
    assert any(not d.correct and d.truth == 0 for d in decs)
    # as printed, delta = (eps/(2 beta))^{1/2}: neighbouring points defeat the exact protocol
    p = constructions.get("equality-reduction", N=4, d=3, eps=1e-3, beta=4.0, variant="as-printed")
    b = np.zeros((4, p.D), dtype=np.uint8)
    b[-1, -1] = 1  # index 1: the grid neighbour of index 0
    dec = p.decide(FullPrecisionProtocol(), p.instance(b))
    assert dec.truth == 0 and dec.answer == 1 and not dec.correct
    b = np.zeros((4, c.D), dtype=np.uint8)
    b[-1, -1] = 1
    dec = c.decide(FullPrecisionProtocol(), c.instance(b))
    assert dec.truth == 0 and dec.correct


def test_mean_2bits_reduction_recovers_alices_string():
    c = constructions.get("mean-2bits-reduction", N=5, d=3, eps=1e-7, beta=1.0)
    assert c.D >= 12
    decs = _decide_all(c, FullPrecisionProtocol(), 30, 6)
    assert all(d.correct for d in decs)
    assert all(d.bits == 64 * 4 and d.total_bits == 5 * 64 * 4 for d in decs)  # Alice's link only
    gd = GradientDescentProtocol(rounds=1, step=1 / (2 * c.beta))
    assert all(d.correct for d in _decide_all(c, gd, 10, 7))
    broken = _decide_all(c, TruncatingProtocol(max_bits=64 + 25), 30, 8)
    assert any(not d.correct for d in broken)
    assert all(c.check(c.sample(rng=9, size=4)).values())


def test_disjointness_reduction_decides_with_exact_protocol_and_fails_truncated():
    c = constructions.get("disjointness-reduction", N=4, d=2, eps=0.05, beta=1.0)
    assert c.universe == 100
    decs = _decide_all(c, FullPrecisionProtocol(), 40, 10)
    assert all(d.correct for d in decs) and {d.truth for d in decs} == {0, 1}
    assert all(d.total_bits == 4 * c.universe for d in decs)
    broken = _decide_all(c, TruncatingProtocol(max_bits=30), 40, 11)
    assert any(not d.correct and d.truth == 0 for d in broken)
    inst = c.sample(rng=12, size=6)
    assert all(c.check(inst).values())


@pytest.mark.parametrize("name,kw,err,match", [
    ("equality-reduction", dict(N=2, d=2, eps=1.0, beta=1.0), BoundDomainError, "at least 2 points"),
    ("mean-2bits-reduction", dict(N=4, d=2, eps=0.01, beta=1.0), BoundDomainError, "at least 2 points"),
    ("disjointness-reduction", dict(N=2, d=2, eps=0.6, beta=1.0), BoundDomainError, "eps/beta < 1/2"),
    ("disjointness-reduction", dict(N=2, d=6, eps=0.01, beta=1.0), InvalidInputError, "max_universe"),
    ("equality-reduction", dict(N=2, d=2, eps=0.01, beta=1.0, variant="x"), InvalidInputError, "variant"),
])
def test_reductions_reject_parameters(name, kw, err, match):
    with pytest.raises(err, match=match):
        constructions.get(name, **kw)
