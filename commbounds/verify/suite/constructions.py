"""Generated checks: every registered construction's defining properties hold on samples."""

from __future__ import annotations

from ... import constructions
from ..claims import all_hold
from ..engine import Check, register


def _make(name: str):
    cls = constructions.construction_class(name)

    def fn(p, rng, trials):
        c = constructions.get(name, **p)
        props: dict[str, bool] = {}
        for _ in range(trials):
            inst = c.sample(rng=rng)
            for k, v in c.check(inst).items():
                props[k] = props.get(k, True) and bool(v)
        return all_hold(props, source=cls.source)

    fn.__doc__ = f"The defining properties of {name} ({cls.source}) hold on every sample."
    paper = cls.source.split(":")[0] if cls.source else "constructions"
    return Check(id=f"{paper}/construction-{name}", paper=paper, fn=fn,
                 grids={"smoke": [dict(cls.typical)]}, claim="construction properties",
                 bound=cls.source or None, construction=name,
                 trials={"smoke": 3, "quick": 20, "full": 100}, description=fn.__doc__)


for _name in constructions.available():
    register(_make(_name))
