"""Decoder fuzzing: truncated, extended, bit-flipped and random payloads for every registered
scheme and every BitReader-based coder.

The decoder must either raise :class:`~commbounds.errors.DecodeError` or return a
well-formed float64 array of the message's shape -- never another exception (a *crash*),
never an answer after more than ``LIMIT_S`` = 2 s of CPU time (a *hang*: a SIGPROF timer
interrupts Python code, and a call that returns late from compiled code, where no signal
handler runs, counts too; CPU time, so a loaded machine does not make one), and never more than
``MAX_PEAK`` = 1 GiB (a *memory blow-up*: the traced peak of Python and numpy allocations,
and the growth of the process' peak resident size for compiled code's own).

The fast profile (``ci``, 60 examples per test) runs with the normal tests; the tests marked
``slow`` repeat every fuzzer with at least 10^4 examples per scheme/coder, and
``$COMMBOUNDS_FUZZ_STATS`` names a JSON file for the tallies (see ``STATS``)::

    COMMBOUNDS_FUZZ_STATS=fuzz.json python -m pytest -n 0 -m slow tests/test_fuzz_decoders.py
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import json
import os
import resource
import signal
import time
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commbounds import quantizers
from commbounds.coding import (
    BitReader,
    BitWriter,
    read_delta,
    read_gamma,
    read_integer_vector,
    unrank_positions,
    write_gamma,
    write_integer_vector,
)
from commbounds.coding import multinomial as mn
from commbounds.errors import CommboundsError, DecodeError, InvalidInputError
from commbounds.quantizers import Message

D = 24
#: hard caps per call: payload size, time (a hang is slower) and memory (a blow-up is more)
MAX_BYTES = 256
LIMIT_S = 2.0
MAX_PEAK = 2**30
#: largest receiver d the lying-fields fuzzer declares: a legitimate float64 output of this
#: size, even with a few temporaries of its size, stays far below MAX_PEAK
MAX_RECEIVER_D = 2**20
assert 16 * 8 * MAX_RECEIVER_D <= MAX_PEAK

SCHEMES = quantizers.available()
# the per-call caps are the guard's (a SIGALRM timer), not hypothesis' deadline, which would
# also count the drawing of the example
FAST = settings(deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(parent=settings.get_profile("slow"), max_examples=max(10_000, settings.get_profile("slow").max_examples),
                deadline=None, suppress_health_check=list(HealthCheck))


class Hang(Exception):
    """A call that took more than LIMIT_S (deliberately not a CommboundsError)."""


class MemoryBlowUp(Exception):
    """A call that used more than MAX_PEAK (deliberately not a CommboundsError)."""


def _resident() -> int:
    """The process' current resident size in bytes."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()


def _peak_resident() -> int:
    """The process' peak resident size in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@contextlib.contextmanager
def guarded():
    """The caps of one call: ``LIMIT_S`` seconds of CPU time (so a loaded machine does not
    make a hang; a SIGPROF timer, and the time used, for a call that returns late from
    compiled code, where no signal handler runs) and ``MAX_PEAK``
    bytes (traced numpy and Python allocations, and the growth of the peak resident size,
    which compiled code's allocations raise too)."""
    def _alarm(signum, frame):
        raise Hang(f"no answer within {LIMIT_S} s of CPU time")

    old = signal.signal(signal.SIGPROF, _alarm)
    rss0, peak0 = _resident(), _peak_resident()
    tracemalloc.start()
    t0 = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, LIMIT_S)
    try:
        yield
    except Hang:
        _stop_caps(old)
        raise
    except BaseException as exc:
        _check_caps(old, t0, rss0, peak0, cause=exc)
        raise
    _check_caps(old, t0, rss0, peak0)


def _stop_caps(old_handler) -> tuple[float, int]:
    signal.setitimer(signal.ITIMER_PROF, 0)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    signal.signal(signal.SIGPROF, old_handler)
    return time.process_time(), traced


def _check_caps(old_handler, t0, rss0, peak0, cause=None) -> None:
    t1, traced = _stop_caps(old_handler)
    peak1 = _peak_resident()
    grown = peak1 - rss0 if peak1 > peak0 else 0
    if max(traced, grown) > MAX_PEAK:
        raise MemoryBlowUp(f"{max(traced, grown) / 2**20:.0f} MiB (traced {traced / 2**20:.0f} MiB, "
                           f"resident growth {grown / 2**20:.0f} MiB)") from cause
    if t1 - t0 > LIMIT_S:
        raise Hang(f"answered after {t1 - t0:.1f} s of CPU time") from cause


# ----------------------------------------------------------------------------- mutations
def _bits(payload: bytes, nbits: int) -> np.ndarray:
    return np.unpackbits(np.frombuffer(payload, np.uint8))[:nbits] if nbits else np.zeros(0, np.uint8)


def _pack(bits: np.ndarray) -> tuple[bytes, int]:
    bits = np.asarray(bits, np.uint8)
    return (np.packbits(bits).tobytes() if bits.size else b""), int(bits.size)


@st.composite
def mutated(draw, payload: bytes, nbits: int):
    """One of: truncate, extend, flip bits, replace by random bits (sizes capped)."""
    bits = _bits(payload, nbits)
    kind = draw(st.sampled_from(["truncate", "extend", "flip", "random", "flip+truncate"]))
    if kind in ("truncate", "flip+truncate"):
        bits = bits[: draw(st.integers(0, max(bits.size - 1, 0)))] if bits.size else bits
    if kind == "extend":  # 1 to 64 random bits (drawn as bytes: one draw, not one per bit)
        extra = np.unpackbits(np.frombuffer(draw(st.binary(min_size=1, max_size=8)), np.uint8))
        bits = np.concatenate([bits, extra[: extra.size - draw(st.integers(0, 7))]])
    if kind in ("flip", "flip+truncate") and bits.size:
        pos = draw(st.lists(st.integers(0, bits.size - 1), min_size=1, max_size=8))
        bits = bits.copy()
        bits[pos] ^= 1
    if kind == "random":
        raw = draw(st.binary(min_size=0, max_size=MAX_BYTES))
        cut = draw(st.integers(0, 7)) if raw else 0
        bits = np.unpackbits(np.frombuffer(raw, np.uint8))[: 8 * len(raw) - cut]
    return _pack(bits[: 8 * MAX_BYTES])


# ----------------------------------------------------------------------------- schemes
_ENCODED: dict[str, tuple] = {}


def _encoded(name):
    """An honest message of the scheme (cached) and what decode needs besides it."""
    if name not in _ENCODED:
        cls = quantizers.registry.scheme_class(name)
        q = quantizers.get(name, **cls.typical)
        x = cls.sample_input(np.random.default_rng(11), D, cls.typical)
        side = q.sample_side(x, np.random.default_rng(12))
        msg = q.encode(x, rng=np.random.default_rng(13), shared=5)
        q.decode(msg, shared=5, side=side)  # compiles the decoder's kernels outside the caps
        _ENCODED[name] = (q, msg, side)
    return _ENCODED[name]


#: tallies of every fuzzed call per fuzzer and scheme ("corruption:sar", "lying:sar") or
#: coder ("coder:gamma"): calls, clean errors, valid decodes, crashes, hangs, memory
#: blow-ups; written as JSON to $COMMBOUNDS_FUZZ_STATS at exit when that is set
STATS: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


@atexit.register
def _write_stats():  # pragma: no cover - only with COMMBOUNDS_FUZZ_STATS
    path = os.environ.get("COMMBOUNDS_FUZZ_STATS")
    if path and STATS:
        with open(path, "w") as fh:
            json.dump({k: dict(v) for k, v in sorted(STATS.items())}, fh, indent=1, sort_keys=True)


def _tallied(name: str, fn, clean=(DecodeError,)):
    """Run one fuzzed call under the caps, counting its outcome; a non-clean exception, a hang
    or a memory blow-up fails."""
    STATS[name]["calls"] += 1
    try:
        with guarded():
            out = fn()
    except Hang:
        STATS[name]["hangs"] += 1
        raise
    except MemoryBlowUp:
        STATS[name]["memory blow-ups"] += 1
        raise
    except clean:
        STATS[name]["clean errors"] += 1
        return None
    except BaseException:
        STATS[name]["crashes"] += 1
        raise
    STATS[name]["valid decodes"] += 1
    return out


def _decode_is_clean(q, payload: bytes, nbits: int, d: int, side, shared=5,
                     clean=(DecodeError,), fuzzer="corruption") -> None:
    msg = Message(payload, nbits, d, q.name)
    out = _tallied(f"{fuzzer}:{q.name}", lambda: q.decode(msg, shared=shared, side=side), clean)
    if out is not None:
        assert isinstance(out, np.ndarray) and out.shape == (d,) and out.dtype == np.float64
        assert np.all(np.isfinite(out)), "a decode returned inf or NaN"


#: Known decoder bugs, each a strict xfail: the payload that shows it (checked first, so the
#: xfail is deterministic) and the failure.  Empty: every bug the fuzzers found is fixed.
DECODER_BUGS: dict[str, tuple[tuple[bytes, int], str]] = {}


def _params(names):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=DECODER_BUGS[n][1]))
            if n in DECODER_BUGS else n for n in names]


def _scheme_fuzz(name, data):
    q, msg, side = _encoded(name)
    if name in DECODER_BUGS:
        _decode_is_clean(q, *DECODER_BUGS[name][0], msg.d, side)
    payload, nbits = data.draw(mutated(msg.payload, msg.nbits), label="payload")
    _decode_is_clean(q, payload, nbits, msg.d, side)


@pytest.mark.parametrize("name", _params(SCHEMES))
@FAST
@given(data=st.data())
def test_scheme_decoder_survives_corruption(name, data):
    _scheme_fuzz(name, data)


@pytest.mark.slow
@pytest.mark.parametrize("name", _params(SCHEMES))
@SLOW
@given(data=st.data())
def test_scheme_decoder_survives_corruption_at_scale(name, data):
    _scheme_fuzz(name, data)


#: shared values a hostile or careless caller passes; all must be refused cleanly
HOSTILE_SHARED = [1.5, "5", True, -1, 2**64, np.random.default_rng(0), [5], b"5"]


@st.composite
def lying(draw, msg):
    """A message whose fields lie: the receiver's d, a mutated payload, a hostile shared."""
    d = draw(st.one_of(st.just(msg.d), st.integers(1, 64), st.integers(1, MAX_RECEIVER_D)), label="d")
    if draw(st.booleans()):
        payload, nbits = msg.payload, msg.nbits
    else:
        payload, nbits = draw(mutated(msg.payload, msg.nbits), label="payload")
    shared = draw(st.one_of(st.just(5), st.integers(0, 2**64 - 1), st.sampled_from(HOSTILE_SHARED)),
                  label="shared")
    return payload, nbits, d, shared


def _lying_fuzz(name, data):
    q, msg, _ = _encoded(name)
    payload, nbits, d, shared = data.draw(lying(msg))
    side = np.zeros(d) if q.needs_side else None
    _decode_is_clean(q, payload, nbits, d, side, shared=shared, clean=(DecodeError, InvalidInputError),
                     fuzzer="lying")


@pytest.mark.parametrize("name", SCHEMES)
@FAST
@given(data=st.data())
def test_scheme_decoder_survives_lying_fields(name, data):
    _lying_fuzz(name, data)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCHEMES)
@SLOW
@given(data=st.data())
def test_scheme_decoder_survives_lying_fields_at_scale(name, data):
    _lying_fuzz(name, data)


MISTYPED = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=4),
                     st.booleans(), st.integers(-2**70, 2**70), st.binary(max_size=4),
                     st.sampled_from([np.int32(24), np.uint8(3), np.float64(24.0), [24], {}]))


@pytest.mark.parametrize("field", ["payload", "nbits", "d", "scheme"])
@FAST
@given(value=MISTYPED)
def test_a_mistyped_message_field_is_a_decode_error_or_decodes(field, value):
    q, msg, side = _encoded("sar")
    kw = {"payload": msg.payload, "nbits": msg.nbits, "d": msg.d, "scheme": msg.scheme, field: value}
    with guarded():
        try:
            m = Message(**kw)
            q.decode(m, shared=5, side=side)
        except CommboundsError as exc:
            assert isinstance(exc, DecodeError | InvalidInputError), exc


@pytest.mark.parametrize("name", SCHEMES)
def test_scheme_decoder_rejects_a_huge_length_field(name):
    """An all-ones payload (the largest value in every length/weight/count field) and a
    leading run of zeros (the longest Elias prefix) are refused without a big allocation."""
    q, msg, side = _encoded(name)
    for payload in (b"\xff" * MAX_BYTES, b"\x00" * (MAX_BYTES - 1) + b"\x01", b"\x80" + b"\x00" * 15):
        _decode_is_clean(q, payload, 8 * len(payload), msg.d, side)


# ----------------------------------------------------------------------------- coders
def _honest_coder_payloads():
    """Honest payloads of each coder with the arguments its reader needs."""
    rng = np.random.default_rng(3)
    w = BitWriter()
    write_gamma(w, [1, 5, 1000, 2**40])
    g = w.getvalue()
    from commbounds.coding import write_delta

    w = BitWriter()
    write_delta(w, [1, 7, 2**50])
    de = w.getvalue()
    v = rng.multinomial(30, np.full(D, 1.0 / D))
    w = BitWriter()
    write_integer_vector(w, v)
    iv = w.getvalue()
    s = rng.integers(0, 5, size=D)
    counts = np.bincount(s, minlength=5)
    w = BitWriter()
    mn.write_string(w, s, counts)
    ms = w.getvalue()
    return {
        "gamma": (g, lambda r: read_gamma(r, 4)),
        "delta": (de, lambda r: read_delta(r, 3)),
        "integer-vector": (iv, lambda r: read_integer_vector(r, D, 30)),
        "unrank": (iv, lambda r: unrank_positions(r.read_uint(r.remaining), D + 29, 30)),
        "multinomial": (ms, lambda r: mn.read_string(r, counts)),
        "huge-weight": (iv, lambda r: read_integer_vector(r, D, int(r.read_uint(min(62, r.remaining))))),
        "huge-histogram": (ms, lambda r: mn.read_string(r, np.full(5, int(r.read_uint(min(40, r.remaining)))))),
    }


CODERS = _honest_coder_payloads()
# each reader decodes its honest payload once outside the CPU-time cap, so compiling a
# kernel on a cold cache (seconds) is never mistaken for a hang
for (_payload, _nbits), _read in CODERS.values():
    try:
        _read(BitReader(_payload, _nbits))
    except CommboundsError:
        pass


def _coder_fuzz(name, data):
    (payload, nbits), read = CODERS[name]
    payload, nbits = data.draw(mutated(payload, nbits), label="payload")
    out = _tallied(f"coder:{name}", lambda: read(BitReader(payload, nbits)))
    if out is not None:
        assert isinstance(out, np.ndarray) and out.dtype.kind in "iu"


@pytest.mark.parametrize("name", list(CODERS))
@FAST
@given(data=st.data())
def test_coder_survives_corruption(name, data):
    _coder_fuzz(name, data)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CODERS))
@SLOW
@given(data=st.data())
def test_coder_survives_corruption_at_scale(name, data):
    _coder_fuzz(name, data)


def test_huge_declared_weight_is_refused_before_allocating():
    """A weight of 2**61 on a 64-bit payload must be refused by the size check, not by a
    failed allocation."""
    r = BitReader(b"\xff" * 8, 64)
    with guarded(), pytest.raises(DecodeError):
        read_integer_vector(r, D, 2**61)
    with guarded(), pytest.raises(DecodeError):
        mn.read_string(BitReader(b"\xff" * 8, 64), np.full(4, 2**40))


def test_the_caps_catch_a_hang_and_a_memory_blow_up(monkeypatch):
    """The guard itself: CPU time past the limit is a Hang, an allocation past MAX_PEAK a
    MemoryBlowUp (never counted as a clean error or a crash), whatever the call raised."""
    monkeypatch.setattr(f"{__name__}.LIMIT_S", 0.05)
    def spin():
        while True:                         # Python bytecode: the timer's handler runs
            pass

    with pytest.raises(Hang):
        _tallied("cap-test", spin)
    with pytest.raises(MemoryBlowUp):       # never touched, so it costs address space only
        _tallied("cap-test", lambda: np.empty(MAX_PEAK + 2**20, np.uint8))

    def allocate_then_refuse():
        big = np.empty(MAX_PEAK + 2**20, np.uint8)
        raise DecodeError(f"refused after allocating {big.size} bytes")

    with pytest.raises(MemoryBlowUp):
        _tallied("cap-test", allocate_then_refuse)
    assert STATS.pop("cap-test") == {"calls": 3, "hangs": 1, "memory blow-ups": 2}
