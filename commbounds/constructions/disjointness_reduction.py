"""korhonen2021 Theorem 9: N-player set disjointness reduces to problem (1) on bump functions.

Algorithm
---------
``S`` is a packing of ``[0,1]^d`` with separation ``delta = 2 eps/beta`` (the grid, its points
indexed ``1..|S|``).  Node ``i`` holds ``b_i in {0,1}^{|S|}`` and the ``beta``-Lipschitz bump
function ``f_{b_i}(x) = beta ||x - s||`` when ``||x - s|| < eps/beta`` for an ``s`` with
``b_i(s) = 1``, and ``eps`` otherwise.  If some ``s`` is in every set, ``sum_i f_{b_i}(s) = 0``;
if the sets are disjoint, every ``x`` has a node paying ``eps``, so ``inf sum f = eps`` at least.
The coordinator answers DISJ = 0 (intersecting) iff ``r < eps``.  The printed proof decides
from an ``eps``-accurate answer, which leaves the two cases touching (``r <= 2 eps`` versus
``r >= eps``); the rule is exact for protocols solving (1) to accuracy below ``eps/2``.

Instances: with probability 1/2 the sets share a uniformly chosen ``s``; otherwise every
element common to all sets is removed from one uniformly chosen set.  Each node's set has
density ``density``.

Theoretical guarantee
---------------------
``RCC(DISJ_{|S|,N}) = Omega(N |S|)`` with ``|S| >= (beta d^{1/2}/(2 C eps))^d``
(``korhonen2021:thm9``); the bump functions are well defined because the balls
``B_{eps/beta}(s)`` are disjoint (checked from the packing's spacing).

References
----------
Korhonen, Alistarh, *Improved Communication Lower Bounds for Distributed Optimisation*
(ICLR 2021 submission), Theorem 9 (Appendix B); Braverman et al. (2013).

Examples
--------
>>> from commbounds.constructions._coordinator import FullPrecisionProtocol
>>> c = DisjointnessReduction(N=3, d=2, eps=0.1, beta=1.0)
>>> inst = c.sample(rng=0)
>>> dec = c.decide(FullPrecisionProtocol(), inst)
>>> c.universe, dec.correct, dec.total_bits
(25, True, 75)
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from ._coordinator import BumpFamily, Decision
from ._reduction import check_separation
from .base import Construction, Instance, as_float, as_int, require
from .point_packing import GridPacking, min_distance
from .registry import register

__all__ = ["DisjointnessReduction"]


@register("disjointness-reduction")
class DisjointnessReduction(Construction):
    """``DISJ_{|S|,N}`` via problem (1) on Theorem 9's bump functions (``|S| <= max_universe``)."""

    source = "korhonen2021:thm9"
    params = (
        Param("N", integer=True, domain="[1, 2**53]", typical=4, description="nodes"),
        Param("d", integer=True, domain="[1, 2**53]", typical=2, description="dimension"),
        Param("eps", domain="(0, oo)", typical=0.1, description="accuracy"),
        Param("beta", domain="(0, oo)", typical=1.0, description="smoothness"),
        Param("density", domain="(0, 1]", default=0.5),
        Param("max_universe", integer=True, domain="[2, 2**53]", default=4096),
    )

    def __init__(self, N: int, d: int, eps: float, beta: float, density: float = 0.5,
                 max_universe: int = 4096) -> None:
        N, d = as_int(N, "N", 1), as_int(d, "d", 1)
        eps, beta = as_float(eps, "eps", positive=True), as_float(beta, "beta", positive=True)
        density = as_float(density, "density")
        if not 0 < density <= 1:
            raise InvalidInputError(f"density must be in (0, 1], got {density}")
        max_universe = as_int(max_universe, "max_universe", 2)
        super().__init__(N=N, d=d, eps=eps, beta=beta, density=density, max_universe=max_universe)
        self.N, self.d, self.eps, self.beta, self.density = N, d, eps, beta, density
        self.delta = 2 * eps / beta
        check_separation(self.name, self.delta, "2 eps/beta", eps, beta)
        self.grid = GridPacking(d, self.delta)
        require(self.grid.m >= 2, f"the packing S with delta = 2 eps/beta = {self.delta:.4g} to "
                f"have at least 2 points (needs eps/beta < 1/2)", self.source)
        if self.grid.log2_size > np.log2(max_universe):
            raise InvalidInputError(f"disjointness-reduction: the universe |S| = {self.grid.m}^{d} "
                                    f"exceeds max_universe={max_universe}; raise eps/beta or lower d")
        self.universe = self.grid.size
        self.family = BumpFamily(self.grid.points(np.arange(self.universe)), beta, eps)

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Sets ``(N, |S|)``: intersecting with probability 1/2, else disjoint."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        b = (g.random((*lead, self.N, self.universe)) < self.density).astype(np.uint8)
        inter = np.asarray(g.random(lead) < 0.5)
        common = np.all(b == 1, axis=-2)  # (..., |S|)
        owner = g.integers(0, self.N, size=(*lead, self.universe))
        drop = (owner[..., None, :] == np.arange(self.N)[:, None]) & common[..., None, :]
        b = np.where(~inter[..., None, None] & drop, 0, b).astype(np.uint8)
        s = g.integers(0, self.universe, size=lead)
        force = inter[..., None, None] & (np.arange(self.universe) == np.asarray(s)[..., None, None])
        b = np.where(force, 1, b).astype(np.uint8)
        return self.instance(b)

    def instance(self, b) -> Instance:
        b = np.asarray(b, dtype=np.uint8)
        if b.shape[-2:] != (self.N, self.universe) or b.max(initial=0) > 1:
            raise InvalidInputError(f"inputs must be 0/1 of shape (N, |S|) = ({self.N}, {self.universe})")
        disj = (~np.any(np.all(b == 1, axis=-2), axis=-1)).astype(int)
        props = {"universe": self.universe, "delta": self.delta, "spacing": self.grid.spacing}
        return Instance(b, truth={"DISJ": int(disj) if disj.ndim == 0 else disj},
                        properties=props, params=dict(self.arguments), source=self.source)

    def functions(self, b) -> list:
        return [self.family.function(bi) for bi in np.asarray(b)]

    def decide(self, protocol, instance: Instance, rng=None) -> Decision:
        """Run ``protocol``; DISJ = 0 (intersecting) iff ``r < eps``."""
        b = np.asarray(instance.inputs)
        if b.ndim != 2:
            raise InvalidInputError("decide takes one instance (inputs of shape (N, |S|))")
        out, bits = protocol.solve(self.functions(b), as_generator(rng))
        answer = int(not out.r < self.eps)
        truth = int(instance.truth["DISJ"])
        return Decision(answer, truth, answer == truth, int(np.sum(bits)), int(np.sum(bits)))

    def check(self, instance: Instance) -> dict[str, bool]:
        b = np.asarray(instance.inputs)
        P = self.family.points
        return {"inputs in {0,1}^|S|": bool(np.all(b <= 1)),
                "points in [0,1]^d": bool(np.all((P >= 0) & (P <= 1))),
                "bump balls disjoint (distance >= 2 eps/beta)": min_distance(P) >= self.delta,
                "DISJ matches the inputs": bool(np.array_equal(
                    instance.truth["DISJ"], (~np.any(np.all(b == 1, axis=-2), axis=-1)).astype(int)))}
