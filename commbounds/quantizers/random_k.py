"""random-k sparsification, barnes2020 Definition 2, optionally rescaled to be unbiased.

Algorithm
---------
Draw ``W``, a uniformly random ``k``-subset of ``[d]`` (private randomness: the ``k``
smallest of ``d`` i.i.d. uniform keys, found with ``argpartition``), keep ``x_i`` for
``i in W`` and zero the rest.  With ``rescale=True`` the kept values are multiplied by
``d/k`` by the decoder (the unbiased variant used with random sparsification in the
literature; Definition 2 itself is unscaled).  The payload is the index set in
``ceil(log2 C(d, k)) + 1`` bits (range-coded) and the ``k`` values as ``precision``-bit floats (see
:mod:`commbounds.quantizers.top_k`).

Theoretical guarantee
---------------------
Unscaled: ``E||x - random_k(x)||^2 = (1 - k/d)||x||^2`` exactly (each entry is kept with
probability ``k/d``; rTop-k with ``r = d``, Proposition 1).  Rescaled: unbiased, with
``E||x_hat - x||^2 = (d/k - 1)||x||^2``.  Bits: ``ceil(log2 C(d, k)) + 1 + k * precision``.

References
----------
Barnes, Inan, Isik, Özgür, IEEE JSAIT 2020, Definition 2 and Proposition 1 (``r = d``).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("random-k", k=2, precision=64, rescale=True)
>>> x = np.array([1.0, 2.0, 3.0, 4.0])
>>> msg = q.encode(x, rng=np.random.default_rng(3))
>>> est = q.decode(msg)
>>> int(np.count_nonzero(est)), bool(set(est[est != 0] / 2) <= set(x)), msg.nbits
(2, True, 132)
"""

from __future__ import annotations

import numpy as np

from ..params import Param
from ._params import MAX_COUNT, boolean
from .registry import register_scheme
from .top_k import PRECISIONS, SparseScheme

__all__ = ["RandomK", "random_subset"]


def random_subset(rows: int, n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """``(rows, k)`` positions of a uniform ``k``-subset of ``range(n)`` per row."""
    keys = rng.random((rows, n))
    if k == n:
        return np.broadcast_to(np.arange(n), (rows, n)).copy()
    return np.argpartition(keys, k - 1, axis=-1)[:, :k]


@register_scheme("random-k")
class RandomK(SparseScheme):
    """random-k sparsifier (``k``; ``rescale``: multiply by ``d/k`` to be unbiased)."""

    unbiased = False
    bounds = ("barnes2020:prop1", "barnes2020:prop1/exact")
    params = (
        Param("k", integer=True, domain=f"[1, {MAX_COUNT}]", typical=5, description="kept coordinates"),
        Param("precision", options=PRECISIONS, default=32, description="float width of a kept value"),
        Param("rescale", kind="boolean", default=False, typical=True),
    )

    def __init__(self, k, precision: int = 32, rescale: bool = False) -> None:
        rescale = boolean(rescale, "rescale", "random-k")
        super().__init__(k, precision, rescale=rescale)
        self.rescale = rescale
        self.unbiased = self.rescale

    def _select(self, X, rng):
        return random_subset(X.shape[0], X.shape[-1], self.k, rng)

    def _scale(self, d):
        return d / self.k if self.rescale else 1.0

    def _inclusion(self, x):
        return np.full(x.size, self.k / x.size)
