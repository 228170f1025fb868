"""Whole-system figures: import time, bound grids, construction sampling, verify, memory.

* ``import commbounds`` in a fresh subprocess (minus the interpreter's own start): < 1 s.
* one bound over 10^6 grid points through its compiled form: < 0.5 s.
* ``block-basis`` with n = 100, d = 10^6: < 1 s; ``hamming-packing`` d = 16 (lexicode)
  and d = 256 (greedy random): seconds.
* one verify check end to end (in-process).
* the quick profile on 1 and 2 worker processes: <= 30 s wall on 2 workers of an idle
  machine, and 2 workers >= 1.8x one (reference: the single worker, same run); each figure
  notes the load average and the workers' CPU seconds, since a shared machine's wall clock
  says little.  The 2-worker run orders its tasks by the 1-worker run's durations (longest
  first).  Deselect with ``-k "not quick_profile"`` (several minutes).
* peak memory (tracemalloc) of quantizing d = 10^7 (float64) with every scheme, as a
  multiple of the input's 80 MB: <= 4.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pytest

from benchmarks._harness import best_of, case_time, record
from commbounds import constructions, quantizers
from commbounds.quantizers.registry import scheme_class


@pytest.mark.parametrize(("label", "code"), [
    ("import commbounds", "import commbounds"),
    ("import + first bound + scheme registry",
     "import commbounds as cb; cb.bound('huang2019:thm3.1'); cb.quantizers.available()"),
])
def test_import_time(benchmark, label, code):
    def run(src):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", src], check=True)
        return time.perf_counter() - t0

    base = min(run("pass") for _ in range(3))
    benchmark.pedantic(run, args=(code,), rounds=3)
    t = case_time(benchmark) - base
    record(benchmark, f"{label} (subprocess, minus interpreter start)", t, "s",
           1.0 if code == "import commbounds" else None, op="<=",
           note=f"interpreter start {base * 1e3:.3g} ms")


def test_bound_grid(benchmark):
    import commbounds as cb

    b = cb.bound("huang2019:thm3.1")
    n = 16
    C = np.round(np.linspace(n, 80_000, 10**6))
    d = np.full(C.shape, 10_000.0)
    b(n=n, d=d[:10], C=C[:10])  # compile once (lambdify) outside the timing
    benchmark.pedantic(lambda: b(n=n, d=d, C=C), rounds=5)
    t = case_time(benchmark)
    raw = best_of(lambda: b._fn(n, d, C), 5)
    record(benchmark, "bound grid huang2019:thm3.1, 10^6 points (with domain checks)", t, "s",
           0.5, op="<=", note=f"compiled expression alone {raw * 1e3:.3g} ms")


@pytest.mark.parametrize(("name", "params", "target"), [
    ("block-basis", {"n": 100, "d": 10**6, "C": 10**4}, 1.0),
    ("hamming-packing", {"d": 16}, None),
    ("hamming-packing", {"d": 256}, None),
])
def test_construction(benchmark, name, params, target):
    c = constructions.get(name, **params)
    inst = benchmark.pedantic(lambda: c.sample(rng=0), rounds=3)
    t = case_time(benchmark)
    size = np.shape(inst.inputs)
    record(benchmark, f"{name} sample {params}", t, "s", target, op="<=",
           note=f"inputs {size}, method {getattr(c, 'method', '-')}")


def test_verify_check(benchmark):
    from commbounds import verify

    recs = benchmark.pedantic(
        lambda: verify.run("quick", only="huang2019/thm2.3-mse", executor="inprocess", progress=False),
        rounds=1)
    t = case_time(benchmark)
    record(benchmark, "verify huang2019/thm2.3-mse (quick grid, in-process)", t, "s",
           note=f"{len(recs)} grid points, verdicts {sorted({r['verdict'] for r in recs})}")


_QUICK: dict[int, float] = {}


@pytest.mark.parametrize("workers", [1, 2])
def test_quick_profile(benchmark, workers, tmp_path_factory):
    import os
    import resource

    from commbounds import verify
    from commbounds.verify.executors import ProcessPool

    durations = tmp_path_factory.getbasetemp() / "quick-profile-durations.jsonl"
    store = tmp_path_factory.mktemp(f"quick{workers}") / "r.jsonl"
    load0 = os.getloadavg()[0]
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    recs = benchmark.pedantic(
        lambda: verify.run("quick", executor=ProcessPool(workers), store=store, progress=False,
                           durations=durations if durations.exists() else None), rounds=1)
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    if not durations.exists():
        store.replace(durations)
    t = case_time(benchmark)
    _QUICK[workers] = t
    verdicts = {v: sum(r["verdict"] == v for r in recs) for v in sorted({r["verdict"] for r in recs})}
    record(benchmark, f"verify quick profile, {workers} worker(s)", t, "s", 30.0 if workers == 2 else None,
           op="<=", note=f"{len(recs)} records {verdicts}; workers' CPU {cpu:.0f} s; load average "
                         f"{load0:.1f} -> {os.getloadavg()[0]:.1f}", cpu_seconds=cpu)
    if workers == 2 and 1 in _QUICK:
        record(None, "verify quick profile speed-up, 2 workers vs 1", _QUICK[1] / t, "x", 1.8)


@pytest.mark.parametrize("name", quantizers.available())
def test_peak_memory(benchmark, name):
    d = 10**7
    cls = scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    x = np.asarray(cls.sample_input(np.random.default_rng(0), d, q.arguments), dtype=np.float64)
    side = q.sample_side(x, np.random.default_rng(2)) if q.needs_side else None
    small = x[: d // 100]
    probe = best_of(lambda: q.quantize(small, rng=np.random.default_rng(1),
                                       side=None if side is None else side[: d // 100]), 1)
    if 100 * probe > 60.0:
        record(None, f"{name} peak memory quantize d=1e7", float("nan"), "x input size", 4.0,
               op="<=", note=f"skipped: d=1e5 takes {probe:.3g} s, d=1e7 about {100 * probe:.3g} s")
        pytest.skip(f"d=1e7 would take about {100 * probe:.3g} s")
    peak = {}

    def run():
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            res = q.quantize(x, rng=np.random.default_rng(1), side=side)
            peak["bytes"] = tracemalloc.get_traced_memory()[1] - base
            del res
        finally:
            tracemalloc.stop()

    benchmark.pedantic(run, rounds=1)
    record(benchmark, f"{name} peak memory quantize d=1e7", peak["bytes"] / x.nbytes,
           "x input size", 4.0, op="<=", note=f"{peak['bytes'] / 2**20:.0f} MiB (output included)")
