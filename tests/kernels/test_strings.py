"""The range coder for strings with a known histogram: exact round trip, a length within
one bit of the enumerative rank, the same bits as the scheme's fast path counts."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.coding import BitReader, BitWriter
from commbounds.coding.multinomial import multinomial_bits
from commbounds.coding.multinomial import read_string as read_rank
from commbounds.coding.multinomial import write_string as write_rank
from commbounds.errors import InvalidInputError
from commbounds.kernels.strings import decode_string, encode_string, string_code_bits


@pytest.mark.parametrize("k", [1, 2, 3, 16, 1000])
@pytest.mark.parametrize("d", [0, 1, 9, 3000])
def test_round_trip_and_length(k, d):
    rng = np.random.default_rng(k * 7 + d)
    for S in (rng.integers(0, k, d), np.minimum(rng.geometric(0.4, d) - 1, k - 1), np.full(d, k - 1)):
        counts = np.bincount(S, minlength=k)
        bits, n = encode_string(S, counts)
        assert n == bits.size == string_code_bits(counts)
        enumerative = int(multinomial_bits(counts))
        assert n == enumerative + (np.count_nonzero(counts) > 1)      # at most 1 bit over
        np.testing.assert_array_equal(decode_string(bits, counts), S)


def test_length_stays_within_two_bits_of_the_enumerative_code_on_the_payload():
    S = np.random.default_rng(0).integers(0, 5, 200)
    counts = np.bincount(S, minlength=5)
    rank, ranged = BitWriter(), BitWriter()
    write_rank(rank, S, counts)
    n_rank = rank.getvalue()[1]
    from commbounds.kernels.strings import write_string
    write_string(ranged, S, counts)
    payload, n = ranged.getvalue()
    assert n_rank <= n <= n_rank + 2
    np.testing.assert_array_equal(read_rank(BitReader(*rank.getvalue()), counts), S)
    from commbounds.kernels.strings import read_string
    np.testing.assert_array_equal(read_string(BitReader(payload, n), counts), S)


def test_a_corrupted_code_decodes_to_a_string_with_the_histogram():
    S = np.random.default_rng(1).integers(0, 4, 500)
    counts = np.bincount(S, minlength=4)
    bits, _ = encode_string(S, counts)
    bits = bits.copy()
    bits[10] ^= 1
    out = decode_string(bits, counts)
    np.testing.assert_array_equal(np.bincount(out, minlength=4), counts)
    assert not np.array_equal(out, S)


def test_refuses_a_string_that_does_not_match_its_histogram():
    with pytest.raises(InvalidInputError):
        encode_string(np.array([0, 1, 1]), np.array([2, 1]))
    with pytest.raises(InvalidInputError):
        encode_string(np.array([0, 3]), np.array([1, 1]))


def test_vlc_quantize_equals_decode_encode_at_scale():
    q = quantizers.get("suresh-vlc", k=16)
    x = np.random.default_rng(3).standard_normal(20000)
    fast = q.quantize(x, rng=np.random.default_rng(5))
    msg = q.encode(x, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(q.decode(msg), fast.estimate)
    assert msg.nbits == int(fast.bits)
