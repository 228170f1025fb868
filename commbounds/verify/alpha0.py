"""Monte Carlo measurement of ``alpha_0(Q; p)`` (mayekar2020 Section 2.2), with an interval.

Algorithm
---------
``alpha_0(Q; p) = sup_Y sqrt(E||Q(Y)||^2)`` over inputs with ``||Y||_q <= B``, where the
norm is ``l_2`` for ``p >= 2`` and ``l_q`` (``q = p/(p-1)``) for ``p < 2``.  A supremum
over a continuum cannot be sampled, so :func:`measure_alpha0` evaluates a finite set of
candidate inputs (by default :func:`candidate_inputs`: a basis vector, the flat vector, a
few sparse and random directions, all on the sphere ``||Y||_q = B``): for each it draws
``trials`` quantizations through the fast path, estimates ``E||Q(Y)||^2`` with a normal
interval of half-width ``z sd/sqrt(trials)``, and reports ``sqrt`` of the largest mean.
The interval is ``[sqrt(max_i lo_i), sqrt(max_i hi_i)]`` -- an interval for the largest
second moment over the candidates (simultaneous over them when each covers) -- and is a
*lower* estimate of ``alpha_0`` itself (the supremum may sit elsewhere).

Theoretical guarantee
---------------------
Upper bounds to compare with: Theorem 4.1 (SimQ: ``B``), Theorem 4.2 (SimQ+:
``sqrt(B^2 d^{2/p}/k + B^2)``), Lemmas 5.1/5.2 (``sqrt(3) B`` for each part) and
``sqrt(12) B`` for the p < 2 composite.

References
----------
Mayekar, Tyagi (ISIT 2020), Section 2.2 (definition of ``alpha_0``), Theorems 2.3, 4.1,
4.2 and Lemmas 5.1-5.2.

Examples
--------
>>> from commbounds import quantizers
>>> from commbounds.verify.alpha0 import measure_alpha0
>>> est = measure_alpha0(quantizers.get("simq", B=1.0), p=float("inf"), B=1.0, d=16,
...                      trials=2000, rng=0)
>>> round(est.value, 3), est.norm                     # SimQ outputs have l2 norm 0 or B
(1.0, 'l2')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from ..quantizers.base import Scheme, as_generator, validate_vectors
from ..quantizers.simq_plus import dual_norm

__all__ = ["Alpha0Estimate", "measure_alpha0", "candidate_inputs"]


@dataclass(frozen=True)
class Alpha0Estimate:
    """``value`` = sqrt(largest mean second moment), ``ci`` its interval, per-input details."""

    value: float
    ci: tuple[float, float]
    second_moments: np.ndarray
    half_widths: np.ndarray
    worst: int
    trials: int
    norm: str
    z: float


def candidate_inputs(d: int, p: float, B: float, rng=None, count: int = 4) -> np.ndarray:
    """Inputs on the sphere ``||Y||_q = B``: ``B e_1``, flat, sparse and random directions."""
    rng = as_generator(rng)
    rows = [np.eye(1, d).ravel(), np.ones(d), np.where(np.arange(d) < max(1, d // 8), 1.0, 0.0),
            np.r_[np.full(1, 8.0), np.ones(d - 1)] if d > 1 else np.ones(1)]
    rows += [rng.standard_normal(d) for _ in range(count)]
    rows += [rng.standard_t(1.5, d) for _ in range(count)]
    Y = np.stack(rows) * np.where(rng.random((len(rows), d)) < 0.5, -1.0, 1.0)
    return Y * (B / dual_norm(Y, p))[:, None]


def measure_alpha0(scheme: Scheme, *, p: float, B: float | None = None, d: int | None = None,
                   inputs=None, trials: int = 2000, rng=None, shared=None,
                   z: float = 4.9) -> Alpha0Estimate:
    """Estimate ``alpha_0(scheme; p)`` over ``inputs`` (default :func:`candidate_inputs`)."""
    p = float(p)
    if np.isnan(p) or p < 1:
        raise InvalidInputError(f"alpha0: p must satisfy p >= 1, got {p}")
    if not isinstance(trials, int | np.integer) or trials < 2:
        raise InvalidInputError(f"alpha0: trials must be an integer >= 2, got {trials!r}")
    rng = as_generator(rng)
    if inputs is None:
        if B is None or d is None:
            raise InvalidInputError("alpha0: give inputs=, or B and d for the default candidates")
        inputs = candidate_inputs(int(d), p, float(B), rng)
    Y = validate_vectors(inputs, name="inputs", max_ndim=2)
    Y = Y[None] if Y.ndim == 1 else Y
    est = scheme.quantize(np.broadcast_to(Y, (trials, *Y.shape)), rng=rng, shared=shared).estimate
    if p >= 2:
        norm, sq = "l2", (est**2).sum(axis=-1)
    else:
        norm = "linf" if p == 1 else f"l{p / (p - 1):g}"
        # ||.||_q with q the conjugate of p is dual_norm(., p') for p' = q's conjugate = p
        sq = dual_norm(est, p) ** 2
    mean = sq.mean(axis=0)
    half = z * sq.std(axis=0, ddof=1) / np.sqrt(trials)
    worst = int(np.argmax(mean))
    lo = float(np.sqrt(max(np.max(mean - half), 0.0)))
    hi = float(np.sqrt(np.max(mean + half)))
    return Alpha0Estimate(float(np.sqrt(mean[worst])), (lo, hi), mean, half, worst, int(trials), norm, z)
