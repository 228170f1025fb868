"""Scaling and Rounding (SaR), huang2019 Algorithm 1, with its sparsity-sensitive coding.

Algorithm
---------
``u = v / F``; each ``u_j`` is rounded up to ``floor(u_j) + 1`` with probability
``u_j - floor(u_j)`` and down otherwise; ``v_hat = F u_hat``.  The payload is

1. the weight ``w = sum_j |u_hat_j|`` (Elias gamma of ``w + 1``; the multi-client
   protocol sends ``Delta w`` instead, see :mod:`commbounds.quantizers.sparse_dme`),
2. ``|u_hat|`` in ``I(d, w)``: the ``d - 1`` ones of Lemma 2.2's map ``f`` range-coded in
   ``ceil(log2 C(d + w - 1, d - 1)) + 1`` bits (:mod:`commbounds.kernels.cw`; the exact
   enumerative code of the lemma is one bit shorter but quadratic in time),
3. one sign bit per non-zero entry.

Theoretical guarantee
---------------------
Lemma 2.1 (tight for the variance formula): unbiased, ``E|v_hat_j| = |v_j|``,
per-coordinate variance ``F^2 (u - floor u)(floor u + 1 - u)`` and
``E||v_hat - v||^2 <= F ||v||_1``.

References
----------
Huang, Huang, Wang, Yi, *Optimal Sparsity-Sensitive Bounds for Distributed Mean
Estimation*, NeurIPS 2019, Section 2.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("sar", F=0.5)
>>> x = np.array([1.2, 0.0, -0.4, 3.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> est = q.decode(msg)
>>> bool(np.all(np.abs(est - x) < 0.5)), msg.nbits
(True, 19)
"""

from __future__ import annotations

import numbers

import numpy as np

from ..coding import BitReader, BitWriter, gamma_length, read_gamma, write_gamma
from ..errors import DecodeError, InvalidInputError
from ..kernels.cw import iv_code_bits, read_iv, write_iv
from ..params import Param
from ..validation import MAX_ABS, validate_vectors
from .base import Scheme, checks_values
from .registry import register_scheme

__all__ = ["SaR", "max_weight", "check_weight", "scale_and_round", "scale_and_round_counts", "weight_signs_bits",
           "write_magnitudes_signs", "read_magnitudes_signs", "sar_moments"]

#: |u| above this would lose integer exactness in float64 and overflow int64 sums.
MAX_LEVEL = 2.0**50
#: Largest weight ``w = sum |u|`` of one vector is ``WEIGHT_BASE + WEIGHT_PER_COORD * d``
#: (:func:`max_weight`).  Lemma 2.2's code walks ``d + w - 1`` positions with one big-integer
#: step each, so the cap keeps encoding and decoding linear in ``d`` (about a second at
#: ``d = 10^4``); ``||x||_1 / F`` beyond it is refused at encode and quantize alike, and a
#: payload declaring more is refused before its walk.
WEIGHT_BASE = 2**16
WEIGHT_PER_COORD = 128


def max_weight(d: int) -> int:
    """The largest weight SaR codes at dimension ``d`` (see :data:`WEIGHT_BASE`)."""
    return WEIGHT_BASE + WEIGHT_PER_COORD * int(d)


def check_weight(u: np.ndarray, what: str, w: np.ndarray | None = None, d=None) -> None:
    """Refuse quantized vectors whose weight the coder could not walk in time linear in
    ``d`` (both paths, so the fast path and the payload path agree on what they accept).
    ``w``: the weights, if known; ``d``: the coded length per row (default: all of ``u``'s
    last axis)."""
    if w is None:
        w = np.abs(u).sum(axis=-1)
    cap = WEIGHT_BASE + WEIGHT_PER_COORD * np.asarray(u.shape[-1] if d is None else d, dtype=np.int64)
    over = w > cap
    if np.any(over):
        i = np.flatnonzero(np.broadcast_to(over, w.shape).ravel())[0]
        wi, ci = int(w.ravel()[i]), int(np.broadcast_to(cap, w.shape).ravel()[i])
        raise InvalidInputError(f"{what}: a quantized vector has weight ||x||_1/F = {wi} > {ci} = "
                                f"2^16 + 128 d (its code would walk that many positions)")


def scale_and_round(X: np.ndarray, F, rng: np.random.Generator) -> np.ndarray:
    """Algorithm 1 on every row of ``X`` (``F`` broadcasts against the rows, shape ``(..., 1)``)."""
    return scale_and_round_counts(X, F, rng)[0]


def scale_and_round_counts(X: np.ndarray, F, rng: np.random.Generator):
    """Algorithm 1 on every row of ``X``: ``(u, w, nnz)``, the levels, ``sum |u|`` and the
    non-zeros per row (``F`` broadcasts against the rows, shape ``(..., 1)``).

    Rows with ``F == 0`` (a zero input) quantize to zero.  Row ``i`` draws one key from
    ``rng`` (in C order of the rows) and rounds entry ``j`` up iff the stream's ``U(key, j)``
    (:mod:`commbounds.kernels.stream`) is below ``u_j - floor(u_j)``, so the same generator
    state gives the same result on any batch layout of the same rows.  One compiled pass
    forms ``u = x / F``, rounds, and counts (``commbounds.kernels._sar``).
    """
    return _scale_round(X, F, rng, estimate=False)[:3]


def _scale_round(X: np.ndarray, F, rng: np.random.Generator, estimate: bool):
    """:func:`scale_and_round_counts` and, with ``estimate``, ``F * u`` from the same pass
    (else ``None``).  The pass also checks the entries (NaN, inf, above
    :data:`~commbounds.validation.MAX_ABS`); on a failure :func:`validate_vectors` raises
    its own error, or the levels beyond 2^50 are refused."""
    from ..kernels._sar import scale_round
    from ..kernels.stream import row_keys

    F = np.asarray(F, dtype=np.float64)
    if np.any(F < 0) or not np.all(np.isfinite(F)):
        raise InvalidInputError("SaR needs a finite scaling factor F >= 0")
    X = np.asarray(X, dtype=np.float64)
    shape = np.broadcast_shapes(X.shape, F.shape)
    d = shape[-1]
    if F.shape[-1:] not in ((), (1,)):
        raise InvalidInputError("SaR: F must be one factor per row (shape (..., 1))")
    rows = np.ascontiguousarray(np.broadcast_to(X, shape)).reshape(-1, d)
    f = np.ascontiguousarray(np.broadcast_to(F.reshape(F.shape[:-1] if F.ndim else ()), shape[:-1]),
                             dtype=np.float64).reshape(-1)
    n = rows.shape[0]
    u = np.empty((n, d), dtype=np.int64)
    est = np.empty((n, d) if estimate else (n, 0))
    w, nnz = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    if scale_round(rows, f, row_keys(rng, n), MAX_LEVEL, MAX_ABS, u, est, w, nnz):
        validate_vectors(rows, name="X")
        with np.errstate(divide="ignore", invalid="ignore"):
            top = float(np.max(np.where(f[:, None] > 0, np.abs(rows) / np.where(f > 0, f, 1.0)[:, None], 0.0)))
        raise InvalidInputError(f"SaR: |x|/F reaches {top:.3g} > 2^50 levels; increase F")
    return (u.reshape(shape), w.reshape(shape[:-1]), nnz.reshape(shape[:-1]),
            est.reshape(shape) if estimate else None)


def weight_signs_bits(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the weight ``w = sum |u|`` and the bits of ``|u|`` plus one sign bit per non-zero."""
    d = u.shape[-1]
    w = np.abs(u).sum(axis=-1)
    nnz = np.count_nonzero(u, axis=-1)
    return w, np.asarray(iv_code_bits(d, w)) + nnz


def write_magnitudes_signs(wr: BitWriter, u: np.ndarray) -> None:
    """Write ``|u|`` (range-coded Lemma 2.2 map; the weight must be known to the reader)
    and the signs."""
    write_iv(wr, u)
    wr.write_bits((u[u != 0] < 0).astype(np.uint8))


def read_magnitudes_signs(r: BitReader, d: int, w: int) -> np.ndarray:
    if w < 0:
        raise DecodeError(f"negative weight {w}")
    if w > max_weight(d):
        raise DecodeError(f"weight {w} exceeds the {max_weight(d)} = 2^16 + 128 d any encoder sends at d={d}")
    # a weight the payload cannot possibly hold is rejected before any allocation
    if int(iv_code_bits(d, w)) > r.remaining:
        raise DecodeError(f"weight {w} needs more bits than the payload holds")
    v = read_iv(r, d, int(w))
    signs = r.read_bits(int(np.count_nonzero(v)))
    u = v.copy()
    u[np.flatnonzero(v)[signs.astype(bool)]] *= -1
    return u


@register_scheme("sar")
class SaR(Scheme):
    """Scaling and Rounding with Lemma 2.2 coding (``F``: the scaling factor, ``F > 0``)."""

    unbiased = True
    bounds = ("huang2019:lem2.1", "huang2019:lem2.2")
    params = (Param("F", domain="(0, oo)", typical=0.25, description="the scaling factor"),)

    def __init__(self, F: float) -> None:
        if isinstance(F, bool) or not isinstance(F, numbers.Real):
            raise InvalidInputError(f"sar: the scaling factor F must be a real number, got {F!r}")
        F = float(F)
        if not np.isfinite(F) or F <= 0:
            raise InvalidInputError(f"sar: the scaling factor F must be positive and finite, got {F}")
        super().__init__(F=F)
        self.F = F

    @checks_values
    def _draw(self, X, rng, shared):
        # one pass rounds, checks the entries, counts and forms the estimate
        u, w, nnz, est = _scale_round(X, self.F, rng, estimate=True)
        d = X.shape[-1]
        if np.any(w > max_weight(d)):
            # w >= ||x||_1/F - d for every rounding: say so when the input alone exceeds the cap
            low = float(np.abs(X).sum(axis=-1).max()) / self.F - d
            if low > max_weight(d):
                raise InvalidInputError(f"sar: F={self.F:g} is too small for this input; increase F: "
                                        f"||x||_1/F = {low + d:.6g} > {max_weight(d)} = "
                                        f"2^16 + 128 d (its code would walk that many positions)")
        check_weight(u, f"sar: F={self.F:g} is too small for this input; increase F", w)
        return {"u": u, "w": w, "nnz": nnz, "est": est}

    def _bits(self, rep, d):
        w = rep["w"]
        return gamma_length(w + 1) + np.asarray(iv_code_bits(d, w)) + rep["nnz"]

    def _estimate(self, rep, d, shared, side):
        if "est" in rep:            # formed by _draw's pass, the same products
            return rep["est"]
        return np.multiply(rep["u"], self.F, dtype=np.float64)   # = F * float(u), one pass

    def _write(self, wr, rep, d):
        u = rep["u"]
        write_gamma(wr, [int(rep["w"]) + 1])
        write_magnitudes_signs(wr, u)

    def _read(self, r, d, shared, side):
        w = int(read_gamma(r, 1)[0]) - 1
        return {"u": read_magnitudes_signs(r, d, w)}

    def predict(self, x, *, shared=None):
        """Exact: Lemma 2.1's two-point rounding per coordinate; the weight ``w`` is a
        constant plus (rounded-up magnitudes) minus (rounded-down ones), two independent
        Poisson-binomial counts, so ``E[gamma(w + 1) + I(d, w)]`` is a finite sum, and the
        sign bits are linear in the non-zero probabilities.

        Examples
        --------
        >>> import numpy as np
        >>> p = SaR(F=0.5).predict(np.array([0.25, -1.0, 0.0]))
        >>> round(p.mse, 4), p.unbiased, p.bits      # w = 2 or 3 with probability 1/2 each
        (0.0625, True, 10.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction, expect

        x = validate_vectors(x, name="x", max_ndim=1)
        d = x.size
        mean, var, w, pmf, p_nz = sar_moments(x, self.F)
        body = expect(lambda v: gamma_length(v + 1) + np.asarray(iv_code_bits(d, v)), w, pmf)
        return Prediction.build(x, mean, var + (mean - x) ** 2, bits=body + float(p_nz.sum()),
                                bits_pmf=None, note="bits: exact expectation (weight distribution)")


def sar_moments(x: np.ndarray, F: float):
    """Algorithm 1's exact law on one vector: the mean and variance of ``v_hat`` per
    coordinate, the support and probabilities of the weight ``w = sum |u_hat|`` (a
    constant plus the rounded-up magnitudes minus the rounded-down ones: two independent
    Poisson-binomial counts), and each coordinate's probability of being non-zero.
    ``F = 0`` (a zero input) quantizes to zero."""
    from .prediction import pmf_diff, poisson_binomial, two_point

    if F == 0:
        z = np.zeros_like(x)
        return z, z, np.zeros(1, dtype=np.int64), np.ones(1), z
    u = x / F
    if float(np.abs(u).max()) > MAX_LEVEL:
        raise InvalidInputError("SaR: |x|/F exceeds 2^50 levels; increase F")
    lo = np.floor(u)
    f = u - lo
    mean, var = two_point(F * lo, F * (lo + 1), f)
    up = f > 0
    grow = up & (lo >= 0)                       # |u_hat| = |lo| + 1 when rounded up
    shrink = up & (lo < 0)                      # |u_hat| = |lo| - 1 when rounded up
    support, pmf = pmf_diff(poisson_binomial(f[grow]), poisson_binomial(f[shrink]))
    p_nz = np.where(lo == 0, f, np.where(lo == -1, 1 - f, 1.0))
    return mean, var, support + int(np.abs(lo).sum()), pmf, p_nz
