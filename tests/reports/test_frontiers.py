"""Frontier figures: drawn from the generated checks, and no point below a bound that applies."""

from __future__ import annotations

from commbounds import verify
from commbounds.reports.figures.frontiers import davies_frontier, huang_frontier, points_below


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
