"""korhonen2021 Lemma 8: 2-BITS_D reduces to MEAN (problem (1) on quadratics) by symmetrisation.

Algorithm
---------
All ``N`` inputs ``b_i in {0,1}^D`` are uniform (distribution ``mu``); points ``tau(b_i)`` come
from a packing with separation ``delta = 3N(eps/beta)^{1/2}``.  Alice holds ``b`` and simulates a
node ``a`` chosen with public randomness; Bob simulates the coordinator and the other nodes,
whose inputs he draws from public randomness.  They run the protocol on
``f_i(x) = beta0 ||x - tau(b_i)||^2`` (``beta0 = beta/N``); only node ``a``'s messages cross
between Alice and Bob.  A protocol for (1) outputs ``z`` with ``beta ||z - x*||^2 <= eps``, so
``||z - x*|| <= (eps/beta)^{1/2}``; Lemma 6 rounds ``z`` to a net ``T`` first, which Bob does
not need here.  Bob computes ``N z - sum_{i != a} tau(b_i)``, within ``N (eps/beta)^{1/2}`` of
``tau(b_a)``, and decodes the nearest point of ``S``.

Theoretical guarantee
---------------------
Bob recovers ``b`` whenever the protocol solves (1); the expected bits between Alice and Bob
are ``C/N`` for a protocol using ``C`` bits in total, so ``C >= N ED(2-BITS_D) = Omega(N D)``
(``korhonen2021:lem8``; the checks find ``D = Theta(d log(beta d/(N^2 eps)))``,
``korhonen2021:lem8/corrected``).

References
----------
Korhonen, Alistarh, *Improved Communication Lower Bounds for Distributed Optimisation*
(ICLR 2021 submission), Lemmas 6 and 8 (Appendix A); Phillips, Verbin, Zhang (2012).

Examples
--------
>>> from commbounds.constructions._coordinator import FullPrecisionProtocol
>>> c = Mean2BitsReduction(N=3, d=2, eps=1e-5, beta=1.0)
>>> inst = c.sample(rng=0)
>>> dec = c.decide(FullPrecisionProtocol(), inst)
>>> dec.correct, dec.bits, dec.total_bits
(True, 192, 576)
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from ._coordinator import Decision, QuadraticFamily
from ._reduction import PackedReduction, index_to_bits
from .base import Instance
from .registry import register

__all__ = ["Mean2BitsReduction"]


@register("mean-2bits-reduction")
class Mean2BitsReduction(PackedReduction):
    """2-BITS_D via MEAN: Alice is a random node, Bob the coordinator and the rest."""

    source = "korhonen2021:lem8"
    params = (
        Param("N", integer=True, domain="[2, 2**53]", typical=4, description="nodes (Alice's and Bob's)"),
        Param("d", integer=True, domain="[1, 2**53]", typical=3, description="dimension"),
        Param("eps", domain="(0, oo)", typical=1e-6, description="accuracy"),
        Param("beta", domain="(0, oo)", typical=1.0, description="smoothness"),
    )

    def __init__(self, N: int, d: int, eps: float, beta: float) -> None:
        self.delta_formula = "3N (eps/beta)^(1/2)"
        self._setup(N, d, eps, beta, lambda N, eps, beta: 3 * N * np.sqrt(eps / beta))
        if self.N < 2:
            raise InvalidInputError("mean-2bits-reduction needs N >= 2 nodes (Alice and Bob's)")
        self.family = QuadraticFamily(self.d)

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Uniform inputs ``(N, D)`` and Alice's node (``truth["alice"]``)."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        b = g.integers(0, 2, size=(*lead, self.N, self.D)).astype(np.uint8)
        a = g.integers(0, self.N, size=lead)
        return self.instance(b, a)

    def instance(self, b, alice) -> Instance:
        b = self._binary_inputs(b)
        a = np.asarray(alice, dtype=np.int64)
        alice_bits = np.take_along_axis(b, a[..., None, None], axis=-2)[..., 0, :]
        return Instance(b, truth={"alice": int(a) if a.ndim == 0 else a, "b": alice_bits,
                                  "points": self.tau(b)},
                        properties=self._props(), params=dict(self.arguments), source=self.source)

    def decide(self, protocol, instance: Instance, rng=None) -> Decision:
        """Simulate; Bob decodes Alice's string.  ``bits`` counts Alice's link only."""
        b, out, bits = self._solve(protocol, instance, rng)
        a = int(instance.truth["alice"])
        others = np.delete(self.tau(b), a, axis=0).sum(axis=0)  # Bob knows these
        idx = int(self.grid.nearest(self.N * np.asarray(out.z, dtype=float) - others))
        answer = index_to_bits(idx, self.D) if idx < 2**self.D else None
        truth = np.asarray(instance.truth["b"])
        correct = answer is not None and bool(np.array_equal(answer, truth))
        return Decision(answer, truth, correct, int(bits[a]), int(np.sum(bits)))

    def check(self, instance: Instance) -> dict[str, bool]:
        b, P = np.asarray(instance.inputs), instance.truth["points"]
        a = np.asarray(instance.truth["alice"])
        return {"inputs in {0,1}^D": bool(np.all(b <= 1)),
                "points in [0,1]^d": bool(np.all((P >= 0) & (P <= 1))),
                "Alice is a node": bool(np.all((a >= 0) & (a < self.N))),
                "packing separation 3N(eps/beta)^(1/2)": bool(self.grid.spacing > self.delta)}
