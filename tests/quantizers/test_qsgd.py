"""QSGD (Alistarh et al. 2017): Lemma 3.1, the Elias (omega) code, Theorem 3.2's bit count.

Seeds are fixed; tolerances are z * sd / sqrt(T) with z = 4.9 (two-sided 1 - 1e-6 per
entry), see ``tests/stats.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.coding import BitReader, BitWriter
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers import Message
from commbounds.quantizers.qsgd import omega_length, read_omega, write_omega
from commbounds.quantizers.suresh_klevel import write_float64
from tests.stats import assert_mean_at_most, assert_mean_equals

T = 20_000
X = np.array([0.3, -1.1, 0.0, 2.0, -0.05, 0.75, 5.5, -3.2])


@pytest.mark.parametrize("norm", ["l2", "linf"])
@pytest.mark.parametrize("s", [1, 3, 8])
def test_unbiased_with_exact_variance(norm, s):
    q = quantizers.get("qsgd", s=s, norm=norm)
    out = q.quantize(np.broadcast_to(X, (T, X.size)), rng=np.random.default_rng(s))
    assert_mean_equals(out.estimate, X)
    scale = np.linalg.norm(X) if norm == "l2" else np.abs(X).max()
    u = np.abs(X) / scale * s
    fl = np.minimum(np.floor(u), s - 1)
    assert_mean_equals((out.estimate - X) ** 2, scale**2 * (u - fl) * (fl + 1 - u) / s**2)
    assert np.all(out.estimate * X >= 0)


@pytest.mark.parametrize("s", [1, 2, 16])
def test_lemma_3_1_variance_and_sparsity(s):
    d = 256
    x = np.random.default_rng(0).standard_t(3, size=d)
    out = quantizers.get("qsgd", s=s).quantize(np.broadcast_to(x, (4000, d)), rng=1)
    sq = ((out.estimate - x) ** 2).sum(axis=1)
    assert_mean_at_most(sq, min(d / s**2, math.sqrt(d) / s) * (x @ x))
    assert_mean_at_most(np.count_nonzero(out.estimate, axis=1), s * (s + math.sqrt(d)))


@pytest.mark.parametrize("s", [1, 4])
def test_theorem_3_2_bits_with_the_o1_term_set_to_zero(s):
    # the bound's (3/2 + o(1)) is evaluated with o(1) = 0 and its 32-bit norm replaced by ours
    d = 1024
    x = np.random.default_rng(2).standard_normal(d)
    out = quantizers.get("qsgd", s=s).quantize(np.broadcast_to(x, (500, d)), rng=3)
    root = math.sqrt(d)
    bound = (3 + 1.5 * math.log2(2 * (s * s + d) / (s * (s + root)))) * s * (s + root) + 64
    assert_mean_at_most(out.bits, bound)


def test_omega_codewords_and_lengths():
    table = {1: "0", 2: "100", 3: "110", 4: "101000", 7: "101110", 8: "1110000", 16: "10100100000"}
    for v, code in table.items():
        w = BitWriter()
        write_omega(w, [v])
        payload, n = w.getvalue()
        bits = "".join(map(str, np.unpackbits(np.frombuffer(payload, np.uint8))[:n]))
        assert bits == code and omega_length(v) == len(code)
    values = np.concatenate([np.arange(1, 3000), [2**40 + 3, 2**62]])
    w = BitWriter()
    write_omega(w, values)
    payload, n = w.getvalue()
    assert n == int(omega_length(values).sum())
    r = BitReader(payload, n)
    assert [read_omega(r) for _ in values] == values.tolist() and r.remaining == 0


def test_bits_match_the_elias_code_of_the_decoded_vector():
    s, d = 3, 200
    x = np.random.default_rng(4).standard_normal(d)
    q = quantizers.get("qsgd", s=s)
    msg = q.encode(x, rng=np.random.default_rng(5))
    zeta = np.round(np.abs(q.decode(msg)) / np.linalg.norm(x) * s).astype(int)
    pos = np.flatnonzero(zeta) + 1
    gaps = np.diff(np.concatenate([[0], pos]))
    assert msg.nbits == 64 + int(omega_length(pos.size + 1) + omega_length(gaps).sum() + pos.size
                                 + omega_length(zeta[pos - 1]).sum())


def test_zero_and_single_spike_vectors():
    q = quantizers.get("qsgd", s=2, norm="linf")
    msg = q.encode(np.zeros(5), rng=0)
    assert msg.nbits == 64 + 1 and np.array_equal(q.decode(msg), np.zeros(5))  # Elias(1): no non-zeros
    spike = np.array([0.0, 0.0, -7.0])
    msg = q.encode(spike, rng=0)  # |v_3| = ||v||: level s with probability 1
    assert np.array_equal(q.decode(msg), spike) and msg.nbits == 64 + 3 + 3 + 1 + 3  # Elias(2) count, Elias(3), sign, Elias(2)


def test_parameters_are_validated():
    for s in (0, -1, 1.5, "2", True):
        with pytest.raises(InvalidInputError, match="s"):
            quantizers.get("qsgd", s=s)
    with pytest.raises(InvalidInputError, match="norm"):
        quantizers.get("qsgd", s=2, norm="l1")


def _payload(scale, triples):
    w = BitWriter()
    write_float64(w, scale)
    write_omega(w, [len(triples) + 1])
    for gap, neg, level in triples:
        write_omega(w, [gap])
        w.write_uint(neg, 1)
        write_omega(w, [level])
    payload, n = w.getvalue()
    return Message(payload, n, 4, "qsgd")


def test_padding_is_never_decoded_as_non_zeros():
    """Given only the bytes (nbits = 8 * length), the decoder reads exactly the counted
    non-zeros; before the count was sent, zero padding after a final level could be read
    as further (gap 1, sign +, level 1) triples."""
    q = quantizers.get("qsgd", s=2)
    rng = np.random.default_rng(0)
    padded = 0
    for _ in range(200):
        x = rng.standard_normal(12) * (rng.random(12) < 0.5)
        msg = q.encode(x, rng=rng)
        padded += msg.nbits % 8 != 0
        blind = Message(msg.payload, 8 * len(msg.payload), msg.d, msg.scheme)
        np.testing.assert_array_equal(q.decode(blind), q.decode(msg))
    assert padded > 100


def test_corrupted_payloads_raise_decode_error():
    q = quantizers.get("qsgd", s=2)
    np.testing.assert_array_equal(q.decode(_payload(2.0, [(2, 1, 1)])), [0, -1.0, 0, 0])
    with pytest.raises(DecodeError, match="beyond"):
        q.decode(_payload(1.0, [(3, 0, 1), (2, 0, 1)]))
    with pytest.raises(DecodeError, match="level"):
        q.decode(_payload(1.0, [(1, 0, 3)]))
    with pytest.raises(DecodeError, match="scale"):
        q.decode(_payload(-1.0, []))
    with pytest.raises(DecodeError, match="zero scale"):
        q.decode(_payload(0.0, [(1, 0, 1)]))
