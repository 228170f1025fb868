"""top-k (barnes2020 Definition 1): exact selection, exact tail error, exact bits, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers import Message


def test_keeps_the_k_largest_magnitudes_like_a_full_sort():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 40))
    q = quantizers.get("top-k", k=7, precision=64)
    est = q.quantize(X, rng=1).estimate
    order = np.argsort(-np.abs(X), axis=1)[:, :7]
    expect = np.zeros_like(X)
    np.put_along_axis(expect, order, np.take_along_axis(X, order, axis=1), axis=1)
    np.testing.assert_array_equal(est, expect)
    tail = np.sort(X**2, axis=1)[:, :-7].sum(axis=1)
    np.testing.assert_allclose(((X - est) ** 2).sum(axis=1), tail)
    assert np.all(tail <= (1 - 7 / 40) * (X**2).sum(axis=1) + 1e-12)


@pytest.mark.parametrize("precision", [16, 32, 64])
def test_bits_are_the_index_code_plus_the_stated_precision(precision):
    d, k = 100, 9
    q = quantizers.get("top-k", k=k, precision=precision)
    x = np.random.default_rng(2).standard_normal(d)
    msg = q.encode(x, rng=0)
    # the range-coded index set: one bit over ceil(log2 C(d, k)), none when k = d
    index_bits = (math.comb(d, k) - 1).bit_length() + (k < d)
    assert msg.nbits == index_bits + k * precision
    est = q.decode(msg)
    kept = est != 0
    ftype = {16: np.float16, 32: np.float32, 64: np.float64}[precision]
    np.testing.assert_array_equal(est[kept], x[kept].astype(ftype).astype(float))


def test_k_equal_d_is_lossless_at_double_precision():
    x = np.random.default_rng(3).standard_normal(12)
    q = quantizers.get("top-k", k=12, precision=64)
    msg = q.encode(x, rng=0)
    np.testing.assert_array_equal(q.decode(msg), x)
    assert msg.nbits == 12 * 64


def test_bad_parameters_and_inputs():
    for k in (0, -1, 2.5, "3", True):
        with pytest.raises(InvalidInputError, match="k"):
            quantizers.get("top-k", k=k)
    with pytest.raises(InvalidInputError, match="precision"):
        quantizers.get("top-k", k=2, precision=8)
    with pytest.raises(InvalidInputError, match="k <= d"):
        quantizers.get("top-k", k=5).encode(np.ones(4), rng=0)
    with pytest.raises(InvalidInputError, match="65504"):
        quantizers.get("top-k", k=1, precision=16).encode(np.array([1e6, 0.0]), rng=0)


def test_non_finite_decoded_value_is_a_decode_error():
    q = quantizers.get("top-k", k=1, precision=64)
    msg = q.encode(np.array([0.0, 2.0]), rng=0)
    raw = bytearray(msg.payload)
    # the index code is 2 bits (range-coded, ceil(log2 2) + 1), then the sign bit; set the
    # exponent bits of the value to all ones (inf/nan)
    bits = np.unpackbits(np.frombuffer(bytes(raw), np.uint8))
    bits[3:14] = 1
    bad = Message(np.packbits(bits).tobytes(), msg.nbits, 2, "top-k")
    with pytest.raises(DecodeError, match="not finite"):
        q.decode(bad)
