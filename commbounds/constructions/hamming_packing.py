"""mayekar2020 Theorem 6.1's Hamming packing: ``V`` in ``{-1,1}^d`` with pairwise Hamming
distance at least ``d/4``.

Algorithm
---------
Pairwise distance ``>= r = ceil(d/4)`` makes ``V`` an independent set of the graph on
``{-1,1}^d`` whose edges join points at distance ``< r``.  Three methods:

``"maximum"`` (``d <= 8``)
    an exact maximum independent set: a maximum clique of the complement graph
    (:func:`networkx.max_weight_clique`); seconds at ``d = 8``.
``"lexicographic"`` (``d <= 16``)
    the lexicode: scan ``{0,1}^d`` in integer order and keep every point at distance
    ``>= r`` from all kept ones.  A maximal independent set of the same graph, computed by
    marking the radius-``(r-1)`` Hamming ball of each kept point (``2^d`` flags, no graph).
``"random"`` (any ``d``)
    Gilbert-Varshamov style: uniform random points, each kept when at distance ``>= r`` from
    all kept ones (distances by one matrix product per batch), until ``m`` points.

Each sample applies a uniformly random isometry of the cube (coordinate permutation and sign
flips) to the first two, and draws afresh for the third.

Theoretical guarantee
---------------------
The paper uses "a packing of cardinality ``2^{c_2 d}``, where ``c_2`` is a constant" without a
value.  The Gilbert-Varshamov argument behind "as is well-known" gives, for any *maximal*
packing, ``|V| >= 2^d / sum_{i<r} C(d, i)`` (property ``gv_bound``), i.e.
``c_2 = 1 - h(1/4) ~ 0.1887`` asymptotically (``c_gv``).  Properties report the sample's
``|V|``, its minimum distance (computed), and ``log2|V|/d`` against ``c_gv``.  The random
method cannot list ``2^{c d}`` points at large ``d``; it stops at ``m``.

References
----------
Mayekar, Tyagi, *Limits on Gradient Compression for Stochastic Optimization*, proof of
Theorem 6.1; Gilbert (1952) and Varshamov (1957) for the packing bound.

Examples
--------
>>> c = HammingPacking(d=8)
>>> inst = c.sample(rng=0)
>>> inst.inputs.shape, inst.properties["min_distance"], all(c.check(inst).values())
((128, 8), 2, True)
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import BoundDomainError, InvalidInputError
from ..params import Param
from ..validation import as_generator
from .base import Construction, Instance, as_int
from .registry import register

__all__ = ["HammingPacking", "hamming_distances", "C_GV"]

#: the Gilbert-Varshamov exponent 1 - h(1/4) at relative distance 1/4
C_GV = 1 + 0.25 * math.log2(0.25) + 0.75 * math.log2(0.75)
_LIMITS = {"maximum": 8, "lexicographic": 16}
#: Largest dimension: constructing the packing costs ``O(d^2)`` big-integer operations.
MAX_D = 4096


def hamming_distances(A: np.ndarray, B: np.ndarray | None = None) -> np.ndarray:
    """Pairwise Hamming distances of ``±1`` rows: ``(d - <a, b>)/2`` (one matrix product)."""
    A = np.asarray(A, dtype=np.float64)
    B = A if B is None else np.asarray(B, dtype=np.float64)
    return np.rint((A.shape[-1] - A @ np.swapaxes(B, -1, -2)) / 2).astype(np.int64)


@register("hamming-packing")
class HammingPacking(Construction):
    """``V`` in ``{-1,1}^d``, pairwise distance ``>= ceil(d/4)`` (method by ``d`` unless given)."""

    source = "mayekar2020:thm6.1"
    params = (
        Param("d", integer=True, domain=f"[1, {MAX_D}]", typical=12, description="dimension",
              why="the Gilbert-Varshamov count sums d/4 exact binomials"),
        Param("method", options=("maximum", "lexicographic", "random"), default=None),
        Param("m", integer=True, domain="[1, 2**53]", default=None, description="codewords of the random method"),
    )

    def __init__(self, d: int, method: str | None = None, m: int | None = None) -> None:
        d = as_int(d, "d", 1)
        if method is None:
            method = "maximum" if d <= 7 else "lexicographic" if d <= 16 else "random"
        if method not in ("maximum", "lexicographic", "random"):
            raise InvalidInputError(f"hamming-packing: method must be 'maximum', 'lexicographic' "
                                    f"or 'random', got {method!r}")
        if method in _LIMITS and d > _LIMITS[method]:
            raise InvalidInputError(f"hamming-packing: method {method!r} needs d <= "
                                    f"{_LIMITS[method]} (got d={d}); use 'random'")
        self.r = -(-d // 4)
        ball = sum(math.comb(d, i) for i in range(self.r))
        self.log2_gv = d - math.log2(ball)
        if method == "random":
            m = min(1024, max(2, int(2.0 ** (self.log2_gv - 1)))) if m is None else as_int(m, "m", 1)
        elif m is not None:
            raise InvalidInputError("hamming-packing: m applies to the 'random' method only")
        super().__init__(d=d, method=method, m=m)
        self.d, self.method, self.m = d, method, m
        self._base: np.ndarray | None = None

    def codewords(self) -> np.ndarray:
        """The unrandomised packing for 'maximum'/'lexicographic' (cached), as ``int8`` ``±1``."""
        if self._base is None:
            bits = _maximum(self.d, self.r) if self.method == "maximum" else _lexicode(self.d, self.r)
            self._base = (1 - 2 * ((bits[:, None] >> np.arange(self.d)) & 1)).astype(np.int8)
        return self._base

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """``V`` with shape ``(|V|, d)`` (or ``(size, |V|, d)``), entries ``±1`` (``int8``)."""
        g = as_generator(rng)
        count = 1 if size is None else int(size)
        Vs = [self._one(g) for _ in range(count)]
        V = Vs[0] if size is None else np.stack(Vs)
        mins = [int(hamming_distances(v)[np.triu_indices(len(v), 1)].min(initial=self.d)) for v in Vs]
        props = {"size": V.shape[-2], "log2_size": math.log2(V.shape[-2]),
                 "min_distance": mins[0] if size is None else np.array(mins),
                 "required_distance": self.r, "gv_bound": 2.0**self.log2_gv,
                 "c_empirical": math.log2(V.shape[-2]) / self.d, "c_gv": C_GV}
        return Instance(V, truth={}, properties=props, params=dict(self.arguments), source=self.source)

    def check(self, instance: Instance) -> dict[str, bool]:
        V = instance.inputs
        Vs = V[None] if V.ndim == 2 else V
        ok_dist = all(hamming_distances(v)[np.triu_indices(len(v), 1)].min(initial=self.d) >= self.r
                      for v in Vs)
        out = {"entries in {-1,1}": bool(np.all(np.abs(V) == 1)),
               "pairwise distance >= d/4": bool(ok_dist)}
        if self.method != "random":
            out["maximal-packing size"] = V.shape[-2] == len(self.codewords())
        return out

    def _one(self, g: np.random.Generator) -> np.ndarray:
        if self.method == "random":
            return _random_packing(g, self.d, self.r, self.m)
        perm = g.permutation(self.d)
        flips = np.where(g.random(self.d) < 0.5, -1, 1).astype(np.int8)
        return self.codewords()[:, perm] * flips


def _ball_offsets(d: int, r: int) -> np.ndarray:
    """Integers in ``[0, 2^d)`` of popcount ``< r``."""
    x = np.arange(2**d, dtype=np.int64)
    pop = np.zeros_like(x)
    for j in range(d):
        pop += (x >> j) & 1
    return x[pop < r]


def _lexicode(d: int, r: int) -> np.ndarray:
    offsets = _ball_offsets(d, r)
    blocked = np.zeros(2**d, dtype=bool)
    kept = []
    i = 0
    while i < 2**d:
        kept.append(i)
        blocked[i ^ offsets] = True
        free = np.flatnonzero(~blocked[i:])
        if free.size == 0:
            break
        i += int(free[0])
    return np.array(kept, dtype=np.int64)


def _maximum(d: int, r: int) -> np.ndarray:
    import networkx as nx

    n = 2**d
    x = np.arange(n, dtype=np.int64)
    pop = np.zeros((n, n), dtype=np.int64)
    for j in range(d):
        pop += ((x[:, None] ^ x[None, :]) >> j) & 1
    far = np.triu(pop >= r, 1)  # the complement of the conflict graph
    H = nx.Graph()
    H.add_nodes_from(range(n))
    H.add_edges_from(zip(*(a.tolist() for a in np.nonzero(far)), strict=True))
    clique, _ = nx.max_weight_clique(H, weight=None)
    return np.array(sorted(clique), dtype=np.int64)


def _random_packing(g: np.random.Generator, d: int, r: int, m: int, max_draws: int = 200_000
                    ) -> np.ndarray:
    V = np.zeros((0, d), dtype=np.int8)
    drawn = 0
    while len(V) < m:
        if drawn >= max_draws:
            raise BoundDomainError(f"mayekar2020:thm6.1 random packing: only {len(V)} of m={m} "
                                   f"points at distance >= {r} after {drawn} draws; lower m")
        k = min(max(2 * (m - len(V)), 64), 8192)
        C = np.where(g.random((k, d)) < 0.5, -1, 1).astype(np.int8)
        drawn += k
        if len(V):
            C = C[hamming_distances(C, V).min(axis=1) >= r]
        Dm = hamming_distances(C)
        np.fill_diagonal(Dm, d)
        if np.any(Dm < r):
            keep: list[int] = []
            for i in range(len(C)):
                if all(Dm[i, j] >= r for j in keep):
                    keep.append(i)
            C = C[keep]
        V = np.concatenate([V, C[: m - len(V)]])
    return V
