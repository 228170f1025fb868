"""mayekar2020 Theorem 6.1's first construction: Paninski's oracle for ``f_alpha``.

Algorithm
---------
``alpha`` is drawn uniformly from the Hamming packing ``V`` (:mod:`.hamming_packing`, fixed
per construction), ``f_alpha(x) = (2 B delta/d) <alpha, x>`` on
``X = {||x||_inf <= D/(2 d^{1/p})}``, and the oracle outputs ``B e_i`` with probability
``(1 + 2 delta alpha_i)/(2d)`` and ``-B e_i`` with probability ``(1 - 2 delta alpha_i)/(2d)``:
a uniform coordinate ``i``, then a sign with ``P[+] = (1 + 2 delta alpha_i)/2``.

Theoretical guarantee
---------------------
``E[O(x)] = 2 B delta alpha/d = grad f_alpha`` and ``||O(x)||_q = B`` on every output (``q``
conjugate to ``p``); ``X`` has ``l_p`` diameter ``D``; ``x* = -(D/(2 d^{1/p})) alpha``,
``f* = -B delta D/d^{1/p}``.  ``check`` verifies the unbiasedness from the exact output law.
Any ``r``-bit quantised protocol has error ``>= (D B delta/(4 d^{1/p}))(1 - T delta^2
min{2^r, d}/(c_2 d^2))``; ``delta <= 1/2`` keeps the probabilities valid.

References
----------
Mayekar, Tyagi, *Limits on Gradient Compression for Stochastic Optimization*, proof of
Theorem 6.1 (first lower bound); Paninski (2008).

Examples
--------
>>> c = PaninskiOracle(d=8, B=1.0, delta=0.25, p=2)
>>> inst = c.sample(rng=0)
>>> O = inst.inputs
>>> G = O.gradient(O.x_star, rng=1, size=4)
>>> G.shape, sorted(set(np.abs(G).sum(axis=-1).tolist())), all(c.check(inst).values())
((4, 8), [1.0], True)
>>> round(O.f_star, 4)
-0.0884
"""

from __future__ import annotations

import numpy as np

from ._oracles import LinearOracle, OracleFamily
from .registry import register

__all__ = ["PaninskiOracle", "Paninski"]


class Paninski(LinearOracle):
    """Outputs ``±B e_i`` with probabilities ``(1 ± 2 delta alpha_i)/(2d)``."""

    def _draw(self, g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        i = g.integers(0, self.d, size=shape)
        plus = g.random(shape) < (1 + 2 * self.delta * self.alpha[i]) / 2
        out = np.zeros((*shape, self.d))
        np.put_along_axis(out, i[..., None], np.where(plus, self.B, -self.B)[..., None], axis=-1)
        return out

    def output_law(self) -> tuple[np.ndarray, np.ndarray]:
        """Coordinate ``i`` of the output: ``(+B, -B)`` with probabilities ``(2d)^{-1}(1 ± 2 delta alpha_i)``."""
        values = np.array([self.B, -self.B])
        probs = np.stack([1 + 2 * self.delta * self.alpha, 1 - 2 * self.delta * self.alpha], -1) / (2 * self.d)
        return values, probs


@register("paninski-oracle")
class PaninskiOracle(OracleFamily):
    """Paninski's oracle family (``d``, ``B``, ``0 < delta <= 1/2``, ``p in [2, inf]``, diameter ``D``)."""

    source = "mayekar2020:thm6.1/paninski"
    oracle = Paninski
    p_min = 2.0

    def gradient_scale(self) -> float:
        return 2 * self.B * self.delta / self.d
