"""Scaling and Rounding (SaR), huang2019 Algorithm 1, with its sparsity-sensitive coding.

Algorithm
---------
``u = v / F``; each ``u_j`` is rounded up to ``floor(u_j) + 1`` with probability
``u_j - floor(u_j)`` and down otherwise; ``v_hat = F u_hat``.  The payload is

1. the weight ``w = sum_j |u_hat_j|`` (Elias gamma of ``w + 1``; the multi-client
   protocol sends ``Delta w`` instead, see :mod:`commbounds.quantizers.sparse_dme`),
2. ``|u_hat|`` in ``I(d, w)`` with exactly ``ceil(log2 C(d + w - 1, d - 1))`` bits
   (Lemma 2.2, enumerative coding of the map ``f``),
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
(True, 17)
"""

from __future__ import annotations

import numbers

import numpy as np

from ..coding import (
    BitReader,
    BitWriter,
    gamma_length,
    iv_bits,
    read_gamma,
    read_integer_vector,
    write_gamma,
    write_integer_vector,
)
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from .base import Scheme
from .registry import register_scheme

__all__ = ["SaR", "scale_and_round", "weight_signs_bits", "write_magnitudes_signs",
           "read_magnitudes_signs"]

#: |u| above this would lose integer exactness in float64 and overflow int64 sums.
MAX_LEVEL = 2.0**50
#: largest weight sum |u| of one vector: Lemma 2.2's code walks d + w - 1 positions
MAX_WEIGHT = 2**31


def check_weight(u: np.ndarray, what: str) -> None:
    """Refuse quantized vectors whose weight the coder could not walk (both paths, so the
    fast path and the payload path agree on what they accept)."""
    w = np.abs(u).sum(axis=-1)
    if w.size and int(w.max()) > MAX_WEIGHT:
        raise InvalidInputError(f"{what}: a quantized vector has weight {int(w.max())} > 2^31 "
                                f"(its code would walk that many positions)")


def scale_and_round(X: np.ndarray, F, rng: np.random.Generator) -> np.ndarray:
    """Algorithm 1 on every row of ``X`` (``F`` broadcasts against the rows, shape ``(..., 1)``).

    Rows with ``F == 0`` (a zero input) quantize to zero.  Draws exactly one uniform per
    entry, in C order, so the same generator state gives the same result on any batch
    layout of the same rows.

    The rounding runs in cache-sized chunks of the flattened ``u`` with preallocated
    buffers (floor, fractional part in place, uniforms drawn in C order chunk by chunk,
    comparison, sum cast to ``int64``): the same operations on the same values as the
    whole-array expression ``(floor(u) + (U < u - floor(u))).astype(int64)``, and the
    chunked draws consume the generator exactly as one draw of ``u.size`` uniforms.
    """
    F = np.asarray(F, dtype=np.float64)
    if np.any(F < 0) or not np.all(np.isfinite(F)):
        raise InvalidInputError("SaR needs a finite scaling factor F >= 0")
    X = np.asarray(X, dtype=np.float64)
    scalar = F.size == 1 and F.ndim <= X.ndim and float(F.flat[0]) > 0
    if scalar:
        # u = X / F is formed chunk by chunk below; division by a positive constant is
        # monotone, so max |u| = max(max X, -min X) / F exactly
        f = F.reshape(())
        u = X.reshape(np.broadcast_shapes(X.shape, F.shape))
        top = max(float(X.max()), -float(X.min())) / float(f) if X.size else 0.0
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            u = np.where(F > 0, X / np.where(F > 0, F, 1.0), 0.0)
        top = max(float(u.max()), -float(u.min())) if u.size else 0.0
    if top > MAX_LEVEL:
        raise InvalidInputError(f"SaR: |x|/F reaches {top:.3g} > 2^50 levels; increase F")
    out = np.empty(u.shape, dtype=np.int64)
    flat_u, flat_out = u.reshape(-1), out.reshape(-1)
    n = flat_u.size
    chunk = max(1, min(n, _CHUNK))
    fl, draw, up = np.empty(chunk), np.empty(chunk), np.empty(chunk, dtype=bool)
    ubuf = np.empty(chunk) if scalar else None
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        k = stop - start
        if scalar:
            uc = np.divide(flat_u[start:stop], f, out=ubuf[:k])
        else:
            uc = flat_u[start:stop]
        np.floor(uc, out=fl[:k])
        np.subtract(uc, fl[:k], out=uc)                 # u - floor(u), in place
        rng.random(out=draw[:k])
        np.less(draw[:k], uc, out=up[:k])
        np.add(fl[:k], up[:k], out=flat_out[start:stop], casting="unsafe")
    return out


#: elements per chunk of :func:`scale_and_round` (4 buffers of 256 KiB stay in L2)
_CHUNK = 1 << 15


def weight_signs_bits(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the weight ``w = sum |u|`` and the bits of ``|u|`` plus one sign bit per non-zero."""
    d = u.shape[-1]
    w = np.abs(u).sum(axis=-1)
    nnz = np.count_nonzero(u, axis=-1)
    return w, np.asarray(iv_bits(d, w)) + nnz


def write_magnitudes_signs(wr: BitWriter, u: np.ndarray) -> None:
    """Write ``|u|`` (Lemma 2.2 code; the weight must be known to the reader) and the signs."""
    write_integer_vector(wr, np.abs(u))
    wr.write_bits((u[u != 0] < 0).astype(np.uint8))


def read_magnitudes_signs(r: BitReader, d: int, w: int) -> np.ndarray:
    if w < 0:
        raise DecodeError(f"negative weight {w}")
    # a weight the payload cannot possibly hold is rejected before any allocation
    if int(iv_bits(d, w)) > r.remaining:
        raise DecodeError(f"weight {w} needs more bits than the payload holds")
    v = read_integer_vector(r, d, int(w))
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

    def _draw(self, X, rng, shared):
        u = scale_and_round(X, self.F, rng)
        check_weight(u, f"sar: F={self.F:g} is too small for this input; increase F")
        return {"u": u}

    def _bits(self, rep, d):
        w, body = weight_signs_bits(rep["u"])
        return gamma_length(w + 1) + body

    def _estimate(self, rep, d, shared, side):
        return np.multiply(rep["u"], self.F, dtype=np.float64)   # = F * float(u), one pass

    def _write(self, wr, rep, d):
        u = rep["u"]
        write_gamma(wr, [int(np.abs(u).sum()) + 1])
        write_magnitudes_signs(wr, u)

    def _read(self, r, d, shared, side):
        w = int(read_gamma(r, 1)[0]) - 1
        return {"u": read_magnitudes_signs(r, d, w)}
