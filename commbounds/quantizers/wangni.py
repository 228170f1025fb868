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

Payload: the number ``w`` of kept coordinates (Elias gamma of ``w + 1``), the support as a
constant-weight sequence (rank in ``ceil(log2 C(d, w))`` bits) and each kept value
``g_i / p_i`` as float64 (``64 w`` bits).

Theoretical guarantee
---------------------
Unbiased; ``E||g_hat - g||^2 = sum_i g_i^2 (1/p_i - 1)`` exactly; ``E[w] = sum_i p_i``
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
>>> bool(est[0] == 4.0), int(np.count_nonzero(est)) * 64 < msg.nbits
(True, True)
"""

from __future__ import annotations

import numpy as np

from ..coding import (
    cw_bits,
    gamma_length,
    rank_positions,
    read_gamma,
    unrank_positions,
    write_gamma,
)
from ..errors import DecodeError
from ..params import Param
from ._params import MAX_COUNT
from .base import Scheme
from .registry import register_scheme
from .suresh_klevel import read_float64, write_float64

__all__ = ["Wangni", "wangni_probabilities"]


def wangni_probabilities(G: np.ndarray, budget: float, max_iter: int | None = None) -> np.ndarray:
    """Algorithm 3 (greedy) of Wangni et al. on every row of ``G``; ``budget = kappa d``."""
    G = np.asarray(G, dtype=np.float64)
    d = G.shape[-1]
    A = np.abs(G)
    l1 = A.sum(axis=-1, keepdims=True)
    if budget >= d:
        return np.where(A > 0, 1.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(l1 > 0, np.minimum(budget * A / np.where(l1 > 0, l1, 1.0), 1.0), 0.0)
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
        p = np.where(go[..., None], np.minimum(c[..., None] * p, 1.0), p)
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
        p = wangni_probabilities(X, self.budget, self.max_iter)
        keep = rng.random(X.shape) < p
        with np.errstate(divide="ignore", invalid="ignore"):
            vals = np.where(keep, X / np.where(keep, p, 1.0), 0.0)
        return {"keep": keep, "vals": vals}

    def _bits(self, rep, d):
        w = rep["keep"].sum(axis=-1)
        return gamma_length(w + 1) + np.asarray(cw_bits(d, w)) + 64 * w

    def _estimate(self, rep, d, shared, side):
        return np.where(rep["keep"], rep["vals"], 0.0)

    def _write(self, wr, rep, d):
        idx = np.flatnonzero(rep["keep"])
        write_gamma(wr, [idx.size + 1])
        wr.write_uint(rank_positions(idx, d), int(cw_bits(d, idx.size)))
        for v in rep["vals"][idx].tolist():
            write_float64(wr, v)

    def _read(self, r, d, shared, side):
        w = int(read_gamma(r, 1)[0]) - 1
        if not 0 <= w <= d:
            raise DecodeError(f"wangni: {w} kept coordinates out of [0, {d}]")
        nb = int(cw_bits(d, w))
        if nb + 64 * w > r.remaining:
            raise DecodeError(f"wangni: {w} kept coordinates need more bits than the payload holds")
        idx = unrank_positions(r.read_uint(nb), d, w)
        keep = np.zeros(d, dtype=bool)
        keep[idx] = True
        vals = np.zeros(d)
        for i in idx.tolist():
            v = read_float64(r)
            if not np.isfinite(v):
                raise DecodeError(f"wangni: kept value {v} is not finite")
            vals[i] = v
        return {"keep": keep, "vals": vals}
