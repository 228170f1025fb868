"""Kernels with explicit targets: FWHT, top-k/rtop-k selection, SimQ+, lattice-cubic.

Figures (issues 3, 7, 8):

* Walsh-Hadamard transform at ``D = 2^20, 2^23``: ``t(fwht) / t(copy)``, target <= 8 at 2^23.
* top-k and rtop-k quantize at ``d = 10^7``, ``k = d/1000``: ``t / t(copy)``, target <= 3.
* SimQ+ with ``k = d^{2/p}`` at ``d = 10^6`` (``p = 4``, so ``k = 1000``): add-rate fraction.
* SimQ, CUQ and RATQ quantize at ``d = 10^7`` (typical parameters): add-rate fraction.
* lattice-cubic encode+decode (the fast path, which does both) at ``d = 10^7``: add-rate
  fraction, target >= 0.5 (also in bench_schemes).
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks._harness import case_time, record, stream_add, stream_copy
from commbounds import quantizers
from commbounds.quantizers.hadamard import fwht
from commbounds.quantizers.registry import scheme_class


@pytest.mark.parametrize("log2d", [20, 23])
def test_fwht(benchmark, log2d):
    x = np.random.default_rng(0).standard_normal(1 << log2d)
    ref0 = stream_copy(x)
    benchmark.pedantic(fwht, args=(x,), rounds=5, warmup_rounds=1)
    t = case_time(benchmark)
    ref = min(ref0, stream_copy(x))
    record(benchmark, f"fwht D=2^{log2d}", t / ref, "x one copy", 8.0 if log2d == 23 else None,
           op="<=", note=f"{t * 1e3:.4g} ms (copy {ref * 1e3:.3g} ms)")


@pytest.mark.parametrize(("name", "params"), [("top-k", {"k": 10_000}),
                                              ("rtop-k", {"k": 10_000, "r": 20_000})])
def test_selection(benchmark, name, params):
    d = 10**7
    q = quantizers.get(name, **params)
    x = scheme_class(name).sample_input(np.random.default_rng(0), d, q.arguments)
    ref0 = stream_copy(x)
    benchmark.pedantic(lambda rng: q.quantize(x, rng=rng),
                       setup=lambda: ((), {"rng": np.random.default_rng(1)}), rounds=3)
    t = case_time(benchmark)
    ref = min(ref0, stream_copy(x))
    record(benchmark, f"{name} quantize d=1e7 k=d/1000", t / ref, "x one copy", 3.0, op="<=",
           note=f"{t * 1e3:.4g} ms (copy {ref * 1e3:.3g} ms)")


def _add_rate_case(benchmark, q, x, case):
    """``q.quantize(x)`` as a fraction of the streaming-add rate."""
    q.quantize(x[:1000], rng=1)                              # compiled (or loaded) first
    ref0 = stream_add(x)
    benchmark.pedantic(lambda rng: q.quantize(x, rng=rng),
                       setup=lambda: ((), {"rng": np.random.default_rng(1)}), rounds=3)
    t = case_time(benchmark)
    ref = min(ref0, stream_add(x))
    record(benchmark, case, ref / t, "x add rate", note=f"{t * 1e3:.4g} ms (add {ref * 1e3:.3g} ms)")


def test_simq_plus(benchmark):
    d, p = 10**6, 4.0
    k = round(d ** (2.0 / p))
    q = quantizers.get("simq-plus", B=1.0, k=k, p=p)
    x = scheme_class("simq-plus").sample_input(np.random.default_rng(0), d, q.arguments)
    _add_rate_case(benchmark, q, x, f"simq-plus quantize d=1e6 k=d^(2/p)={k}")


@pytest.mark.parametrize("name", ["simq", "cuq", "ratq"])
def test_fixed_length_family(benchmark, name):
    q = quantizers.get(name, **scheme_class(name).typical)
    x = scheme_class(name).sample_input(np.random.default_rng(0), 10**7, q.arguments)
    _add_rate_case(benchmark, q, x, f"{name} quantize d=1e7")


def test_rng_floor(benchmark):
    """Context for the add-rate targets: one float64 uniform per entry (PCG64), d = 10^7."""
    x = np.random.default_rng(0).standard_normal(10**7)
    out = np.empty_like(x)
    ref0 = stream_add(x)
    benchmark.pedantic(lambda rng: rng.random(out=out),
                       setup=lambda: ((), {"rng": np.random.default_rng(1)}), rounds=5)
    t = case_time(benchmark)
    ref = min(ref0, stream_add(x))
    record(benchmark, "numpy rng.random(out=) d=1e7 (ceiling)", ref / t, "x add rate",
           note=f"{t * 1e3:.4g} ms: any scheme drawing one uniform per entry is below this")
