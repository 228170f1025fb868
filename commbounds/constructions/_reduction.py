"""Shared machinery of korhonen2021's reductions: binary strings as points of a packing.

``tau`` identifies ``b in {0,1}^D`` with a point of the grid packing of ``[0,1]^d`` with spacing
``> delta`` (:class:`~.point_packing.GridPacking`): the grid index of ``tau(b)`` is the integer
whose binary digits are ``b``.  ``D = floor(log2 |S|)`` so that ``2^D <= |S|`` (the proofs assume
``|S| = 2^D``); ``D`` is capped at 62 so indices stay exact ``int64`` (a smaller universe is
still an instance of the same communication problem).
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InvalidInputError
from ..validation import as_generator
from .base import Construction, as_float, as_int, require
from .point_packing import MIN_DELTA, GridPacking

__all__ = ["PackedReduction", "bits_to_index", "index_to_bits", "check_separation"]

D_CAP = 62


def bits_to_index(b) -> np.ndarray:
    b = np.asarray(b, dtype=np.int64)
    return b @ (np.int64(1) << np.arange(b.shape[-1] - 1, -1, -1, dtype=np.int64))


def index_to_bits(idx, D: int) -> np.ndarray:
    idx = np.asarray(idx, dtype=np.int64)
    return ((idx[..., None] >> np.arange(D - 1, -1, -1, dtype=np.int64)) & 1).astype(np.uint8)


def check_separation(name: str, delta: float, formula: str, eps: float, beta: float) -> None:
    """Refuse a separation below :data:`~.point_packing.MIN_DELTA` (``beta`` far above ``eps``),
    naming the parameters it comes from."""
    if not delta >= MIN_DELTA:
        raise InvalidInputError(f"{name}: the separation delta = {formula} = {delta:.4g} is below 2^-52 "
                                f"(the grid packing would need more than 2^52 points per axis); lower beta "
                                f"or raise eps (eps={eps:g}, beta={beta:g})")


class PackedReduction(Construction):
    """Parameters ``N, d, eps, beta`` and the packing at separation ``delta`` (set by subclasses);
    subclasses set ``family`` (the nodes' objectives) and decide from :meth:`_solve`."""

    #: the separation's formula, for messages
    delta_formula: str = "delta"

    def _setup(self, N, d, eps, beta, delta_of, cap: int = D_CAP, **extra) -> None:
        N, d = as_int(N, "N", 1), as_int(d, "d", 1)
        eps, beta = as_float(eps, "eps", positive=True), as_float(beta, "beta", positive=True)
        super().__init__(N=N, d=d, eps=eps, beta=beta, **extra)
        self.N, self.d, self.eps, self.beta, self.beta0 = N, d, eps, beta, beta / N
        self.delta = float(delta_of(N, eps, beta))
        check_separation(self.name, self.delta, self.delta_formula, eps, beta)
        self.grid = GridPacking(d, self.delta)
        require(self.grid.m >= 2, f"the packing S of Lemma 2 with delta = {self.delta_formula} = "
                f"{self.delta:.4g} to have at least 2 points in [0,1]^d (needs delta < 1: lower eps or "
                f"raise beta; got a single point at eps={eps:g}, beta={beta:g})", self.source)
        self.D = min(math.floor(self.grid.log2_size + 1e-12), cap)

    def tau(self, b) -> np.ndarray:
        """Points ``tau(b)`` for strings ``b`` of shape ``(..., D)``."""
        return self.grid.points(bits_to_index(b))

    def _binary_inputs(self, b) -> np.ndarray:
        """``b`` as 0/1 strings of shape ``(..., N, D)``; anything else is refused."""
        b = np.asarray(b, dtype=np.uint8)
        if b.shape[-2:] != (self.N, self.D) or b.max(initial=0) > 1:
            raise InvalidInputError(f"inputs must be 0/1 of shape (N, D) = ({self.N}, {self.D}), got {b.shape}")
        return b

    def functions(self, b) -> list:
        """The nodes' objectives ``beta0 ||x - tau(b_i)||^2`` for one input ``(N, D)``."""
        return [self.family.function(self.beta0, p) for p in self.tau(b)]

    def _solve(self, protocol, instance, rng=None):
        """Run ``protocol`` on one instance: its inputs, the protocol's output and bits per node."""
        b = np.asarray(instance.inputs)
        if b.ndim != 2:
            raise InvalidInputError("decide takes one instance (inputs of shape (N, D))")
        out, bits = protocol.solve(self.functions(b), as_generator(rng))
        return b, out, bits

    def _props(self) -> dict:
        return {"D": self.D, "delta": self.delta, "spacing": self.grid.spacing,
                "log2_packing_size": self.grid.log2_size, "beta0": self.beta0}
