"""Stochastic k-level quantization with fixed-length coding (Suresh et al. 2017, ``pi_sk``).

Algorithm
---------
For a vector ``X`` let ``X_min = min_j X(j)``, ``X_max = max_j X(j)``,
``s = X_max - X_min`` and ``B(r) = X_min + r s / (k - 1)``, ``r = 0, ..., k - 1``.  A
coordinate with ``B(r) <= X(j) <= B(r + 1)`` becomes ``B(r + 1)`` with probability
``(X(j) - B(r)) / (B(r + 1) - B(r))`` and ``B(r)`` otherwise (unbiased stochastic
rounding to the two end points of its interval).  The payload is ``X_min`` and ``X_max``
as IEEE float64 (128 bits) followed by every level index ``r`` in ``ceil(log2 k)`` bits:
``128 + d ceil(log2 k)`` bits in all.  A constant vector (``s = 0``) is sent exactly with
all indices 0.

Theoretical guarantee
---------------------
Unbiased.  Per coordinate, ``Var = (B(r+1) - X(j)) (X(j) - B(r)) <= s^2 / (4 (k-1)^2)``,
so ``E||Y - X||^2 <= d s^2 / (4 (k-1)^2) <= d ||X||^2 / (2 (k-1)^2)`` (``s^2 <= 2||X||^2``):
Theorem 2 of Suresh et al. for ``n = 1`` (their ``E(pi_sk) <= d/(2n(k-1)^2) (1/n)
sum_i ||X_i||^2``; not tight in general).  Cost ``d ceil(log2 k) + O(1)`` bits per vector
(the ``O(1)`` is the 128-bit range).  huang2019 Section 1.2 cites the family for its
``O(nd)`` bits at MSE ``F2 / n^2`` (``huang2019:suresh2017``).

References
----------
A. T. Suresh, F. X. Yu, S. Kumar, H. B. McMahan, *Distributed Mean Estimation with
Limited Communication*, ICML 2017 (arXiv:1611.00429), Section 2 (stochastic k-level
quantization, Theorem 2); the definition followed is the one restated in huang2019's
"Overview of our techniques".

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("suresh-klevel", k=5)
>>> x = np.array([0.0, 1.0, 0.3, -1.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> est = q.decode(msg)
>>> msg.nbits, bool(np.all(np.abs(est - x) <= 0.5)), sorted(set(np.round(est, 2).tolist()) - {0.5, -0.5})
(140, True, [-1.0, 0.0, 1.0])
"""

from __future__ import annotations

import numpy as np

from ..coding import BitReader, read_float, write_float
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from .base import Scheme
from .registry import register_scheme

__all__ = ["SureshKLevel", "KLevelScheme", "klevel_round", "klevel_values", "level_width", "check_k",
           "write_float64", "read_float64"]

#: the largest number of levels accepted (level indices stay exact in float64 arithmetic)
MAX_K = 1 << 32


def check_k(k, scheme: str, max_k: int = MAX_K) -> int:
    """Validate the number of levels ``k`` (an integer, ``2 <= k <= max_k``)."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        if not (isinstance(k, float) and float(k).is_integer()):
            raise InvalidInputError(f"{scheme}: the number of levels k must be an integer, got {k!r}")
    k = int(k)
    if k < 2:
        raise InvalidInputError(f"{scheme}: the number of levels k must be >= 2, got {k}")
    if k > max_k:
        raise InvalidInputError(f"{scheme}: the number of levels k must be <= {max_k}, got {k}")
    return k


def level_width(k: int) -> int:
    """``ceil(log2 k)``: bits of one level index in the fixed-length code."""
    return (int(k) - 1).bit_length()


def klevel_round(X: np.ndarray, k: int, rng: np.random.Generator, dtype=np.int64):
    """Stochastic k-level quantization of every row: ``(levels, X_min, X_max)``.

    Row ``i`` draws one key from ``rng`` and rounds entry ``j`` up iff the counter-based
    stream's ``U(key, j)`` is below the fractional level, in one compiled pass
    (``commbounds.kernels._klevel``), so a row gives the same levels alone or in a batch.
    The levels come as ``dtype``.
    """
    from ..kernels._klevel import klevel_round_rows
    from ..kernels.stream import row_keys

    X = np.asarray(X, dtype=np.float64)
    lo = X.min(axis=-1)
    hi = X.max(axis=-1)
    d = X.shape[-1]
    rows = np.ascontiguousarray(X).reshape(-1, d)
    out = np.empty(rows.shape, dtype=dtype)
    klevel_round_rows(rows, lo.reshape(-1), hi.reshape(-1), int(k), row_keys(rng, rows.shape[0]), out)
    return out.reshape(X.shape), lo, hi


def klevel_values(levels: np.ndarray, lo: np.ndarray, hi: np.ndarray, k: int) -> np.ndarray:
    """The grid points ``B(r) = X_min + r (X_max - X_min) / (k - 1)`` of the levels ``r``."""
    from ..kernels._klevel import klevel_values_rows

    levels = np.asarray(levels)
    if levels.dtype.kind not in "iu":
        levels = levels.astype(np.int64)
    d = levels.shape[-1]
    lo = np.broadcast_to(np.asarray(lo, dtype=np.float64), levels.shape[:-1]).reshape(-1)
    hi = np.broadcast_to(np.asarray(hi, dtype=np.float64), levels.shape[:-1]).reshape(-1)
    flat = np.ascontiguousarray(levels).reshape(-1, d)
    out = np.empty(flat.shape)
    klevel_values_rows(flat, np.ascontiguousarray(lo), np.ascontiguousarray(hi), int(k), out)
    return out.reshape(levels.shape)


#: the former names of :func:`~commbounds.coding.floats.write_float` and
#: :func:`~commbounds.coding.floats.read_float` (64 bits, big-endian)
write_float64 = write_float
read_float64 = read_float


#: Largest range end a decoder accepts (inputs are at most 1e150 in magnitude).
MAX_RANGE = 1e200


def read_range(r: BitReader, scheme: str) -> tuple[float, float]:
    """Read ``X_min, X_max`` and check they form a finite, ordered range."""
    lo, hi = read_float(r), read_float(r)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo <= hi):
        raise DecodeError(f"{scheme}: the range [{lo}, {hi}] is not a finite interval")
    # encoders take |x| <= 1e150, so an honest range (even after a rotation) is far below this;
    # a larger one is corrupted and would overflow the decoder's sums
    if max(abs(lo), abs(hi)) > MAX_RANGE:
        raise DecodeError(f"{scheme}: the range [{lo:g}, {hi:g}] exceeds {MAX_RANGE:g} (corrupted payload)")
    return lo, hi


def read_levels(r: BitReader, count: int, k: int, scheme: str) -> np.ndarray:
    """``count`` fixed-width level indices, each checked to lie in ``[0, k)``."""
    width = level_width(k)
    if count * width > r.remaining:
        raise DecodeError(f"{scheme}: payload truncated ({count} levels need {count * width} bits)")
    levels = r.read_uints(count, width).astype(np.int64)
    if levels.size and levels.max() >= k:
        raise DecodeError(f"{scheme}: level index {int(levels.max())} outside [0, {k})")
    return levels


class KLevelScheme(Scheme):
    """What the k-level family shares: ``k`` levels over the range ``[X_min, X_max]`` of the
    coordinates sent (``_coords(d)`` of them), the range as two float64 values, and by default
    every level index in ``ceil(log2 k)`` bits.  Subclasses transform the input
    (:mod:`.suresh_rotated`) or code the levels differently (:mod:`.suresh_vlc`)."""

    unbiased = True
    bounds = ("huang2019:suresh2017", "huang2019:suresh2017/mse")
    params = (Param("k", integer=True, domain=f"[2, {MAX_K}]", typical=16, description="number of levels"),)
    #: the largest ``k`` the scheme accepts
    max_k: int = MAX_K

    def __init__(self, k: int) -> None:
        k = check_k(k, self.name, self.max_k)
        super().__init__(k=k)
        self.k = k

    def _coords(self, d: int) -> int:
        """How many coordinates are quantized for an input of dimension ``d``."""
        return d

    def _draw(self, X, rng, shared):
        levels, lo, hi = klevel_round(X, self.k, rng)
        return {"levels": levels, "lo": lo, "hi": hi}

    def _bits(self, rep, d):
        return np.full(rep["lo"].shape, 128 + self._coords(d) * level_width(self.k), dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        return klevel_values(rep["levels"], rep["lo"], rep["hi"], self.k)

    def _write(self, w, rep, d):
        write_float(w, rep["lo"])
        write_float(w, rep["hi"])
        w.write_uints(rep["levels"], level_width(self.k))

    def _read(self, r, d, shared, side):
        lo, hi = read_range(r, self.name)
        return {"levels": read_levels(r, self._coords(d), self.k, self.name), "lo": lo, "hi": hi}

    def predict(self, x, *, shared=None):
        """Exact: every quantized coordinate is rounded to one of the two grid points around
        it, independently (the variance ``(B(r+1) - X(j))(X(j) - B(r))`` of Theorem 2's
        proof); subclasses transform the input (``_moments``) or code it differently
        (``_predict_bits``).

        Examples
        --------
        >>> import numpy as np
        >>> p = SureshKLevel(k=3).predict(np.array([0.0, 0.5, 0.25, 1.0]))
        >>> round(p.mse, 4), p.unbiased, p.bits          # 0.25 sits halfway between 0 and 0.5
        (0.0625, True, 136.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        mean, mse_coord, levels = self._moments(x, shared)
        bits = self._predict_bits(levels, x.size)
        return Prediction.build(x, mean, mse_coord, **bits)

    def _level_moments(self, z: np.ndarray):
        """Grid points below/above each entry of ``z``, the probability of the upper one,
        and their mean and variance (the same float operations as :func:`klevel_round`)."""
        k = self.k
        lo, hi = z.min(), z.max()
        span = hi - lo
        u = (z - lo) / span * (k - 1) if span > 0 else np.zeros_like(z)
        u = np.clip(u, 0.0, k - 1)
        fl = np.minimum(np.floor(u), k - 2)
        p = u - fl
        below = klevel_values(fl[None, :], lo, hi, k)[0]
        above = klevel_values(fl[None, :] + 1, lo, hi, k)[0]
        from .prediction import two_point

        mean, var = two_point(below, above, p)
        return mean, var, (fl.astype(np.int64), p)

    def _moments(self, x, shared):
        mean, var, levels = self._level_moments(x)
        return mean, var + (mean - x) ** 2, levels

    def _predict_bits(self, levels, d: int) -> dict:
        return {"bits": 128 + self._coords(d) * level_width(self.k)}


@register_scheme("suresh-klevel")
class SureshKLevel(KLevelScheme):
    """Stochastic k-level quantization ``pi_sk`` (``k``: number of levels, ``k >= 2``)."""
