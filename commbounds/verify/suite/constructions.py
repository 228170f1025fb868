"""Generated checks: every registered construction's defining properties hold on samples,
over points spread across the family's declared parameter domain.

The smoke profile checks the typical point.  The quick profile sweeps each declared
parameter in turn around it (:func:`sweep`): an integer at its domain's lower end, a quarter
and twice its typical value, a real at a quarter and four times it (or its finite closed
upper end), and every option of a choice; points outside the family's joint conditions
(``n d / C`` an integer, say) are left out when the check is registered, and the record of
the typical point lists them with the reason.
"""

from __future__ import annotations

import math

from ... import constructions
from ...errors import CommboundsError
from ..claims import all_hold
from ..engine import Check, register

#: largest product of the integer parameters a swept point may reach (keeps quick cheap)
MAX_SIZE = 1 << 16
#: options of one choice parameter swept at most
MAX_OPTIONS = 4
#: parameters whose sweep would be exponential in them (exact searches): doubled at most to
CAPS = {"hamming-packing": {"d": 16}, "point-packing": {"d": 4}}


def _values(param, typical, cap):
    """The values one parameter takes in the sweep (the typical value excluded)."""
    if param.options:
        return [o for o in param.options if o != typical and (typical is not None or o != param.default)][:MAX_OPTIONS]
    if typical is None or param.kind not in ("real", "integer"):
        return []
    lo, lo_closed, hi, hi_closed = param.endpoints
    try:
        lo_v, hi_v = lo.value({}), hi.value({})
    except (KeyError, TypeError, ValueError):
        return []
    if param.integer:
        cand = [int(lo_v) if lo_closed and math.isfinite(lo_v) else None, typical // 4, 2 * typical]
        cand = [c for c in cand if c is not None and c >= lo_v and c <= hi_v]
    else:
        top = hi_v if hi_closed and math.isfinite(hi_v) else 4 * typical
        cand = [typical / 4, min(top, 4 * typical)]
        cand = [c for c in cand if (c > lo_v or (lo_closed and c == lo_v)) and (c < hi_v or (hi_closed and c == hi_v))]
    if cap is not None:
        cand = [c for c in cand if c <= cap]
    return [c for c in dict.fromkeys(cand) if c != typical]


def _size(point) -> int:
    return math.prod(int(v) for v in point.values() if isinstance(v, int) and not isinstance(v, bool) and v > 0)


def sweep(name: str) -> tuple[list[dict], list[tuple[dict, str]]]:
    """Points across ``name``'s declared domain: the typical point and one-parameter
    variations of it; and the variations its joint conditions refuse, with the reason."""
    cls = constructions.construction_class(name)
    typical = dict(cls.typical)
    caps = CAPS.get(name, {})
    points, refused = [typical], []
    for param in cls.params:
        for v in _values(param, typical.get(param.name), caps.get(param.name)):
            point = {**typical, param.name: v}
            if _size(point) > MAX_SIZE:
                continue
            try:
                constructions.get(name, **point)
            except CommboundsError as exc:
                refused.append((point, str(exc)))
                continue
            points.append(point)
    return points, refused


def _make(name: str):
    cls = constructions.construction_class(name)
    points, refused = sweep(name)

    def fn(p, rng, trials):
        c = constructions.get(name, **p)
        props: dict[str, bool] = {}
        for _ in range(trials):
            inst = c.sample(rng=rng)
            for k, v in c.check(inst).items():
                props[k] = props.get(k, True) and bool(v)
        extra = {"source": cls.source}
        if p == dict(cls.typical):
            extra["swept_points"] = len(points)
            extra["refused_points"] = [{"params": q, "reason": why} for q, why in refused]
        return all_hold(props, **extra)

    fn.__doc__ = f"The defining properties of {name} ({cls.source}) hold on every sample, across its domain."
    paper = cls.source.split(":")[0] if cls.source else "constructions"
    return Check(id=f"{paper}/construction-{name}", paper=paper, fn=fn,
                 grids={"smoke": [dict(cls.typical)], "quick": points}, claim="construction properties",
                 bound=cls.source or None, construction=name,
                 trials={"smoke": 3, "quick": 5, "full": 100}, description=fn.__doc__)


for _name in constructions.available():
    register(_make(_name))
