"""Algorithms 5-6 at small dimension: Lemma 24 (unbiased, success rate), Lemma 25, bits."""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.lattice_sublinear import exp4_side, simulated_bits, simulated_variance
from tests.stats import assert_mean_equals


@pytest.mark.parametrize("q", [0.25, 1.0])
def test_unbiased_and_within_covering_radius(q):
    eps, d, T = 0.5, 3, 1500
    Q = quantizers.get("lattice-sublinear", eps=eps, q=q)
    x = 7 + np.random.default_rng(0).normal(size=d)
    X = np.broadcast_to(x, (T, d))
    out = Q.quantize(X, shared=9, side=X)
    assert_mean_equals(out.estimate, x)
    assert np.linalg.norm(out.estimate - x, axis=1).max() <= np.sqrt(d) * eps + 1e-12
    colour = cb.bound("davies2021:thm26/colour-bits")(d=d, q=q)
    assert np.all(out.bits >= np.ceil(colour - 1e-9))


def test_lemma25_decodes_within_q_eps():
    eps, q, d = 0.5, 0.5, 4
    Q = quantizers.get("lattice-sublinear", eps=eps, q=q)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, d))
    truth = Q.quantize(x, shared=2, side=x).estimate
    u = rng.normal(size=x.shape)
    u *= (cb.bound("davies2021:lem25")(q=q, eps=eps) * 0.999 / np.linalg.norm(u, axis=1))[:, None]
    np.testing.assert_allclose(Q.quantize(x, shared=2, side=x + u).estimate, truth)


def test_simulated_experiment4_helpers_and_errors():
    s = exp4_side(1.0, 0.5)
    assert s == pytest.approx(4 / (np.sqrt(2) - 1))
    assert simulated_bits(100, 1.0, s) == pytest.approx(50.0)
    assert simulated_variance(100, s) == pytest.approx(cb.bound("davies2021:exp4/variance")(d=100, s=s))
    with pytest.raises(InvalidInputError, match="block"):
        quantizers.get("lattice-sublinear", eps=0.5, q=1.0).encode(np.zeros(20), rng=0)
    for bad in ({"eps": 0, "q": 1.0}, {"eps": 1.0, "q": -1.0}, {"eps": 1.0, "q": 1.0, "block": 0}):
        with pytest.raises(InvalidInputError):
            quantizers.get("lattice-sublinear", **bad)
