"""QSGD's compiled rounding, estimate and bit count equal the numpy reference on the stream,
and its compiled omega coder equals the plain-Python one."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.coding import BitWriter, write_float
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.kernels import stream
from commbounds.quantizers import Message
from commbounds.quantizers.qsgd import omega_length, row_scale, write_omega


def _reference(X, s, norm, rng):
    scale = row_scale(X, norm)
    keys = stream.row_keys(rng, X.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(scale[:, None] > 0, np.abs(X) / scale[:, None], 0.0)
    u = np.clip(a, 0.0, 1.0) * s
    fl = np.minimum(np.floor(u), s - 1)
    zeta = (fl + (stream.uniforms(keys, X.shape[1]) < u - fl)).astype(np.int64)
    sign = np.where((X < 0) & (zeta > 0), -1.0, 1.0)
    est = np.where(zeta > 0, scale[:, None] * (sign * zeta / s), 0.0)
    return zeta, est


@pytest.mark.parametrize("norm", ["l2", "linf"])
@pytest.mark.parametrize("s", [1, 3, 16])
def test_compiled_qsgd_equals_reference(norm, s):
    X = np.random.default_rng(s).standard_normal((4, 300))
    X[1] = 0.0                                           # a zero row: scale 0, all levels 0
    q = quantizers.get("qsgd", s=s, norm=norm)
    rep = q._draw(X, np.random.default_rng(9), None)
    zeta, est = _reference(X, s, norm, np.random.default_rng(9))
    np.testing.assert_array_equal(rep["zeta"], zeta)
    out = q._estimate(rep, X.shape[1], None, None)
    np.testing.assert_array_equal(out, est)
    assert not np.signbit(out[zeta == 0]).any()          # zeros are +0.0


@pytest.mark.parametrize("s", [1, 16, 300])
def test_fused_bit_count_equals_the_count_from_the_levels(s):
    # the rounding pass counts the omega codes per 64-coordinate block; the numpy count from
    # the levels alone (the rep without the pass's count) is the reference
    X = np.random.default_rng(s).standard_t(2, size=(3, 1000))
    X[1] = 0.0
    X[2, ::7] = 0.0
    q = quantizers.get("qsgd", s=s)
    rep = q._draw(X, np.random.default_rng(1), None)
    assert rep["zeta"].dtype == np.uint8 if s < 256 else np.uint16
    ref = q._bits({"zeta": rep["zeta"].astype(np.int64)}, X.shape[1])
    np.testing.assert_array_equal(q._bits(rep, X.shape[1]), ref)
    assert int(ref[1]) == 64 + 1                          # no non-zeros: the count's omega(1)


def _python_body(zeta, neg):
    """The payload body with the plain-Python omega coder (the reference)."""
    w = BitWriter()
    nz = np.flatnonzero(zeta)
    write_omega(w, [nz.size + 1])
    prev = 0
    for i in nz.tolist():
        write_omega(w, [i + 1 - prev])
        w.write_uint(int(neg[i]), 1)
        write_omega(w, [int(zeta[i])])
        prev = i + 1
    payload, n = w.getvalue()
    return np.unpackbits(np.frombuffer(payload, np.uint8))[:n]


def test_compiled_omega_coder_equals_the_python_coder():
    from commbounds.kernels import _qsgd

    rng = np.random.default_rng(3)
    d = 5000
    zeta = np.where(rng.random(d) < 0.05, rng.integers(1, 2**40, d), 0)
    zeta[[0, d - 1]] = [2**62, 1]                          # the largest level, both ends
    neg = (rng.random(d) < 0.5) & (zeta > 0)
    bits = _qsgd.qsgd_encode(zeta, neg)
    np.testing.assert_array_equal(bits, _python_body(zeta, neg))
    count, used = _qsgd.omega_decode1(bits)
    assert count - 1 == np.count_nonzero(zeta)
    where, level = np.empty(count - 1, np.int64), np.empty(count - 1, np.int64)
    sign = np.empty(count - 1, bool)
    read, t = _qsgd.qsgd_decode(bits[used:], d, 2**62, where, level, sign)
    assert read == bits.size - used and t == -1
    np.testing.assert_array_equal(where, np.flatnonzero(zeta))
    np.testing.assert_array_equal(level, zeta[zeta > 0])
    np.testing.assert_array_equal(sign, neg[zeta > 0])
    # every codeword length, against the Python coder's
    values = np.concatenate([np.arange(1, 2000), [2**40 + 3, 2**62]])
    assert all(_qsgd.omega_len(v) == omega_length(v) for v in values[::37])


def test_compiled_omega_reader_refuses_bad_codewords():
    from commbounds.kernels import _qsgd

    assert _qsgd.omega_decode1(np.array([1, 1], np.uint8))[1] == _qsgd.TRUNCATED
    assert _qsgd.omega_decode1(np.ones(200, np.uint8))[1] == _qsgd.TOO_LONG
    bits = _qsgd.qsgd_encode(np.array([0, 3, 0, 2]), np.array([False, True, False, False]))
    count, used = _qsgd.omega_decode1(bits)
    out = np.empty(count - 1, np.int64), np.empty(count - 1, np.int64), np.empty(count - 1, bool)
    assert _qsgd.qsgd_decode(bits[used:-1], 4, 3, *out) == (_qsgd.TRUNCATED, 1)
    assert _qsgd.qsgd_decode(bits[used:], 4, 2, *out) == (_qsgd.ABOVE_S, 0)
    assert _qsgd.qsgd_decode(bits[used:], 3, 3, *out) == (_qsgd.BEYOND_D, 1)
    # the scheme turns each code into a DecodeError
    w = BitWriter()
    write_float(w, 1.0)
    w.write_bits(bits[:-1])
    payload, n = w.getvalue()
    with pytest.raises(DecodeError, match="truncated"):
        quantizers.get("qsgd", s=3).decode(Message(payload, n, 4, "qsgd"))


@pytest.mark.parametrize("bad, match", [(np.nan, "NaN"), (-np.inf, "NaN or inf"), (1e151, "above")])
@pytest.mark.parametrize("norm", ["l2", "linf"])
def test_quantize_refuses_what_validation_refuses(bad, match, norm):
    # quantize leaves the entry checks to the scale; the errors are validate_vectors' own
    X = np.ones((2, 50))
    X[1, 17] = bad
    with pytest.raises(InvalidInputError, match=match):
        quantizers.get("qsgd", s=4, norm=norm).quantize(X, rng=0)
