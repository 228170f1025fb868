"""Generated checks: every davies2021 variance lower bound against every scheme in its class.

The pairs come from the applicability relation (:mod:`commbounds.bounds.applicability`):
for each explicit-constant lower bound whose class admits a single-vector scheme, the
scheme runs as the one-round protocol of its model -- every machine encodes its input
once, machine 0 decodes the others' messages (against its own input, for schemes that
decode with side information) and outputs the mean of its own input and the decoded
ones -- on the bound's hard family.  The budget is the one the scheme actually used:
``b`` is one more than the most bits machine 0 received in any trial (so it received
fewer than ``b`` bits every time, Theorems 13, 15, 16; and at most ``b`` in expectation,
Corollary 14).  The claim is ``E||EST - target||^2 >= bound(b)``; a scheme that
under-counts its bits shows up as a measurement below the bound.

Theorem 13's proof picks the worst mean ``z`` for the protocol; the family draws ``z``
uniformly in ``B_{y/2}(x_v)`` instead, which avoids the protocol's good set at radius
``delta/2`` with probability above ``1 - 2^{-d}`` (:mod:`~commbounds.constructions.
mean_estimation_adversary`), so the reference for the two mean-estimation bounds is the
bound times ``(1 - 2^{-d})/4``.  Theorems 15 and 16 are stated for their families' own
distributions and are used as they stand.

Sensitivity: even exact communication leaves the mean of ``n`` inputs an error of about
``sigma^2 / n``, so a protocol that hides its bits can fall below Theorem 15
(``sigma^2 / 80`` at ``b -> 0``) only when ``n > 80`` and below Theorem 16
(``n sigma^2 / 80``) only when ``n > 9``: the grids use ``n = 128`` and ``n = 16``
machines (the mean-estimation bounds use ``n = 2``, where the mean is ``z`` itself).  The
schemes that solve a program per vector run with ``n <= 4``, where the variance-reduction
checks are sound but cannot fail.
"""

from __future__ import annotations

import numpy as np

import commbounds as cb

from ... import constructions, quantizers
from ...bounds.applicability import APPLICABILITY
from ...errors import InvalidInputError
from ..applicability import PROTOCOL_LEVELS, admitted, admitted_protocols
from ..claims import mean_ge
from ..engine import Check, register
from ..stats import mean_interval

__all__ = ["GENERATED", "admitted", "admitted_protocols", "protocol_for", "received_max", "PROTOCOL_LEVELS"]

#: schemes whose encoder solves a program per vector (linear programs, lattice searches): fewer trials
_SLOW = {"lattice", "closest-lattice", "lattice-sublinear"}

#: the bounds whose checks this module generates, with their family's parameters
GENERATED = {
    "davies2021:thm13/explicit": {"smoke": {"d": 16, "y": 1.0, "n": 2}, "quick": {"d": 32, "y": 1.0, "n": 2}},
    "davies2021:cor14/explicit": {"smoke": {"d": 16, "y": 1.0, "n": 2}, "quick": {"d": 32, "y": 1.0, "n": 2}},
    "davies2021:thm15/explicit": {"smoke": {"d": 16, "sigma": 1.0, "n": 128},
                                  "quick": {"d": 32, "sigma": 1.0, "n": 128}},
    "davies2021:thm16/explicit": {"smoke": {"d": 16, "sigma": 1.0, "n": 16},
                                  "quick": {"d": 32, "sigma": 1.0, "n": 16}},
}


def _family(bound: str, p: dict):
    fam = APPLICABILITY[bound].family
    if fam == "mean-estimation-adversary":
        # the inputs do not depend on b; the budget is measured afterwards
        return constructions.get(fam, d=p["d"], y=p["y"], b=64, n=p["n"]), "mean"
    if fam == "vr-ball":
        return constructions.get(fam, d=p["d"], sigma=p["sigma"], n=p["n"]), "nabla"
    return constructions.get(fam, d=p["d"], n=p["n"], sigma=p["sigma"]), "nabla"


def _run(q, X: np.ndarray, rng, shared: int):
    """Machines 1..n-1 encode; machine 0 decodes against its own input where the scheme
    needs side information.  Returns machine 0's estimates ``(T, d)`` and received bits."""
    own, others = X[:, :1, :], X[:, 1:, :]
    side = np.broadcast_to(own, others.shape) if q.needs_side else None
    out = q.quantize(others, rng=rng, shared=shared, side=side)
    return (own[:, 0, :] + out.estimate.sum(axis=1)) / X.shape[1], out.bits.sum(axis=1)


def _make(bound: str, name: str) -> Check:

    def fn(p, rng, trials):
        fam, key = _family(bound, p)
        inst = fam.sample(rng=rng, size=trials)
        X, target = inst.inputs, inst.truth[key]
        cls = quantizers.registry.scheme_class(name)
        q = quantizers.get(name, **cls.typical)
        shared = int(rng.integers(2**31))
        # the bound is scale invariant (y or sigma scale with the inputs), so a scheme with a
        # bounded input range runs on the family scaled into it and its estimate scaled back
        top = float(np.abs(X).max())
        for lam in (1.0, 0.5 / top, 0.05 / top):
            try:
                est, received = _run(q, lam * X, rng, shared)
                break
            except InvalidInputError:
                continue
        else:
            raise InvalidInputError(f"{name} rejects {APPLICABILITY[bound].family} at every scale")
        err = ((est / lam - target) ** 2).sum(axis=1)
        return _at_budget(bound, p, err, int(received.max()), bits_received_mean=float(received.mean()),
                          input_scale=lam)

    fn.__doc__ = (f"{name} as a one-round protocol on {APPLICABILITY[bound].family}: its error is at least "
                  f"{bound} evaluated at the bits its machines actually received.")
    slow = name in _SLOW
    # the slow encoders run with few machines: still sound, no longer sensitive (see above)
    grids = {prof: [{**pt, "n": min(pt["n"], 4)} if slow else dict(pt)] for prof, pt in GENERATED[bound].items()}
    trials = {"smoke": 3 if slow else 20, "quick": 20 if slow else 200, "full": 100 if slow else 1000}
    return _generated_check(bound, name, fn, grids, trials)


def _at_budget(bound: str, p: dict, err, got: int, **extra):
    """The claim of a generated check: ``err`` (per trial) at least ``bound`` at the budget
    ``b = got + 1`` (``got``: the most bits a machine received), with the mean-estimation
    family's factor ``(1 - 2^-d)/4`` (module docstring)."""
    args = {k: v for k, v in p.items() if k in ("y", "sigma", "n", "d")}
    bnd = cb.bound(bound)
    names = {s.name for s in bnd.params}
    value = bnd(b=got + 1, **{k: v for k, v in args.items() if k in names})
    mean_bound = APPLICABILITY[bound].family == "mean-estimation-adversary"
    reference = value * (1 - 2.0 ** -p["d"]) / 4 if mean_bound else value
    o = mean_ge(err, reference, bits_received_max=got, bound_at_budget=float(value), **extra)
    _, (lo, hi) = mean_interval(err)
    o.extra["error_ci"] = [float(lo), float(hi)]
    return o


def _generated_check(bound: str, name: str, fn, grids: dict, trials: dict) -> Check:
    return Check(id=f"applies/{bound}/{name}", paper="canary", fn=fn, grids=grids,
                 claim="error >= lower(b measured)", bound=bound, construction=APPLICABILITY[bound].family,
                 scheme=name, trials=trials, description=fn.__doc__)


for _bound in GENERATED:
    for _name in admitted(_bound):
        register(_make(_bound, _name))


# ----------------------------------------------------------------------------- protocols
#: each protocol runs at its ``PROTOCOL_LEVELS`` (star and sublinear at colours / resolution ``q``,
#: the tree at ``m``) (Theorems 8, 11, 27 for MEANESTIMATION; the reductions of Theorems 9, 12
#: and 28, ``y = 2 sigma sqrt(alpha n)`` with ``alpha = 4``, for VARIANCEREDUCTION)
_ALPHA = 4.0
#: protocols that decode machine by machine in Python: run with at most 16 machines
_SLOW_PROTOCOLS = {"sublinear-broadcast"}


def protocol_for(name: str, level, *, mean: bool, p: dict):
    """The protocol ``name`` at one level, set up for the family (MEANESTIMATION at distance
    ``y``, or VARIANCEREDUCTION at ``sigma`` through its reduction)."""
    from ...quantizers.star import Star
    from ...quantizers.sublinear_broadcast import SublinearBroadcast
    from ...quantizers.tree import Tree

    if mean:
        return {"star": lambda: Star.mean_estimation(p["y"], int(level)),
                "tree": lambda: Tree(m=int(level), y=p["y"]),
                "sublinear-broadcast": lambda: SublinearBroadcast(q=float(level), y=p["y"])}[name]()
    n, s = p["n"], p["sigma"]
    return {"star": lambda: Star.variance_reduction(s, _ALPHA, n, int(level)),
            "tree": lambda: Tree.variance_reduction(s, _ALPHA, n, int(level)),
            "sublinear-broadcast": lambda: SublinearBroadcast.variance_reduction(s, _ALPHA, n, float(level))}[name]()


def received_max(name: str, out) -> int:
    """The most bits any machine received in any trial of a protocol's simulation: the star's
    leader receives ``n - 1`` of the ``2(n - 1)`` messages it handles (every other machine
    one), the tree reports its largest receive count, and every machine of the sublinear
    broadcast receives the one representation once."""
    e = out.extra
    if name == "star":
        return int(max(np.max(e["leader_bits"]), np.max(e["other_bits"])) // 2)
    if name == "tree":
        return int(np.max(e["max_received"]))
    return int(np.max(e["message_bits"]))


def _make_protocol(bound: str, name: str) -> Check:
    mean_bound = APPLICABILITY[bound].family == "mean-estimation-adversary"

    def fn(p, rng, trials):
        fam, key = _family(bound, p)
        inst = fam.sample(rng=rng, size=trials)
        X, target = inst.inputs, inst.truth[key]
        proto = protocol_for(name, p["level"], mean=mean_bound, p=p)
        out = proto.simulate(X, rng=rng, shared=int(rng.integers(2**31)))
        err = ((out.estimate - target) ** 2).sum(axis=1)
        return _at_budget(bound, p, err, received_max(name, out), failures=int(np.sum(out.extra["failures"])),
                          total_bits_mean=float(out.bits.mean()))

    fn.__doc__ = (f"The {name} protocol on {APPLICABILITY[bound].family} at each of its levels: its error is at "
                  f"least {bound} at the most bits any of its machines actually received.")
    slow = name in _SLOW_PROTOCOLS  # relays per machine in Python: few machines (sound, less sensitive)
    grids = {prof: [{**pt, "level": lv, **({"n": min(pt["n"], 16)} if slow else {})}
                    for lv in PROTOCOL_LEVELS[name][:2 if prof == "smoke" else None]]
             for prof, pt in GENERATED[bound].items()}
    trials = {"smoke": 10, "quick": 20, "full": 200} if slow else {"smoke": 20, "quick": 200, "full": 1000}
    return _generated_check(bound, name, fn, grids, trials)


for _bound in GENERATED:
    for _name in admitted_protocols(_bound):
        register(_make_protocol(_bound, _name))
