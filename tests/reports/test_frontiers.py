"""Frontier figures: drawn from the generated checks, and no point below a bound that applies."""

from __future__ import annotations

import numpy as np

from commbounds import verify
from commbounds.reports.figures import figures
from commbounds.reports.figures.frontiers import davies_frontier, huang_frontier, points_below
from commbounds.verify.suite.applicability import protocol_for, received_max


def test_frontiers_draw_and_show_no_point_below_an_applicable_lower_bound(tmp_path):
    recs = verify.run("smoke", only=["applies/davies2021:thm1[356]/explicit/eden",
                                     "applies/davies2021:thm1[356]/explicit/drive",
                                     "applies/davies2021:thm1[356]/explicit/qsgd",
                                     "canary/eden-thm3.1", "canary/drive-thm3.1", "canary/suresh-rotated-thm3.1"],
                      executor="inprocess", progress=False)
    assert len(recs) == 12
    assert davies_frontier(recs, tmp_path / "d.pdf") and (tmp_path / "d.pdf").stat().st_size > 1000
    assert huang_frontier(recs, tmp_path / "h.pdf") and (tmp_path / "h.pdf").stat().st_size > 1000
    assert points_below(recs) == []
    # the finder can fail: a point moved under its bound is reported
    moved = [dict(r) for r in recs]
    r = next(r for r in moved if r["check"] == "applies/davies2021:thm13/explicit/eden")
    r["measured"], r["interval"] = 1e-9, [1e-10, 2e-9]
    assert [c for c, *_ in points_below(moved)] == ["applies/davies2021:thm13/explicit/eden"]


#: the five problems, each with its frontier figure
PROBLEMS = {"huang2019": "sparse DME", "davies2021": "mean estimation / variance reduction",
            "barnes2020": "sparse Bernoulli estimation", "mayekar2020": "l_p stochastic optimisation",
            "korhonen2021": "distributed convex optimisation"}


def test_each_problem_has_a_frontier_figure():
    frontiers = {f.paper for f in figures() if f.id.endswith("-frontier")}
    assert frontiers == set(PROBLEMS)


def test_the_davies_frontier_runs_star_tree_and_sublinear_on_every_bound():
    fig = next(f for f in figures("davies2021") if f.id == "davies2021-frontier")
    for bound in ("thm13", "cor14", "thm15", "thm16"):
        for proto in ("star", "tree", "sublinear-broadcast"):
            assert f"applies/davies2021:{bound}/explicit/{proto}" in fig.checks


def test_no_frontier_point_lies_below_an_applicable_lower_bound(smoke_records):
    frontier_checks = {c for f in figures() if f.id.endswith("-frontier") for c in f.checks}
    recs = [r for r in smoke_records if r.check in frontier_checks]
    assert {r.check.split("/")[0] for r in recs} >= {"applies", "canary", "barnes2020", "mayekar2020", "korhonen2021"}
    assert points_below(recs) == []


def test_protocol_budget_is_what_its_machines_received_on_the_wire():
    """The budget a protocol's point is drawn at (the simulation's count) is the most bits any
    machine receives in a real run with payloads on the network."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(6, 4)) * 0.1
    for name, level in (("star", 16), ("tree", 4), ("sublinear-broadcast", 1.0)):
        proto = protocol_for(name, level, mean=True, p={"y": 1.0})
        sim = proto.simulate(X[None], rng=np.random.default_rng(0), shared=5)
        run = proto.run(X, rng=np.random.default_rng(0), shared=5)
        wire = max(run.ledger.per_party_received().values())
        assert received_max(name, sim) == wire, name
