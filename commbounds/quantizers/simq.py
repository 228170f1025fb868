"""SimQ, the simplex quantizer of mayekar2020 (Algorithms 1 and 2).

Algorithm
---------
Input ``Y`` with ``||Y||_1 <= B``.  The encoder draws ``i*`` = ``i`` with probability
``|Y(i)|/B`` and ``0`` with probability ``1 - ||Y||_1/B``, and sends
``i* j*`` with ``j* = sign(Y(i*))`` (``j* = 1`` when ``i* = 0``): a symbol of
``{-d, ..., d}``, written as ``i* j* + d`` in ``ceil(log2(2d + 1))`` bits.  The decoder
outputs ``B sign(i') e_{|i'|}`` (``0`` for ``i' = 0``).

Inputs outside the l1 ball of radius ``B`` are rejected (SimQ is only unbiased inside
it; nothing is clipped silently).

Theoretical guarantee
---------------------
Theorem 4.1 (tight): ``log(2d + 1)`` bits (``ceil`` for a fixed-length code),
``E[Q(Y) | Y] = Y`` and ``alpha_0(Q; oo) <= B`` since ``||Q(Y)||_2 <= B`` always.
With ``B -> B d^{1/p}`` and ``k`` repetitions it is the building block of SimQ+.

References
----------
Mayekar, Tyagi, *Limits on Gradient Compression for Stochastic Optimization* (ISIT 2020),
Section 4.1, Algorithms 1-2 and Theorem 4.1.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("simq", B=2.0)
>>> x = np.array([0.5, -1.0, 0.0, 0.25])
>>> msg = q.encode(x, rng=np.random.default_rng(2))
>>> q.decode(msg).tolist(), msg.nbits
([0.0, -2.0, 0.0, 0.0], 4)
"""

from __future__ import annotations

import numpy as np

from ..errors import DecodeError, InvalidInputError
from ..params import Param
from ._params import MAX_SCALE, positive_float
from .base import Scheme
from .registry import register_scheme

__all__ = ["SimQ", "simplex_draws", "symbol_bits"]

#: relative slack for the norm constraint (floating-point sums of in-range inputs)
RTOL = 1e-12


def symbol_bits(d: int) -> int:
    """``ceil(log2(2d + 1))``: bits of one SimQ symbol."""
    return int(2 * d).bit_length()


def simplex_draws(A: np.ndarray, radius: float, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` independent SimQ indices per row of ``A`` (``(rows, d)``, ``||A_row||_1 <= radius``).

    Index ``i in 1..d`` with probability ``|A_i|/radius``, ``0`` otherwise; returns
    ``(rows, k)`` integers.  Each row draws one key from ``rng``; draw ``l`` is the first
    index whose running sum of ``|A_j|/radius`` exceeds the stream's ``U(key, l)``, found
    in one compiled pass over the row (:mod:`commbounds.kernels._simq`), no temporary of
    the row's size.
    """
    from ..kernels._simq import simplex_rows
    from ..kernels.stream import row_keys

    A = np.ascontiguousarray(A, dtype=np.float64)
    out = np.empty((A.shape[0], int(k)), dtype=np.int64)
    return simplex_rows(A, float(radius), row_keys(rng, A.shape[0]), out)


@register_scheme("simq")
class SimQ(Scheme):
    """SimQ with parameter ``B`` (inputs must satisfy ``||Y||_1 <= B``)."""
    problems = ("dme", "mean-estimation", "variance-reduction", "lp-sgd")

    unbiased = True
    bounds = ("mayekar2020:thm4.1/bits", "mayekar2020:thm4.1/alpha0")
    params = (Param("B", domain=f"(0, {MAX_SCALE:g}]", typical=2.0, description="bound on ||x||_2"),)

    def __init__(self, B: float) -> None:
        B = positive_float(B, "B", "simq")
        super().__init__(B=B)
        self.B = B

    @classmethod
    def sample_input(cls, rng, d, params):
        x = rng.standard_normal(d)
        return x * (0.9 * float(params["B"]) / np.abs(x).sum())

    def _draw(self, X, rng, shared):
        l1 = np.abs(X).sum(axis=-1)
        if np.any(l1 > self.B * (1 + RTOL)):
            raise InvalidInputError(
                f"simq: inputs must satisfy ||Y||_1 <= B = {self.B:g} (SimQ is unbiased only inside "
                f"the l1 ball), got ||Y||_1 = {l1.max():.6g}")
        i = simplex_draws(X, self.B, 1, rng)[:, 0]
        sign = np.where(i > 0, np.sign(np.take_along_axis(X, np.maximum(i - 1, 0)[:, None], 1)[:, 0]), 1)
        return {"sym": (i * sign).astype(np.int64)}

    def _bits(self, rep, d):
        return np.full(rep["sym"].shape[0], symbol_bits(d), dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        sym = rep["sym"]
        out = np.zeros((sym.shape[0], d))
        nz = np.flatnonzero(sym)
        out[nz, np.abs(sym[nz]) - 1] = self.B * np.sign(sym[nz])
        return out

    def _write(self, w, rep, d):
        w.write_uint(int(rep["sym"]) + d, symbol_bits(d))

    def _read(self, r, d, shared, side):
        v = r.read_uint(symbol_bits(d))
        if v > 2 * d:
            raise DecodeError(f"simq: symbol {v} outside 0..{2 * d}")
        return {"sym": np.int64(v - d)}

    def predict(self, x, *, shared=None):
        """Exact (Theorem 4.1): ``x_hat = B sign(x_i) e_i`` with probability ``|x_i|/B``, so
        ``E(x_hat_i - x_i)^2 = B |x_i| - x_i^2``; ``ceil(log2(2d + 1))`` bits always.

        Examples
        --------
        >>> import numpy as np
        >>> p = SimQ(B=2.0).predict(np.array([0.5, -1.0]))
        >>> p.mse, p.unbiased, p.bits
        (1.75, True, 3.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        if np.abs(x).sum() > self.B * (1 + RTOL):
            raise InvalidInputError(f"simq: inputs must satisfy ||Y||_1 <= B = {self.B:g}")
        a = np.abs(x)
        return Prediction.build(x, x, self.B * a - a * a, bits=symbol_bits(x.size))
