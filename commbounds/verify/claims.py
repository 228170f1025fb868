"""Claims as functions from measurements to an :class:`~commbounds.verify.engine.Outcome`.

One-sided bounds are compared one-sidedly and tight results with a tolerance (PEPit's
policy); the rule used is written into the outcome, and so is the claim's *sensitivity*:
the smallest violation (in the units of ``measured``) the rule detects with probability
:data:`POWER` at this sample size -- for an upper bound, how far above the reference the
true mean must lie before the interval clears it.  ``extra["sensitivity_text"]`` says it
in words, relative to the reference where that means something.

>>> import numpy as np
>>> o = mean_le(np.full(100, 1.0) + np.linspace(-0.1, 0.1, 100), 2.0)
>>> o.verdict, round(o.ratio, 2), round(o.sensitivity, 4)
('pass', 0.5, 0.0269)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .engine import Outcome
from .stats import (
    CONFIDENCE,
    RULES,
    bias_verdict_moments,
    mean_interval,
    proportion_interval,
    slope_interval,
    verdict_close,
    verdict_ge,
    verdict_le,
    z_value,
)

__all__ = ["mean_le", "mean_ge", "mean_close", "unbiased", "unbiased_moments", "exact", "all_hold", "rate_ge",
           "slope_close", "POWER", "TIGHT_TARGET", "with_sensitivity", "from_interval"]

#: probability with which a stated sensitivity is detected
POWER = 0.9
#: relative deviation every tight check should detect at the quick profile
TIGHT_TARGET = 0.02


def _detect(se: float, confidence: float = CONFIDENCE) -> float:
    """How far beyond the rule's edge a true mean must be for detection at :data:`POWER`."""
    return (z_value(confidence) + z_value(2 * POWER - 1)) * se


def with_sensitivity(o: Outcome, sensitivity: float, text: str, **extra) -> Outcome:
    """Attach a sensitivity (units of ``measured``) and its statement to an outcome."""
    o.sensitivity = float(sensitivity)
    o.extra = {**o.extra, "sensitivity_text": text, **extra}
    return o


def from_interval(o: Outcome, what: str = "mean") -> Outcome:
    """The sensitivity of a rule that compares a two-sided :data:`CONFIDENCE` interval with
    a reference: a true value this far beyond the reference clears it with probability
    :data:`POWER` (the half-width is ``z`` standard errors); a degenerate interval is exact."""
    lo, hi = o.ci if o.ci is not None else (o.measured, o.measured)
    half = (hi - lo) / 2 if lo is not None and hi is not None else 0.0
    if not half:
        return with_sensitivity(o, 0.0, "deterministic comparison: any violation fails")
    sens = half * (1 + z_value(2 * POWER - 1) / z_value())
    return with_sensitivity(o, sens, f"would fail a true {what} {sens:.4g} beyond the reference"
                            + _relative(sens, o.reference or 0.0))


def _se(samples) -> float:
    x = np.asarray(samples, dtype=float).ravel()
    return float(x.std(ddof=1)) / np.sqrt(x.size) if x.size > 1 else 0.0


def _relative(sens: float, reference: float) -> str:
    if not reference:
        return ""
    rel = float(sens) / abs(float(reference)) if abs(float(reference)) > 1e-300 else float("inf")
    if not rel < 1e6:  # a reference near zero: a relative figure says nothing
        return " (more than 10^6 times the reference)"
    return f" ({rel:.2%} of the reference)"


def mean_le(samples, reference: float, **extra) -> Outcome:
    """``E[samples] <= reference`` (an upper bound)."""
    return _mean_against(samples, reference, "le", extra)


def mean_ge(samples, reference: float, **extra) -> Outcome:
    """``E[samples] >= reference`` (a lower bound; the canary for bit accounting)."""
    return _mean_against(samples, reference, "ge", extra)


def _mean_against(samples, reference: float, side: str, extra: dict) -> Outcome:
    """The mean of ``samples`` against ``reference``, on ``side`` ``"le"`` or ``"ge"``."""
    m, ci = mean_interval(samples)
    verdict = verdict_le(ci, reference) if side == "le" else verdict_ge(ci, reference)
    o = Outcome(m, ci, float(reference), verdict, RULES[side], extra=extra)
    sens = _detect(_se(samples))
    where = "above" if side == "le" else "below"
    return with_sensitivity(o, sens, f"would fail a true mean {sens:.4g} {where} the bound"
                            + _relative(sens, reference))


def mean_close(samples, reference: float, rtol: float, atol: float = 0.0, **extra) -> Outcome:
    """``E[samples] = reference`` within ``rtol`` (a tight result)."""
    m, ci = mean_interval(samples)
    o = Outcome(m, ci, float(reference), verdict_close(ci, reference, rtol, atol),
                RULES["close"] + f" (rtol={rtol:g}, atol={atol:g})", extra=extra)
    sens = abs(float(reference)) * rtol + atol + _detect(_se(samples))
    rel = sens / abs(float(reference)) if reference else float("inf")
    return with_sensitivity(o, sens, f"would fail a true mean {sens:.4g} from the reference"
                            + _relative(sens, reference)
                            + ("" if rel <= TIGHT_TARGET else
                               f"; cannot detect the {TIGHT_TARGET:.0%} deviation a tight check should"),
                            meets_target=bool(rel <= TIGHT_TARGET))


def unbiased(estimates, truth, **extra) -> Outcome:
    """Per-coordinate unbiasedness over the trial axis (axis 0); ``measured`` is the largest
    |z| score, ``reference`` the Bonferroni threshold."""
    est = np.asarray(estimates, dtype=float).reshape(len(estimates), -1)
    return unbiased_moments(est.shape[0], est.mean(axis=0), est.std(axis=0, ddof=1), truth, **extra)


def unbiased_moments(count: int, mean, sd, truth, **extra) -> Outcome:
    """:func:`unbiased` from the trials' count, per-coordinate means and standard deviations
    (``ddof=1``), for estimates accumulated in batches (see :class:`~commbounds.verify.batches.Moments`).

    Examples
    --------
    >>> unbiased_moments(100, np.array([0.01, 0.0]), np.array([1.0, 1.0]), np.zeros(2)).verdict
    'pass'
    """
    mean = np.asarray(mean, dtype=float).reshape(-1)
    tr = np.asarray(truth, dtype=float).reshape(-1)
    zmax, thr, verdict = bias_verdict_moments(count, mean, sd, tr)
    norm_err = float(np.linalg.norm(mean - tr))
    o = Outcome(zmax, (0.0, zmax), thr, verdict, RULES["bias"], ratio=zmax / thr,
                extra={"norm_of_mean_error": norm_err, **extra})
    # measured is a z score: the sensitivity is in the same units (the threshold plus the
    # power margin); in the estimate's units a coordinate's bias of that many standard errors
    sd = np.asarray(sd, dtype=float).reshape(-1) if count > 1 else np.zeros(mean.size)
    margin = float(z_value(2 * POWER - 1))
    per_sd = (thr + margin) / np.sqrt(count)
    sigma = float(np.sqrt(np.mean(sd**2)))
    return with_sensitivity(o, thr + margin,
                            f"would fail a bias in one coordinate of {per_sd:.2%} of its standard deviation "
                            f"({per_sd * sigma:.3g} in the estimate's units at the mean standard deviation); "
                            f"a bias spread evenly over the {mean.size} coordinates must reach "
                            f"{per_sd * np.sqrt(mean.size):.2%} of it in norm",
                            bias_sensitivity_relative_sd=per_sd)


def exact(measured, reference, **extra) -> Outcome:
    """Deterministic equality (e.g. payload bits against a formula)."""
    m, r = np.asarray(measured), np.asarray(reference)
    ok = m.shape == r.shape and bool(np.all(m == r))
    mv, rv = float(np.sum(m)), float(np.sum(r))
    o = Outcome(mv, (mv, mv), rv, "pass" if ok else "fail", RULES["exact"], extra=extra)
    return with_sensitivity(o, 0.0, "deterministic comparison: any difference fails")


def all_hold(properties: Mapping[str, bool], **extra) -> Outcome:
    """Every property holds (construction checks, invariants)."""
    failed = [k for k, v in properties.items() if not v]
    n = len(properties)
    o = Outcome(float(n - len(failed)), None, float(n), "fail" if failed else "pass", RULES["all"],
                extra={"failed": failed, "properties": sorted(properties), **extra})
    return with_sensitivity(o, 0.0, "every property is checked on every sample: one violation fails")


def rate_ge(successes: int, trials: int, target: float, **extra) -> Outcome:
    """A success rate of at least ``target`` (Clopper–Pearson interval)."""
    p, ci = proportion_interval(int(successes), int(trials))
    o = Outcome(p, ci, float(target), verdict_ge(ci, target), RULES["ge"] + " (Clopper-Pearson)",
                extra=extra)
    t = min(max(float(target), 1e-12), 1 - 1e-12)
    sens = _detect(np.sqrt(t * (1 - t) / max(int(trials), 1)))
    return with_sensitivity(o, sens, f"would fail a true rate {sens:.3g} below the target "
                            "(normal approximation at the target)")


def slope_close(x, y, expected: float, atol: float, **extra) -> Outcome:
    """A fitted log-log slope equal to ``expected`` within ``atol``."""
    s, ci = slope_interval(np.log(x), np.log(y))
    o = Outcome(s, ci, float(expected), verdict_close(ci, expected, 0.0, atol),
                RULES["close"] + f" (slope, atol={atol:g})", ratio=s / expected if expected else None,
                extra=extra)
    half = (ci[1] - ci[0]) / 2
    sens = atol + half * (1 + z_value(2 * POWER - 1) / z_value())
    return with_sensitivity(o, sens, f"would fail a true slope {sens:.3g} from the expected one")
