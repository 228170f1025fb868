"""mayekar2020 Theorem 6.1's second construction: the Bernoulli-product oracle for ``f_alpha``.

Algorithm
---------
``alpha`` is drawn uniformly from the Hamming packing ``V`` (fixed per construction),
``f_alpha(x) = (2 B delta/d^{1/q}) <alpha, x>`` on ``X = {||x||_inf <= D/(2 d^{1/p})}``
(``1/p + 1/q = 1``), and the oracle outputs independent coordinates, the ``i``-th equal to
``B/d^{1/q}`` with probability ``(1 + 2 delta alpha_i)/2`` and to ``-B/d^{1/q}`` otherwise.

Theoretical guarantee
---------------------
``E[O(x)] = 2 B delta alpha/d^{1/q} = grad f_alpha``; ``||O(x)||_q = B`` on every output;
``x* = -(D/(2 d^{1/p})) alpha`` and ``f* = -B delta D``.  The second lower bound
``(D B delta/4)(1 - 1/(c_2 d) - 360 T delta^2 min{r, d}/(c_2 d))`` holds for every
``p >= 1`` (Theorem 6.2 uses it for ``p in [1, 2)``), so ``p in [1, inf]`` is accepted.

References
----------
Mayekar, Tyagi, *Limits on Gradient Compression for Stochastic Optimization*, proof of
Theorem 6.1 (second lower bound) and Theorem 6.2; Duchi et al. (2014).

Examples
--------
>>> c = BernoulliOracle(d=8, B=2.0, delta=0.25, p=2)
>>> inst = c.sample(rng=0)
>>> G = inst.inputs.gradient(np.zeros(8), rng=1, size=3)
>>> G.shape, np.round(np.linalg.norm(G, axis=-1), 6).tolist(), all(c.check(inst).values())
((3, 8), [2.0, 2.0, 2.0], True)
>>> round(inst.inputs.f_star, 4)
-0.5
"""

from __future__ import annotations

import math

import numpy as np

from ._oracles import LinearOracle, OracleFamily, conjugate
from .registry import register

__all__ = ["BernoulliOracle", "BernoulliProduct"]


class BernoulliProduct(LinearOracle):
    """Independent coordinates ``±B/d^{1/q}`` with ``P[+] = (1 + 2 delta alpha_i)/2``."""

    @property
    def level(self) -> float:
        return self.B / (1.0 if math.isinf(self.q) else self.d ** (1 / self.q))

    def _draw(self, g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        plus = g.random((*shape, self.d)) < (1 + 2 * self.delta * self.alpha) / 2
        return np.where(plus, self.level, -self.level)

    def output_law(self) -> tuple[np.ndarray, np.ndarray]:
        """Coordinate ``i``: ``(+B/d^{1/q}, -B/d^{1/q})`` with probabilities ``(1 ± 2 delta alpha_i)/2``."""
        values = np.array([self.level, -self.level])
        probs = np.stack([1 + 2 * self.delta * self.alpha, 1 - 2 * self.delta * self.alpha], -1) / 2
        return values, probs


@register("bernoulli-oracle")
class BernoulliOracle(OracleFamily):
    """Bernoulli-product oracle family (``d``, ``B``, ``0 < delta <= 1/2``, ``p in [1, inf]``, ``D``)."""

    source = "mayekar2020:thm6.1/bernoulli"
    oracle = BernoulliProduct
    p_min = 1.0

    def gradient_scale(self) -> float:
        q = conjugate(self.p)
        dq = 1.0 if math.isinf(q) else self.d ** (1 / q)
        return 2 * self.B * self.delta / dq
