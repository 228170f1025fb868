"""huang2019 Section 4.1's synthetic data: ``n`` clients, ``d`` i.i.d. Student-t entries each,
and the paper's two ways of making it sparser.

Variants
--------
``"plain"``
    i.i.d. ``t_df`` entries.  The paper reports sparseness 0.60 without naming ``df``;
    the population sparseness of ``t_df`` is ``(E|X|)^2 / E X^2``, which is 0.598 at
    ``df = 10`` (the default) and tends to ``2/pi`` as ``df`` grows.
``"scaled"``
    each client's vector multiplied by its own factor drawn from ``t_df`` (data
    unbalance across clients; the paper reports 0.36).
``"keep30"`` / ``"keep10"``
    a uniformly random 30 % / 10 % of the dimensions kept (the same for all clients),
    the rest set to 0 (dimension unbalance; the paper reports 0.15 and 0.06).  Keeping a
    fraction ``f`` of the coordinates multiplies the sparseness by ``f``, so the text's
    construction gives about 0.18 and 0.06; the measured value is reported.

Examples
--------
>>> inst = StudentT(n=16, d=10_000).sample(rng=0)
>>> round(float(inst.properties["s"]), 2)
0.6
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from .base import Construction, Instance, as_float, as_int
from .block_basis import hoyer_sparseness
from .registry import register

__all__ = ["StudentT", "VARIANTS"]

#: variant -> sparseness reported in huang2019 Section 4.1
VARIANTS = {"plain": 0.60, "scaled": 0.36, "keep30": 0.15, "keep10": 0.06}


@register("student-t")
class StudentT(Construction):
    """Section 4.1 synthetic data (``n`` clients, dimension ``d``, ``df`` degrees of freedom)."""

    source = "huang2019:thm2.3"
    params = (
        Param("n", integer=True, domain="[1, 2**53]", default=16, typical=16, description="machines"),
        Param("d", integer=True, domain="[1, 2**53]", default=10_000, typical=2000, description="dimension"),
        Param("df", domain="(0, oo)", default=10.0, typical=10.0, description="degrees of freedom"),
        Param("variant", options=tuple(sorted(VARIANTS)), default="plain", typical="plain"),
    )

    def __init__(self, n: int = 16, d: int = 10_000, df: float = 10.0, variant: str = "plain") -> None:
        n, d = as_int(n, "n", 1), as_int(d, "d", 1)
        df = as_float(df, "df", positive=True)
        if variant not in VARIANTS:
            raise InvalidInputError(f"student-t: variant must be one of {sorted(VARIANTS)}, got {variant!r}")
        super().__init__(n=n, d=d, df=df, variant=variant)
        self.n, self.d, self.df, self.variant = n, d, df, variant

    def sample(self, rng=None, size: int | None = None) -> Instance:
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        X = g.standard_t(self.df, size=(*lead, self.n, self.d))
        kept = np.ones((*lead, self.d), bool)
        if self.variant == "scaled":
            X *= g.standard_t(self.df, size=(*lead, self.n, 1))
        elif self.variant in ("keep30", "keep10"):
            frac = 0.3 if self.variant == "keep30" else 0.1
            k = max(1, round(frac * self.d))
            keys = g.random((*lead, self.d))
            order = np.argsort(keys, axis=-1)
            kept = np.zeros((*lead, self.d), bool)
            np.put_along_axis(kept, order[..., :k], True, axis=-1)
            X *= kept[..., None, :]
        s = hoyer_sparseness(X)
        props = {"s": float(s) if np.ndim(s) == 0 else s, "reported_s": VARIANTS[self.variant],
                 "kept_fraction": kept.mean(axis=-1) if lead else float(kept.mean()),
                 "F1": np.abs(X).sum(axis=(-2, -1)), "F2": (X**2).sum(axis=(-2, -1))}
        return Instance(X, truth={"mean": X.mean(axis=-2)}, properties=props,
                        params=dict(self.arguments), source=self.source)

    def check(self, instance: Instance) -> dict[str, bool]:
        X = instance.inputs
        out = {"finite": bool(np.all(np.isfinite(X))),
               "shape (n, d)": X.shape[-2:] == (self.n, self.d)}
        if self.variant in ("keep30", "keep10"):
            zero_cols = np.all(X == 0, axis=-2)
            frac = 0.3 if self.variant == "keep30" else 0.1
            out["kept fraction"] = bool(np.all(np.abs((~zero_cols).mean(axis=-1) - frac) <= 1 / self.d + 1e-12))
        return out
