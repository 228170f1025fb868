"""LatticeEncode/LatticeDecode (convex hull): Lemmas 5-7, unbiasedness, bad parameters."""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.errors import InvalidInputError
from tests.stats import assert_mean_equals


@pytest.mark.parametrize("kind,d", [("cubic", 4), ("Dn", 5)])
def test_unbiased_within_7eps_and_d_log_q_bits(kind, d):
    eps, q = 0.1, 16
    Q = quantizers.get("lattice", eps=eps, q=q, lattice=kind)
    x = 30 + np.random.default_rng(0).normal(size=d)
    T = 3000
    out = Q.quantize(np.broadcast_to(x, (T, d)), rng=np.random.default_rng(1), side=np.broadcast_to(x, (T, d)))
    err = out.estimate - x
    assert np.linalg.norm(err, axis=1).max() < cb.bound("davies2021:lem6/distance")(eps=eps)
    assert_mean_equals(out.estimate, x)  # z = 4.9: confidence 1 - 1e-6 per coordinate
    assert np.all(out.bits == cb.bound("davies2021:lem6/bits")(d=d, q=q))


def test_lemma7_decoding_succeeds_inside_and_fails_beyond():
    eps, q, d = 0.1, 12, 3
    Q = quantizers.get("lattice", eps=eps, q=q)
    rng = np.random.default_rng(2)
    x = rng.normal(size=d)
    z = Q.quantize(x, rng=np.random.default_rng(5), side=x).estimate
    radius = cb.bound("davies2021:lem7")(q=q, eps=eps)
    fails_far = 0
    for _ in range(200):
        u = rng.normal(size=d)
        u /= np.linalg.norm(u)
        near = Q.quantize(x, rng=np.random.default_rng(5), side=x + radius * u).estimate
        np.testing.assert_allclose(near, z)
        far = Q.quantize(x, rng=np.random.default_rng(5), side=x + 2.5 * q * eps * u).estimate
        fails_far += not np.allclose(far, z)
    assert fails_far > 100


def test_blocks_and_limits():
    with pytest.raises(InvalidInputError, match="block"):
        quantizers.get("lattice", eps=0.1, q=16).encode(np.zeros(12), rng=0)
    with pytest.raises(InvalidInputError, match="points"):
        quantizers.get("lattice", eps=0.1, q=16, lattice="E8").encode(np.zeros(8), rng=0)
    for bad in ({"eps": 0.0, "q": 8}, {"eps": 0.1, "q": 1}, {"eps": 0.1, "q": 8, "lattice": "A2"},
                {"eps": 0.1, "q": 8, "block": 9}):
        with pytest.raises(InvalidInputError):
            quantizers.get("lattice", **bad)
