"""top-k sparsification, barnes2020 Definition 1 (``top_r``, here with parameter ``k``).

Algorithm
---------
Keep the ``k`` entries of largest magnitude (among equal magnitudes the lowest indices)
and zero the rest.  Selection is one compiled pass per row: a threshold from a strided
sample of 4096 magnitudes keeps about ``k`` candidates, and an exact partition of those
picks the ``k`` (a row the sample misjudges falls back to partitioning all ``d``).  The
payload is

1. the index set, range-coded as a constant-weight sequence in
   ``ceil(log2 C(d, k)) + 1`` bits (:mod:`commbounds.kernels.cw`),
2. the ``k`` kept values, each an IEEE float of ``precision`` bits (16, 32 or 64; the
   default 32 is single precision), in increasing index order.

The decoder places the values at the decoded indices.  With ``precision < 64`` the values
are rounded to that float format by the encoder, and the estimate is the rounded vector
(so the fast path and the payload agree bit for bit).

Theoretical guarantee
---------------------
Deterministic and biased.  ``||x - top_k(x)||^2 = sum_{j > k} x_(j)^2 <= (1 - k/d)||x||^2``
(a compression operator with ``gamma = k/d``, barnes2020 Definition 4; rTop-k with
``r = k``, Proposition 1).  Bits: ``ceil(log2 C(d, k)) + 1 + k * precision`` for every
input (``k * precision`` when ``k = d``).

References
----------
Barnes, Inan, Isik, Özgür, *rTop-k: A Statistical Estimation Approach to Distributed
SGD*, IEEE JSAIT 2020, Definition 1 and Proposition 1 (with ``r = k``).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("top-k", k=2, precision=64)
>>> x = np.array([0.5, -3.0, 0.1, 2.0, 0.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> q.decode(msg).tolist(), msg.nbits
([0.0, -3.0, 0.0, 2.0, 0.0], 133)
"""

from __future__ import annotations

import numpy as np

from ..coding import FLOAT_WIDTHS, BitReader, BitWriter, float_dtype, read_floats, write_floats
from ..errors import DecodeError, InvalidInputError
from ..kernels.cw import cw_code_bits, read_set, write_set
from ..params import Param
from ..validation import MAX_ABS, validate_vectors
from ._params import MAX_COUNT, int_in_range
from .base import Scheme, checks_values
from .registry import register_scheme

__all__ = ["TopK", "SparseScheme", "top_indices", "peak"]

#: the float widths a kept value may be sent at
PRECISIONS = tuple(FLOAT_WIDTHS)


def top_indices(X: np.ndarray, r: int) -> np.ndarray:
    """Indices of the ``r`` largest magnitudes of each row, increasing (among equal
    magnitudes the lowest indices), by one compiled pass (``commbounds.kernels._select``).

    A NaN entry is refused with :func:`~commbounds.validation.validate_vectors`' error (the
    pass finds it), so a caller may leave that check to this function."""
    d = X.shape[-1]
    rows = np.ascontiguousarray(X, dtype=np.float64).reshape(-1, d)
    if r == d:
        if np.isnan(rows).any():
            validate_vectors(rows, name="X")
        return np.broadcast_to(np.arange(d), X.shape).copy()
    from ..kernels._select import top_k_rows

    out = np.empty((rows.shape[0], int(r)), dtype=np.int64)
    if top_k_rows(rows, int(r), out):
        validate_vectors(rows, name="X")
    return out.reshape(*X.shape[:-1], int(r))


def peak(X: np.ndarray, idx: np.ndarray) -> float:
    """The largest magnitude of ``X`` when the indices ``idx`` (along the last axis) hold
    every row's largest entries, as a top-``r`` selection does (0 for an empty selection)."""
    return float(np.abs(np.take_along_axis(X, idx, axis=-1)).max()) if idx.size else 0.0


class SparseScheme(Scheme):
    """Common payload of the sparsifiers: ranked index set plus ``precision``-bit floats.

    Subclasses implement :meth:`_select` (indices ``(rows, k)``) and may override
    :meth:`_scale` (the decoder's rescaling factor).
    """

    unbiased = False

    def __init__(self, k, precision: int = 32, **extra) -> None:
        k = int_in_range(k, "k", self.name)
        if isinstance(precision, bool | np.bool_) or not isinstance(precision, int | np.integer) \
                or precision not in FLOAT_WIDTHS:
            raise InvalidInputError(f"{self.name}: precision must be 16, 32 or 64 bits, got {precision!r}")
        super().__init__(k=k, precision=precision, **extra)
        self.k, self.precision = k, int(precision)
        self._ftype = float_dtype(self.precision)

    # ------------------------------------------------------------ subclass hooks
    def _select(self, X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def _scale(self, d: int) -> float:
        return 1.0

    def _check_d(self, d: int) -> None:
        if self.k > d:
            raise InvalidInputError(f"{self.name}: k must satisfy k <= d, got k={self.k}, d={d}")

    # ------------------------------------------------------------ contract
    def _draw(self, X, rng, shared):
        self._check_d(X.shape[-1])
        return self._rep(X, self._select(X, rng), None)

    def _rep(self, X, sel, top_abs):
        """The representation of the selection ``sel`` (indices per row, any order).
        ``top_abs``: the largest magnitude of ``X`` where the selection knows it (see
        :func:`peak`), else ``None`` (two reductions find it).  NaN, inf and entries above
        :data:`~commbounds.validation.MAX_ABS` are refused with validate_vectors' errors."""
        if top_abs is None:
            top_abs = max(float(X.max()), -float(X.min())) if X.size else 0.0
        if not top_abs <= MAX_ABS:
            validate_vectors(X, name="X")
        top = float(np.finfo(self._ftype).max)
        if self.precision < 64 and top_abs > top:
            raise InvalidInputError(f"{self.name}: entries above {float(top):.6g} overflow "
                                    f"precision={self.precision}; use a larger precision")
        idx = np.sort(sel, axis=-1)
        val = np.take_along_axis(X, idx, axis=-1).astype(self._ftype).astype(np.float64)
        return {"idx": idx.astype(np.int64), "val": val}

    def _bits(self, rep, d):
        rows = rep["idx"].shape[0]
        return np.full(rows, cw_code_bits(d, self.k) + self.k * self.precision, dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        idx, val = rep["idx"], rep["val"]
        out = np.zeros((idx.shape[0], d))
        np.put_along_axis(out, idx, val * self._scale(d), axis=-1)
        return out

    def _write(self, w: BitWriter, rep, d):
        write_set(w, rep["idx"], d)
        write_floats(w, rep["val"], self.precision)

    def _read(self, r: BitReader, d, shared, side):
        self._check_d(d)
        if cw_code_bits(d, self.k) + self.k * self.precision > r.remaining:
            raise DecodeError(f"{self.name}: payload shorter than the {self.k} indices and values")
        idx = read_set(r, d, self.k)
        try:  # inf/NaN are refused from the bit pattern, before any cast could warn on them
            val = read_floats(r, self.k, self.precision, finite=True)
        except DecodeError as exc:
            raise DecodeError(f"{self.name}: {exc}") from None
        # the rescaled estimate must stay finite too (a 64-bit value near 1e308 times d/k)
        if val.size and float(np.max(np.abs(val))) > np.finfo(np.float64).max / self._scale(d):
            raise DecodeError(f"{self.name}: a decoded value times the scale {self._scale(d):g} overflows")
        return {"idx": idx, "val": val}

    def predict(self, x, *, shared=None):
        """Exact (barnes2020 Proposition 1 and its ``r = k``, ``r = d`` cases): entry ``i``
        is kept with probability ``pi_i`` (``_inclusion``), as its ``precision``-bit
        rounding times the decoder's scale; the bit count is the same for every input.

        Examples
        --------
        >>> import numpy as np
        >>> p = TopK(k=1, precision=64).predict(np.array([3.0, -4.0]))
        >>> p.mse, p.bias.tolist(), p.bits
        (9.0, [-3.0, 0.0], 66.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction, two_point

        x = validate_vectors(x, name="x", max_ndim=1)
        d = x.size
        self._check_d(d)
        if self.precision == 16 and np.max(np.abs(x)) > np.finfo(np.float16).max:
            raise InvalidInputError(f"{self.name}: entries above 65504 overflow precision=16")
        pi = self._inclusion(x)
        sent = x.astype(self._ftype).astype(np.float64) * self._scale(d)
        mean, var = two_point(0.0, sent, pi)
        return Prediction.build(x, mean, var + (mean - x) ** 2,
                                bits=int(cw_code_bits(d, self.k)) + self.k * self.precision)

    def _inclusion(self, x: np.ndarray) -> np.ndarray:
        """Probability that each entry of ``x`` is kept (subclasses)."""
        raise NotImplementedError


@register_scheme("top-k")
class TopK(SparseScheme):
    """top-k sparsifier (``k``: entries kept, ``1 <= k <= d``; ``precision``: value bits)."""
    randomness = "deterministic"

    unbiased = False
    bounds = ("barnes2020:prop1", "barnes2020:prop1/exact")
    params = (
        Param("k", integer=True, domain=f"[1, {MAX_COUNT}]", typical=5, description="kept coordinates"),
        Param("precision", options=PRECISIONS, default=32, description="float width of a kept value"),
    )

    def __init__(self, k, precision: int = 32) -> None:
        super().__init__(k, precision)

    @checks_values
    def _draw(self, X, rng, shared):
        # the selection pass refuses NaN; the k kept entries hold each row's largest
        self._check_d(X.shape[-1])
        sel = self._select(X, rng)
        return self._rep(X, sel, peak(X, sel))

    def _select(self, X, rng):
        return top_indices(X, self.k)

    def _inclusion(self, x):
        pi = np.zeros(x.size)
        pi[top_indices(x[None, :], self.k)[0]] = 1.0
        return pi
