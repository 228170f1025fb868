"""rTop-k sparsification, barnes2020 Definition 3: ``k`` random entries of the top ``r``.

Algorithm
---------
1. ``I``: the indices of the ``r`` largest magnitudes (one compiled ``O(d)`` pass per row,
   see :func:`~commbounds.quantizers.top_k.top_indices`);
2. ``U``: a uniformly random ``k``-subset of ``I`` (private randomness);
3. keep ``x_i`` for ``i in U``, zero the rest (Definition 3 is unscaled).

The payload is the index set ``U`` range-coded in ``ceil(log2 C(d, k)) + 1`` bits and the
``k`` values as ``precision``-bit floats (see :mod:`commbounds.quantizers.top_k`).
``r = k`` is top-k, ``r = d`` is random-k.

Theoretical guarantee
---------------------
Proposition 1 (exact, tight): with ``|w_1| >= ... >= |w_d|``,
``E||w - rTop_k(w)||^2 = (1 - k/r) sum_{j <= r} w_j^2 + sum_{j > r} w_j^2
<= (1 - k/d)||w||^2``, so rTop-k is a compression operator with ``gamma = k/d``.
Bits: ``ceil(log2 C(d, k)) + 1 + k * precision`` for every input.

References
----------
Barnes, Inan, Isik, Özgür, IEEE JSAIT 2020, Definition 3, Proposition 1, Algorithm 1.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("rtop-k", k=1, r=2, precision=64)
>>> x = np.array([0.1, 5.0, -4.0, 0.2])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> est = q.decode(msg)
>>> bool(est[1] == 5.0 or est[2] == -4.0), int(np.count_nonzero(est)), msg.nbits
(True, 1, 67)
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ._params import MAX_COUNT, int_in_range
from .base import checks_values
from .random_k import random_subset
from .registry import register_scheme
from .top_k import PRECISIONS, SparseScheme, peak, top_indices

__all__ = ["RTopK"]


@register_scheme("rtop-k")
class RTopK(SparseScheme):
    """rTop-k sparsifier (``k`` kept out of the top ``r``; ``1 <= k <= r <= d``)."""

    unbiased = False
    bounds = ("barnes2020:prop1", "barnes2020:prop1/exact")
    params = (
        Param("k", integer=True, domain="[1, r]", typical=4, description="kept coordinates"),
        Param("r", integer=True, domain=f"[1, {MAX_COUNT}]", typical=12, description="top coordinates sampled from"),
        Param("precision", options=PRECISIONS, default=32, description="float width of a kept value"),
    )

    def __init__(self, k, r, precision: int = 32) -> None:
        r = int_in_range(r, "r", "rtop-k")
        k = int_in_range(k, "k", "rtop-k")
        if k > r:
            raise InvalidInputError(f"rtop-k: k must satisfy k <= r, got k={k}, r={r}")
        super().__init__(k, precision, r=r)
        self.r = r

    def _check_d(self, d):
        if self.r > d:
            raise InvalidInputError(f"rtop-k: r must satisfy r <= d, got r={self.r}, d={d}")
        super()._check_d(d)

    @checks_values
    def _draw(self, X, rng, shared):
        # the selection pass refuses NaN; the top r hold each row's largest entry
        self._check_d(X.shape[-1])
        sel, top_abs = self._pick(X, rng)
        return self._rep(X, sel, top_abs)

    def _select(self, X, rng):
        return self._pick(X, rng)[0]

    def _pick(self, X, rng):
        """The ``k`` indices drawn from the top ``r`` of each row, and ``X``'s largest magnitude."""
        pool = top_indices(X, self.r)
        pick = random_subset(X.shape[0], self.r, self.k, rng)
        return np.take_along_axis(pool, pick, axis=-1), peak(X, pool)

    def _inclusion(self, x):
        pi = np.zeros(x.size)
        pi[top_indices(x[None, :], self.r)[0]] = self.k / self.r
        return pi
