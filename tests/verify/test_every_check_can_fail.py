"""Every kind of check the suite runs, fed a sample (or an object) that violates its claim,
returns ``fail``; and, beside it, the satisfying sample passes, so the rule discriminates."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.verify import claims, engine
from commbounds.verify.exact import compare_over_shared
from commbounds.verify.suite import constructions as constructions_suite
from commbounds.verify.suite import exact as exact_suite
from commbounds.verify.suite import korhonen2021 as korhonen_suite

RNG = np.random.default_rng(0)
NOISE = 0.1 * RNG.standard_normal(400)


@pytest.mark.parametrize("claim, good, bad", [
    ("mean_le", lambda: claims.mean_le(1.0 + NOISE, 1.05), lambda: claims.mean_le(1.1 + NOISE, 1.05)),
    ("mean_ge", lambda: claims.mean_ge(1.0 + NOISE, 0.95), lambda: claims.mean_ge(0.9 + NOISE, 0.95)),
    ("mean_close", lambda: claims.mean_close(1.0 + NOISE, 1.0, rtol=0.05),
     lambda: claims.mean_close(1.1 + NOISE, 1.0, rtol=0.05)),
    ("unbiased", lambda: claims.unbiased(RNG.standard_normal((2000, 4)), np.zeros(4)),
     lambda: claims.unbiased(0.2 + RNG.standard_normal((2000, 4)), np.zeros(4))),
    ("exact", lambda: claims.exact(np.array([3, 4]), np.array([3, 4])),
     lambda: claims.exact(np.array([3, 4]), np.array([3, 5]))),
    ("all_hold", lambda: claims.all_hold({"a": True, "b": True}), lambda: claims.all_hold({"a": True, "b": False})),
    ("rate_ge", lambda: claims.rate_ge(990, 1000, 0.95), lambda: claims.rate_ge(900, 1000, 0.95)),
    ("slope_close", lambda: claims.slope_close(np.arange(1, 20), np.arange(1, 20) ** 2.0, 2.0, 0.05),
     lambda: claims.slope_close(np.arange(1, 20), np.arange(1, 20) ** 2.3, 2.0, 0.05)),
])
def test_every_claim_fails_a_violating_sample(claim, good, bad):
    assert good().verdict == "pass", claim
    assert bad().verdict == "fail", claim


def _run(cid, params, profile="smoke"):
    c = engine.get_check(cid)
    return engine.execute(engine.Task(cid, 0, dict(params), c.n_trials(profile), 0, profile))


BOUND_CHECKS = sorted(c.id for c in engine.checks("bound/"))


@pytest.mark.parametrize("cid", BOUND_CHECKS)
def test_every_exact_bound_check_fails_a_bound_violated_by_one_part_in_a_million(cid, monkeypatch):
    """The bound replaced by one just past the exact prediction (below it for an upper
    bound, off it for an equality) fails; the real bound passes."""
    rec = _run(cid, {})
    assert rec["verdict"] == "pass", rec
    value = rec["measured"]
    equality = "equals" in rec["rule"]
    target = value * (1 + 1e-6) if equality else value * (1 - 1e-6) - 1e-12
    monkeypatch.setattr(exact_suite, "_bound", lambda bid: (lambda **kw: target))
    assert _run(cid, {})["verdict"] == "fail"


def test_tight_check_over_rotations_fails_a_planted_fault():
    """DRIVE over fresh rotations: an estimate 5 % off along its error, or one bit short,
    fails the comparison with the exact average over sign patterns."""
    q = quantizers.get("drive", unbiased=False)
    x = np.random.default_rng(1).standard_normal(6)
    pred = q.predict_over_rotations(x)

    def run(transform=None):
        return {r.quantity: r.verdict for r in compare_over_shared(q, x, trials=1500, rng=np.random.default_rng(2),
                                                                  prediction=pred, transform=transform)}
    assert set(run().values()) == {"pass"}
    assert run(lambda est, bits: (x + 1.05 * (est - x), bits))["mse"] == "fail"
    assert run(lambda est, bits: (est, bits - 1))["bits"] == "fail"


def test_construction_check_fails_a_family_broken_away_from_its_typical_point(monkeypatch):
    """A family whose property breaks only at a non-typical point passes the smoke grid
    (the typical point) and fails the quick sweep across its domain."""
    name = "block-basis"
    cid = f"huang2019/construction-{name}"
    real = constructions_suite.constructions
    typical = dict(real.construction_class(name).typical)

    class Broken:
        def __init__(self, c, params):
            self._c, self._params = c, params

        def __getattr__(self, k):
            return getattr(self._c, k)

        def check(self, inst):
            props = self._c.check(inst)
            return {**props, "planted": self._params == typical}

    class Shim:
        def get(self, family, **kw):
            c = real.get(family, **kw)
            return Broken(c, kw) if family == name else c

        def __getattr__(self, k):
            return getattr(real, k)

    monkeypatch.setattr(constructions_suite, "constructions", Shim())
    check = engine.get_check(cid)
    assert len(check.grid("quick")) > 1
    rec = _run(cid, typical)
    assert rec["verdict"] == "pass", rec["traceback"]
    verdicts = [_run(cid, p, "quick")["verdict"] for p in check.grid("quick")]
    assert verdicts.count("fail") == len(verdicts) - 1


def test_theorem_11_fails_a_run_that_is_not_eps_optimal(monkeypatch):
    """The run's final gap above eps fails whatever its bits."""
    real = korhonen_suite._gd

    def off(p, rng):
        gd, X, t = real(p, rng)
        t.estimate[...] += 1.0                 # far from the minimiser
        return gd, X, t

    params = {"kappa": 2.0, "N": 4, "d": 8, "eps": 1e-4}
    assert _run("korhonen2021/thm11-bits", params)["verdict"] == "pass"
    monkeypatch.setattr(korhonen_suite, "_gd", off)
    rec = _run("korhonen2021/thm11-bits", params)
    assert rec["verdict"] == "fail" and rec["extra"]["max_gap"] > params["eps"]


def test_construction_sweeps_cover_each_declared_domain():
    """Every construction's quick grid has more than its typical point, and its typical
    record lists the points the family's joint conditions refuse."""
    for name in constructions_suite.constructions.available():
        points, refused = constructions_suite.sweep(name)
        assert len(points) >= 3, name
        assert all(isinstance(why, str) and why for _, why in refused)
