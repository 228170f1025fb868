"""Sublinear lattice quantization (davies2021 Algorithms 5 and 6), exact at small dimension.

Algorithm
---------
Lattice: the cubic ``eps``-lattice ``2 eps Z^m`` (``r_p = eps``; an eps-lattice for
``m <= 9``), whose Voronoi region is the cube ``[-eps, eps]^m``.  Encoder, retry
``i = 0, 1, ...``: draw ``theta`` uniform in ``Vor(0)`` and a colouring
``c' = c_hat o c_M`` from the shared randomness (``M = ceil(3 + 2q)``, the deterministic
colouring ``c_{3+2q}`` rounded up to an integer modulus, which only increases Lemma 4's
separation; ``c_hat : [M]^m -> [K]`` uniform with ``K = ceil((1 + 2q)^{3m})``); ``z`` is the
closest lattice point to ``x + theta``; the retry succeeds when no other ``z'`` with
``x + theta`` in ``Vor+(z')`` (within ``2 q eps`` of ``Vor(z')``, enumerated exactly) has
``c'(z') = c'(z)``.  It sends ``c'(z)`` in ``ceil(log2 K)`` bits and ``i`` as Elias gamma
of ``i + 1``.  Decoder: rebuild ``theta`` and ``c'`` from ``i`` and the shared seed, take the
``z_hat`` of the received colour whose Voronoi cell meets ``B(x_v + theta, q eps)`` and
output ``z_hat - theta``.  When no or several candidates qualify (inputs too far apart)
the decoder returns the nearest qualifying point (or the closest lattice point): a wrong
answer, not an error.

The shared randomness (``theta`` and ``c_hat``) is a counter-based hash (SplitMix64) of
(shared seed, row, block, retry, index), so both sides evaluate ``c_hat`` lazily.  Both
sides run as compiled block kernels (:mod:`commbounds.kernels._sublinear`); the numpy
methods ``_draw_reference`` and ``_estimate_reference`` are their bit-for-bit oracle.  Vectors
with ``d > 8`` are split into blocks of ``block`` coordinates, each quantized independently
(product lattice; Lemma 25 then holds per block, and its condition is implied by the
whole-vector one).  Retries stop at ``max_retries`` (the last attempt is sent; the chance
of reaching it is below ``(2 (1+2q)^{-m})^{max_retries}``).  Beyond the dimensions where the
expanded-Voronoi enumeration is feasible, :func:`simulated_variance` and
:func:`simulated_bits` give the paper's *simulated* Experiment 4 figures (labelled as such).

Theoretical guarantee
---------------------
Lemma 24: a retry succeeds with probability ``>= 1 - 2(1+2q)^{-m}`` and
``E[z - theta | success] = x``; Lemma 25: decoding succeeds when ``||x - x_v|| <= q eps``;
Theorem 26: ``||x - (z_hat - theta)|| <= 3 eps`` (here ``<= sqrt(m) eps``, the cubic
covering radius) and ``O(m log(1 + q))`` bits in expectation (``davies2021:thm26/bits/corrected``,
which adds the proof's condition ``m log2(1 + q) > 1``).

References
----------
Davies et al., ICLR 2021, Section 5 (Definitions 18, 20, Lemmas 21-25, Theorem 26,
Algorithms 5-6) and Section 6, Experiment 4 (simulated variance ``d s^2/12``).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("lattice-sublinear", eps=0.5, q=1.0)
>>> x = np.array([10.2, -3.1, 0.7])
>>> msg = q.encode(x, rng=np.random.default_rng(0), shared=5)
>>> z = q.decode(msg, shared=5, side=x + 0.2)
>>> bool(np.linalg.norm(z - x) <= np.sqrt(3) * 0.5), msg.nbits
(True, 16)
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..coding import gamma_length, read_gamma, write_gamma
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from ._params import MAX_COUNT, MAX_SCALE, MIN_SCALE, int_in_range, positive_float
from .base import Scheme
from .lattices import int_coords
from .registry import register_scheme

__all__ = ["LatticeSublinear", "simulated_variance", "simulated_bits", "exp4_side", "hash_uniform"]

MAX_BLOCK = 8
#: Largest ``q``: one coordinate already needs ``(1 + 2q)^3 <= 2^62`` colours.
MAX_Q = (2.0 ** (62 / 3) - 1) / 2
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _splitmix(h: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = h + np.uint64(0x9E3779B97F4A7C15)
        h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def _hash(*keys) -> np.ndarray:
    """A 64-bit hash of broadcast integer keys (counter-based shared randomness)."""
    h = np.uint64(0x243F6A8885A308D3)
    for k in keys:
        h = _splitmix(np.asarray(h, dtype=np.uint64) ^ np.asarray(k).astype(np.uint64))
    return np.asarray(h, dtype=np.uint64)


def hash_uniform(*keys) -> np.ndarray:
    """Uniform ``[0, 1)`` doubles from :func:`_hash` (53 random bits)."""
    return (_hash(*keys) >> np.uint64(11)).astype(np.float64) * 2.0**-53


def simulated_variance(d: int, s: float) -> float:
    """Experiment 4's *simulated* output variance ``d s^2/12``: the registered bound
    ``davies2021:exp4/variance``, evaluated."""
    from ..bounds import get

    return float(get("davies2021:exp4/variance")(d=d, s=s))


def simulated_bits(d: int, y: float, s: float) -> float:
    """Experiment 4's *simulated* bits ``d log2(1 + 4y/s)``: the registered bound
    ``davies2021:exp4/bits``, evaluated."""
    from ..bounds import get

    return float(get("davies2021:exp4/bits")(d=d, y=y, s=s))


def exp4_side(y: float, bits_per_coordinate: float) -> float:
    """The side ``s`` with ``log2(1 + 4y/s) = b`` (``s = 4y/(sqrt 2 - 1)`` at ``b = 0.5``)."""
    return 4 * y / (2.0**bits_per_coordinate - 1)


@register_scheme("lattice-sublinear")
class LatticeSublinear(Scheme):
    """Algorithms 5-6 of davies2021 (see the module docstring).

    Parameters
    ----------
    eps : float
        Packing radius (the cubic lattice has side ``2 eps``).
    q : float
        ``q > 0``; decoding radius ``q eps``.
    block : int or None
        Block size for ``d > 8``; ``None`` quantizes the whole vector (``d <= 8``).
    max_retries : int
        Cap on the retry index ``i``.
    """
    randomness = "public"

    unbiased = True
    needs_side = True
    bounds = ("davies2021:lem24", "davies2021:lem25", "davies2021:thm26/bits/corrected", "davies2021:thm26/colour-bits",
              "davies2021:thm26/distance", "davies2021:thm26/probability", "davies2021:lem22/count")
    params = (
        Param("eps", domain=f"[{MIN_SCALE:g}, {MAX_SCALE:g}]", typical=0.5, description="packing radius"),
        Param("q", domain=f"(0, {MAX_Q!r}]", typical=1.0, description="expansion factor",
              why="one coordinate already needs (1 + 2q)^3 <= 2^62 colours"),
        Param("block", integer=True, domain=f"[1, {MAX_BLOCK}]", default=None, typical=4,
              why="the expanded Voronoi enumeration is exponential in the block size"),
        Param("max_retries", integer=True, domain=f"[1, {MAX_COUNT}]", default=64),
    )

    def __init__(self, eps: float, q: float, block: int | None = None, max_retries: int = 64) -> None:
        eps = positive_float(eps, "eps", "lattice-sublinear", minimum=MIN_SCALE)
        q = positive_float(q, "q", "lattice-sublinear", maximum=MAX_Q,
                           why="one coordinate already needs (1 + 2q)^3 <= 2^62 colours")
        if block is not None:
            block = int_in_range(block, "block", "lattice-sublinear", maximum=MAX_BLOCK,
                                 why="the expanded Voronoi enumeration is exponential in the block size")
        max_retries = int_in_range(max_retries, "max_retries", "lattice-sublinear")
        super().__init__(eps=eps, q=q, block=block, max_retries=max_retries)
        self.eps, self.q, self.block, self.max_retries = eps, q, block, max_retries
        self.s = 2 * eps
        self.M = math.ceil(3 + 2 * q - 1e-12)

    # ------------------------------------------------------------------ helpers
    def blocks(self, d: int) -> list[slice]:
        size = d if self.block is None else self.block
        if size > MAX_BLOCK:
            raise InvalidInputError(f"lattice-sublinear: d = {d} needs block <= {MAX_BLOCK} (the expanded "
                                    f"Voronoi enumeration is exponential in d); pass block=")
        return [slice(i, min(i + size, d)) for i in range(0, d, size)]

    def n_colours(self, m: int) -> int:
        """``K = ceil((1 + 2q)^{3m})`` colours for a block of ``m`` coordinates."""
        K = math.ceil((1 + 2 * self.q) ** (3 * m) - 1e-9)
        if K > 2**62:
            raise InvalidInputError(f"lattice-sublinear: (1+2q)^(3m) = {K:.3g} colours exceed 2^62; use a smaller block")
        return max(K, 2)

    def colour_width(self, m: int) -> int:
        return (self.n_colours(m) - 1).bit_length()

    def _theta(self, seed, row, blk, i, m):
        return self.s * (hash_uniform(seed, row, blk, i, np.arange(m)) - 0.5)

    def _colour(self, seed, row, blk, i, Z, m):
        """``c'(z) = c_hat(c_M(z))`` for lattice indices ``Z`` (rows of length ``m``)."""
        cls = np.zeros(Z.shape[0], dtype=np.uint64)
        for t in range(m):
            cls = cls * np.uint64(self.M) + np.mod(Z[:, t], self.M).astype(np.uint64)
        return (_hash(seed, row, blk, i, 1 + cls) % np.uint64(self.n_colours(m))).astype(np.int64)

    def _near(self, p, radius):
        """Lattice indices whose Voronoi cube is within ``radius`` of ``p``, and those distances."""
        s = self.s
        lo = int_coords(np.ceil((p - s / 2 - radius) / s - 1e-12))
        hi = int_coords(np.floor((p + s / 2 + radius) / s + 1e-12))
        Z = np.array(list(itertools.product(*[range(a, b + 1) for a, b in zip(lo, hi, strict=True)])),
                     dtype=np.int64).reshape(-1, p.size)
        gap = np.maximum(np.abs(p - s * Z) - s / 2, 0.0)
        dist = np.sqrt((gap**2).sum(axis=1))
        keep = dist <= radius * (1 + 1e-12)
        return Z[keep], dist[keep]

    def _encode_block(self, x, seed, row, blk):
        m = x.size
        for i in range(self.max_retries):
            p = x + self._theta(seed, row, blk, i, m)
            z = int_coords(np.rint(p / self.s))
            Z, _ = self._near(p, 2 * self.q * self.eps)
            cols = self._colour(seed, row, blk, i, np.vstack([z[None], Z]), m)
            others = np.any(Z != z, axis=1)
            if not np.any(cols[1:][others] == cols[0]):
                return cols[0], i
        return cols[0], self.max_retries - 1

    def _decode_block(self, col, i, xv, seed, row, blk):
        m = xv.size
        theta = self._theta(seed, row, blk, i, m)
        p = xv + theta
        Z, dist = self._near(p, self.q * self.eps)
        if len(Z):
            match = self._colour(seed, row, blk, i, Z, m) == col
            if np.any(match):
                j = np.flatnonzero(match)[np.argmin(dist[match])]
                return self.s * Z[j] - theta
        return self.s * np.rint(p / self.s) - theta

    @classmethod
    def sample_input(cls, rng, d, params):
        return 10.0 + rng.standard_normal(d)

    def sample_side(self, x, rng):
        u = rng.standard_normal(np.shape(x))
        return x + u / np.linalg.norm(u) * 0.5 * self.q * self.eps

    def _seed(self, shared):
        return np.uint64(0 if shared is None else int(shared) & 0xFFFFFFFFFFFFFFFF)

    # ------------------------------------------------------------------ hooks
    def _kernel_args(self, d):
        """Block size and per-block colour counts, as the compiled kernels take them."""
        blocks = self.blocks(d)
        K = np.array([self.n_colours(sl.stop - sl.start) for sl in blocks], dtype=np.uint64)
        return blocks[0].stop - blocks[0].start, K

    def _draw(self, X, rng, shared):
        from ..kernels._sublinear import sublinear_encode

        rows, d = X.shape
        size, K = self._kernel_args(d)  # refuses too many colours before any enumeration
        col = np.empty((rows, K.size), dtype=np.int64)
        ret = np.empty((rows, K.size), dtype=np.int64)
        top = sublinear_encode(np.ascontiguousarray(X, dtype=np.float64), self._seed(shared), size, self.s,
                               2 * self.q * self.eps, self.M, K, self.max_retries, col, ret)
        int_coords(np.array([top]))  # the reference's refusal beyond 2^62
        return {"col": col, "i": ret}

    def _draw_reference(self, X, rng, shared):
        """The numpy reference of :meth:`_draw`, block by block (the kernels' test oracle)."""
        rows, d = X.shape
        blocks = self.blocks(d)
        for sl in blocks:
            self.n_colours(sl.stop - sl.start)
        seed = self._seed(shared)
        col = np.empty((rows, len(blocks)), dtype=np.int64)
        ret = np.empty((rows, len(blocks)), dtype=np.int64)
        for r in range(rows):
            for j, sl in enumerate(blocks):
                col[r, j], ret[r, j] = self._encode_block(X[r, sl], seed, r, j)
        return {"col": col, "i": ret}

    def _bits(self, rep, d):
        widths = np.array([self.colour_width(sl.stop - sl.start) for sl in self.blocks(d)], dtype=np.int64)
        return (widths[None, :] + gamma_length(rep["i"] + 1)).sum(axis=1)

    def _estimate(self, rep, d, shared, side):
        from ..kernels._sublinear import sublinear_decode

        col, ret = np.atleast_2d(rep["col"]), np.atleast_2d(rep["i"])
        size, K = self._kernel_args(d)
        out = np.empty((col.shape[0], d))
        top = sublinear_decode(np.ascontiguousarray(col, dtype=np.int64), np.ascontiguousarray(ret, dtype=np.int64),
                               np.ascontiguousarray(side, dtype=np.float64), self._seed(shared), size, self.s,
                               self.q * self.eps, self.M, K, out)
        int_coords(np.array([top]))
        return out

    def _estimate_reference(self, rep, d, shared, side):
        """The numpy reference of :meth:`_estimate` (the kernels' test oracle)."""
        rows = rep["col"].shape[0]
        seed = self._seed(shared)
        out = np.empty((rows, d))
        for r in range(rows):
            for j, sl in enumerate(self.blocks(d)):
                out[r, sl] = self._decode_block(int(rep["col"][r, j]), int(rep["i"][r, j]), side[r, sl], seed, r, j)
        return out

    def _write(self, wr, rep, d):
        for j, sl in enumerate(self.blocks(d)):
            wr.write_uint(int(rep["col"][j]), self.colour_width(sl.stop - sl.start))
            write_gamma(wr, [int(rep["i"][j]) + 1])

    def _read(self, r, d, shared, side):
        size = min(d if self.block is None else self.block, d)
        n_blocks = -(-d // size)
        last = d - (n_blocks - 1) * size
        # each block sends its colour and at least one bit of retry index: checked before
        # the per-block loop, so a receiver's large d costs nothing on a short payload
        if (n_blocks - 1) * (self.colour_width(size) + 1) + self.colour_width(last) + 1 > r.remaining:
            raise DecodeError(f"lattice-sublinear: {n_blocks} blocks of d={d} need more bits than the "
                              f"payload's {r.remaining}")
        blocks = self.blocks(d)
        col = np.empty(len(blocks), dtype=np.int64)
        ret = np.empty(len(blocks), dtype=np.int64)
        for j, sl in enumerate(blocks):
            m = sl.stop - sl.start
            col[j] = r.read_uint(self.colour_width(m))
            if col[j] >= self.n_colours(m):
                raise DecodeError(f"colour {col[j]} is not below K = {self.n_colours(m)}")
            ret[j] = int(read_gamma(r, 1)[0]) - 1
            if ret[j] >= self.max_retries:
                raise DecodeError(f"retry index {ret[j]} is not below max_retries = {self.max_retries}")
        return {"col": col, "i": ret}

    def acceptance(self, m: int) -> tuple[float, float]:
        """For a block of ``m = 1`` coordinate: the probability ``A`` that a retry is
        accepted and ``E[v^2 1{accepted}]`` for the offset ``v = (p - s z)/s`` of
        ``p = x + theta`` in its cell, exactly.

        ``v`` is uniform on ``[-1/2, 1/2]`` whatever ``x`` (the dither is).  A neighbour
        ``z + k`` is in ``Vor+`` when ``s (|k| - 1/2) - sgn(k) s v <= 2 q eps = q s``, so
        ``N(v) = floor(v + 1/2 + q) + floor(1/2 + q - v)`` neighbours compete, each with an
        independent uniform colour (their classes mod ``M`` differ), and the retry is
        accepted with probability ``(1 - 1/K)^N(v)``: piecewise constant between the
        breakpoints ``j - 1/2 - q`` and ``1/2 + q - j``, integrated interval by interval.
        For ``m >= 2`` the regions are bounded by spheres around the cell's faces and
        corners and have no such closed form.
        """
        from .prediction import PredictionUnavailable

        if m != 1:
            raise PredictionUnavailable(
                f"lattice-sublinear: in a block of {m} coordinates the acceptance regions are bounded by "
                "spheres around the cell's faces and corners, so the accepted dither's law has no closed "
                "form; blocks of one coordinate (block=1) are exact")
        q, keep = self.q, 1.0 - 1.0 / self.n_colours(1)
        cuts = [j - 0.5 - q for j in range(int(q) + 3)] + [0.5 + q - j for j in range(int(q) + 3)]
        grid = np.unique(np.clip(np.array([-0.5, 0.5, *cuts]), -0.5, 0.5))
        a, b = grid[:-1], grid[1:]
        mid = (a + b) / 2
        w = keep ** (np.floor(mid + 0.5 + q) + np.floor(0.5 + q - mid))
        return float(np.sum(w * (b - a))), float(np.sum(w * (b**3 - a**3)) / 3)

    def predict(self, x, *, shared=None):
        """Exact for blocks of one coordinate (``block=1``, or ``d = 1``): each row and
        block draws its own dither and colouring from the hash of (seed, row, block,
        retry), so the error ``z - theta - x = -s v`` of a block has the law of the first
        accepted offset (density ``(1 - 1/K)^N(v) / A``, :meth:`acceptance`), or of a
        uniform one when all ``R - 1`` first retries are refused; ``E v = 0`` by symmetry.
        The retry index is geometric with parameter ``A``, truncated at ``R - 1``, and the
        bits, ``ceil(log2 K)`` plus the Elias gamma code of ``i + 1`` per block, have the
        exact distribution of the sum over the independent blocks.  Assumes an ideal hash
        and a decodable side (within ``q eps``; a refused last retry, probability
        ``(1 - A)^(R - 1)``, may still decode wrongly).  Larger blocks have no closed form
        (:meth:`acceptance` says why).

        Examples
        --------
        >>> import numpy as np
        >>> q = LatticeSublinear(eps=0.5, q=0.3, block=1)     # cells of side s = 1
        >>> p = q.predict(np.array([10.2, -3.1]))
        >>> round(p.mse / (2 / 12), 4), p.unbiased, round(p.bits, 4)   # below a uniform dither's
        (0.9236, True, 8.4869)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        blocks = self.blocks(x.size)
        for sl in blocks:
            self.acceptance(sl.stop - sl.start)
        A, second = self.acceptance(1)
        R = self.max_retries
        tail = (1.0 - A) ** (R - 1)
        var = self.s**2 * ((1.0 - tail) * second / A + tail / 12.0)
        i = np.arange(R)
        p_i = np.where(i < R - 1, A * (1.0 - A) ** i, tail)
        lengths = self.colour_width(1) + gamma_length(i + 1)
        pmf = np.zeros(int(lengths.max()) + 1)
        np.add.at(pmf, lengths, p_i)
        total = np.array([1.0])
        for _ in blocks:
            total = np.convolve(total, pmf)
        return Prediction.build(x, x, np.full(x.size, var), bits=(np.arange(total.size), total),
                                note=f"ideal hash; the side decodes (a refused last retry: probability {tail:.3g})")
