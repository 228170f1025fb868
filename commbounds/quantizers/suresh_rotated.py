"""Stochastic rotated quantization (Suresh et al. 2017, ``pi_srk``): k levels after ``HD``.

Algorithm
---------
Pad ``X`` with zeros to ``D = 2^ceil(log2 d)`` coordinates and rotate, ``Z = H D X``, with
``H`` the orthonormal Walsh-Hadamard matrix (``H_D / sqrt(D)``, applied by the fast
transform of :mod:`commbounds.quantizers.coding.hadamard`) and ``D`` a diagonal of
independent uniform signs drawn from the SHARED seed.  ``Z`` is quantized by stochastic
k-level quantization (:mod:`~commbounds.quantizers.suresh_klevel`) and sent with the
fixed-length code: ``Z_min`` and ``Z_max`` as float64, then ``D`` level indices of
``ceil(log2 k)`` bits, ``128 + D ceil(log2 k)`` bits in all.  The decoder rebuilds the
quantized ``Y``, applies ``R^T = D H`` and keeps the first ``d`` coordinates.

The signs come from ``numpy.random.default_rng(shared)`` (``shared=None`` means seed 0,
as elsewhere in the package); every row of a batch uses the same rotation, so independent
rotations across trials need distinct shared seeds.

Theoretical guarantee
---------------------
Unbiased for every fixed rotation (``R`` is orthogonal and the rounding unbiased).  With
the rotation random, Theorem 3 of Suresh et al. for ``n = 1``:
``E||X_hat - X||^2 <= (2 ln D + 2) ||X||^2 / (k - 1)^2`` (here ``D`` the padded
dimension; upper bound, not tight), against ``d ||X||^2 / (2 (k-1)^2)`` without rotation.
Cost ``D ceil(log2 k) + 128`` bits.

References
----------
A. T. Suresh, F. X. Yu, S. Kumar, H. B. McMahan, *Distributed Mean Estimation with
Limited Communication*, ICML 2017 (arXiv:1611.00429), Section 3 (stochastic rotated
quantization with the structured rotation ``HD``, Theorem 3).  The Walsh-Hadamard
ordering is Sylvester's (``scipy.linalg.hadamard``).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("suresh-rotated", k=16)
>>> x = np.array([3.0, -1.0, 0.5, 0.0, 2.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0), shared=5)
>>> est = q.decode(msg, shared=5)
>>> msg.nbits, est.shape, bool(np.linalg.norm(est - x) < 1.0)
(160, (5,), True)
"""

from __future__ import annotations

import numpy as np

from .base import Scheme
from .coding.hadamard import next_pow2, random_signs, rotate, unrotate
from .registry import register_scheme
from .suresh_klevel import (
    check_k,
    klevel_round,
    klevel_values,
    level_width,
    read_levels,
    read_range,
    write_float64,
)

__all__ = ["SureshRotated"]


def _signs(shared, d: int) -> np.ndarray:
    return random_signs(shared if shared is not None else 0, next_pow2(d))


@register_scheme("suresh-rotated")
class SureshRotated(Scheme):
    """k-level quantization after a randomized Hadamard rotation (``k >= 2`` levels)."""

    unbiased = True
    bounds = ("huang2019:suresh2017", "huang2019:suresh2017/mse")
    typical = {"k": 16}

    def __init__(self, k: int) -> None:
        k = check_k(k, "suresh-rotated")
        super().__init__(k=k)
        self.k = k

    def _draw(self, X, rng, shared):
        Z = rotate(X, _signs(shared, X.shape[-1]))
        levels, lo, hi = klevel_round(Z, self.k, rng)
        return {"levels": levels, "lo": lo, "hi": hi}

    def _bits(self, rep, d):
        return np.full(rep["lo"].shape, 128 + next_pow2(d) * level_width(self.k), dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        Y = klevel_values(rep["levels"], rep["lo"], rep["hi"], self.k)
        return unrotate(Y, _signs(shared, d), d)

    def _write(self, w, rep, d):
        write_float64(w, rep["lo"])
        write_float64(w, rep["hi"])
        w.write_uints(rep["levels"], level_width(self.k))

    def _read(self, r, d, shared, side):
        lo, hi = read_range(r, self.name)
        return {"levels": read_levels(r, next_pow2(d), self.k, self.name), "lo": lo, "hi": hi}
