"""Algorithm 7: unbiased, O(dq)-scale bits, relayed payload, failures counted."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.errors import InvalidInputError
from commbounds.quantizers.sublinear_broadcast import SublinearBroadcast
from tests.stats import assert_mean_equals


def test_unbiased_and_bits_grow_with_q():
    n, d, T = 4, 4, 1500
    X = 3 + np.random.default_rng(0).uniform(-0.25, 0.25, size=(n, d))
    bits = []
    for q in (0.25, 1.0):
        out = SublinearBroadcast(q=q).simulate(np.broadcast_to(X, (T, n, d)), rng=np.random.default_rng(1), shared=4)
        assert out.extra["failures"].sum() == 0
        bits.append(out.extra["message_bits"].mean())
        if q == 1.0:
            assert_mean_equals(out.estimate, X.mean(axis=0))
    assert bits[0] < bits[1]


def test_run_relays_one_payload_and_counts_failures():
    X = np.random.default_rng(2).uniform(-0.1, 0.1, size=(5, 4))
    t = SublinearBroadcast(q=0.5).run(X, rng=np.random.default_rng(0), shared=1)
    assert len(set(b for *_, b, _ in t.ledger.entries)) == 1 and len(t.ledger.entries) == 4
    X[1] += 30.0
    assert SublinearBroadcast(q=0.5).run(X, rng=np.random.default_rng(0), shared=1).failures >= 1
    with pytest.raises(InvalidInputError):
        SublinearBroadcast(q=0.5, y=0.0)
