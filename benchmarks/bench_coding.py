"""Coders: bits over the limit and symbols per second.

* Constant-weight range coder (``commbounds.kernels.cw.encode_set`` / ``decode_set``, what
  SaR, sparse-dme and the sparsifiers write) at ``w = m/100``: bits over
  ``ceil(log2 C(m, w))`` (target <= 2 at ``m = 10^6``, ``w = 10^4``) and positions per
  second each way (target >= 10^8).  Sizes whose predicted time exceeds ``BUDGET_S`` are
  skipped and the prediction recorded.
* Elias gamma and delta: bits over the integer's binary length, and symbols per second
  through ``BitWriter`` / ``BitReader``.
* The level-string range coder of suresh-vlc (``commbounds.kernels.strings``) at
  ``d = 2 * 10^5``, 16 levels: bits over ``ceil(log2(d! / prod n_j!))`` (target <= 2) and
  symbols per second each way.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks._harness import SCALING, case_time, predict, record
from commbounds.coding import (
    BitReader,
    BitWriter,
    delta_length,
    gamma_length,
    read_delta,
    read_gamma,
    write_delta,
    write_gamma,
)
from commbounds.kernels.cw import cw_code_bits, decode_set, encode_set

BUDGET_S = 60.0
_RANKS: dict[int, tuple[int, np.ndarray]] = {}


def _positions(m: int) -> np.ndarray:
    w = m // 100
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(m, size=w, replace=False))


@pytest.mark.parametrize("m", [10**4, 10**5, 10**6])
@pytest.mark.parametrize("way", ["encode", "decode"])
def test_constant_weight(benchmark, way, m):
    series = SCALING.setdefault(("cw", way), [])
    guess = predict(series, m)
    case = f"constant-weight {way} m={m:.0e} w=m/100"
    if guess > BUDGET_S:
        record(None, case, float("nan"), "symbols/s", 1e8 if m == 10**6 else None,
               note=f"skipped: predicted {guess:.3g} s")
        pytest.skip(f"predicted {guess:.3g} s > {BUDGET_S} s")
    if way == "decode" and m not in _RANKS:
        pytest.skip("encode at this size was skipped")
    pos = _positions(m)
    w = pos.size
    rounds = 1 if guess > 2 else 5
    encode_set(pos[:2], 10)                         # compiled (or loaded from the cache) first
    if way == "encode":
        benchmark.pedantic(encode_set, args=(pos, m), rounds=rounds)
        code, nbits = encode_set(pos, m)
        _RANKS[m] = (code, pos)
        limit_exact = (math.comb(m, w) - 1).bit_length()
        over = nbits - limit_exact
        assert nbits == cw_code_bits(m, w)
        record(None, f"constant-weight bits over ceil(log2 C(m,w)) m={m:.0e} w={w}", over,
               "bits", 2.0 if m == 10**6 else None, op="<=",
               note=f"{nbits} bits; + the bits that send w (Elias gamma: {int(gamma_length(w + 1))})")
    else:
        code, pos = _RANKS.pop(m)
        benchmark.pedantic(decode_set, args=(code, m, w), rounds=rounds)
        assert np.array_equal(decode_set(code, m, w), pos)
    t = case_time(benchmark)
    series.append((m, t))
    record(benchmark, case, m / t, "symbols/s", 1e8 if m == 10**6 else None,
           note=f"{t:.4g} s")


@pytest.mark.parametrize("code", ["gamma", "delta"])
@pytest.mark.parametrize("way", ["encode", "decode"])
def test_elias(benchmark, code, way):
    n = 5_000
    v = np.random.default_rng(0).geometric(1e-3, size=n).astype(np.int64)
    write, read, length = {"gamma": (write_gamma, read_gamma, gamma_length),
                           "delta": (write_delta, read_delta, delta_length)}[code]
    wr = BitWriter()
    write(wr, v)
    payload, nbits = wr.getvalue()
    assert nbits == int(length(v).sum())
    if way == "encode":
        def fn():
            w = BitWriter()
            write(w, v)
            return w.getvalue()
        benchmark.pedantic(fn, rounds=3)
        binary = int(sum(int(x).bit_length() for x in v.tolist()))
        record(None, f"elias-{code} bits over binary length (geometric, mean 1000)",
               (nbits - binary) / n, "bits/symbol", note=f"{nbits / n:.3g} bits/symbol")
    else:
        out = benchmark.pedantic(lambda: read(BitReader(payload, nbits), n), rounds=3)
        assert np.array_equal(out, v)
    t = case_time(benchmark)
    record(benchmark, f"elias-{code} {way}", n / t, "symbols/s", note=f"{n} symbols in {t * 1e3:.4g} ms")


@pytest.mark.parametrize("way", ["encode", "decode"])
def test_level_strings(benchmark, way):
    from commbounds.coding.multinomial import multinomial_bits
    from commbounds.kernels.strings import decode_string, encode_string

    d, k = 2 * 10**5, 16
    S = np.minimum(np.random.default_rng(0).geometric(0.3, d) - 1, k - 1)
    counts = np.bincount(S, minlength=k)
    bits, nbits = encode_string(S, counts)                  # compiled (or loaded) first
    if way == "encode":
        benchmark.pedantic(encode_string, args=(S, counts), rounds=3)
        record(None, f"level-string bits over ceil(log2 multinomial) d={d:.0e} k={k}",
               nbits - int(multinomial_bits(counts)), "bits", 2.0, op="<=", note=f"{nbits} bits")
    else:
        out = benchmark.pedantic(decode_string, args=(bits, counts), rounds=3)
        assert np.array_equal(out, S)
    t = case_time(benchmark)
    record(benchmark, f"level-string {way} d={d:.0e} k={k}", d / t, "symbols/s", note=f"{t * 1e3:.4g} ms")
