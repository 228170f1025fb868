"""The applicability relation drives the generated checks and the report's matrix."""

from __future__ import annotations

import numpy as np

from commbounds import quantizers, verify
from commbounds.quantizers import Quantized
from commbounds.reports.applicability import matrix_block
from commbounds.verify.applicability import relation
from commbounds.verify.engine import get_check
from commbounds.verify.suite.applicability import GENERATED


def test_generated_checks_are_exactly_the_applicable_pairs():
    cells = relation()
    for bound in [*GENERATED, "huang2019:thm3.1"]:
        applies = {c.scheme for c in cells if c.bound == bound and c.applies}
        # the generated checks, and the paper's own protocol's check of the same bound
        generated = {s.strip() for c in verify.checks() if (c.bound or "").removesuffix("/corrected") == bound
                     and c.scheme for s in c.scheme.split(",")}
        assert applies == generated, (bound, applies ^ generated)
        assert {"eden", "drive"} <= applies
        if bound in GENERATED:  # the protocols, each at its own measured budget
            assert {"star", "tree", "sublinear-broadcast"} <= applies
    # outside the class: the sparse Bernoulli estimator does not reduce variance of real inputs
    c = next(c for c in cells if c.bound == "davies2021:thm15/explicit" and c.scheme == "bernoulli-subsample")
    assert not c.applies and "not variance-reduction" in c.reason
    assert not any(c.id == "applies/davies2021:thm15/explicit/bernoulli-subsample" for c in verify.checks())


def test_a_scheme_that_hides_its_bits_fails_the_generated_check(monkeypatch):
    """A mutant that delivers the exact vectors and claims 0 bits beats Theorem 13, 15 and 16,
    and each generated check says so; the honest EDEN passes the same checks."""

    class Cheat:
        needs_side = False

        def quantize(self, X, *, rng=None, shared=None, side=None):
            X = np.asarray(X, dtype=float)
            return Quantized(X.copy(), np.zeros(X.shape[:-1], dtype=np.int64))

    for bound in GENERATED:
        chk = get_check(f"applies/{bound}/eden")
        params = chk.grid("smoke")[0]
        honest = chk.fn(params, np.random.default_rng(0), 40)
        assert honest.verdict == "pass", (bound, honest)
        with monkeypatch.context() as m:
            m.setattr(quantizers, "get", lambda name, **kw: Cheat())
            cheat = chk.fn(params, np.random.default_rng(0), 40)
        assert cheat.verdict == "fail", (bound, cheat)


def test_a_protocol_that_hides_its_bits_fails_the_generated_check(monkeypatch):
    """A protocol that outputs the exact mean and reports that no machine received a bit beats
    every bound at b = 1; the honest star passes the same checks."""
    from commbounds.verify.suite import applicability as gen

    class Cheat:
        def simulate(self, X, *, rng=None, shared=None):
            X = np.asarray(X, dtype=float)
            zero = np.zeros(X.shape[0], dtype=np.int64)
            return Quantized(X.mean(axis=1), zero, extra={"failures": zero, "leader_bits": zero,
                                                          "other_bits": zero})

    for bound in GENERATED:
        chk = get_check(f"applies/{bound}/star")
        params = chk.grid("smoke")[0]
        assert chk.fn(params, np.random.default_rng(0), 40).verdict == "pass", bound
        with monkeypatch.context() as m:
            m.setattr(gen, "protocol_for", lambda *a, **k: Cheat())
            cheat = chk.fn(params, np.random.default_rng(0), 40)
        assert cheat.verdict == "fail", (bound, cheat)


def test_the_matrix_shows_verdicts_and_reasons():
    recs = verify.run("smoke", only=["applies/davies2021:thm13/explicit/eden", "canary/drive-thm3.1"],
                      executor="inprocess", progress=False)
    block = matrix_block(recs)
    col = block["columns"].index("davies2021:thm13/explicit")
    rows = {r["name"]: r for r in block["rows"]}
    assert rows["eden"]["cells"][col]["text"] == "pass"
    assert rows["drive"]["cells"][col]["text"] == "not run"
    assert rows["drive"]["cells"][block["columns"].index("huang2019:thm3.1")]["text"] in ("pass", "n/a at point")
    na = rows["bernoulli-subsample"]["cells"][col]["text"]
    assert na.startswith("n/a (")
    assert "not mean-estimation" in block["reasons"][int(na[5:-1]) - 1]
    assert block["checked"] > 80 and block["not_applicable"] > 0
    assert any(b == "korhonen2021:thm4" and "hidden constant" in w for b, w in block["nowhere"])
