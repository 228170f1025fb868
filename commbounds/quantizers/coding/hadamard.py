"""Fast Walsh-Hadamard transform and the randomized Hadamard rotation ``HD``.

``fwht`` applies the orthonormal Walsh-Hadamard matrix ``H_D / sqrt(D)`` (Sylvester order,
the order of :func:`scipy.linalg.hadamard`) along the last axis in ``O(D log D)``
operations, vectorised over all leading axes.  Each of the ``log2 D`` butterfly stages
reshapes the array to ``(..., D / 2h, 2, h)`` and replaces the pair ``(a, b)`` by
``(a + b, a - b)``; every stage is elementwise, so a row gives bit-identical results alone
or inside a batch (the consistency contract of the quantizers relies on it).

The randomized rotation of Suresh et al. (2017, Section 3) is ``R = H D`` with ``D`` a
diagonal of independent uniform signs; vectors whose dimension is not a power of two are
padded with zeros to the next one, and the inverse ``R^T = D H`` is followed by truncation.

Examples
--------
>>> import numpy as np
>>> x = np.array([1.0, 2.0, 3.0, 4.0])
>>> np.round(fwht(x), 6).tolist()
[5.0, -1.0, -2.0, 0.0]
>>> bool(np.allclose(fwht(fwht(x)), x))
True
>>> s = random_signs(7, 8)
>>> z = rotate(np.arange(5.0), s)
>>> z.shape, bool(np.allclose(unrotate(z, s, 5), np.arange(5.0)))
((8,), True)
"""

from __future__ import annotations

import numpy as np

from ...errors import InvalidInputError

__all__ = ["fwht", "next_pow2", "random_signs", "rotate", "unrotate"]


def fwht(X) -> np.ndarray:
    """Orthonormal Walsh-Hadamard transform of every row of ``X`` (last axis a power of two).

    ``fwht(x) = H x / sqrt(D)`` with ``H`` the Sylvester Hadamard matrix; it is symmetric
    and orthogonal, hence its own inverse.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 0:
        raise InvalidInputError("fwht needs at least one axis")
    D = X.shape[-1]
    if D < 1 or D & (D - 1):
        raise InvalidInputError(f"fwht needs a power-of-two length, got {D}")
    lead = X.shape[:-1]
    out = X.reshape(-1, D).copy()
    h = 1
    while h < D:
        v = out.reshape(-1, D // (2 * h), 2, h)
        a = v[:, :, 0, :]
        b = v[:, :, 1, :]
        out = np.stack([a + b, a - b], axis=2).reshape(-1, D)
        h *= 2
    out *= 1.0 / np.sqrt(D)
    return out.reshape(*lead, D)


def next_pow2(d: int) -> int:
    """The smallest power of two ``>= d`` (``d >= 1``)."""
    d = int(d)
    if d < 1:
        raise InvalidInputError(f"dimension must be >= 1, got {d}")
    return 1 << (d - 1).bit_length()


def random_signs(seed, D: int) -> np.ndarray:
    """The diagonal of ``D``: ``D`` independent uniform signs drawn from ``seed`` (shared)."""
    rng = np.random.default_rng(seed)
    return 2.0 * rng.integers(0, 2, size=int(D)) - 1.0


def rotate(X, signs: np.ndarray) -> np.ndarray:
    """``H D x`` for every row of ``X``, zero-padded to ``len(signs)`` (a power of two)."""
    X = np.asarray(X, dtype=np.float64)
    D, d = signs.shape[-1], X.shape[-1]
    if d > D:
        raise InvalidInputError(f"cannot rotate dimension {d} with {D} signs")
    pad = np.zeros((*X.shape[:-1], D), dtype=np.float64)
    pad[..., :d] = X
    return fwht(pad * signs)


def unrotate(Z, signs: np.ndarray, d: int) -> np.ndarray:
    """Inverse of :func:`rotate`: ``D H z`` truncated to the first ``d`` coordinates."""
    return (fwht(Z) * signs)[..., :d]
