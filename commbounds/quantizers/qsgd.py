"""QSGD stochastic quantization with its Elias coding (Alistarh et al. 2017, Section 3.1).

Algorithm
---------
With ``s >= 1`` levels and the scale ``||v|| = ||v||_2`` (``norm="l2"``, the paper) or
``max_i |v_i|`` (``norm="linf"``, the paper's experimental variant),
``Q_s(v_i) = ||v|| sgn(v_i) xi_i(v, s)``: for ``|v_i| / ||v|| in [l/s, (l+1)/s]``,
``xi_i = (l+1)/s`` with probability ``s |v_i| / ||v|| - l`` and ``l/s`` otherwise
(``Q_s(0) = 0``).  The code of Section 3.1 ("Efficient Coding of Gradients") writes

1. the scale ``||v||``;
2. the number ``m`` of non-zero levels (Elias omega code of ``m + 1``);
3. for each non-zero ``zeta_i = s xi_i`` in increasing ``i``: the Elias recursive
   (omega) code of the distance from the previous non-zero (the 1-based position for the
   first one), one sign bit (1 = negative), and the Elias code of ``zeta_i`` (``1..s``).

Departures, both explicit: the scale is an IEEE float64 (64 bits) instead of the paper's
32-bit float, so the decoder's value is exact; and the number of non-zeros is sent (the
paper's decoder reads triples until the payload ends, which needs the exact bit length as
side information, whereas this payload is self-delimiting: given only its bytes, the zero
padding of the last byte is never read as non-zeros).

Elias recursive coding ``Elias(k)`` is Elias's omega code: the binary form of ``k``
preceded by the recursively coded length, ending with a 0; ``Elias(1) = "0"`` and
``|Elias(k)| = 1 + sum`` of the lengths of ``k, floor(log2 k), ...`` down to 2.

Theoretical guarantee
---------------------
Lemma 3.1 (for ``norm="l2"``): unbiased; ``E||Q_s(v) - v||^2 <= min(d/s^2, sqrt(d)/s)
||v||^2`` (upper bound; the exact per-coordinate variance is
``||v||^2 (a s - l)(l + 1 - a s) / s^2`` with ``a = |v_i| / ||v||``); ``E||Q_s(v)||_0 <=
s (s + sqrt(d))``.  Theorem 3.2 bounds the expected bits by
``(3 + (3/2 + o(1)) log(2 (s^2 + d) / (s (s + sqrt d)))) s (s + sqrt d) + 32``.
huang2019 Section 1.2: ``O(nd)`` bits for MSE ``F2 / n^2`` whatever the sparseness
(``huang2019:qsgd2017``).  With ``norm="linf"`` the estimate is unbiased too.

References
----------
D. Alistarh, D. Grubic, J. Li, R. Tomioka, M. Vojnovic, *QSGD: Communication-Efficient
SGD via Gradient Quantization and Encoding*, NeurIPS 2017, Section 3.1 (quantization,
Lemma 3.1, the coding ``Code_s`` and Theorem 3.2); Elias, *Universal codeword sets and
representations of the integers*, IEEE Trans. IT 21(2), 1975 (the omega code).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("qsgd", s=2)
>>> x = np.array([0.0, 3.0, 0.0, -4.0, 0.0, 0.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> q.decode(msg).tolist(), msg.nbits
([0.0, 2.5, 0.0, -5.0, 0.0, 0.0], 79)
"""

from __future__ import annotations

import numpy as np

from ..coding import BitReader, BitWriter, gamma_length, read_float, write_float
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from ..validation import MAX_ABS, validate_vectors
from .base import Scheme, checks_values
from .registry import register_scheme

__all__ = ["QSGD", "omega_length", "write_omega", "read_omega", "row_scale"]

#: the largest number of levels accepted
MAX_S = 1 << 32


def row_scale(X: np.ndarray, norm: str) -> np.ndarray:
    """The scale of each row of ``(rows, d)``: ``||x||_2`` (a dot product, no temporary)
    or ``max |x_i|``."""
    if norm == "l2":
        return np.sqrt(np.einsum("ij,ij->i", X, X))
    return np.maximum(X.max(axis=-1), -X.min(axis=-1))


def omega_length(values) -> np.ndarray:
    """Bits of the Elias omega (recursive) code of each positive integer, vectorised."""
    v = np.asarray(values, dtype=np.int64)
    out = np.ones(v.shape, dtype=np.int64)
    while np.any(v > 1):
        big = v > 1
        flog = (gamma_length(np.where(big, v, 1)) - 1) // 2   # floor(log2 v)
        out += np.where(big, flog + 1, 0)
        v = np.where(big, flog, v)
    return out


def write_omega(w: BitWriter, values) -> None:
    """Write each positive integer with the Elias omega code."""
    for x in np.asarray(values, dtype=np.int64).ravel().tolist():
        if x < 1:
            raise InvalidInputError(f"the Elias omega code takes positive integers, got {x}")
        groups = []
        while x > 1:
            groups.append(x)
            x = x.bit_length() - 1
        for g in reversed(groups):
            w.write_uint(g, g.bit_length())
        w.write_uint(0, 1)


def read_omega(r: BitReader) -> int:
    """Read one Elias omega codeword."""
    n = 1
    while True:
        if r.read_uint(1) == 0:
            return n
        if n > 62:
            raise DecodeError("Elias omega group longer than 63 bits")
        n = (1 << n) | r.read_uint(n)


def _omega_errors(used: int) -> None:
    """Raise for a compiled omega decoder's error code (see :mod:`commbounds.kernels._qsgd`)."""
    from ..kernels import _qsgd

    if used == _qsgd.TOO_LONG:
        raise DecodeError("Elias omega group longer than 63 bits")
    if used == _qsgd.TRUNCATED:
        raise DecodeError("qsgd: payload truncated inside an Elias omega codeword")


@register_scheme("qsgd")
class QSGD(Scheme):
    """QSGD ``Q_s`` with Elias coding (``s >= 1`` levels, ``norm='l2'`` or ``'linf'``)."""

    unbiased = True
    bounds = ("huang2019:qsgd2017",)
    params = (
        Param("s", integer=True, domain=f"[1, {MAX_S}]", typical=4, description="number of levels"),
        Param("norm", options=("l2", "linf"), default="l2", typical="l2"),
    )

    def __init__(self, s: int, norm: str = "l2") -> None:
        if isinstance(s, bool) or not (isinstance(s, int | np.integer)
                                       or (isinstance(s, float) and float(s).is_integer())):
            raise InvalidInputError(f"qsgd: the number of levels s must be an integer, got {s!r}")
        s = int(s)
        if not 1 <= s <= MAX_S:
            raise InvalidInputError(f"qsgd: the number of levels s must satisfy 1 <= s <= {MAX_S}, got {s}")
        if norm not in ("l2", "linf"):
            raise InvalidInputError(f"qsgd: norm must be 'l2' or 'linf', got {norm!r}")
        super().__init__(s=s, norm=norm)
        self.s, self.norm = s, norm

    @checks_values
    def _draw(self, X, rng, shared):
        # X is (rows, d): the scale per row (NaN and inf show in it), then one compiled pass
        # rounds on the stream (row keys from rng), forms the estimate and counts the
        # payload bits (commbounds.kernels._qsgd)
        from ..kernels import smallest_uint
        from ..kernels._qsgd import qsgd_round
        from ..kernels.stream import row_keys

        scale = row_scale(X, self.norm)
        if not np.all(scale <= MAX_ABS):          # NaN, inf or an entry above the limit?
            validate_vectors(X, name="X")
        n, d = X.shape
        zeta = np.empty((n, d), dtype=smallest_uint(self.s))
        neg = np.empty((n, d), dtype=bool)
        est = np.empty((n, d))
        nbits = np.empty(n, dtype=np.int64)
        qsgd_round(X, scale, self.s, row_keys(rng, n), zeta, neg, est, nbits)
        return {"scale": scale, "zeta": zeta, "neg": neg, "est": est, "nbits": nbits}

    def _bits(self, rep, d):
        # 64 bits of scale, omega(m + 1), and per non-zero the omega code of its gap (from
        # the previous non-zero of the row, or the 1-based position), a sign bit and the
        # omega code of its level: counted in _draw's pass, else from the levels
        if "nbits" in rep:
            return rep["nbits"]
        zeta = rep["zeta"]
        lead = zeta.shape[:-1]
        flat = zeta.reshape(-1, d)
        rows, cols = np.nonzero(flat)
        first = np.ones(rows.size, dtype=bool)
        first[1:] = rows[1:] != rows[:-1]
        prev = np.where(first, 0, np.concatenate([[0], cols[:-1] + 1]))
        per = omega_length(cols + 1 - prev) + 1 + omega_length(flat[rows, cols])
        total = np.zeros(flat.shape[0], dtype=np.int64)
        np.add.at(total, rows, per)
        count = np.bincount(rows, minlength=flat.shape[0])
        return (64 + omega_length(count + 1) + total).reshape(lead)

    def _estimate(self, rep, d, shared, side):
        # scale * (sign * zeta / s) on the non-zeros; the zeros are exactly +0.0
        if "est" in rep:            # formed by _draw's pass, the same products
            return rep["est"]
        from ..kernels._qsgd import qsgd_estimate

        zeta = rep["zeta"]
        scale = np.asarray(rep["scale"], dtype=np.float64).reshape(-1)
        out = np.empty(zeta.shape, dtype=np.float64)
        qsgd_estimate(zeta.reshape(-1, d), rep["neg"].reshape(-1, d), scale, self.s,
                      out.reshape(-1, d))
        return out

    def _write(self, w, rep, d):
        from ..kernels._qsgd import qsgd_encode

        write_float(w, rep["scale"])
        w.write_bits(qsgd_encode(np.ascontiguousarray(rep["zeta"]), np.ascontiguousarray(rep["neg"])))

    def _read(self, r, d, shared, side):
        # the payload is sparse (zeros cost no bits), so the receiver's d is not backed by it:
        # the non-zeros are read first (their count checked against the payload), then the
        # estimate is built once, as _estimate computes it, with no dense levels beside it
        from ..kernels import _qsgd

        scale = read_float(r)
        if not (np.isfinite(scale) and scale >= 0):
            raise DecodeError(f"qsgd: the scale {scale} is not a finite non-negative number")
        value, used = _qsgd.omega_decode1(r.unread())
        _omega_errors(used)
        r.skip(used)
        count = value - 1
        # each non-zero costs at least 3 bits (gap, sign, level), so a count the payload
        # cannot hold is refused before the loop
        if not 0 <= count <= min(d, r.remaining // 3):
            raise DecodeError(f"qsgd: {count} non-zeros do not fit d = {d} and {r.remaining} bits")
        where = np.empty(count, dtype=np.int64)
        level = np.empty(count, dtype=np.int64)
        neg = np.empty(count, dtype=bool)
        used, t = _qsgd.qsgd_decode(r.unread(), d, self.s, where, level, neg)
        if used == _qsgd.BEYOND_D:
            raise DecodeError(f"qsgd: a non-zero at position {int(where[t]) + int(level[t])} beyond d = {d}")
        if used == _qsgd.ABOVE_S:
            raise DecodeError(f"qsgd: level {int(level[t])} above s = {self.s}")
        _omega_errors(used)
        r.skip(used)
        if scale == 0 and count:
            raise DecodeError("qsgd: non-zero levels with a zero scale")
        out = np.zeros(d)
        out[where] = scale * (np.where(neg, -1.0, 1.0) * level.astype(np.float64) / np.float64(self.s))
        return out

    def predict(self, x, *, shared=None):
        """Exact: each coordinate's level ``zeta_i`` is ``l`` or ``l + 1`` (Lemma 3.1's
        variance), independently.  The payload is 64 bits of scale, the Elias omega code of
        ``m + 1`` for the number ``m`` of non-zeros, and per non-zero its gap code, a sign bit
        and its level code, so the expected length is 64, plus ``E omega(m + 1)`` over the
        exact (Poisson-binomial) law of ``m``, plus per coordinate the probability it is
        non-zero times its expected sign bit and level code, plus the gap codes' expectation
        (computed exactly by :func:`~commbounds.quantizers.prediction.gap_omega_mean`).

        Examples
        --------
        >>> import numpy as np
        >>> p = QSGD(s=1).predict(np.array([3.0, 4.0]))      # norm 5: levels 0/1 w.p. 3/5, 4/5
        >>> round(p.mse, 6), p.unbiased, round(p.bits, 4)
        (10.0, True, 71.68)
        """
        from .base import validate_vectors
        from .prediction import Prediction, expect, gap_omega_mean, poisson_binomial, two_point

        x = validate_vectors(x, name="x", max_ndim=1)
        scale = float(row_scale(x[None, :], self.norm)[0])
        if scale > 0:
            a = np.minimum(np.abs(x) / scale, 1.0) * self.s
        else:
            a = np.zeros_like(x)
        fl = np.minimum(np.floor(a), self.s - 1)
        p = a - fl
        sgn = np.where(x < 0, -1.0, 1.0)
        mean, var = two_point(sgn * scale * (fl / self.s), sgn * scale * ((fl + 1) / self.s), p)
        q_nz = np.where(fl >= 1, 1.0, p)
        flo = np.maximum(fl, 1).astype(np.int64)
        level = np.where(fl >= 1, (1 - p) * omega_length(flo), 0.0) + p * omega_length(fl.astype(np.int64) + 1)
        count = poisson_binomial(q_nz)
        count_code = expect(lambda m: omega_length(m + 1), np.arange(count.size), count)
        bits = 64 + count_code + gap_omega_mean(q_nz) + float(q_nz.sum()) + float(level.sum())
        return Prediction.build(x, mean, var + (mean - x) ** 2, bits=bits, bits_pmf=None,
                                note="bits: exact expectation (the distribution of the gap codes is not built)")
