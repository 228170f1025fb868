"""Monte Carlo against exact predictions: tight, two-sided, with a stated sensitivity.

:func:`compare` runs a scheme ``trials`` times on one input and compares the sample
against :meth:`~commbounds.quantizers.base.Scheme.predict` three ways:

``mse``
    the mean squared error against the predicted ``E||x_hat - x||^2``;
``bits``
    the mean bit count against the predicted ``E[bits]`` (exact equality of every run
    where the prediction says the count is constant);
``bias``
    the mean estimate against ``x + bias``: per coordinate (with the predicted variance,
    Bonferroni over the coordinates) and along ``x`` (where a scale error shows).

Each comparison *fails* when the sample mean is farther from the prediction than
``z = z_value(TIGHT_CONFIDENCE)`` standard errors (plus the prediction's own stated slack
and a floating-point floor) and *passes* otherwise; there is no inconclusive zone, because
the reference is exact.  Its *sensitivity* is the smallest violation the test detects
with probability ``POWER``: ``(z + z_power) se`` as a fraction of the prediction for
``mse`` and ``bits``, and in units of the estimator's per-coordinate standard deviation
(root mean over coordinates) for ``bias``.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> from commbounds.verify.exact import compare
>>> q = quantizers.get("sar", F=0.5)
>>> x = np.random.default_rng(0).standard_normal(32)
>>> res = compare(q, x, trials=4000, rng=np.random.default_rng(1))
>>> [(r.quantity, r.verdict) for r in res]
[('mse', 'pass'), ('bits', 'pass'), ('bias', 'pass')]
>>> 0 < res[0].sensitivity < 0.05            # a 5 % excess in error would be caught
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidInputError
from ..quantizers.prediction import Prediction
from ..validation import as_generator, validate_vectors
from .stats import TIGHT_CONFIDENCE, z_value

__all__ = ["TightResult", "compare", "compare_over_shared", "compare_protocol", "max_trials", "compare_samples", "TIGHT_CONFIDENCE", "POWER", "RULE",
           "trials_for"]

#: power at which a sensitivity is stated (the comparisons' confidence is
#: :data:`~commbounds.verify.stats.TIGHT_CONFIDENCE`)
POWER = 0.9
#: the rule written into every record
RULE = (f"fail if the sample mean differs from the exact prediction by more than the "
        f"{TIGHT_CONFIDENCE:.5%} normal quantile of its standard error (plus the prediction's "
        f"stated slack); sensitivity at power {POWER:.0%}")
#: elements of one batch of trials (bounds memory whatever the trial count)
_BATCH = 1 << 21
#: elements of the single batch a sample whose rows are keyed by their index runs in
_KEYED_BATCH = 1 << 23


def max_trials(obj, size: int) -> int | None:
    """The most trials one comparison of ``obj`` on an input of ``size`` elements can run,
    or None without a limit.

    A scheme with public randomness (a dither, a colouring) and every protocol (dithers
    keyed by trial) draw each row's shared randomness from the shared seed and the row's
    index within the call, so a second batch would repeat the first one's rows and the
    sample would not be independent: their trials run in one batch, which bounds them.
    """
    from ..quantizers.base import Protocol

    if isinstance(obj, Protocol) or getattr(obj, "randomness", "private") == "public":
        return max(2, _KEYED_BATCH // max(int(size), 1))
    return None


@dataclass(frozen=True)
class TightResult:
    """One tight comparison of a sample with an exact prediction."""

    quantity: str
    measured: float
    ci: tuple[float, float]
    predicted: float
    verdict: str
    sensitivity: float
    sensitivity_text: str
    trials: int

    def as_extra(self) -> dict:
        return {"quantity": self.quantity, "measured": self.measured, "ci": list(self.ci),
                "predicted": self.predicted, "verdict": self.verdict,
                "sensitivity": self.sensitivity, "sensitivity_text": self.sensitivity_text}


def _z() -> tuple[float, float]:
    return z_value(TIGHT_CONFIDENCE), z_value(2 * POWER - 1)


def compare(q, x, *, trials: int, rng=None, shared=None, side=None, prediction: Prediction | None = None,
            transform=None) -> list[TightResult]:
    """Run ``q.quantize`` ``trials`` times on ``x`` and compare with ``q.predict(x)``.

    ``side`` (for schemes that decode against side information) defaults to one draw of
    ``q.sample_side``; ``transform(estimate, bits) -> (estimate, bits)`` lets a test plant
    a fault between the scheme and the comparison.
    """
    x = validate_vectors(x, name="x", max_ndim=1)
    _check_trials(trials)
    rng = as_generator(rng)
    pred = q.predict(x, shared=shared) if prediction is None else prediction
    if getattr(q, "needs_side", False) and side is None:
        side = q.sample_side(x, rng)

    def draw(t):
        S = None if side is None else np.broadcast_to(side, (t, x.size))
        out = q.quantize(np.broadcast_to(x, (t, x.size)), rng=rng, shared=shared, side=S)
        return out.estimate.reshape(t, x.size), np.asarray(out.bits, dtype=np.float64).reshape(t)

    return _run(draw, x, pred, int(trials), transform, _single(q, x.size, int(trials)))


def compare_protocol(proto, X, *, trials: int, rng=None, shared=None, prediction: Prediction | None = None,
                     transform=None) -> list[TightResult]:
    """:func:`compare` for a protocol on one input ``X`` (``(n, d)``): ``simulate`` against
    ``proto.predict(X)``, whose target (the mean, or a minimiser) is the prediction's
    ``x + bias - bias``, i.e. ``mean - bias``."""
    X = validate_vectors(X, name="X", min_ndim=2, max_ndim=2)
    _check_trials(trials)
    rng = as_generator(rng)
    pred = proto.predict(X, shared=shared) if prediction is None else prediction
    target = _target(X, pred)

    def draw(t):
        out = proto.simulate(np.broadcast_to(X, (t, *X.shape)), rng=rng, shared=shared)
        return out.estimate.reshape(t, -1), np.asarray(out.bits, dtype=np.float64).reshape(t)

    return _run(draw, target, pred, int(trials), transform, _single(proto, X.size, int(trials)))


def _single(obj, size: int, trials: int) -> bool:
    """Whether the trials must run in one batch (:func:`max_trials`); too many is an error."""
    cap = max_trials(obj, size)
    if cap is not None and trials > cap:
        raise InvalidInputError(f"{obj.name}: its rows draw shared randomness by index, so the {trials} trials must "
                                f"run in one batch, which holds at most {cap} at {size} elements each")
    return cap is not None


def compare_over_shared(q, x, *, trials: int, rng=None, prediction: Prediction | None = None,
                        transform=None) -> list[TightResult]:
    """:func:`compare` over the shared randomness: each trial draws its own shared seed
    (for a rotation scheme, a fresh rotation) and runs one row; the reference is
    ``q.predict_over_rotations(x)``, the exact expectation over that seed's law."""
    x = validate_vectors(x, name="x", max_ndim=1)
    _check_trials(trials)
    rng = as_generator(rng)
    pred = q.predict_over_rotations(x) if prediction is None else prediction

    def draw(t):
        est, bits = np.empty((t, x.size)), np.empty(t)
        for i, seed in enumerate(rng.integers(2**63, size=t).tolist()):
            out = q.quantize(x[None, :], rng=rng, shared=seed)
            est[i], bits[i] = out.estimate[0], float(np.asarray(out.bits).reshape(-1)[0])
        return est, bits

    return _run(draw, x, pred, int(trials), transform)


def _target(X, pred: Prediction) -> np.ndarray:
    kind = pred.extra.get("target", "mean")
    if kind == "mean":
        return X.mean(axis=0)
    if "target_value" in pred.extra:
        return np.asarray(pred.extra["target_value"], dtype=np.float64)
    raise InvalidInputError(f"a prediction with target {kind!r} must carry its target_value")


def _check_trials(trials):
    if isinstance(trials, bool) or not isinstance(trials, int | np.integer) or trials < 2:
        raise InvalidInputError(f"trials must be an integer >= 2, got {trials!r}")


def _run(draw, x, pred: Prediction, trials: int, transform, single: bool = False) -> list[TightResult]:
    acc = _Accumulator(x, pred)
    batch = trials if single else max(1, min(trials, _BATCH // x.size))
    done = 0
    while done < trials:
        t = min(batch, trials - done)
        est, bits = draw(t)
        if transform is not None:
            est, bits = transform(est, bits)
        acc.add(est, bits)
        done += t
    return compare_samples(acc, pred)


class _Accumulator:
    """Sums centred on the prediction (so nothing cancels catastrophically)."""

    def __init__(self, x, pred: Prediction):
        self.x, self.pred = x, pred
        self.u = x / np.linalg.norm(x) if np.any(x) else np.full(x.size, 1 / math.sqrt(x.size))
        self.n = 0
        self.s = np.zeros(3)       # centred mse, bits, projection along u
        self.ss = np.zeros(3)
        self.coord = np.zeros(x.size)

    def add(self, est, bits):
        err = est - self.x
        mse = np.einsum("ij,ij->i", err, err) - self.pred.mse
        proj = (err - self.pred.bias) @ self.u
        for i, v in enumerate((mse, bits - self.pred.bits, proj)):
            self.s[i] += v.sum()
            self.ss[i] += (v * v).sum()
        self.coord += (err - self.pred.bias).sum(axis=0)
        self.n += est.shape[0]

    def moments(self, i):
        m = self.s[i] / self.n
        var = max(self.ss[i] / self.n - m * m, 0.0) * self.n / max(self.n - 1, 1)
        return m, math.sqrt(var / self.n)


def compare_samples(acc: _Accumulator, pred: Prediction) -> list[TightResult]:
    z, zp = _z()
    T = acc.n
    out = []
    for i, (name, ref, slack) in enumerate((("mse", pred.mse, 0.0), ("bits", pred.bits, pred.bits_slack))):
        m, se = acc.moments(i)
        floor = 1e-9 * (1 + abs(ref))
        if name == "bits" and pred.bits_constant:
            se = 0.0                           # every run must send exactly the predicted count
        fail = abs(m) > z * se + slack + floor
        if se == 0 and slack == 0:
            sens, text = 0.0, "every run equals the exact value: detects any difference"
        else:
            sens = ((z + zp) * se + slack + floor) / abs(ref) if ref else math.inf
            text = f"would fail a relative excess of {sens:.2%} in {'error' if name == 'mse' else 'bits'}"
        out.append(TightResult(name, ref + m, (ref + m - z * se, ref + m + z * se), ref,
                               "fail" if fail else "pass", sens, text, T))
    out.append(_bias(acc, pred, z, zp))
    return out


def _bias(acc: _Accumulator, pred: Prediction, z: float, zp: float) -> TightResult:
    T, d = acc.n, acc.x.size
    var = pred.variance
    sigma = math.sqrt(float(var.mean())) if var.size else 0.0
    mean_dev = acc.coord / T
    floor = 1e-9 * (1 + np.abs(acc.x) + math.sqrt(max(pred.mse, 0.0)))
    se = np.sqrt(var / T)
    zb = z_value(1 - (1 - TIGHT_CONFIDENCE) / (d + 1))   # Bonferroni: d coordinates + one direction
    coord_fail = bool(np.any(np.abs(mean_dev) > zb * se + floor))
    m, se_u = acc.moments(2)
    proj_fail = abs(m) > zb * se_u + float(floor.max())
    zmax = float(np.max(np.where(se > 0, np.abs(mean_dev) / np.where(se > 0, se, 1), 0.0)))
    if sigma > 0:
        sens = (zb + zp) * se_u / sigma
        text = (f"would fail a bias along x of {sens:.2%} of the per-coordinate standard deviation "
                f"(and one coordinate's of {(zb + zp) / math.sqrt(T):.2%} of its own)")
    else:
        sens, text = 0.0, "deterministic estimate: detects any bias"
    return TightResult("bias", zmax, (0.0, zmax), zb, "fail" if (coord_fail or proj_fail) else "pass",
                       sens, text, T)


def trials_for(rel: float, cv: float, *, margin: float = 1.0) -> int:
    """Trials a tight check needs to detect a relative excess ``rel`` of a mean whose
    coefficient of variation is ``cv`` (at ``TIGHT_CONFIDENCE`` and ``POWER``)."""
    z, zp = _z()
    return max(2, math.ceil(margin * ((z + zp) * cv / rel) ** 2))
