"""The smoke profile as a whole: every check runs, nothing fails, every paper is covered."""

from __future__ import annotations

from commbounds import bounds, verify
from commbounds.verify.engine import PROFILES


def test_smoke_profile_has_no_failures_or_errors(smoke_records):
    bad = [(r["check"], r["params"], r["verdict"], r.get("error")) for r in smoke_records
           if r["verdict"] in ("fail", "error")]
    assert not bad, bad


def test_every_paper_has_checks_in_every_profile():
    papers = set(bounds.papers())
    for profile in PROFILES:
        covered = {c.paper for c in verify.checks() if c.grid(profile)}
        assert papers <= covered, (profile, papers - covered)


def test_records_carry_every_field(smoke_records):
    for r in smoke_records:
        assert isinstance(r, verify.Record), type(r)
        assert r.verdict in verify.record.VERDICTS
        assert r.description, r.check
        assert r.versions["random_stream"] == verify.engine.RANDOM_STREAM
        assert (r.symbolic is not None) == (r.claim == "symbolic"), r.check


def test_huang2019_end_to_end_checks_pass(smoke_records):
    ids = {r["check"]: r["verdict"] for r in smoke_records if r["paper"] == "huang2019"}
    for cid in ("huang2019/lem2.1-unbiased", "huang2019/lem2.1-mse", "huang2019/lem2.2-bits",
                "huang2019/thm2.3-mse", "huang2019/thm2.3-bits", "huang2019/thm3.1-canary"):
        assert ids.get(cid) == "pass", (cid, ids.get(cid))
