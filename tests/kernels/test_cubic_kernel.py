"""lattice-cubic's compiled colours and decoding equal the numpy reference on the stream,
with the shared dither and with the private one rebuilt from the seed in the message, in
the vectorised floating-point loop and in the int64 loop that takes over for wide rows."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.kernels.stream import uniforms
from commbounds.quantizers.lattice_cubic import (
    cubic_decode_index,
    cubic_dither,
    cubic_index,
    seeded_dither,
)


def _reference(q, X, theta, side):
    c = np.mod(cubic_index(X, theta, q.s), q.q)
    return c, theta + q.s * cubic_decode_index(c, theta, q.s, q.q, side)


def _side(q, X, seed=1):
    return X + np.random.default_rng(seed).uniform(-0.5, 0.5, X.shape) * q.decoding_radius * 1.5


def test_compiled_cubic_equals_reference():
    q = quantizers.get("lattice-cubic", q=8, s=0.25)
    X = 20 * np.random.default_rng(0).standard_normal((3, 500))    # negative indices too
    side = _side(q, X)
    rep = q._draw(X, np.random.default_rng(2), 5)
    theta = cubic_dither(X.shape, q.s, 5)
    c, est = _reference(q, X, theta, side)
    np.testing.assert_array_equal(rep["c"], c)
    np.testing.assert_array_equal(q._estimate(rep, X.shape[1], 5, side), est)
    # the dither of row 0 is the single-vector dither: a batch and one vector agree
    np.testing.assert_array_equal(cubic_dither((1, 500), q.s, 5)[0], theta[0])
    assert np.all(np.abs(theta) <= q.s / 2)


@pytest.mark.parametrize("colours", [7, 8, 2**40 + 3, 2**55 + 1])      # odd, power of two, wide q
def test_private_dither_inline_equals_seeded_dither(colours):
    q = quantizers.get("lattice-cubic", q=colours, s=0.25)
    X = 30 * np.random.default_rng(3).standard_normal((4, 700))
    X[2, 5] = 3e15          # |k| beyond 2^52: the row is redone in int64, the others stay fast
    side = _side(q, X, 4)
    side[3, 9] += 2e15      # a far side coordinate: |q r| beyond 2^52, that row redone too
    rep = q._draw(X, np.random.default_rng(5), None)
    theta = seeded_dither(rep["seed"], X.shape[1], q.s)
    # the numpy private dither is the stream keyed by the seed
    np.testing.assert_array_equal(theta, q.s * (uniforms(rep["seed"], X.shape[1]) - 0.5))
    c, est = _reference(q, X, theta, side)
    np.testing.assert_array_equal(rep["c"], c)
    np.testing.assert_array_equal(q._estimate(rep, X.shape[1], None, side), est)


def test_coordinates_beyond_2_62_are_refused_on_both_sides():
    q = quantizers.get("lattice-cubic", q=8, s=1e-3)
    X = np.zeros((2, 10))
    X[1, 3] = 1e17
    with pytest.raises(InvalidInputError, match="2\\^62"):
        q._draw(X, np.random.default_rng(0), None)
    rep = q._draw(X[:1], np.random.default_rng(0), None)
    far = np.zeros((1, 10))
    far[0, 4] = 1e20
    with pytest.raises(InvalidInputError, match="2\\^62"):
        q._estimate(rep, 10, None, far)
