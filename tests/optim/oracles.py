"""Local copies of mayekar2020's hard oracles (Section 6) for the optimisation tests.

``BernoulliProductOracle``: coordinates ``+-B/d^{1/q}`` independently, ``+`` with
probability ``(1 + 2 delta alpha_i)/2``; ``f_alpha(x) = (2 B delta/d^{1/q}) <alpha, x>``.
Its outputs have ``||Y||_q = B`` exactly.
"""

from __future__ import annotations

import numpy as np


class BernoulliProductOracle:
    def __init__(self, d: int, B: float, delta: float, p: float, alpha: np.ndarray) -> None:
        self.d, self.B, self.delta, self.alpha = d, B, delta, np.asarray(alpha, dtype=float)
        self.inv_q = 1.0 - 1.0 / p
        self.a = B / d**self.inv_q
        self.grad_f = 2 * B * delta / d**self.inv_q * self.alpha

    def gradient(self, x, rng):
        plus = rng.random(np.shape(x)) < (1 + 2 * self.delta * self.alpha) / 2
        return np.where(plus, self.a, -self.a)

    def f(self, x):
        return np.asarray(x) @ self.grad_f


def fitted_slope(T, errors):
    """Weighted least-squares slope of log(mean error) on log T and its standard error.

    ``errors`` is ``(len(T), chains)``; the weight of each point is the inverse of the
    delta-method variance ``(se/mean)^2`` of ``log(mean)``.
    """
    errors = np.asarray(errors, dtype=float)
    m = errors.mean(axis=1)
    se = errors.std(axis=1, ddof=1) / np.sqrt(errors.shape[1])
    x, y, w = np.log(np.asarray(T, dtype=float)), np.log(m), (m / se) ** 2
    X = np.c_[np.ones_like(x), x]
    cov = np.linalg.inv(X.T @ (w[:, None] * X))
    beta = cov @ X.T @ (w * y)
    return float(beta[1]), float(np.sqrt(cov[1, 1]))
