"""huang2019 Theorem 3.1's hard family: every client's vector is ``t = C/n`` blocks of size
``b = nd/C``, each block an independent uniform standard basis vector of ``R^b``.

Properties (exact on every sample): ``F1 = F2 = C``, entries in {0, 1}, exactly one 1 per
block, sparseness ``s = F1^2/(n d F2) = C/(nd)``.

Examples
--------
>>> inst = BlockBasis(n=2, d=6, C=4).sample(rng=1)
>>> inst.inputs.shape, inst.inputs.sum(axis=-1).tolist()
((2, 6), [2.0, 2.0])
"""

from __future__ import annotations

import numpy as np

from ..params import Param
from ..validation import as_generator
from .base import Construction, Instance, as_int, require
from .registry import register

__all__ = ["BlockBasis", "hoyer_sparseness"]


def hoyer_sparseness(X: np.ndarray) -> np.ndarray:
    """Global sparseness ``F1^2 / (n d F2)`` of ``X`` with shape ``(..., n, d)``."""
    n, d = X.shape[-2:]
    F1 = np.abs(X).sum(axis=(-2, -1))
    F2 = (X**2).sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(F2 > 0, F1**2 / (n * d * np.where(F2 > 0, F2, 1.0)), np.nan)


@register("block-basis")
class BlockBasis(Construction):
    """Block standard-basis family (``n <= C <= nd/2``, ``C/n`` and ``nd/C`` integers)."""

    source = "huang2019:thm3.1"
    params = (
        Param("n", integer=True, domain="[1, 2**53]", typical=4, description="machines"),
        Param("d", integer=True, domain="[1, 2**53]", typical=100, description="dimension"),
        Param("C", integer=True, domain="[1, 2**53]", typical=40, description="total bits"),
    )

    def __init__(self, n: int, d: int, C: int) -> None:
        n, d, C = as_int(n, "n", 1), as_int(d, "d", 1), as_int(C, "C", 1)
        require(n <= C, f"n <= C (got n={n}, C={C})", self.source)
        require(2 * C <= n * d, f"C <= n d / 2 (got C={C}, n d / 2={n * d / 2:g})", self.source)
        require(C % n == 0, f"t = C/n to be an integer (got C={C}, n={n})", self.source)
        require((n * d) % C == 0, f"b = n d / C to be an integer (got n d={n * d}, C={C})", self.source)
        t, b = C // n, n * d // C
        require(t * b == d, f"d = t b (got t={t}, b={b}, d={d})", self.source)
        super().__init__(n=n, d=d, C=C)
        self.n, self.d, self.C, self.t, self.b = n, d, C, t, b

    def sample(self, rng=None, size: int | None = None) -> Instance:
        """Inputs of shape ``(n, d)`` (or ``(size, n, d)``), one uniform 1 per block."""
        g = as_generator(rng)
        lead = () if size is None else (int(size),)
        hot = g.integers(0, self.b, size=(*lead, self.n, self.t))
        X = np.zeros((*lead, self.n, self.t, self.b))
        np.put_along_axis(X, hot[..., None], 1.0, axis=-1)
        X = X.reshape(*lead, self.n, self.d)
        F1 = np.abs(X).sum(axis=(-2, -1))
        F2 = (X**2).sum(axis=(-2, -1))
        props = {"F1": _scalar(F1), "F2": _scalar(F2), "s": _scalar(hoyer_sparseness(X)),
                 "t": self.t, "b": self.b}
        return Instance(X, truth={"mean": X.mean(axis=-2)}, properties=props,
                        params=dict(self.arguments), source=self.source)

    def check(self, instance: Instance) -> dict[str, bool]:
        X = instance.inputs
        blocks = X.reshape(*X.shape[:-1], self.t, self.b)
        return {
            "entries in {0,1}": bool(np.all((X == 0) | (X == 1))),
            "one 1 per block": bool(np.all(blocks.sum(axis=-1) == 1)),
            "F1 = C": bool(np.all(np.abs(X).sum(axis=(-2, -1)) == self.C)),
            "F2 = C": bool(np.all((X**2).sum(axis=(-2, -1)) == self.C)),
            "s = C/(nd)": bool(np.allclose(hoyer_sparseness(X), self.C / (self.n * self.d))),
        }


def _scalar(a):
    a = np.asarray(a, dtype=float)
    return float(a) if a.ndim == 0 else a
