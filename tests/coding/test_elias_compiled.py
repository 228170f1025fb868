"""The compiled Elias coders write the same bits as the pure numpy coder they replaced and
read them back, on random inputs across the whole range."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.coding import BitReader, BitWriter
from commbounds.coding.elias import (
    MAX_ELIAS,
    delta_length,
    gamma_length,
    read_delta,
    read_gamma,
    write_delta,
    write_gamma,
)
from commbounds.errors import DecodeError


def _gamma_reference(values) -> list[int]:
    """The gamma code in plain Python: N zeros, then the N + 1 bits of the value."""
    bits = []
    for v in map(int, values):
        n = v.bit_length() - 1
        bits += [0] * n + [int(b) for b in format(v, "b")]
    return bits


def _delta_reference(values) -> list[int]:
    """gamma(N + 1), then the N low bits of the value."""
    bits = []
    for v in map(int, values):
        n = v.bit_length() - 1
        bits += _gamma_reference([n + 1]) + ([int(b) for b in format(v, "b")[1:]] if n else [])
    return bits


def _values(rng, n):
    """Small, geometric and full-range values, including 1 and 2**62."""
    wide = np.exp2(rng.uniform(0, 62, n)).astype(np.int64)
    return np.concatenate([[1, 2, 3, MAX_ELIAS, MAX_ELIAS - 1], rng.geometric(0.01, n), np.maximum(wide, 1)])


def _bits_of(w):
    payload, n = w.getvalue()
    return np.unpackbits(np.frombuffer(payload, np.uint8))[:n].tolist()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_codes_equal_the_reference_and_round_trip(seed):
    v = _values(np.random.default_rng(seed), 300)
    for write, read, ref, length in ((write_gamma, read_gamma, _gamma_reference, gamma_length),
                                     (write_delta, read_delta, _delta_reference, delta_length)):
        w = BitWriter()
        w.write_uint(5, 3)                              # codewords after other fields
        write(w, v)
        bits = _bits_of(w)
        assert bits[3:] == ref(v)
        assert len(bits) - 3 == int(length(v).sum())
        r = BitReader(*w.getvalue())
        assert r.read_uint(3) == 5
        np.testing.assert_array_equal(read(r, v.size), v)
        assert r.remaining == 0


def test_decoders_refuse_truncated_and_overlong_codewords():
    w = BitWriter()
    write_gamma(w, [1000])
    payload, n = w.getvalue()
    with pytest.raises(DecodeError, match="Elias"):
        read_gamma(BitReader(payload, n - 2), 1)        # cut inside the binary part
    w = BitWriter()
    w.write_bits(np.zeros(70, np.uint8))
    w.write_bits(np.ones(80, np.uint8))
    with pytest.raises(DecodeError, match="2\\*\\*62"):
        read_gamma(BitReader(*w.getvalue()), 1)
    w = BitWriter()
    write_gamma(w, [64])                                # a delta length field of N = 63
    w.write_bits(np.ones(63, np.uint8))
    with pytest.raises(DecodeError, match="2\\*\\*62"):
        read_delta(BitReader(*w.getvalue()), 1)
    with pytest.raises(DecodeError, match="no terminating"):
        read_delta(BitReader(b"\x00", 8), 1)
