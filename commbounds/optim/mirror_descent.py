"""Stochastic mirror descent with the mirror map ``||x||_{p'}^2/(p'-1)`` (mayekar2020, p < 2).

Algorithm
---------
With ``psi(x) = ||x||_{p'}^2/(p'-1)`` (2-strongly convex w.r.t. ``||.||_{p'}``) and its
conjugate ``psi*(th) = (p'-1)/4 ||th||_{q'}^2`` (``q' = p'/(p'-1)``): from ``x_0``, for
``t = 0..T-1``, query ``g_t``, quantize it, and set
``x_{t+1} = Proj(grad psi*(grad psi(x_t) - eta_t Q(g_t)))``.  The domain is the
``l_{p'}`` ball of ``radius`` (or all of ``R^d`` with ``radius=None``); on it the Bregman
projection of ``psi`` is the radial scaling ``x -> x min(1, radius/||x||_{p'})``, because
``psi`` is a function of ``||x||_{p'}`` alone and ``grad psi`` is 1-homogeneous.
The default ``p' = max(p, 1 + 1/ln d)`` is the classical choice for ``p`` near 1
(Nemirovski et al. 2009), which costs the ``sqrt(log d)`` factor of Theorem 2.2.
The output is the average of the query points.  Chains run in parallel as in
:func:`~commbounds.optim.projected_sgd`.

Theoretical guarantee
---------------------
Remark 3 / Theorem 2.3: with an unbiased quantizer ``Q``,
``E f(x_bar) - f* <= c_1 sqrt(log d) D alpha_0(Q; p)/sqrt(T)`` for ``p in [1, 2)`` (the
algorithm needs only a bound on ``E||Q(g)||_q^2``).

References
----------
Mayekar, Tyagi (ISIT 2020), Remark 3 and Theorem 2.3; Nemirovski, Juditsky, Lan, Shapiro,
*Robust stochastic approximation*, SIAM J. Optim. 2009 (the l_1 setup).

Examples
--------
>>> import numpy as np
>>> from commbounds.optim import mirror_descent
>>> class Noisy:                       # f(x) = <c, x> on the l_1.5 ball of radius 1
...     c = np.array([1.0, 0.0, 0.0, 0.0])
...     def gradient(self, x, rng):
...         return self.c + rng.choice([-0.5, 0.5], size=np.shape(x))
>>> res = mirror_descent(Noisy(), np.zeros(4), T=3000, step=0.02, p=1.5, radius=1.0, rng=0)
>>> round(float(res.x_last[0]), 1)
-1.0
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import InvalidInputError
from ..quantizers.base import Scheme
from ..validation import as_generator
from .sgd import OptimResult, _positive, _run_steps, _setup

__all__ = ["mirror_descent", "grad_mirror", "grad_conjugate", "lp_norm"]


def lp_norm(x: np.ndarray, p: float) -> np.ndarray:
    """``||x||_p`` along the last axis, scaled to avoid overflow for large ``p``."""
    m = np.max(np.abs(x), axis=-1, keepdims=True)
    safe = np.where(m > 0, m, 1.0)
    return (m * np.sum((np.abs(x) / safe) ** p, axis=-1, keepdims=True) ** (1.0 / p))[..., 0]


def _homogeneous(x: np.ndarray, a: float) -> np.ndarray:
    """``||x||_a sign(x) (|x|/||x||_a)^(a-1)`` = ``grad (||x||_a^2/2)``."""
    n = lp_norm(x, a)[..., None]
    safe = np.where(n > 0, n, 1.0)
    return n * np.sign(x) * (np.abs(x) / safe) ** (a - 1)


def grad_mirror(x: np.ndarray, pp: float) -> np.ndarray:
    """``grad psi(x)`` for ``psi = ||x||_{p'}^2/(p'-1)``."""
    return 2.0 / (pp - 1.0) * _homogeneous(x, pp)


def grad_conjugate(th: np.ndarray, pp: float) -> np.ndarray:
    """``grad psi*(th)``, the inverse of :func:`grad_mirror`."""
    qq = pp / (pp - 1.0)
    return (pp - 1.0) / 2.0 * _homogeneous(th, qq)


def mirror_descent(oracle, x0, *, T: int, step: float | Callable[[int], float], p: float,
                   p_prime: float | None = None, radius: float | None = None,
                   quantizer: Scheme | None = None, rng=None, shared=None) -> OptimResult:
    """Run stochastic mirror descent for ``T`` steps on the ``l_{p'}`` ball of ``radius``.

    Parameters
    ----------
    oracle : object
        A first-order oracle with ``gradient(x, rng)``.
    x0 : array_like
        The starting point (leading axes run independent chains).
    T : int
        Steps.
    step : float or callable
        The step size, or ``t -> step``.
    p : float
        The oracle's norm, ``1 <= p < 2``.
    p_prime : float, optional
        The mirror map's norm (default ``max(p, 1 + 1/ln d)``).
    radius : float, optional
        The radius of the domain (None: unconstrained).
    quantizer : Scheme, optional
        Quantizes every gradient before the step (its bits are counted).
    rng : None, int or numpy.random.Generator
        Randomness of the oracle and the quantizer.
    shared : None or int
        The quantizer's shared seed.

    Returns
    -------
    OptimResult
        The averaged and last iterates and the bits sent.

    Examples
    --------
    >>> import numpy as np
    >>> class Linear:
    ...     def gradient(self, x, rng):
    ...         return np.ones_like(x)
    >>> res = mirror_descent(Linear(), np.zeros(3), T=100, step=0.1, p=1.0, radius=1.0)
    >>> bool(np.all(res.x_last < 0))
    True
    """
    x, T, eta = _setup(x0, T, step)
    p = float(p)
    if not np.isfinite(p) or not 1.0 <= p < 2.0:
        raise InvalidInputError(f"mirror_descent is the p in [1, 2) method: need 1 <= p < 2, got p={p}")
    d = x.shape[-1]
    pp = max(p, 1.0 + 1.0 / np.log(d)) if d > 2 else p if p > 1 else 1.5
    if p_prime is not None:
        pp = float(p_prime)
    if not 1.0 < pp <= 2.0:
        raise InvalidInputError(f"mirror_descent: p_prime must satisfy 1 < p' <= 2, got {pp}")
    R = None if radius is None else _positive(radius, "radius")

    def proj(z):
        if R is None:
            return z
        n = lp_norm(z, pp)[..., None]
        return z * np.minimum(1.0, R / np.maximum(n, 1e-300))

    def update(z, move):
        return proj(grad_conjugate(grad_mirror(z, pp) - move, pp))

    rng = as_generator(rng)
    return _run_steps(oracle, proj(x), T, eta, update, quantizer, rng, shared)
