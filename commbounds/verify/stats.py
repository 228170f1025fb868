"""Confidence intervals and the verdict rules the suite applies.

Every verdict is one of ``pass``, ``fail``, ``inconclusive`` and comes with the rule
that produced it (stored in the result record):

* one-sided ``measured <= reference`` (an upper bound): *pass* when the whole interval
  lies at or below the reference, *fail* when the whole interval lies above it,
  *inconclusive* when the interval straddles it;
* one-sided ``measured >= reference`` (a lower bound): the mirror image;
* equality with a tolerance (tight results, PEPit's policy): *pass* when the interval
  lies inside ``reference * (1 ± rtol)`` (plus ``atol``), *fail* when it is disjoint from
  it, *inconclusive* otherwise;
* unbiasedness: *pass* when every coordinate's Bonferroni-corrected interval contains
  the truth, *fail* otherwise.

Intervals are two-sided at ``CONFIDENCE`` (normal/CLT for means, Clopper–Pearson for
proportions, Student t for regression slopes).

>>> import numpy as np
>>> m, (lo, hi) = mean_interval(np.arange(100.0))
>>> round(m, 1), round(lo, 2), round(hi, 2)
(49.5, 39.95, 59.05)
>>> verdict_le((lo, hi), 70.0), verdict_le((lo, hi), 50.0), verdict_le((lo, hi), 30.0)
('pass', 'inconclusive', 'fail')
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

__all__ = ["CONFIDENCE", "TIGHT_CONFIDENCE", "z_value", "mean_interval", "proportion_interval", "slope_interval",
           "verdict_le", "verdict_ge", "verdict_close", "bias_verdict", "bias_verdict_moments", "RULES"]

#: two-sided confidence of every interval the suite reports
CONFIDENCE = 0.999
#: confidence of the tight comparisons (a sample against an exact prediction, and every
#: unbiasedness check): a profile runs hundreds of them, and at this level a correct scheme
#: fails one of a thousand such checks with probability about 1 %
TIGHT_CONFIDENCE = 1 - 1e-5

RULES = {
    "le": f"pass if the {CONFIDENCE:.1%} interval lies below the reference, fail if above, else inconclusive",
    "ge": f"pass if the {CONFIDENCE:.1%} interval lies above the reference, fail if below, else inconclusive",
    "close": f"pass if the {CONFIDENCE:.1%} interval lies within the tolerance band, fail if disjoint",
    "bias": f"pass if every coordinate's Bonferroni-corrected {TIGHT_CONFIDENCE:.3%} interval contains the truth",
    "exact": "pass if measured equals the reference exactly",
    "all": "pass if every property holds on every sample",
}


def z_value(confidence: float = CONFIDENCE) -> float:
    return float(stats.norm.ppf(0.5 + confidence / 2))


def mean_interval(samples, confidence: float = CONFIDENCE) -> tuple[float, tuple[float, float]]:
    """Sample mean and its normal-approximation interval."""
    x = np.asarray(samples, dtype=float).ravel()
    m = float(x.mean())
    if x.size < 2:
        return m, (m, m)
    h = z_value(confidence) * float(x.std(ddof=1)) / math.sqrt(x.size)
    return m, (m - h, m + h)


def proportion_interval(successes: int, trials: int, confidence: float = CONFIDENCE):
    """Clopper–Pearson exact interval for a binomial proportion."""
    a = 1 - confidence
    lo = 0.0 if successes == 0 else float(stats.beta.ppf(a / 2, successes, trials - successes + 1))
    hi = 1.0 if successes == trials else float(stats.beta.ppf(1 - a / 2, successes + 1, trials - successes))
    return successes / trials, (lo, hi)


def slope_interval(x, y, confidence: float = CONFIDENCE) -> tuple[float, tuple[float, float]]:
    """Least-squares slope of ``y`` on ``x`` with its Student-t interval."""
    res = stats.linregress(np.asarray(x, float), np.asarray(y, float))
    dof = len(x) - 2
    h = float(stats.t.ppf(0.5 + confidence / 2, dof)) * res.stderr if dof > 0 else math.inf
    return float(res.slope), (float(res.slope) - h, float(res.slope) + h)


def verdict_le(ci, reference: float) -> str:
    lo, hi = ci
    if hi <= reference:
        return "pass"
    if lo > reference:
        return "fail"
    return "inconclusive"


def verdict_ge(ci, reference: float) -> str:
    lo, hi = ci
    if lo >= reference:
        return "pass"
    if hi < reference:
        return "fail"
    return "inconclusive"


def verdict_close(ci, reference: float, rtol: float, atol: float = 0.0) -> str:
    lo, hi = ci
    band = (reference - abs(reference) * rtol - atol, reference + abs(reference) * rtol + atol)
    if band[0] <= lo and hi <= band[1]:
        return "pass"
    if hi < band[0] or lo > band[1]:
        return "fail"
    return "inconclusive"


def bias_verdict(samples, truth, confidence: float = TIGHT_CONFIDENCE):
    """Per-coordinate unbiasedness over axis 0 with a Bonferroni correction.

    Returns ``(max |z|, threshold, verdict)``.  Standard errors get a floating-point floor
    of ``1e-12 (1 + |truth|)``.  Coordinates whose samples never varied carry no evidence
    about bias at this sample size (a rare outcome may simply not have occurred yet, e.g. a
    rounding-up probability of 1e-4 in 2000 trials) and are left out of the test (their
    ``z`` is 0); those whose error is within the floor still count in the Bonferroni
    correction's number of tested coordinates.
    """
    x = np.asarray(samples, dtype=float)
    return bias_verdict_moments(x.shape[0], x.mean(axis=0), x.std(axis=0, ddof=1), truth, confidence)


def bias_verdict_moments(t: int, m, sd, truth, confidence: float = TIGHT_CONFIDENCE):
    """:func:`bias_verdict` from the samples' count ``t``, per-coordinate means ``m`` and
    standard deviations ``sd`` (``ddof=1``), for samples accumulated in batches.

    Examples
    --------
    >>> bias_verdict_moments(100, np.array([0.01]), np.array([1.0]), np.array([0.0]))[2]
    'pass'
    """
    err = np.abs(m - truth)
    floor = 1e-12 * (1 + np.abs(truth))
    se = np.maximum(sd / math.sqrt(t), floor)
    varied = sd > floor
    tested = varied | (err <= floor)
    k = max(1, int(tested.sum()))
    thr = z_value(1 - (1 - confidence) / k)
    z = np.where(varied, err / se, 0.0)
    zmax = float(np.max(z)) if z.size else 0.0
    return zmax, thr, "pass" if zmax <= thr else "fail"
