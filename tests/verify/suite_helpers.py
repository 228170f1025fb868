"""Assertions the per-paper suite tests share: the smoke records of one suite module, and
that registered checks have smoke and quick grids and pass."""

from __future__ import annotations

from commbounds import verify


def module_smoke_records(smoke_records, suite, prefix: str | None = None) -> list[dict]:
    """The smoke records of the checks defined in the module ``suite``, taken from the run's
    smoke profile (each task's seed names its check and grid point, so these are the records
    a run of those checks alone gives)."""
    ids = {c.id for c in verify.checks(prefix) if c.fn.__module__ == suite.__name__}
    return [r for r in smoke_records if r["check"] in ids]


def assert_all_pass(records) -> None:
    bad = [(r["check"], r["params"], r["verdict"], r.get("error")) for r in records if r["verdict"] != "pass"]
    assert not bad, bad


def assert_checks_have_smoke_and_quick_grids(ids, paper: str) -> None:
    for cid in ids:
        c = verify.engine.get_check(cid)
        assert c.grid("smoke") and "quick" in c.grids, cid
        assert c.bound and c.bound.startswith(f"{paper}:")


def assert_smoke_records_pass(smoke_records, ids) -> None:
    """Every check in ``ids`` has smoke records, and all of them pass."""
    got = {}
    for r in smoke_records:
        if r["check"] in ids:
            got.setdefault(r["check"], []).append(r["verdict"])
    assert set(got) == set(ids)
    assert all(v == "pass" for vs in got.values() for v in vs), got
