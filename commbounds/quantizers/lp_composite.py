"""The p in [1, 2) quantizer of mayekar2020 Section 5: CUQ on small, RATQ on large entries.

Algorithm
---------
Input ``Y`` with ``||Y||_q <= B`` (``q = p/(p-1)``; ``q = oo`` at ``p = 1``).  With
``Delta_2 = ceil(log(1 + ln*(d/3)))`` and
``Delta_1 = ceil(log(2 + sqrt(18 + 6 ln Delta_2) d^{1/2-1/q}))`` (Theorem 3.1):

1. split at ``c = B Delta_1^{1/q}/d^{1/q}`` (eq. (6)): ``Y_1`` keeps ``|Y(i)| <= c``,
   ``Y_2`` the rest, which has at most ``d/Delta_1`` non-zero entries;
2. ``Y_1``: CUQ with ``M = c`` and ``log(k + 1) = ceil(log(2 sqrt2 Delta_1^{1/q} + 2))``
   (eq. (7)), ``d`` symbols;
3. the support of ``Y_2``: a ``d``-bit indicator vector;
4. ``Y_2'`` (``Y_2`` restricted to its support): RATQ with ``B' = B d^{1/2-1/q}``,
   ``d' = d/Delta_1``, ``m = 3B'^2/d'``, ``m0 = (2B'^2/d') ln s``,
   ``log h = ceil(log(1 + ln*(d'/3)))``, ``s = log h``, ``log(k + 1) = Delta_1`` (eq. (8));
   RATQ rotates ``Y_2'`` in dimension ``2^ceil(log2 |supp Y_2|)``.

The decoder returns ``Q_u(Y_1) + Q_at,R(Y_2')`` placed on the support.  ``d >= 4`` is
required (for ``d <= 3``, ``Delta_2 = 0`` and ``ln Delta_2`` is undefined).  Inputs with
``||Y||_q > B`` are rejected.

Theoretical guarantee
---------------------
Lemmas 5.1 and 5.2: unbiased (RATQ parameters permitting, see :meth:`LpComposite.covers`),
``E||Q(Y_1)||_q^2 <= 3B^2``, ``E||Q(Y_2')||_q^2 <= 3B^2``, hence ``alpha_0(Q; p) <= sqrt(12) B``;
bits ``d(ceil(log(2 sqrt2 Delta_1^{1/q} + 2)) + 3) + Delta_2`` (Theorem 3.1, upper bound for
p < 2) when RATQ's working dimension stays within ``d'``.  The power-of-two padding of the
rotation can exceed ``d'`` (up to ``2 d'``); the payload then holds the extra RATQ symbols
and its length is what the fast path reports.

References
----------
Mayekar, Tyagi (ISIT 2020), Section 5, eqs. (6)-(8), Lemmas 5.1-5.2, Theorem 3.1 and its
footnote 4; RATQ as in :mod:`commbounds.quantizers.ratq`.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("lp-composite", p=1.5, B=1.0)
>>> x = np.zeros(64); x[:3] = [0.8, -0.4, 0.3]; x[3:] = 0.01
>>> par = q.parameters(64)
>>> par["Delta1"], par["Delta2"], round(par["c"], 3), par["cuq_k"], par["ratq_k"]
(4, 2, 0.397, 7, 15)
>>> msg = q.encode(x, rng=np.random.default_rng(0), shared=1)
>>> est = q.decode(msg, shared=1)
>>> est.shape, msg.nbits                # 64 x 3 (CUQ) + 64 (support) + RATQ on 2 -> 2 entries
((64,), 266)
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import DecodeError, InvalidInputError
from ..kernels import smallest_uint
from ..params import Param
from ._params import MAX_SCALE, positive_float
from .base import Scheme
from .cuq import cuq_indices, cuq_values, level_bits
from .hadamard import next_pow2
from .ratq import ln_star, ranges, ratq_bits, ratq_decode, ratq_encode, shared_signs
from .registry import register_scheme
from .simq import RTOL
from .simq_plus import check_p, dual_norm

__all__ = ["LpComposite"]


@register_scheme("lp-composite")
class LpComposite(Scheme):
    """Section 5 composite (``p in [1, 2)``, ``B``: bound on ``||Y||_q``)."""
    problems = ("dme", "mean-estimation", "variance-reduction", "lp-sgd")
    randomness = "public"

    unbiased = True
    bounds = ("mayekar2020:thm3.1/upper-p-lt-2", "mayekar2020:lem5.1/bits",
              "mayekar2020:lem5.1/second-moment", "mayekar2020:lem5.2/bits",
              "mayekar2020:lem5.2/second-moment")
    params = (
        Param("p", domain="[1, 2)", typical=1.5, description="the l_p norm of the inputs"),
        Param("B", domain=f"(0, {MAX_SCALE:g}]", typical=1.0, description="bound on ||x||_p"),
    )

    def __init__(self, p: float, B: float) -> None:
        p = check_p(p, "lp-composite", 1.0, 2.0, hi_open=True)
        B = positive_float(B, "B", "lp-composite")
        super().__init__(p=p, B=B)
        self.p, self.B = p, B
        self.inv_q = 1.0 - 1.0 / p

    @classmethod
    def sample_input(cls, rng, d, params):
        x = rng.standard_normal(d) * np.where(rng.random(d) < 0.1, 20.0, 1.0)
        return x * (0.9 * float(params["B"]) / dual_norm(x, float(params["p"])))

    def parameters(self, d: int) -> dict:
        """``Delta1``, ``Delta2``, ``c``, CUQ's ``k`` and RATQ's parameters at dimension ``d``."""
        if d < 4:
            raise InvalidInputError(f"lp-composite needs d >= 4 (Delta_2 = 0 and ln Delta_2 is "
                                    f"undefined for d <= 3), got d={d}")
        iq, B = self.inv_q, self.B
        delta2 = ln_star(d / 3).bit_length()
        delta1 = math.ceil(math.log2(2 + math.sqrt(18 + 6 * math.log(delta2)) * d ** (0.5 - iq)))
        b1 = math.ceil(math.log2(2 * math.sqrt(2) * delta1**iq + 2))
        Bp, dp = B * d ** (0.5 - iq), d / delta1
        logh = ln_star(dp / 3).bit_length()
        s = max(1, logh)
        return {"Delta1": delta1, "Delta2": delta2, "c": B * delta1**iq / d**iq,
                "cuq_k": (1 << b1) - 1, "ratq_k": (1 << delta1) - 1, "B_prime": Bp, "d_prime": dp,
                "m": 3 * Bp**2 / dp, "m0": 2 * Bp**2 / dp * math.log(s), "h": 1 << logh, "s": s}

    def covers(self, d: int) -> bool:
        """Whether RATQ's largest range reaches ``B'`` (then the composite is unbiased)."""
        P = self.parameters(d)
        Mr = ranges(P["m"], P["m0"], P["h"])
        return bool(Mr[np.isfinite(Mr)].max() >= P["B_prime"])

    # ------------------------------------------------------------ contract
    def _draw(self, X, rng, shared):
        nq = dual_norm(X, self.p)
        if np.any(nq > self.B * (1 + RTOL)):
            raise InvalidInputError(f"lp-composite: inputs must satisfy ||Y||_q <= B = {self.B:g} "
                                    f"(q = p/(p-1), p = {self.p:g}), got {nq.max():.6g}")
        rows, d = X.shape
        P = self.parameters(d)
        large = np.abs(X) > P["c"]
        cuq = cuq_indices(np.where(large, 0.0, X), P["c"], P["cuq_k"], rng)
        nnz = large.sum(axis=-1)
        Mr = ranges(P["m"], P["m0"], P["h"])
        dims = np.where(nnz > 0, [next_pow2(max(int(v), 1)) for v in nnz], 0)
        D_max = int(dims.max(initial=0))
        # unused tails stay 0: the payload and the estimate read row i's first D_i entries only
        j = np.zeros((rows, -(-D_max // P["s"]) if D_max else 0), dtype=smallest_uint(P["h"]))
        idx = np.zeros((rows, D_max), dtype=smallest_uint(P["ratq_k"]))
        for D in np.unique(dims[dims > 0]):
            sel = np.flatnonzero(dims == D)
            # D <= 2 d/Delta_1 <= d since Delta_1 >= 3; the support first, in index order
            vals = np.zeros((sel.size, int(D)))
            for a, i in enumerate(sel):
                vals[a, :nnz[i]] = X[i, large[i]]
            jj, ii = ratq_encode(vals, Mr, P["s"], P["ratq_k"], shared_signs(shared, int(D)), rng)
            j[sel, :jj.shape[1]], idx[sel, :D] = jj, ii
        return {"cuq": cuq, "large": large, "j": j, "idx": idx}

    def _bits(self, rep, d):
        P = self.parameters(d)
        nnz = rep["large"].sum(axis=-1)
        ratq = [ratq_bits(next_pow2(int(v)), P["s"], P["h"], P["ratq_k"]) if v else 0 for v in nnz]
        return d * level_bits(P["cuq_k"]) + d + np.asarray(ratq, dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        P = self.parameters(d)
        out = cuq_values(rep["cuq"], P["c"], P["cuq_k"])
        large, Mr = rep["large"], ranges(P["m"], P["m0"], P["h"])
        nnz = large.sum(axis=-1)
        dims = np.array([next_pow2(int(v)) if v else 0 for v in nnz], dtype=np.int64)
        for D in np.unique(dims[dims > 0]):
            sel = np.flatnonzero(dims == D)
            nb = -(-int(D) // P["s"])
            y2 = ratq_decode(rep["j"][sel, :nb], rep["idx"][sel, :D], Mr, P["s"], P["ratq_k"],
                             shared_signs(shared, int(D)), int(D))
            for a, i in enumerate(sel):
                out[i, large[i]] += y2[a, :nnz[i]]
        return out

    def _write(self, w, rep, d):
        P = self.parameters(d)
        w.write_uints(rep["cuq"], level_bits(P["cuq_k"]))
        w.write_bits(rep["large"].astype(np.uint8))
        n = int(rep["large"].sum())
        if n:
            D = next_pow2(n)
            w.write_uints(rep["j"][:-(-D // P["s"])], (P["h"] - 1).bit_length())
            w.write_uints(rep["idx"][:D], level_bits(P["ratq_k"]))

    def _read(self, r, d, shared, side):
        P = self.parameters(d)
        kc, kr, h, s = P["cuq_k"], P["ratq_k"], P["h"], P["s"]
        cuq = r.read_uints(d, level_bits(kc))
        if np.any(cuq >= kc):  # Y_1 never overflows: the overflow symbol is invalid here
            raise DecodeError("lp-composite: a CUQ level index outside the k levels")
        large = r.read_bits(d).astype(bool)
        n = int(large.sum())
        if n > d / P["Delta1"] + 1e-9:
            raise DecodeError(f"lp-composite: support of {n} entries exceeds d/Delta_1")
        j = np.zeros(0, dtype=np.int64)
        idx = np.zeros(0, dtype=np.int64)
        if n:
            D = next_pow2(n)
            if ratq_bits(D, s, h, kr) > r.remaining:
                raise DecodeError("lp-composite: payload shorter than the RATQ part")
            j = r.read_uints(-(-D // s), (h - 1).bit_length())
            Mr = ranges(P["m"], P["m0"], h)
            if np.any(j >= h) or not np.all(np.isfinite(Mr[np.minimum(j, h - 1)])):
                raise DecodeError("lp-composite: a RATQ range index outside the usable ranges")
            idx = r.read_uints(D, level_bits(kr))
            if np.any(idx > kr):
                raise DecodeError("lp-composite: a RATQ level index exceeds its symbols")
        return {"cuq": cuq, "large": large, "j": j, "idx": idx}

    def predict(self, x, *, shared=None):
        """Exact, conditional on RATQ's rotation: the split at ``c`` is deterministic, CUQ on
        ``Y_1`` and RATQ on ``Y_2'`` round independently, so their moments add; the bits are
        fixed by the support size.

        Examples
        --------
        >>> import numpy as np
        >>> q = LpComposite(p=1.5, B=1.0)
        >>> x = np.zeros(64); x[:3] = [0.8, -0.4, 0.3]; x[3:] = 0.01
        >>> p = q.predict(x, shared=1)
        >>> p.bits, bool(p.mse > 0)
        (266.0, True)
        """
        from .base import validate_vectors
        from .prediction import Prediction, cuq_moments
        from .ratq import ratq_moments

        x = validate_vectors(x, name="x", max_ndim=1)
        if dual_norm(x[None, :], self.p)[0] > self.B * (1 + RTOL):
            raise InvalidInputError(f"lp-composite: inputs must satisfy ||Y||_q <= B = {self.B:g}")
        d = x.size
        P = self.parameters(d)
        large = np.abs(x) > P["c"]
        mean, var = cuq_moments(np.where(large, 0.0, x), P["c"], P["cuq_k"])
        mse = var + (mean - np.where(large, 0.0, x)) ** 2
        n = int(large.sum())
        if n:
            D = next_pow2(n)
            vals = np.zeros(D)
            vals[:n] = x[large]
            m2, e2 = ratq_moments(vals, ranges(P["m"], P["m0"], P["h"]), P["s"], P["ratq_k"],
                                  shared_signs(shared, D))
            # independent parts: variances add, and the means add on the support
            var2 = e2 - (m2 - vals) ** 2
            mean[large] = mean[large] + m2[:n]
            mse[large] = var[large] + var2[:n] + (mean[large] - x[large]) ** 2
        bits = d * level_bits(P["cuq_k"]) + d + (ratq_bits(next_pow2(n), P["s"], P["h"], P["ratq_k"]) if n else 0)
        return Prediction.build(x, mean, mse, bits=bits)
