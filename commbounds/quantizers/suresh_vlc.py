"""Stochastic k-level quantization with variable-length coding (Suresh et al. 2017, ``pi_svk``).

Algorithm
---------
Quantize as :mod:`~commbounds.quantizers.suresh_klevel` (levels ``r_j`` in ``[0, k)`` on
the grid of ``[X_min, X_max]``), then code the level string with an exact static model:

1. ``X_min`` and ``X_max`` as float64 (128 bits);
2. the level histogram ``(n_0, ..., n_{k-1})``, a vector of ``I(k, d)`` (non-negative
   integers summing to ``d``), as huang2019 Lemma 2.2's map to a constant-weight sequence,
   range-coded in exactly ``ceil(log2 C(d + k - 1, k - 1)) + 1`` bits
   (:func:`~commbounds.kernels.cw.write_iv`, payload format 3);
3. the level string, range-coded with the exact adaptive model of a uniformly random
   string with that histogram in exactly ``ceil(log2(d! / prod_j n_j!)) + 1`` bits
   (:mod:`~commbounds.kernels.strings`, payload format 3; one bit more than the
   enumerative rank of :mod:`~commbounds.coding.multinomial`, in linear time).

Suresh et al. send the value frequencies and then arithmetic-code the string with them;
step 3 is that arithmetic code with the exact counts (the model is updated as symbols are
coded, so every string with the histogram costs the same), so its length is a function of
the histogram and the fast path counts it without coding.  Step 2 costs at most
``k log2((d + k) e / k) + 2`` bits, the frequency cost Suresh et al. budget for.

Theoretical guarantee
---------------------
The estimate is exactly that of ``pi_sk`` (unbiased, ``E||Y - X||^2 <= d ||X||^2 /
(2 (k-1)^2)``, Theorem 2 for ``n = 1``); only the coding changes.  Suresh et al.
(Theorem 4) show that with ``k = sqrt(d) + 1`` levels the expected cost is ``O(d)`` bits
for MSE ``O(||X||^2)``: huang2019's ``O(nd)`` bits for MSE ``F2 / n^2``
(``huang2019:suresh2017``, ``huang2019:suresh2017/mse``).

References
----------
A. T. Suresh, F. X. Yu, S. Kumar, H. B. McMahan, *Distributed Mean Estimation with
Limited Communication*, ICML 2017 (arXiv:1611.00429), Section 4 (variable-length coding,
``pi_svk``); huang2019 Section 1.2 and Section 4 use it as the baseline.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("suresh-vlc", k=4)
>>> x = np.array([0.0, 0.0, 0.1, 0.0, 3.0, 0.0, 0.0, 0.2])
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> est = q.decode(msg)
>>> fixed = quantizers.get("suresh-klevel", k=4).encode(x, rng=np.random.default_rng(0))
>>> bool(np.array_equal(est, quantizers.get("suresh-klevel", k=4).decode(fixed))), msg.nbits < fixed.nbits
(True, True)
"""

from __future__ import annotations

import numpy as np

from ..coding import write_float
from ..coding.multinomial import string_bits
from ..errors import DecodeError
from ..kernels.cw import iv_code_bits, read_iv, write_iv
from ..kernels.strings import read_string, string_code_bits, write_string
from ..params import Param
from .registry import register_scheme
from .suresh_klevel import KLevelScheme, read_range

__all__ = ["SureshVLC"]

#: histogram coding walks d + k positions; beyond this many levels it stops being sensible
MAX_K_VLC = 1 << 20
#: largest number of joint level histograms the exact bit distribution enumerates
MAX_HISTOGRAMS = 1 << 16


@register_scheme("suresh-vlc")
class SureshVLC(KLevelScheme):
    """k-level quantization with exact variable-length coding (``2 <= k <= 2^20``)."""

    max_k = MAX_K_VLC
    params = (Param("k", integer=True, domain=f"[2, {MAX_K_VLC}]", typical=16, description="number of levels"),)

    def _bits(self, rep, d):
        hist = int(iv_code_bits(self.k, d))
        levels = rep["levels"]
        if self.k <= d:     # a histogram per row is no larger than the row: count, do not sort
            counts = np.stack([np.bincount(v, minlength=self.k) for v in levels.reshape(-1, d)])
            coded = np.asarray(string_code_bits(counts)).reshape(levels.shape[:-1])
        else:
            flush = levels.min(axis=-1) != levels.max(axis=-1)   # the range coder's extra bit
            coded = np.asarray(string_bits(levels, self.k), dtype=np.int64) + flush
        return 128 + hist + coded

    def _write(self, w, rep, d):
        levels = rep["levels"]
        counts = np.bincount(levels, minlength=self.k)
        write_float(w, rep["lo"])
        write_float(w, rep["hi"])
        write_iv(w, counts)
        write_string(w, levels, counts)

    def _read(self, r, d, shared, side):
        lo, hi = read_range(r, self.name)
        if int(iv_code_bits(self.k, d)) > r.remaining:
            raise DecodeError(f"{self.name}: payload truncated inside the level histogram")
        counts = read_iv(r, self.k, d)
        return {"levels": read_string(r, counts), "lo": lo, "hi": hi}

    def _predict_bits(self, levels, d):
        """Exact.  Each count ``n_r = c_r - A_r + A_(r-1)`` depends on two independent
        Poisson-binomial counts of rounded-up coordinates (``A_r`` of the ``c_r``
        coordinates whose lower grid point is ``r``).  Where the joint law of the
        histograms has at most ``MAX_HISTOGRAMS`` outcomes (always for ``d <= 16``) it is
        enumerated and each histogram costed by the code's own length
        (:func:`~commbounds.kernels.strings.string_code_bits`), giving the exact bit
        distribution; beyond that ``E log2(d!/prod n_r!)`` is an exact finite sum over the
        pairs ``(A_(r-1), A_r)``, the ceiling adds between 0 and 1 bit
        (``bits_slack = 0.5``) and the range coder's extra bit is paid unless every
        coordinate lands on one level."""
        from scipy.special import gammaln

        from .prediction import poisson_binomial

        fl, p = levels
        ups = {int(r): poisson_binomial(p[fl == r]) for r in np.unique(fl)}
        counts = {int(r): int(c) for r, c in zip(*np.unique(fl, return_counts=True), strict=True)}
        head = 128 + int(iv_code_bits(self.k, d))
        joint = _histograms(counts, ups)
        if joint is not None:
            hist, prob = joint
            coded = np.asarray(string_code_bits(hist), dtype=np.float64)
            return {"bits": (head + coded, prob), "method": "enumeration"}
        none = np.ones(1)
        total = 0.0
        for r in sorted(set(counts) | {r + 1 for r in counts}):
            a, b = ups.get(r, none), ups.get(r - 1, none)    # A_r (leave r), A_(r-1) (arrive)
            n = counts.get(r, 0) - np.arange(a.size)[:, None] + np.arange(b.size)[None, :]
            total += float(np.sum(a[:, None] * b[None, :] * gammaln(n + 1.0)))
        expected = (float(gammaln(d + 1.0)) - total) / np.log(2)
        flush = 1.0 - _one_level_probability(fl, p)     # the range coder's extra bit
        return {"bits": head + expected + 0.5 + flush, "bits_slack": 0.5,
                "method": "enumeration",
                "note": "bits: exact expectation of the multinomial code before its ceiling (within 0.5 bit)"}


def _one_level_probability(fl: np.ndarray, p: np.ndarray) -> float:
    """Probability that every coordinate lands on the same level (coordinate ``j`` moves
    from ``fl_j`` to ``fl_j + 1`` with probability ``p_j``, independently)."""
    total = 0.0
    for r in {int(fl[0]), int(fl[0]) + 1}:
        stay = np.where(fl == r, 1.0 - p, 0.0) + np.where(fl + 1 == r, p, 0.0)
        total += float(np.prod(stay))
    return total


def _histograms(counts: dict, ups: dict):
    """Every level histogram with its probability, or None beyond ``MAX_HISTOGRAMS``
    outcomes: the counts ``n_r = c_r - A_r + A_(r-1)`` over the levels ``r`` that can be
    occupied, enumerated level by level over the independent ``A_r`` (pmfs in ``ups``)."""
    levels = sorted(set(counts) | {r + 1 for r in counts})
    prev_a = np.zeros(1, dtype=np.int64)
    hist = np.zeros((1, 0), dtype=np.int64)
    prob = np.ones(1)
    prev = None
    for r in levels:
        pmf = ups.get(r, np.ones(1))
        a = np.flatnonzero(pmf > 0)
        if prob.size * a.size > MAX_HISTOGRAMS:
            return None
        arrive = prev_a if prev == r - 1 else np.zeros_like(prev_a)
        n = counts.get(r, 0) - a[None, :] + arrive[:, None]
        hist = np.concatenate([np.repeat(hist, a.size, axis=0), n.reshape(-1, 1)], axis=1)
        prob = (prob[:, None] * pmf[a][None, :]).reshape(-1)
        prev_a = np.tile(a, prev_a.size)
        prev = r
    return hist, prob
