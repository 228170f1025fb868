"""Algorithm 3 (star): unbiased, Theorem 8's variance, leader vs other bits, failures counted."""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds.errors import InvalidInputError
from commbounds.quantizers.star import Star
from tests.stats import assert_mean_at_most, assert_mean_equals


def _inputs(n, d, y, seed=0):
    return 500 + np.random.default_rng(seed).uniform(-y / 2, y / 2, size=(n, d)) / np.sqrt(d)


@pytest.mark.parametrize("quantizer,T", [("cubic", 2000), ("convex-hull", 150)])
def test_unbiased_variance_and_no_failures(quantizer, T):
    n, d, y, q = 6, 8, 1.0, 32
    X = _inputs(n, d, y)
    out = Star.mean_estimation(y, q, quantizer=quantizer).simulate(np.broadcast_to(X, (T, n, d)),
                                                                   rng=np.random.default_rng(1), shared=2)
    assert_mean_equals(out.estimate, X.mean(axis=0))
    err = ((out.estimate - X.mean(axis=0)) ** 2).sum(axis=1)
    assert_mean_at_most(err, cb.bound("davies2021:thm8/variance-explicit")(y=y, q=q, n=n))
    assert out.extra["failures"].sum() == 0


def test_ledger_leader_pays_n_times_more():
    n, d = 7, 10
    X = _inputs(n, d, 1.0)
    t = Star.mean_estimation(1.0, 32).run(X, rng=np.random.default_rng(0), shared=1)
    sent = t.ledger.per_party_sent()
    leader = f"machine{t.info['leader']}"
    assert sent[leader] == (n - 1) * d * 5 and all(v == d * 5 for k, v in sent.items() if k != leader)
    assert t.rounds == 2 and t.info["topology"].number_of_edges() == n - 1


def test_failures_counted_when_inputs_too_far_apart():
    X = _inputs(5, 8, 1.0)
    X[0] += 50.0
    t = Star.mean_estimation(1.0, 32).run(X, rng=np.random.default_rng(0), shared=1)
    assert t.failures > 0


def test_variance_reduction_parameters_and_errors():
    p = Star.variance_reduction(sigma=1.0, alpha=4.0, n=9, q=32)
    assert p.arguments["eps"] == pytest.approx(2 * (2 * np.sqrt(36)) / 32)
    with pytest.raises(InvalidInputError):
        Star.variance_reduction(sigma=1.0, alpha=1.0, n=9, q=32)
    with pytest.raises(InvalidInputError):
        Star(eps=0.1, q=6, quantizer="convex-hull")
