"""mayekar2020's suite: its smoke checks pass, and broken quantizers are caught.

The check functions are called directly with fixed seeds; verdicts use the suite's 99.9 %
intervals, so each assertion is deterministic given the seed.
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.verify.suite import mayekar2020 as suite
from tests.verify.suite_helpers import assert_all_pass, module_smoke_records


@pytest.fixture(scope="module")
def records(smoke_records):
    return module_smoke_records(smoke_records, suite, "mayekar2020/")


def test_smoke_checks_pass(records):
    assert records
    assert_all_pass(records)


def test_psgd_record_holds_both_curves(records):
    (r,) = [r for r in records if r["check"] == "mayekar2020/psgd-rate"]
    e = r["extra"]
    assert len(e["err_quantized"]) == len(e["err_unquantized"]) == len(e["Ts"])
    assert e["bits_per_step"] <= e["r_star_upper"]


class _Wrapped:
    def __init__(self, inner, factor=1.0, extra_bits=0):
        self.inner, self.factor, self.extra_bits = inner, factor, extra_bits

    def quantize(self, X, **kw):
        out = self.inner.quantize(X, **kw)
        return type(out)(out.estimate * self.factor, out.bits + self.extra_bits)

    def encode(self, x, **kw):
        return self.inner.encode(x, **kw)


def test_biased_simq_fails_unbiasedness(monkeypatch):
    real = suite._get
    monkeypatch.setattr(suite, "_get", lambda name, **kw: _Wrapped(real(name, **kw), factor=1.2))
    o = suite.unbiased_inside_range({"scheme": "simq", "d": 16, "B": 1.0}, np.random.default_rng(0), 20000)
    assert o.verdict == "fail"


def test_simq_reporting_too_few_bits_fails(monkeypatch):
    real = suite._get
    monkeypatch.setattr(suite, "_get", lambda name, **kw: _Wrapped(real(name, **kw), extra_bits=-1))
    o = suite.bits({"scheme": "simq", "d": 16}, np.random.default_rng(0), 200)
    assert o.verdict == "fail"


def test_simq_plus_over_theorem_4_2_fails(monkeypatch):
    real = suite._get
    monkeypatch.setattr(suite, "_get", lambda name, **kw: _Wrapped(real(name, **kw), extra_bits=40))
    o = suite.bits({"scheme": "simq-plus", "d": 16, "k": 4}, np.random.default_rng(0), 200)
    assert o.verdict == "fail"


def test_the_mutual_information_maximum_is_exhaustive_where_feasible():
    """At small alphabets the maximum over r-bit quantizers is exact (every partition), never
    below what the natural quantizers and random partitions reach; above the limit the
    search says it is a heuristic."""
    from commbounds.special.mutual_info import paninski_channel
    from commbounds.verify.suite import mayekar2020 as m

    V = np.array([[1, 1, -1], [-1, 1, 1], [1, -1, 1]], dtype=float)
    cond = paninski_channel(V, 0.05)
    rng = np.random.default_rng(0)
    exact, how = m._best_r_bit(cond, 1, rng, [np.arange(6)], draws=200)
    assert how == "exhaustive"
    sampled = max(m._mi_nats(np.stack([cond[:, lab == 0].sum(1), cond[:, lab == 1].sum(1)], 1))
                  for lab in (rng.integers(0, 2, 6) for _ in range(200)))
    assert exact >= sampled - 1e-15
    big = np.full((2, 40), 1 / 40)
    assert m._best_r_bit(big, 3, rng, [np.arange(40)], draws=2)[1] == "heuristic"


def test_the_frontier_fails_a_biased_scheme(monkeypatch):
    """A SimQ+ whose estimates are doubled is biased on the oracle's outputs: the frontier
    check fails it; the honest scheme at the same point does not."""
    from commbounds.quantizers import Quantized

    real = suite._get
    p = {"scheme": "simq-plus", "level": 4, "p": 2.0, "d": 16, "T": 16, "delta": 0.25}
    assert suite.frontier(p, np.random.default_rng(0), 8).verdict != "fail"

    class Biased:
        def __init__(self, q):
            self.q = q

        def quantize(self, X, *, rng=None, shared=None):
            out = self.q.quantize(X, rng=rng, shared=shared)
            return Quantized(2.0 * out.estimate, out.bits)

    monkeypatch.setattr(suite, "_get", lambda name, **kw: Biased(real(name, **kw)))
    assert suite.frontier(p, np.random.default_rng(0), 8).verdict == "fail"
