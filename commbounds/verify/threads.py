"""BLAS threads of the suite: one per process.

OpenBLAS starts one thread per core in every process.  A pool of ``w`` workers on ``c`` cores
then runs ``w c`` BLAS threads, and the idle ones spin: on a loaded 2-core machine a
256 x 256 QR took 0.37 CPU s with 2 threads against 0.0076 with 1, a 2000 x 1000
matrix-vector product 6.7 ms against 1.2.  The suite's linear algebra is small (d of at
most a few thousand), so its processes run BLAS on one thread: set through threadpoolctl
for every BLAS library already loaded (numpy's and scipy's wheels each bundle one) and
through the environment for any loaded later.  One thread everywhere also keeps the records
independent of the executor and the number of workers: a threaded product sums its
partial results in an order that depends on the thread count (last-digit differences).
"""

from __future__ import annotations

import os
from contextlib import contextmanager

__all__ = ["limit_blas_threads", "current_blas_threads", "single_threaded_blas"]

#: environment variables the BLAS and OpenMP runtimes read when they load
_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def single_threaded_blas():
    """Run the block with one BLAS thread in this process, then restore each library's count
    and the environment.

    Examples
    --------
    >>> import numpy as np
    >>> with single_threaded_blas():
    ...     float(np.ones(3) @ np.ones(3))
    3.0
    """
    from threadpoolctl import threadpool_limits

    env = {var: os.environ.get(var) for var in _ENV}
    for var in _ENV:
        os.environ[var] = "1"
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        for var, value in env.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def limit_blas_threads(n: int) -> list[str]:
    """Limit this process's BLAS libraries to ``n`` threads (and any loaded later, through the
    environment); the paths of the loaded libraries it reached, for the record.

    Examples
    --------
    >>> isinstance(limit_blas_threads(os.cpu_count() or 1), list)
    True
    """
    from threadpoolctl import threadpool_limits

    for var in _ENV:
        os.environ[var] = str(int(n))
    threadpool_limits(limits=int(n), user_api="blas")
    return sorted(current_blas_threads())


def current_blas_threads() -> dict[str, int]:
    """The thread count of each loaded BLAS library, by path (empty where none is loaded).

    Examples
    --------
    >>> all(n >= 1 for n in current_blas_threads().values())
    True
    """
    from threadpoolctl import threadpool_info

    return {info["filepath"]: int(info["num_threads"]) for info in threadpool_info() if info["user_api"] == "blas"}
