"""Lattice geometry for davies2021's quantizers: bases, radii, coordinates, colourings
and closest points, and the packed colour code every lattice scheme writes.

Algorithm
---------
A lattice is given by a basis (rows ``b_1, ..., b_d``); a point is ``c @ B`` for an
integer coordinate vector ``c``.  The colouring ``c_q`` of davies2021 Section 2.1 takes the
coordinates mod ``q``.  Decoding a colour against a receiver's vector ``x_v`` (Algorithm 2)
is a closest-point search in the coset ``z_0 + q Lambda``: ``z = z_0 + q CP((x_v - z_0)/q)``.

Closest points are exact and vectorised for ``Z^d`` (rounding), ``D_n`` and ``E_8``
(Conway & Sloane's algorithms) at any dimension the memory allows (``D_n``'s closest
coordinates and coset points compiled, :mod:`commbounds.kernels._lattice`, with one
output array and no whole-array temporaries); a generic basis uses
Babai rounding followed by Fincke-Pohst enumeration, which is exponential in ``d`` and
meant for ``d <= 8``.

Radii: ``Z^d`` (side ``a``): ``r_p = a/2``, ``r_c = a sqrt(d)/2``; ``D_n`` (``n >= 2``,
minimal norm ``a sqrt 2``): ``r_p = a/sqrt 2``, ``r_c = a max(1, sqrt(n)/2)``; ``E_8``:
``r_p = a/sqrt 2``, ``r_c = a``.  For a generic basis the packing radius is computed by
enumeration and the covering radius is bounded by Babai's ``sqrt(sum ||b*_i||^2)/2``
(reported as a bound, ``covering_exact = False``).  An ``eps``-lattice
(``eps = r_p <= r_c <= 3 eps``) exists in every dimension (Theorem 3) but none of these
families is one beyond small ``d``: ``Z^d`` up to ``d = 9``, ``D_n`` up to ``n = 18``, ``E_8``.

Theoretical guarantee
---------------------
Lemma 4 (``davies2021:lem4``): distinct points with the same colour are at least
``2 q r_p`` apart (checked on sampled points by the tests and the suite).

References
----------
Davies et al., *Distributed Variance Reduction with Optimal Communication*, ICLR 2021,
Section 2; Conway & Sloane, *Fast quantizing and decoding algorithms for lattice
quantizers and codes*, IEEE Trans. Inf. Theory 28 (1982) (closest points of ``D_n`` and
``E_8``); Conway & Sloane, *Sphere Packings, Lattices and Groups*, Chapter 4 (radii).

Examples
--------
>>> import numpy as np
>>> lat = eps_lattice("Dn", 4, eps=0.5)
>>> round(lat.packing_radius, 6), round(lat.covering_radius, 6), lat.is_eps_lattice
(0.5, 0.707107, True)
>>> x = np.array([0.3, -1.2, 2.2, 0.1])
>>> c = lat.closest_coords(x)
>>> col = lat.colour(c, 8)
>>> bool(np.array_equal(lat.coset_closest(col, 8, x + 0.4), c))
True
"""

from __future__ import annotations

import math

import numpy as np

from ..coding import BitReader, BitWriter
from ..errors import DecodeError, InvalidInputError

__all__ = ["Lattice", "CubicLattice", "DnLattice", "E8Lattice", "GenericLattice", "eps_lattice",
           "KINDS", "MAX_COLOURS", "COLOURS_WHY", "int_coords", "refuse_coords", "colour_bits", "write_colours", "read_colours"]

KINDS = ("cubic", "Dn", "E8")
#: Largest number of colours ``q``: colours and lattice coordinates mod ``q`` stay ``int64``.
MAX_COLOURS = 2**62
COLOURS_WHY = "colours and lattice coordinates mod q are 64-bit integers"


def int_coords(c) -> np.ndarray:
    """Rounded lattice coordinates as ``int64``, refused (not wrapped) beyond ``2^62``."""
    c = np.asarray(c, dtype=np.float64)
    if c.size and not np.max(np.abs(c)) <= 2.0**62:
        refuse_coords()
    return c.astype(np.int64)


def refuse_coords():
    """Raise the error for lattice coordinates beyond ``2^62`` (compiled kernels report
    them with a flag and the caller raises this)."""
    raise InvalidInputError("lattice coordinates beyond 2^62: the inputs are too large for the "
                            "lattice's scale (raise eps or s, or scale the inputs down)")


class Lattice:
    """Base class: subclasses give ``basis``, radii, coordinates and closest points."""

    kind = "generic"

    def __init__(self, d: int, scale: float = 1.0) -> None:
        if int(d) != d or d < 1:
            raise InvalidInputError(f"lattice dimension must be a positive integer, got {d}")
        scale = float(scale)
        if not math.isfinite(scale) or scale <= 0:
            raise InvalidInputError(f"lattice scale must be positive and finite, got {scale}")
        self.d, self.scale = int(d), scale

    def __repr__(self) -> str:
        return f"{type(self).__name__}(d={self.d}, scale={self.scale:g})"

    # geometry ------------------------------------------------------------------
    covering_exact = True

    @property
    def basis(self) -> np.ndarray:
        raise NotImplementedError

    @property
    def packing_radius(self) -> float:
        raise NotImplementedError

    @property
    def covering_radius(self) -> float:
        raise NotImplementedError

    @property
    def is_eps_lattice(self) -> bool:
        """``r_c <= 3 r_p`` (davies2021's eps-lattice, with ``eps = r_p``)."""
        return self.covering_radius <= 3 * self.packing_radius * (1 + 1e-12)

    def points(self, coords) -> np.ndarray:
        return np.asarray(coords, dtype=np.float64) @ self.basis

    def coordinates(self, points) -> np.ndarray:
        """Integer coordinates of lattice points (rounded; the points must be on the lattice)."""
        return int_coords(np.rint(np.asarray(points, dtype=np.float64) @ np.linalg.inv(self.basis)))

    def closest_coords(self, X) -> np.ndarray:
        """Coordinates of the closest lattice point to every row of ``X``."""
        return self.coordinates(self.closest_points(X))

    def closest_points(self, X) -> np.ndarray:
        raise NotImplementedError

    # colouring -----------------------------------------------------------------
    @staticmethod
    def colour(coords, q: int) -> np.ndarray:
        """``c_q``: coordinates mod ``q`` (Section 2.1)."""
        return np.mod(np.asarray(coords, dtype=np.int64), int(q))

    def coset_closest(self, colour, q: int, side) -> np.ndarray:
        """Algorithm 2: coordinates of the point of colour ``colour`` closest to ``side``."""
        colour = np.asarray(colour, dtype=np.int64)
        base = self.points(colour)
        k = self.closest_coords((np.asarray(side, dtype=np.float64) - base) / q)
        return colour + int(q) * k

    def coset_points(self, colour, q: int, side) -> np.ndarray:
        """The point (not its coordinates) of colour ``colour`` closest to ``side``:
        ``points(coset_closest(colour, q, side))``, which ``D_n`` computes in one compiled
        pass into one output.

        Examples
        --------
        >>> import numpy as np
        >>> lat = DnLattice(4, 1.0)
        >>> x = np.array([0.3, -1.2, 2.2, 0.1])
        >>> lat.coset_points(lat.colour(lat.closest_coords(x), 8), 8, x + 0.4)
        array([ 0., -1.,  2.,  1.])
        """
        return self.points(self.coset_closest(colour, q, side))

    # enumeration ---------------------------------------------------------------
    def points_in_ball(self, center, radius: float, limit: int = 2_000_000) -> np.ndarray:
        """Coordinates of every lattice point within ``radius`` of ``center`` (Fincke-Pohst)."""
        return _fincke_pohst(self.basis, np.asarray(center, dtype=np.float64), float(radius), limit)


class CubicLattice(Lattice):
    """``a Z^d`` (side ``a = scale``)."""

    kind = "cubic"

    @property
    def basis(self):
        return self.scale * np.eye(self.d)

    @property
    def packing_radius(self):
        return self.scale / 2

    @property
    def covering_radius(self):
        return self.scale * math.sqrt(self.d) / 2

    def points(self, coords):
        return self.scale * np.asarray(coords, dtype=np.float64)

    def coordinates(self, points):
        return int_coords(np.rint(np.asarray(points, dtype=np.float64) / self.scale))

    def closest_coords(self, X):
        return int_coords(np.rint(np.asarray(X, dtype=np.float64) / self.scale))

    def closest_points(self, X):
        return self.scale * np.rint(np.asarray(X, dtype=np.float64) / self.scale)


def _closest_dn(X: np.ndarray) -> np.ndarray:
    """Closest point of ``D_n = {x in Z^n : sum x even}`` (Conway & Sloane 1982)."""
    shape = X.shape
    X = X.reshape(-1, shape[-1])
    f = np.rint(X)
    odd = np.flatnonzero(np.mod(f.sum(axis=-1), 2) != 0)
    if odd.size:
        diff = X[odd] - f[odd]
        j = np.argmax(np.abs(diff), axis=-1)
        dj = diff[np.arange(odd.size), j]
        f[odd, j] += np.where(dj > 0, 1.0, -1.0)  # round that coordinate the other way
    return f.reshape(shape)


class DnLattice(Lattice):
    """``a D_n`` with Conway & Sloane's basis (rows ``(-1,-1,0,..)``, ``(1,-1,0,..)``,
    ``e_{k-1} - e_k``); coordinates in ``O(n)`` by back substitution."""

    kind = "Dn"

    def __init__(self, d: int, scale: float = 1.0) -> None:
        if d < 2:
            raise InvalidInputError(f"D_n needs n >= 2, got {d}")
        super().__init__(d, scale)

    @property
    def basis(self):
        n = self.d
        B = np.zeros((n, n))
        B[0, :2] = (-1, -1)
        B[1, :2] = (1, -1)
        for k in range(2, n):
            B[k, k - 1], B[k, k] = 1, -1
        return self.scale * B

    @property
    def packing_radius(self):
        return self.scale / math.sqrt(2)

    @property
    def covering_radius(self):
        return self.scale * max(1.0, math.sqrt(self.d) / 2)

    def points(self, coords):
        c = np.asarray(coords, dtype=np.float64)
        p = np.zeros_like(c)
        p[..., 0] = -c[..., 0] + c[..., 1]
        p[..., 1] = -c[..., 0] - c[..., 1]
        if self.d > 2:
            p[..., 1] += c[..., 2]
            p[..., 2:-1] = -c[..., 2:-1] + c[..., 3:]
            p[..., -1] -= c[..., -1]
        return self.scale * p

    def coordinates(self, points):
        p = np.rint(np.asarray(points, dtype=np.float64) / self.scale)
        c = np.zeros_like(p)
        if self.d > 2:
            c[..., 2:] = -np.cumsum(p[..., :1:-1], axis=-1)[..., ::-1]
        c2 = c[..., 2] if self.d > 2 else 0.0
        c[..., 1] = (c2 - p[..., 1] + p[..., 0]) / 2
        c[..., 0] = (c2 - p[..., 1] - p[..., 0]) / 2
        return int_coords(np.rint(c))

    def closest_points(self, X):
        return self.scale * _closest_dn(np.asarray(X, dtype=np.float64) / self.scale)

    def closest_coords(self, X):
        """Compiled (:func:`commbounds.kernels._lattice.dn_closest_coords`), into one
        ``int64`` output; ``coordinates(closest_points(X))`` is its numpy reference."""
        from ..kernels._lattice import dn_closest_coords

        X = np.asarray(X, dtype=np.float64)
        out = np.empty(X.shape, dtype=np.int64)
        if dn_closest_coords(_rows(X), self.scale, out.reshape(-1, self.d)):
            refuse_coords()
        return out

    def coset_points(self, colour, q, side):
        """Compiled (:func:`commbounds.kernels._lattice.dn_coset_points`), into one output;
        ``points(coset_closest(colour, q, side))`` is its numpy reference."""
        from ..kernels._lattice import dn_coset_points

        colour, side = np.asarray(colour, dtype=np.int64), np.asarray(side, dtype=np.float64)
        shape = np.broadcast_shapes(colour.shape, side.shape)
        out = np.empty(shape)
        if dn_coset_points(_rows(np.broadcast_to(colour, shape)), _rows(np.broadcast_to(side, shape)),
                           self.scale, int(q), out.reshape(-1, self.d)):
            refuse_coords()
        return out


def _rows(A: np.ndarray) -> np.ndarray:
    """``A`` as C-contiguous rows (a copy only when the layout needs one)."""
    return np.ascontiguousarray(A).reshape(-1, A.shape[-1])


_E8_BASIS = np.array([[2, 0, 0, 0, 0, 0, 0, 0], [-1, 1, 0, 0, 0, 0, 0, 0], [0, -1, 1, 0, 0, 0, 0, 0],
                      [0, 0, -1, 1, 0, 0, 0, 0], [0, 0, 0, -1, 1, 0, 0, 0], [0, 0, 0, 0, -1, 1, 0, 0],
                      [0, 0, 0, 0, 0, -1, 1, 0], [0.5] * 8], dtype=np.float64)


class E8Lattice(Lattice):
    """``a E_8 = a (D_8 cup (D_8 + 1/2))`` with Conway & Sloane's generator matrix."""

    kind = "E8"

    def __init__(self, d: int = 8, scale: float = 1.0) -> None:
        if d != 8:
            raise InvalidInputError(f"E8 is 8-dimensional, got d = {d}")
        super().__init__(8, scale)

    @property
    def basis(self):
        return self.scale * _E8_BASIS

    @property
    def packing_radius(self):
        return self.scale / math.sqrt(2)

    @property
    def covering_radius(self):
        return self.scale

    def closest_points(self, X):
        Y = np.asarray(X, dtype=np.float64) / self.scale
        a = _closest_dn(Y)
        b = _closest_dn(Y - 0.5) + 0.5
        da = ((Y - a) ** 2).sum(axis=-1, keepdims=True)
        db = ((Y - b) ** 2).sum(axis=-1, keepdims=True)
        return self.scale * np.where(da <= db, a, b)


class GenericLattice(Lattice):
    """Any non-singular basis (rows); closest points by enumeration (small ``d``)."""

    covering_exact = False

    def __init__(self, basis, scale: float = 1.0) -> None:
        B = np.asarray(basis, dtype=np.float64)
        if B.ndim != 2 or B.shape[0] != B.shape[1] or not np.all(np.isfinite(B)):
            raise InvalidInputError(f"basis must be a finite square matrix, got shape {B.shape}")
        super().__init__(B.shape[0], scale)
        if abs(np.linalg.det(B)) < 1e-12 * max(1.0, np.abs(B).max()) ** B.shape[0]:
            raise InvalidInputError("basis is singular (|det B| = 0): its rows must be linearly independent")
        self._B = B
        self._rp: float | None = None

    @property
    def basis(self):
        return self.scale * self._B

    @property
    def packing_radius(self):
        if self._rp is None:
            B = self.basis
            r = float(np.linalg.norm(B, axis=1).min())
            pts = self.points(self.points_in_ball(np.zeros(self.d), r * (1 + 1e-9)))
            norms = np.linalg.norm(pts, axis=1)
            self._rp = float(norms[norms > 1e-12 * r].min()) / 2
        return self._rp

    @property
    def covering_radius(self):
        """Babai's upper bound ``sqrt(sum ||b*_i||^2)/2`` (``covering_exact`` is False)."""
        R = np.linalg.qr(self.basis.T, mode="r")
        return float(np.sqrt((np.diag(R) ** 2).sum()) / 2)

    def closest_points(self, X):
        X = np.asarray(X, dtype=np.float64)
        flat = X.reshape(-1, self.d)
        Binv = np.linalg.inv(self.basis)
        out = np.empty_like(flat)
        for i, x in enumerate(flat):
            babai = np.rint(x @ Binv) @ self.basis
            cand = self.points(self.points_in_ball(x, float(np.linalg.norm(x - babai)) * (1 + 1e-9) + 1e-12))
            out[i] = cand[np.argmin(((cand - x) ** 2).sum(axis=1))]
        return out.reshape(X.shape)


def eps_lattice(kind: str, d: int, eps: float) -> Lattice:
    """A lattice of family ``kind`` ("cubic", "Dn", "E8") scaled so that ``r_p = eps``."""
    eps = float(eps)
    if not math.isfinite(eps) or eps <= 0:
        raise InvalidInputError(f"eps must be positive and finite, got {eps}")
    if kind == "cubic":
        return CubicLattice(d, 2 * eps)
    if kind == "Dn":
        return DnLattice(d, eps * math.sqrt(2))
    if kind == "E8":
        return E8Lattice(d, eps * math.sqrt(2))
    raise InvalidInputError(f"lattice kind must be one of {KINDS}, got {kind!r}")


def _fincke_pohst(B: np.ndarray, x: np.ndarray, r: float, limit: int) -> np.ndarray:
    """Integer ``c`` with ``||c @ B - x|| <= r``, breadth first over the QR levels."""
    d = B.shape[0]
    Q, R = np.linalg.qr(B.T)
    y = Q.T @ x
    partial = np.zeros((1, 0), dtype=np.int64)  # coordinates c_{i+1..d-1}
    dist = np.zeros(1)
    for i in range(d - 1, -1, -1):
        rest = R[i, i + 1:]
        centre = (y[i] - partial @ rest[: partial.shape[1]][::-1] if partial.shape[1] else
                  np.full(len(dist), y[i])) / R[i, i]
        half = np.sqrt(np.maximum(r * r - dist, 0.0)) / abs(R[i, i])
        lo, hi = int_coords(np.ceil(centre - half - 1e-12)), int_coords(np.floor(centre + half + 1e-12))
        counts = np.maximum(hi - lo + 1, 0)
        total = int(counts.sum())
        if total > limit:
            raise InvalidInputError(f"ball enumeration needs more than {limit} nodes (d = {d} is too large)")
        rep = np.repeat(np.arange(len(dist)), counts)
        offs = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        ci = lo[rep] + offs
        newdist = dist[rep] + (R[i, i] * (ci - centre[rep])) ** 2
        keep = newdist <= r * r * (1 + 1e-12) + 1e-300
        partial = np.concatenate([partial[rep][keep], ci[keep, None]], axis=1)
        dist = newdist[keep]
    return partial[:, ::-1].copy()


# ----------------------------------------------------------------------------- colour code
def _group(q: int) -> tuple[int, int]:
    """Colours per packed group (``q^k <= 2^63``) and that group's width in bits."""
    k = 1
    while q ** (k + 1) <= 2**63:
        k += 1
    return k, (q**k - 1).bit_length()


def colour_bits(count: int, q: int) -> int:
    """Exact bits of ``count`` colours in ``[0, q)``: groups of ``k`` coded as one base-``q``
    number in ``ceil(log2 q^k)`` bits, so the total is within one bit per group of
    ``count log2 q`` (exactly ``count log2 q`` when ``q`` is a power of two)."""
    q = int(q)
    if q < 2:
        raise InvalidInputError(f"q must be >= 2, got {q}")
    k, w = _group(q)
    full, rest = divmod(int(count), k)
    return full * w + ((q**rest - 1).bit_length() if rest else 0)


def write_colours(wr: BitWriter, colours, q: int) -> None:
    """Write colours (a flat integer array in ``[0, q)``) with :func:`colour_bits` bits."""
    c = np.asarray(colours, dtype=np.uint64).ravel()
    k, w = _group(int(q))
    full = (c.size // k) * k
    if full:
        g = c[:full].reshape(-1, k)
        wr.write_uints(_horner(g, q), w)
    if c.size > full:
        rest = c.size - full
        wr.write_uints(_horner(c[full:][None, :], q), (q**rest - 1).bit_length())


def read_colours(r: BitReader, count: int, q: int) -> np.ndarray:
    """Inverse of :func:`write_colours`; values that are not colours raise ``DecodeError``."""
    k, w = _group(int(q))
    if colour_bits(count, q) > r.remaining:
        raise DecodeError(f"payload too short for {count} colours mod {q}")
    nfull = count // k
    parts = []
    if nfull:
        parts.append(_unhorner(r.read_uints(nfull, w), k, q))
    rest = count - nfull * k
    if rest:
        parts.append(_unhorner(r.read_uints(1, (q**rest - 1).bit_length()), rest, q))
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)


def _horner(g: np.ndarray, q: int) -> np.ndarray:
    acc = np.zeros(g.shape[0], dtype=np.uint64)
    for j in range(g.shape[1]):
        acc = acc * np.uint64(q) + g[:, j]
    return acc


def _unhorner(v, k: int, q: int) -> np.ndarray:
    v = np.asarray(v).astype(np.uint64)
    if k and np.any(v > np.uint64(q**k - 1)):
        raise DecodeError(f"a packed colour group exceeds q^{k} - 1")
    out = np.empty((v.size, k), dtype=np.uint64)
    for j in range(k - 1, -1, -1):
        out[:, j] = v % np.uint64(q)
        v = v // np.uint64(q)
    return out.ravel()
