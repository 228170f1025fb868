"""Tasks start longest first on several workers; the records and their order do not change."""

from __future__ import annotations

import pytest

from commbounds import verify
from commbounds.errors import InvalidInputError
from commbounds.verify import engine, store
from commbounds.verify.engine import Task, expected_costs, longest_first, static_cost
from commbounds.verify.record import Record

ONLY = ["huang2019/lem2.*", "huang2019/thm2.3-mse"]


def _strip(recs):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in recs]


def _task(check="x/a", index=0, params=None, trials=10, profile="quick"):
    return Task(check, index, params or {}, trials, 0, profile)


def test_longest_first_sorts_by_cost_and_keeps_ties_in_order():
    ts = [_task(index=i) for i in range(5)]
    out = longest_first(ts, [1.0, 3.0, 1.0, 7.0, 3.0])
    assert [t.index for t in out] == [3, 1, 4, 0, 2]
    with pytest.raises(InvalidInputError, match="one cost per task"):
        longest_first(ts, [1.0])


def test_expected_cost_prefers_declared_then_own_then_check_mean_then_static(monkeypatch):
    declared = engine.Check("x/declared", "x", lambda p, r, t: None, {"quick": [{}]}, "none",
                            cost={"quick": 9.0})
    engine.CHECKS.load()
    monkeypatch.setitem(engine.CHECKS._items, declared.id, declared)
    ts = [_task("x/declared"), _task("x/a", 0), _task("x/a", 1), _task("x/b", 0, {"d": 64})]
    got = expected_costs(ts, {("x/declared", 0): 1.0, ("x/a", 0): 2.0, ("x/a", 5): 4.0})
    assert got[:3] == [9.0, 2.0, 3.0]
    assert got[3] == static_cost(ts[3])
    assert expected_costs(ts[1:2]) == [static_cost(ts[1])]


def test_static_cost_grows_with_trials_and_size():
    assert static_cost(_task(trials=20)) > static_cost(_task(trials=10))
    assert static_cost(_task(params={"d": 1024, "n": 4})) > static_cost(_task(params={"d": 1024}))
    # floats, flags and text are not sizes
    assert static_cost(_task(params={"eps": 0.5, "flag": True, "scheme": "sar"})) == static_cost(_task())


class _Recording:
    """An executor with two nominal workers that runs in process and remembers the order."""

    workers = 2

    def __init__(self):
        self.order = []

    def map(self, fn, tasks):
        for t in tasks:
            self.order.append(t.key)
            yield fn(t)

    def close(self):
        pass


def test_several_workers_start_the_longest_task_first_and_records_do_not_change(tmp_path):
    ref = verify.run("smoke", only=ONLY, executor="inprocess", progress=False)
    keys = [(r["check"], r["index"]) for r in ref]
    # an earlier run in which the last task was by far the longest, the first the shortest
    old = tmp_path / "old.jsonl"
    store.append(old, [Record(check=c, index=i, verdict="pass", seconds=float(n))
                       for n, (c, i) in enumerate(keys)])
    ex = _Recording()
    path = tmp_path / "new.jsonl"
    recs = verify.run("smoke", only=ONLY, executor=ex, store=path, durations=old, progress=False)
    assert ex.order == keys[::-1]
    assert _strip(recs) == _strip(ref)                       # values and order unchanged
    stored = store.read(path)                                # durable in the order they ran
    assert [(r["check"], r["index"]) for r in stored] == keys[::-1]
    assert _strip(sorted(stored, key=lambda r: keys.index((r["check"], r["index"])))) == _strip(ref)
    # one worker keeps the suite's order; a store's own earlier durations are used on --force
    ex1 = _Recording()
    ex1.workers = 1
    verify.run("smoke", only=ONLY, executor=ex1, progress=False, durations=old)
    assert ex1.order == keys
    ex2 = _Recording()
    verify.run("smoke", only=ONLY, executor=ex2, store=old, force=True, progress=False)
    assert ex2.order == keys[::-1]


def test_durations_of_a_missing_store_are_empty_and_bad_paths_refused(tmp_path):
    assert store.durations(tmp_path / "none.jsonl") == {}
    with pytest.raises(InvalidInputError, match="durations must be a path"):
        verify.run("smoke", only=ONLY, executor="inprocess", progress=False, durations=3)


def test_a_profile_without_declared_trials_scales_the_smaller_ones_declaration():
    def fn(p, rng, trials):
        return None

    few = engine.Check("x/few", "x", fn, {"quick": [{}]}, "none", trials={"smoke": 2, "quick": 4})
    many = engine.Check("x/many", "x", fn, {"quick": [{}]}, "none", trials={"quick": 8000})
    none = engine.Check("x/none", "x", fn, {"quick": [{}]}, "none")
    assert few.n_trials("full") == 4 * engine.TRIALS["full"] // engine.TRIALS["quick"]
    assert few.n_trials("quick") == 4 and few.n_trials("smoke") == 2
    assert many.n_trials("full") == engine.TRIALS["full"]          # never above the default
    assert none.n_trials("full") == engine.TRIALS["full"] and none.n_trials("smoke") == engine.TRIALS["smoke"]
