"""EDEN: ``b`` bits per coordinate after a random rotation, Lloyd-Max centroids and a scale.

Algorithm
---------
Pad ``x`` with zeros to ``D = 2^ceil(log2 d)`` coordinates, rotate it with the shared
rotation ``R`` of :class:`~commbounds.quantizers.drive.Rotation` (randomized Hadamard by
default, or uniform) and normalise, ``z = sqrt(D) R x / ||x||``, so that the coordinates of
``z`` are close to standard normal.  Each coordinate is rounded deterministically to the
nearest of the ``2^b`` Lloyd-Max centroids ``c_0 < ... < c_{2^b-1}`` of the standard normal
distribution (computed once by Lloyd's iteration to a fixed point, a property of the
scheme that both sides know), and the client sends the ``D`` centroid indices in ``b`` bits
each and one scale ``S`` as an IEEE float64 (64 bits), with ``q = c[idx]``:

* ``unbiased=True``: ``S = ||x||^2 / <Rx, q>`` (so ``<x, x_hat> = ||x||^2`` exactly);
* ``unbiased=False``: ``S = <Rx, q> / ||q||^2``, the scale that minimises
  ``||x - S R^T q||^2`` for the drawn rotation.

The receiver outputs ``S R^T q`` truncated to ``d`` coordinates.  Cost ``D b + 64`` bits,
fixed for a given ``d`` (self-delimiting).  With ``b = 1`` the centroids are
``+-sqrt(2/pi)`` and the estimate equals DRIVE's (:mod:`~commbounds.quantizers.drive`).
The rotation comes from ``numpy.random.default_rng(shared)`` (``shared=None`` means seed
0); every row of a batch uses the same rotation.

Theoretical guarantee
---------------------
With a uniform rotation and the unbiased scale the estimate is unbiased (Theorem 2.1 of
the paper), and as ``D`` grows its vNMSE ``E||x_hat - x||^2 / ||x||^2`` tends to
``D_b / (1 - D_b)``, where ``D_b`` is the Lloyd-Max distortion of the standard normal with
``2^b`` levels (``lloyd_max(b)``): 0.5708, 0.1331, 0.03578, 0.00959 for ``b = 1..4``
(the paper's Table 1 prints 0.571, 0.133, 0.0358); the biased scale tends to ``D_b``
itself (0.3634, 0.1175, 0.03455, ...).  With the randomized Hadamard rotation the paper
reports the same vNMSE on non-adversarial inputs but proves no unbiasedness, so the
scheme declares itself unbiased only for ``rotation="uniform"`` with ``unbiased=True``.
The finite-``D`` vNMSE has no closed form.  Given the shared seed the scheme is
deterministic, so :meth:`Eden.predict` is exact (the error of the one estimate that seed's
rotation gives); :meth:`Eden.predict_over_rotations` averages it exactly over the ``2^D``
sign patterns of the randomized Hadamard rotation for ``D <= 16`` (the Haar rotation is
continuous: no finite enumeration).

References
----------
S. Vargaftik, R. Ben-Basat, A. Portnoy, G. Mendelson, Y. Ben-Itzhak, M. Mitzenmacher,
*EDEN: Communication-Efficient and Robust Distributed Mean Estimation for Federated
Learning*, ICML 2022 (arXiv:2108.08842), Section 3 (Algorithm 1 with deterministic
rounding to the Lloyd-Max centroids, the unbiased and biased scales) and Table 1 (vNMSE per
bit budget); S. P. Lloyd, *Least squares quantization in PCM*, IEEE Trans. IT 28(2), 1982.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("eden", bits=2)
>>> x = np.array([3.0, -1.0, 0.5, 0.0, 2.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0), shared=5)
>>> est = q.decode(msg, shared=5)
>>> msg.nbits, est.shape, round(float(est @ x), 6) == round(float(x @ x), 6)
(80, (5,), True)
>>> round(lloyd_max(2)[1] / (1 - lloyd_max(2)[1]), 4)
0.1331
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.special import ndtr
from scipy.stats import norm

from ..coding import write_float
from ..errors import DecodeError
from ..params import Param
from ._params import boolean, choice, int_in_range
from .base import Scheme
from .drive import _CHUNK, Rotation, read_scale, scaled_norm
from .hadamard import next_pow2
from .registry import register_scheme

__all__ = ["Eden", "lloyd_max", "eden_coefficients"]

#: the largest number of bits per coordinate (Lloyd's iteration for 2^5 levels takes ~1 s)
MAX_BITS = 5


@cache
def lloyd_max(bits: int) -> tuple[np.ndarray, float]:
    """The ``2^bits`` Lloyd-Max centroids of N(0, 1) (ascending) and their distortion ``D_b``.

    Lloyd's iteration from the quantile midpoints, symmetrised every step, until no centroid
    moves by more than ``1e-13``; ``D_b = 1 - sum_j P(cell j) c_j^2`` (a centroid condition).

    >>> c, dist = lloyd_max(1)
    >>> np.round(c, 6).tolist(), round(dist, 6)
    ([-0.797885, 0.797885], 0.36338)
    """
    bits = int_in_range(bits, "bits", "eden", minimum=1, maximum=MAX_BITS,
                        why="Lloyd's iteration for more levels takes too long")
    k = 1 << bits
    c = norm.ppf((np.arange(k) + 0.5) / k)
    for _ in range(100_000):
        edges = np.concatenate([[-np.inf], (c[1:] + c[:-1]) / 2, [np.inf]])
        pdf, cdf = norm.pdf(edges), ndtr(edges)
        new = (pdf[:-1] - pdf[1:]) / (cdf[1:] - cdf[:-1])
        new = (new - new[::-1]) / 2
        moved = np.max(np.abs(new - c))
        c = new
        if moved < 1e-13:
            break
    edges = np.concatenate([[-np.inf], (c[1:] + c[:-1]) / 2, [np.inf]])
    p = ndtr(edges[1:]) - ndtr(edges[:-1])
    c.setflags(write=False)
    return c, float(1.0 - (p * c * c).sum())


def eden_coefficients(X: np.ndarray, Z: np.ndarray, centroids: np.ndarray, unbiased: bool) -> np.ndarray:
    """EDEN's rotated-domain estimate ``S q`` for inputs ``X`` and rotations ``Z = R x``:
    ``q`` the nearest centroid of ``sqrt(D) Z / ||x||`` (ties to the upper one), ``S`` the
    unbiased ``||x||^2 / <Rx, q>`` or the biased ``<Rx, q> / ||q||^2``."""
    D = Z.shape[-1]
    norm_x = scaled_norm(X)
    safe = np.where(norm_x > 0, norm_x, 1.0)
    Zn = Z * (np.sqrt(D) / safe)[..., None]
    q = centroids[np.searchsorted((centroids[1:] + centroids[:-1]) / 2, Zn)]
    zq = (Zn * q).sum(axis=-1)
    if unbiased:
        scale = norm_x * np.sqrt(D) / np.where(zq > 0, zq, 1.0)
    else:
        scale = norm_x / np.sqrt(D) * zq / (q * q).sum(axis=-1)
    return q * np.where(norm_x > 0, scale, 0.0)[..., None]


@register_scheme("eden")
class Eden(Scheme):
    """EDEN with ``bits`` bits per coordinate (1..5; ``unbiased``: the unbiased or the
    MSE-minimising scale; ``rotation``: ``"hadamard"`` or ``"uniform"``)."""
    randomness = "public"

    params = (
        Param("bits", integer=True, domain=f"[1, {MAX_BITS}]", typical=2, description="bits per coordinate",
              why="Lloyd's iteration for more levels takes too long"),
        Param("unbiased", kind="boolean", default=True),
        Param("rotation", options=("hadamard", "uniform"), default="hadamard"),
    )

    def __init__(self, bits: int, unbiased: bool = True, rotation: str = "hadamard") -> None:
        bits = int_in_range(bits, "bits", "eden", minimum=1, maximum=MAX_BITS,
                            why="Lloyd's iteration for more levels takes too long")
        unbiased = boolean(unbiased, "unbiased", "eden")
        rotation = choice(rotation, "rotation", "eden", ("hadamard", "uniform"))
        super().__init__(bits=bits, unbiased=unbiased, rotation=rotation)
        self.bits, self.unbiased_scale, self.rotation = bits, unbiased, rotation
        self.unbiased = unbiased and rotation == "uniform"
        self.centroids = lloyd_max(bits)[0]
        self._edges = (self.centroids[1:] + self.centroids[:-1]) / 2

    def _draw(self, X, rng, shared):
        rot = Rotation(self.rotation, shared, X.shape[-1])
        norm_x = scaled_norm(X)
        safe = np.where(norm_x > 0, norm_x, 1.0)
        Z = rot.forward(X)
        Z *= (np.sqrt(rot.D) / safe)[..., None]
        # block by block: the level indices in bytes and <z, q>, <q, q> without a row of q
        idx = np.empty(Z.shape, dtype=np.uint8)
        zq, qq = np.zeros(Z.shape[:-1]), np.zeros(Z.shape[:-1])
        for a in range(0, Z.shape[-1], _CHUNK):
            block = Z[..., a:a + _CHUNK]
            i = np.searchsorted(self._edges, block)
            idx[..., a:a + _CHUNK] = i
            q = self.centroids[i]
            zq += (block * q).sum(axis=-1)
            qq += (q * q).sum(axis=-1)
        if self.unbiased_scale:
            # ||x||^2 / <Rx, q> with Rx = ||x|| z / sqrt(D)
            scale = norm_x * np.sqrt(rot.D) / np.where(zq > 0, zq, 1.0)
        else:
            scale = norm_x / np.sqrt(rot.D) * zq / qq
        return {"idx": idx, "scale": np.where(norm_x > 0, scale, 0.0)}

    def _bits(self, rep, d):
        return np.full(rep["scale"].shape, next_pow2(d) * self.bits + 64, dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        rot = Rotation(self.rotation, shared, d)
        est = self.centroids[rep["idx"]]
        est *= np.asarray(rep["scale"])[..., None]
        return rot.inverse(est, overwrite=True)

    def predict(self, x, *, shared=None):
        """Exact given the shared seed: the rounding to the centroids is deterministic, so
        every row sends the same ``D b + 64`` bits and the same estimate, computed here from
        the seed's rotation (its inverse applied as a dense matrix).

        Examples
        --------
        >>> import numpy as np
        >>> x = np.array([3.0, -1.0, 0.5, 0.0, 2.0])
        >>> p = Eden(bits=2).predict(x, shared=5)
        >>> p.bits, p.bits_constant, bool(abs(p.bias @ x) < 1e-12)    # the error is orthogonal to x
        (80.0, True, True)
        """
        from .base import validate_vectors
        from .prediction import given_rotation

        x = validate_vectors(x, name="x", max_ndim=1)
        rot = Rotation(self.rotation, shared, x.size)
        return given_rotation(x, rot, lambda X, Z: eden_coefficients(X, Z, self.centroids, self.unbiased_scale),
                              next_pow2(x.size) * self.bits + 64, as_shared=shared)

    def predict_over_rotations(self, x):
        """Exact expectation over the shared randomized Hadamard rotation (all ``2^D`` sign
        patterns, ``D <= 16``); the uniform rotation is continuous and has none.

        Examples
        --------
        >>> import numpy as np
        >>> p = Eden(bits=1).predict_over_rotations(np.array([1.0, 0.0, 0.0, 0.0]))
        >>> round(p.mse, 12), p.unbiased        # H D e_1 is flat: the estimate is exact
        (0.0, True)
        """
        from .prediction import over_hadamard_signs

        return over_hadamard_signs(x, lambda X, Z: eden_coefficients(X, Z, self.centroids, self.unbiased_scale),
                                   lambda D: D * self.bits + 64,
                                   scheme="eden", rotation=self.rotation)

    def _write(self, w, rep, d):
        write_float(w, rep["scale"])
        w.write_uints(rep["idx"], self.bits)

    def _read(self, r, d, shared, side):
        scale = read_scale(r, "eden")
        D = next_pow2(d)
        if D * self.bits > r.remaining:
            raise DecodeError(f"eden: payload truncated ({D} indices need {D * self.bits} bits)")
        return {"idx": r.read_uints(D, self.bits), "scale": scale}
