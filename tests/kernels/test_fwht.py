"""The compiled Walsh-Hadamard transform equals the numpy reference bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.errors import InvalidInputError
from commbounds.quantizers.hadamard import fwht, fwht_reference, rotate, unrotate


@pytest.mark.parametrize("log2d", [0, 1, 2, 3, 4, 5, 10, 16, 17, 18, 19, 21])
def test_compiled_fwht_equals_reference(log2d):
    X = np.random.default_rng(log2d).standard_normal((2, 2**log2d))
    np.testing.assert_array_equal(fwht(X), fwht_reference(X))


def test_out_receives_the_transform_in_place():
    x = np.random.default_rng(0).standard_normal((3, 64))
    ref = fwht_reference(x)
    out = np.empty_like(x)
    assert fwht(x, out=out) is out
    np.testing.assert_array_equal(out, ref)
    y = x.copy()
    fwht(y, out=y)
    np.testing.assert_array_equal(y, ref)
    with pytest.raises(InvalidInputError, match="out"):
        fwht(x, out=np.empty((3, 32)))
    buf = np.random.default_rng(3).standard_normal(72)     # out overlapping the input
    want = fwht_reference(buf[:64])
    np.testing.assert_array_equal(fwht(buf[:64], out=buf[8:]), want)


def test_rotation_round_trips():
    x = np.random.default_rng(1).standard_normal((2, 100))
    signs = 2.0 * np.random.default_rng(2).integers(0, 2, 128) - 1.0
    np.testing.assert_allclose(unrotate(rotate(x, signs), signs, 100), x, atol=1e-12)


def test_stream_signs_are_the_top_bits_of_the_stream():
    from commbounds.kernels import stream
    from commbounds.quantizers.ratq import shared_signs

    s = shared_signs(11, 5000)
    key = stream.shared_keys([11, 5000], 1)
    ref = np.where(stream.uniforms(key, 5000)[0] < 0.5, 1, -1)
    np.testing.assert_array_equal(s, ref)
    assert s.dtype == np.int8
    assert not np.array_equal(s, shared_signs(12, 5000))
    # 5000 fair signs: the sum's sd is sqrt(5000) = 70.7; 5 sd
    assert abs(int(s.sum())) < 5 * 70.7
