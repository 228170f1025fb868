"""korhonen2021's checks: registered with smoke and quick grids, pass in the smoke profile."""

from __future__ import annotations

from tests.verify.suite_helpers import (
    assert_checks_have_smoke_and_quick_grids,
    assert_smoke_records_pass,
)

IDS = ["korhonen2021/cor10-quantizer", "korhonen2021/lem14-invariants", "korhonen2021/thm11-bits",
       "korhonen2021/thm3-canary", "korhonen2021/thm11-value-round", "korhonen2021/reductions"]


def test_checks_have_smoke_and_quick_grids():
    assert_checks_have_smoke_and_quick_grids(IDS, "korhonen2021")


def test_smoke_records_pass(smoke_records):
    assert_smoke_records_pass(smoke_records, IDS)
