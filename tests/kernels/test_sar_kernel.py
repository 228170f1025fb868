"""SaR's compiled rounding equals the numpy reference on the stream, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.errors import InvalidInputError
from commbounds.kernels import stream
from commbounds.quantizers.sar import scale_and_round_counts


def _reference(X, F, rng):
    """Algorithm 1 in whole-array numpy on the stream: one key per row, in row order."""
    X = np.asarray(X, dtype=np.float64)
    d = X.shape[-1]
    F = np.broadcast_to(np.asarray(F, dtype=np.float64), X.shape[:-1] + (1,))
    keys = stream.row_keys(rng, X.size // d).reshape(X.shape[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(F > 0, X / np.where(F > 0, F, 1.0), 0.0)
    fl = np.floor(t)
    return (fl + (stream.uniforms(keys, d) < t - fl)).astype(np.int64)


@pytest.mark.parametrize("shape", [(1, 1), (3, 1000), (2, 2, 37)])
def test_compiled_rounding_equals_reference(shape):
    X = np.random.default_rng(1).standard_t(2, size=shape) * 3
    F = np.abs(np.random.default_rng(2).standard_normal(shape[:-1] + (1,))) + 0.01
    F.flat[0] = 0.0                                        # a zero-scale row quantizes to 0
    u, w, nnz = scale_and_round_counts(X, F, np.random.default_rng(7))
    ref = _reference(X, F, np.random.default_rng(7))
    np.testing.assert_array_equal(u, ref)
    np.testing.assert_array_equal(w, np.abs(ref).sum(axis=-1))
    np.testing.assert_array_equal(nnz, np.count_nonzero(ref, axis=-1))
    assert not u.reshape(-1, shape[-1])[0].any()


def test_scalar_factor_and_row_batches_agree():
    X = np.random.default_rng(3).standard_normal((4, 50))
    whole = scale_and_round_counts(X, 0.1, np.random.default_rng(5))[0]
    g = np.random.default_rng(5)
    parts = [scale_and_round_counts(X[i], 0.1, g)[0] for i in range(4)]
    np.testing.assert_array_equal(whole, np.stack(parts))
    np.testing.assert_array_equal(whole, _reference(X, 0.1, np.random.default_rng(5)))


def test_levels_beyond_two_to_the_fifty_are_refused():
    with pytest.raises(InvalidInputError, match="2\\^50"):
        scale_and_round_counts(np.array([1.0, 2.0**51]), 1.0, np.random.default_rng(0))
    with pytest.raises(InvalidInputError, match="F >= 0"):
        scale_and_round_counts(np.array([1.0]), -1.0, np.random.default_rng(0))
