"""barnes2020 Theorem 2's sub-family ``Theta' = [s/(2d), s/d]^d`` of the sparse Bernoulli model.

Algorithm
---------
Draw ``theta`` uniformly from the cube ``[s/(2d), s/d]^d`` (so ``sum theta <= s``), then ``n``
samples ``X_i ~ prod_j Bern(theta_j)``.

Theoretical guarantee
---------------------
The proof bounds the score ``S_{theta_j}(x) = 1/theta_j`` (``x = 1``), ``-1/(1 - theta_j)``
(``x = 0``) in ``Psi_2``-Orlicz norm by
``N_j = max{1/(theta_j sqrt(ln(1/theta_j))), 1/((1-theta_j) sqrt(ln(1/(1-theta_j))))}``: then
``E exp((S/N_j)^2) <= 2``.  Both are computed exactly from the sampled ``theta`` (properties
``N`` and ``orlicz_moment``; ``check`` asserts the moment is at most 2).  With Theorem 4 this
gives the lower bound ``c s^2 log(d/s)/(nk)`` for ``nk >= d log(d/s)`` and ``s <= d/2``.

References
----------
Barnes, Inan, Isik, Özgür, *rTop-k: A Statistical Estimation Approach to Distributed SGD*,
proof of Theorem 2 (Section VI).

Examples
--------
>>> c = BernoulliCube(d=20, s=4.0, n=8)
>>> inst = c.sample(rng=0)
>>> inst.inputs.shape, all(c.check(inst).values())
((8, 20), True)
>>> bool(inst.properties["orlicz_moment"].max() <= 2)
True
"""

from __future__ import annotations

import numpy as np

from ..params import Param
from ..validation import as_generator
from .base import Construction, Instance, as_float, as_int, require
from .registry import register
from .sparse_bernoulli import _check, _draw

__all__ = ["BernoulliCube", "orlicz_scale"]


def orlicz_scale(theta) -> np.ndarray:
    """The proof's ``N_j`` (natural logarithms, as the moment computation needs)."""
    t = np.asarray(theta, dtype=float)
    return np.maximum(1 / (t * np.sqrt(np.log(1 / t))), 1 / ((1 - t) * np.sqrt(np.log(1 / (1 - t)))))


@register("bernoulli-cube")
class BernoulliCube(Construction):
    """``theta ~ U([s/(2d), s/d]^d)`` then ``n`` sparse Bernoulli samples (``s <= d/2``)."""

    source = "barnes2020:thm2"
    params = (
        Param("d", integer=True, domain="[1, 2**53]", typical=100, description="dimension"),
        Param("s", domain="(0, oo)", typical=5.0, description="expected ones per vector"),
        Param("n", integer=True, domain="[1, 2**53]", default=1, typical=16, description="machines"),
    )

    def __init__(self, d: int, s: float, n: int = 1) -> None:
        d, n = as_int(d, "d", 1), as_int(n, "n", 1)
        s = as_float(s, "s", positive=True)
        require(s <= d / 2, f"s <= d/2 (got s={s:g}, d/2={d / 2:g})", self.source)
        super().__init__(d=d, s=s, n=n)
        self.d, self.s, self.n = d, s, n

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Samples ``(n, d)`` (or ``(size, n, d)``), one ``theta`` per instance."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        theta = g.uniform(self.s / (2 * self.d), self.s / self.d, size=(*lead, self.d))
        inst = _draw(self, g, theta)
        N = orlicz_scale(theta)
        inst.properties["N"] = N
        inst.properties["orlicz_moment"] = (theta * np.exp((1 / (theta * N)) ** 2)
                                            + (1 - theta) * np.exp((1 / ((1 - theta) * N)) ** 2))
        return inst

    def check(self, instance: Instance) -> dict[str, bool]:
        theta = instance.truth["theta"]
        out = _check(self, instance)
        out["theta in [s/(2d), s/d]^d"] = bool(np.all((theta >= self.s / (2 * self.d))
                                                      & (theta <= self.s / self.d)))
        out["E exp((S/N)^2) <= 2"] = bool(np.all(instance.properties["orlicz_moment"] <= 2 + 1e-12))
        return out
