"""Check your own quantizer against everything commbounds' own schemes pass.

:func:`check_scheme` is the analogue of scikit-learn's ``check_estimator``: it runs a
scheme (a :class:`~commbounds.quantizers.base.Scheme` subclass, or an instance) through

``contract``
    ``decode(encode(x))`` equals ``quantize(x)``'s estimate and ``encode(x).nbits`` its bit
    count, from the same generator state, on several inputs;
``reproducible``
    the same seed gives the same payload twice;
``self-delimiting``
    a receiver that knows only the payload's bytes (``nbits = 8 * len(payload)``)
    decodes the same vector;
``batch``
    ``quantize`` over a ``(2, 3, d)`` batch returns estimates ``(2, 3, d)`` and bits
    ``(2, 3)``;
``hostile-input``
    NaN, inf, complex, string, empty and scalar inputs raise a
    :class:`~commbounds.errors.CommboundsError`;
``payload-fuzz``
    truncated, extended, bit-flipped and lying messages either decode to a finite
    vector of the right shape or raise :class:`~commbounds.errors.DecodeError` (any other
    exception, or a decode slower than :data:`FUZZ_SECONDS`, fails);
``prediction``
    where the scheme implements ``predict``, its Monte Carlo error, bits and bias
    against the exact prediction, two-sidedly (:mod:`commbounds.verify.exact`);
``unbiased``
    where the scheme declares ``unbiased = True``, the mean estimate against the input
    (per coordinate, Bonferroni over coordinates, at :data:`CONFIDENCE`);
``lower-bound``
    huang2019 Theorem 3.1 on its block-basis family (``n = 1``): where the scheme's MSE
    is at most the theorem's level, its expected bits must be at least the bound; where
    its MSE is above the level the bound says nothing and the verdict is
    ``not-applicable`` (never a pass).

Every statistical check states its trials, its confidence and its sensitivity in the
result.  The result prints as a table; :meth:`SchemeCheckReport.raise_for_failures`
(called by default) raises :class:`SchemeCheckError` naming every failed check, so a
test is one line.

Examples
--------
A 1-bit sign quantizer with a norm (the tutorial ``docs/tutorials/own_quantizer.rst``
explains it line by line):

>>> import numpy as np
>>> from commbounds.coding import read_float, write_float
>>> from commbounds.errors import DecodeError
>>> from commbounds.quantizers.base import Scheme
>>> class Sign(Scheme):
...     name = "my-sign"
...     unbiased = False
...     def _draw(self, X, rng, shared):
...         return {"scale": np.abs(X).mean(axis=1), "neg": X < 0}
...     def _bits(self, rep, d):
...         return np.full(rep["neg"].shape[0], 64 + d)
...     def _estimate(self, rep, d, shared, side):
...         return np.where(rep["neg"], -1.0, 1.0) * rep["scale"][:, None]
...     def _write(self, w, rep, d):
...         write_float(w, rep["scale"])
...         w.write_bits(rep["neg"].astype(np.uint8))
...     def _read(self, r, d, shared, side):
...         scale = read_float(r)
...         if not np.isfinite(scale):
...             raise DecodeError("the scale is not finite")
...         return {"scale": scale, "neg": r.read_bits(d).astype(bool)}
>>> report = check_scheme(Sign, d=16, seed=0)
>>> report.ok
True
>>> report.verdict("lower-bound")      # its error is above Theorem 3.1's level
'not-applicable'
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import CommboundsError, DecodeError

__all__ = ["check_scheme", "SchemeCheckReport", "CheckResult", "SchemeCheckError",
           "CONFIDENCE", "FUZZ_SECONDS"]

#: two-sided confidence of the statistical checks
CONFIDENCE = 0.999
#: the longest a single decode of a mutated payload may take
FUZZ_SECONDS = 2.0


class SchemeCheckError(CommboundsError, AssertionError):
    """A scheme failed :func:`check_scheme` (the message lists every failed check)."""


@dataclass(frozen=True)
class CheckResult:
    """One check of :func:`check_scheme`: its name, verdict and what it showed."""

    name: str
    verdict: str  # pass | fail | not-applicable
    detail: str
    sensitivity: str = ""


@dataclass
class SchemeCheckReport:
    """Every check's result for one scheme; prints as a table."""

    scheme: str
    params: Mapping[str, Any]
    results: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether no check failed (``not-applicable`` is not a failure, nor a pass)."""
        return all(r.verdict != "fail" for r in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if r.verdict == "fail"]

    def verdict(self, name: str) -> str:
        """The verdict of the check called ``name``."""
        for r in self.results:
            if r.name == name:
                return r.verdict
        raise KeyError(name)

    def raise_for_failures(self) -> None:
        """Raise :class:`SchemeCheckError` naming every failed check, if any."""
        if not self.ok:
            lines = "\n".join(f"  {r.name}: {r.detail}" for r in self.failures)
            raise SchemeCheckError(f"{self.scheme} failed {len(self.failures)} check(s):\n{lines}")

    def __str__(self) -> str:
        width = max((len(r.name) for r in self.results), default=5)
        head = f"check_scheme({self.scheme}, {', '.join(f'{k}={v!r}' for k, v in self.params.items())})"
        rows = [head]
        for r in self.results:
            rows.append(f"  {r.name:<{width}}  {r.verdict:<14}  {r.detail}")
            if r.sensitivity:
                rows.append(f"  {'':<{width}}  {'':<14}  sensitivity: {r.sensitivity}")
        return "\n".join(rows)


def check_scheme(scheme, *, d: int = 32, seed: int = 0, trials: int = 4000,
                 raise_on_fail: bool = True, **params: Any) -> SchemeCheckReport:
    """Run a quantizer through the contract, the fuzzers, its exact prediction, its
    unbiasedness and the lower bound that applies to it.

    Parameters
    ----------
    scheme : Scheme subclass or instance
        The quantizer; a class is instantiated with ``**params``.
    d : int
        Dimension of the test inputs.
    seed : int
        Root seed; the same seed gives the same report.
    trials : int
        Monte Carlo trials of the statistical checks.
    raise_on_fail : bool
        Raise :class:`SchemeCheckError` when a check fails (default), instead of only
        returning the report.
    **params
        The scheme's parameters.

    Returns
    -------
    SchemeCheckReport
        One :class:`CheckResult` per check.

    Examples
    --------
    >>> from commbounds import quantizers
    >>> r = check_scheme(quantizers.get("sar", F=0.5), d=16, trials=2000)
    >>> r.verdict("contract"), r.verdict("unbiased")
    ('pass', 'pass')
    """
    from .quantizers.base import Scheme

    q = scheme(**params) if isinstance(scheme, type) else scheme
    if not isinstance(q, Scheme):
        raise SchemeCheckError(f"check_scheme takes a Scheme subclass or instance, got {type(q).__name__}")
    name = getattr(q, "name", "") or type(q).__name__
    report = SchemeCheckReport(name, dict(getattr(q, "arguments", params)))
    ss = np.random.SeedSequence(seed)
    for check, child in zip(_CHECKS, ss.spawn(len(_CHECKS)), strict=True):
        rng = np.random.default_rng(child)
        try:
            res = check(q, d, rng, trials)
        except Exception as exc:  # a check that raises is a failure of the scheme, shown plainly
            res = CheckResult(check.__name__.removeprefix("_").replace("_", "-"), "fail",
                              f"raised {type(exc).__name__}: {exc}")
        report.results.append(res)
    if raise_on_fail:
        report.raise_for_failures()
    return report


# --------------------------------------------------------------------------- the checks
def _inputs(q, d: int, rng: np.random.Generator, count: int) -> list[np.ndarray]:
    return [np.asarray(type(q).sample_input(rng, d, getattr(q, "arguments", {})), dtype=float)
            for _ in range(count)]


def _side(q, x, rng):
    return q.sample_side(x, rng) if q.needs_side else None


def _contract(q, d, rng, trials) -> CheckResult:
    bad = []
    for i, x in enumerate(_inputs(q, d, rng, 4)):
        side = _side(q, x, rng)
        shared = int(rng.integers(2**31))
        seed = int(rng.integers(2**63))
        msg = q.encode(x, rng=np.random.default_rng(seed), shared=shared)
        fast = q.quantize(x, rng=np.random.default_rng(seed), shared=shared, side=side)
        est = q.decode(msg, shared=shared, side=side)
        if not np.array_equal(est, fast.estimate):
            bad.append(f"input {i}: decode(encode(x)) differs from quantize(x) by "
                       f"{float(np.max(np.abs(est - fast.estimate))):.3g}")
        if msg.nbits != int(fast.bits):
            bad.append(f"input {i}: encode counts {msg.nbits} bits, quantize {int(fast.bits)}")
    if bad:
        return CheckResult("contract", "fail", "; ".join(bad))
    return CheckResult("contract", "pass", "encode/decode and quantize agree on 4 inputs")


def _reproducible(q, d, rng, trials) -> CheckResult:
    x = _inputs(q, d, rng, 1)[0]
    shared = int(rng.integers(2**31))
    a = q.encode(x, rng=np.random.default_rng(7), shared=shared)
    b = q.encode(x, rng=np.random.default_rng(7), shared=shared)
    if a.payload != b.payload or a.nbits != b.nbits:
        return CheckResult("reproducible", "fail", "the same seed gave two different payloads")
    return CheckResult("reproducible", "pass", "the same seed gives the same payload")


def _self_delimiting(q, d, rng, trials) -> CheckResult:
    from .quantizers.base import Message

    for i, x in enumerate(_inputs(q, d, rng, 4)):
        side = _side(q, x, rng)
        shared = int(rng.integers(2**31))
        msg = q.encode(x, rng=rng, shared=shared)
        exact = q.decode(msg, shared=shared, side=side)
        padded = Message(msg.payload, 8 * len(msg.payload), msg.d, msg.scheme)
        try:
            loose = q.decode(padded, shared=shared, side=side)
        except DecodeError as exc:
            return CheckResult("self-delimiting", "fail",
                               f"input {i}: the payload does not decode from its bytes alone ({exc})")
        if not np.array_equal(exact, loose):
            return CheckResult("self-delimiting", "fail",
                               f"input {i}: decoding from the bytes alone gives another vector")
    return CheckResult("self-delimiting", "pass", "every payload decodes from its bytes alone")


def _batch(q, d, rng, trials) -> CheckResult:
    X = np.stack(_inputs(q, d, rng, 6)).reshape(2, 3, d)
    side = np.stack([_side(q, x, rng) for x in X.reshape(6, d)]).reshape(2, 3, d) if q.needs_side else None
    out = q.quantize(X, rng=rng, shared=int(rng.integers(2**31)), side=side)
    if np.shape(out.estimate) != (2, 3, d) or np.shape(out.bits) != (2, 3):
        return CheckResult("batch", "fail", f"a (2, 3, {d}) batch gave estimates {np.shape(out.estimate)} "
                                            f"and bits {np.shape(out.bits)}")
    if not np.all(np.isfinite(out.estimate)):
        return CheckResult("batch", "fail", "quantize returned a non-finite estimate")
    return CheckResult("batch", "pass", "quantize keeps the leading axes")


_HOSTILE: tuple[tuple[str, Callable[[int], Any]], ...] = (
    ("NaN", lambda d: np.full(d, np.nan)),
    ("inf", lambda d: np.r_[np.inf, np.zeros(d - 1)]),
    ("complex", lambda d: np.ones(d, dtype=complex)),
    ("strings", lambda d: np.array(["a"] * d)),
    ("empty", lambda d: np.zeros(0)),
    ("scalar", lambda d: np.float64(1.0)),
)


def _hostile_input(q, d, rng, trials) -> CheckResult:
    bad = []
    for label, make in _HOSTILE:
        for path in ("encode", "quantize"):
            try:
                getattr(q, path)(make(d), rng=rng, shared=1)
            except CommboundsError:
                continue
            except Exception as exc:
                bad.append(f"{path}({label}) raised {type(exc).__name__} instead of a CommboundsError")
                continue
            bad.append(f"{path}({label}) was accepted")
    if bad:
        return CheckResult("hostile-input", "fail", "; ".join(bad))
    return CheckResult("hostile-input", "pass", f"{2 * len(_HOSTILE)} hostile calls refused with clear errors")


def _mutations(msg, rng, count):
    from .quantizers.base import Message

    raw = bytearray(msg.payload)
    yield Message(bytes(raw[: len(raw) // 2]), 8 * (len(raw) // 2), msg.d, msg.scheme)
    yield Message(bytes(raw) + bytes(rng.integers(0, 256, 16, dtype=np.uint8)), 8 * (len(raw) + 16),
                  msg.d, msg.scheme)
    yield Message(b"", 0, msg.d, msg.scheme)
    yield Message(b"\xff" * 64, 512, msg.d, msg.scheme)
    for _ in range(count):
        mutated = bytearray(raw) if raw else bytearray(1)
        for _ in range(int(rng.integers(1, 4))):
            j = int(rng.integers(len(mutated)))
            mutated[j] ^= 1 << int(rng.integers(8))
        yield Message(bytes(mutated), 8 * len(mutated), msg.d, msg.scheme)


def _payload_fuzz(q, d, rng, trials) -> CheckResult:
    calls = clean = valid = 0
    for x in _inputs(q, d, rng, 3):
        side = _side(q, x, rng)
        shared = int(rng.integers(2**31))
        msg = q.encode(x, rng=rng, shared=shared)
        for m in _mutations(msg, rng, 60):
            calls += 1
            t0 = time.perf_counter()
            try:
                est = q.decode(m, shared=shared, side=side)
            except DecodeError:
                est = None
            except Exception as exc:
                return CheckResult("payload-fuzz", "fail",
                                   f"a mutated payload raised {type(exc).__name__}: {exc} (not a DecodeError)")
            took = time.perf_counter() - t0
            if took > FUZZ_SECONDS:
                return CheckResult("payload-fuzz", "fail",
                                   f"a {len(m.payload)}-byte payload took {took:.1f} s to decode")
            if est is None:
                clean += 1
                continue
            if np.shape(est) != (d,) or not np.all(np.isfinite(est)):
                return CheckResult("payload-fuzz", "fail",
                                   "a mutated payload decoded to a non-finite vector or a wrong shape")
            valid += 1
    return CheckResult("payload-fuzz", "pass",
                       f"{calls} mutated payloads: {clean} clean DecodeErrors, {valid} finite decodes")


def _prediction(q, d, rng, trials) -> CheckResult:
    try:
        from .quantizers.prediction import PredictionUnavailable
        from .verify.exact import compare
    except ImportError:  # pragma: no cover - an older layout without exact predictions
        return CheckResult("prediction", "not-applicable", "this commbounds has no exact predictions")
    x = _inputs(q, d, rng, 1)[0]
    try:
        q.predict(x, shared=None)
    except PredictionUnavailable as exc:
        return CheckResult("prediction", "not-applicable", f"no exact prediction ({exc})")
    res = compare(q, x, trials=trials, rng=rng)
    bad = [r for r in res if r.verdict == "fail"]
    detail = "; ".join(f"{r.quantity}: measured {r.measured:.6g}, predicted {r.predicted:.6g}" for r in res)
    sens = "; ".join(f"{r.quantity}: {r.sensitivity_text}" for r in res)
    return CheckResult("prediction", "fail" if bad else "pass", detail, sens)


def _unbiased(q, d, rng, trials) -> CheckResult:
    from scipy.stats import norm

    if not getattr(q, "unbiased", False):
        return CheckResult("unbiased", "not-applicable", "the scheme does not declare itself unbiased")
    x = _inputs(q, d, rng, 1)[0]
    side = _side(q, x, rng)
    X = np.broadcast_to(x, (trials, d))
    S = None if side is None else np.broadcast_to(side, (trials, d))
    est = q.quantize(X, rng=rng, shared=int(rng.integers(2**31)), side=S).estimate
    diff = est - x
    mean = diff.mean(axis=0)
    se = diff.std(axis=0, ddof=1) / math.sqrt(trials)
    z = float(norm.ppf(1 - (1 - CONFIDENCE) / (2 * d)))  # Bonferroni over the coordinates
    moving = se > 0
    worst = float(np.max(np.abs(mean[moving]) / se[moving])) if moving.any() else 0.0
    exact_off = bool(np.any(np.abs(mean[~moving]) > 1e-12 * (1 + np.abs(x[~moving]))))
    sd = float(np.sqrt(np.mean(diff.var(axis=0))))
    sens = (f"a bias of {(z + 1.2816) / math.sqrt(trials):.3g} per-coordinate standard deviations "
            f"(sd {sd:.3g}) in one coordinate, at {trials} trials, {CONFIDENCE:.1%} confidence, 90 % power")
    if worst > z or exact_off:
        return CheckResult("unbiased", "fail", f"a coordinate's mean is {worst:.1f} standard errors from x "
                                               f"(limit {z:.2f})", sens)
    return CheckResult("unbiased", "pass", f"largest |mean - x| / se = {worst:.2f} <= {z:.2f}", sens)


def _lower_bound(q, d, rng, trials) -> CheckResult:
    from scipy.stats import t as student

    import commbounds as cb

    from . import constructions
    from .errors import InvalidInputError

    dim, C = max(256, d), 16
    fam = constructions.get("block-basis", n=1, d=dim, C=C)
    X = fam.sample(rng=rng, size=min(trials, 400)).inputs[:, 0, :]
    side = np.stack([_side(q, x, rng) for x in X]) if q.needs_side else None
    for lam in (1.0, 0.5 / C, 0.05 / C):  # the bound is scale invariant
        try:
            out = q.quantize(lam * X, rng=rng, shared=int(rng.integers(2**31)),
                             side=None if side is None else lam * side)
            break
        except InvalidInputError:
            continue
    else:
        return CheckResult("lower-bound", "not-applicable", "the scheme refuses the block-basis family")
    mse = ((out.estimate / lam - X) ** 2).sum(axis=1)
    bits = np.asarray(out.bits, dtype=float)
    level = cb.bound("huang2019:thm3.1/mse")(F1=float(C), n=1, C=C)
    lower = cb.bound("huang2019:thm3.1")(n=1, d=dim, C=C)
    k = len(mse)
    tq = float(student.ppf(1 - (1 - CONFIDENCE) / 2, k - 1))
    mse_hi = float(mse.mean() + tq * mse.std(ddof=1) / math.sqrt(k))
    if mse_hi > level:
        return CheckResult("lower-bound", "not-applicable",
                           f"MSE {mse.mean():.4g} is above Theorem 3.1's level {level:.4g}: the bound says nothing")
    bits_hi = float(bits.mean() + tq * bits.std(ddof=1) / math.sqrt(k))
    detail = f"mean bits {bits.mean():.1f} vs Theorem 3.1's {lower:.1f} at MSE {mse.mean():.4g} <= {level:.4g}"
    if bits_hi < lower:
        return CheckResult("lower-bound", "fail", detail + ": the scheme beats a lower bound (bits under-counted?)")
    return CheckResult("lower-bound", "pass", detail)


_CHECKS = (_contract, _reproducible, _self_delimiting, _batch, _hostile_input, _payload_fuzz,
           _prediction, _unbiased, _lower_bound)
