"""Suresh et al. 2017: k-level (``pi_sk``), rotated (``pi_srk``) and variable-length (``pi_svk``).

Seeds are fixed; tolerances are z * sd / sqrt(T) with z = 4.9 (two-sided 1 - 1e-6 per
entry), see ``tests/stats.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers import Message
from commbounds.quantizers.suresh_klevel import klevel_round
from tests.stats import assert_mean_at_most, assert_mean_equals

T = 20_000
X = np.array([0.3, -1.1, 0.0, 2.0, -0.05, 0.75, 5.5, -3.2])
SCHEMES = ["suresh-klevel", "suresh-rotated", "suresh-vlc"]


@pytest.mark.parametrize("name", SCHEMES)
@pytest.mark.parametrize("k", [2, 5, 16])
def test_unbiased_per_coordinate(name, k):
    q = quantizers.get(name, k=k)
    out = q.quantize(np.broadcast_to(X, (T, X.size)), rng=np.random.default_rng(k), shared=3)
    assert_mean_equals(out.estimate, X)


@pytest.mark.parametrize("k", [2, 5, 16])
def test_klevel_exact_variance_and_theorem2(k):
    q = quantizers.get("suresh-klevel", k=k)
    out = q.quantize(np.broadcast_to(X, (T, X.size)), rng=np.random.default_rng(1))
    lo, hi = X.min(), X.max()
    step = (hi - lo) / (k - 1)
    r = np.minimum(np.floor((X - lo) / step), k - 2)
    var = (lo + (r + 1) * step - X) * (X - lo - r * step)
    assert_mean_equals((out.estimate - X) ** 2, var)
    sq = ((out.estimate - X) ** 2).sum(axis=1)
    d = X.size
    assert_mean_at_most(sq, d * (hi - lo) ** 2 / (4 * (k - 1) ** 2))
    assert_mean_at_most(sq, d * (X @ X) / (2 * (k - 1) ** 2))  # Theorem 2, n = 1


def test_estimates_lie_on_the_grid_between_neighbours():
    k = 7
    out = quantizers.get("suresh-klevel", k=k).quantize(np.broadcast_to(X, (300, X.size)), rng=0)
    t = (out.estimate - X.min()) / (X.max() - X.min()) * (k - 1)
    np.testing.assert_allclose(t, np.round(t), atol=1e-9)
    assert np.all(np.abs(out.estimate - X) <= (X.max() - X.min()) / (k - 1) + 1e-12)


def test_vlc_estimate_equals_klevel_and_costs_at_most_the_histogram_more():
    x = np.random.default_rng(5).standard_normal((200, 64))
    a = quantizers.get("suresh-klevel", k=8).quantize(x, rng=np.random.default_rng(6))
    b = quantizers.get("suresh-vlc", k=8).quantize(x, rng=np.random.default_rng(6))
    np.testing.assert_array_equal(a.estimate, b.estimate)
    hist = math.ceil(math.log2(math.comb(64 + 8 - 1, 8 - 1)))
    assert np.all(b.bits <= a.bits + hist)


def test_bits_match_the_payload_formulas():
    d, k = 37, 6
    x = np.random.default_rng(2).standard_t(3, size=d)
    fixed = quantizers.get("suresh-klevel", k=k).encode(x, rng=np.random.default_rng(3))
    assert fixed.nbits == 128 + d * math.ceil(math.log2(k))
    rot = quantizers.get("suresh-rotated", k=k).encode(x, rng=np.random.default_rng(3), shared=1)
    assert rot.nbits == 128 + 64 * math.ceil(math.log2(k))
    vlc = quantizers.get("suresh-vlc", k=k).encode(x, rng=np.random.default_rng(3))
    levels = klevel_round(x[None], k, np.random.default_rng(3))[0][0]
    counts = np.bincount(levels, minlength=k)
    M = math.factorial(d) // math.prod(math.factorial(int(c)) for c in counts)
    # histogram and level string are range-coded: the enumerative lengths plus one bit each
    # (payload format 3)
    assert vlc.nbits == 128 + (math.comb(d + k - 1, k - 1) - 1).bit_length() + 1 + (M - 1).bit_length() + 1


def test_vlc_is_short_when_most_levels_coincide():
    # zeros sit exactly on X_min, so 990 of 1000 levels are 0 and the string is cheap ...
    x = np.zeros(1000)
    x[:10] = np.abs(np.random.default_rng(0).standard_normal(10)) * 5
    q = quantizers.get("suresh-vlc", k=16)
    cheap = q.encode(x, rng=np.random.default_rng(1)).nbits
    assert cheap < 0.1 * (128 + 1000 * 4)
    # ... but with signed spikes the zeros fall inside an interval and split between two
    # levels, up to a bit per coordinate (the insensitivity to sparseness huang2019 notes)
    x[:5] *= -1
    assert q.encode(x, rng=np.random.default_rng(1)).nbits > cheap + 250


def test_rotation_reduces_the_error_on_a_spiky_vector():
    d, k, trials = 1024, 4, 40
    x = 0.01 * np.random.default_rng(0).standard_normal(d)
    x[0] = 10.0
    plain = quantizers.get("suresh-klevel", k=k).quantize(np.broadcast_to(x, (trials, d)), rng=1)
    sq_plain = ((plain.estimate - x) ** 2).sum(axis=1)
    sq_rot = []
    for seed in range(trials):  # a fresh rotation (shared seed) per trial
        est = quantizers.get("suresh-rotated", k=k).quantize(x, rng=seed, shared=seed).estimate
        sq_rot.append(((est - x) ** 2).sum())
    sq_rot = np.array(sq_rot)
    # Theorem 3 (n = 1), natural log of the padded dimension, as in the paper's proof
    assert_mean_at_most(sq_rot, (2 * math.log(d) + 2) * (x @ x) / (k - 1) ** 2)
    assert sq_rot.mean() < 0.5 * sq_plain.mean()


def test_rotated_decoder_needs_the_same_shared_seed():
    q = quantizers.get("suresh-rotated", k=256)
    x = np.random.default_rng(0).standard_normal(20)
    msg = q.encode(x, rng=0, shared=1)
    assert np.linalg.norm(q.decode(msg, shared=1) - x) < 0.2
    assert np.linalg.norm(q.decode(msg, shared=2) - x) > 1.0


@pytest.mark.parametrize("name", SCHEMES)
def test_constant_and_large_k_vectors(name):
    q = quantizers.get(name, k=2)
    c = np.full(5, -2.5)
    if name != "suresh-rotated":
        np.testing.assert_array_equal(q.decode(q.encode(c, rng=0)), c)
    big = quantizers.get(name, k=1000)
    x = np.random.default_rng(1).standard_normal(30)
    msg = big.encode(x, rng=0, shared=2)
    np.testing.assert_array_equal(big.decode(msg, shared=2), big.quantize(x, rng=0, shared=2).estimate)


@pytest.mark.parametrize("name", SCHEMES)
def test_parameters_are_validated(name):
    for k in (1, 0, -3, 2.5, "4", True):
        with pytest.raises(InvalidInputError, match="k"):
            quantizers.get(name, k=k)
    with pytest.raises(InvalidInputError, match="k"):
        quantizers.get(name, k=2**40)


def test_vlc_caps_the_alphabet():
    with pytest.raises(InvalidInputError, match="k"):
        quantizers.get("suresh-vlc", k=2**21)


def test_bad_range_and_bad_level_raise_decode_error():
    q = quantizers.get("suresh-klevel", k=3)
    msg = q.encode(np.array([1.0, 2.0]), rng=0)
    raw = bytearray(msg.payload)
    raw[0:8] = np.float64(np.nan).tobytes()[::-1]  # X_min := NaN (big-endian)
    with pytest.raises(DecodeError, match="range"):
        q.decode(Message(bytes(raw), msg.nbits, 2, "suresh-klevel"))
    bits = np.unpackbits(np.frombuffer(msg.payload, np.uint8))[: msg.nbits].copy()
    bits[128:130] = 1  # level index 3 >= k
    with pytest.raises(DecodeError, match="level"):
        q.decode(Message(np.packbits(bits).tobytes(), msg.nbits, 2, "suresh-klevel"))
