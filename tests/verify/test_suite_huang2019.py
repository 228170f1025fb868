"""huang2019's §4.1 ordering check can fail: a baseline planted to beat sparse-dme at matched
bits is named as a contradiction; the real baselines at the smoke point are not."""

from __future__ import annotations

import numpy as np

from commbounds import quantizers
from commbounds.verify.suite import huang2019 as suite

POINT = {"variant": "keep10", "n": 4, "d": 500}


class _Sharper:
    """A baseline's bits with an estimate 1000 times closer to the input than sparse-dme's."""

    def __init__(self, inner):
        self.inner = inner

    def quantize(self, X, rng=None, shared=None):
        out = self.inner.quantize(X, rng=rng, shared=shared)
        noise = np.random.default_rng(0).standard_normal(out.estimate.shape)
        return type("Out", (), {"bits": out.bits, "estimate": np.asarray(X) + 1e-3 * noise})()


def test_a_baseline_better_at_matched_bits_fails_the_ordering(monkeypatch):
    real = quantizers.get
    monkeypatch.setattr(suite.quantizers, "get",
                        lambda name, **kw: _Sharper(real(name, **kw)) if name == "qsgd" else real(name, **kw))
    o = suite.sec41_ordering(POINT, np.random.default_rng(0), 40)
    assert o.verdict == "fail" and "contradicted: qsgd" in o.rule, o.rule


def test_the_real_baselines_do_not_contradict_the_ordering_at_the_smoke_point():
    o = suite.sec41_ordering(POINT, np.random.default_rng(0), 40)
    assert o.verdict == "pass", o.rule
