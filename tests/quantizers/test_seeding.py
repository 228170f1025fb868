"""One validation of ``rng`` and ``shared`` for every scheme and protocol.

``rng``: a Generator, a non-negative integer, a SeedSequence or None; ``shared``: a
non-negative integer below 2^64, a SeedSequence or None.  Everything else is an
InvalidInputError -- in particular a Generator as ``shared`` (its state advances at the
encoder and is not the decoder's), and floats, strings and booleans that would otherwise
collide with an integer seed (1.5 and 1, "5" and 5, True and 1).
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers import registry
from commbounds.validation import as_generator, as_shared

D, N = 16, 4
BAD_RNG = [-1, 1.5, "5", True, np.float64(2.0), [1], object()]
BAD_SHARED = [1.5, "5", True, np.bool_(True), -1, 2**64, np.random.default_rng(5), 2.0, [5]]


def _scheme(name):
    cls = registry.scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    x = cls.sample_input(np.random.default_rng(1), D, cls.typical)
    return q, x, q.sample_side(x, np.random.default_rng(2))


def _protocol(name):
    cls = registry.protocol_class(name)
    p = quantizers.protocol(name, **cls.typical)
    return p, cls.sample_input(np.random.default_rng(1), N, D, cls.typical)


@pytest.mark.parametrize("value", BAD_RNG)
def test_as_generator_refuses_what_is_not_a_seed(value):
    with pytest.raises(InvalidInputError, match="rng"):
        as_generator(value)


@pytest.mark.parametrize("value", BAD_SHARED)
def test_as_shared_refuses_what_would_collide_or_drift(value):
    with pytest.raises(InvalidInputError, match="shared"):
        as_shared(value)


def test_integer_types_agree_and_seed_sequences_are_accepted():
    assert as_shared(np.uint64(5)) == as_shared(np.int8(5)) == as_shared(5) == 5
    seq = np.random.SeedSequence(5)
    assert as_shared(seq) == as_shared(np.random.SeedSequence(5)) != as_shared(np.random.SeedSequence(6))


@pytest.mark.parametrize("name", quantizers.available())
def test_every_scheme_validates_rng_and_shared(name):
    q, x, side = _scheme(name)
    for bad in (-1, "5", 1.5):
        with pytest.raises(InvalidInputError, match="rng"):
            q.quantize(x, rng=bad, shared=5, side=side)
        with pytest.raises(InvalidInputError, match="rng"):
            q.encode(x, rng=bad, shared=5)
    msg = q.encode(x, rng=3, shared=5)
    for bad in (np.random.default_rng(5), 1.5, "5", True):
        with pytest.raises(InvalidInputError, match="shared"):
            q.quantize(x, rng=3, shared=bad, side=side)
        with pytest.raises(InvalidInputError, match="shared"):
            q.encode(x, rng=3, shared=bad)
        with pytest.raises(InvalidInputError, match="shared"):
            q.decode(msg, shared=bad, side=side)
    assert np.array_equal(q.decode(msg, shared=np.int64(5), side=side), q.decode(msg, shared=5, side=side))
    seq = np.random.SeedSequence(9)
    m2 = q.encode(x, rng=3, shared=seq)
    assert np.array_equal(q.decode(m2, shared=np.random.SeedSequence(9), side=side),
                          q.quantize(x, rng=3, shared=seq, side=side).estimate)


@pytest.mark.parametrize("name", quantizers.protocols())
def test_every_protocol_validates_rng_and_shared(name):
    p, X = _protocol(name)
    for call in (p.run, p.simulate):
        with pytest.raises(InvalidInputError, match="rng"):
            call(X, rng=-1, shared=5)
        for bad in (np.random.default_rng(5), 1.5, "5", True):
            with pytest.raises(InvalidInputError, match="shared"):
                call(X, rng=3, shared=bad)
