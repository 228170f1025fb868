"""Reproducibility: the same seed gives bitwise-identical payloads, estimates, transcripts,
samples and result records -- across runs, processes, executors and worker counts.

Deterministic comparisons (``==`` on bytes), no statistics.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from commbounds import constructions, quantizers, verify
from commbounds.verify.executors import InProcess, ProcessPool

D = 40
SCHEMES = quantizers.available()
PROTOCOLS = quantizers.protocols()
CONSTRUCTIONS = constructions.available()
ONLY = ["huang2019/thm2.3*", "huang2019/lem2.*", "canary/sar*", "huang2019/construction*"]


def _protocol_class(name):
    reg = quantizers.registry
    return reg.protocol_class(name) if hasattr(reg, "protocol_class") else reg._PROTOCOLS[name]


def scheme_digest(name: str, seed: int) -> str:
    """Hash of everything a scheme produces from one seed: payload, nbits, decode, fast path."""
    cls = quantizers.registry.scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    x = cls.sample_input(np.random.default_rng(seed), D, cls.typical)
    side = q.sample_side(x, np.random.default_rng(seed + 1))
    msg = q.encode(x, rng=np.random.default_rng(seed + 2), shared=seed + 3)
    est = q.decode(msg, shared=seed + 3, side=side)
    X = np.stack([x, x, x])
    S = None if side is None else np.stack([side, side, side])
    fast = q.quantize(X, rng=np.random.default_rng(seed + 4), shared=seed + 3, side=S)
    h = hashlib.sha256()
    for part in (msg.payload, str(msg.nbits).encode(), est.tobytes(), fast.estimate.tobytes(),
                 fast.bits.tobytes()):
        h.update(part)
    return h.hexdigest()


def protocol_digest(name: str, seed: int) -> str:
    cls = _protocol_class(name)
    pr = quantizers.protocol(name, **cls.typical)
    X = cls.sample_input(np.random.default_rng(seed), 6, D, cls.typical)
    t = pr.run(X, rng=np.random.default_rng(seed + 1), shared=seed + 2)
    f = pr.simulate(np.stack([X, X]), rng=np.random.default_rng(seed + 1), shared=seed + 2)
    h = hashlib.sha256(np.asarray(t.estimate).tobytes())
    h.update(str(t.total_bits).encode())
    h.update(repr(sorted(t.ledger.by_kind().items())).encode())
    h.update(f.estimate.tobytes() + f.bits.tobytes())
    return h.hexdigest()


def construction_digest(name: str, seed: int) -> str:
    c = constructions.get(name, **constructions.construction_class(name).typical)
    inst = c.sample(rng=seed)
    h = hashlib.sha256()
    for v in (inst.inputs, *inst.truth.values()):
        if isinstance(v, np.ndarray):
            h.update(v.tobytes())
    h.update(repr(sorted((k, repr(v)) for k, v in inst.properties.items())).encode())
    return h.hexdigest()


def _all_digests(seed: int) -> dict:
    return {**{("scheme", n): scheme_digest(n, seed) for n in SCHEMES},
            **{("protocol", n): protocol_digest(n, seed) for n in PROTOCOLS},
            **{("construction", n): construction_digest(n, seed) for n in CONSTRUCTIONS}}


@pytest.fixture(scope="module")
def here():
    return _all_digests(21)


def test_same_seed_same_bits_in_this_process(here):
    assert _all_digests(21) == here


def test_another_seed_changes_every_randomised_scheme(here):
    other = _all_digests(22)
    changed = [k for k in here if k[0] == "scheme" and here[k] != other[k]]
    assert len(changed) == len(SCHEMES)


def test_same_seed_same_bits_in_other_processes(here):
    with ProcessPoolExecutor(max_workers=2) as pool:
        theirs = list(pool.map(_all_digests, [21, 21]))
    assert theirs[0] == here and theirs[1] == here


@pytest.fixture(scope="module")
def inprocess_records():
    return verify.run("smoke", only=ONLY, executor="inprocess", seed=3, progress=False)


def _strip(records):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in records]


def test_records_repeat_across_runs(inprocess_records):
    again = verify.run("smoke", only=ONLY, executor=InProcess(), seed=3, progress=False)
    assert _strip(again) == _strip(inprocess_records)


@pytest.mark.parametrize("workers", [1, 2])
def test_records_repeat_across_executors_and_worker_counts(inprocess_records, workers):
    pooled = verify.run("smoke", only=ONLY, executor=ProcessPool(workers), seed=3, progress=False)
    assert _strip(pooled) == _strip(inprocess_records)


def test_stored_records_are_the_returned_records(inprocess_records, tmp_path):
    from commbounds.verify import store

    path = tmp_path / "r.jsonl"
    verify.run("smoke", only=ONLY, executor="inprocess", seed=3, store=path, progress=False)
    assert _strip(store.read(path)) == _strip(inprocess_records)


def test_the_seed_reaches_the_records(inprocess_records):
    other = verify.run("smoke", only=ONLY, executor="inprocess", seed=4, progress=False)
    assert [r["seed"]["entropy"] for r in other] == [4] * len(other)
    assert [r["measured"] for r in other] != [r["measured"] for r in inprocess_records]
