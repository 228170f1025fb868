"""korhonen2021 Theorem 3: N-party equality reduces to problem (1) on quadratics.

Algorithm
---------
Node ``i`` holds ``b_i in {0,1}^D``, identified with a point ``tau(b_i)`` of a packing ``S`` of
``[0,1]^d`` (pairwise distances ``> delta``), and runs the protocol with
``f_i(x) = beta0 ||x - tau(b_i)||^2``, ``beta0 = beta/N``.  From the protocol's estimate ``r``
(``F(z) <= r <= F(z) + eps``) the coordinator outputs ``EQ = 1`` iff ``r <= 2 eps``: equal inputs
give ``F(x*) = 0`` and ``r <= 2 eps``.

Unequal inputs need ``F(x*) > 2 eps``: the best point for two centres ``a != b`` gives
``f_i + f_j >= beta0 ||a - b||^2/2``, so the separation must exceed ``2 (eps/beta0)^{1/2} =
2 (N eps/beta)^{1/2}``.  The printed proof takes ``delta = (eps/(2 beta))^{1/2}``, which is
smaller by ``2 (2N)^{1/2}``; with it the reduction answers "equal" on unequal inputs whose
points are neighbours (``variant="as-printed"`` reproduces this; ``"corrected"``, the default,
uses the separation the argument needs).

Theoretical guarantee
---------------------
A deterministic protocol for (1) with ``C`` bits decides ``EQ_{D,N}`` with ``C`` bits, so
``C = Omega(N D) = Omega(N d log(beta d/(N eps)))`` with the corrected separation
(``korhonen2021:thm3/corrected``).  :meth:`EqualityReduction.decide` runs a protocol and
reports the answer, the truth and the bits.

References
----------
Korhonen, Alistarh, *Improved Communication Lower Bounds for Distributed Optimisation*
(ICLR 2021 submission), Theorem 3 and its proof; Vempala, Wang, Woodruff (2020).

Examples
--------
>>> from commbounds.constructions._coordinator import FullPrecisionProtocol
>>> c = EqualityReduction(N=3, d=2, eps=0.001, beta=3.0)
>>> inst = c.sample(rng=0)
>>> dec = c.decide(FullPrecisionProtocol(), inst)
>>> dec.correct, dec.total_bits, c.D
(True, 576, 8)
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from ._coordinator import Decision, QuadraticFamily
from ._reduction import PackedReduction
from .base import Instance
from .registry import register

__all__ = ["EqualityReduction"]

_DELTA = {"corrected": lambda N, eps, beta: 2 * np.sqrt(N * eps / beta),
          "as-printed": lambda N, eps, beta: np.sqrt(eps / (2 * beta))}
_FORMULA = {"corrected": "2 (N eps/beta)^(1/2)", "as-printed": "(eps/(2 beta))^(1/2)"}


@register("equality-reduction")
class EqualityReduction(PackedReduction):
    """``EQ_{D,N}`` via problem (1) on ``beta0 ||x - tau(b_i)||^2`` (``variant`` picks ``delta``)."""

    source = "korhonen2021:thm3"
    params = (
        Param("N", integer=True, domain="[1, 2**53]", typical=4, description="nodes"),
        Param("d", integer=True, domain="[1, 2**53]", typical=3, description="dimension"),
        Param("eps", domain="(0, oo)", typical=0.001, description="accuracy"),
        Param("beta", domain="(0, oo)", typical=4.0, description="smoothness"),
        Param("variant", options=tuple(sorted(_DELTA)), default="corrected"),
    )

    def __init__(self, N: int, d: int, eps: float, beta: float, variant: str = "corrected") -> None:
        if variant not in _DELTA:
            raise InvalidInputError(f"equality-reduction: variant must be one of {sorted(_DELTA)}, got {variant!r}")
        self.delta_formula = _FORMULA[variant]
        self._setup(N, d, eps, beta, _DELTA[variant], variant=variant)
        self.variant = variant
        self.family = QuadraticFamily(self.d)

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Inputs ``(N, D)``: all equal with probability 1/2, otherwise not all equal."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        b = g.integers(0, 2, size=(*lead, 1, self.D)).repeat(self.N, axis=-2).astype(np.uint8)
        unequal = g.random(lead) < 0.5
        other = g.integers(0, 2, size=(*lead, self.N, self.D)).astype(np.uint8)
        b = np.where(np.asarray(unequal)[..., None, None], other, b)
        same = np.all(b == b[..., :1, :], axis=(-2, -1))
        fix = np.asarray(unequal & same)  # a draw that came out equal: flip one bit of node N-1
        if fix.any():
            j = g.integers(0, self.D, size=fix.shape)
            flat = b.reshape(-1, self.N, self.D)
            for t in np.flatnonzero(fix.ravel()):
                flat[t, -1, j.ravel()[t]] ^= 1
        return self.instance(b)

    def instance(self, b) -> Instance:
        """The instance for given inputs ``b`` of shape ``(N, D)`` (or ``(size, N, D)``)."""
        b = self._binary_inputs(b)
        eq = np.all(b == b[..., :1, :], axis=(-2, -1))
        props = self._props() | {"min_input_point_distance": _min_distinct(self.tau(b))}
        return Instance(b, truth={"EQ": eq.astype(int) if eq.ndim else int(eq), "points": self.tau(b)},
                        properties=props, params=dict(self.arguments), source=self.source)

    def decide(self, protocol, instance: Instance, rng=None) -> Decision:
        """Run ``protocol`` on one instance and decide ``EQ`` from ``r <= 2 eps``."""
        _, out, bits = self._solve(protocol, instance, rng)
        answer = int(out.r <= 2 * self.eps)
        truth = int(instance.truth["EQ"])
        return Decision(answer, truth, answer == truth, int(np.sum(bits)), int(np.sum(bits)))

    def check(self, instance: Instance) -> dict[str, bool]:
        b, P = np.asarray(instance.inputs), instance.truth["points"]
        return {"inputs in {0,1}^D": bool(np.all(b <= 1)),
                "points in [0,1]^d": bool(np.all((P >= 0) & (P <= 1))),
                "distinct points farther than delta": bool(np.all(
                    np.asarray(instance.properties["min_input_point_distance"]) > self.delta)),
                "EQ matches the inputs": bool(np.array_equal(
                    instance.truth["EQ"], np.all(b == b[..., :1, :], axis=(-2, -1)).astype(int)))}


def _min_distinct(P: np.ndarray):
    """Smallest distance between distinct points among each instance's ``N`` points."""
    D2 = ((P[..., :, None, :] - P[..., None, :, :]) ** 2).sum(-1)
    D2 = np.where(D2 > 0, D2, np.inf)
    m = np.sqrt(D2.min(axis=(-2, -1)))
    return float(m) if m.ndim == 0 else m
