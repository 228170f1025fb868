"""The quantizer contract, checked for every registered scheme and protocol."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers import Message
from commbounds.quantizers.registry import protocol_class, scheme_class

SCHEMES = quantizers.available()
PROTOCOLS = quantizers.protocols()
D = 48


def _make(name):
    cls = scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    x = cls.sample_input(np.random.default_rng(7), D, cls.typical)
    return q, x


@pytest.mark.parametrize("name", SCHEMES)
def test_decode_of_encode_equals_fast_path(name):
    q, x = _make(name)
    side = q.sample_side(x, np.random.default_rng(3))
    for seed in range(5):
        msg = q.encode(x, rng=np.random.default_rng(seed), shared=11)
        fast = q.quantize(x, rng=np.random.default_rng(seed), shared=11, side=side)
        est = q.decode(msg, shared=11, side=side)
        np.testing.assert_array_equal(est, fast.estimate)
        assert msg.nbits == int(fast.bits)
        assert len(msg.payload) == (msg.nbits + 7) // 8


@pytest.mark.parametrize("name", SCHEMES)
def test_decode_reads_bytes_alone_and_is_deterministic(name):
    q, x = _make(name)
    side = q.sample_side(x, np.random.default_rng(3))
    a = q.encode(x, rng=np.random.default_rng(1), shared=2)
    b = q.encode(x, rng=np.random.default_rng(1), shared=2)
    assert a.payload == b.payload and a.nbits == b.nbits
    rebuilt = Message(bytes(bytearray(a.payload)), a.nbits, a.d, a.scheme)
    np.testing.assert_array_equal(q.decode(rebuilt, shared=2, side=side), q.decode(a, shared=2, side=side))
    # a fresh instance with the same parameters decodes too: no state is carried
    fresh = quantizers.get(name, **q.arguments)
    np.testing.assert_array_equal(fresh.decode(a, shared=2, side=side), q.decode(a, shared=2, side=side))


@pytest.mark.parametrize("name", SCHEMES)
def test_fast_path_shapes(name):
    q, x = _make(name)
    X = np.stack([np.stack([x, x]), np.stack([x, x])])  # (2, 2, d)
    side = None if not q.needs_side else np.broadcast_to(q.sample_side(x, np.random.default_rng(3)), X.shape)
    out = q.quantize(X, rng=np.random.default_rng(0), shared=1, side=side)
    assert out.estimate.shape == X.shape and out.bits.shape == (2, 2)
    assert out.bits.dtype == np.int64 and np.all(out.bits >= 0)


@pytest.mark.parametrize("name", SCHEMES)
@pytest.mark.parametrize("bad", [np.array([1.0, np.nan]), np.array([np.inf, 0.0]), np.array(3.0),
                                 np.array([1 + 2j, 0]), np.array([], dtype=float), np.array(["a", "b"])])
def test_bad_inputs_raise_invalid_input(name, bad):
    q, _ = _make(name)
    with pytest.raises(InvalidInputError):
        q.encode(bad, rng=np.random.default_rng(0))


@pytest.mark.parametrize("name", SCHEMES)
def test_truncated_or_flipped_payloads_fail_cleanly(name):
    q, x = _make(name)
    side = q.sample_side(x, np.random.default_rng(3))
    msg = q.encode(x, rng=np.random.default_rng(0), shared=4)
    rng = np.random.default_rng(9)
    variants = []
    if msg.nbits > 8:
        cut = msg.nbits - 8
        variants.append(Message(msg.payload[:(cut + 7) // 8], cut, msg.d, msg.scheme))
    for _ in range(10):
        if not msg.nbits:
            break
        raw = bytearray(msg.payload)
        pos = int(rng.integers(msg.nbits))
        raw[pos // 8] ^= 0x80 >> (pos % 8)
        variants.append(Message(bytes(raw), msg.nbits, msg.d, msg.scheme))
    for v in variants:
        try:
            out = q.decode(v, shared=4, side=side)
        except DecodeError:
            continue
        assert out.shape == (msg.d,)


@pytest.mark.parametrize("name", PROTOCOLS)
def test_protocol_run_equals_simulate(name):
    cls = protocol_class(name)
    pr = quantizers.protocol(name, **cls.typical)
    X = cls.sample_input(np.random.default_rng(5), 6, D, cls.typical)
    for seed in range(3):
        t = pr.run(X, rng=np.random.default_rng(seed), shared=8)
        f = pr.simulate(X, rng=np.random.default_rng(seed), shared=8)
        np.testing.assert_array_equal(t.estimate, f.estimate)
        assert t.total_bits == int(f.bits)
        assert t.failures == 0


@pytest.mark.parametrize("name", PROTOCOLS)
def test_protocol_rejects_bad_input(name):
    cls = protocol_class(name)
    pr = quantizers.protocol(name, **cls.typical)
    with pytest.raises(InvalidInputError):
        pr.run(np.full((3, 4), np.nan), rng=0)
    with pytest.raises(InvalidInputError):
        pr.run(np.ones(4), rng=0)


@pytest.mark.parametrize("name", SCHEMES)
def test_payload_is_self_delimiting(name):
    """A receiver that knows only the byte length (nbits = 8 * len(payload)) decodes exactly
    the same vector: payloads end by themselves or count their length, and the zero padding
    of the last byte is never read as data.  Inputs of several sparsities, so that some
    payloads end mid-byte."""
    cls = scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    rng = np.random.default_rng(21)
    padded = 0
    for trial in range(12):
        x = cls.sample_input(rng, D, cls.typical)
        if trial % 3 == 1:
            x = np.where(rng.random(D) < 0.8, 0.0, x)
        side = q.sample_side(x, np.random.default_rng(3))
        msg = q.encode(x, rng=np.random.default_rng(trial), shared=6)
        padded += msg.nbits % 8 != 0
        blind = Message(msg.payload, 8 * len(msg.payload), msg.d, msg.scheme)
        np.testing.assert_array_equal(q.decode(blind, shared=6, side=side), q.decode(msg, shared=6, side=side))
