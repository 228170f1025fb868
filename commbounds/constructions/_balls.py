"""Exact uniform sampling in Euclidean balls, and ball volumes.

A uniform point of ``B_R(c)`` in ``R^d`` is ``c + R U^{1/d} g/||g||`` with ``g`` standard
Gaussian (its direction is uniform on the sphere) and ``U`` uniform on ``[0, 1]`` (the radius
``R U^{1/d}`` has the law ``P[r <= t] = (t/R)^d`` of a uniform point's radius).  No
rejection, so the cost does not grow with ``d``.

Examples
--------
>>> import numpy as np
>>> P = uniform_in_ball(np.random.default_rng(0), np.zeros(50), 2.0, size=1000)
>>> P.shape, bool(np.all(np.linalg.norm(P, axis=-1) <= 2.0))
((1000, 50), True)
>>> round(log2_ball_volume(3, 1.0), 4)  # log2(4 pi / 3)
2.0665
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["uniform_in_ball", "uniform_direction", "log2_ball_volume"]


def uniform_direction(rng: np.random.Generator, shape: tuple[int, ...], d: int) -> np.ndarray:
    """Uniform unit vectors of ``R^d`` with leading shape ``shape`` (normalised Gaussians)."""
    g = rng.standard_normal((*shape, d))
    norms = np.linalg.norm(g, axis=-1, keepdims=True)
    while np.any(norms == 0):  # probability zero; redraw rather than divide by 0
        bad = norms[..., 0] == 0
        g[bad] = rng.standard_normal((int(bad.sum()), d))
        norms = np.linalg.norm(g, axis=-1, keepdims=True)
    return g / norms


def uniform_in_ball(rng: np.random.Generator, center, radius, size: int | tuple[int, ...] | None = None
                    ) -> np.ndarray:
    """Uniform points of ``B_radius(center)``.

    ``center`` has shape ``(..., d)`` and ``radius`` broadcasts against ``center[..., 0]``;
    the result has shape ``(*size, *center.shape)`` (``size`` may be ``None``).
    """
    center = np.asarray(center, dtype=float)
    d = center.shape[-1]
    lead = () if size is None else ((size,) if isinstance(size, int | np.integer) else tuple(size))
    shape = (*lead, *center.shape[:-1])
    r = np.asarray(radius, dtype=float)[..., None] * rng.random((*shape, 1)) ** (1.0 / d)
    return center + r * uniform_direction(rng, shape, d)


def log2_ball_volume(d: int, radius: float) -> float:
    """``log2 Vol(B_radius)`` in ``R^d``: ``d log2 r + (d/2) log2 pi - log2 Gamma(d/2 + 1)``."""
    return (d * math.log2(radius) + 0.5 * d * math.log2(math.pi)
            - math.lgamma(d / 2 + 1) / math.log(2))
