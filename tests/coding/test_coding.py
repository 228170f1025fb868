"""Round trips and exact lengths of the coding layer."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import commbounds as cb
from commbounds.coding import (
    BitReader,
    BitWriter,
    cw_bits,
    delta_length,
    gamma_length,
    integer_vector_to_positions,
    iv_bits,
    positions_to_integer_vector,
    rank_positions,
    read_delta,
    read_gamma,
    read_integer_vector,
    unrank_positions,
    unzigzag,
    write_delta,
    write_gamma,
    write_integer_vector,
    zigzag,
)
from commbounds.errors import DecodeError, InvalidInputError

ints = st.lists(st.integers(min_value=1, max_value=2**62), min_size=1, max_size=30)


@given(ints)
def test_gamma_round_trip_and_length(values):
    w = BitWriter()
    write_gamma(w, values)
    payload, n = w.getvalue()
    assert n == int(gamma_length(values).sum())
    assert n == sum(2 * (v.bit_length() - 1) + 1 for v in values)
    assert read_gamma(BitReader(payload, n), len(values)).tolist() == values


@given(ints)
def test_delta_round_trip_and_length(values):
    w = BitWriter()
    write_delta(w, values)
    payload, n = w.getvalue()
    expected = sum((v.bit_length() - 1) + 2 * (v.bit_length()).bit_length() - 2 + 1 for v in values)
    assert n == int(delta_length(values).sum()) == expected
    assert read_delta(BitReader(payload, n), len(values)).tolist() == values


@given(st.lists(st.integers(min_value=-2**40, max_value=2**40), max_size=40))
def test_zigzag_is_a_bijection(values):
    z = zigzag(values)
    assert np.all(z >= 0)
    assert unzigzag(z).tolist() == values


@given(st.integers(0, 64).flatmap(lambda w: st.tuples(st.just(w), st.lists(
    st.integers(0, 2**w - 1 if w else 0), max_size=20))))
def test_packed_fields_round_trip(args):
    width, values = args
    w = BitWriter()
    w.write_uints(np.array(values, dtype=np.uint64), width)
    payload, n = w.getvalue()
    assert n == width * len(values)
    back = BitReader(payload, n).read_uints(len(values), width)
    assert [int(v) for v in back] == values


@given(st.integers(1, 300).flatmap(lambda m: st.tuples(st.just(m), st.sets(st.integers(0, m - 1)))))
def test_constant_weight_round_trip_and_exact_length(args):
    m, ones = args
    pos = np.array(sorted(ones), dtype=np.int64)
    rank = rank_positions(pos, m)
    count = math.comb(m, pos.size)
    assert 0 <= rank < count
    assert cw_bits(m, pos.size) == ((count - 1).bit_length() if count > 1 else 0)
    assert unrank_positions(rank, m, pos.size).tolist() == pos.tolist()


def test_ranks_are_a_bijection_on_small_spaces():
    from itertools import combinations
    for m in range(1, 9):
        for w in range(m + 1):
            ranks = sorted(rank_positions(np.array(c), m) for c in combinations(range(m), w))
            assert ranks == list(range(math.comb(m, w)))


@given(st.lists(st.integers(0, 12), min_size=1, max_size=40))
def test_integer_vector_map_and_code(v):
    v = np.array(v)
    d, w = v.size, int(v.sum())
    ones = integer_vector_to_positions(v)
    assert ones.size == d - 1 and (ones.size == 0 or ones[-1] < d + w - 1)
    assert positions_to_integer_vector(ones, d, w).tolist() == v.tolist()
    wr = BitWriter()
    nb = write_integer_vector(wr, v)
    payload, n = wr.getvalue()
    assert n == nb == int(iv_bits(d, w)) == cb.bound("huang2019:lem2.2")(d=d, w=w)
    assert read_integer_vector(BitReader(payload, n), d, w).tolist() == v.tolist()


@pytest.mark.parametrize("m,w", [(2**20, 1), (2**20, 150), (10**5, 2000), (5000, 2500), (300, 299), (64, 64)])
def test_unranking_round_trips_sparse_and_dense_sets(m, w):
    """Sparse sets jump over their long gaps; dense ones walk; the extremes of the range too."""
    rng = np.random.default_rng(m + w)
    for pos in [np.sort(rng.choice(m, w, replace=False)) for _ in range(3)] + [np.arange(w), np.arange(m - w, m)]:
        assert unrank_positions(rank_positions(pos, m), m, w).tolist() == pos.tolist()


def test_unranking_a_sparse_set_does_not_walk_every_position():
    """150 positions among 2^20 (a 256-byte payload at a receiver's d = 2^20) took 0.6 s of
    big-integer steps, one per position of [0, m); the jumps make it milliseconds."""
    import time

    m, w = 2**20, 150
    pos = np.sort(np.random.default_rng(1).choice(m, w, replace=False))
    rank = rank_positions(pos, m)
    t = time.process_time()
    out = unrank_positions(rank, m, w)
    assert time.process_time() - t < 0.2 and out.tolist() == pos.tolist()


def test_cw_bits_is_exact_at_powers_of_two_and_large_sizes():
    assert cw_bits(4, 1) == 2 and cw_bits(8, 1) == 3 and cw_bits(9, 1) == 4
    rng = np.random.default_rng(0)
    m = rng.integers(1, 5000, size=200)
    w = (rng.random(200) * m).astype(int)
    exact = [((math.comb(int(a), int(b)) - 1).bit_length()) for a, b in zip(m, w, strict=True)]
    assert cw_bits(m, w).tolist() == exact


def test_reader_rejects_truncation_and_bad_declarations():
    with pytest.raises(DecodeError):
        BitReader(b"\x00", 9)
    with pytest.raises(DecodeError):
        BitReader(b"\x00\x00", 3)  # more than 7 padding bits
    r = BitReader(b"\x00", 8)
    with pytest.raises(DecodeError, match="Elias"):
        read_gamma(r, 1)
    with pytest.raises(DecodeError):
        unrank_positions(10, 4, 2)
    with pytest.raises(InvalidInputError):
        write_gamma(BitWriter(), [0])
