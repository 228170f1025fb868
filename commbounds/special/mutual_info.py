"""The exact maximum of ``I(V; Q(Y))`` over ``r``-bit quantizers ``Q`` (mayekar2020 Theorem 6.1).

``V`` is uniform over the rows of ``cond`` and ``Y | V = v`` has law ``cond[v]``.  A
randomised ``r``-bit quantizer is a channel ``W(z | y)`` with ``2^r`` outputs; ``I(V; Z)``
is convex in the law of ``Z`` given ``V``, which is linear in ``W``, so its maximum over the
polytope of channels is attained at a vertex: a *deterministic* quantizer.  Relabelling the
cells does not change ``I``, so the maximum over all ``r``-bit quantizers is the maximum
over the set partitions of the output alphabet into at most ``2^r`` blocks
(:func:`~commbounds.special.partitions.partitions`), which :func:`max_mutual_information`
enumerates exhaustively: an exact search result, not a heuristic.

Examples
--------
>>> import numpy as np
>>> cond = np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5]])
>>> res = max_mutual_information(cond, r=1)
>>> round(res.value, 4), res.searched
(0.2158, 4)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from .partitions import count_partitions, partitions

__all__ = ["MIResult", "max_mutual_information", "paninski_channel", "bernoulli_channel"]

_BATCH = 20_000


@dataclass(frozen=True)
class MIResult:
    """The largest ``I(V; Q(Y))`` (nats), the quantizer attaining it and how many were searched."""

    value: float
    labels: tuple[int, ...]
    searched: int
    status: str = "exhaustive"


def max_mutual_information(cond: np.ndarray, r: int) -> MIResult:
    """Maximise ``I(V; Q(Y))`` (nats) exactly over all ``r``-bit quantizers ``Q`` of ``Y``.

    Parameters
    ----------
    cond : ndarray, shape (V, m)
        Row ``v`` is the law of ``Y`` given ``V = v`` (``V`` uniform).
    r : int
        Bits of the quantizer (at most ``2^r`` cells).
    """
    cond = np.asarray(cond, dtype=float)
    if cond.ndim != 2 or not np.all(np.isfinite(cond)) or np.any(cond < 0) or not np.allclose(cond.sum(1), 1):
        raise InvalidInputError("cond must be a (V, m) array of probability rows")
    if isinstance(r, bool) or not isinstance(r, int) or r < 0:
        raise InvalidInputError(f"r must be an integer >= 0, got {r!r}")
    m = cond.shape[1]
    k = min(2**r, m)
    count = count_partitions(m, k)
    labs = partitions(m, k)
    best, arg = -np.inf, None
    for a in range(0, len(labs), _BATCH):
        L = labs[a:a + _BATCH]
        onehot = np.eye(k)[L]  # (B, m, k)
        Z = np.einsum("vm,bmk->bvk", cond, onehot)
        vals = _mi(Z)
        j = int(np.argmax(vals))
        if vals[j] > best:
            best, arg = float(vals[j]), tuple(int(x) for x in L[j])
    return MIResult(best, arg, count)


def _mi(Z: np.ndarray) -> np.ndarray:
    """I(V; Z) in nats for each batch entry; Z (B, V, k) rows are laws of Z given v."""
    marg = Z.mean(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(Z > 0, Z * np.log(Z / marg), 0.0)
    return t.sum(axis=2).mean(axis=1)


def paninski_channel(V: np.ndarray, delta: float) -> np.ndarray:
    """Law of Paninski's oracle output (coordinate and sign, ``2d`` symbols) given each row of ``V``."""
    V = np.asarray(V, dtype=float)
    d = V.shape[1]
    return np.concatenate([(1 + 2 * delta * V), (1 - 2 * delta * V)], axis=1) / (2 * d)


def bernoulli_channel(V: np.ndarray, delta: float) -> np.ndarray:
    """Law of the Bernoulli-product oracle's sign vector (``2^d`` symbols) given each row of ``V``."""
    V = np.asarray(V, dtype=float)
    d = V.shape[1]
    Y = 1 - 2 * ((np.arange(2**d)[:, None] >> np.arange(d)) & 1)
    return np.prod((1 + 2 * delta * V[:, None, :] * Y[None]) / 2, axis=-1)
