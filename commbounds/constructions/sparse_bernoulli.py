"""barnes2020's sparse Bernoulli model (2) and its extensions (i)-(iii).

Algorithm
---------
Each of ``n`` nodes holds ``X_i`` with independent coordinates ``X_ij ~ Bern(theta_j)``,
``theta in Theta = {theta in [0,1]^d : sum_j theta_j <= s}``.  The paper's extensions, which
may be combined (``variant="signed+scaled"``):

``"signed"`` (i)
    ``theta_j in [-1, 1]`` with ``sum_j |theta_j| <= s``; coordinate ``j`` is
    ``sign(theta_j) Bern(|theta_j|)``.
``"scaled"`` (ii)
    the Bernoulli variables are multiplied by ``M > 0``; the target is ``M theta``.
``"perturbed"`` (iii)
    independent zero-mean continuous noise supported in ``[-1/2, 1/2]`` is added to every
    coordinate.  The paper leaves its law free; here it is ``Uniform(-1/2, 1/2)``.  Its
    pre-processing (``|Y| > 1/2 -> 1``, else ``0``, :func:`binarise`) recovers ``X``
    exactly (almost surely).

``theta=None`` takes ``theta_j = s/d`` (the boundary ``sum theta = s``; alternating signs for
``"signed"``).

Theoretical guarantee
---------------------
``E X_i = M theta`` (``theta`` signed for (i)); the noise of (iii) keeps the mean.  Theorem 1:
the minimax risk with ``k`` bits per node is ``<= C s^2 log d/(nk)`` for
``2 log d <= k <= s log d``; Theorem 2's lower bound holds over the same model.

References
----------
Barnes, Inan, Isik, Özgür, *rTop-k: A Statistical Estimation Approach to Distributed SGD*,
Section II (model (2) and extensions (i)-(iii)), Theorems 1 and 2.

Examples
--------
>>> c = SparseBernoulli(d=6, s=2.0, n=4, theta=[0.5, 0.5, 0.5, 0.5, 0, 0])
>>> inst = c.sample(rng=0)
>>> inst.inputs.shape, sorted(set(inst.inputs.ravel().tolist())), all(c.check(inst).values())
((4, 6), [0.0, 1.0], True)
>>> inst.truth["mean"].tolist()
[0.5, 0.5, 0.5, 0.5, 0.0, 0.0]
"""

from __future__ import annotations

import itertools

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ..validation import as_generator
from .base import Construction, Instance, as_float, as_int, require
from .registry import register

__all__ = ["SparseBernoulli", "binarise", "VARIANTS"]

VARIANTS = ("plain", "signed", "scaled", "perturbed")
#: Largest dimension: the construction holds ``theta``, d float64 means (128 MiB at the maximum).
MAX_D = 2**24
#: every admissible spelling of ``variant``: "plain", or a "+"-joined combination of the others
VARIANT_SPELLINGS = ("plain",) + tuple("+".join(c) for r in (1, 2, 3)
                                       for c in itertools.permutations(VARIANTS[1:], r))


def binarise(Y) -> np.ndarray:
    """Extension (iii)'s pre-processing: ``1`` where ``|Y| > 1/2``, else ``0``."""
    return (np.abs(np.asarray(Y, dtype=float)) > 0.5).astype(float)


@register("sparse-bernoulli")
class SparseBernoulli(Construction):
    """Sparse Bernoulli model (dimension ``d``, sparsity ``s``, ``n`` samples, parameter ``theta``)."""

    source = "barnes2020:thm1"
    params = (
        Param("d", integer=True, domain=f"[1, {MAX_D}]", typical=100, description="dimension",
              why="the construction holds d Bernoulli means"),
        Param("s", domain="(0, oo)", typical=5.0, description="expected ones per vector"),
        Param("theta", kind="vector", default=None, description="the Bernoulli means"),
        Param("n", integer=True, domain="[1, 2**53]", default=1, typical=16, description="machines"),
        Param("variant", options=VARIANT_SPELLINGS, default="plain"),
        Param("M", domain="(0, oo)", default=1.0, description="scale of the 'scaled' variant"),
    )

    def __init__(self, d: int, s: float, theta=None, n: int = 1, variant: str = "plain",
                 M: float = 1.0) -> None:
        d, n = as_int(d, "d", 1), as_int(n, "n", 1)
        s, M = as_float(s, "s", positive=True), as_float(M, "M", positive=True)
        parts = tuple(str(variant).split("+"))
        if not parts or any(p not in VARIANTS for p in parts) or ("plain" in parts and len(parts) > 1):
            raise InvalidInputError(f"sparse-bernoulli: variant must be one of {VARIANTS} or a "
                                    f"'+'-joined combination of the last three, got {variant!r}")
        if M != 1.0 and "scaled" not in parts:
            raise InvalidInputError(f"sparse-bernoulli: M={M} needs the 'scaled' variant")
        self.signed = "signed" in parts
        require(s <= d, f"s <= d (got s={s:g}, d={d})", self.source)
        if theta is None:
            theta = np.full(d, s / d)
            if self.signed:
                theta[1::2] *= -1
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (d,) or not np.all(np.isfinite(theta)):
            raise InvalidInputError(f"theta must be a finite vector of length d={d}, got shape {theta.shape}")
        lo = -1.0 if self.signed else 0.0
        require(bool(np.all((theta >= lo) & (theta <= 1))),
                f"theta in [{lo:g}, 1]^d (got range [{theta.min():g}, {theta.max():g}])", self.source)
        require(np.abs(theta).sum() <= s * (1 + 1e-12),
                f"sum_j |theta_j| <= s (got {np.abs(theta).sum():g} > s={s:g})", self.source)
        super().__init__(d=d, s=s, theta=theta, n=n, variant="+".join(parts), M=M)
        self.d, self.s, self.n, self.theta, self.M = d, s, n, theta, M
        self.scaled, self.perturbed = "scaled" in parts, "perturbed" in parts

    def __repr__(self) -> str:
        return (f"SparseBernoulli(d={self.d}, s={self.s}, n={self.n}, "
                f"variant={self.arguments['variant']!r}, M={self.M})")

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Samples ``(n, d)`` (or ``(size, n, d)``); ``truth["bernoulli"]`` the 0/1 draws."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        return _draw(self, g, np.broadcast_to(self.theta, (*lead, self.d)))

    def check(self, instance: Instance) -> dict[str, bool]:
        return _check(self, instance)


def _draw(c, g: np.random.Generator, theta: np.ndarray) -> Instance:
    """Data for parameters ``theta`` of shape ``(..., d)`` (shared by bernoulli-cube)."""
    shape = (*theta.shape[:-1], c.n, c.d)
    B = (g.random(shape) < np.abs(theta)[..., None, :]).astype(float)
    X = B * np.sign(theta)[..., None, :] if getattr(c, "signed", False) else B.copy()
    M = getattr(c, "M", 1.0)
    X *= M
    if getattr(c, "perturbed", False):
        X += g.uniform(-0.5, 0.5, size=shape)
    props = {"ones_per_sample": B.sum(axis=-1), "frequency": B.mean(axis=-2),
             "sum_abs_theta": np.abs(theta).sum(axis=-1)}
    props = {k: (float(v) if np.ndim(v) == 0 else v) for k, v in props.items()}
    return Instance(X, truth={"theta": np.array(theta), "mean": M * np.array(theta), "bernoulli": B},
                    properties=props, params=dict(c.arguments), source=c.source)


def _check(c, instance: Instance) -> dict[str, bool]:
    X, B, theta = instance.inputs, instance.truth["bernoulli"], instance.truth["theta"]
    M = getattr(c, "M", 1.0)
    signs = np.sign(theta)[..., None, :] if getattr(c, "signed", False) else 1.0
    out = {
        "bernoulli draws in {0,1}": bool(np.all((B == 0) | (B == 1))),
        "no 1 where theta = 0": bool(np.all(B[np.broadcast_to(theta[..., None, :] == 0, B.shape)] == 0)),
        "sum |theta| <= s": bool(np.all(np.abs(theta).sum(axis=-1) <= c.s * (1 + 1e-12))),
    }
    if getattr(c, "perturbed", False):
        out["noise in [-1/2, 1/2]"] = bool(np.all(np.abs(X - M * B * signs) <= 0.5))
        if M == 1:
            out["binarise recovers the draws"] = bool(np.array_equal(binarise(X), B))
    else:
        out["X = M sign(theta) B"] = bool(np.array_equal(X, M * B * signs))
    return out
