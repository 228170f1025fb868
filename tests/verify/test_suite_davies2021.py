"""davies2021's checks: registered with smoke and quick grids, pass in the smoke profile."""

from __future__ import annotations

from tests.verify.suite_helpers import (
    assert_checks_have_smoke_and_quick_grids,
    assert_smoke_records_pass,
)

IDS = ["davies2021/lem4-separation", "davies2021/lem6-unbiased", "davies2021/lem6-variance",
       "davies2021/lem7-decoding", "davies2021/sec6-cubic", "davies2021/lem24-25-sublinear",
       "davies2021/thm8-11-variance", "davies2021/thm8-11-machine-bits", "davies2021/thm9-variance-reduction",
       "davies2021/thm27-sublinear-broadcast", "davies2021/lp-time", "davies2021/sec6-least-squares",
       "davies2021/exp4-sublinear", "davies2021/exp7-power-iteration"]


def test_checks_have_smoke_and_quick_grids():
    assert_checks_have_smoke_and_quick_grids(IDS, "davies2021")


def test_smoke_records_pass(smoke_records):
    assert_smoke_records_pass(smoke_records, IDS)
