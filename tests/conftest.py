"""Shared test settings: hypothesis profiles (``ci`` by default, ``slow`` for fuzzing at scale),
and the smoke profile's records, computed once per test run and shared by every xdist worker."""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("slow", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


import pytest  # noqa: E402


def shared_root(tmp_path_factory) -> Path:
    """A directory every process of this test run sees: the run's temporary root under
    xdist (the parent of each worker's own), the session's own without it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on ``path`` (created if missing) for the ``with`` block."""
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def computed_once(root: Path, name: str, compute) -> Path:
    """``root/name``, written by ``compute(path)`` by the first process of the run to ask
    (the others wait for it, then read the same file); a failed ``compute`` leaves no
    result, so the next process to ask tries again and fails alike."""
    path, done = root / name, root / f"{name}.done"
    with locked(root / f"{name}.lock"):
        if not done.exists():
            compute(path)
            done.touch()
    return path


@pytest.fixture(scope="session")
def smoke_records(tmp_path_factory):
    """The whole smoke profile (in-process, root seed 0), run once per test run and read
    back from its store, so every test in every worker sees the same records."""
    from commbounds import verify
    from commbounds.verify import store

    def run(path):
        verify.run("smoke", executor="inprocess", store=path, force=True, progress=False)

    return store.read(computed_once(shared_root(tmp_path_factory), "smoke-records.jsonl", run))


#: the plugin module is imported by its own tests in a subprocess, never collected here
collect_ignore = ["data"]
