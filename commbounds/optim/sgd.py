"""Projected stochastic subgradient descent with quantized oracle outputs (mayekar2020, p >= 2).

Algorithm
---------
From ``x_0`` in the domain, for ``t = 0..T-1``: query the oracle at ``x_t`` for an unbiased
subgradient estimate ``g_t``, pass it through the quantizer (``Q(g_t)``; exact bits
counted), and step ``x_{t+1} = Proj(x_t - eta_t Q(g_t))``.  The output is the average of the
query points ``x_0..x_{T-1}`` (and the last iterate).  Any number of independent chains
run at once: ``x0`` of shape ``(R, d)`` runs ``R`` chains, vectorised through the
oracle (when it accepts a batch) and the quantizer's fast path.

An oracle is any object with ``gradient(x, rng)`` returning an array of ``x``'s shape;
one that only takes single points is called row by row.

Theoretical guarantee
---------------------
Remark 4 / Theorem 2.3: with an unbiased quantizer ``Q`` and ``eta = D_2/(alpha_0 sqrt(T))``
(``D_2`` the Euclidean diameter), ``E f(x_bar) - f* <= c_1 d^{1/2-1/p} D alpha_0(Q; p)/sqrt(T)``:
the unquantized rate with ``B`` replaced by ``alpha_0(Q; p)``.

References
----------
Mayekar, Tyagi, *Limits on Gradient Compression for Stochastic Optimization* (ISIT 2020),
Remark 4 and Theorem 2.3; Nemirovski (1995) for the PSGD guarantee.

Examples
--------
>>> import numpy as np
>>> from commbounds.optim import projected_sgd, project_box
>>> class Noisy:                       # f(x) = <c, x> on the box [-1, 1]^3
...     c = np.array([1.0, -1.0, 0.5])
...     def gradient(self, x, rng):
...         return self.c + rng.choice([-0.5, 0.5], size=np.shape(x))
>>> res = projected_sgd(Noisy(), np.zeros(3), T=2000, step=0.05, project=project_box(1.0), rng=0)
>>> np.round(res.x_last, 1).tolist()
[-1.0, 1.0, -1.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from ..quantizers.base import Scheme
from ..validation import as_generator

__all__ = ["OptimResult", "projected_sgd", "project_box", "project_l2_ball", "oracle_gradient"]


@dataclass(frozen=True)
class OptimResult:
    """Averaged query point ``x``, last iterate, total bits sent per chain, steps ``T``.

    Parameters
    ----------
    x : numpy.ndarray
        The average of the query points.
    x_last : numpy.ndarray
        The last iterate.
    bits : numpy.ndarray
        Total bits the quantizer sent, per chain.
    T : int
        Steps run.

    Examples
    --------
    >>> import numpy as np
    >>> OptimResult(np.zeros(2), np.zeros(2), np.array([0]), 10).T
    10
    """

    x: np.ndarray
    x_last: np.ndarray
    bits: np.ndarray
    T: int


def project_box(radius: float) -> Callable[[np.ndarray], np.ndarray]:
    """Euclidean projection onto ``{||x||_inf <= radius}`` (the mayekar2020 hard domains).

    Parameters
    ----------
    radius : float
        The box's half side (positive).

    Returns
    -------
    callable
        ``x -> clip(x, -radius, radius)``.

    Examples
    --------
    >>> import numpy as np
    >>> project_box(1.0)(np.array([2.0, -0.5])).tolist()
    [1.0, -0.5]
    """
    radius = _positive(radius, "radius")
    return lambda x: np.clip(x, -radius, radius)


def project_l2_ball(radius: float) -> Callable[[np.ndarray], np.ndarray]:
    """Euclidean projection onto ``{||x||_2 <= radius}``.

    Parameters
    ----------
    radius : float
        The ball's radius (positive).

    Returns
    -------
    callable
        The projection, over the last axis.

    Examples
    --------
    >>> import numpy as np
    >>> project_l2_ball(1.0)(np.array([3.0, 4.0])).tolist()
    [0.6000000000000001, 0.8]
    """
    radius = _positive(radius, "radius")

    def proj(x):
        nrm = np.linalg.norm(x, axis=-1, keepdims=True)
        return x * np.minimum(1.0, radius / np.maximum(nrm, 1e-300))
    return proj


def oracle_gradient(oracle, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``oracle.gradient`` on a batch of points, row by row if it only takes one point."""
    if x.ndim > 1:
        try:
            g = np.asarray(oracle.gradient(x, rng), dtype=float)
            if g.shape == x.shape:
                return g
        except (ValueError, TypeError, IndexError):
            pass
        flat = x.reshape(-1, x.shape[-1])
        return np.stack([np.asarray(oracle.gradient(r, rng), dtype=float) for r in flat]).reshape(x.shape)
    g = np.asarray(oracle.gradient(x, rng), dtype=float)
    if g.shape != x.shape:
        raise InvalidInputError(f"oracle returned shape {g.shape} for a query of shape {x.shape}")
    return g


def projected_sgd(oracle, x0, *, T: int, step: float | Callable[[int], float],
                  quantizer: Scheme | None = None, project: Callable | None = None,
                  rng=None, shared=None) -> OptimResult:
    """Run PSGD for ``T`` steps (``step``: constant or a function of ``t``).

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
    quantizer : Scheme, optional
        Quantizes every gradient before the step (its bits are counted).
    project : callable, optional
        The projection onto the domain (identity by default).
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
    >>> projected_sgd(Linear(), np.zeros(2), T=50, step=0.1, project=project_box(1.0)).x_last.tolist()
    [-1.0, -1.0]
    """
    x, T, eta = _setup(x0, T, step)
    proj = project if project is not None else (lambda z: z)
    rng = as_generator(rng)
    return _run_steps(oracle, proj(x), T, eta, lambda z, move: proj(z - move), quantizer, rng, shared)


def _run_steps(oracle, x: np.ndarray, T: int, eta: Callable[[int], float],
               update: Callable[[np.ndarray, np.ndarray], np.ndarray], quantizer: Scheme | None,
               rng: np.random.Generator, shared) -> OptimResult:
    """The loop the first-order methods share: ``T`` times, add ``x`` to the average, query
    the oracle, quantize the gradient ``g`` (its bits counted) when a quantizer is given, and
    move to ``update(x, eta(t) g)``."""
    total = np.zeros(x.shape[:-1], dtype=np.int64)
    acc = np.zeros_like(x)
    for t in range(T):
        acc += x
        g = oracle_gradient(oracle, x, rng)
        if quantizer is not None:
            out = quantizer.quantize(g, rng=rng, shared=shared)
            g, total = out.estimate, total + out.bits
        x = update(x, eta(t) * g)
    return OptimResult(acc / T, x, total, T)


def _setup(x0, T, step):
    x = np.array(x0, dtype=float)
    if x.ndim < 1 or x.shape[-1] == 0 or not np.all(np.isfinite(x)):
        raise InvalidInputError("x0 must be a finite array of shape (d,) or (chains, d)")
    if isinstance(T, bool) or not isinstance(T, int | np.integer) or T < 1:
        raise InvalidInputError(f"T must be a positive integer, got {T!r}")
    if callable(step):
        return x, int(T), step
    c = _positive(step, "step")
    return x, int(T), (lambda t: c)


def _positive(v, name):
    try:
        v = float(v)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name} must be a positive number, got {v!r}") from None
    if not np.isfinite(v) or v <= 0:
        raise InvalidInputError(f"{name} must be positive and finite, got {v}")
    return v
