"""Trials in bounded batches: batch sizes, moments merged over batches, and the batched
checks (one batch draws what an unbatched run draws; several batches keep the verdict)."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import verify
from commbounds.errors import InvalidInputError
from commbounds.verify import batches
from commbounds.verify.batches import Moments, trial_batches
from commbounds.verify.claims import unbiased, unbiased_moments


@pytest.mark.parametrize("trials,entries,budget", [(1, 5, 5), (10, 4, 12), (2000, 16_000, 1 << 25), (7, 100, 1)])
def test_batches_cover_the_trials_within_the_budget(trials, entries, budget):
    sizes = trial_batches(trials, entries, budget)
    assert sum(sizes) == trials and min(sizes) >= 1
    assert all(s * entries <= budget for s in sizes) or sizes == [1] * trials  # one trial over budget: one a batch


def test_batches_reject_bad_sizes():
    for bad in (0, -1, 2.5, True):
        with pytest.raises(InvalidInputError, match="positive integer"):
            trial_batches(bad, 4)


def test_one_batch_gives_numpys_moments_bit_for_bit_and_several_agree():
    x = np.random.default_rng(3).normal(2.0, 5.0, size=(1000, 40))
    one = Moments()
    one.add(x)
    assert np.array_equal(one.mean, x.mean(axis=0)) and np.array_equal(one.std(), x.std(axis=0, ddof=1))
    many = Moments()
    for s in np.array_split(np.arange(1000), 7):
        many.add(x[s])
    assert many.count == 1000
    np.testing.assert_allclose(many.mean, x.mean(axis=0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(many.std(), x.std(axis=0, ddof=1), rtol=1e-12)
    with pytest.raises(InvalidInputError, match="shape"):
        many.add(np.zeros((2, 3)))


def test_unbiased_from_moments_is_unbiased_on_the_samples():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(500, 8))
    truth = np.zeros(8)
    m = Moments()
    m.add(x)
    a, b = unbiased(x, truth), unbiased_moments(m.count, m.mean, m.std(), truth)
    assert (a.measured, a.reference, a.verdict, a.extra) == (b.measured, b.reference, b.verdict, b.extra)
    # a bias of 10 standard errors in one coordinate fails from the moments too
    assert unbiased_moments(500, np.r_[10 / np.sqrt(500), np.zeros(7)], np.ones(8), truth).verdict == "fail"


CHECKS = ["huang2019/thm2.3-unbiased", "huang2019/thm2.3-bits", "huang2019/lem2.1-mse", "huang2019/thm3.1-canary",
          "barnes2020/thm1-risk", "barnes2020/prop1-exact"]


def _strip(recs):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in recs]


@pytest.fixture(scope="module")
def unbatched():
    return verify.run("smoke", only=CHECKS, executor="inprocess", progress=False)


def test_small_batches_keep_every_verdict(unbatched, monkeypatch):
    """At a budget of a few trials a batch the checks draw another stream, and still pass."""
    monkeypatch.setattr(batches, "BATCH_ENTRIES", 20_000)
    recs = verify.run("smoke", only=CHECKS, executor="inprocess", progress=False)
    assert [r["verdict"] for r in recs] == [r["verdict"] for r in unbatched]
    assert {r["verdict"] for r in recs} <= {"pass", "inconclusive"}
    assert _strip(recs) != _strip(unbatched)  # the batches did split the trials


def test_one_batch_draws_what_the_unbatched_run_drew(unbatched, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_ENTRIES", 1 << 40)
    assert _strip(verify.run("smoke", only=CHECKS, executor="inprocess", progress=False)) == _strip(unbatched)
