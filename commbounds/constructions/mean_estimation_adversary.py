"""davies2021 Theorem 13's adversarial MEANESTIMATION input.

Fix a machine ``v`` and its input ``x_v``.  A machine that receives fewer than ``b`` bits has
fewer than ``2^b`` receive strings ``B_v``; ``OUT_{B_v}``, the points ``z`` with
``P_s[||EST - z|| <= delta] > 1/2``, has volume at most ``Vol(B_{2 delta})``, so ``OUT_v``
(their union) has volume below ``2^b Vol(B_{2 delta})``.  With ``delta = (y/4) 2^{-b/d}``
this is ``Vol(B_{y/2})``, so some ``z`` in ``B_{y/2}(x_v)`` lies outside ``OUT_v``.  The
adversary makes ``z`` the mean: one other machine gets ``2 z - x_v``, all others get ``z``
(pairwise distances at most ``2 ||z - x_v|| <= y``).  Then ``E||EST - mu||^2 >= delta^2/2``.

Algorithm
---------
:meth:`MeanEstimationAdversary.sample` draws ``z`` uniformly in ``B_{y/2}(x_v)``: whatever
the protocol, ``P[z in OUT_v] < 2^b Vol(B_{2 delta'}) / Vol(B_{y/2}) = 2^b (4 delta'/y)^d``
for a radius ``delta'``, so at ``delta' = delta 2^{-1}`` the uniform draw avoids ``OUT_v``
with probability above ``1 - 2^{-d}``.  :meth:`MeanEstimationAdversary.against` is the
proof's choice against a given finite set of outputs (a deterministic decoder's ``< 2^b``
possible estimates, whose ``OUT_{B_v}`` is the ``delta``-ball around each): it returns a
``z`` in ``B_{y/2}(x_v)`` at distance more than ``delta`` from every output.

Theoretical guarantee
---------------------
Pairwise input distances ``<= y`` (exact on every sample), mean equal to ``z`` (exact up to
rounding), ``||z - x_v|| <= y/2``; lower bound ``delta^2/2 = y^2 2^{-2b/d}/32`` on the MSE of
any protocol in which ``v`` receives fewer than ``b`` bits (``davies2021:thm13/explicit``).

References
----------
Davies, Gurunathan, Moshrefi, Ashkboos, Alistarh, *Distributed Variance Reduction with
Optimal Communication*, ICLR 2021, Theorem 13 and its proof.

Examples
--------
>>> c = MeanEstimationAdversary(d=8, y=2.0, b=16, n=3)
>>> inst = c.sample(rng=0)
>>> inst.inputs.shape, all(c.check(inst).values())
((3, 8), True)
>>> round(inst.properties["delta"], 4), round(inst.properties["mse_lower"], 6)
(0.125, 0.007812)
"""

from __future__ import annotations

import numpy as np

from ..errors import BoundDomainError, InvalidInputError
from ..params import Param
from ..validation import as_generator
from ._balls import uniform_direction, uniform_in_ball
from .base import Construction, Instance, as_float, as_int, require
from .registry import register

__all__ = ["MeanEstimationAdversary"]


@register("mean-estimation-adversary")
class MeanEstimationAdversary(Construction):
    """Theorem 13's hard input (dimension ``d``, distance bound ``y``, bit budget ``b``,
    ``n >= 2`` machines; ``v`` is machine 0, ``x_v`` a point at distance ``x_norm`` from 0)."""

    source = "davies2021:thm13"
    params = (
        Param("d", integer=True, domain="[1, 2**53]", typical=16, description="dimension"),
        Param("y", domain="(0, oo)", typical=1.0, description="distance bound"),
        Param("b", integer=True, domain="[0, 2**53]", typical=64, description="bits per machine"),
        Param("n", integer=True, domain="[1, 2**53]", default=2, typical=4, description="machines"),
        Param("x_norm", domain="[0, oo)", default=0.0),
    )

    def __init__(self, d: int, y: float, b: int, n: int = 2, x_norm: float = 0.0) -> None:
        d, b, n = as_int(d, "d", 1), as_int(b, "b", 0), as_int(n, "n", 1)
        y = as_float(y, "y", positive=True)
        x_norm = as_float(x_norm, "x_norm")
        require(n >= 2, f"n >= 2 machines (the adversary sets another machine's input; got n={n})",
                self.source)
        if x_norm < 0:
            raise InvalidInputError(f"x_norm must be >= 0, got {x_norm}")
        super().__init__(d=d, y=y, b=b, n=n, x_norm=x_norm)
        self.d, self.y, self.b, self.n, self.x_norm = d, y, b, n, x_norm
        #: the proof's delta = (y/4) 2^{-b/d}
        self.delta = y / 4 * 2.0 ** (-b / d)

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Inputs of shape ``(n, d)`` (or ``(size, n, d)``) with ``z`` uniform in ``B_{y/2}(x_v)``."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        xv = self.x_norm * uniform_direction(g, lead, self.d)
        z = uniform_in_ball(g, xv, self.y / 2)
        return self._instance(xv, z)

    def against(self, outputs, rng=None, x_v=None, max_tries: int = 10_000) -> Instance:
        """The proof's input against a decoder whose possible estimates are ``outputs``.

        ``outputs`` has shape ``(m, d)``; with ``m < 2^b`` their ``delta``-balls cover less
        volume than ``B_{y/2}``, and ``z`` is drawn uniformly from ``B_{y/2}(x_v)`` until it is
        more than ``delta`` from every output (``BoundDomainError`` when ``m >= 2^b``).
        """
        g = as_generator(rng)
        E = np.asarray(outputs, dtype=float).reshape(-1, self.d)
        require(E.shape[0] < 2.0 ** self.b,
                f"fewer than 2^b = {2.0 ** self.b:g} possible outputs (got {E.shape[0]})", self.source)
        xv = (self.x_norm * uniform_direction(g, (), self.d) if x_v is None
              else np.asarray(x_v, dtype=float).reshape(self.d))
        batch = 256
        for _ in range(-(-max_tries // batch)):
            Z = uniform_in_ball(g, xv, self.y / 2, size=batch)
            dist = np.sqrt(np.maximum(((Z[:, None, :] - E[None, :, :]) ** 2).sum(-1), 0.0))
            free = np.flatnonzero(np.all(dist > self.delta, axis=1))
            if free.size:
                inst = self._instance(xv, Z[free[0]])
                inst.properties["min_distance_to_outputs"] = float(dist[free[0]].min())
                return inst
        raise BoundDomainError(f"{self.source}: no point of B_y/2(x_v) found outside the outputs' "
                               f"delta-balls in {max_tries} draws")

    def check(self, instance: Instance) -> dict[str, bool]:
        X = instance.inputs
        xv, z = instance.truth["x_v"], instance.truth["mean"]
        diff = X[..., :, None, :] - X[..., None, :, :]
        pair = np.sqrt((diff**2).sum(-1))
        tol = 1e-12 * (1 + self.y + self.x_norm)
        return {
            "pairwise distances <= y": bool(np.all(pair <= self.y + tol)),
            "mean = z": bool(np.allclose(X.mean(axis=-2), z, rtol=0, atol=tol * 10)),
            "||z - x_v|| <= y/2": bool(np.all(np.linalg.norm(z - xv, axis=-1) <= self.y / 2 + tol)),
            "machine v holds x_v": bool(np.array_equal(X[..., 0, :], xv)),
        }

    def _instance(self, xv: np.ndarray, z: np.ndarray) -> Instance:
        X = np.repeat(z[..., None, :], self.n, axis=-2)
        X[..., 0, :] = xv
        X[..., 1, :] = 2 * z - xv
        diff = X[..., :, None, :] - X[..., None, :, :]
        props = {"max_pairwise_distance": np.sqrt((diff**2).sum(-1)).max(axis=(-2, -1)),
                 "distance_z_x_v": np.linalg.norm(z - xv, axis=-1),
                 "delta": self.delta, "mse_lower": self.delta**2 / 2,
                 # a uniform z is outside OUT_v at radius delta/2 with probability > 1 - 2^-d
                 "delta_uniform": self.delta / 2, "p_out_uniform": 1 - 2.0 ** (-self.d)}
        props = {k: (float(v) if np.ndim(v) == 0 else v) for k, v in props.items()}
        return Instance(X, truth={"mean": z, "x_v": xv}, properties=props,
                        params=dict(self.arguments), source=self.source)
