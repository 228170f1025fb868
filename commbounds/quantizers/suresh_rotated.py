"""Stochastic rotated quantization (Suresh et al. 2017, ``pi_srk``): k levels after ``HD``.

Algorithm
---------
Pad ``X`` with zeros to ``D = 2^ceil(log2 d)`` coordinates and rotate, ``Z = H D X``, with
``H`` the orthonormal Walsh-Hadamard matrix (``H_D / sqrt(D)``, applied by the fast
transform of :mod:`commbounds.quantizers.hadamard`) and ``D`` a diagonal of
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

from ..kernels import smallest_uint
from .hadamard import next_pow2, random_signs, rotate, unrotate
from .registry import register_scheme
from .suresh_klevel import KLevelScheme, klevel_round

__all__ = ["SureshRotated"]


def _signs(shared, d: int) -> np.ndarray:
    return random_signs(shared if shared is not None else 0, next_pow2(d), dtype=np.int8)


@register_scheme("suresh-rotated")
class SureshRotated(KLevelScheme):
    """k-level quantization after a randomized Hadamard rotation (``k >= 2`` levels)."""
    randomness = "public"

    def _coords(self, d):
        return next_pow2(d)

    def _draw(self, X, rng, shared):
        # the levels in a byte or two each: with the rotated copy they are what the peak holds
        levels, lo, hi = klevel_round(rotate(X, _signs(shared, X.shape[-1])), self.k, rng,
                                      dtype=smallest_uint(self.k - 1))
        return {"levels": levels, "lo": lo, "hi": hi}

    def _estimate(self, rep, d, shared, side):
        return unrotate(super()._estimate(rep, d, shared, side), _signs(shared, d), d, inplace=True)

    def _moments(self, x, shared):
        """Two-point rounding of the rotated coordinates, carried back by the orthonormal
        rotation (conditional on the rotation the shared seed fixes)."""
        from .prediction import rotated_error

        signs = _signs(shared, x.size)
        mean_z, var_z, levels = self._level_moments(rotate(x[None, :], signs)[0])
        mean, mse_coord = rotated_error(x, mean_z, var_z, signs, x.size, unrotate)
        return mean, mse_coord, levels
