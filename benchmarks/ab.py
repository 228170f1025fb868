"""Before/after figures of the speed work, for whichever commbounds is importable.

Run it once per version (``PYTHONPATH=<checkout> python -m benchmarks.ab``), alternating
the versions, and compare the printed JSON; every figure is a ratio to a reference taken
in the same process on the same data (numpy's streaming add or copy of the input, or the
coded length limit), so the versions' figures compare even when the machine's speed drifts
between processes.  A payload path that would take longer than ``BUDGET_S`` per call is
measured at smaller sizes and extrapolated from the last two (log-log), and says so.
"""

from __future__ import annotations

import json
import math
import sys
import tracemalloc

import numpy as np

from benchmarks._harness import best_of, stream_add, stream_copy

BUDGET_S = 30.0
D = 10**7


def _q(name, **params):
    from commbounds import quantizers
    from commbounds.quantizers.registry import scheme_class

    return quantizers.get(name, **(params or scheme_class(name).typical))


def _input(q, d):
    from commbounds.quantizers.registry import scheme_class

    x = np.asarray(scheme_class(q.name).sample_input(np.random.default_rng(0), d, q.arguments), float)
    side = q.sample_side(x, np.random.default_rng(2)) if q.needs_side else None
    return x, side


def _quantize(name, params, ref, rounds=3):
    q = _q(name, **(params or {}))
    x, side = _input(q, D)
    q.quantize(x[:100_000], rng=1, side=None if side is None else side[:100_000])   # compile / warm
    t = best_of(lambda: q.quantize(x, rng=np.random.default_rng(1), side=side), rounds)
    r = min(ref(x), ref(x))
    return t, r


def _payload(name, params):
    """encode + decode at d = 10^7, or extrapolated from the largest sizes that fit
    (``params`` may be a function of ``d``)."""
    pts = []
    for d in (10**3, 10**4, 10**5, 10**6, 10**7):
        q = _q(name, **(params(d) if callable(params) else params))
        if len(pts) >= 2:
            (d0, t0), (d1, t1) = pts[-2:]
            slope = max(1.0, math.log(t1 / t0) / math.log(d1 / d0))
            if t1 * (d / d1) ** slope > BUDGET_S:
                return t1 * (D / d1) ** slope, f"extrapolated from d={d1:.0e} (slope {slope:.2f})"
        x = np.random.default_rng(0).standard_normal(d)
        if d == 10**3:
            q.decode(q.encode(x, rng=1))                         # compile / warm
        rounds = 3 if d <= 10**6 else 1

        def both(x=x, q=q):
            return q.decode(q.encode(x, rng=np.random.default_rng(1)))

        pts.append((d, best_of(both, rounds)))
    return pts[-1][1], "measured"


def _cw(m=10**6):
    w = m // 100
    pos = np.sort(np.random.default_rng(0).choice(m, size=w, replace=False))
    try:
        from commbounds.kernels.cw import cw_code_bits, decode_set, encode_set
    except ImportError:
        from commbounds.quantizers.coding import cw_bits, rank_positions, unrank_positions

        te = best_of(lambda: rank_positions(pos, m), 1)
        rank = rank_positions(pos, m)
        td = best_of(lambda: unrank_positions(rank, m, w), 1)
        return m / te, m / td, int(cw_bits(m, w)) - (math.comb(m, w) - 1).bit_length()
    encode_set(np.array([1, 3]), 10)
    te = best_of(lambda: encode_set(pos, m), 5)
    bits, nb = encode_set(pos, m)
    assert np.array_equal(decode_set(bits, m, w), pos)
    td = best_of(lambda: decode_set(bits, m, w), 5)
    return m / te, m / td, int(cw_code_bits(m, w)) - (math.comb(m, w) - 1).bit_length()


def _peak(name, params):
    q = _q(name, **(params or {}))
    x, side = _input(q, D)
    q.quantize(x[:100_000], rng=1, side=None if side is None else side[:100_000])
    tracemalloc.start()
    q.quantize(x, rng=1, side=side)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / x.nbytes


def _schemes():
    from commbounds import quantizers

    return [n for n in quantizers.available() if n not in ("lattice", "lattice-sublinear")]


def _paths(name, d, rounds=3):
    """(fast path, encode + decode) times of one vector at dimension ``d``."""
    q = _q(name)
    x, side = _input(q, d)
    shared = 3 if q.randomness == "public" else None
    q.quantize(x[:1000], rng=1, shared=shared, side=None if side is None else side[:1000])

    def pay():
        return q.decode(q.encode(x, rng=np.random.default_rng(1), shared=shared), shared=shared, side=side)

    pay_small = x[:1000]
    q.decode(q.encode(pay_small, rng=1, shared=shared), shared=shared,
             side=None if side is None else side[:1000])
    fast = best_of(lambda: q.quantize(x, rng=np.random.default_rng(1), shared=shared, side=side), rounds)
    return fast, best_of(pay, rounds)


def _elias(n=10**5):
    from commbounds.coding import BitReader, BitWriter, read_delta, read_gamma, write_delta, write_gamma

    v = np.random.default_rng(0).geometric(1e-3, n)
    out = {}
    for name, write, read in (("gamma", write_gamma, read_gamma), ("delta", write_delta, read_delta)):
        def enc(write=write):
            w = BitWriter()
            write(w, v)
            return w.getvalue()

        payload, nb = enc()
        read(BitReader(payload, nb), 10)
        out[name] = (n / best_of(enc, 3), n / best_of(lambda read=read: read(BitReader(payload, nb), n), 3))
    return out


def main(only: str | None = None) -> dict:
    """The figures of the sections named in ``only`` (comma-separated: quantize, payload,
    cw, peak, fwht), or all."""
    out = {}
    parts = set((only or "quantize,payload,cw,peak,fwht,simq,elias,vlc,paths,peaks").split(","))

    def put(key, value, note=""):
        out[key] = {"value": value, "note": note}
        print(f"{key}: {value:.4g} {note}", file=sys.stderr, flush=True)

    for name, params in (("sar", {"F": 0.25}), ("qsgd", {"s": 16}), ("lattice-cubic", None),
                         ("suresh-klevel", {"k": 16})):
        if "quantize" not in parts:
            break
        t, r = _quantize(name, params, stream_add)
        put(f"{name} quantize d=1e7 (x add rate)", r / t, f"{t * 1e3:.4g} ms, add {r * 1e3:.3g} ms")
    for name, params in (("top-k", {"k": 10_000}), ("rtop-k", {"k": 10_000, "r": 20_000})):
        if "quantize" not in parts:
            break
        t, r = _quantize(name, params, stream_copy)
        put(f"{name} quantize d=1e7 k=1e4 (x one copy)", t / r, f"{t * 1e3:.4g} ms, copy {r * 1e3:.3g} ms")
    x = np.random.default_rng(0).standard_normal(D)
    add = min(stream_add(x), stream_add(x))
    for name, params in (("sar", {"F": 0.25}), ("top-k", lambda d: {"k": d // 1000})):
        if "payload" not in parts:
            break
        t, how = _payload(name, params)
        put(f"{name} encode+decode d=1e7 (x one add)", t / add, f"{t:.4g} s, {how}")
    if "cw" in parts:
        enc, dec, over = _cw()
        put("constant-weight encode m=1e6 w=1e4 (symbols/s)", enc)
        put("constant-weight decode m=1e6 w=1e4 (symbols/s)", dec)
        put("constant-weight bits over ceil(log2 C(m,w))", float(over))
    for name, params in (("sar", {"F": 0.25}), ("qsgd", {"s": 16}), ("top-k", {"k": 10_000}),
                         ("lattice-cubic", None), ("suresh-klevel", {"k": 16})):
        if "peak" not in parts:
            break
        put(f"{name} peak memory quantize d=1e7 (x input)", _peak(name, params))
    if "fwht" in parts:
        try:
            from commbounds.quantizers.hadamard import fwht
        except ImportError:
            from commbounds.quantizers.coding.hadamard import fwht
        x = np.random.default_rng(0).standard_normal(2**23)
        fwht(x[:1024])
        t = best_of(lambda: fwht(x), 3)
        r = min(stream_copy(x), stream_copy(x))
        put("fwht D=2^23 (x one copy)", t / r, f"{t * 1e3:.4g} ms, copy {r * 1e3:.3g} ms")
    for name in ("suresh-rotated",):
        if "peak" not in parts:
            break
        put(f"{name} peak memory quantize d=1e7 (x input)", _peak(name, None))
    for name in ("simq", "cuq", "ratq", "simq-plus", "wangni"):
        if "simq" not in parts:
            break
        t, r = _quantize(name, None, stream_add)
        put(f"{name} quantize d=1e7 (x add rate)", r / t, f"{t * 1e3:.4g} ms, add {r * 1e3:.3g} ms")
    if "elias" in parts:
        for name, (enc, dec) in _elias().items():
            put(f"elias-{name} encode 1e5 symbols (symbols/s)", enc)
            put(f"elias-{name} decode 1e5 symbols (symbols/s)", dec)
    pts = []
    for d in (10**4, 5 * 10**4, 2 * 10**5, 10**6):
        if "vlc" not in parts:
            break
        if len(pts) >= 2:
            (d0, t0), (d1, t1) = pts[-2:]
            slope = max(1.0, math.log(t1 / t0) / math.log(d1 / d0))
            if t1 * (d / d1) ** slope > 4 * BUDGET_S:
                put(f"suresh-vlc encode+decode d={d:.0e} (s)", t1 * (d / d1) ** slope,
                    f"extrapolated from d={d1:.0e} (slope {slope:.2f})")
                continue
        fast, pay = _paths("suresh-vlc", d, rounds=1)
        pts.append((d, pay))
        put(f"suresh-vlc encode+decode d={d:.0e} (s)", pay, f"fast path {fast:.3g} s")
    for name in _schemes():
        if "paths" not in parts:
            break
        fast, pay = _paths(name, 10**5, rounds=1)
        if pay * 10 > BUDGET_S:
            put(f"{name} payload / fast path d=1e6", pay / fast, "measured at d=1e5: d=1e6 over budget")
            continue
        fast, pay = _paths(name, 10**6)
        put(f"{name} payload / fast path d=1e6", pay / fast, f"{pay:.3g} s / {fast:.3g} s")
    for name in _schemes():
        if "peaks" not in parts:
            break
        q = _q(name)
        x, side = _input(q, 10**5)
        t = best_of(lambda q=q, x=x, side=side: q.quantize(x, rng=1, side=side), 1)
        if t * 100 > 2 * BUDGET_S:
            put(f"{name} peak memory quantize d=1e7 (x input)", float("nan"), f"skipped: d=1e5 takes {t:.3g} s")
            continue
        put(f"{name} peak memory quantize d=1e7 (x input)", _peak(name, None))
    return out


if __name__ == "__main__":
    res = main(sys.argv[1] if len(sys.argv) > 1 else None)
    print(json.dumps(res))
