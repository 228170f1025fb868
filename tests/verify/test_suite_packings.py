"""Packing and family checks: the smoke checks pass and an invalid packing is caught."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.verify.suite import packings as suite
from tests.verify.suite_helpers import assert_all_pass, module_smoke_records


@pytest.fixture(scope="module")
def records(smoke_records):
    return module_smoke_records(smoke_records, suite)


def test_smoke_checks_pass(records):
    assert {r["check"] for r in records} == {"mayekar2020/hamming-packing-gv", "korhonen2021/lem2-packing-size",
                                             "huang2019/block-basis-sparseness"}
    assert_all_pass(records)


def test_lexicode_rate_is_above_gilbert_varshamov(records):
    for r in records:
        if r["check"] == "mayekar2020/hamming-packing-gv" and r["extra"]["maximal"]:
            assert r["extra"]["rate"] >= r["extra"]["gv_rate_finite"]


def test_packing_closer_than_delta_fails(monkeypatch):
    monkeypatch.setattr(suite, "min_distance", lambda P: 0.0)
    o = suite.lem2_size({"d": 2, "delta": 0.1}, np.random.default_rng(0), 1)
    assert o.verdict == "fail"
