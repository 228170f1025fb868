"""Engine behaviour: claims catch broken schemes, seeds make runs reproducible, executors
agree, errors are recorded rather than raised."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers, verify
from commbounds.errors import InvalidInputError, UnknownNameError
from commbounds.quantizers.sar import SaR
from commbounds.verify import claims, engine
from commbounds.verify.executors import InProcess, ProcessPool
from commbounds.verify.suite import canaries


def _strip(recs):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in recs]


def test_same_seed_same_records_across_executors():
    a = verify.run("smoke", only="huang2019/thm2.3*", executor=InProcess(), progress=False)
    b = verify.run("smoke", only="huang2019/thm2.3*", executor="inprocess", progress=False)
    c = verify.run("smoke", only="huang2019/thm2.3*", executor=ProcessPool(2), progress=False)
    assert _strip(a) == _strip(b) == _strip(c)
    d = verify.run("smoke", only="huang2019/thm2.3*", executor="inprocess", progress=False, seed=1)
    assert _strip(a) != _strip(d)


def test_filters_do_not_change_seeds():
    one = verify.run("smoke", only="huang2019/thm2.3-mse", executor="inprocess", progress=False)
    many = verify.run("smoke", only="huang2019/thm2.3*", executor="inprocess", progress=False)
    sub = [r for r in many if r["check"] == "huang2019/thm2.3-mse"]
    assert _strip(one) == _strip(sub)


def test_biased_scheme_is_caught():
    x = np.linspace(-1, 1, 16)
    q = quantizers.get("sar", F=0.5)
    est = q.quantize(np.broadcast_to(x, (4000, 16)), rng=np.random.default_rng(0)).estimate
    assert claims.unbiased(est, x).verdict == "pass"
    assert claims.unbiased(est + 0.05, x).verdict == "fail"


class _UnderCounting(SaR):
    """SaR that reports a fortieth of its bits: the canary must catch it.  (The canary uses
    Theorem 3.1 as its proof supports it for randomised schemes, (C/4) log(d/(2C)) bits,
    half the stated level, so a twentieth -- 14 of 256 bits here -- no longer falls below.)"""

    def _bits(self, rep, d):
        return super()._bits(rep, d) // 40


def test_undercounting_scheme_fails_the_lower_bound_canary(monkeypatch):
    from commbounds.quantizers import registry

    registry.SCHEMES.load()
    monkeypatch.setitem(registry.SCHEMES._items, "under-counting", _UnderCounting)
    _UnderCounting.typical = {"F": 0.2}
    check = canaries._make("under-counting")
    out = check.fn({"d": 256, "C": 16}, np.random.default_rng(0), 200)
    assert out.verdict == "fail"
    honest = canaries._make("sar").fn({"d": 256, "C": 16}, np.random.default_rng(0), 200)
    assert honest.verdict == "pass"


def test_a_raising_check_is_recorded_as_error(monkeypatch):
    def boom(p, rng, trials):
        raise RuntimeError("scheme exploded")

    c = engine.Check("test/boom", "test", boom, {"smoke": [{}]}, "none")
    engine.CHECKS.load()
    monkeypatch.setitem(engine.CHECKS._items, c.id, c)
    rec = engine.execute(engine.Task(c.id, 0, {}, 5, 0, "smoke"))
    assert rec["verdict"] == "error" and "scheme exploded" in rec["error"]


def test_sequential_stopping_adds_trials(monkeypatch):
    calls = []

    def fn(p, rng, trials):
        calls.append(trials)
        samples = rng.normal(loc=1.0, scale=1.0, size=trials)
        return claims.mean_le(samples, 1.05)

    c = engine.Check("test/seq", "test", fn, {"quick": [{}]}, "mean <= upper", trials={"quick": 100})
    engine.CHECKS.load()
    monkeypatch.setitem(engine.CHECKS._items, c.id, c)
    rec = engine.execute(engine.Task(c.id, 0, {}, 100, 0, "quick"))
    assert calls[0] == 100 and len(calls) >= 2 and calls[-1] == rec["trials"] <= 400


def test_unknown_check_and_profile():
    with pytest.raises(UnknownNameError, match="closest"):
        verify.run("smoke", only="huang2019/thm9.9-nothing", executor="inprocess", progress=False)
    with pytest.raises(InvalidInputError, match="smoke, quick, full"):
        verify.run("medium", executor="inprocess", progress=False)


def test_dask_executor_matches_the_process_pool():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        from commbounds.verify.executors import DaskExecutor

        a = verify.run("smoke", only="huang2019/lem2.1*", executor=DaskExecutor(client), progress=False)
    b = verify.run("smoke", only="huang2019/lem2.1*", executor=ProcessPool(2), progress=False)
    assert _strip(a) == _strip(b)
