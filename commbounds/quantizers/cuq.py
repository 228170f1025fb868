"""CUQ, the coordinate-wise unbiased uniform quantizer (mayekar2020 Section 5; RATQ paper).

Algorithm
---------
Dynamic range ``[-M, M]`` and ``k >= 2`` uniformly spaced levels
``b_i = -M + 2M i/(k - 1)``, ``i = 0..k-1``.  Each coordinate ``y in [-M, M]`` is
rounded to one of its two neighbouring levels at random, ``b_{i+1}`` with probability
``(y - b_i)(k - 1)/(2M)``, so that the expectation is ``y``.  Each coordinate is sent as
its level index in ``ceil(log2(k + 1))`` bits: ``k`` levels plus one *overflow* symbol
(index ``k``, decoded as 0) used only inside RATQ, where a coordinate can exceed the chosen
range.  This is the ``log(k + 1)`` bits per coordinate of Lemma 5.1 and of RATQ's count.

The standalone scheme rejects inputs with ``||Y||_inf > M`` (it would otherwise be
biased); nothing is clipped silently.

Theoretical guarantee
---------------------
Unbiased for ``||Y||_inf <= M``; ``|Q(Y)_i - Y_i| <= 2M/(k - 1)`` almost surely, and the
per-coordinate variance is ``(y - b_i)(b_{i+1} - y) <= (M/(k - 1))^2``.  Bits:
``d ceil(log2(k + 1))``.  Lemma 5.1: with ``M = c`` and ``log(k + 1) =
ceil(log(2 sqrt2 Delta_1^{1/q} + 2))``, ``E||Q(Y_1)||_q^2 <= 3 B^2``.

References
----------
Mayekar, Tyagi (ISIT 2020), Section 5, eq. (7) and Lemma 5.1, following Mayekar, Tyagi,
*RATQ: A Universal Fixed-Length Quantizer for Stochastic Optimization* (AISTATS 2020,
arXiv:1908.08200).  The RATQ paper's text was not available to us: the level set
``-M + 2M i/(k-1)`` is reconstructed from Lemma 5.1's proof (error at most ``2M/(k-1)``)
and the ``k + 1``-th symbol from the ``log(k + 1)`` bit count.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("cuq", M=1.0, k=5)            # levels -1, -0.5, 0, 0.5, 1
>>> x = np.array([0.25, -1.0, 0.9, 0.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> q.decode(msg).tolist(), msg.nbits
([0.0, -1.0, 1.0, 0.0], 12)
"""

from __future__ import annotations

import numpy as np

from ..errors import DecodeError, InvalidInputError
from ..kernels import smallest_uint
from ..params import Param
from ._params import MAX_COUNT, MAX_SCALE, int_in_range, positive_float
from .base import Scheme
from .registry import register_scheme

__all__ = ["CUQ", "cuq_indices", "cuq_values", "level_bits"]


def level_bits(k: int) -> int:
    """``ceil(log2(k + 1))``: bits of one CUQ symbol (``k`` levels and the overflow symbol)."""
    return int(k).bit_length()


def cuq_indices(Y: np.ndarray, M, k: int, rng: np.random.Generator) -> np.ndarray:
    """Level indices of every entry of ``Y`` (``M``: one range, or one per row); ``k``
    marks ``|y| > M``.

    Each row draws one key from ``rng`` and entry ``j`` rounds up iff the counter-based
    stream's ``U(key, j)`` is below its fractional level, in one compiled pass
    (:mod:`commbounds.kernels._cuq`); the indices come in :func:`~commbounds.kernels.smallest_uint`.
    """
    from ..kernels._cuq import cuq_round
    from ..kernels.stream import row_keys

    Y = np.asarray(Y, dtype=np.float64)
    d = Y.shape[-1]
    rows = np.ascontiguousarray(Y).reshape(-1, d)
    Mrow = np.ascontiguousarray(np.broadcast_to(np.asarray(M, dtype=np.float64), Y.shape[:-1]).reshape(-1))
    out = np.empty(rows.shape, dtype=smallest_uint(k))
    cuq_round(rows, Mrow, int(k), row_keys(rng, rows.shape[0]), out)
    return out.reshape(Y.shape)


def cuq_values(idx: np.ndarray, M, k: int) -> np.ndarray:
    """Decoder: level ``i`` is ``-M + 2M i/(k - 1)``; the overflow symbol ``k`` is 0
    (``M``: one range, or one per row; one compiled pass)."""
    from ..kernels._cuq import cuq_levels

    idx = np.asarray(idx)
    d = idx.shape[-1]
    flat = np.ascontiguousarray(idx).reshape(-1, d)
    M = np.broadcast_to(np.asarray(M, dtype=np.float64), idx.shape[:-1]).reshape(-1, 1)
    out = np.empty(flat.shape)
    cuq_levels(flat, np.ascontiguousarray(M), max(d, 1), int(k), out)
    return out.reshape(idx.shape)


@register_scheme("cuq")
class CUQ(Scheme):
    """CUQ (``M``: dynamic range, inputs must satisfy ``||Y||_inf <= M``; ``k >= 2`` levels)."""
    problems = ("dme", "mean-estimation", "variance-reduction", "lp-sgd")

    unbiased = True
    bounds = ("mayekar2020:lem5.1/bits", "mayekar2020:lem5.1/second-moment",
              "mayekar2020:cuq-baseline")
    params = (
        Param("M", domain=f"(0, {MAX_SCALE:g}]", typical=1.0, description="range [-M, M]"),
        Param("k", integer=True, domain=f"[2, {MAX_COUNT}]", typical=7, description="number of levels",
              why="two levels -M and M at least"),
    )

    def __init__(self, M: float, k: int) -> None:
        M = positive_float(M, "M", "cuq")
        k = int_in_range(k, "k", "cuq")
        if k < 2:
            raise InvalidInputError(f"cuq: k must satisfy k >= 2 (two levels -M and M), got k={k}")
        super().__init__(M=M, k=k)
        self.M, self.k = M, k

    @classmethod
    def sample_input(cls, rng, d, params):
        return rng.uniform(-1.0, 1.0, d) * float(params["M"])

    def _draw(self, X, rng, shared):
        top = np.max(np.abs(X), axis=-1)
        if np.any(top > self.M):
            raise InvalidInputError(
                f"cuq: inputs must satisfy ||Y||_inf <= M = {self.M:g} (CUQ is unbiased only inside "
                f"its dynamic range), got {top.max():.6g}")
        return {"idx": cuq_indices(X, self.M, self.k, rng)}

    def _bits(self, rep, d):
        return np.full(rep["idx"].shape[0], d * level_bits(self.k), dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        return cuq_values(rep["idx"], self.M, self.k)

    def _write(self, w, rep, d):
        w.write_uints(rep["idx"], level_bits(self.k))

    def _read(self, r, d, shared, side):
        idx = r.read_uints(d, level_bits(self.k))
        if np.any(idx > self.k):
            raise DecodeError(f"cuq: a level index exceeds the {self.k} levels and the overflow symbol")
        return {"idx": idx}

    def predict(self, x, *, shared=None):
        """Exact: each coordinate is rounded to one of its two neighbouring levels,
        ``Var = (y - b_i)(b_(i+1) - y)``; ``d ceil(log2(k + 1))`` bits for every input.

        Examples
        --------
        >>> import numpy as np
        >>> p = CUQ(M=1.0, k=3).predict(np.array([0.5, -1.0]))   # levels -1, 0, 1
        >>> p.mse, p.unbiased, p.bits
        (0.25, True, 4.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction, cuq_moments

        x = validate_vectors(x, name="x", max_ndim=1)
        if np.max(np.abs(x)) > self.M:
            raise InvalidInputError(f"cuq: inputs must satisfy ||Y||_inf <= M = {self.M:g}")
        mean, var = cuq_moments(x, self.M, self.k)
        return Prediction.build(x, mean, var + (mean - x) ** 2, bits=x.size * level_bits(self.k))
