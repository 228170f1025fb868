"""Exact predictions: what a scheme does to one input, computed without sampling.

``Scheme.predict(x, *, shared=None)`` returns a :class:`Prediction`: the exact expected
squared error ``E||x_hat - x||^2`` (and per coordinate), the exact bias ``E[x_hat] - x``
and the exact expected payload bits (their exact distribution where it is cheap).  The
expectation is over everything that varies from one row of
``quantize(np.tile(x, (T, 1)), rng=..., shared=shared)`` to the next -- the private
randomness, and shared randomness drawn per row (a lattice dither) -- and is conditional
on what a shared seed fixes for every row (a rotation).  The Monte Carlo suite compares
``quantize`` against it two-sidedly; this, not the papers' loose bounds, is what gives the
suite its power.

Most schemes reduce to independent two-point rounding of each coordinate in some
orthonormal basis; the helpers here compute those moments once, for every scheme.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> p = quantizers.get("sar", F=0.5).predict(np.array([0.25, -1.0, 0.0]))
>>> round(p.mse, 4), p.unbiased, round(p.bits, 3)       # F^2 f (1 - f) for f = 1/2
(0.0625, True, 10.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..errors import InvalidInputError

__all__ = ["Prediction", "PredictionUnavailable", "two_point", "poisson_binomial", "pmf_sum",
           "pmf_diff", "expect", "rotated_error", "cuq_moments", "gap_omega_mean",
           "given_rotation", "over_hadamard_signs", "MAX_SIGN_D"]

#: largest padded dimension whose 2^D sign patterns :func:`over_hadamard_signs` enumerates
MAX_SIGN_D = 16
#: largest padded dimension for which the inverse rotation is applied as a dense matrix
_DENSE_D = 256
#: largest number of Bernoulli terms an exact count distribution is built from (O(n^2) work)
MAX_TERMS = 20_000


class PredictionUnavailable(InvalidInputError):
    """A scheme cannot predict this input exactly (the reason is the message)."""


@dataclass(frozen=True)
class Prediction:
    """The exact behaviour of a scheme on one input.

    Attributes
    ----------
    mse : float
        ``E||x_hat - x||^2``.
    bits : float
        ``E[bits]`` of the payload (exact, or within ``bits_slack``).
    bias : ndarray
        ``E[x_hat] - x`` (zeros for an unbiased scheme).
    mse_coord : ndarray
        ``E(x_hat_j - x_j)^2`` per coordinate (sums to ``mse``).
    bits_pmf : tuple of ndarray or None
        ``(values, probabilities)`` of the bit count where its distribution is cheap.
    bits_slack : float
        Half-width of an interval around ``bits`` known to hold ``E[bits]`` (0 when exact).
    method : str
        ``"closed form"`` or ``"enumeration"``: how the numbers were computed.
    note : str
        Conditions the prediction assumes (e.g. "decoding succeeds").
    """

    mse: float
    bits: float
    bias: np.ndarray
    mse_coord: np.ndarray
    bits_pmf: tuple[np.ndarray, np.ndarray] | None = None
    bits_slack: float = 0.0
    method: str = "closed form"
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def bias_norm(self) -> float:
        """``||E[x_hat] - x||_2``."""
        return float(np.linalg.norm(self.bias))

    @property
    def unbiased(self) -> bool:
        """Whether the bias is zero up to floating-point error of the input's scale."""
        return self.bias_norm <= 1e-9 * (1.0 + math.sqrt(max(self.mse, 0.0)))

    @property
    def variance(self) -> np.ndarray:
        """Per-coordinate variance ``mse_coord - bias^2`` (clipped at 0)."""
        return np.maximum(self.mse_coord - self.bias**2, 0.0)

    @property
    def bits_constant(self) -> bool:
        """Whether every run sends the same number of bits."""
        return self.bits_pmf is not None and len(self.bits_pmf[0]) == 1 and self.bits_slack == 0

    @property
    def bits_var(self) -> float | None:
        """Variance of the bit count where its distribution is known."""
        if self.bits_pmf is None:
            return None
        v, p = self.bits_pmf
        return float(np.sum(p * (v - self.bits) ** 2))

    @classmethod
    def build(cls, x, mean, mse_coord, bits, **kw) -> Prediction:
        """From the expected estimate and the per-coordinate squared error; ``bits`` is a
        number (constant), or ``(values, probabilities)`` (an exact distribution)."""
        x = np.asarray(x, dtype=np.float64)
        bias = np.asarray(mean, dtype=np.float64) - x
        mc = np.asarray(mse_coord, dtype=np.float64)
        if isinstance(bits, tuple):
            v, p = (np.asarray(a, dtype=np.float64) for a in bits)
            keep = p > 0
            v, p = v[keep], p[keep] / p[keep].sum()
            mean_bits, pmf = float(np.sum(v * p)), (v, p)
        elif "bits_pmf" in kw or kw.get("bits_slack"):
            mean_bits, pmf = float(bits), kw.pop("bits_pmf", None)
        else:
            mean_bits, pmf = float(bits), (np.array([float(bits)]), np.array([1.0]))
        return cls(float(mc.sum()), mean_bits, bias, mc, pmf, **kw)


def two_point(lo, hi, p) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of a value that is ``hi`` with probability ``p``, else ``lo``."""
    lo, hi, p = (np.asarray(a, dtype=np.float64) for a in (lo, hi, p))
    return lo + p * (hi - lo), p * (1 - p) * (hi - lo) ** 2


def poisson_binomial(p) -> np.ndarray:
    """Exact pmf of a sum of independent Bernoulli(``p_j``) (``O(n^2)``; certain terms shift)."""
    p = np.asarray(p, dtype=np.float64).ravel()
    sure = int(np.count_nonzero(p >= 1.0))
    frac = p[(p > 0) & (p < 1)]
    if frac.size > MAX_TERMS:
        raise PredictionUnavailable(f"an exact count distribution over {frac.size} random terms exceeds "
                                    f"{MAX_TERMS} (quadratic work); use a smaller dimension")
    pmf = np.zeros(frac.size + 1)
    pmf[0] = 1.0
    for i, q in enumerate(frac):
        pmf[1:i + 2] = pmf[1:i + 2] * (1 - q) + pmf[:i + 1] * q
        pmf[0] *= 1 - q
    return np.concatenate([np.zeros(sure), pmf])


def pmf_sum(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """pmf of ``A + B`` for independent non-negative integer ``A``, ``B``."""
    return np.convolve(a, b)


def pmf_diff(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(support, pmf)`` of ``A - B`` for independent non-negative integer ``A``, ``B``."""
    pm = np.convolve(a, b[::-1])
    return np.arange(pm.size) - (b.size - 1), pm


def expect(fn, support, pmf) -> float:
    """``E[fn(W)]`` for ``W`` with the given support and probabilities (zero mass skipped)."""
    support, pmf = np.asarray(support), np.asarray(pmf, dtype=np.float64)
    keep = pmf > 0
    return float(np.sum(np.asarray(fn(support[keep]), dtype=np.float64) * pmf[keep]))


def rotated_error(x, mean_z, var_z, signs, d: int, unrotate):
    """Mean and per-coordinate squared error of ``unrotate(Z_hat)`` against ``x`` when the
    rotated coordinates ``Z_hat_j`` are independent with the given means and variances.

    The rotation is the orthonormal randomized Hadamard transform: every entry of ``R`` has
    magnitude ``1/sqrt(D)``, so each output coordinate receives ``sum_j var_j / D``.
    """
    D = signs.size
    mean = unrotate(np.asarray(mean_z, dtype=np.float64)[None, :], signs, d)[0]
    var = np.full(d, float(np.sum(var_z)) / D)
    return mean, var + (mean - x) ** 2


def cuq_moments(Y, M, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of CUQ's decoded value per entry (``M`` broadcasts), the same float
    operations as :func:`~commbounds.quantizers.cuq.cuq_indices`; entries with ``|y| > M``
    take the overflow symbol and decode to 0 (mean 0, variance 0)."""
    Y = np.asarray(Y, dtype=np.float64)
    M = np.broadcast_to(np.asarray(M, dtype=np.float64), Y.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(M > 0, (Y + M) * ((k - 1) / np.where(M > 0, 2 * M, 1.0)), 0.0)
    over = np.abs(Y) > M
    t = np.clip(t, 0.0, k - 1.0)
    lo = np.minimum(np.floor(t), k - 2.0)
    step = 2.0 * M / (k - 1)
    mean, var = two_point(-M + step * lo, -M + step * (lo + 1), t - lo)
    return np.where(over, 0.0, mean), np.where(over, 0.0, var)


def gap_omega_mean(q) -> float:
    """``E sum_j 1{nz_j} omega(G_j)`` for independent non-zero indicators with probabilities
    ``q_j``: ``G_j`` is the distance from the previous non-zero (the 1-based position for the
    first one) and ``omega`` the Elias omega length, which is constant on each dyadic range
    ``[2^a, 2^(a+1))``, so only ``P(G_j >= 2^a)`` is needed: ``O(d log d)``."""
    from .qsgd import omega_length

    q = np.asarray(q, dtype=np.float64).ravel()
    d = q.size
    sure = q >= 1.0
    with np.errstate(divide="ignore"):
        logs = np.where(sure, 0.0, np.log1p(-np.where(sure, 0.0, q)))
    L = np.concatenate([[0.0], np.cumsum(logs)])          # L[i] = sum_{l < i} log(1 - q_l)
    S1 = np.concatenate([[0], np.cumsum(sure)])            # how many certain non-zeros below i
    j = np.arange(d)
    e = np.ones(d)                                         # omega(1) = 1
    a = 1
    while (1 << a) <= d:
        g = 1 << a
        ok = g <= j + 1
        lo = np.where(ok, j - g + 1, 0)                    # window l = j-g+1 .. j-1
        surv = np.where(S1[j] - S1[lo] > 0, 0.0, np.exp(L[j] - L[lo]))
        step = float(omega_length(g) - omega_length(g - 1))
        e += np.where(ok, surv * step, 0.0)
        a += 1
    return float(np.sum(q * e))


def given_rotation(x, rot, coefficients, bits: float, *, as_shared=None) -> Prediction:
    """The deterministic outcome of a rotate-round-scale scheme given its shared rotation.

    ``coefficients(X, Z)`` maps inputs ``(rows, d)`` and their rotations ``Z = R x``
    (``(rows, D)``, from ``rot.forward``) to the rotated-domain estimate ``S q``; the estimate
    is ``R^T (S q)`` truncated to ``d``, applied here as a dense matrix (the inverse
    rotation of every basis vector) rather than by the scheme's own fast transform.  Every
    row of a batch uses the one rotation and no private randomness, so the error is the
    estimate's error itself, the variance is zero and the bit count is fixed.
    """
    x = np.asarray(x, dtype=np.float64)
    Z = rot.forward(x[None, :])
    c = np.asarray(coefficients(x[None, :], Z), dtype=np.float64)
    if rot.D <= _DENSE_D:
        est = (c @ rot.inverse(np.eye(rot.D)))[0]
    else:
        est = rot.inverse(c)[0]
    return Prediction.build(x, est, (est - x) ** 2, bits=bits,
                            note=f"given the rotation of shared seed {0 if as_shared is None else as_shared}")


def over_hadamard_signs(x, coefficients, bits, *, scheme: str, rotation: str = "hadamard") -> Prediction:
    """The expectation of a rotate-round-scale scheme over its randomized Hadamard rotation
    ``R = H Diag(signs) / sqrt(D)``, by enumerating all ``2^D`` equally likely sign vectors
    (``D = 2^ceil(log2 d) <= MAX_SIGN_D``); ``coefficients`` as for :func:`given_rotation`.

    ``x`` is validated as one vector; ``bits(D)`` is the scheme's fixed bit count at padded
    dimension ``D``; a ``rotation`` other than ``"hadamard"`` (the uniform, Haar one) is
    continuous and raises :class:`PredictionUnavailable` naming ``scheme``.  The mean squared
    error, the bias and the per-coordinate error are averages over the patterns.
    """
    from ..validation import validate_vectors
    from .hadamard import fwht, next_pow2

    x = np.asarray(validate_vectors(x, name="x", max_ndim=1), dtype=np.float64)
    if rotation != "hadamard":
        raise PredictionUnavailable(f"{scheme}: the uniform (Haar) rotation is continuous, so its expectation "
                                    "has no finite enumeration (and no closed form at finite D)")
    d = x.size
    D = next_pow2(d)
    bits = bits(D)
    if D > MAX_SIGN_D:
        raise PredictionUnavailable(f"the expectation over the shared rotation enumerates 2^D sign patterns, "
                                    f"feasible for D <= {MAX_SIGN_D}, got D = {D}")
    patterns = np.arange(1 << D)[:, None]
    signs = np.where((patterns >> np.arange(D)) & 1, -1.0, 1.0)
    pad = np.zeros((signs.shape[0], D))
    pad[:, :d] = x
    Z = fwht(pad * signs)
    c = np.asarray(coefficients(np.broadcast_to(x, (signs.shape[0], d)), Z), dtype=np.float64)
    est = (fwht(np.ascontiguousarray(c)) * signs)[:, :d]
    err = est - x
    return Prediction.build(x, est.mean(axis=0), (err * err).mean(axis=0), bits=bits, method="enumeration",
                            note=f"expectation over the {1 << D} sign patterns of the randomized Hadamard rotation")
