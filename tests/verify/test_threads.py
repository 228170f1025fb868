"""The suite runs BLAS on one thread, in process and in every pool worker, and restores the
caller's count afterwards."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import verify
from commbounds.verify.executors import ProcessPool
from commbounds.verify.threads import current_blas_threads, limit_blas_threads, single_threaded_blas


def _probe(_):
    return current_blas_threads()


@pytest.fixture
def openblas():
    import scipy.linalg  # noqa: F401  (loads scipy's own BLAS copy too, so both are set below)

    before = current_blas_threads()
    if not before:
        pytest.skip("no BLAS library is loaded in this process")
    limit_blas_threads(2)
    yield current_blas_threads()
    for n in set(before.values()):
        limit_blas_threads(n)


def test_one_thread_inside_and_the_old_count_after(openblas):
    with single_threaded_blas():
        assert set(current_blas_threads().values()) == {1}
        x = np.random.default_rng(0).normal(size=(64, 64))
        q, r = np.linalg.qr(x)
        assert np.allclose(q @ r, x)
    _assert_restored(openblas)


def test_pool_workers_run_one_thread(openblas):
    pool = ProcessPool(2)
    try:
        seen = list(pool.map(_probe, [0, 1]))
    finally:
        pool.close()
    assert all(s and set(s.values()) == {1} for s in seen)


def test_the_runner_restores_the_count(openblas):
    verify.run("smoke", only="huang2019/lem2.2*", executor="inprocess", progress=False)
    _assert_restored(openblas)


def _assert_restored(before):
    """Every library loaded before the block has its count back (one loaded inside it keeps the
    count the environment gave it at load time)."""
    after = current_blas_threads()
    assert 2 in before.values()       # (a single-threaded build, such as scs's copy, stays at 1)
    assert {path: after.get(path) for path in before} == before
