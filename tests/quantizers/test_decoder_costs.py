"""A decode costs what its payload is worth: declared weights and counts are checked
against what the payload can back, the receiver's ``d`` is checked before it sizes
anything, and a Message's fields are integers and bytes or a DecodeError.

Each call runs under a time limit and a cap on traced memory (the fuzzers' ``guarded``).
"""

from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.coding import BitWriter, write_gamma
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers import Message
from commbounds.quantizers.sar import max_weight

SCHEMES = quantizers.available()


def _honest(name, d=24):
    cls = quantizers.registry.scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    x = cls.sample_input(np.random.default_rng(11), d, cls.typical)
    return q, q.encode(x, rng=np.random.default_rng(13), shared=5), q.sample_side(x, np.random.default_rng(12))


def _capped(fn, seconds=2.0, mib=64):
    tracemalloc.start()
    t = time.process_time()         # CPU time: a loaded machine does not make a slow decode
    try:
        return fn()
    finally:
        elapsed = time.process_time() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < seconds, f"took {elapsed:.1f} s of CPU time"
        assert peak < mib * 2**20, f"allocated {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("nbytes", [66, 73])
@pytest.mark.parametrize("d,w", [(2, 2**62 - 1), (2, 2**40), (24, 2**33)])
def test_a_sar_weight_bomb_is_refused_before_its_walk(d, w, nbytes):
    """The 66- and 73-byte payloads that took 9.8 s and 43 s: a declared weight far above
    what any encoder sends."""
    wr = BitWriter()
    write_gamma(wr, [w + 1])
    head, n = wr.getvalue()
    wr.write_bits(np.ones(8 * nbytes - n, np.uint8))
    payload, nbits = wr.getvalue()
    assert len(payload) == nbytes
    q = quantizers.get("sar", F=0.25)
    with pytest.raises(DecodeError, match="weight"):
        _capped(lambda: q.decode(Message(payload, nbits, d, "sar")))


def test_sar_refuses_an_input_beyond_its_weight_cap_on_both_paths():
    q = quantizers.get("sar", F=1e-6)
    x = np.ones(8)
    for call in (lambda: q.encode(x, rng=0), lambda: q.quantize(x, rng=0)):
        with pytest.raises(InvalidInputError, match=r"2\^16 \+ 128 d"):
            _capped(call)
    ok = np.full(8, (max_weight(8) - 8) * 1e-6 / 8)      # just under the cap still codes
    msg = q.encode(ok, rng=0)
    assert np.array_equal(q.decode(msg), q.quantize(ok, rng=0).estimate)


@pytest.mark.parametrize("name", SCHEMES)
def test_a_receivers_large_d_is_checked_against_the_payload(name):
    """A 24-dimensional payload read at d = 10^7: refused, or decoded at the cost of the
    output itself (allocated once), never gigabytes of work first."""
    q, msg, side = _honest(name)
    d = 10**7
    side = None if side is None else np.zeros(d)
    try:
        _capped(lambda: q.decode(Message(msg.payload, msg.nbits, d, name), shared=5, side=side),
                seconds=5.0, mib=16 + 8 * d / 2**20)
    except DecodeError:
        pass


def test_qsgd_decodes_a_short_payload_at_a_huge_d_into_the_output_alone():
    """QSGD's zeros cost no bits, so a 20-byte payload is valid at any d: at d = 10^8 it cost
    1.6 GB (dense levels and signs beside the output); now the output once."""
    q = quantizers.get("qsgd", s=4)
    msg = q.encode(np.array([1.0, 0.0, -2.0, 0.5, 0.0, 3.0, -0.25, 1.5]), rng=0)
    assert len(msg.payload) <= 20
    d = 10**8
    out = _capped(lambda: q.decode(Message(msg.payload, msg.nbits, d, "qsgd")), mib=1 + 8 * d / 2**20)
    assert out.shape == (d,) and np.count_nonzero(out) == np.count_nonzero(q.decode(msg))


@pytest.mark.parametrize("field,value", [
    ("d", 24.0), ("d", "24"), ("d", None), ("d", float("inf")), ("d", True), ("d", 2**41),
    ("nbits", 8.0), ("nbits", None), ("nbits", "8"), ("nbits", float("nan")),
    ("payload", "abc"), ("payload", None), ("payload", [1, 2]), ("scheme", None), ("scheme", 3),
])
def test_a_message_with_a_mistyped_field_is_a_decode_error(field, value):
    kw = {"payload": b"\x00", "nbits": 8, "d": 24, "scheme": "sar"}
    kw[field] = value
    with pytest.raises(DecodeError):
        Message(**kw)


@pytest.mark.parametrize("name", SCHEMES)
def test_numpy_integer_fields_decode_exactly_as_python_ints(name):
    q, msg, side = _honest(name, d=200)
    ref = q.decode(msg, shared=5, side=side)
    for t in (np.int32, np.int64, np.uint16):
        alt = Message(msg.payload, t(msg.nbits) if msg.nbits < 2**15 else msg.nbits, t(msg.d), name)
        assert type(alt.d) is int and type(alt.nbits) is int
        assert np.array_equal(q.decode(alt, shared=5, side=side), ref)


#: schemes whose payload is sparse: a few bits back any d, so the output is all a decode
#: may cost (the dense formats' payloads back their d, a bit or more per coordinate)
SPARSE = ["bernoulli-subsample", "qsgd", "random-k", "rtop-k", "simq", "simq-plus", "top-k", "wangni"]


@pytest.mark.parametrize("name", SPARSE)
def test_a_sparse_payload_decodes_into_its_output_alone(name):
    """The output allocated once: no dense levels, masks or counts beside it, no temporaries
    of its size (bernoulli-subsample, simq-plus and wangni took 3 to 4.4 times it, qsgd 2)."""
    d = 2**18
    cls = quantizers.registry.scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    rng = np.random.default_rng(3)
    x = cls.sample_input(rng, d, cls.typical) * (rng.random(d) < 0.01)   # 1 % non-zero
    msg = q.encode(x, rng=4, shared=5)
    assert msg.nbits < d                                      # sparse: less than a bit a coordinate
    out = _capped(lambda: q.decode(msg, shared=5), mib=0.5 + 8 * d / 2**20)
    assert np.array_equal(out, q.quantize(x, rng=4, shared=5).estimate)
