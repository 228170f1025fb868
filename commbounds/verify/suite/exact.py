"""Generated tight checks: every scheme and protocol against its exact prediction.

For each registered scheme (``exact/{name}``) and protocol (``exact/protocol-{name}``)
with an exact :meth:`predict`, on the scheme's own generic input and on hard families
(huang2019's block-basis, student-t, the sparse Bernoulli model), the check runs the fast
path and compares it two-sidedly with the prediction (:mod:`commbounds.verify.exact`):
mean squared error, mean bits (every run's bits where they are constant) and the bias.
The trial count is chosen from a pilot run so that the check detects a 2 % relative
excess in error or bits and a bias of 2 % of the per-coordinate standard deviation; where
the profile's work budget cannot afford that, the record says so
(``extra["meets_target"]``, ``extra["needs_trials"]``).

A family input outside a scheme's range is scaled into it (the predictions are exact at
every scale); one the scheme cannot take at any scale (a 0/1 model for a continuous input,
say) is reported as outside its domain.  A scheme whose typical point has no exact
prediction runs at the point that has one (:data:`EXACT_PARAMS`; the record's
``extra["params"]`` says which).

DRIVE and EDEN are deterministic given their shared rotation, so ``exact/drive`` and
``exact/eden`` compare every run with the one estimate the seed gives; the
``exact/{name}-over-rotations`` checks draw a fresh shared seed per trial and compare with
the exact average over all ``2^D`` sign patterns of the randomized Hadamard rotation
(small ``d``), which tests the rotation's law as well.

The ``bound/...`` checks compare the papers' bounds with the exact predictions: no
sampling, so the comparison itself is exact (an upper bound must hold at the input, an
equality must match to floating-point accuracy).
"""

from __future__ import annotations

import math

import numpy as np

import commbounds as cb

from ... import constructions, quantizers
from ...errors import InvalidInputError
from ...quantizers.prediction import PredictionUnavailable
from ..engine import Check, Outcome, register
from ..exact import RULE, compare, compare_over_shared, compare_protocol, max_trials

#: relative excess in error or bits, and bias in per-coordinate standard deviations, every
#: tight check should detect
TARGET = 0.02
#: work budget per grid point (trials x dimension) by profile
BUDGET = {"smoke": 200_000, "quick": 6_000_000, "full": 100_000_000}
PILOT = 300
INPUTS = ("generic", "block-basis", "student-t", "sparse-bernoulli")
#: schemes whose fast path loops in Python per row: smaller grids
SLOW = {"lattice": 8, "closest-lattice": 16, "lattice-sublinear": 4}
#: relative cost per element of the fast paths that loop per row or per message
COST = {"lattice": 40, "ratq": 20, "suresh-rotated": 20, "lp-composite": 10, "closest-lattice": 2,
        "tree": 4, "star": 2, "sparse-dme": 4, "wangni": 3, "lattice-sublinear": 1000, "sublinear-broadcast": 1000}
#: parameters that replace the typical point where only they have an exact prediction
#: (Algorithm 5 is exact in blocks of one coordinate; q = 0.3 makes its accepted dither
#: visibly non-uniform)
EXACT_PARAMS = {"lattice-sublinear": {"block": 1, "q": 0.3}, "sublinear-broadcast": {"block": 1}}
#: protocols whose fast path decodes per machine and block in Python: smaller grids
PROTOCOL_GRIDS = {"sublinear-broadcast": {"smoke": [(3, 2)], "quick": [(3, 2), (5, 3)]},
                  "sparse-dme": {"smoke": [(4, 32)], "quick": [(4, 32), (6, 32)]}}      # C = 100 <= n d
#: further parameter sets a protocol's tight check runs at (quick profile), with their
#: ``(n, d)`` and relative cost: sparse-dme's sampling, whose prediction enumerates the
#: kept sets, its local scaling without the F1 round (``sync=False``) and its Elias-gamma
#: ``Delta w`` (footnote 2)
PROTOCOL_VARIANTS = {"sparse-dme": (({"sampling": "clients", "p": 0.5}, (4, 32), 8),
                                    ({"sampling": "coordinates", "p": 0.5, "C": 12}, (4, 6), 16),
                                    ({"sync": False}, (4, 32), 4),
                                    ({"delta_w": "gamma"}, (4, 32), 4))}


def _family_input(kind: str, cls, d: int, rng) -> np.ndarray:
    if kind == "generic":
        return cls.sample_input(rng, d, cls.typical)
    if kind == "block-basis":
        return constructions.get("block-basis", n=1, d=d, C=max(2, d // 8)).sample(rng=rng).inputs[0]
    if kind == "student-t":
        return constructions.get("student-t", n=1, d=d).sample(rng=rng).inputs[0]
    if kind == "sparse-bernoulli":
        return constructions.get("sparse-bernoulli", d=d, s=max(2.0, d / 8), n=1).sample(rng=rng).inputs[0]
    raise InvalidInputError(f"unknown input kind {kind!r}")


def _fit(q, x, shared):
    """The input scaled into the scheme's range (a prediction is exact at every scale)."""
    last = None
    for lam in (1.0, 0.5, 0.1, 0.01):
        try:
            return lam * x, q.predict(lam * x, shared=shared), lam
        except PredictionUnavailable:
            raise
        except InvalidInputError as exc:
            last = exc
    raise InvalidInputError(f"outside the scheme's domain at every scale ({last})")


def _plan(run, pred, d: int, profile: str, cost: float = 1.0, limit: int | None = None) -> tuple[int, int]:
    """Trials for the target sensitivity (from a pilot's spread) and the affordable count
    (at most ``limit``, :func:`~commbounds.verify.exact.max_trials`)."""
    if not np.any(pred.variance) and pred.bits_constant:
        return 2, 2                # deterministic: two runs show any difference
    pilot = run(PILOT)
    need = PILOT
    for r in pilot[:2]:
        if r.sensitivity > 0 and math.isfinite(r.sensitivity):
            need = max(need, math.ceil(PILOT * (r.sensitivity / TARGET) ** 2))
    if pilot[2].sensitivity > 0:
        need = max(need, math.ceil(PILOT * (pilot[2].sensitivity / TARGET) ** 2))
    cap = max(PILOT, int(BUDGET[profile] / (max(d, 1) * cost)))
    if limit is not None:
        cap = min(cap, limit)
    return need, min(need, cap)


def _outcome(results, need: int, ran: int, **extra) -> Outcome:
    worst = next((r for r in results if r.verdict == "fail"), None)
    mse = results[0]
    ratio = mse.measured / mse.predicted if mse.predicted else None
    sens = {r.quantity: r.sensitivity for r in results}
    meets = ran >= need
    o = Outcome(mse.measured, mse.ci, mse.predicted, "fail" if worst else "pass", RULE, ratio=ratio,
                extra={"results": [r.as_extra() for r in results], "sensitivities": sens,
                       "sensitivity_text": "; ".join(f"{r.quantity}: {r.sensitivity_text}" for r in results),
                       "meets_target": meets, "needs_trials": need, "target": TARGET,
                       "failed": [r.quantity for r in results if r.verdict == "fail"], **extra})
    o.sensitivity = mse.sensitivity * abs(mse.predicted)      # in the units of measured (the MSE)
    return o


def exact_params(name: str, cls) -> dict:
    """The parameters a tight check runs at: the typical point, or the exact one."""
    return {**cls.typical, **EXACT_PARAMS.get(name, {})}


def _scheme(name: str):
    """The scheme at its checked parameters (a seam the mutation tests use)."""
    return quantizers.get(name, **exact_params(name, quantizers.registry.scheme_class(name)))


def _protocol(name: str, **kw):
    """The protocol at its checked parameters, updated by ``kw`` (a seam the mutation
    tests use)."""
    return quantizers.protocol(name, **{**exact_params(name, quantizers.registry.protocol_class(name)), **kw})


def _unpredictable(exc) -> Outcome:
    return Outcome(None, None, None, "not-applicable", f"no exact prediction: {exc}")


def _scheme_check(name: str) -> Check:
    cls = quantizers.registry.scheme_class(name)
    d_quick = SLOW.get(name, 64)
    d_smoke = min(16, d_quick)

    def fn(p, rng, trials):
        q = _scheme(name)
        shared = int(rng.integers(2**31))
        x0 = _family_input(p["input"], cls, p["d"], rng)
        try:
            x, pred, lam = _fit(q, x0, shared)
        except PredictionUnavailable as exc:
            return _unpredictable(exc)
        except InvalidInputError as exc:
            return Outcome(None, None, None, "not-applicable", f"the input is {exc}")
        side = q.sample_side(x, rng) if q.needs_side else None

        def run(t):
            return compare(q, x, trials=t, rng=rng, shared=shared, side=side, prediction=pred)

        need, ran = _plan(run, pred, x.size, p.get("profile", "quick"), COST.get(name, 1.0),
                          max_trials(q, x.size))
        return _outcome(run(ran), need, ran, input_scale=lam, method=pred.method, note=pred.note,
                        trials_run=ran, params=dict(q.arguments))

    fn.__doc__ = f"{name}'s Monte Carlo equals its exact prediction (error, bits, bias)."
    grids = {"smoke": [{"d": d_smoke, "input": "generic", "profile": "smoke"}],
             "quick": [{"d": d_quick, "input": k, "profile": "quick"} for k in INPUTS],
             "full": [{"d": 4 * d_quick, "input": k, "profile": "full"} for k in INPUTS]}
    return Check(id=f"exact/{name}", paper="exact", fn=fn, grids=grids, claim="tight", bound=None,
                 construction="generic and hard families", scheme=name,
                 trials={"smoke": PILOT, "quick": PILOT, "full": PILOT}, description=fn.__doc__)


def _protocol_check(name: str) -> Check:
    cls = quantizers.registry.protocol_class(name)

    def fn(p, rng, trials):
        pr = _protocol(name, **(PROTOCOL_VARIANTS[name][p["variant"]][0] if "variant" in p else {}))
        shared = int(rng.integers(2**31))
        X = cls.sample_input(rng, p["n"], p["d"], cls.typical)
        try:
            pred = pr.predict(X, shared=shared)
        except PredictionUnavailable as exc:
            return _unpredictable(exc)

        def run(t):
            return compare_protocol(pr, X, trials=t, rng=rng, shared=shared, prediction=pred)

        cost = PROTOCOL_VARIANTS[name][p["variant"]][2] if "variant" in p else COST.get(name, 1.0)
        need, ran = _plan(run, pred, X.size, p.get("profile", "quick"), cost, max_trials(pr, X.size))
        return _outcome(run(ran), need, ran, method=pred.method, note=pred.note, trials_run=ran,
                        params=dict(pr.arguments))

    fn.__doc__ = f"protocol {name}'s Monte Carlo equals its exact prediction (error, bits, bias)."
    sizes = PROTOCOL_GRIDS.get(name, {"smoke": [(4, 32)], "quick": [(3, 32), (6, 32)]})
    grids = {prof: [{"n": n, "d": d, "profile": prof} for n, d in pts] for prof, pts in sizes.items()}
    grids["quick"] += [{"n": n, "d": d, "variant": i, "profile": "quick"}
                       for i, (_, (n, d), _) in enumerate(PROTOCOL_VARIANTS.get(name, ()))]
    return Check(id=f"exact/protocol-{name}", paper="exact", fn=fn, grids=grids, claim="tight",
                 scheme=name, trials={"smoke": PILOT, "quick": PILOT, "full": PILOT},
                 description=fn.__doc__)


#: schemes whose shared rotation fixes every row (deterministic given the seed), with the
#: parameter sets averaged exactly over the rotation's 2^D sign patterns
OVER_ROTATIONS = {"drive": ({}, {"unbiased": False}), "eden": ({"bits": 2}, {"bits": 1, "unbiased": False})}
#: relative cost per element of a trial that draws its own rotation (one call per trial)
ROTATION_COST = 100


def _variant(name: str, kw: dict):
    """The scheme at one of its averaged parameter sets (a seam the mutation tests use)."""
    return quantizers.get(name, **kw)


def _rotation_check(name: str) -> Check:
    variants = OVER_ROTATIONS[name]

    def fn(p, rng, trials):
        q = _variant(name, variants[p["variant"]])
        x = _family_input(p["input"], quantizers.registry.scheme_class(name), p["d"], rng)
        pred = q.predict_over_rotations(x)

        def run(t):
            return compare_over_shared(q, x, trials=t, rng=rng, prediction=pred)

        need, ran = _plan(run, pred, x.size, p.get("profile", "quick"), ROTATION_COST)
        return _outcome(run(ran), need, ran, method=pred.method, note=pred.note, trials_run=ran,
                        params=dict(q.arguments), bias_over_rotation=pred.bias_norm)

    fn.__doc__ = (f"{name}'s error and bits over fresh shared rotations equal their exact average over "
                  "the 2^D sign patterns of the randomized Hadamard rotation.")
    grids = {"smoke": [{"d": 8, "input": "generic", "variant": 0, "profile": "smoke"}],
             "quick": [{"d": d, "input": k, "variant": v, "profile": "quick"}
                       for d, k in ((5, "generic"), (13, "student-t")) for v in range(len(variants))]}
    return Check(id=f"exact/{name}-over-rotations", paper="exact", fn=fn, grids=grids, claim="tight",
                 bound=None, construction="generic and student-t", scheme=name,
                 trials={"smoke": PILOT, "quick": PILOT, "full": PILOT}, description=fn.__doc__)


def _signed_ones(rng, d, M=1.0):
    return M * rng.choice([-1.0, 0.0, 1.0], size=d, p=[0.15, 0.7, 0.15])


def _scaled_ones(rng, d, M):
    return M * (rng.random(d) < 0.3)


def _perturbed_ones(rng, d, M):
    return M * (rng.random(d) < 0.3) + rng.uniform(-0.45 * M, 0.45 * M, size=d)


#: further parameter sets of a scheme with their own tight check, each with its input law:
#: barnes2020's Section II-C variants of the Section V scheme -- (i) signed entries, (ii) a
#: public scale M, (iii) continuous perturbations |Z_j| <= M/2 mapped back to the ones
SCHEME_VARIANTS = {"bernoulli-subsample": (
    ("signed", {"k": 24, "signed": True}, lambda rng, d: _signed_ones(rng, d)),
    ("scaled", {"k": 24, "M": 2.5}, lambda rng, d: _scaled_ones(rng, d, 2.5)),
    ("perturbed", {"k": 24, "M": 2.0, "perturbed": True, "signed": True},
     lambda rng, d: _perturbed_ones(rng, d, 2.0) * rng.choice([-1.0, 1.0], size=d)))}


def _scheme_variant_check(name: str) -> Check:
    variants = SCHEME_VARIANTS[name]

    def fn(p, rng, trials):
        _, kw, draw = next(v for v in variants if v[0] == p["variant"])
        q = _variant(name, kw)
        shared = int(rng.integers(2**31))
        x = draw(rng, p["d"])
        pred = q.predict(x, shared=shared)

        def run(t):
            return compare(q, x, trials=t, rng=rng, shared=shared, prediction=pred)

        need, ran = _plan(run, pred, x.size, p.get("profile", "quick"), COST.get(name, 1.0), max_trials(q, x.size))
        return _outcome(run(ran), need, ran, method=pred.method, note=pred.note, trials_run=ran,
                        params=dict(q.arguments))

    fn.__doc__ = f"{name}'s variants: Monte Carlo equals the exact prediction (error, bits, bias) for each."
    grids = {prof: [{"d": d, "variant": v[0], "profile": prof} for v in variants]
             for prof, d in (("smoke", 32), ("quick", 128))}
    return Check(id=f"exact/{name}-variants", paper="exact", fn=fn, grids=grids, claim="tight", bound=None,
                 construction="variant inputs", scheme=name, trials={"smoke": PILOT, "quick": PILOT, "full": PILOT},
                 description=fn.__doc__)


for _name in quantizers.available():
    register(_scheme_check(_name))
for _name in SCHEME_VARIANTS:
    register(_scheme_variant_check(_name))
for _name in quantizers.protocols():
    register(_protocol_check(_name))
for _name in OVER_ROTATIONS:
    register(_rotation_check(_name))


# ----------------------------------------------------------------------------- bounds


def _bound(bid: str):
    """The registered bound (a seam the mutation tests use to plant a wrong constant)."""
    return cb.bound(bid)


def _sum_sq_split(x, r):
    w = np.sort(x * x)[::-1]
    return float(w[:r].sum()), float(w[r:].sum())


def _bound_cases():
    """``(check id, bound id, kind, scheme or protocol factory, input, evaluate)``: each
    ``evaluate(pred, x)`` returns ``(value predicted, bound's value)``."""
    rng = np.random.default_rng(20260)

    def student(d):
        return constructions.get("student-t", n=1, d=d).sample(rng=rng).inputs[0]

    small = 0.02 * student(64)            # entries far below F: Lemma 2.1 is nearly tight there
    cases = []
    for F, x, tag in ((0.5, student(64), "student-t"), (1.0, small, "small-entries")):
        cases.append((f"bound/huang2019-lem2.1-{tag}", "huang2019:lem2.1", "upper",
                      lambda F=F: quantizers.get("sar", F=F), x,
                      lambda pred, x, F=F: (pred.mse, _bound("huang2019:lem2.1")(F=F, L1=float(np.abs(x).sum())))))
    xs = student(40)
    for name, kw, r in (("top-k", {"k": 5}, 5), ("rtop-k", {"k": 4, "r": 12}, 12), ("random-k", {"k": 6}, 40)):
        def ev(pred, x, k=kw["k"], r=r):
            top, tail = _sum_sq_split(x, r)
            return pred.mse, _bound("barnes2020:prop1/exact")(k=k, r=r, W_top=top, W_tail=tail)
        cases.append((f"bound/barnes2020-prop1-{name}", "barnes2020:prop1/exact", "equality",
                      lambda name=name, kw=kw: quantizers.get(name, precision=64, **kw), xs, ev))
    cases.append(("bound/davies2021-exp4-variance", "davies2021:exp4/variance", "equality",
                  lambda: quantizers.get("lattice-cubic", q=8, s=0.25), 50 + rng.standard_normal(32),
                  lambda pred, x: (pred.mse, _bound("davies2021:exp4/variance")(d=x.size, s=0.25))))
    cases.append(("bound/davies2021-lem6-variance", "davies2021:lem6/variance", "upper",
                  lambda: quantizers.get("lattice", eps=0.1, q=16), 20 + rng.standard_normal(4),
                  lambda pred, x: (pred.mse, _bound("davies2021:lem6/variance")(eps=0.1))))
    for B in (1.0, 3.0):
        y = 0.9 * B * student(32) / np.abs(student(32)).sum()
        cases.append((f"bound/mayekar2020-thm4.1-alpha0-B{B:g}", "mayekar2020:thm4.1/alpha0", "upper",
                      lambda B=B: quantizers.get("simq", B=B), 0.9 * B * y / np.abs(y).sum(),
                      lambda pred, x, B=B: (_alpha0(pred, x), _bound("mayekar2020:thm4.1/alpha0")(B=B))))
    yq = student(32)
    yq = 0.9 * yq / np.linalg.norm(yq)
    for k in (4, 32):
        cases.append((f"bound/mayekar2020-thm4.2-alpha0-k{k}", "mayekar2020:thm4.2/alpha0", "upper",
                      lambda k=k: quantizers.get("simq-plus", B=1.0, k=k, p=2.0), yq,
                      lambda pred, x, k=k: (_alpha0(pred, x),
                                            _bound("mayekar2020:thm4.2/alpha0")(B=1.0, d=x.size, p=2.0, k=k))))
        cases.append((f"bound/mayekar2020-ratq-mse-k{k - 1}", "mayekar2020:ratq-mse", "upper",
                      lambda k=k: quantizers.get("ratq", B=1.0, k=k - 1), yq,
                      lambda pred, x, k=k: (pred.mse, _ratq_bound(x.size, k - 1))))
    Xd = constructions.get("student-t", n=4, d=64).sample(rng=rng).inputs
    for C in (16.0, 128.0):
        cases.append((f"bound/huang2019-thm2.3-mse-C{C:g}", "huang2019:thm2.3/mse", "upper",
                      lambda C=C: quantizers.protocol("sparse-dme", C=C), Xd,
                      lambda pred, X, C=C: (pred.mse, _bound("huang2019:thm2.3/mse")(
                          F1=float(np.abs(X).sum()), C=C, n=X.shape[0]))))
    return cases


def _ratq_bound(d: int, k: int) -> float:
    """The RATQ error bound as the composite states it (``B' = B d^(1/p - 1/2)`` absorbed),
    evaluated at ``p = 3/2`` with ``B`` chosen so that ``B' = 1``, the l2 radius of the input."""
    p = 1.5
    s = quantizers.get("ratq", B=1.0, k=k).parameters(d)["s"]
    return _bound("mayekar2020:ratq-mse")(B=d ** (0.5 - 1 / p), d=d, p=p, s=s, k=k)


def _alpha0(pred, x) -> float:
    """``sqrt(E||Q(Y)||^2)`` from the prediction: the error's second moment plus the bias
    cross-term and ``||Y||^2``."""
    return math.sqrt(pred.mse + 2 * float(pred.bias @ x) + float(x @ x))


def _bound_check(cid, bid, kind, make, x, evaluate) -> Check:
    def fn(p, rng, trials):
        q = make()
        pred = q.predict(x, shared=0)
        value, ref = evaluate(pred, x)
        value, ref = float(value), float(ref)
        tol = 1e-9 * (1 + abs(ref))
        if kind == "equality":
            ok, rule = abs(value - ref) <= tol, "pass if the exact prediction equals the bound (to 1e-9 relative)"
        else:
            ok, rule = value <= ref + tol, "pass if the exact prediction is at most the bound"
        o = Outcome(value, (value, value), ref, "pass" if ok else "fail", rule,
                    extra={"exact": True, "method": pred.method,
                           "sensitivity_text": "no sampling: any violation at this input fails"})
        o.sensitivity = 0.0
        return o

    fn.__doc__ = f"{bid} holds at an exact prediction ({'equality' if kind == 'equality' else 'upper bound'})."
    return Check(id=cid, paper=bid.split(":")[0], fn=fn, grids={"smoke": [{}]}, claim="exact bound",
                 bound=bid, trials={"smoke": 1, "quick": 1, "full": 1}, description=fn.__doc__)


for _case in _bound_cases():
    register(_bound_check(*_case))
