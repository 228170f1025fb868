"""The counter-based random stream (SplitMix64 in counter mode), in plain numpy.

Row ``i`` of a draw gets one key ``k_i`` (a full-range ``uint64`` from the caller's
Generator, in row order); element ``j`` of that row is

    ``u(k, j) = (mix64(k + (j + 1) * GAMMA) >> 11) * 2**-53``,

the ``(j + 1)``-th output of SplitMix64 seeded with ``k`` (Steele, Lea and Flood, *Fast
splittable pseudorandom number generators*, OOPSLA 2014), a double in ``[0, 1)`` with 53
random bits.  Because ``u`` is a pure function of ``(k, j)``, a kernel may visit elements
in any order, in chunks or in parallel and produce the same bits; this module is the
reference the compiled kernels are tested against, bit for bit.

Shared randomness (dithers, rotation signs) uses the same stream with keys derived from
the shared seed by :func:`shared_keys`, so encoder and decoder compute it inline.

Examples
--------
>>> import numpy as np
>>> keys = row_keys(np.random.default_rng(0), 2)
>>> U = uniforms(keys, 4)
>>> U.shape, bool(((0 <= U) & (U < 1)).all())
((2, 4), True)
>>> bool(np.array_equal(uniforms(keys, 2, start=2), U[:, 2:]))   # any window of a row
True
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError

__all__ = ["GAMMA", "mix64", "row_keys", "shared_keys", "uniforms"]

#: the SplitMix64 increment (2^64 / golden ratio, odd)
GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 2.0 ** -53


def mix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser (a bijection of ``uint64``), elementwise, wrapping mod 2^64."""
    z = np.asarray(z, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


def row_keys(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` stream keys, one per row, drawn from ``rng`` (one ``uint64`` each, in order)."""
    if n < 0:
        raise InvalidInputError(f"number of rows must be >= 0, got {n}")
    return rng.integers(0, np.iinfo(np.uint64).max, size=int(n), dtype=np.uint64, endpoint=True)


def shared_keys(shared, n: int) -> np.ndarray:
    """``n`` keys of shared randomness from the shared seed (``None`` means seed 0)."""
    return row_keys(np.random.default_rng(0 if shared is None else shared), n)


def uniforms(keys, d: int, start: int = 0) -> np.ndarray:
    """Elements ``start .. start + d - 1`` of each key's row, shape ``keys.shape + (d,)``."""
    keys = np.asarray(keys, dtype=np.uint64)
    j = np.arange(start + 1, start + d + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = keys[..., None] + j * GAMMA
    return (mix64(z) >> _S11).astype(np.float64) * _TO_UNIT
