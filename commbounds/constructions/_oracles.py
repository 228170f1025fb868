"""Linear objectives ``f_alpha(x) = scale <alpha, x>`` on mayekar2020's box domain, with the
stochastic first-order oracles of the proof of Theorem 6.1 and the part their two families
share (:class:`OracleFamily`: parameters, ``alpha`` drawn from the Hamming packing, checks).

The domain is the proof's ``X = {x : ||x||_inf <= D/(2 d^{1/p})}``, whose ``l_p`` diameter is
``D``; its minimiser of ``f_alpha`` is ``x* = -(D/(2 d^{1/p})) alpha`` with
``f* = -scale (D/(2 d^{1/p})) ||alpha||_1``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from .base import Construction, Instance, as_float, as_int, require
from .hamming_packing import MAX_D, HammingPacking

__all__ = ["BoxDomain", "LinearOracle", "OracleFamily", "conjugate", "parse_p", "lp_norm"]


def parse_p(p, source: str, low: float) -> float:
    """``p`` as a float in ``[low, inf]`` (``"inf"`` and ``math.inf`` accepted)."""
    if isinstance(p, str) and p.strip().lower() in ("inf", "infinity"):
        p = math.inf
    if isinstance(p, bool) or not isinstance(p, int | float | np.integer | np.floating) or math.isnan(p):
        raise InvalidInputError(f"p must be a real number or 'inf', got {p!r}")
    p = float(p)
    require(p >= low, f"p in [{low:g}, inf] (got p={p:g})", source)
    return p


def conjugate(p: float) -> float:
    """Hölder conjugate ``q`` with ``1/p + 1/q = 1``."""
    if p == 1:
        return math.inf
    return 1.0 if math.isinf(p) else p / (p - 1)


def lp_norm(x, p: float) -> np.ndarray:
    """``||x||_p`` along the last axis (``p = inf`` allowed)."""
    a = np.abs(np.asarray(x, dtype=float))
    return a.max(axis=-1) if math.isinf(p) else (a**p).sum(axis=-1) ** (1 / p)


@dataclass(frozen=True)
class BoxDomain:
    """``{x in R^d : ||x||_inf <= radius}``; ``diameter`` is its ``l_p`` diameter."""

    d: int
    radius: float
    p: float

    @property
    def diameter(self) -> float:
        return 2 * self.radius * (1.0 if math.isinf(self.p) else self.d ** (1 / self.p))

    def contains(self, x) -> np.ndarray:
        return np.all(np.abs(np.asarray(x, dtype=float)) <= self.radius * (1 + 1e-12), axis=-1)

    def project(self, x) -> np.ndarray:
        """Euclidean projection (coordinate-wise clipping)."""
        return np.clip(np.asarray(x, dtype=float), -self.radius, self.radius)


class LinearOracle(ABC):
    """``f_alpha(x) = scale <alpha, x>`` with an unbiased stochastic gradient oracle."""

    def __init__(self, alpha, B: float, delta: float, p: float, D: float, scale: float) -> None:
        self.alpha = np.asarray(alpha, dtype=float)
        self.d = self.alpha.size
        self.B, self.delta, self.p, self.q, self.D = B, delta, p, conjugate(p), D
        self.scale = scale
        radius = D / 2 / (1.0 if math.isinf(p) else self.d ** (1 / p))
        self.domain = BoxDomain(self.d, radius, p)
        self.x_star = -radius * self.alpha
        self.f_star = float(self.f(self.x_star))

    @property
    def mean_gradient(self) -> np.ndarray:
        """The exact gradient ``scale alpha`` (the same at every ``x``)."""
        return self.scale * self.alpha

    def f(self, x) -> np.ndarray:
        """``f_alpha`` along the last axis of ``x``."""
        return self.scale * (self._x(x) @ self.alpha)

    def gradient(self, x, rng=None, size: int | None = None) -> np.ndarray:
        """Stochastic gradients at ``x`` (shape ``(..., d)``): ``(*x.shape)`` or ``(size, *x.shape)``."""
        x = self._x(x)
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        return self._draw(g, (*lead, *x.shape[:-1]))

    @abstractmethod
    def _draw(self, g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray: ...

    @abstractmethod
    def output_law(self) -> tuple[np.ndarray, np.ndarray]:
        """``(values, probabilities)`` of one coordinate / atom, for exact checks."""

    def _x(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if x.ndim == 0 or x.shape[-1] != self.d or not np.all(np.isfinite(x)):
            raise InvalidInputError(f"x must be finite with last axis d={self.d}, got shape {x.shape}")
        return x


def check_delta(delta, source: str) -> float:
    delta = as_float(delta, "delta", positive=True)
    require(delta <= 0.5, f"delta <= 1/2 so that (1 +- 2 delta alpha_i)/2 are probabilities "
            f"(got delta={delta:g})", source)
    return delta


class OracleFamily(Construction):
    """Theorem 6.1's oracle families: ``d``, ``B``, ``0 < delta <= 1/2``, ``p in [p_min, inf]``
    and the ``l_p`` diameter ``D``; ``alpha`` is drawn uniformly from the Hamming packing ``V``
    (fixed per construction) and the oracle is ``oracle`` at gradient scale :meth:`gradient_scale`."""

    #: the oracle class of the family
    oracle: ClassVar[type[LinearOracle]]
    #: the smallest ``p`` the family's bound covers
    p_min: ClassVar[float]
    params = (
        Param("d", integer=True, domain=f"[1, {MAX_D}]", typical=16, description="dimension",
              why="the family is indexed by a Hamming packing of {0, 1}^d"),
        Param("B", domain="(0, oo)", typical=1.0, description="gradient bound"),
        Param("delta", domain="(0, oo)", typical=0.1, description="bias of the oracle"),
        Param("p", domain="(0, oo]", default=2.0, typical=2.0, aliases=(("inf", math.inf), ("infinity", math.inf)),
              description="the l_p geometry"),
        Param("D", domain="(0, oo)", default=1.0, description="l_p diameter of the domain"),
    )

    def __init__(self, d: int, B: float, delta: float, p=2.0, D: float = 1.0) -> None:
        d = as_int(d, "d", 1)
        B, D = as_float(B, "B", positive=True), as_float(D, "D", positive=True)
        delta = check_delta(delta, self.source)
        p = parse_p(p, self.source, self.p_min)
        super().__init__(d=d, B=B, delta=delta, p=p, D=D)
        self.d, self.B, self.delta, self.p, self.D = d, B, delta, p, D
        self.packing = HammingPacking(d)

    @abstractmethod
    def gradient_scale(self) -> float:
        """The gradient scale ``grad f_alpha / alpha``."""

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """An oracle for ``alpha`` uniform in ``V`` (a list of ``size`` oracles when ``size``)."""
        g = as_generator(rng)
        V = self._packing()
        scale = self.gradient_scale()
        idx = g.integers(0, len(V), size=1 if size is None else int(size))
        oracles = [self.oracle(V[k], self.B, self.delta, self.p, self.D, scale) for k in idx]
        O = oracles[0] if size is None else oracles
        first = oracles[0]
        props = {"packing_size": len(V), "diameter_p": first.domain.diameter, "scale": scale,
                 "f_star": first.f_star if size is None else np.array([o.f_star for o in oracles])}
        truth = {"alpha": V[idx[0]] if size is None else V[idx], "index": int(idx[0]) if size is None else idx,
                 "x_star": first.x_star if size is None else np.stack([o.x_star for o in oracles]),
                 "gradient": first.mean_gradient if size is None else np.stack([o.mean_gradient for o in oracles])}
        return Instance(O, truth=truth, properties=props, params=dict(self.arguments), source=self.source)

    def check(self, instance: Instance) -> dict[str, bool]:
        oracles = instance.inputs if isinstance(instance.inputs, list) else [instance.inputs]
        V = {tuple(v) for v in self._packing().tolist()}
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

    def _packing(self) -> np.ndarray:
        if not hasattr(self, "_V"):
            self._V = self.packing.sample(rng=0).inputs  # V is fixed and known to everyone
        return self._V
