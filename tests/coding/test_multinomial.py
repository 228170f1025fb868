"""Enumerative multinomial coding: a bijection onto ``[0, d!/prod n_j!)`` with exact lengths."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commbounds.coding import BitReader, BitWriter
from commbounds.coding.multinomial import (
    multinomial_bits,
    rank_string,
    read_string,
    string_bits,
    unrank_string,
    write_string,
)
from commbounds.errors import DecodeError


def _multinomial(counts) -> int:
    counts = [int(c) for c in counts]
    return math.factorial(sum(counts)) // math.prod(math.factorial(c) for c in counts)


def _bits(counts) -> int:
    m = _multinomial(counts)
    return (m - 1).bit_length() if m > 1 else 0


@pytest.mark.parametrize("base", [[0, 0, 1, 2, 2], [0, 1, 2, 3], [1, 1, 1, 0, 0, 0], [3, 0, 3, 1, 1, 0, 2]])
def test_rank_is_a_bijection_onto_the_multinomial_range(base):
    k = max(base) + 1
    strings = set(itertools.permutations(base))
    ranks = sorted(rank_string(np.array(s), k) for s in strings)
    assert ranks == list(range(_multinomial(np.bincount(base, minlength=k))))
    for s in strings:
        counts = np.bincount(s, minlength=k)
        assert tuple(unrank_string(rank_string(np.array(s), k), counts)) == s


@pytest.mark.parametrize("counts", [[1, 1], [1, 3], [2, 2], [4, 0, 4], [1, 1, 1, 1], [8, 8], [0, 5],
                                    [16, 16, 16, 16], [3, 0, 0, 7, 2], [1000, 24], [300, 200, 100, 50]])
def test_bits_are_exact_including_powers_of_two(counts):
    assert multinomial_bits(counts) == _bits(counts)


def test_vectorised_bits_agree_with_exact_integers():
    rng = np.random.default_rng(2)
    for k in (2, 3, 16, 300):
        S = rng.integers(0, k, size=(50, 40)) // rng.integers(1, 4, size=(50, 1))
        got = string_bits(S, k)
        exp = [_bits(np.bincount(row, minlength=k)) for row in S]
        assert got.tolist() == exp
        hist = np.stack([np.bincount(row, minlength=k) for row in S])
        assert multinomial_bits(hist).tolist() == exp


@given(st.lists(st.integers(0, 6), min_size=1, max_size=60))
def test_round_trip_through_bits(symbols):
    s = np.array(symbols)
    counts = np.bincount(s, minlength=7)
    w = BitWriter()
    nb = write_string(w, s, counts)
    payload, n = w.getvalue()
    assert n == nb == _bits(counts)
    r = BitReader(payload, n)
    assert read_string(r, counts).tolist() == symbols and r.remaining == 0


def test_out_of_range_rank_and_truncation_raise_decode_error():
    counts = np.array([1, 2])  # 3 strings: rank 3 is invalid
    with pytest.raises(DecodeError):
        unrank_string(3, counts)
    w = BitWriter()
    w.write_uint(3, 2)
    payload, n = w.getvalue()
    with pytest.raises(DecodeError):
        read_string(BitReader(payload, n), counts)
    with pytest.raises(DecodeError):
        read_string(BitReader(b"", 0), np.array([5, 5]))
