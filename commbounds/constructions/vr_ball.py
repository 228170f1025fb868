"""davies2021 Theorem 15's input distribution for VARIANCEREDUCTION.

Algorithm
---------
Draw the true vector ``nabla`` uniformly from ``B_{d^2 sigma}(0)``; draw each of the ``n``
machines' inputs independently and uniformly from ``B_sigma(nabla)`` (both exactly: normalised
Gaussian direction, radius ``R U^{1/d}``).  The proof fixes a machine ``v``; on the event
``A_v = {||x_v|| <= (d^2 - 1) sigma}``, ``nabla`` is uniform in ``B_sigma(x_v)``, so ``v``
cannot localise it from fewer than ``b`` received bits better than ``delta = (sigma/4) 2^{-b/d}``.
The theorem does not involve ``n``; the distribution needs it to have inputs at all.

Theoretical guarantee
---------------------
Inputs are unbiased (``E x_v = nabla``) with ``E||x_v - nabla||^2 = d sigma^2/(d + 2) <= sigma^2``
and ``||x_v - nabla|| <= sigma`` on every sample; ``||nabla|| <= d^2 sigma``.  Any protocol in which
every machine receives fewer than ``b`` bits has ``E||EST - nabla||^2 >= 0.2 delta^2``
(``davies2021:thm15/explicit``).  The proof's probability chain uses
``P[A_v] >= (1 - 2/d^2)^d >= 1 - 2/d``, which gives the final ``> 0.2`` for ``d >= 9``; the
constructor enforces that range.

References
----------
Davies, Gurunathan, Moshrefi, Ashkboos, Alistarh, *Distributed Variance Reduction with
Optimal Communication*, ICLR 2021, Theorem 15 and its proof.

Examples
--------
>>> c = VRBall(d=10, sigma=0.5, n=4)
>>> inst = c.sample(rng=0, size=3)
>>> inst.inputs.shape, inst.truth["nabla"].shape, all(c.check(inst).values())
((3, 4, 10), (3, 10), True)
>>> round(inst.properties["input_variance"], 4)
0.2083
"""

from __future__ import annotations

import numpy as np

from ..params import Param
from ..validation import as_generator
from ._balls import uniform_in_ball
from .base import Construction, Instance, as_float, as_int, require
from .registry import register

__all__ = ["VRBall"]


@register("vr-ball")
class VRBall(Construction):
    """``nabla ~ U(B_{d^2 sigma}(0))``, inputs ``~ U(B_sigma(nabla))`` i.i.d. (``d >= 9``)."""

    source = "davies2021:thm15"
    params = (
        Param("d", integer=True, domain="[1, 2**53]", typical=16, description="dimension"),
        Param("sigma", domain="(0, oo)", typical=1.0, description="standard deviation"),
        Param("n", integer=True, domain="[1, 2**53]", default=8, typical=8, description="machines"),
    )

    def __init__(self, d: int, sigma: float, n: int = 8) -> None:
        d, n = as_int(d, "d", 1), as_int(n, "n", 1)
        sigma = as_float(sigma, "sigma", positive=True)
        require(d >= 9, f"d >= 9 for the proof's probability chain (got d={d})", self.source)
        super().__init__(d=d, sigma=sigma, n=n)
        self.d, self.sigma, self.n = d, sigma, n

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Inputs of shape ``(n, d)`` (or ``(size, n, d)``); ``truth["nabla"]`` the true vector."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        nabla = uniform_in_ball(g, np.zeros((*lead, self.d)), self.d**2 * self.sigma)
        X = uniform_in_ball(g, np.repeat(nabla[..., None, :], self.n, axis=-2), self.sigma)
        dist = np.linalg.norm(X - nabla[..., None, :], axis=-1)
        A = np.linalg.norm(X, axis=-1) <= (self.d**2 - 1) * self.sigma
        props = {"max_distance_to_nabla": dist.max(axis=-1),
                 "mean_squared_distance": (dist**2).mean(axis=-1),
                 "norm_nabla": np.linalg.norm(nabla, axis=-1),
                 "A_v": A,
                 "input_variance": self.d * self.sigma**2 / (self.d + 2)}
        props = {k: (float(v) if np.ndim(v) == 0 and k != "A_v" else v) for k, v in props.items()}
        return Instance(X, truth={"nabla": nabla, "mean": X.mean(axis=-2)}, properties=props,
                        params=dict(self.arguments), source=self.source)

    def check(self, instance: Instance) -> dict[str, bool]:
        X, nabla = instance.inputs, instance.truth["nabla"]
        tol = 1e-9 * self.sigma * self.d**2
        dist = np.linalg.norm(X - nabla[..., None, :], axis=-1)
        return {
            "||x_v - nabla|| <= sigma": bool(np.all(dist <= self.sigma + tol)),
            "||nabla|| <= d^2 sigma": bool(np.all(np.linalg.norm(nabla, axis=-1)
                                                  <= self.d**2 * self.sigma + tol)),
            "shape (n, d)": X.shape[-2:] == (self.n, self.d),
        }
