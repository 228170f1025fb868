"""Gradient sparsification (Wangni, Wang, Liu, Zhang 2018) with its greedy probabilities.

Algorithm
---------
Each coordinate ``g_i`` is kept with probability ``p_i`` and, when kept, sent as
``g_i / p_i`` (unbiased).  The probabilities minimise the variance
``sum_i g_i^2 / p_i`` under the budget ``sum_i p_i <= kappa d``; the optimum has the form
``p_i = min(lambda |g_i|, 1)``.  Algorithm 3 of the paper (greedy) computes it:

1. ``p_i = min(kappa d |g_i| / ||g||_1, 1)``;
2. repeat: with the active set ``I = {i : p_i < 1}``,
   ``c = (kappa d - d + |I|) / sum_{i in I} p_i`` and ``p_i = min(c p_i, 1)``; stop when
   ``c <= 1`` (or ``I`` is empty, or after ``max_iter`` rounds).

Here the parameter is ``budget = kappa d``, the expected number of kept coordinates
(``budget >= d`` keeps everything).  With ``max_iter=None`` the loop runs to its fixed
point (at most ``d`` rounds: each round with ``c > 1`` saturates at least one more
coordinate or is the last), which is the exact optimum ``min(lambda |g_i|, 1)``; the paper
notes that two rounds already come close.  A zero vector keeps nothing.

Every kept coordinate with ``p_i < 1`` has the value ``g_i / (lambda |g_i|) = sign(g_i) /
lambda``, so only the saturated ones (``p_i = 1``, kept always, sent as ``g_i`` itself)
carry a real number.  Payload: the number ``w`` of kept coordinates (Elias gamma of
``w + 1``) and the support as a constant-weight sequence (``ceil(log2 C(d, w))`` bits);
the number ``t`` of saturated coordinates among them (Elias gamma of ``t + 1``) and which
ones (``ceil(log2 C(w, t))`` bits); if ``w > t``, ``1 / lambda`` as float64 and one sign
bit per unsaturated kept coordinate (1 = negative); each saturated value as float64.  In
all ``gamma(w+1) + ceil(log2 C(d, w)) + gamma(t+1) + ceil(log2 C(w, t)) + 64 [w > t] +
(w - t) + 64 t`` bits: within a few per cent of the zeroth-order entropy of the
representation (symbols ``0``, ``+1/lambda``, ``-1/lambda`` and exact values, the exact
values at 64 bits each) on symmetric inputs.  The probabilities are
``p_i = min(lambda |g_i|, 1)`` with ``lambda`` recovered from the greedy solution, so the
estimate is unbiased exactly for the transmitted ``1 / lambda``.

Theoretical guarantee
---------------------
Unbiased; ``E||g_hat - g||^2 = sum_i g_i^2 (1/p_i - 1)`` exactly (up to the rounding of
``1 / lambda`` to float64); ``E[w] = sum_i p_i``
``= min(budget, #{i : g_i != 0})`` at the fixed point.

References
----------
J. Wangni, J. Wang, J. Liu, T. Zhang, *Gradient Sparsification for
Communication-Efficient Distributed Optimization*, NeurIPS 2018, Section 3 (the convex
program and Algorithm 3, the greedy solver with density ``kappa``); the greedy update as
followed here matches public implementations of Algorithm 3.  huang2019 Section 4 uses it
as a baseline.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("wangni", budget=2)
>>> g = np.array([4.0, 0.0, -1.0, 0.5, 0.0, 2.0])
>>> np.round(wangni_probabilities(g[None], 2.0), 3).tolist()
[[1.0, 0.0, 0.286, 0.143, 0.0, 0.571]]
>>> msg = q.encode(g, rng=np.random.default_rng(3))
>>> est = q.decode(msg)
>>> bool(est[0] == 4.0), sorted(set(np.abs(est[est != 0]).round(3).tolist()))
(True, [3.5, 4.0])
"""

from __future__ import annotations

import numpy as np

from ..coding import (
    cw_bits,
    gamma_length,
    rank_positions,
    read_float,
    read_gamma,
    unrank_positions,
    write_float,
    write_gamma,
)
from ..errors import DecodeError
from ..params import Param
from ._params import MAX_COUNT
from .base import Scheme
from .registry import register_scheme

__all__ = ["Wangni", "wangni_probabilities", "wangni_lambda"]

#: entries per chunk of the draw (its temporaries are a few chunks, not the input)
_CHUNK = 1 << 13


def wangni_probabilities(G: np.ndarray, budget: float, max_iter: int | None = None) -> np.ndarray:
    """Algorithm 3 (greedy) of Wangni et al. on every row of ``G``; ``budget = kappa d``."""
    G = np.asarray(G, dtype=np.float64)
    d = G.shape[-1]
    A = np.abs(G)
    l1 = A.sum(axis=-1, keepdims=True)
    if budget >= d:
        return np.where(A > 0, 1.0, 0.0)
    # min(budget |g| / ||g||_1, 1) (0 on a zero row), formed in A's array
    p = np.multiply(A, budget, out=A)
    del A
    p /= np.where(l1 > 0, l1, 1.0)
    np.minimum(p, 1.0, out=p)
    p[np.broadcast_to(l1 <= 0, p.shape)] = 0.0
    rounds = d + 1 if max_iter is None else int(max_iter)
    active_rows = np.ones(p.shape[:-1], dtype=bool)
    for _ in range(rounds):
        act = p < 1.0
        size = act.sum(axis=-1)
        mass = np.where(act, p, 0.0).sum(axis=-1)
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(mass > 0, (budget - d + size) / np.where(mass > 0, mass, 1.0), 1.0)
        go = active_rows & (size > 0) & (c > 1.0)
        if not np.any(go):
            break
        grow = p[go]                                  # (a copy of the rows that go on)
        grow *= c[go][..., None]
        p[go] = np.minimum(grow, 1.0, out=grow)
        del grow
        # a round that saturated nothing new reached the fixed point: sum_I p = budget - (d - |I|)
        active_rows = go & ((p >= 1.0).sum(axis=-1) > d - size)
    return p


@register_scheme("wangni")
class Wangni(Scheme):
    """Unbiased gradient sparsification (``budget``: expected kept coordinates, ``> 0``)."""

    unbiased = True
    bounds = ()
    params = (
        Param("budget", domain="(0, oo)", typical=8, description="expected kept coordinates"),
        Param("max_iter", integer=True, domain=f"[0, {MAX_COUNT}]", default=None),
    )

    def __init__(self, budget: float, max_iter: int | None = None) -> None:
        budget = float(budget)  # the declared domain: a real number > 0, finite
        max_iter = None if max_iter is None else int(max_iter)
        super().__init__(budget=budget, max_iter=max_iter)
        self.budget, self.max_iter = budget, max_iter

    def _draw(self, X, rng, shared):
        lam = wangni_lambda(X, wangni_probabilities(X, self.budget, self.max_iter))
        keep = np.empty(X.shape, dtype=bool)
        sat, neg = np.empty_like(keep), np.empty_like(keep)
        vals = np.empty(X.shape)
        # in chunks of whole rows' entries, in row-major order: the uniforms are those of one
        # rng.random(X.shape) call, and no temporary is the input's size
        flat = [a.reshape(-1) for a in (X, keep, sat, neg, vals)]
        lam_flat = np.broadcast_to(lam[..., None], X.shape).reshape(-1)
        for a in range(0, X.size, _CHUNK):
            x, k, s, n, v = (f[a:a + _CHUNK] for f in flat)
            A = np.abs(x)
            with np.errstate(invalid="ignore", over="ignore"):
                p = np.where(A > 0, np.minimum(lam_flat[a:a + _CHUNK] * A, 1.0), 0.0)
            np.less(rng.random(x.size), p, out=k)
            np.logical_and(k, p >= 1.0, out=s)
            np.logical_and(k, ~s & (x < 0), out=n)
            np.copyto(v, np.where(s, x, 0.0))
        with np.errstate(divide="ignore"):
            inv = np.where(np.isfinite(lam) & (lam > 0), 1.0 / lam, 0.0)
        return {"keep": keep, "sat": sat, "neg": neg, "vals": vals, "inv": inv}

    def _bits(self, rep, d):
        w = rep["keep"].sum(axis=-1)
        t = rep["sat"].sum(axis=-1)
        return (gamma_length(w + 1) + np.asarray(cw_bits(d, w)) + gamma_length(t + 1)
                + np.asarray(cw_bits(w, t)) + 64 * (w > t) + (w - t) + 64 * t)

    def _estimate(self, rep, d, shared, side):
        # sign(g) / lambda where kept, g itself where saturated, 0 elsewhere: one array
        inv = np.asarray(rep["inv"], dtype=np.float64)[..., None]
        out = np.where(rep["keep"], inv, 0.0)
        np.negative(out, out=out, where=rep["neg"])
        np.copyto(out, rep["vals"], where=rep["sat"])
        return out

    def predict(self, x, *, shared=None):
        """Exact: coordinate ``i`` is kept independently with ``p_i = min(lambda |g_i|, 1)``;
        a kept unsaturated one is sent as ``sign(g_i) / lambda`` (the transmitted float64
        ``1 / lambda``), a saturated one (``p_i = 1``, always kept) as ``g_i``.  The number
        ``t`` of saturated coordinates is fixed, so the bit count is a function of the number
        ``w`` of kept ones alone, whose law is ``t`` plus the Poisson-binomial count of the
        unsaturated ones: the bit distribution is exact.

        Examples
        --------
        >>> import numpy as np
        >>> p = Wangni(budget=2).predict(np.array([4.0, 0.0, -1.0, 0.5, 0.0, 2.0]))
        >>> round(p.mse, 4), p.unbiased, round(p.bits, 3)
        (7.0, True, 123.615)
        """
        from .base import validate_vectors
        from .prediction import Prediction, poisson_binomial, two_point

        x = validate_vectors(x, name="x", max_ndim=1)
        d = x.size
        X = x[None, :]
        lam = wangni_lambda(X, wangni_probabilities(X, self.budget, self.max_iter))
        A = np.abs(x)
        with np.errstate(invalid="ignore", over="ignore"):
            p = np.where(A > 0, np.minimum(lam[0] * A, 1.0), 0.0)
        sat = p >= 1.0
        with np.errstate(divide="ignore"):
            inv = float(1.0 / lam[0]) if np.isfinite(lam[0]) and lam[0] > 0 else 0.0
        sent = np.where(sat, x, np.where(x < 0, -inv, inv))
        mean, var = two_point(0.0, sent, p)
        t = int(sat.sum())
        w = t + np.arange(int(np.count_nonzero((p > 0) & ~sat)) + 1)
        pmf = poisson_binomial(p[~sat])
        bits = (gamma_length(w + 1) + np.asarray(cw_bits(d, w)) + gamma_length(t + 1)
                + np.asarray(cw_bits(w, t)) + 64 * (w > t) + (w - t) + 64 * t)
        return Prediction.build(x, mean, var + (mean - x) ** 2, bits=(bits, pmf))

    def _write(self, wr, rep, d):
        idx = np.flatnonzero(rep["keep"])
        sat = rep["sat"][idx]
        inner = np.flatnonzero(sat)
        write_gamma(wr, [idx.size + 1])
        wr.write_uint(rank_positions(idx, d), int(cw_bits(d, idx.size)))
        write_gamma(wr, [inner.size + 1])
        wr.write_uint(rank_positions(inner, idx.size), int(cw_bits(idx.size, inner.size)))
        if inner.size < idx.size:
            write_float(wr, rep["inv"])
            wr.write_bits(rep["neg"][idx[~sat]].astype(np.uint8))
        for v in rep["vals"][idx[sat]].tolist():
            write_float(wr, v)

    def _read(self, r, d, shared, side):
        w = int(read_gamma(r, 1)[0]) - 1
        if not 0 <= w <= d:
            raise DecodeError(f"wangni: {w} kept coordinates out of [0, {d}]")
        nb = int(cw_bits(d, w))
        if nb > r.remaining:
            raise DecodeError(f"wangni: {w} kept coordinates need more bits than the payload holds")
        idx = unrank_positions(r.read_uint(nb), d, w)
        t = int(read_gamma(r, 1)[0]) - 1
        if not 0 <= t <= w:
            raise DecodeError(f"wangni: {t} saturated coordinates out of [0, {w}]")
        nb = int(cw_bits(w, t))
        if nb + 64 * t + (w - t) > r.remaining:
            raise DecodeError(f"wangni: {t} saturated coordinates need more bits than the payload holds")
        inner = unrank_positions(r.read_uint(nb), w, t)
        sat = np.zeros(w, dtype=bool)
        sat[inner] = True
        light = np.zeros(0)
        if t < w:
            inv = read_float(r)
            if not (np.isfinite(inv) and inv > 0):
                raise DecodeError(f"wangni: 1/lambda = {inv} is not a finite positive number")
            light = np.where(r.read_bits(w - t).astype(bool), -inv, inv)
        vals = np.empty(t)
        for j in range(t):
            vals[j] = read_float(r)
            if not np.isfinite(vals[j]):
                raise DecodeError(f"wangni: kept value {vals[j]} is not finite")
        # the payload is sparse (w positions back any d): the estimate is built once, as
        # _estimate computes it, with no dense representation beside it
        out = np.zeros(d)
        out[idx[~sat]] = light
        out[idx[inner]] = vals
        return out


def wangni_lambda(G: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The ``lambda`` of every row with ``p = min(lambda |g|, 1)`` (greedy rounds keep that
    form): ``sum_I p_i / sum_I |g_i|`` over the unsaturated non-zeros ``I``; ``inf`` where
    every non-zero is saturated, 0 for a zero row."""
    buf = np.abs(G)
    top = buf.max(axis=-1)
    light = (p < 1.0) & (buf > 0)
    # the masked sums: x * 1 = x and x * 0 = 0 for the finite, non-negative entries here,
    # so multiplying by the mask gives np.where(light, ., 0) in one reused array
    size = np.multiply(buf, light, out=buf).sum(axis=-1)
    mass = np.multiply(p, light, out=buf).sum(axis=-1)
    del buf, light
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(size > 0, mass / np.where(size > 0, size, 1.0), np.inf)
    return np.where(top > 0, lam, 0.0)
