"""BLAS threads of the suite: one per process.

OpenBLAS starts one thread per core in every process.  A pool of ``w`` workers on ``c`` cores
then runs ``w c`` BLAS threads, and the idle ones spin: on a loaded 2-core machine a
256 x 256 QR took 0.37 CPU s with 2 threads against 0.0076 with 1, a 2000 x 1000
matrix-vector product 6.7 ms against 1.2.  The suite's linear algebra is small (d of at
most a few thousand), so its processes run BLAS on one thread: set through the loaded
OpenBLAS copies' own ``set_num_threads`` (numpy's and scipy's wheels each bundle one) and
through the environment for any loaded later.  One thread everywhere also keeps the records
independent of the executor and the number of workers: a threaded product sums its
partial results in an order that depends on the thread count (last-digit differences).
"""

from __future__ import annotations

import ctypes
import os
from contextlib import contextmanager

__all__ = ["limit_blas_threads", "current_blas_threads", "single_threaded_blas"]

#: environment variables the BLAS and OpenMP runtimes read when they load
_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
#: names of the thread-count setter in the OpenBLAS builds numpy and scipy ship, and plain OpenBLAS
_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_",
            "openblas_set_num_threads")
_GETTERS = tuple(name.replace("set_", "get_") for name in _SETTERS)


@contextmanager
def single_threaded_blas():
    """Run the block with one BLAS thread in this process, then restore each library's count.

    Examples
    --------
    >>> import numpy as np
    >>> with single_threaded_blas():
    ...     float(np.ones(3) @ np.ones(3))
    3.0
    """
    before = current_blas_threads()
    env = {var: os.environ.get(var) for var in _ENV}
    limit_blas_threads(1)
    try:
        yield
    finally:
        for path, fn in _functions(_SETTERS):
            if path in before:
                fn(ctypes.c_int(before[path]))
        for var, value in env.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def limit_blas_threads(n: int) -> list[str]:
    """Limit this process's BLAS libraries to ``n`` threads; the loaded OpenBLAS copies it
    reached (paths), for the record.  On platforms without ``/proc/self/maps`` only the
    environment is set.

    Examples
    --------
    >>> isinstance(limit_blas_threads(os.cpu_count() or 1), list)
    True
    """
    for var in _ENV:
        os.environ[var] = str(int(n))
    done = []
    for path, fn in _functions(_SETTERS):
        fn(ctypes.c_int(int(n)))
        done.append(path)
    return done


def current_blas_threads() -> dict[str, int]:
    """The thread count of each loaded OpenBLAS copy, by path (empty where none is found).

    Examples
    --------
    >>> all(n >= 1 for n in current_blas_threads().values())
    True
    """
    return {path: int(fn()) for path, fn in _functions(_GETTERS)}


def _functions(names: tuple[str, ...]):
    """``(path, function)`` for each loaded OpenBLAS copy: the first of ``names`` it exports."""
    for path in _loaded_openblas():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in names:
            fn = getattr(lib, name, None)
            if fn is not None:
                yield path, fn
                break


def _loaded_openblas() -> list[str]:
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "openblas" in line.lower() and "/" in line}
    except OSError:
        return []
    return sorted(paths)
