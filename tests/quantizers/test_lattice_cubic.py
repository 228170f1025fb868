"""The cubic-lattice quantizer of Section 6: dither, L-infinity decoding radius, y-updates."""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.lattice_cubic import Y_UPDATES
from tests.stats import assert_mean_equals


def test_unbiased_variance_ds2_over_12_and_bits():
    q, s, d, T = 8, 0.5, 20, 4000
    Q = quantizers.get("lattice-cubic", q=q, s=s)
    x = 1e3 + np.random.default_rng(0).normal(size=d)
    X = np.broadcast_to(x, (T, d))
    out = Q.quantize(X, shared=3, side=X)  # every row its own dither
    assert_mean_equals(out.estimate, x)
    var = ((out.estimate - x) ** 2).sum(axis=1)
    assert_mean_equals(var, cb.bound("davies2021:exp4/variance")(d=d, s=s))
    assert np.all(out.bits == d * 3)


def test_decoding_radius_in_infinity_norm():
    q, s, d = 6, 0.2, 50
    Q = quantizers.get("lattice-cubic", q=q, s=s)
    rad = cb.bound("davies2021:sec6/decoding-radius")(q=q, s=s)
    assert Q.decoding_radius == pytest.approx(rad)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(500, d))
    truth = Q.quantize(x, shared=4, side=x).estimate
    inside = x + rng.uniform(-0.999, 0.999, size=x.shape) * rad
    np.testing.assert_allclose(Q.quantize(x, shared=4, side=inside).estimate, truth)
    beyond = x + np.sign(rng.normal(size=x.shape)) * (rad + s)
    assert not np.allclose(Q.quantize(x, shared=4, side=beyond).estimate, truth)


def test_y_parameterisation_and_updates():
    Q = quantizers.get("lattice-cubic", q=9, y=2.0)
    assert Q.s == pytest.approx(0.5) and Q.decoding_radius == pytest.approx(2.0)
    Qs = [np.array([0.0, 1.0]), np.array([0.5, -1.0])]
    assert Y_UPDATES["exp2"](Qs) == pytest.approx(3.0)
    assert Y_UPDATES["exp5"](Qs) == pytest.approx(6.0)
    assert Y_UPDATES["exp4"](Qs[0], Qs[1]) == pytest.approx(3.2)
    assert Y_UPDATES["exp7"]([(Qs[0], Qs[1])]) == pytest.approx(4.0)
    for bad in ({"q": 1, "s": 1.0}, {"q": 4}, {"q": 4, "s": 1.0, "y": 1.0}, {"q": 4, "s": -1.0}):
        with pytest.raises(InvalidInputError):
            quantizers.get("lattice-cubic", **bad)


def test_private_dither_is_drawn_per_call_and_travels_counted():
    # without a shared seed the dither comes from the private generator: two calls on the same
    # input give different points, the mean over calls is the input, and the message carries
    # the 64-bit seed (counted) so that decode needs no shared seed
    from commbounds.quantizers.lattice_cubic import SEED_BITS

    q, s, d, T = 8, 0.5, 20, 4000
    Q = quantizers.get("lattice-cubic", q=q, s=s)
    x = 3.0 + np.random.default_rng(5).normal(size=d)
    rng = np.random.default_rng(6)
    a = Q.quantize(x, rng=rng, side=x).estimate
    b = Q.quantize(x, rng=rng, side=x).estimate
    assert not np.allclose(a, b)
    out = Q.quantize(np.broadcast_to(x, (T, d)), rng=rng, side=x)  # side broadcasts over the batch
    assert_mean_equals(out.estimate, x)
    assert_mean_equals(((out.estimate - x) ** 2).sum(axis=1), cb.bound("davies2021:exp4/variance")(d=d, s=s))
    assert np.all(out.bits == d * 3 + SEED_BITS)
    msg = Q.encode(x, rng=np.random.default_rng(7))
    assert msg.nbits == d * 3 + SEED_BITS
    np.testing.assert_array_equal(Q.decode(msg, side=x + 0.1),
                                  Q.quantize(x, rng=np.random.default_rng(7), side=x + 0.1).estimate)


def test_side_broadcasts_and_mismatched_side_is_refused():
    Q = quantizers.get("lattice-cubic", q=8, s=0.5)
    X = np.random.default_rng(8).normal(size=(3, 5, 4))
    full = Q.quantize(X, shared=2, side=np.broadcast_to(X[0, 0], X.shape).copy()).estimate
    np.testing.assert_array_equal(Q.quantize(X, shared=2, side=X[0, 0]).estimate, full)
    with pytest.raises(InvalidInputError, match="broadcast"):
        Q.quantize(X, shared=2, side=np.zeros(3))
