"""korhonen2021's checks: registered with smoke and quick grids, pass in the smoke profile."""

from __future__ import annotations

from commbounds import verify

IDS = ["korhonen2021/cor10-quantizer", "korhonen2021/lem14-invariants", "korhonen2021/thm11-bits",
       "korhonen2021/thm3-canary", "korhonen2021/thm11-value-round", "korhonen2021/reductions"]


def test_checks_have_smoke_and_quick_grids():
    for cid in IDS:
        c = verify.engine.get_check(cid)
        assert c.grid("smoke") and "quick" in c.grids, cid
        assert c.bound and c.bound.startswith("korhonen2021:")


def test_smoke_records_pass(smoke_records):
    got = {}
    for r in smoke_records:
        if r["check"] in IDS:
            got.setdefault(r["check"], []).append(r["verdict"])
    assert set(got) == set(IDS)
    assert all(v == "pass" for vs in got.values() for v in vs), got
