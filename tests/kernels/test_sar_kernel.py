"""SaR's compiled rounding and estimate equal the numpy reference on the stream, bit for bit,
and its entry checks raise validate_vectors' errors."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
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


def test_fused_estimate_is_the_product_of_the_levels():
    X = np.random.default_rng(4).standard_t(2, size=(3, 5000)) * 3
    q = quantizers.get("sar", F=0.3)
    rep = q._draw(X, np.random.default_rng(2), None)
    np.testing.assert_array_equal(rep["u"], _reference(X, 0.3, np.random.default_rng(2)))
    np.testing.assert_array_equal(rep["est"], np.multiply(rep["u"], 0.3, dtype=np.float64))
    without = {k: v for k, v in rep.items() if k != "est"}       # what a decoder's rep holds
    np.testing.assert_array_equal(q._estimate(without, 5000, None, None), rep["est"])


@pytest.mark.parametrize("bad, match", [(np.nan, "NaN"), (np.inf, "NaN or inf"), (-1e151, "above"),
                                        (2.0**52, "2\\^50")])
def test_quantize_refuses_what_validation_refuses(bad, match):
    # quantize leaves the entry checks to the rounding pass; the errors are validate_vectors'
    X = np.ones((2, 5000))
    X[1, 4321] = bad
    with pytest.raises(InvalidInputError, match=match):
        quantizers.get("sar", F=1.0).quantize(X, rng=0)
    with pytest.raises(InvalidInputError, match=match):        # also in a zero-scale row
        scale_and_round_counts(X, np.array([[1.0], [0.0]]) if bad != 2.0**52 else 1.0,
                               np.random.default_rng(0))


def test_weight_cap_messages():
    q = quantizers.get("sar", F=1e-3)
    with pytest.raises(InvalidInputError, match="\\|\\|x\\|\\|_1/F = 1e\\+07"):   # the input alone
        q.quantize(np.full((2, 10), 1e3), rng=0)
    # a weight over the cap reached by rounding up, the input itself below it
    d = 4
    cap = 2**16 + 128 * d
    x = np.full(d, cap / d + 0.5) * 1e-3                   # ||x||_1/F - d = cap + 2 - d
    with pytest.raises(InvalidInputError, match="a quantized vector has weight"):
        for seed in range(20):
            q.quantize(x, rng=seed)
