"""korhonen2021's checks: registered with smoke and quick grids, pass in the smoke profile."""

from __future__ import annotations

from tests.verify.suite_helpers import (
    assert_checks_have_smoke_and_quick_grids,
    assert_smoke_records_pass,
)

IDS = ["korhonen2021/cor10-quantizer", "korhonen2021/lem14-invariants", "korhonen2021/thm11-bits",
       "korhonen2021/thm3-canary", "korhonen2021/thm11-value-round", "korhonen2021/reductions",
       "korhonen2021/frontier", "korhonen2021/thm9-disjointness"]


def test_checks_have_smoke_and_quick_grids():
    assert_checks_have_smoke_and_quick_grids(IDS, "korhonen2021")


def test_smoke_records_pass(smoke_records):
    assert_smoke_records_pass(smoke_records, IDS)


def test_the_frontier_and_theorem_9_checks_can_fail(monkeypatch):
    import numpy as np

    from commbounds.constructions import _coordinator
    from commbounds.verify.suite import korhonen2021 as suite

    p = {"kappa": 2.0, "N": 4, "d": 8, "eps": 1e-5}
    assert suite.frontier(p, np.random.default_rng(0), 1).verdict == "pass"
    real = suite._gd
    with monkeypatch.context() as m:  # a run that stops at a 10^4 times coarser accuracy
        m.setattr(suite, "_gd", lambda q, rng: real({**q, "eps": q["eps"] * 1e4}, rng))
        assert suite.frontier(p, np.random.default_rng(0), 1).verdict == "fail"
    q = {"N": 3, "d": 2, "eps": 0.1, "beta": 1.0}
    assert suite.thm9_disjointness(q, np.random.default_rng(0), 6).verdict == "pass"
    # a protocol whose messages are cut to nothing cannot decide disjointness
    monkeypatch.setattr(_coordinator, "FullPrecisionProtocol", lambda: _coordinator.TruncatingProtocol(0))
    assert suite.thm9_disjointness(q, np.random.default_rng(0), 6).verdict == "fail"
