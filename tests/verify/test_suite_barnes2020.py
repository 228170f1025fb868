"""barnes2020's suite: its smoke checks pass, and broken schemes are caught.

The check functions are called directly with fixed seeds; their verdicts use the suite's
99.9 % intervals, so each assertion is deterministic given the seed.
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.verify.suite import barnes2020 as suite
from tests.verify.suite_helpers import assert_all_pass, module_smoke_records


@pytest.fixture(scope="module")
def records(smoke_records):
    return module_smoke_records(smoke_records, suite, "barnes2020/")


def test_smoke_checks_pass(records):
    assert records
    assert_all_pass(records)


def test_ec_sgd_curves_are_stored_subsampled(records):
    (r,) = [r for r in records if r["check"] == "barnes2020/ec-sgd"]
    assert set(r["extra"]["curves"]) == {"top-k", "rtop-k", "random-k", "uncompressed"}
    assert all(len(c) <= 50 for c in r["extra"]["curves"].values())


class _Biased:
    """A scheme whose estimates are scaled by ``factor`` (a biased variant)."""

    def __init__(self, inner, factor):
        self.inner, self.factor = inner, factor

    def kprime(self, d):
        return self.inner.kprime(d)

    def quantize(self, X, **kw):
        out = self.inner.quantize(X, **kw)
        return type(out)(out.estimate * self.factor, out.bits)


def test_top_k_in_place_of_rtop_k_fails_proposition_1(monkeypatch):
    monkeypatch.setattr(suite, "_get", lambda name, **kw: quantizers.get("top-k", k=kw["k"], precision=64))
    o = suite.prop1_exact({"d": 100, "k": 4, "r": 12}, np.random.default_rng(0), 2000)
    assert o.verdict == "fail"


def test_biased_estimator_fails_unbiasedness(monkeypatch):
    real = suite._get
    monkeypatch.setattr(suite, "_get", lambda name, **kw: _Biased(real(name, **kw), 0.9))
    o = suite.thm1_unbiased({"n": 16, "d": 256, "s": 8.0, "k": 64, "theta": "flat"}, np.random.default_rng(0), 1000)
    assert o.verdict == "fail"


def test_over_budget_scheme_fails_thm1_risk(monkeypatch):
    real = suite._get

    class _Long(_Biased):
        def quantize(self, X, **kw):
            out = self.inner.quantize(X, **kw)
            return type(out)(out.estimate, out.bits + 100)

    monkeypatch.setattr(suite, "_get", lambda name, **kw: _Long(real(name, **kw), 1.0))
    o = suite.thm1_risk({"n": 4, "d": 256, "s": 8.0, "k": 24, "theta": "flat"}, np.random.default_rng(0), 200)
    assert o.verdict == "fail"
