"""Algorithm 4 (tree): unbiased, variance falls with m, O(1) messages per machine."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.errors import InvalidInputError
from commbounds.quantizers.star import Star
from commbounds.quantizers.tree import Tree, tree_plan
from tests.stats import assert_mean_equals


def _inputs(n, d, y, seed=0):
    return -200 + np.random.default_rng(seed).uniform(-y / 2, y / 2, size=(n, d)) / np.sqrt(d)


def test_unbiased_for_the_mean_of_all_machines():
    n, d, T = 12, 6, 3000
    X = _inputs(n, d, 1.0)
    out = Tree(m=4).simulate(np.broadcast_to(X, (T, n, d)), rng=np.random.default_rng(0), shared=3)
    assert_mean_equals(out.estimate, X.mean(axis=0))
    assert out.extra["failures"].sum() == 0


def test_variance_decreases_with_m_and_machine_bits_stay_bounded():
    n, d, T = 16, 6, 400
    X = _inputs(n, d, 1.0)
    var, maxbits = [], []
    for m in (2, 4, 16):
        out = Tree(m=m).simulate(np.broadcast_to(X, (T, n, d)), rng=np.random.default_rng(m), shared=1)
        var.append(((out.estimate - X.mean(axis=0)) ** 2).sum(axis=1).mean())
        maxbits.append(int(out.extra["max_machine_bits"][0]) / (d * np.ceil(np.log2(m**3))))
    assert var[0] > var[1] > var[2]
    assert max(maxbits) <= 7  # O(1) messages per machine
    star = Star.mean_estimation(1.0, 16).simulate(X, rng=np.random.default_rng(0), shared=1)
    assert int(star.extra["leader_bits"]) == 2 * (n - 1) * d * 4


def test_plan_and_transcript():
    levels, root, _ = tree_plan(6, 5)
    assert [len(lev) for lev in levels] == [2, 1, 1] and root == 8
    X = _inputs(6, 4, 1.0)
    t = Tree(m=5).run(X, rng=np.random.default_rng(0), shared=0)
    assert len(t.info["leaves"]) == 5 and t.failures == 0
    assert t.total_bits == sum(t.ledger.per_link().values())
    with pytest.raises(InvalidInputError):
        Tree(m=1)
    with pytest.raises(InvalidInputError):
        Tree.variance_reduction(sigma=1.0, alpha=0.5, n=4, m=4)
