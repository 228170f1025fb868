"""Gap maps: the best registered upper bound over the best registered lower bound on a 2-D grid.

Each :class:`GapMap` names a problem, two axes (parameter, values), the fixed parameters, the
upper and lower bounds it compares and any parameter derived from the others (the bits a
scheme uses, say).  :func:`gap_map` evaluates, at every grid point,

    ``ratio = min(upper bounds) / max(lower bounds)``

(``nan`` where no bound of one side applies: a violated condition, or a point outside the
hard family).  Maps whose bounds all have explicit constants are marked ``explicit``; maps
that need an asymptotic bound evaluate it with its hidden constants set to 1, are marked
``unit-constants`` and are reported separately.  A ratio below 1 on an explicit map is a
contradiction between the papers (the row says so).

Examples
--------
>>> row = gap_map("sparse-dme-tiny")[0]
>>> row["constants"], len(row["grid"]["ratio"]) == len(row["grid"]["y"])
('explicit', True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .. import bounds
from ..errors import BoundDomainError, InvalidInputError

__all__ = ["GapMap", "MAPS", "gap_map"]


@dataclass(frozen=True)
class GapMap:
    name: str
    paper: str
    problem: str
    x: tuple[str, tuple]
    y: tuple[str, tuple]
    fixed: dict
    upper: tuple[str, ...]
    lower: tuple[str, ...]
    derive: Callable[[dict], dict] = lambda p: {}
    valid: Callable[[dict], bool] = lambda p: True
    note: str = ""
    grids: dict = field(default_factory=lambda: {"smoke": [{}], "quick": [{}]})

    @property
    def constants(self) -> str:
        asym = any(bounds.get(b).asymptotic for b in self.upper + self.lower)
        return "unit-constants" if asym else "explicit"


def _pow2(a, b):
    return tuple(2**i for i in range(a, b + 1))


def _huang(n_vals, s_vals, d, upper):
    def derive(p):
        return {"C": p["s"] * p["n"] * p["d"]}

    def valid(p):
        C = p["s"] * p["n"] * p["d"]
        return float(C).is_integer() and p["n"] <= C <= p["n"] * p["d"] / 2

    return dict(x=("n", n_vals), y=("s", s_vals), fixed={"d": d, "r": 32}, upper=upper,
                lower=("huang2019:thm3.1",), derive=derive, valid=valid)


MAPS: dict[str, GapMap] = {m.name: m for m in (
    GapMap("sparse-dme", "huang2019", "sparse distributed mean estimation: total bits", **_huang(
        _pow2(1, 6), tuple(2.0**-i for i in range(1, 10)), 1024, ("huang2019:thm2.3/explicit",)),
        note="C = s n d; upper Theorem 2.3 (explicit, r = 32) for MSE F1^2/(C n^2), lower Theorem 3.1 "
             "for MSE F1^2/(4 C n^2)"),
    GapMap("sparse-dme-tiny", "huang2019", "sparse DME at the exact instances' size (d = 4)", **_huang(
        (1, 2, 4, 8), (0.25, 0.5), 4, ("huang2019:thm2.3/explicit",)),
        note="the LP instances of the lp section are marked on this map"),
    GapMap("sparse-dme-asymptotic", "huang2019", "sparse DME, main terms at unit constants", **_huang(
        _pow2(1, 6), tuple(2.0**-i for i in range(1, 10)), 1024, ("huang2019:thm2.3",))),
    GapMap("variance-reduction", "davies2021", "variance reduction: output variance", x=("n", _pow2(2, 10)),
           y=("q", (32, 64, 128, 256, 512, 1024)), fixed={"d": 16, "sigma": 1.0, "alpha": 2.0},
           upper=("davies2021:thm9/variance-explicit",), lower=("davies2021:thm16/explicit",),
           derive=lambda p: {"b": p["d"] * math.log2(p["q"])},
           note="bits b = d log2 q (Theorem 9's bits at unit constant) for the lower bound"),
    GapMap("variance-reduction-asymptotic", "davies2021", "variance reduction at unit constants",
           x=("n", _pow2(2, 10)), y=("q", (32, 64, 128, 256, 512, 1024)),
           fixed={"d": 16, "sigma": 1.0, "alpha": 2.0}, upper=("davies2021:thm9/variance",),
           lower=("davies2021:thm16",), derive=lambda p: {"b": p["d"] * math.log2(p["q"])}),
    GapMap("sparse-bernoulli", "barnes2020", "sparse Bernoulli estimation: minimax risk",
           x=("s", (2.0, 4.0, 8.0, 16.0, 32.0, 64.0)), y=("k", tuple(10 * i for i in range(2, 13))),
           fixed={"d": 1024, "n": 100}, upper=("barnes2020:thm1/explicit",), lower=("barnes2020:thm2",),
           derive=lambda p: {"kprime": max(1, int(p["k"] // math.log2(p["d"])))},
           note="k' = floor(k / log2 d), Section V's subsample size"),
    GapMap("precision", "mayekar2020", "lp stochastic optimisation: minimum precision r*",
           x=("d", _pow2(2, 12)), y=("p", (2.0, 2.5, 3.0, 4.0, 6.0, 8.0, 16.0)), fixed={"c0": 1, "c1": 1},
           upper=("mayekar2020:thm3.1/upper-p-ge-2",), lower=("mayekar2020:thm3.1/lower-p-ge-2",)),
    GapMap("distributed-optimisation", "korhonen2021", "strongly convex distributed optimisation: total bits",
           x=("kappa", (2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0)), y=("eps", tuple(10.0**-i for i in range(2, 9))),
           fixed={"N": 8, "d": 100, "beta": 10.0}, upper=("korhonen2021:thm11",),
           lower=("korhonen2021:thm4/corrected", "korhonen2021:thm3/corrected")),
)}


def gap_map(name: str) -> list[dict]:
    """Evaluate one gap map; a single row with the grid (``ratio[y][x]``, nan where undefined)."""
    if name not in MAPS:
        raise InvalidInputError(f"no gap map {name!r}; maps: {', '.join(MAPS)}")
    m = MAPS[name]
    (xn, xs), (yn, ys) = m.x, m.y
    R = np.full((len(ys), len(xs)), np.nan)
    up_v, lo_v = R.copy(), R.copy()
    for i, yv in enumerate(ys):
        for j, xv in enumerate(xs):
            p = {**m.fixed, xn: xv, yn: yv}
            p.update(m.derive(p))
            if not m.valid(p):
                continue
            ups = [v for v in (_value(b, p) for b in m.upper) if v is not None]
            los = [v for v in (_value(b, p) for b in m.lower) if v is not None and v > 0]
            if ups and los:
                up_v[i, j], lo_v[i, j] = min(ups), max(los)
                R[i, j] = up_v[i, j] / lo_v[i, j]
    finite = R[np.isfinite(R)]
    contradiction = bool(m.constants == "explicit" and finite.size and finite.min() < 1)
    return [{"paper": m.paper, "name": m.name, "problem": m.problem, "constants": m.constants,
             "instance": f"{m.problem}: {', '.join(m.upper)} / {', '.join(m.lower)} over {xn} x {yn}",
             "measured": float(finite.min()) if finite.size else None,
             "status": "ok", "contradiction": contradiction,
             "within_2x": int((finite <= 2).sum()), "cells": int(finite.size), "note": m.note,
             "upper_ids": list(m.upper), "lower_ids": list(m.lower), "fixed": dict(m.fixed),
             "grid": {"x_name": xn, "y_name": yn, "x": list(xs), "y": list(ys), "ratio": R.tolist(),
                      "upper": up_v.tolist(), "lower": lo_v.tolist()}}]


def _value(bid: str, p: dict) -> float | None:
    b = bounds.get(bid)
    names = {q.name for q in b.params}
    kw = {k: v for k, v in p.items() if k in names}
    if b.asymptotic:
        consts = {k: v for k, v in p.items() if k in ("c0", "c1")}
        try:
            v = b(constants=consts or "unit", **kw)
        except BoundDomainError:
            return None
        except (TypeError, InvalidInputError):
            v = None
        if v is None:
            try:
                v = b(constants="unit", **kw)
            except BoundDomainError:
                return None
    else:
        try:
            v = b(**kw)
        except BoundDomainError:
            return None
    v = float(v)
    return v if math.isfinite(v) else None
