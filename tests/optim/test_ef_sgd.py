"""Distributed error-compensated SGD (barnes2020 Algorithm 1) at 99 % compression.

Least squares with n = 5 nodes and d = 200 (k = 2 kept components, 99 % compression;
rTop-k with k/r = 1/n as in the paper's Section IV).  Fixed seeds; the claims are
deterministic given the seeds.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.optim import ef_sgd, least_squares, logistic_regression

N, D, K = 5, 200, 2


@pytest.fixture(scope="module")
def problem():
    return least_squares(n=N, m=200, d=D, rng=0)


def _optimum(prob):
    A, b = prob.A.reshape(-1, prob.d), prob.b.ravel()
    return prob.loss(np.linalg.lstsq(A, b, rcond=None)[0])


@pytest.mark.parametrize("name,params", [("rtop-k", dict(k=K, r=N * K)), ("top-k", dict(k=K)),
                                         ("random-k", dict(k=K))])
def test_compressed_sgd_with_error_feedback_converges(problem, name, params):
    scheme = quantizers.get(name, **params)
    res = ef_sgd(problem, scheme=scheme, T=1500, lr=1.0, batch=16, rng=1)
    opt, start = _optimum(problem), res.loss[0]
    assert res.loss[-1] - opt < 0.1 * (start - opt)
    per_node = (math.comb(D, K) - 1).bit_length() + 1 + K * 32     # range-coded index set
    assert np.all(res.bits == N * per_node)
    assert res.bits.sum() < 0.02 * 1500 * N * D * 32


def test_error_feedback_helps_top_k(problem):
    scheme = quantizers.get("top-k", k=K)
    with_ef = ef_sgd(problem, scheme=scheme, T=800, lr=1.0, rng=2)
    without = ef_sgd(problem, scheme=scheme, T=800, lr=1.0, rng=2, error_feedback=False)
    assert with_ef.loss[-1] < without.loss[-1]


def test_logistic_regression_trains():
    prob = logistic_regression(n=N, m=100, d=50, rng=3)
    res = ef_sgd(prob, scheme=quantizers.get("rtop-k", k=1, r=5), T=1500, lr=2.0, rng=4)
    assert res.loss[-1] < 0.8 * res.loss[0]


def test_bad_arguments(problem):
    with pytest.raises(InvalidInputError, match="T"):
        ef_sgd(problem, T=0, lr=0.1)
    with pytest.raises(InvalidInputError, match="batch"):
        ef_sgd(problem, T=1, lr=0.1, batch=10_000)
    with pytest.raises(InvalidInputError, match="diverged"):
        ef_sgd(problem, T=400, lr=1e6)


def test_loss_at_evaluates_the_same_run_at_fewer_steps(problem):
    scheme = quantizers.get("top-k", k=K)
    full = ef_sgd(problem, scheme=scheme, T=60, lr=1.0, rng=7)
    steps = [60, 0, 13, 13, 59]
    part = ef_sgd(problem, scheme=scheme, T=60, lr=1.0, rng=7, loss_at=steps)
    assert part.steps.tolist() == [0, 13, 59, 60] and full.steps.tolist() == list(range(61))
    assert np.array_equal(part.loss, full.loss[part.steps])
    assert np.array_equal(part.w, full.w) and np.array_equal(part.bits, full.bits)
    for bad in ([], [61], [-1], [0.5], [[0, 1]]):
        with pytest.raises(InvalidInputError, match="loss_at"):
            ef_sgd(problem, T=60, lr=1.0, loss_at=bad)
