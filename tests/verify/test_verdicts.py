"""Verdict classes and sensitivities: what each record says it showed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from commbounds import verify
from commbounds.reports import render_tex
from commbounds.verify.record import VERDICTS


def test_every_measured_record_states_its_sensitivity(smoke_records):
    missing = [r.check for r in smoke_records
               if r.sensitivity is None and r.verdict not in ("error", "not-applicable", "erratum")
               and r.claim != "symbolic"]
    assert not missing, sorted(set(missing))


def test_symbolic_errata_are_not_passes(smoke_records):
    sym = [r for r in smoke_records if r.claim == "symbolic"]
    assert sym
    for r in sym:
        assert r.verdict == ("pass" if r.symbolic.holds else "erratum"), r.check
    assert any(r.verdict == "erratum" for r in sym)


def test_canaries_pass_only_where_the_bound_applies(smoke_records):
    canaries = [r for r in smoke_records if r.check.startswith("canary/")]
    assert canaries
    for r in canaries:
        mse = r.extra["exact_mse"] if r.extra.get("exact_mse") is not None else r.extra["mse"]
        if r.verdict == "pass":
            assert mse <= r.extra["mse_level"], r.check
        if mse > r.extra["mse_level"] * 1.5:
            assert r.verdict == "not-applicable", r.check
    assert {r.verdict for r in canaries} == {"pass", "not-applicable"}


def test_summary_and_report_count_every_class(smoke_records):
    table = verify.runner.format_summary(smoke_records)
    assert all(v in table.splitlines()[0] for v in VERDICTS)
    picked = [r for r in smoke_records if r.verdict in ("not-applicable", "erratum")][:6] + \
        [r for r in smoke_records if r.check == "exact/sar"]
    tex = render_tex(picked, Path(tempfile.mkdtemp()))
    assert r"\section{Not applicable}" in tex and r"\section{Erratum verdicts}" in tex
    assert "sensitivity & verdict" in tex
    assert "would fail a relative excess" in tex
