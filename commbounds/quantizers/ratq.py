"""RATQ, the Rotated Adaptive Tetra-iterated Quantizer (Mayekar and Tyagi, AISTATS 2020).

Algorithm
---------
Input ``Y in R^d`` with ``||Y||_2 <= B``.

1. *Rotation*: ``Z = H D Y / sqrt(D')`` with ``D`` a diagonal of shared random signs and
   ``H`` the Walsh-Hadamard matrix, ``Y`` zero-padded to ``D' = 2^ceil(log2 d)``
   (:mod:`commbounds.quantizers.hadamard`); ``||Z||_inf <= ||Y||_2 <= B``.
2. *Adaptive tetra-iterated uniform quantization* (ATUQ): ``Z`` is cut into
   ``ceil(D'/s)`` consecutive blocks of ``s`` coordinates.  The dynamic ranges are
   ``M_0 = sqrt(m)`` and ``M_j = sqrt(m + m0 e^{*j})``, ``j = 1..h-1``, with ``e^{*j}``
   the ``j``-times iterated exponential (tetration, ``e^{*1} = e``, ``e^{*2} = e^e``).
   Each block sends the index of the smallest range covering its ``l_inf`` norm in
   ``ceil(log2 h)`` bits, then CUQ with that range and ``k`` levels quantizes each of its
   coordinates in ``ceil(log2(k + 1))`` bits (:mod:`commbounds.quantizers.cuq`).  If no
   range covers a block, the largest is used and CUQ's overflow symbol (decoded as 0)
   marks the coordinates outside it.
3. The decoder rebuilds ``Z_hat`` and returns ``D H Z_hat / sqrt(D')`` truncated to ``d``.

Default parameters, as mayekar2020 eq. (8) sets them in terms of the norm bound and the
dimension (here ``B`` and ``D'``): ``m = 3B^2/D'``, ``log h = ceil(log(1 + ln*(D'/3)))``,
``s = log h``, ``m0 = (2B^2/D') ln s``.  Where (8) gives ``log h = 0`` (``D' <= 3``) we use
``s = 1`` (a block needs a coordinate) and ``h = 1`` (no index bits).  All four can be given
explicitly (``lp-composite`` sets them from ``d' = d/Delta_1``).

Theoretical guarantee
---------------------
Unbiased whenever the largest range covers the rotated vector, which :meth:`RATQ.covers`
checks (``M_{h-1} >= B``); otherwise coordinates beyond it are dropped and the scheme is
biased.  Bits: ``ceil(D'/s) ceil(log2 h) + D' ceil(log2(k + 1))`` for every input.
RATQ paper's Lemma 6.3 as quoted in mayekar2020's proof of Lemma 5.2:
``E||Q(Y) - Y||_2^2 <= B^2 (9 + 3 ln s)/(k - 1)^2`` for the parameters (8) (the
``mayekar2020:ratq-mse`` bound, with ``d^{1-2/q}`` absorbed into ``B``).

References
----------
Mayekar, Tyagi, *RATQ: A Universal Fixed-Length Quantizer for Stochastic Optimization*,
AISTATS 2020 (arXiv:1908.08200); its parameters and guarantees as used in Mayekar, Tyagi,
*Limits on Gradient Compression for Stochastic Optimization* (ISIT 2020), Section 5,
eq. (8) and Lemma 5.2.  The RATQ paper's own text was not found in the searchable
corpora: the rotation follows Suresh et al. (2017) as cited there; the range formula
``M_j^2 = m + m0 e^{*j}`` is reconstructed from RATQ's definition (adaptive ranges growing
by tetration, parameters ``m``, ``m0``, ``h``, ``s``, ``k`` of (8)) and is checked
empirically against Lemma 6.3's error bound in the tests.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("ratq", B=1.0, k=15)
>>> x = np.linspace(-0.3, 0.3, 12)                  # ||x||_2 < 1, padded to 16
>>> q.parameters(12)["h"], q.parameters(12)["s"], q.covers(12)
(4, 2, True)
>>> msg = q.encode(x, rng=np.random.default_rng(0), shared=3)
>>> est = q.decode(msg, shared=3)
>>> est.shape, msg.nbits                           # 8 blocks x 2 bits + 16 x 4 bits
((12,), 80)
>>> quantizers.get("ratq", B=1.0, k=15).covers(6)  # eq. (8) at D' = 8: one range < B
False
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import DecodeError, InvalidInputError
from ..kernels import smallest_uint
from ..params import Param
from ..special import ln_star, tetration
from ._params import MAX_COUNT, MAX_SCALE, int_in_range, positive_float
from .base import Scheme
from .cuq import level_bits
from .hadamard import next_pow2, rotate, unrotate
from .registry import register_scheme
from .simq import RTOL

__all__ = ["RATQ", "ln_star", "tetration", "ranges", "default_parameters", "ratq_bits",
           "ratq_encode", "ratq_decode", "shared_signs"]

#: Largest number of ranges ``h`` (every range beyond the fourth is infinite: ``e^{*4}``
#: overflows a float).
MAX_RANGES = 2**20


def ranges(m: float, m0: float, h: int) -> np.ndarray:
    """``M_0 = sqrt(m)``, ``M_j = sqrt(m + m0 e^{*j})`` for ``j = 1..h-1`` (nondecreasing)."""
    return np.sqrt(np.array([m] + [m + m0 * tetration(j) if m0 > 0 else m for j in range(1, h)]))


def default_parameters(B: float, n: float) -> dict:
    """eq. (8) with norm bound ``B`` and dimension ``n``: ``m``, ``m0``, ``h``, ``s``."""
    logh = (ln_star(n / 3)).bit_length()  # ceil(log2(1 + ln*(n/3)))
    s = max(1, logh)
    return {"m": 3 * B**2 / n, "m0": 2 * B**2 / n * math.log(s), "h": 1 << logh, "s": s}


def ratq_bits(D: int, s: int, h: int, k: int) -> int:
    """``ceil(D/s) ceil(log2 h) + D ceil(log2(k + 1))``."""
    return -(-D // s) * (h - 1).bit_length() + D * level_bits(k)


def shared_signs(shared, D: int) -> np.ndarray:
    """The rotation's ``D`` signs as ``int8``, drawn from the counter-based stream: sign
    ``j`` is ``+1`` where ``U(key, j) < 1/2`` (the top bit of the stream's output), with
    the key :func:`~commbounds.kernels.stream.shared_keys` derives from ``[shared, D]``
    (``None`` means 0).  One compiled pass, so encoder and decoder redraw them cheaply.

    Examples
    --------
    >>> s = shared_signs(3, 8)
    >>> s.dtype.name, sorted(set(s.tolist())) == [-1, 1], bool((s == shared_signs(3, 8)).all())
    ('int8', True, True)
    """
    from ..kernels._fwht import stream_signs
    from ..kernels.stream import shared_keys

    key = shared_keys([0 if shared is None else int(shared), int(D)], 1)[0]
    return stream_signs(key, np.empty(int(D), dtype=np.int8))


def ratq_encode(Y: np.ndarray, Mr: np.ndarray, s: int, k: int, signs: np.ndarray,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Range indices ``(rows, ceil(D/s))`` and CUQ symbols ``(rows, D)`` of each row of ``Y``.

    Rotation, block norms, range choice and CUQ rounding run over the rotated rows in
    place (:func:`commbounds.kernels._cuq.ratq_round`): one row key from ``rng``, rotated
    coordinate ``t`` drawing the stream's ``U(key, t)``.
    """
    from ..kernels._cuq import ratq_round
    from ..kernels.stream import row_keys

    rows, D = Y.shape[0], signs.size
    Z = rotate(Y, signs)
    nb = -(-D // s)
    finite = np.ascontiguousarray(Mr[np.isfinite(Mr)], dtype=np.float64)
    j = np.empty((rows, nb), dtype=smallest_uint(finite.size))
    idx = np.empty((rows, D), dtype=smallest_uint(k))
    ratq_round(Z, finite, int(s), int(k), row_keys(rng, rows), j, idx)
    return j, idx


def ratq_decode(j: np.ndarray, idx: np.ndarray, Mr: np.ndarray, s: int, k: int,
                signs: np.ndarray, d: int) -> np.ndarray:
    """The estimate: CUQ levels of each block's range, rotated back and cut to ``d``."""
    rows, D = idx.shape
    if j.shape[1] == 0:
        return np.zeros((rows, d))
    from ..kernels._cuq import ratq_levels

    Z = np.empty((rows, D))
    ratq_levels(np.ascontiguousarray(idx), np.ascontiguousarray(Mr, dtype=np.float64),
                np.ascontiguousarray(j), int(s), int(k), Z)
    return unrotate(Z, signs, d, inplace=True)


@register_scheme("ratq")
class RATQ(Scheme):
    """RATQ (``B``: l2 bound, ``k``: CUQ levels; ``m``, ``m0``, ``h``, ``s`` default to (8))."""
    problems = ("dme", "mean-estimation", "variance-reduction", "lp-sgd")
    randomness = "public"

    unbiased = True
    bounds = ("mayekar2020:ratq-mse", "mayekar2020:lem5.2/bits", "mayekar2020:lem5.2/second-moment")
    params = (
        Param("B", domain=f"(0, {MAX_SCALE:g}]", typical=1.0, description="bound on ||x||_2"),
        Param("k", integer=True, domain=f"[2, {MAX_COUNT}]", typical=15, description="number of levels"),
        Param("m", domain=f"(0, {MAX_SCALE**2:g}]", default=None, description="squared first range"),
        Param("m0", domain=f"[0, {MAX_SCALE**2:g}]", default=None, description="range growth"),
        Param("h", integer=True, domain=f"[1, {MAX_RANGES}]", default=None, description="number of ranges",
              why="RATQ lists its h ranges"),
        Param("s", integer=True, domain=f"[1, {MAX_COUNT}]", default=None, description="rotation blocks"),
    )

    def __init__(self, B: float, k: int, m=None, m0=None, h=None, s=None) -> None:
        B = positive_float(B, "B", "ratq")
        k = int_in_range(k, "k", "ratq")
        if k < 2:
            raise InvalidInputError(f"ratq: k must satisfy k >= 2, got k={k}")
        explicit = {"m": m, "m0": m0, "h": h, "s": s}
        given = {n: v for n, v in explicit.items() if v is not None}
        if given and len(given) != 4:
            raise InvalidInputError("ratq: give all of m, m0, h, s or none (defaults follow eq. (8))")
        if given:
            # m and m0 are squared ranges: their square roots stay below MAX_SCALE
            m = positive_float(m, "m", "ratq", maximum=MAX_SCALE**2)
            m0 = positive_float(m0, "m0", "ratq", maximum=MAX_SCALE**2, allow_zero=True)
            h = int_in_range(h, "h", "ratq", maximum=MAX_RANGES, why="RATQ lists its h ranges")
            s = int_in_range(s, "s", "ratq")
        super().__init__(B=B, k=k, **{n: v for n, v in (("m", m), ("m0", m0), ("h", h), ("s", s))
                                      if v is not None})
        self.B, self.k, self._explicit = B, k, (m, m0, h, s) if given else None

    @classmethod
    def sample_input(cls, rng, d, params):
        x = rng.standard_normal(d)
        return x * (0.9 * float(params["B"]) / np.linalg.norm(x))

    def parameters(self, d: int) -> dict:
        """``m``, ``m0``, ``h``, ``s`` used at input dimension ``d``."""
        if self._explicit is not None:
            return dict(zip(("m", "m0", "h", "s"), self._explicit, strict=True))
        return default_parameters(self.B, next_pow2(d))

    def covers(self, d: int) -> bool:
        """Whether the largest finite range reaches ``B`` (then RATQ never overflows)."""
        p = self.parameters(d)
        Mr = ranges(p["m"], p["m0"], p["h"])
        return bool(Mr[np.isfinite(Mr)].max() >= self.B)

    def _setup(self, d, shared):
        p = self.parameters(d)
        return ranges(p["m"], p["m0"], p["h"]), p["s"], p["h"], shared_signs(shared, next_pow2(d))

    def _draw(self, X, rng, shared):
        n2 = np.linalg.norm(X, axis=-1)
        if np.any(n2 > self.B * (1 + RTOL)):
            raise InvalidInputError(f"ratq: inputs must satisfy ||Y||_2 <= B = {self.B:g}, got {n2.max():.6g}")
        Mr, s, _, signs = self._setup(X.shape[-1], shared)
        j, idx = ratq_encode(X, Mr, s, self.k, signs, rng)
        return {"j": j, "idx": idx}

    def _bits(self, rep, d):
        p = self.parameters(d)
        return np.full(rep["j"].shape[0], ratq_bits(next_pow2(d), p["s"], p["h"], self.k), dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        Mr, s, _, signs = self._setup(d, shared)
        return ratq_decode(rep["j"], rep["idx"], Mr, s, self.k, signs, d)

    def _write(self, w, rep, d):
        p = self.parameters(d)
        w.write_uints(rep["j"], (p["h"] - 1).bit_length())
        w.write_uints(rep["idx"], level_bits(self.k))

    def _read(self, r, d, shared, side):
        p = self.parameters(d)
        s, h = p["s"], p["h"]
        D = next_pow2(d)
        nb = -(-D // s)
        # the fixed length is checked before the ranges and the d shared signs are built
        if ratq_bits(D, s, h, self.k) > r.remaining:
            raise DecodeError("ratq: payload shorter than its fixed length")
        Mr = self._setup(d, shared)[0]
        j = r.read_uints(nb, (h - 1).bit_length())
        if np.any(j >= h) or not np.all(np.isfinite(Mr[np.minimum(j, h - 1)])):
            raise DecodeError("ratq: a range index outside the usable ranges")
        idx = r.read_uints(D, level_bits(self.k))
        if np.any(idx > self.k):
            raise DecodeError("ratq: a level index exceeds the k levels and the overflow symbol")
        return {"j": j, "idx": idx}

    def predict(self, x, *, shared=None):
        """Exact, conditional on the rotation the shared seed fixes: each block's range is
        determined by the rotated input, CUQ rounds each rotated coordinate to one of two
        levels (or, above the largest range, drops it: the bias RATQ then has), and the
        orthonormal rotation carries the moments back; fixed bits.

        Examples
        --------
        >>> import numpy as np
        >>> q = RATQ(B=1.0, k=15)
        >>> p = q.predict(np.linspace(-0.3, 0.3, 12), shared=3)
        >>> p.unbiased, p.bits
        (True, 80.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        if np.linalg.norm(x) > self.B * (1 + RTOL):
            raise InvalidInputError(f"ratq: inputs must satisfy ||Y||_2 <= B = {self.B:g}")
        Mr, s, h, signs = self._setup(x.size, shared)
        mean, mse = ratq_moments(x, Mr, s, self.k, signs)
        return Prediction.build(x, mean, mse, bits=ratq_bits(signs.size, s, h, self.k))


def ratq_moments(Y: np.ndarray, Mr: np.ndarray, s: int, k: int, signs: np.ndarray):
    """Mean and per-coordinate squared error of RATQ's estimate of one vector ``Y`` (the
    same range choice as :func:`ratq_encode`)."""
    from .prediction import cuq_moments, rotated_error

    D, d = signs.size, Y.size
    Z = rotate(Y[None, :], signs)[0]
    nb = -(-D // s)
    blocks = np.zeros(nb * s)
    blocks[:D] = Z
    blocks = blocks.reshape(nb, s)
    finite = Mr[np.isfinite(Mr)]
    j = np.minimum(np.searchsorted(finite, np.max(np.abs(blocks), axis=-1), side="left"), finite.size - 1)
    mean_z, var_z = cuq_moments(blocks, finite[j][:, None], k)
    return rotated_error(Y, mean_z.ravel()[:D], var_z.ravel()[:D], signs, d, unrotate)
