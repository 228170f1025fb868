"""huang2019's protocol against Theorem 2.3 (MSE and bits) on Student-t data.

Fixed seeds; statistical tolerances are z * sd / sqrt(T), z = 4.9 (confidence 1 - 1e-6).
"""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.errors import InvalidInputError
from tests.stats import assert_mean_at_most, assert_mean_equals

N, D, T = 8, 200, 3000
X = np.random.default_rng(0).standard_t(3, size=(N, D))
F1 = float(np.abs(X).sum())


@pytest.mark.parametrize("C", [20, 200, 800, 1600])
def test_theorem_2_3_mse_and_bits(C):
    pr = quantizers.protocol("sparse-dme", C=C)
    out = pr.simulate(np.broadcast_to(X, (T, N, D)), rng=np.random.default_rng(C))
    mean = X.mean(axis=0)
    assert_mean_equals(out.estimate, mean)  # unbiased, per coordinate
    sq = ((out.estimate - mean) ** 2).sum(axis=1)
    assert_mean_at_most(sq, cb.bound("huang2019:thm2.3/mse")(F1=F1, C=C, n=N))
    assert_mean_at_most(out.bits, cb.bound("huang2019:thm2.3/explicit")(n=N, d=D, C=C, r=64))
    # E[sum_i w_i] = C (proof of Theorem 2.3)
    assert_mean_equals(out.extra["w"].sum(axis=1), C)


def test_without_sync_and_with_gamma_delta_w_stays_unbiased():
    for kw in (dict(sync=False), dict(delta_w="gamma"), dict(sampling="clients", p=0.5),
               dict(sampling="coordinates", p=0.5)):
        pr = quantizers.protocol("sparse-dme", C=400, **kw)
        outs = [pr.simulate(np.broadcast_to(X, (200, N, D)), rng=np.random.default_rng(s), shared=s)
                for s in range(10)]
        est = np.concatenate([o.estimate for o in outs])
        assert_mean_equals(est, X.mean(axis=0))


def test_sampling_remark_mse():
    # MSE of client sampling is at most F1^2/(C n^2 p) + (1-p)/p * F2/n^2 ... measured against
    # the remark's F2/(p n^2) scale at C = F1^2/F2 (the remark's setting)
    F2 = float((X**2).sum())
    C = F1**2 / F2
    p = 0.5
    pr = quantizers.protocol("sparse-dme", C=C, sampling="coordinates", p=p)
    sq = []
    for s in range(200):
        o = pr.simulate(np.broadcast_to(X, (20, N, D)), rng=np.random.default_rng(s), shared=s)
        sq.append(((o.estimate - X.mean(axis=0)) ** 2).sum(axis=1))
    assert_mean_at_most(np.concatenate(sq), 2 * cb.bound("huang2019:rem-sampling/mse")(F2=F2, n=N, p=p))


def test_ledger_counts_sync_and_messages():
    pr = quantizers.protocol("sparse-dme", C=300)
    t = pr.run(X, rng=np.random.default_rng(3))
    kinds = t.ledger.by_kind()
    assert kinds["norm"] == 64 * N and kinds["F1 broadcast"] == 64 * N
    assert kinds["delta_w"] == N * int(np.ceil(np.log2(2 * D + 1)))
    assert t.ledger.rounds == 3 and t.total_bits == sum(kinds.values())
    assert set(t.ledger.per_party_received()) == {"server"} | {f"client{i}" for i in range(N)}


def test_zero_input_and_parameter_errors():
    pr = quantizers.protocol("sparse-dme", C=10)
    t = pr.run(np.zeros((3, 5)), rng=0)
    assert np.all(t.estimate == 0)
    with pytest.raises(InvalidInputError, match="C <= n d"):
        quantizers.protocol("sparse-dme", C=16).run(np.ones((3, 5)), rng=0)
    with pytest.raises(InvalidInputError):
        quantizers.protocol("sparse-dme", C=-1)
    with pytest.raises(InvalidInputError):
        quantizers.protocol("sparse-dme", C=1, p=0)
