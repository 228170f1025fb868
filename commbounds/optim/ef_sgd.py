"""Distributed SGD with compression and error compensation, barnes2020 Algorithm 1.

Algorithm
---------
``n`` nodes hold local datasets ``D_i``; the centre broadcasts ``w^0``.  At step ``t``
node ``i`` draws a minibatch of size ``B`` from ``D_i``, computes ``g_i``, adds its memory
(``g_i <- g_i + m_i``), compresses (``g_hat_i = Q(g_i)``, e.g. rTop-k), keeps
``m_i <- g_i - g_hat_i`` and sends ``g_hat_i``'s payload; the centre sets
``w^{t+1} = w^t - eta (1/n) sum_i g_hat_i``.  With ``error_feedback=False`` the memory is
dropped (plain compressed SGD); with ``scheme=None`` the gradients are sent exactly.

The nodes' work is vectorised: one ``(n, d)`` call of the scheme's fast path per step,
whose exact bit counts are recorded.

Theoretical guarantee
---------------------
Theorem 3 / Corollary 1 (smooth non-convex ``f``, bounded second moments):
``E||grad f(z_T)||^2 <= O(JG/sqrt(BnT)) + O(J^2 B n d^2/(k^2 T))`` for rTop-k with
``eta = C_hat/sqrt(T)``; the compression does not affect the leading term.

References
----------
Barnes, Inan, Isik, Özgür, IEEE JSAIT 2020, Algorithm 1, Theorem 3, Corollary 1, and
Section IV's choice ``k/r = 1/n``.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> from commbounds.optim import ef_sgd, least_squares
>>> prob = least_squares(n=5, m=40, d=50, rng=0)
>>> res = ef_sgd(prob, scheme=quantizers.get("rtop-k", k=5, r=25), T=300, lr=1.0, rng=1)
>>> bool(res.loss[-1] < 0.1 * res.loss[0]), int(res.bits[0])
(True, 915)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from ..quantizers.base import Scheme
from ..quantizers.error_feedback import ErrorFeedback
from ..validation import as_generator

__all__ = ["FiniteSumProblem", "EFSGDResult", "ef_sgd", "least_squares", "logistic_regression"]


@dataclass(frozen=True)
class FiniteSumProblem:
    """``n`` local datasets ``(A_i, b_i)`` (``A``: ``(n, m, d)``, ``b``: ``(n, m)``) and a loss.

    ``grad(w, rows)`` returns the ``(n, d)`` minibatch gradients for the index array
    ``rows`` (``(n, B)``); ``loss(w)`` is the empirical risk ``(1/n) sum_i f^(i)(w)``.

    Parameters
    ----------
    A : numpy.ndarray, shape (n, m, d)
        Each machine's features.
    b : numpy.ndarray, shape (n, m)
        Each machine's targets or labels.
    kind : {"least-squares", "logistic"}
        The loss.
    w_star : numpy.ndarray, optional
        The weights the data were drawn from, where known.

    Examples
    --------
    >>> least_squares(4, 16, 5, rng=0).A.shape
    (4, 16, 5)
    """

    A: np.ndarray
    b: np.ndarray
    kind: str
    w_star: np.ndarray | None = None

    @property
    def n(self) -> int:
        return self.A.shape[0]

    @property
    def d(self) -> int:
        return self.A.shape[2]

    def _margin(self, A, b, w):
        return A @ w - b if self.kind == "least-squares" else b * (A @ w)

    def grad(self, w: np.ndarray, rows: np.ndarray) -> np.ndarray:
        node = np.arange(rows.shape[0])[:, None]
        A, b = self.A[node, rows], self.b[node, rows]
        z = self._margin(A, b, w)
        if self.kind == "least-squares":
            coef = z
        else:  # logistic loss log(1 + exp(-b a.w))
            coef = -b / (1.0 + np.exp(np.clip(z, -500, 500)))
        return np.einsum("nb,nbd->nd", coef, A) / rows.shape[1]

    def loss(self, w: np.ndarray) -> float:
        z = self._margin(self.A, self.b, w)
        if self.kind == "least-squares":
            return float(0.5 * np.mean(z**2))
        return float(np.mean(np.logaddexp(0.0, -z)))


def least_squares(n: int, m: int, d: int, *, noise: float = 0.1, rng=None) -> FiniteSumProblem:
    """Synthetic least squares: ``A ~ N(0, 1/d)``, ``b = A w* + noise``, loss ``|Aw - b|^2/2``.

    Parameters
    ----------
    n, m, d : int
        Machines, samples per machine and dimension.
    noise : float
        Standard deviation of the targets' noise.
    rng : None, int or numpy.random.Generator
        Source of the data.

    Returns
    -------
    FiniteSumProblem

    Examples
    --------
    >>> least_squares(2, 8, 3, rng=0).kind
    'least-squares'
    """
    rng = as_generator(rng)
    _check_sizes(n, m, d)
    A = rng.standard_normal((n, m, d)) / np.sqrt(d)
    w_star = rng.standard_normal(d)
    b = A @ w_star + noise * rng.standard_normal((n, m))
    return FiniteSumProblem(A, b, "least-squares", w_star)


def logistic_regression(n: int, m: int, d: int, *, rng=None) -> FiniteSumProblem:
    """Synthetic logistic regression with labels ``b = sign`` of a noisy linear score.

    Parameters
    ----------
    n, m, d : int
        Machines, samples per machine and dimension.
    rng : None, int or numpy.random.Generator
        Source of the data.

    Returns
    -------
    FiniteSumProblem

    Examples
    --------
    >>> set(logistic_regression(2, 8, 3, rng=0).b.ravel().tolist()) <= {-1.0, 1.0}
    True
    """
    rng = as_generator(rng)
    _check_sizes(n, m, d)
    A = rng.standard_normal((n, m, d)) / np.sqrt(d)
    w_star = rng.standard_normal(d)
    b = np.where(A @ w_star + 0.3 * rng.standard_normal((n, m)) >= 0, 1.0, -1.0)
    return FiniteSumProblem(A, b, "logistic", w_star)


@dataclass(frozen=True)
class EFSGDResult:
    """Final weights, the loss before each step and at the end (``T + 1``), bits per step.

    Parameters
    ----------
    w : numpy.ndarray
        The final weights.
    loss : numpy.ndarray, shape (T + 1,) or (len(steps),)
        The empirical risk before each step and at the end, or at ``steps`` only.
    bits : numpy.ndarray, shape (T,)
        Bits the machines sent at each step.
    steps : numpy.ndarray
        The steps ``t`` (0 to ``T``) whose loss ``loss`` holds, in order.

    Examples
    --------
    >>> ef_sgd(least_squares(2, 8, 3, rng=0), T=5, lr=0.1, rng=0).loss.shape
    (6,)
    """

    w: np.ndarray
    loss: np.ndarray
    bits: np.ndarray
    steps: np.ndarray | None = None


def ef_sgd(problem: FiniteSumProblem, *, T: int, lr: float | Callable[[int], float],
           scheme: Scheme | None = None, batch: int = 8, error_feedback: bool = True,
           w0=None, rng=None, shared=None, loss_at=None) -> EFSGDResult:
    """Run Algorithm 1 for ``T`` steps (``lr``: a constant or a function of the step).

    Parameters
    ----------
    problem : FiniteSumProblem
        The machines' data and loss.
    T : int
        Steps.
    lr : float or callable
        The learning rate, or ``t -> lr``.
    scheme : Scheme, optional
        The gradient compressor (None: full precision, 64 bits a coordinate).
    batch : int
        Minibatch size per machine.
    error_feedback : bool
        Whether each machine keeps and re-adds its compression error.
    w0 : array_like, optional
        Starting weights (zeros by default).
    rng : None, int or numpy.random.Generator
        Randomness of the minibatches and the compressor.
    shared : None or int
        The compressor's shared seed.
    loss_at : array_like of int, optional
        The steps ``t`` in ``[0, T]`` at which to evaluate the loss (default: all ``T + 1``).
        The loss is a pass over all ``n m`` samples, the step only over the minibatches, so
        a long run that needs a few points of its curve saves most of its time; the weights
        and bits do not depend on it.

    Returns
    -------
    EFSGDResult
        The final weights, the loss curve (at ``loss_at``) and the bits per step.

    Examples
    --------
    >>> res = ef_sgd(least_squares(4, 16, 5, rng=0), T=20, lr=0.1, rng=0)
    >>> bool(res.loss[-1] < res.loss[0])
    True
    >>> ef_sgd(least_squares(4, 16, 5, rng=0), T=20, lr=0.1, rng=0, loss_at=[0, 20]).loss.shape
    (2,)
    """
    if not isinstance(T, int | np.integer) or T < 1:
        raise InvalidInputError(f"ef_sgd: T must be a positive integer, got {T!r}")
    m = problem.A.shape[1]
    if not isinstance(batch, int | np.integer) or not 1 <= batch <= m:
        raise InvalidInputError(f"ef_sgd: batch must satisfy 1 <= batch <= m = {m}, got {batch!r}")
    step = lr if callable(lr) else (lambda t, c=float(lr): c)
    rng = as_generator(rng)
    w = np.zeros(problem.d) if w0 is None else np.array(w0, dtype=float)
    if w.shape != (problem.d,) or not np.all(np.isfinite(w)):
        raise InvalidInputError(f"ef_sgd: w0 must be a finite vector of length d = {problem.d}")
    steps = _loss_steps(loss_at, T)
    at = np.zeros(T + 1, dtype=bool)
    at[steps] = True
    ef = ErrorFeedback(scheme) if (scheme is not None and error_feedback) else None
    loss, bits = [problem.loss(w)] if at[0] else [], np.zeros(T, dtype=np.int64)
    for t in range(T):
        rows = rng.integers(0, m, size=(problem.n, batch))
        G = problem.grad(w, rows)
        if scheme is None:
            G_hat, bits[t] = G, 64 * G.size
        else:
            out = ef.step(G, rng=rng, shared=shared) if ef else scheme.quantize(G, rng=rng, shared=shared)
            G_hat, bits[t] = out.estimate, int(out.bits.sum())
        w = w - step(t) * G_hat.mean(axis=0)
        if not np.all(np.isfinite(w)) or np.max(np.abs(w)) > 1e100:
            raise InvalidInputError(f"ef_sgd diverged at step {t}; lower the learning rate")
        if at[t + 1]:
            loss.append(problem.loss(w))
    return EFSGDResult(w, np.asarray(loss), bits, steps)


def _loss_steps(loss_at, T: int) -> np.ndarray:
    """``loss_at`` as sorted unique steps in ``[0, T]`` (None: every step)."""
    if loss_at is None:
        return np.arange(T + 1)
    s = np.asarray(loss_at)
    if s.ndim != 1 or s.size == 0 or not np.issubdtype(s.dtype, np.integer) or s.min() < 0 or s.max() > T:
        raise InvalidInputError(f"ef_sgd: loss_at must be a non-empty list of integer steps in [0, T = {T}]")
    return np.unique(s)


def _check_sizes(n, m, d):
    for name, v in (("n", n), ("m", m), ("d", d)):
        if not isinstance(v, int | np.integer) or v < 1:
            raise InvalidInputError(f"{name} must be a positive integer, got {v!r}")
