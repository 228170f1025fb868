"""Never a silent inf or NaN: an input that would overflow its field is refused on both
paths, a payload that would decode to a non-finite value is a DecodeError, and the
result does not depend on the memory layout of the batch."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers import Message, registry

SPARSE = [("top-k", {"k": 2}), ("rtop-k", {"k": 2, "r": 3}), ("random-k", {"k": 2}),
          ("random-k", {"k": 2, "rescale": True})]


@pytest.mark.parametrize("name,params", SPARSE)
@pytest.mark.parametrize("precision", [16, 32])
def test_a_value_beyond_the_float_field_is_refused_on_both_paths(name, params, precision):
    q = quantizers.get(name, precision=precision, **params)
    x = np.ones(6)
    x[:3] = 1e39 if precision == 32 else 1e5
    with pytest.raises(InvalidInputError, match=f"precision={precision}"):
        q.quantize(x, rng=0)
    with pytest.raises(InvalidInputError, match=f"precision={precision}"):
        q.encode(x, rng=0)


def test_random_k_at_64_bits_refuses_a_value_its_rescale_would_overflow():
    q = quantizers.get("random-k", k=1, precision=64, rescale=True)
    d = 8
    msg = q.encode(np.full(d, 1.0), rng=0)
    bits = np.unpackbits(np.frombuffer(msg.payload, np.uint8))[: msg.nbits]
    bits[-64:] = np.unpackbits(np.array([1e308], ">f8").view(np.uint8))   # the one value, last
    payload, nbits = np.packbits(bits).tobytes(), msg.nbits
    with pytest.raises(DecodeError, match="overflows"):
        q.decode(Message(payload, nbits, d, "random-k"))


@pytest.mark.parametrize("name", quantizers.available())
def test_the_fast_path_does_not_depend_on_memory_layout(name):
    cls = registry.scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    rng = np.random.default_rng(4)
    X = np.stack([cls.sample_input(rng, 37, cls.typical) for _ in range(5)])
    side = None
    if q.needs_side:
        side = np.stack([q.sample_side(x, np.random.default_rng(5)) for x in X])
    c = q.quantize(X, rng=1, shared=2, side=side)
    f = q.quantize(np.asfortranarray(X), rng=1, shared=2, side=None if side is None else np.asfortranarray(side))
    assert np.array_equal(c.estimate, f.estimate) and np.array_equal(c.bits, f.bits)
