"""The constant-weight range coder: lossless, exact length, compiled equals interpreted."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commbounds.coding import BitReader, BitWriter, cw_bits
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.kernels import cw


def test_every_set_of_small_sequences_round_trips_in_the_stated_length():
    for m in range(1, 11):
        for w in range(m + 1):
            nb = cw.cw_code_bits(m, w)
            assert nb == (cw_bits(m, w) + 1 if w not in (0, m) else 0)
            codes = set()
            for c in combinations(range(m), w):
                bits, n = cw.encode_set(np.array(c, dtype=np.int64), m)
                assert n == nb == bits.size
                assert cw.decode_set(bits, m, w).tolist() == list(c)
                codes.add(bits.tobytes())
            assert len(codes) == len(list(combinations(range(m), w)))    # injective


@pytest.mark.parametrize("m, w", [(10**6, 10**4), (10**6, 1), (10**6, 10**6 - 1), (3 * 10**5, 1.5e5),
                                  (2**32 - 1, 3)])
def test_large_sequences_round_trip_one_bit_over_the_limit(m, w):
    rng = np.random.default_rng(int(m) % 97)
    w = int(w)
    # (at m near 2^32 the ones come early: the coder stops after the last one)
    p = np.sort(rng.choice(m, w, replace=False)) if m < 2**30 else np.array([0, 7, 2**20])
    bits, nb = cw.encode_set(p, m)
    assert nb == cw_bits(m, w) + 1
    np.testing.assert_array_equal(cw.decode_set(bits, m, w), p)


def _reference_encode(pos, m, nbits):
    """The range coder of ``commbounds.kernels._cw`` in plain Python integers: the format,
    written a second time."""
    full, top, w = 2**64 - 1, 2**56, len(pos)
    low, R, k, t, e = 0, full, 0, 0, 0
    while k < w and w - k < m - t:
        r1 = int(float(R >> 11) * (float(w - k) / float(m - t))) << 11
        if pos[k] == t:
            R, k = r1, k + 1
        else:
            low, R = low + r1, R - r1           # a carry stays in the unbounded integer
        while R < top:
            e += 1
            low, R = low << 8, R << 8
        t += 1
    s = 8 * e + 64 - nbits
    assert R >= 2**s
    value = -(-low // 2**s)                     # low rounded up to nbits bits
    return [(value >> (nbits - 1 - i)) & 1 for i in range(nbits)]


def test_compiled_coder_equals_a_reference_in_python_integers():
    rng = np.random.default_rng(0)
    sets = [(m, np.sort(rng.choice(m, w, replace=False))) for m, w in
            [(300, 17), (500, 250), (64, 63), (1000, 3), (40, 1), (5000, 40)]]
    # runs of zeros before the first one, ones up to the end, ones from the start
    sets += [(600, np.array([0, 1, 2, 599])), (600, np.r_[350, 595:600]), (90, np.arange(60))]
    for m, p in sets:
        p = p.astype(np.int64)
        bits, nb = cw.encode_set(p, m)
        assert bits.tolist() == _reference_encode(p.tolist(), m, nb)


@given(st.lists(st.integers(0, 40), min_size=1, max_size=30))
def test_integer_vectors_round_trip(v):
    v = np.array(v, dtype=np.int64)
    wr = BitWriter()
    cw.write_iv(wr, v)
    payload, nb = wr.getvalue()
    assert nb == cw.iv_code_bits(v.size, int(v.sum()))
    r = BitReader(payload, nb)
    np.testing.assert_array_equal(cw.read_iv(r, v.size, int(v.sum())), v)
    assert r.remaining == 0


def test_garbage_decodes_to_some_set_of_the_declared_weight():
    rng = np.random.default_rng(1)
    for _ in range(50):
        m, w = 200, int(rng.integers(1, 199))
        bits = rng.integers(0, 2, cw.cw_code_bits(m, w)).astype(np.uint8)
        p = cw.decode_set(bits, m, w)
        assert p.size == w and np.all(np.diff(p) > 0) and 0 <= p[0] and p[-1] < m


def test_bad_arguments_are_refused():
    with pytest.raises(InvalidInputError, match="increasing"):
        cw.encode_set(np.array([3, 1]), 5)
    with pytest.raises(InvalidInputError, match="increasing"):
        cw.encode_set(np.array([0, 5]), 5)
    with pytest.raises(InvalidInputError, match="2\\^32"):
        cw.encode_set(np.array([0]), 2**33)
    with pytest.raises(DecodeError, match="weight"):
        cw.read_set(BitReader(b"\x00", 8), 5, 6)
    with pytest.raises(DecodeError, match="needs"):
        cw.read_set(BitReader(b"\x00", 8), 1000, 500)
