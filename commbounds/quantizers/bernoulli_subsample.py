"""The Section V scheme of barnes2020 for the sparse Bernoulli model, with variants (i)-(iii).

Algorithm
---------
Node ``i`` holds ``X_i in {0, 1}^d`` and has a budget of ``k`` bits.

1. The count ``||X_i||_1`` in ``L = ceil(log2(d + 1))`` bits (the paper's "log d bits";
   the count ranges over ``0..d``).
2. If ``||X_i||_1 > k'``, keep a uniformly random ``k'`` of its ones (``X~_i``); otherwise
   ``X~_i = X_i``.
3. The codebook of step (ii): the ``w = min(||X_i||_1, k')`` kept positions, ranked among
   the ``C(d, w)`` subsets (the decoder knows ``w`` from the count) in exactly
   ``ceil(log2 C(d, w))`` bits.

``k'`` is the largest subsample size whose worst case fits the budget:
``L + max_{w <= k'} ceil(log2 C(d, w)) (+ k' sign bits) <= k``.  It is at least the
paper's ``(k - log d)/log d``, because the enumerative code spends at most ``log d`` bits
per one.  ``kprime=`` fixes it explicitly (checked against the budget).

The estimate of node ``i`` is ``X~_i / S_i`` with ``S_i = k'/||X_i||_1`` when
``||X_i||_1 > k'`` and ``1`` otherwise; the centre averages: ``theta_hat = (1/n) sum_i
X~_i / S_i`` (average the rows of :meth:`quantize`'s estimate).

Variants (Section II-C): (i) ``signed=True``: entries in ``{-1, 0, 1}``, one sign bit per
kept one; (ii) ``M``: entries scaled by a public ``M > 0`` (estimating ``M theta``);
(iii) ``perturbed=True``: inputs ``Y = X + Z`` with ``|Z_j| <= M/2`` are first mapped to
``1{|Y_j| > M/2}`` (with the sign of ``Y_j`` when signed), as the paper prescribes.
Without ``perturbed`` an entry outside ``{0, M}`` (``{-M, 0, M}`` when signed) is rejected.

Theoretical guarantee
---------------------
Unbiased (proof of Theorem 1).  Risk (eq. (4)): ``E||theta_hat - theta||^2 <=
(1/n^2) sum_i (E||X_i||_1^2 / k' + k')``, at most ``((s + s^2)/k' + k')/n`` under
``sum_j theta_j <= s``, and ``C s^2 log d/(nk)`` with ``C = 4`` under Theorem 1's
conditions (``barnes2020:thm1/scheme``, ``barnes2020:thm1/explicit``).  Bits per node:
``L + ceil(log2 C(d, w)) (+ w) <= k``.

References
----------
Barnes, Inan, Isik, Özgür, IEEE JSAIT 2020, Section II-C (variants), Theorem 1 and its
proof (Section V).  Step (ii) is garbled in the text ("k' >= k log d / log d"); the proof
uses ``k' >= (k - log d)/log d``, which the budget rule above satisfies.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("bernoulli-subsample", k=20)
>>> x = np.zeros(64); x[[1, 5, 9, 12, 30, 33, 40, 41, 50, 63]] = 1
>>> q.kprime(64)          # 7 bits of count + ceil(log2 C(64, 2)) = 11 bits <= 20
2
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> est = q.decode(msg)   # 2 of the 10 ones, each scaled by 1/S = 10/2
>>> int(np.count_nonzero(est)), float(est.max()), msg.nbits
(2, 5.0, 18)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..coding import BitReader, BitWriter, cw_bits, rank_positions, unrank_positions
from ..coding.constant_weight import log2_binom
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from ._params import MAX_COUNT, MAX_SCALE, boolean, int_in_range, positive_float
from .base import Scheme
from .registry import register_scheme

__all__ = ["BernoulliSubsample"]


@lru_cache(maxsize=256)
def _largest_kprime(d: int, k: int, signed: bool) -> int:
    L = int(d).bit_length()  # ceil(log2(d + 1))
    # w <= d/2 costs log2 C(d, w) >= w bits, so no w beyond 2k + 2 fits a k-bit budget:
    # the search is O(k), not O(d) (a receiver's d alone costs nothing)
    w = np.arange(min(d, 2 * k + 2) + 1)
    cost = L + np.maximum.accumulate(np.asarray(cw_bits(d, w)) + (w if signed else 0))
    ok = np.flatnonzero(cost <= k)
    return int(ok[-1]) if ok.size else 0


@register_scheme("bernoulli-subsample")
class BernoulliSubsample(Scheme):
    """Section V encoder and unbiased estimator (``k``: bits per node)."""
    problems = ("sparse-bernoulli", "dme")

    unbiased = True
    bounds = ("barnes2020:thm1", "barnes2020:thm1/scheme", "barnes2020:thm1/explicit",
              "barnes2020:thm2")
    params = (
        Param("k", integer=True, domain=f"[1, {MAX_COUNT}]", typical=64, description="expected kept coordinates"),
        Param("kprime", integer=True, domain=f"[1, {MAX_COUNT}]", default=None, description="the k' of the bound"),
        Param("signed", kind="boolean", default=False),
        Param("M", domain=f"(0, {MAX_SCALE:g}]", default=1.0, description="bound on the entries"),
        Param("perturbed", kind="boolean", default=False),
    )

    def __init__(self, k, kprime=None, signed: bool = False, M: float = 1.0,
                 perturbed: bool = False) -> None:
        k = int_in_range(k, "k", "bernoulli-subsample")
        if kprime is not None:
            kprime = int_in_range(kprime, "kprime", "bernoulli-subsample")
        M = positive_float(M, "M", "bernoulli-subsample")
        signed = boolean(signed, "signed", "bernoulli-subsample")
        perturbed = boolean(perturbed, "perturbed", "bernoulli-subsample")
        super().__init__(k=k, kprime=kprime, signed=signed, M=M, perturbed=perturbed)
        self.k, self._kprime, self.signed, self.M = k, kprime, signed, M
        self.perturbed = perturbed

    @classmethod
    def sample_input(cls, rng, d, params):
        return (rng.random(d) < 0.3).astype(float)

    def kprime(self, d: int) -> int:
        """The subsample size ``k'`` used at dimension ``d`` (fits the ``k``-bit budget)."""
        best = _largest_kprime(int(d), self.k, self.signed)
        if self._kprime is None:
            if best < 1:
                L = int(d).bit_length()
                raise InvalidInputError(
                    f"bernoulli-subsample: the budget k={self.k} cannot send one position at d={d}; "
                    f"need k >= ceil(log2(d+1)) + ceil(log2 d){' + 1' if self.signed else ''} "
                    f"= {L + int(cw_bits(d, 1)) + self.signed}")
            return best
        if self._kprime > best:
            raise InvalidInputError(
                f"bernoulli-subsample: kprime={self._kprime} does not fit the budget k={self.k} at "
                f"d={d} (the largest that fits is {best})")
        return self._kprime

    def _ones(self, X):
        M = self.M
        if self.perturbed:
            ones = np.abs(X) > M / 2
        else:
            ones = X != 0
            allowed = (np.abs(X) == M) if self.signed else (X == M)
            if np.any(ones & ~allowed):
                want = "{-M, 0, M}" if self.signed else "{0, M}"
                raise InvalidInputError(
                    f"bernoulli-subsample: entries must lie in {want} with M={M:g} (or pass "
                    "perturbed=True for the continuous-perturbation variant)")
        if not self.signed and np.any(ones & (X < 0)):
            raise InvalidInputError("bernoulli-subsample: negative entries need signed=True")
        return ones

    # ------------------------------------------------------------ contract
    def _draw(self, X, rng, shared):
        d = X.shape[-1]
        kp = self.kprime(d)
        ones = self._ones(X)
        cnt = ones.sum(axis=-1)
        keys = rng.random(X.shape)
        keys[~ones] = np.inf                   # in place: the keys are the one whole-size temporary
        if kp < d:
            thr = np.partition(keys, kp - 1, axis=-1)[:, kp - 1:kp]
            kept = ones & (keys <= thr)
        else:
            kept = ones
        return {"cnt": cnt.astype(np.int64), "kept": kept, "neg": kept & (X < 0)}

    def _bits(self, rep, d):
        w = rep["kept"].sum(axis=-1)
        return int(d).bit_length() + np.asarray(cw_bits(d, w)) + (w if self.signed else 0)

    def _estimate(self, rep, d, shared, side):
        kept, cnt = rep["kept"], rep["cnt"]
        w = kept.sum(axis=-1)
        scale = np.where(w > 0, cnt / np.maximum(w, 1), 0.0)[:, None]  # 1/S_i
        # M * kept * sign * scale, formed in one array: (+-M) * scale = +-(M * scale) exactly
        out = kept * (self.M * scale)
        np.negative(out, out=out, where=rep["neg"])
        return out

    def _write(self, wr: BitWriter, rep, d):
        wr.write_uint(int(rep["cnt"]), int(d).bit_length())
        pos = np.flatnonzero(rep["kept"])
        wr.write_uint(rank_positions(pos, d), int(cw_bits(d, pos.size)))
        if self.signed:
            wr.write_bits(rep["neg"][pos].astype(np.uint8))

    def _read(self, r: BitReader, d, shared, side):
        cnt = r.read_uint(int(d).bit_length())
        if cnt > d:
            raise DecodeError(f"bernoulli-subsample: count {cnt} exceeds d={d}")
        w = min(cnt, self.kprime(d))
        # the declared positions must fit in the payload before the exact binomial is formed
        if log2_binom(d, w) > r.remaining + 1:
            raise DecodeError(f"bernoulli-subsample: {w} kept positions of d={d} need more bits than "
                              f"the payload's {r.remaining}")
        pos = unrank_positions(r.read_uint(int(cw_bits(d, w))), d, w)
        neg = r.read_bits(w).astype(bool) if self.signed else np.zeros(w, dtype=bool)
        # the payload is sparse (a few positions back any d): the estimate is built once,
        # as _estimate computes it, with no dense representation beside it
        out = np.zeros(d)
        if w:
            out[pos] = self.M * np.where(neg, -1.0, 1.0) * (cnt / w)
        return out

    def predict(self, x, *, shared=None):
        """Exact: with ``c`` ones and ``k' < c``, each one is kept with probability
        ``k'/c`` and sent as ``M c/k'`` (variance ``M^2 (c/k' - 1)`` per one), otherwise the
        input is sent exactly; the bits ``L + ceil(log2 C(d, min(c, k')))`` are fixed.
        Relative to ``x`` the bias is that of the mapping to ones (zero unless
        ``perturbed``).

        Examples
        --------
        >>> import numpy as np
        >>> p = BernoulliSubsample(k=12, kprime=1).predict(np.array([1.0, 1.0, 0.0, 0.0]))
        >>> p.mse, p.unbiased, p.bits        # each one: 2 w.p. 1/2, else 0
        (2.0, True, 5.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction, two_point

        x = validate_vectors(x, name="x", max_ndim=1)
        d = x.size
        kp = self.kprime(d)
        ones = self._ones(x[None, :])[0]
        c = int(ones.sum())
        target = self.M * np.where(x < 0, -1.0, 1.0) * ones
        keep = min(1.0, kp / c) if c else 0.0
        mean, var = two_point(0.0, target * (c / min(c, kp) if c else 0.0), np.where(ones, keep, 0.0))
        w = min(c, kp)
        bits = int(d).bit_length() + int(cw_bits(d, w)) + (w if self.signed else 0)
        return Prediction.build(x, mean, var + (mean - x) ** 2, bits=bits)
