"""LatticeEncode / LatticeDecode (davies2021 Algorithms 1 and 2) by the convex-hull method.

Algorithm
---------
Encoder: enumerate ``B(x, 7 eps) cap Lambda`` of an ``eps``-lattice (``r_p = eps``,
``r_c <= 3 eps``); find non-negative weights ``a_i`` with ``sum a_i lambda_i = x``,
``sum a_i = 1`` by a linear program (scipy's HiGHS; among the feasible weights it takes
those minimising ``sum a_i ||lambda_i - x||^2``, i.e. the smallest variance -- any feasible
choice satisfies Lemma 6); draw ``z = lambda_i`` with probability ``a_i`` (one private
uniform per block) and send ``c_q(z)``, the basis coordinates mod ``q``, in
``d log2 q`` bits.  Decoder (Algorithm 2): the point of that colour closest to the
receiver's vector ``x_v``.

Feasible dimensions: the ball holds about ``Vol(B_{7 eps})/Vol(Vor)`` points (740 for
``Z^4``, 9500 for ``Z^6``, 91000 for ``Z^8``, 1.5 million for ``E_8``, which is refused), so a
whole vector is encoded only for ``d <= 8`` (LP times are reported by the suite).  Larger ``d`` is split into blocks of ``block`` coordinates, each quantized
independently with its own ``eps``-lattice (the product lattice): Lemma 6 and Lemma 7
then hold per block, so the total error is below ``7 eps sqrt(#blocks)`` and decoding
succeeds when every block is within ``(q - 7) eps`` (implied by ``||x - x_v|| <= (q-7) eps``).
Repeated rows (the trials of one input) reuse one LP solution.

Theoretical guarantee
---------------------
Lemma 6: ``z`` unbiased with ``||z - x|| < 7 eps`` (``davies2021:lem6/distance``), variance
at most ``49 eps^2`` (``lem6/variance``), ``b = d log q`` bits (``lem6/bits``); Lemma 4:
same-coloured points are ``>= 2 q eps`` apart; Lemma 7: decoding succeeds whenever
``||x - x_v|| <= (q - 7) eps``.  Beyond it the decoder returns a wrong point (not an error).

References
----------
Davies et al., ICLR 2021, Section 2 (Lemmas 4-7, Algorithms 1-2); scipy.optimize.linprog
(method="highs").

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("lattice", eps=0.1, q=16)
>>> x = np.array([3.3, -1.25, 0.4])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> z = q.decode(msg, side=x + 0.3)
>>> msg.nbits, bool(np.linalg.norm(z - x) < 0.7)
(12, True)
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog

from ..errors import InvalidInputError
from ..params import Param
from ._params import MAX_SCALE, MIN_SCALE, choice, int_in_range, positive_float
from .base import Scheme
from .lattices import (
    COLOURS_WHY,
    KINDS,
    MAX_COLOURS,
    colour_bits,
    eps_lattice,
    read_colours,
    write_colours,
)
from .registry import register_scheme

__all__ = ["LatticeConvexHull", "convex_hull_weights", "MAX_BLOCK"]

#: largest block (or whole-vector dimension) encoded by the convex-hull LP
MAX_BLOCK = 8
#: largest expected number of lattice points in B(x, 7 eps) (E8 has about 1.5e6: not feasible)
MAX_POINTS = 2e5


def _ball_volume(d: int, r: float) -> float:
    return math.pi ** (d / 2) / math.gamma(d / 2 + 1) * r**d


def convex_hull_weights(lat, x: np.ndarray, radius: float):
    """Lattice coordinates in ``B(x, radius)`` and LP weights with ``sum a_i lambda_i = x``."""
    C = lat.points_in_ball(x, radius)
    P = lat.points(C)
    diff = P - x
    A = np.vstack([diff.T, np.ones(len(P))])
    b = np.zeros(lat.d + 1)
    b[-1] = 1.0
    res = linprog((diff**2).sum(axis=1), A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    if res.status != 0:  # pragma: no cover - Lemma 5 guarantees feasibility for eps-lattices
        raise InvalidInputError(f"lattice: x is not in the convex hull of B(x, {radius:g}) ({res.message})")
    w = np.clip(res.x, 0.0, None)
    keep = w > 0
    return C[keep], w[keep] / w[keep].sum()


@register_scheme("lattice")
class LatticeConvexHull(Scheme):
    """Algorithms 1-2 of davies2021 on an ``eps``-lattice (see the module docstring).

    Parameters
    ----------
    eps : float
        Packing radius of the lattice, ``eps > 0``.
    q : int
        Colours per coordinate, ``q >= 2`` (Lemma 7 needs ``q > 7`` to say anything).
    lattice : {"cubic", "Dn", "E8"}
        The lattice family (``Z^d`` is an eps-lattice for ``d <= 9``, ``D_n`` for ``n <= 18``).
    block : int or None
        Block size for ``d > 8``; ``None`` encodes the whole vector (``d <= 8``).
    """

    unbiased = True
    needs_side = True
    bounds = ("davies2021:lem4", "davies2021:lem5", "davies2021:lem6/bits", "davies2021:lem6/distance",
              "davies2021:lem6/separation", "davies2021:lem6/variance", "davies2021:lem7")
    params = (
        Param("eps", domain=f"[{MIN_SCALE:g}, {MAX_SCALE:g}]", typical=0.1, description="packing radius"),
        Param("q", integer=True, domain=f"[2, {MAX_COLOURS}]", typical=16, description="colours per coordinate",
              why=COLOURS_WHY),
        Param("lattice", options=KINDS, default="cubic"),
        Param("block", integer=True, domain=f"[1, {MAX_BLOCK}]", default=None, typical=4,
              why="the ball enumeration and LP are exponential in the block size"),
    )

    def __init__(self, eps: float, q: int, lattice: str = "cubic", block: int | None = None) -> None:
        eps = positive_float(eps, "eps", "lattice", minimum=MIN_SCALE)
        q = int_in_range(q, "q", "lattice", minimum=2, maximum=MAX_COLOURS, why=COLOURS_WHY)
        lattice = choice(lattice, "lattice", "lattice", KINDS)
        if block is not None:
            block = int_in_range(block, "block", "lattice", maximum=MAX_BLOCK, why="the ball enumeration "
                                 "and LP are exponential in the block size")
        super().__init__(eps=eps, q=q, lattice=lattice, block=block)
        self.eps, self.q, self.kind, self.block = eps, q, lattice, block
        self._lat: dict[int, object] = {}
        self._cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}

    def blocks(self, d: int) -> list[slice]:
        """The coordinate blocks used at dimension ``d``."""
        size = d if self.block is None else self.block
        if size > MAX_BLOCK:
            raise InvalidInputError(f"lattice: d = {d} needs block <= {MAX_BLOCK} (the ball enumeration and "
                                    f"LP are exponential in the dimension); pass block=")
        out = [slice(i, min(i + size, d)) for i in range(0, d, size)]
        if self.kind == "E8" and any(s.stop - s.start != 8 for s in out):
            raise InvalidInputError("lattice: E8 needs blocks of exactly 8 coordinates")
        return out

    def lattice_for(self, dim: int):
        if dim not in self._lat:
            kind = "cubic" if (self.kind == "Dn" and dim < 2) else self.kind
            lat = eps_lattice(kind, dim, self.eps)
            if not lat.is_eps_lattice:
                raise InvalidInputError(f"lattice: {self.kind} in {dim} dimensions is not an eps-lattice "
                                        f"(r_c = {lat.covering_radius:g} > 3 r_p); use a smaller block")
            # in units of eps, so that neither the volume nor the determinant overflows
            count = _ball_volume(dim, 7.0) / abs(np.linalg.det(lat.basis / self.eps))
            if count > MAX_POINTS:
                raise InvalidInputError(f"lattice: B(x, 7 eps) holds about {count:.3g} points of {kind} in {dim} "
                                        f"dimensions (limit {MAX_POINTS:g}); use a smaller block")
            self._lat[dim] = lat
        return self._lat[dim]

    @classmethod
    def sample_input(cls, rng, d, params):
        return 20.0 + rng.standard_normal(d)

    def sample_side(self, x, rng):
        u = rng.standard_normal(np.shape(x))
        return x + u / np.linalg.norm(u) * 0.5 * max(self.q - 7, 0) * self.eps

    def _hull(self, lat, xb: np.ndarray):
        key = xb.tobytes()
        if key not in self._cache:
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = convex_hull_weights(lat, xb, 7 * self.eps)
        return self._cache[key]

    def draw_coords(self, X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Algorithm 1 on every row of ``X``: lattice coordinates of ``z`` (one uniform per block)."""
        rows, d = X.shape
        blocks = self.blocks(d)
        u = rng.random((rows, len(blocks)))
        coords = np.empty((rows, d), dtype=np.int64)
        for j, sl in enumerate(blocks):
            lat = self.lattice_for(sl.stop - sl.start)
            for i in range(rows):
                C, w = self._hull(lat, X[i, sl])
                k = min(int(np.searchsorted(np.cumsum(w), u[i, j], side="right")), len(w) - 1)
                coords[i, sl] = C[k]
        return coords

    def points(self, coords: np.ndarray) -> np.ndarray:
        """Points of the (block) lattice from coordinates (rows)."""
        d = coords.shape[-1]
        out = np.empty(coords.shape, dtype=np.float64)
        for sl in self.blocks(d):
            out[..., sl] = self.lattice_for(sl.stop - sl.start).points(coords[..., sl])
        return out

    def decode_coords(self, colour: np.ndarray, side: np.ndarray) -> np.ndarray:
        """Algorithm 2 on every row: coordinates of the point of colour ``colour`` nearest ``side``."""
        out = np.empty(colour.shape, dtype=np.int64)
        for sl in self.blocks(colour.shape[-1]):
            lat = self.lattice_for(sl.stop - sl.start)
            out[..., sl] = lat.coset_closest(colour[..., sl], self.q, side[..., sl])
        return out

    def _draw(self, X, rng, shared):
        return {"c": np.mod(self.draw_coords(X, rng), self.q)}

    def _bits(self, rep, d):
        return np.full(rep["c"].shape[0], colour_bits(d, self.q), dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        return self.points(self.decode_coords(rep["c"], side))

    def _write(self, wr, rep, d):
        write_colours(wr, rep["c"], self.q)

    def _read(self, r, d, shared, side):
        return {"c": read_colours(r, d, self.q)}

    def predict(self, x, *, shared=None):
        """Exact enumeration: per block, the LP's convex-hull weights ``a_i`` over the points
        ``lambda_i`` of ``B(x, 7 eps)`` are the law of ``z`` (Algorithm 1), so
        ``E[z] = sum a_i lambda_i`` and ``E(z_j - x_j)^2 = sum a_i (lambda_ij - x_j)^2``,
        when decoding succeeds (Lemma 7); ``d log2 q`` bits always.

        Examples
        --------
        >>> import numpy as np
        >>> p = LatticeConvexHull(eps=0.5, q=16).predict(np.array([0.25, 0.0]))
        >>> p.unbiased, bool(p.mse < 49 * 0.25), p.bits
        (True, True, 8.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        mean, mse = np.empty(x.size), np.empty(x.size)
        for sl in self.blocks(x.size):
            lat = self.lattice_for(sl.stop - sl.start)
            C, w = self._hull(lat, x[sl])
            P = lat.points(C)
            mean[sl] = w @ P
            mse[sl] = w @ (P - x[sl]) ** 2
        return Prediction.build(x, mean, mse, bits=colour_bits(x.size, self.q), method="enumeration",
                                note="decoding succeeds (||x - side|| <= (q - 7) eps per block)")
