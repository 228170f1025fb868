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

from ..quantizers.base import as_generator
from ._oracles import LinearOracle, check_delta, lp_norm, parse_p
from .base import Construction, Instance, as_float, as_int
from .hamming_packing import HammingPacking
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
class PaninskiOracle(Construction):
    """Paninski's oracle family (``d``, ``B``, ``0 < delta <= 1/2``, ``p in [2, inf]``, diameter ``D``)."""

    source = "mayekar2020:thm6.1/paninski"
    typical = {"d": 16, "B": 1.0, "delta": 0.1, "p": 2.0}

    def __init__(self, d: int, B: float, delta: float, p=2.0, D: float = 1.0) -> None:
        d = as_int(d, "d", 1)
        B, D = as_float(B, "B", positive=True), as_float(D, "D", positive=True)
        delta = check_delta(delta, self.source)
        p = parse_p(p, self.source, 2.0)
        super().__init__(d=d, B=B, delta=delta, p=p, D=D)
        self.d, self.B, self.delta, self.p, self.D = d, B, delta, p, D
        self.packing = HammingPacking(d)

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """An oracle for ``alpha`` uniform in ``V`` (a list of ``size`` oracles when ``size``)."""
        return _sample(self, Paninski, 2 * self.B * self.delta / self.d, rng, size)

    def check(self, instance: Instance) -> dict[str, bool]:
        return _check(self, instance)


def _packing(c) -> np.ndarray:
    if not hasattr(c, "_V"):
        c._V = c.packing.sample(rng=0).inputs  # V is fixed and known to everyone
    return c._V


def _sample(c, cls, scale: float, rng, size) -> Instance:
    g = as_generator(rng)
    V = _packing(c)
    idx = g.integers(0, len(V), size=1 if size is None else int(size))
    oracles = [cls(V[k], c.B, c.delta, c.p, c.D, scale) for k in idx]
    O = oracles[0] if size is None else oracles
    first = oracles[0]
    props = {"packing_size": len(V), "diameter_p": first.domain.diameter, "scale": scale,
             "f_star": first.f_star if size is None else np.array([o.f_star for o in oracles])}
    truth = {"alpha": V[idx[0]] if size is None else V[idx], "index": int(idx[0]) if size is None else idx,
             "x_star": first.x_star if size is None else np.stack([o.x_star for o in oracles]),
             "gradient": first.mean_gradient if size is None else np.stack([o.mean_gradient for o in oracles])}
    return Instance(O, truth=truth, properties=props, params=dict(c.params), source=c.source)


def _check(c, instance: Instance) -> dict[str, bool]:
    oracles = instance.inputs if isinstance(instance.inputs, list) else [instance.inputs]
    V = {tuple(v) for v in _packing(c).tolist()}
    ok = {"alpha in V": True, "unbiased (exact law)": True, "probabilities valid": True,
          "||output||_q = B": True, "x* minimises f over X": True, "l_p diameter = D": True}
    g = np.random.default_rng(0)
    for o in oracles:
        values, probs = o.output_law()
        mean = probs @ values
        ok["alpha in V"] &= tuple(o.alpha.astype(int).tolist()) in V
        ok["probabilities valid"] &= bool(np.all(probs >= 0) and np.all(probs <= 1))
        ok["unbiased (exact law)"] &= bool(np.allclose(mean, o.mean_gradient, rtol=1e-12, atol=0))
        draws = o.gradient(np.zeros(o.d), rng=g, size=8)
        ok["||output||_q = B"] &= bool(np.allclose(lp_norm(draws, o.q), o.B, rtol=1e-12))
        corner = -o.domain.radius * np.sign(o.mean_gradient)
        ok["x* minimises f over X"] &= bool(o.domain.contains(o.x_star)) and bool(
            np.isclose(o.f(corner), o.f_star, rtol=1e-12))
        ok["l_p diameter = D"] &= bool(np.isclose(o.domain.diameter, o.D, rtol=1e-12))
    return {k: bool(v) for k, v in ok.items()}
