"""davies2021 Theorem 16's mixture input distribution for VARIANCEREDUCTION.

Algorithm
---------
Draw ``nabla`` uniformly from ``B_{d^2 n sigma}(0)``.  Each machine independently, with
probability ``1/n``, draws its input uniformly from ``B_{sigma sqrt(n)}(nabla)``, and otherwise
receives ``nabla`` itself.  Some machine is "far" (an event ``A_v``) with probability above
``1/2``, and conditioned on it ``nabla`` is uniform in ``B_{sigma sqrt(n)}(x_v)``: that machine
cannot localise ``nabla`` better than ``delta = (sigma sqrt(n)/4) 2^{-b/d}`` from fewer than
``b`` bits.

Theoretical guarantee
---------------------
Inputs are unbiased with ``E||x_v - nabla||^2 = (1/n) d n sigma^2/(d + 2) = d sigma^2/(d + 2)``;
``||x_v - nabla|| <= sigma sqrt(n)`` and every other machine holds exactly ``nabla`` (exact on
every sample).  If all machines receive fewer than ``b`` bits, ``E||EST - nabla||^2 >=
0.2 delta^2 = sigma^2 n 2^{-2b/d}/80`` (``davies2021:thm16/explicit``).  The proof's chain
uses ``2 sigma sqrt(n) <= d^2 n sigma / d^2`` (``n >= 4``) and ``0.6 (1 - 2/d) > 0.5``
(``d >= 13``); the constructor enforces both.  The extracted ``A_v`` condition
"``||x_v|| <= d^2 n sigma sigma sqrt(n)``" has lost a minus sign; ``A_v`` here is
``||x_v|| <= d^2 n sigma - sigma sqrt(n)`` (reported as a property).

References
----------
Davies, Gurunathan, Moshrefi, Ashkboos, Alistarh, *Distributed Variance Reduction with
Optimal Communication*, ICLR 2021, Theorem 16 and its proof.

Examples
--------
>>> c = VRMixture(d=16, n=8, sigma=1.0)
>>> inst = c.sample(rng=1)
>>> inst.inputs.shape, all(c.check(inst).values())
((8, 16), True)
>>> int(inst.truth["far"].sum()) == int((inst.inputs != inst.truth["nabla"]).any(-1).sum())
True
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from ._balls import uniform_in_ball
from .base import Construction, Instance, as_float, as_int, require
from .registry import register

__all__ = ["VRMixture"]

#: Largest outer radius ``d^2 n sigma``: the inputs' squared norms stay finite (the schemes
#: accept inputs up to the same magnitude).
MAX_RADIUS = 1e150


@register("vr-mixture")
class VRMixture(Construction):
    """``nabla ~ U(B_{d^2 n sigma})``; each input is ``U(B_{sigma sqrt n}(nabla))`` w.p. ``1/n``,
    else ``nabla`` (``n >= 4``, ``d >= 13``)."""

    source = "davies2021:thm16"
    params = (
        Param("d", integer=True, domain="[1, 2**53]", typical=16, description="dimension"),
        Param("n", integer=True, domain="[1, 2**53]", typical=8, description="machines"),
        Param("sigma", domain="(0, oo)", typical=1.0, description="standard deviation"),
    )

    def __init__(self, d: int, n: int, sigma: float) -> None:
        d, n = as_int(d, "d", 1), as_int(n, "n", 1)
        sigma = as_float(sigma, "sigma", positive=True)
        require(n >= 4, f"n >= 4 for the proof's probability chain (got n={n})", self.source)
        require(d >= 13, f"d >= 13 for the proof's probability chain (got d={d})", self.source)
        outer = float(d) ** 2 * n * sigma
        if not outer <= MAX_RADIUS:
            raise InvalidInputError(f"vr-mixture: the outer radius d^2 n sigma = {outer:.4g} must be at most "
                                    f"{MAX_RADIUS:g} (squared norms of the inputs would overflow); lower sigma "
                                    f"(sigma={sigma:g}, d={d}, n={n})")
        super().__init__(d=d, n=n, sigma=sigma)
        self.d, self.n, self.sigma = d, n, sigma
        self.radius = sigma * np.sqrt(n)

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Inputs ``(n, d)`` (or ``(size, n, d)``); ``truth["far"]`` marks the ball draws."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        nabla = uniform_in_ball(g, np.zeros((*lead, self.d)), self.d**2 * self.n * self.sigma)
        far = g.random((*lead, self.n)) < 1.0 / self.n
        ball = uniform_in_ball(g, np.repeat(nabla[..., None, :], self.n, axis=-2), self.radius)
        X = np.where(far[..., None], ball, nabla[..., None, :])
        dist = np.linalg.norm(X - nabla[..., None, :], axis=-1)
        A = far & (np.linalg.norm(X, axis=-1) <= self.d**2 * self.n * self.sigma - self.radius)
        props = {"far_count": far.sum(axis=-1), "A_v": A, "any_A_v": A.any(axis=-1),
                 "max_distance_to_nabla": dist.max(axis=-1),
                 "mean_squared_distance": (dist**2).mean(axis=-1),
                 "input_variance": self.d * self.sigma**2 / (self.d + 2)}
        props = {k: (v.item() if np.ndim(v) == 0 and not isinstance(v, float) else v)
                 for k, v in props.items()}
        return Instance(X, truth={"nabla": nabla, "far": far, "mean": X.mean(axis=-2)},
                        properties=props, params=dict(self.arguments), source=self.source)

    def check(self, instance: Instance) -> dict[str, bool]:
        X, nabla, far = instance.inputs, instance.truth["nabla"], instance.truth["far"]
        tol = 1e-9 * self.sigma * self.d**2 * self.n
        dist = np.linalg.norm(X - nabla[..., None, :], axis=-1)
        return {
            "far inputs within sigma sqrt(n)": bool(np.all(dist[far] <= self.radius + tol)),
            "other inputs equal nabla": bool(np.all(X[~far] == np.broadcast_to(
                nabla[..., None, :], X.shape)[~far])),
            "||nabla|| <= d^2 n sigma": bool(np.all(np.linalg.norm(nabla, axis=-1)
                                                    <= self.d**2 * self.n * self.sigma + tol)),
        }
