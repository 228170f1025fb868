"""Generic tests over every registered bound (scipy.stats style)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import commbounds as cb
from commbounds.bounds import all as all_bounds
from commbounds.bounds import get, search
from commbounds.errors import BoundDomainError, InvalidInputError, UnknownNameError

BOUNDS = all_bounds()
IDS = [b.id for b in BOUNDS]


def _consts(b):
    return "unit" if b.asymptotic else None


def test_registry_is_populated_for_every_paper():
    papers = {b.paper for b in BOUNDS}
    assert "huang2019" in papers
    assert len(IDS) == len(set(IDS))


@pytest.mark.parametrize("b", BOUNDS, ids=IDS)
def test_latex_renders(b):
    tex = b.latex()
    assert isinstance(tex, str) and tex
    assert b._repr_latex_().startswith("$") and b.id in repr(b)
    for c in b.latex_conditions():
        assert c


@pytest.mark.parametrize("b", BOUNDS, ids=IDS)
def test_finite_and_positive_at_typical_points(b):
    assert b.points, f"{b.id} declares no typical point"
    for point in b.points:
        assert set(point) == set(b.param_names), f"{b.id}: point {point} misses parameters"
        v = b(**point, constants=_consts(b))
        assert math.isfinite(v)
        if b.kind == "equality":
            assert v >= 0
        else:
            assert v > 0, f"{b.id} = {v} at {point}"


@pytest.mark.parametrize("b", BOUNDS, ids=IDS)
def test_grid_evaluation_matches_scalar(b):
    point = b.typical
    grid = {k: np.full(3, v) for k, v in point.items()}
    out = b(**grid, constants=_consts(b))
    assert out.shape == (3,)
    np.testing.assert_allclose(out, b(**point, constants=_consts(b)), rtol=1e-12)


@pytest.mark.parametrize("b", BOUNDS, ids=IDS)
def test_rejects_values_below_each_domain(b):
    for p in b.params:
        lo, lo_closed, _, _ = p.bounds(b.namespace)
        lo_v = float(lo.subs({b.namespace[k]: v for k, v in b.typical.items()}))
        if not math.isfinite(lo_v):
            continue
        bad = lo_v - 1 if (p.integer or lo_closed) else lo_v - 0.5
        if p.integer:
            bad = math.floor(bad)
        with pytest.raises(BoundDomainError, match=p.name):
            b(**{**b.typical, p.name: bad}, constants=_consts(b))


@pytest.mark.parametrize("b", BOUNDS, ids=IDS)
def test_rejects_nan_and_non_numbers(b):
    name = b.param_names[0]
    with pytest.raises(InvalidInputError):
        b(**{**b.typical, name: float("nan")}, constants=_consts(b))
    with pytest.raises(InvalidInputError):
        b(**{**b.typical, name: "ten"}, constants=_consts(b))
    with pytest.raises(InvalidInputError, match=name):
        b(**{k: v for k, v in b.typical.items() if k != name}, constants=_consts(b))


@pytest.mark.parametrize("b", [b for b in BOUNDS if b.asymptotic], ids=lambda b: b.id)
def test_asymptotic_bounds_need_explicit_constants(b):
    with pytest.raises(BoundDomainError, match="constants"):
        b(**b.typical)


def _derivative_sign(b, name, point):
    sym = b.namespace[name]
    expr = b.expr.rewrite(sp.log)
    if not expr.has(sp.ceiling, sp.floor, sp.binomial, sp.Max, sp.Min) and b.impl is None:
        der = sp.diff(expr, sym)
        subs = {b.namespace[k]: v for k, v in point.items()}
        subs.update({c.symbol: 1 for c in b.constants})
        return float(der.subs(subs).evalf())
    step = 1 if b.param(name).integer else max(abs(point[name]) * 1e-4, 1e-9)
    hi = b(**{**point, name: point[name] + step}, constants=_consts(b), nan_policy="propagate")
    lo = b(**point, constants=_consts(b))
    return float(hi - lo) if math.isfinite(hi) else float("nan")


@pytest.mark.parametrize("b", [b for b in BOUNDS if b.monotone], ids=lambda b: b.id)
def test_declared_monotonicity(b):
    for point in b.points:
        for name, sign in b.monotone.items():
            if name not in point:
                continue
            der = _derivative_sign(b, name, point)
            if math.isnan(der):
                continue
            assert der * sign >= 0, f"{b.id}: d/d{name} has sign {der:g}, declared {sign:+d}"


PAIRS = [(b, get(b.pair)) for b in BOUNDS if b.pair and b.kind == "upper"]


@pytest.mark.parametrize("up,lo", PAIRS, ids=[f"{u.id}>={l.id}" for u, l in PAIRS])
def test_upper_at_least_lower_where_paired(up, lo):
    rng = np.random.default_rng(0)
    pts = 0
    for base in lo.points:
        for scale in np.exp(rng.uniform(-1.0, 1.0, size=20)):
            point = {k: v for k, v in base.items()}
            # perturb one non-integer parameter geometrically, keep conditions
            for p in lo.params:
                if not p.integer:
                    point[p.name] = base[p.name] * scale
            lv = lo(**point, constants=_consts(lo), nan_policy="propagate")
            up_point = {k: point.get(k, up.typical.get(k)) for k in up.param_names}
            uv = up(**up_point, constants=_consts(up), nan_policy="propagate")
            if math.isfinite(lv) and math.isfinite(uv):
                pts += 1
                assert uv >= lv, f"{up.id}={uv} < {lo.id}={lv} at {point}"
    assert pts > 0


def test_unknown_id_lists_closest():
    with pytest.raises(UnknownNameError, match="huang2019:thm3.1"):
        cb.bound("huang2019:thm3.l")


def test_search_filters():
    lowers = search(paper="huang2019", kind="lower")
    assert lowers and all(b.kind == "lower" and b.paper == "huang2019" for b in lowers)
    assert get("huang2019:thm3.1") in search(text="block-basis")
    assert all(b.quantity == "mse" for b in search(quantity="mse"))
