"""korhonen2021 Lemma 2's point packings of ``[0,1]^d`` with a checked minimum distance.

Algorithm
---------
``"grid"``
    the cubic grid with ``m`` points per axis, ``m - 1`` the largest integer with
    ``1/(m - 1) > delta`` (spacing strictly above ``delta``); ``m^d`` points, indexed in mixed
    radix by :class:`GridPacking` without listing them.
``"greedy"``
    uniform random candidates, each kept when farther than ``delta`` from every kept point
    (batched distance matrices), until ``max_points`` points or a batch with no new point.

Theoretical guarantee
---------------------
Lemma 2 (Tsitsiklis & Luo 1987) states that some ``S`` with pairwise distances ``> delta`` has
``|S| >= (d^{1/2}/(C delta))^d``, ``C = (pi e/2)^{1/2}`` (property ``lemma2_bound``).  A
*maximal* packing is guaranteed ``|S| >= 1/Vol(B_delta) >= (d^{1/2}/((2 pi e)^{1/2} delta))^d``
(its ``delta``-balls cover the cube; property ``covering_bound``), which is ``2^d`` times
smaller than Lemma 2's value.  Every sample reports its size and measured minimum distance
next to both.  Lemma 2's constant cannot hold for every ``delta``: the ``delta/2``-balls of
``S`` lie in ``[-delta/2, 1 + delta/2]^d``, whose translates tile space, so
``|S| Vol(B_{delta/2}) <= Delta_d (1 + delta)^d`` with ``Delta_d`` the optimal packing density;
Lemma 2's value is ``(d/(2e))^{d/2}/Gamma(d/2 + 1) = 0.114`` times ``1/Vol(B_{delta/2})`` at
``d = 24``, above the Leech lattice's ``Delta_24 = 0.00193`` times ``(1 + delta)^24`` for every
``delta < 0.185``.

References
----------
Korhonen, Alistarh, *Improved Communication Lower Bounds for Distributed Optimisation*
(ICLR 2021 submission), Lemma 2; Tsitsiklis, Luo (1987).

Examples
--------
>>> c = PointPacking(d=2, delta=0.3, method="grid")
>>> inst = c.sample()
>>> inst.inputs.shape, round(inst.properties["min_distance"], 4), all(c.check(inst).values())
((16, 2), 0.3333, True)
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from ._balls import log2_ball_volume
from .base import Construction, Instance, as_float, as_int
from .registry import register

__all__ = ["PointPacking", "GridPacking", "C_PACK", "MIN_DELTA", "min_distance"]

#: Lemma 2's constant (pi e / 2)^{1/2}
C_PACK = math.sqrt(math.pi * math.e / 2)
#: Smallest separation of the grid packing: ``m - 1 < 1/delta <= 2^52`` points per axis keep
#: the grid's spacing exact enough to test ``1/k > delta`` and its indices within ``int64``.
MIN_DELTA = 2.0**-52


class GridPacking:
    """The grid ``{0, h, ..., (m-1) h}^d`` with ``h = 1/(m-1) > delta`` (``m = 1``: the point 0)."""

    def __init__(self, d: int, delta: float) -> None:
        if not delta >= MIN_DELTA:
            raise InvalidInputError(f"the grid packing needs delta >= 2^-52 (at most 2^52 points per axis), "
                                    f"got delta={delta:g}")
        self.d, self.delta = d, delta
        k = max(math.ceil(1 / delta) - 1, 0)
        while k >= 1 and 1 / k <= delta:  # guard the ceil against rounding
            k -= 1
        self.m = k + 1
        self.spacing = 1.0 / k if k else math.inf
        self.log2_size = d * math.log2(self.m)

    @property
    def size(self) -> int:
        return self.m**self.d

    def points(self, index) -> np.ndarray:
        """Coordinates of the points with integer ``index`` (any shape; ``index < m^d``)."""
        idx = np.asarray(index, dtype=np.int64)
        digits = (idx[..., None] // (self.m ** np.arange(self.d, dtype=np.int64))) % self.m
        return digits * (0.0 if self.m == 1 else self.spacing)

    def nearest(self, x) -> np.ndarray:
        """Index of the grid point nearest to ``x`` (rows of shape ``(..., d)``)."""
        if self.m == 1:
            return np.zeros(np.shape(x)[:-1], dtype=np.int64)
        digits = np.clip(np.rint(np.asarray(x, dtype=float) / self.spacing), 0, self.m - 1).astype(np.int64)
        return digits @ (self.m ** np.arange(self.d, dtype=np.int64))


def min_distance(P: np.ndarray) -> float:
    """Smallest pairwise Euclidean distance of the rows of ``P`` (``inf`` for one point)."""
    if len(P) < 2:
        return math.inf
    sq = (P**2).sum(-1)
    D2 = sq[:, None] + sq[None, :] - 2 * P @ P.T
    np.fill_diagonal(D2, np.inf)
    return float(np.sqrt(max(D2.min(), 0.0)))


@register("point-packing")
class PointPacking(Construction):
    """Points of ``[0,1]^d`` with pairwise distances ``> delta`` (``grid`` or ``greedy``)."""

    source = "korhonen2021:lem2"
    params = (
        Param("d", integer=True, domain="[1, 2**53]", typical=3, description="dimension"),
        Param("delta", domain="(0, oo)", typical=0.2, description="separation"),
        Param("method", options=("grid", "greedy"), default="greedy"),
        Param("max_points", integer=True, domain="[1, 2**53]", default=2048),
    )

    def __init__(self, d: int, delta: float, method: str = "greedy", max_points: int = 2048) -> None:
        d, max_points = as_int(d, "d", 1), as_int(max_points, "max_points", 1)
        delta = as_float(delta, "delta", positive=True)
        if method not in ("grid", "greedy"):
            raise InvalidInputError(f"point-packing: method must be 'grid' or 'greedy', got {method!r}")
        super().__init__(d=d, delta=delta, method=method, max_points=max_points)
        self.d, self.delta, self.method, self.max_points = d, delta, method, max_points
        self.grid = GridPacking(d, delta)

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Points of shape ``(|S|, d)``; ``size`` gives a list of ``size`` packings."""
        g = as_generator(rng)
        sets = [self._one(g) for _ in range(1 if size is None else int(size))]
        sizes = np.array([len(P) for P in sets])
        mins = np.array([min_distance(P) for P in sets])
        log2_lemma2 = self.d * math.log2(math.sqrt(self.d) / (C_PACK * self.delta))
        log2_cover = -log2_ball_volume(self.d, self.delta)
        props = {"size": int(sizes[0]) if size is None else sizes,
                 "min_distance": float(mins[0]) if size is None else mins,
                 "lemma2_bound": 2.0**log2_lemma2, "log2_lemma2_bound": log2_lemma2,
                 "covering_bound": 2.0**log2_cover, "log2_covering_bound": log2_cover,
                 "grid_size": self.grid.size if self.grid.log2_size < 1000 else math.inf,
                 "capped": bool(np.any(sizes >= self.max_points))}
        return Instance(sets[0] if size is None else sets, properties=props,
                        params=dict(self.arguments), source=self.source)

    def check(self, instance: Instance) -> dict[str, bool]:
        sets = instance.inputs if isinstance(instance.inputs, list) else [instance.inputs]
        return {"in [0,1]^d": all(bool(np.all((P >= 0) & (P <= 1))) for P in sets),
                "pairwise distance > delta": all(min_distance(P) > self.delta for P in sets)}

    def _one(self, g: np.random.Generator) -> np.ndarray:
        if self.method == "grid":
            return self.grid.points(np.arange(min(self.grid.size, self.max_points)))
        S = g.random((1, self.d))
        thr = self.delta**2 * (1 + 1e-9)
        idle = 0
        while len(S) < self.max_points and idle < 3:  # stop after 3 batches with no new point
            C = g.random((1024, self.d))
            C = C[_sqdist(C, S).min(axis=1) > thr]
            Dc = _sqdist(C, C)
            keep = np.zeros(len(C), dtype=bool)
            for i in range(len(C)):  # greedy within the batch (over candidates, not coordinates)
                keep[i] = not np.any(Dc[i, keep] <= thr)
            idle = 0 if keep.any() else idle + 1
            S = np.concatenate([S, C[keep][: self.max_points - len(S)]])
        return S


def _sqdist(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    return (A**2).sum(-1)[:, None] + (B**2).sum(-1)[None, :] - 2 * A @ B.T
