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


def test_the_prior_bounds_check_fails_a_noisier_scheme(monkeypatch):
    """QSGD with extra Gaussian noise (sd 3 per coordinate) has MSE about 9 d/n = 72 > F2/n^2
    = 8 at n = 8, d = 64: the prior-bounds check fails it; the real QSGD passes."""
    import numpy as np

    from commbounds import quantizers
    from commbounds.quantizers import Quantized
    from commbounds.verify.suite import huang2019 as suite

    p = {"scheme": "qsgd", "n": 8, "d": 64}
    assert suite.prior_bounds(p, np.random.default_rng(0), 200).verdict == "pass"
    real = quantizers.get

    class Noisy:
        def __init__(self, q):
            self.q = q

        def quantize(self, X, *, rng=None, shared=None):
            out = self.q.quantize(X, rng=rng, shared=shared)
            return Quantized(out.estimate + 3.0 * rng.standard_normal(out.estimate.shape), out.bits)

    monkeypatch.setattr(quantizers, "get", lambda name, **kw: Noisy(real(name, **kw)))
    assert suite.prior_bounds(p, np.random.default_rng(0), 200).verdict == "fail"
