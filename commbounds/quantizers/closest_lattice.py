"""The deterministic quantizer ``Q_{eps,R}`` of korhonen2021 Corollary 10.

Algorithm
---------
A lattice (``"Dn"`` by default, or ``"cubic"``) is scaled so that its covering radius is
``eps``; the encoder rounds ``x`` to its *closest* lattice point ``z`` (deterministic, no
dither -- the "closest feasible point" version the corollary describes) and sends the
colour ``c_p(z)`` (coordinates mod ``p``) with ``p = floor((R + eps)/r_p) + 1``, the
smallest modulus whose same-colour separation ``2 p r_p`` exceeds ``2 (R + eps)``.  The
decoder, holding an estimate ``q`` with ``||x - q|| <= R``, outputs the point of that
colour closest to ``q``: ``||z - q|| <= R + eps < p r_p`` while every other point of the
colour is farther than ``p r_p`` from ``q``, so it finds ``z``.

Bits: ``d log2 p`` with ``p ~ (R/eps + 1) r_c/r_p``.  ``r_c/r_p = sqrt(d/2)`` for ``D_n`` and
``sqrt d`` for ``Z^d``: the measured cost is ``d log2(R/eps) + (d/2) log2 d + O(d)``, i.e. the
corollary's ``O(d log(1/lambda))`` for fixed ``d`` with an extra ``(d/2) log d`` from using a
lattice whose ``r_c/r_p`` grows (the corollary relies on Theorem 3's lattices, which have
no efficient closest-point algorithm).

Theoretical guarantee
---------------------
Corollary 10 (``korhonen2021:cor10``): validity ``dec(q, enc(x)) = Q(x, q)`` and accuracy
``||Q(x, q) - x|| <= eps`` whenever ``||x - q|| <= R``; ``B = O(d log(1/lambda))`` bits for
``eps = lambda R``.

References
----------
Korhonen & Alistarh, 2021, Corollary 10 and Appendix C; Davies et al. (Alistarh et al.
2020), Section 2 (colouring and decoding); Conway & Sloane (radii of ``D_n``).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> Q = quantizers.get("closest-lattice", eps=0.01, R=1.0)
>>> x = np.array([5.0, 5.2, 4.9, 5.1])
>>> msg = Q.encode(x, rng=None)
>>> z = Q.decode(msg, side=x + 0.5)
>>> bool(np.linalg.norm(z - x) <= 0.01), msg.nbits
(True, 29)
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ._params import MAX_SCALE, MIN_SCALE, choice, positive_float
from .base import Scheme
from .lattices import (
    COLOURS_WHY,
    MAX_COLOURS,
    CubicLattice,
    DnLattice,
    colour_bits,
    read_colours,
    write_colours,
)
from .registry import register_scheme

__all__ = ["ClosestLattice"]


@register_scheme("closest-lattice")
class ClosestLattice(Scheme):
    """Deterministic ``Q_{eps,R}`` (see the module docstring).

    Parameters
    ----------
    eps : float
        Accuracy, ``eps > 0``.
    R : float
        Radius of validity, ``R > 0``.
    lattice : {"Dn", "cubic"}
    """
    randomness = "deterministic"

    unbiased = False
    needs_side = True
    bounds = ("korhonen2021:cor10",)
    params = (
        Param("eps", domain=f"[{MIN_SCALE:g}, {MAX_SCALE:g}]", typical=0.05, description="packing radius"),
        Param("R", domain=f"(0, {MAX_SCALE:g}]", typical=1.0, description="decoding radius"),
        Param("lattice", options=("Dn", "cubic"), default="Dn"),
    )

    def __init__(self, eps: float, R: float, lattice: str = "Dn") -> None:
        eps = positive_float(eps, "eps", "closest-lattice", minimum=MIN_SCALE)
        R = positive_float(R, "R", "closest-lattice")
        lattice = choice(lattice, "lattice", "closest-lattice", ("Dn", "cubic"))
        super().__init__(eps=eps, R=R, lattice=lattice)
        self.eps, self.R, self.kind = eps, R, lattice
        self._lat: dict[int, object] = {}

    def lattice_for(self, d: int):
        """The lattice at dimension ``d`` with covering radius ``eps``."""
        if d not in self._lat:
            kind = self.kind if d >= 2 else "cubic"
            unit = DnLattice(d) if kind == "Dn" else CubicLattice(d)
            lat = type(unit)(d, self.eps / unit.covering_radius)
            self._lat[d] = lat
        return self._lat[d]

    def modulus(self, d: int) -> int:
        """``p = floor((R + eps)/r_p) + 1``."""
        ratio = (self.R + self.eps) / self.lattice_for(d).packing_radius
        if not ratio < MAX_COLOURS - 1:
            raise InvalidInputError(f"closest-lattice: the modulus p = floor((R + eps)/r_p) + 1 = {ratio:.3g} "
                                    f"at d={d} exceeds 2^62 ({COLOURS_WHY}); lower R or raise eps "
                                    f"(R={self.R:g}, eps={self.eps:g})")
        return int(math.floor(ratio)) + 1

    def bits(self, d: int) -> int:
        return colour_bits(d, self.modulus(d))

    def sample_side(self, x, rng):
        u = rng.standard_normal(np.shape(x))
        return x + u / np.linalg.norm(u) * 0.9 * self.R

    def _draw(self, X, rng, shared):
        d = X.shape[-1]
        c = self.lattice_for(d).closest_coords(X)
        return {"c": np.mod(c, self.modulus(d), out=c)}

    def _bits(self, rep, d):
        return np.full(rep["c"].shape[0], self.bits(d), dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        lat = self.lattice_for(d)
        return lat.coset_points(rep["c"], self.modulus(d), side)

    def _write(self, wr, rep, d):
        write_colours(wr, rep["c"], self.modulus(d))

    def _read(self, r, d, shared, side):
        return {"c": read_colours(r, d, self.modulus(d))}

    def predict(self, x, *, shared=None):
        """Exact and deterministic: the closest lattice point ``z`` is the output whenever
        ``||x - q|| <= R`` (Corollary 10's validity), so the bias is ``z - x`` and the
        squared error ``||z - x||^2``; ``d log2 p`` bits always.

        Examples
        --------
        >>> import numpy as np
        >>> p = ClosestLattice(eps=0.5, R=1.0, lattice="cubic").predict(np.array([0.1, 0.2]))
        >>> bool(p.mse <= 0.25), p.bits == ClosestLattice(eps=0.5, R=1.0, lattice="cubic").bits(2)
        (True, True)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        lat = self.lattice_for(x.size)
        z = lat.points(lat.closest_coords(x[None, :]))[0]
        return Prediction.build(x, z, (z - x) ** 2, bits=self.bits(x.size),
                                note="decoding succeeds (||x - side|| <= R)")
