"""Claims as functions from measurements to an :class:`~commbounds.verify.engine.Outcome`.

One-sided bounds are compared one-sidedly and tight results with a tolerance (PEPit's
policy); the rule used is written into the outcome.

>>> import numpy as np
>>> o = mean_le(np.full(100, 1.0) + np.linspace(-0.1, 0.1, 100), 2.0)
>>> o.verdict, round(o.ratio, 2)
('pass', 0.5)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .engine import Outcome
from .stats import (
    RULES,
    bias_verdict,
    mean_interval,
    proportion_interval,
    slope_interval,
    verdict_close,
    verdict_ge,
    verdict_le,
)

__all__ = ["mean_le", "mean_ge", "mean_close", "unbiased", "exact", "all_hold", "rate_ge",
           "slope_close"]


def mean_le(samples, reference: float, **extra) -> Outcome:
    """``E[samples] <= reference`` (an upper bound)."""
    m, ci = mean_interval(samples)
    return Outcome(m, ci, float(reference), verdict_le(ci, reference), RULES["le"], extra=extra)


def mean_ge(samples, reference: float, **extra) -> Outcome:
    """``E[samples] >= reference`` (a lower bound; the canary for bit accounting)."""
    m, ci = mean_interval(samples)
    return Outcome(m, ci, float(reference), verdict_ge(ci, reference), RULES["ge"], extra=extra)


def mean_close(samples, reference: float, rtol: float, atol: float = 0.0, **extra) -> Outcome:
    """``E[samples] = reference`` within ``rtol`` (a tight result)."""
    m, ci = mean_interval(samples)
    return Outcome(m, ci, float(reference), verdict_close(ci, reference, rtol, atol),
                   RULES["close"] + f" (rtol={rtol:g}, atol={atol:g})", extra=extra)


def unbiased(estimates, truth, **extra) -> Outcome:
    """Per-coordinate unbiasedness over the trial axis (axis 0); ``measured`` is the largest
    |z| score, ``reference`` the Bonferroni threshold."""
    est = np.asarray(estimates, dtype=float).reshape(len(estimates), -1)
    tr = np.asarray(truth, dtype=float).reshape(-1)
    zmax, thr, verdict = bias_verdict(est, tr)
    norm_err = float(np.linalg.norm(est.mean(axis=0) - tr))
    return Outcome(zmax, (0.0, zmax), thr, verdict, RULES["bias"], ratio=zmax / thr,
                   extra={"norm_of_mean_error": norm_err, **extra})


def exact(measured, reference, **extra) -> Outcome:
    """Deterministic equality (e.g. payload bits against a formula)."""
    m, r = np.asarray(measured), np.asarray(reference)
    ok = m.shape == r.shape and bool(np.all(m == r))
    mv, rv = float(np.sum(m)), float(np.sum(r))
    return Outcome(mv, (mv, mv), rv, "pass" if ok else "fail", RULES["exact"], extra=extra)


def all_hold(properties: Mapping[str, bool], **extra) -> Outcome:
    """Every property holds (construction checks, invariants)."""
    failed = [k for k, v in properties.items() if not v]
    n = len(properties)
    return Outcome(float(n - len(failed)), None, float(n), "fail" if failed else "pass", RULES["all"],
                   extra={"failed": failed, "properties": sorted(properties), **extra})


def rate_ge(successes: int, trials: int, target: float, **extra) -> Outcome:
    """A success rate of at least ``target`` (Clopper–Pearson interval)."""
    p, ci = proportion_interval(int(successes), int(trials))
    return Outcome(p, ci, float(target), verdict_ge(ci, target), RULES["ge"] + " (Clopper-Pearson)",
                   extra=extra)


def slope_close(x, y, expected: float, atol: float, **extra) -> Outcome:
    """A fitted log-log slope equal to ``expected`` within ``atol``."""
    s, ci = slope_interval(np.log(x), np.log(y))
    return Outcome(s, ci, float(expected), verdict_close(ci, expected, 0.0, atol),
                   RULES["close"] + f" (slope, atol={atol:g})", ratio=s / expected if expected else None,
                   extra=extra)
