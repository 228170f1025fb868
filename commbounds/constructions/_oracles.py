"""Linear objectives ``f_alpha(x) = scale <alpha, x>`` on mayekar2020's box domain, with the
stochastic first-order oracles of the proof of Theorem 6.1.

The domain is the proof's ``X = {x : ||x||_inf <= D/(2 d^{1/p})}``, whose ``l_p`` diameter is
``D``; its minimiser of ``f_alpha`` is ``x* = -(D/(2 d^{1/p})) alpha`` with
``f* = -scale (D/(2 d^{1/p})) ||alpha||_1``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from ..quantizers.base import as_generator
from .base import as_float, require

__all__ = ["BoxDomain", "LinearOracle", "conjugate", "parse_p", "lp_norm"]


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
