"""Executors that map tasks to result records: in-process, a local process pool, Dask.

All three return records in task order and start the tasks in that order (the runner hands
them longest first); seeds travel with the tasks, so the records are identical whichever
executor runs them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from ..errors import InvalidInputError
from .threads import limit_blas_threads

__all__ = ["InProcess", "ProcessPool", "DaskExecutor", "make_executor"]


class InProcess:
    """Run every task in this process (what the tests use)."""

    workers = 1

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        return map(fn, tasks)

    def close(self) -> None:
        pass


class ProcessPool:
    """A local pool of worker processes (default: one per core), each running BLAS on one
    thread (:mod:`~commbounds.verify.threads`)."""

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
            raise InvalidInputError(f"workers must be None or an integer >= 1, got {workers!r}")
        self.workers = int(workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker,
                                             initargs=(os.getpid(),))
        return self._pool.map(fn, tasks, chunksize=1)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


#: seconds to wait for a Dask scheduler before giving up with a one-line error
CONNECT_TIMEOUT_S = 10.0


#: prctl option: the signal the kernel sends this process when its parent exits (Linux)
_PR_SET_PDEATHSIG = 1


def _init_worker(parent: int) -> None:
    """Pool worker initializer: die with the parent, and run BLAS on one thread."""
    _die_with_parent(parent)
    limit_blas_threads(1)


def _die_with_parent(parent: int) -> None:
    """Pool worker initializer: exit when the process that started the pool dies.

    On Linux the kernel delivers SIGKILL when the parent exits (``prctl(PR_SET_PDEATHSIG)``),
    even if the parent itself was SIGKILLed and never ran its cleanup; elsewhere a daemon
    thread polls the parent's pid once a second.  A parent already gone by the time this
    runs is caught by the ``getppid`` check.
    """
    import signal

    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:
        os._exit(1)
    if not armed:
        import threading
        import time

        def watch():
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="commbounds-parent-watch", daemon=True).start()


class DaskExecutor:
    """Run tasks on a Dask cluster (``pip install commbounds[dask]``).

    ``address`` is a scheduler address (``tcp://host:8786``) or a ``distributed.Client``.
    """

    def __init__(self, address) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise InvalidInputError("the dask executor needs the 'dask' extra: pip install 'commbounds[dask]'") from exc
        self._own = not isinstance(address, Client)
        if self._own:
            try:
                self.client = Client(address, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                raise InvalidInputError(
                    f"cannot reach the Dask scheduler at {address} within {CONNECT_TIMEOUT_S:g} s "
                    f"({type(exc).__name__}); is it running?"
                ) from None
        else:
            self.client = address
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, fn: Callable, tasks: Iterable) -> Iterator:
        tasks = list(tasks)
        # earlier tasks get higher priority, so the scheduler starts them in the given order
        futures = [self.client.submit(fn, t, pure=False, priority=len(tasks) - i) for i, t in enumerate(tasks)]
        for fut in futures:  # in task order
            yield fut.result()

    def close(self) -> None:
        if self._own:
            self.client.close()


def make_executor(executor=None, *, workers: int | None = None, scheduler: str | None = None):
    """Normalise ``executor``: None/'process', 'inprocess', 'dask', or an executor object."""
    if executor is None or executor == "process":
        return ProcessPool(workers)
    if executor in ("inprocess", "in-process", "local"):
        return InProcess()
    if executor == "dask":
        if not scheduler:
            raise InvalidInputError("the dask executor needs a scheduler address (--scheduler tcp://...)")
        return DaskExecutor(scheduler)
    if hasattr(executor, "map"):
        return executor
    raise InvalidInputError(f"unknown executor {executor!r}; use 'process', 'inprocess' or 'dask'")
