"""lattice-cubic's compiled colours and decoding equal the numpy reference on the stream."""

from __future__ import annotations

import numpy as np

from commbounds import quantizers
from commbounds.quantizers.lattice_cubic import cubic_decode_index, cubic_dither, cubic_index


def test_compiled_cubic_equals_reference():
    q = quantizers.get("lattice-cubic", q=8, s=0.25)
    X = 20 * np.random.default_rng(0).standard_normal((3, 500))    # negative indices too
    side = X + np.random.default_rng(1).uniform(-0.5, 0.5, X.shape) * q.decoding_radius * 1.5
    rep = q._draw(X, np.random.default_rng(2), 5)
    theta = cubic_dither(X.shape, q.s, 5)
    np.testing.assert_array_equal(rep["c"], np.mod(cubic_index(X, theta, q.s), q.q))
    est = q._estimate(rep, X.shape[1], 5, side)
    np.testing.assert_array_equal(est, theta + q.s * cubic_decode_index(rep["c"], theta, q.s, q.q, side))
    # the dither of row 0 is the single-vector dither: a batch and one vector agree
    np.testing.assert_array_equal(cubic_dither((1, 500), q.s, 5)[0], theta[0])
    assert np.all(np.abs(theta) <= q.s / 2)
