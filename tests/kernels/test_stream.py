"""The counter-based stream: the compiled kernel equals the numpy reference bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

import commbounds
from commbounds.errors import InvalidInputError
from commbounds.kernels import _jit, stream


def test_reference_is_splitmix64():
    # SplitMix64 seeded with 0: its first two outputs (Vigna's reference implementation)
    first = stream.mix64(stream.GAMMA)
    second = stream.mix64(np.uint64((2 * 0x9E3779B97F4A7C15) % 2**64))
    assert int(first) == 0xE220A8397B1DCDAF and int(second) == 0x6E789E6AA1B965F4
    u = stream.uniforms(np.zeros(1, np.uint64), 1)
    assert u[0, 0] == (0xE220A8397B1DCDAF >> 11) * 2.0**-53


@pytest.mark.parametrize("start", [0, 7, 2**40])
def test_compiled_stream_equals_reference(start):
    keys = stream.row_keys(np.random.default_rng(3), 5)
    keys[0] = np.uint64(2**64 - 1)                       # wrap-around of key + j * GAMMA
    out = _jit.uniforms_into(keys, start, np.empty((5, 1000)))
    np.testing.assert_array_equal(out, stream.uniforms(keys, 1000, start=start))


def test_elements_are_a_function_of_key_and_index_only():
    keys = stream.row_keys(np.random.default_rng(4), 3)
    whole = stream.uniforms(keys, 100)
    parts = np.concatenate([stream.uniforms(keys, 30, start=0), stream.uniforms(keys, 70, start=30)], axis=1)
    np.testing.assert_array_equal(whole, parts)
    # one key per row in order: drawing the rows in two batches gives the same keys
    g = np.random.default_rng(4)
    np.testing.assert_array_equal(keys, np.concatenate([stream.row_keys(g, 1), stream.row_keys(g, 2)]))


def test_uniforms_are_uniform():
    U = stream.uniforms(stream.row_keys(np.random.default_rng(5), 4), 50_000).ravel()
    assert U.min() >= 0 and U.max() < 1
    # 2e5 draws: the mean's sd is sqrt(1/12 / 2e5) = 6.5e-4; 5 sd
    assert abs(U.mean() - 0.5) < 5 * 6.5e-4
    counts = np.bincount((U * 16).astype(int), minlength=16)
    chi2 = ((counts - U.size / 16) ** 2 / (U.size / 16)).sum()
    assert chi2 < 50          # 15 degrees of freedom: P(chi2 > 50) < 1e-5


def test_stream_is_named_and_keys_validated():
    assert commbounds.STREAM_VERSION == "splitmix64-counter/2"
    with pytest.raises(InvalidInputError, match="rows"):
        stream.row_keys(np.random.default_rng(0), -1)
    np.testing.assert_array_equal(stream.shared_keys(None, 2), stream.shared_keys(0, 2))


def test_records_name_the_stream_and_payload_format():
    from commbounds.verify.engine import versions

    v = versions()
    assert commbounds.STREAM_VERSION in v["random_stream"] and v["payload"] == str(commbounds.PAYLOAD_VERSION)
