"""DRIVE: one bit per coordinate after a random rotation, with a scale (Vargaftik et al. 2021).

Algorithm
---------
Pad ``x`` with zeros to ``D = 2^ceil(log2 d)`` coordinates and rotate it with a rotation
``R`` drawn from the SHARED seed: the randomized Hadamard transform ``H Diag(signs)``
(``rotation="hadamard"``, the paper's practical choice, ``O(D log D)``) or a uniformly
random (Haar) orthogonal matrix (``rotation="uniform"``, the paper's analysed case,
``O(D^3)`` to draw, so ``D <= 1024``).  The client sends ``sign(Rx)`` (``D`` bits, 1 for a
non-negative coordinate) and one scale ``S`` as an IEEE float64 (64 bits):

* ``unbiased=True``: ``S = ||x||_2^2 / ||Rx||_1``;
* ``unbiased=False``: ``S = ||Rx||_1 / D``, the scale that minimises
  ``||x - S R^T sign(Rx)||^2`` for the drawn rotation.

The receiver outputs ``S R^T sign(Rx)`` truncated to ``d`` coordinates.  Cost
``D + 64`` bits, fixed for a given ``d`` (the payload is self-delimiting).  A zero vector
is sent as ``S = 0``.  The rotation comes from ``numpy.random.default_rng(shared)``
(``shared=None`` means seed 0); every row of a batch uses the same rotation.

Theoretical guarantee
---------------------
Whatever the rotation, ``<x, x_hat> = ||x||^2`` exactly with the unbiased scale, so the
error is orthogonal to ``x``.  With a uniform rotation the estimate is unbiased (Theorem 3
of the paper) and its vNMSE ``E||x_hat - x||^2 / ||x||^2`` tends to ``pi/2 - 1 ~ 0.5708``
as ``D`` grows; the biased scale gives ``1 - 2/pi ~ 0.3634``.  With the randomized
Hadamard rotation the paper reports the same vNMSE on non-adversarial inputs but no
unbiasedness guarantee, so this scheme declares itself unbiased only for
``rotation="uniform"`` with ``unbiased=True``.  Neither vNMSE has a closed form at finite
``D``.  Given the shared seed the scheme is deterministic, so :meth:`Drive.predict` is
exact (the error of the one estimate that seed's rotation gives);
:meth:`Drive.predict_over_rotations` averages it exactly over the ``2^D`` sign patterns
of the randomized Hadamard rotation for ``D <= 16`` (the Haar rotation is continuous:
no finite enumeration).

References
----------
S. Vargaftik, R. Ben-Basat, A. Portnoy, G. Mendelson, Y. Ben-Itzhak, M. Mitzenmacher,
*DRIVE: One-bit Distributed Mean Estimation*, NeurIPS 2021 (arXiv:2105.08339),
Section 3 (Algorithm 1, the biased and unbiased scales, Theorems 2 and 3) and Section 5
(the randomized Hadamard transform).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("drive")
>>> x = np.array([3.0, -1.0, 0.5, 0.0, 2.0])
>>> msg = q.encode(x, rng=np.random.default_rng(0), shared=5)
>>> est = q.decode(msg, shared=5)
>>> msg.nbits, est.shape, round(float(est @ x), 6) == round(float(x @ x), 6)
(72, (5,), True)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..coding import read_float, write_float
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from ._params import boolean, choice
from .base import Scheme
from .hadamard import fwht, next_pow2, random_signs
from .registry import register_scheme

__all__ = ["Drive", "Rotation", "scaled_norm", "read_scale", "drive_coefficients"]

#: the largest padded dimension for which a uniform (Haar) rotation is drawn
MAX_UNIFORM_D = 1024
#: the largest scale a decoder accepts (inputs are at most 1e150 in magnitude)
MAX_SCALE_READ = 1e200


class Rotation:
    """The shared rotation of ``D = 2^ceil(log2 d)`` coordinates, ``R`` and its inverse.

    ``kind="hadamard"``: ``R = H Diag(signs)`` with the signs from the shared seed;
    ``kind="uniform"``: ``R`` a Haar-distributed orthogonal matrix (QR of a Gaussian matrix
    with the signs of ``diag(R)`` fixed) drawn from the shared seed.
    """

    def __init__(self, kind: str, shared, d: int) -> None:
        self.kind, self.d, self.D = kind, int(d), next_pow2(d)
        seed = 0 if shared is None else shared
        if kind == "hadamard":
            self._signs = random_signs(seed, self.D, dtype=np.int8)
        else:
            if self.D > MAX_UNIFORM_D:
                raise InvalidInputError(f"a uniform rotation is drawn for D <= {MAX_UNIFORM_D} padded "
                                        f"coordinates (O(D^3) work), got D = {self.D}; use rotation='hadamard'")
            self._matrix = _haar(seed, self.D)

    def forward(self, X: np.ndarray) -> np.ndarray:
        """``R x`` for every row (zero-padded to ``D``), in one array of ``D`` doubles a row."""
        pad = np.zeros((*X.shape[:-1], self.D))
        pad[..., :self.d] = X
        if self.kind == "hadamard":
            np.multiply(pad, self._signs, out=pad)
            return fwht(pad, out=pad)
        return pad @ self._matrix.T

    def inverse(self, Z: np.ndarray, *, overwrite: bool = False) -> np.ndarray:
        """``R^T z`` for every row, truncated to the first ``d`` coordinates
        (``overwrite=True``: ``Z``, a C-contiguous float64 array, is transformed in place)."""
        if self.kind == "hadamard":
            out = Z if overwrite and Z.dtype == np.float64 and Z.flags.c_contiguous else None
            Z = fwht(Z, out=out)
            np.multiply(Z, self._signs, out=Z)
            return Z[..., :self.d]
        return (Z @ self._matrix)[..., :self.d]


@lru_cache(maxsize=8)
def _haar(seed, D: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((D, D)))
    q *= np.where(np.diag(r) < 0, -1.0, 1.0)
    q.setflags(write=False)
    return q


#: coordinates per block of :func:`chunked_sum` (a block's temporary stays in cache)
_CHUNK = 1 << 13


def chunked_sum(Z: np.ndarray, f) -> np.ndarray:
    """``f(Z).sum(axis=-1)`` summed block by block, so no whole-row temporary is made.

    Examples
    --------
    >>> import numpy as np
    >>> float(chunked_sum(np.array([-1.0, 2.0, -3.0]), np.abs))
    6.0
    """
    total = np.zeros(Z.shape[:-1])
    for a in range(0, Z.shape[-1], _CHUNK):
        total += f(Z[..., a:a + _CHUNK]).sum(axis=-1)
    return total


def scaled_norm(X: np.ndarray) -> np.ndarray:
    """``||x||_2`` of every row without overflow (rows scaled by their maximum first),
    block by block so that no temporary of the row's size is made."""
    top = np.zeros(X.shape[:-1])
    for a in range(0, X.shape[-1], _CHUNK):
        np.maximum(top, np.abs(X[..., a:a + _CHUNK]).max(axis=-1), out=top)
    safe = np.where(top > 0, top, 1.0)[..., None]
    return top * np.sqrt(chunked_sum(X, lambda block: np.square(block / safe)))


def read_scale(r, scheme: str) -> float:
    """Read the float64 scale and check that it is finite, ``>= 0`` and not absurdly large."""
    s = read_float(r)
    if not (np.isfinite(s) and 0.0 <= s <= MAX_SCALE_READ):
        raise DecodeError(f"{scheme}: scale {s!r} is not a finite number in [0, {MAX_SCALE_READ:g}]")
    return s


def drive_coefficients(X: np.ndarray, Z: np.ndarray, unbiased: bool) -> np.ndarray:
    """DRIVE's rotated-domain estimate ``S sign(Z)`` for inputs ``X`` and rotations ``Z``
    (``sign(0) = +1``; ``S`` the unbiased ``||x||^2 / ||Z||_1`` or the biased ``||Z||_1 / D``)."""
    l1 = np.abs(Z).sum(axis=-1)
    if unbiased:
        norm = scaled_norm(X)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(l1 > 0, norm * (norm / np.where(l1 > 0, l1, 1.0)), 0.0)
    else:
        scale = l1 / Z.shape[-1]
    return np.where(Z >= 0, 1.0, -1.0) * scale[..., None]


@register_scheme("drive")
class Drive(Scheme):
    """One-bit DRIVE (``unbiased``: the unbiased or the MSE-minimising scale; ``rotation``:
    ``"hadamard"`` or ``"uniform"``)."""
    randomness = "public"

    params = (
        Param("unbiased", kind="boolean", default=True),
        Param("rotation", options=("hadamard", "uniform"), default="hadamard"),
    )

    def __init__(self, unbiased: bool = True, rotation: str = "hadamard") -> None:
        unbiased = boolean(unbiased, "unbiased", "drive")
        rotation = choice(rotation, "rotation", "drive", ("hadamard", "uniform"))
        super().__init__(unbiased=unbiased, rotation=rotation)
        self.unbiased_scale, self.rotation = unbiased, rotation
        self.unbiased = unbiased and rotation == "uniform"

    def _draw(self, X, rng, shared):
        rot = Rotation(self.rotation, shared, X.shape[-1])
        Z = rot.forward(X)
        l1 = chunked_sum(Z, np.abs)
        if self.unbiased_scale:
            norm = scaled_norm(X)
            with np.errstate(divide="ignore", invalid="ignore"):
                # ||x||^2 / ||Rx||_1 written as ||x|| * (||x|| / ||Rx||_1) so it cannot overflow
                scale = np.where(l1 > 0, norm * (norm / np.where(l1 > 0, l1, 1.0)), 0.0)
        else:
            scale = l1 / rot.D
        return {"signs": Z >= 0, "scale": scale}

    def _bits(self, rep, d):
        return np.full(rep["scale"].shape, next_pow2(d) + 64, dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        rot = Rotation(self.rotation, shared, d)
        est = np.where(rep["signs"], 1.0, -1.0)
        est *= np.asarray(rep["scale"])[..., None]
        return rot.inverse(est, overwrite=True)

    def predict(self, x, *, shared=None):
        """Exact given the shared seed: no private randomness, so every row sends the
        same ``D + 64`` bits and the same estimate, computed here from the seed's rotation
        (its inverse applied as a dense matrix).

        Examples
        --------
        >>> import numpy as np
        >>> x = np.array([3.0, -1.0, 0.5, 0.0, 2.0])
        >>> p = Drive().predict(x, shared=5)
        >>> p.bits, p.bits_constant, bool(abs(p.bias @ x) < 1e-12)    # the error is orthogonal to x
        (72.0, True, True)
        """
        from .base import validate_vectors
        from .prediction import given_rotation

        x = validate_vectors(x, name="x", max_ndim=1)
        rot = Rotation(self.rotation, shared, x.size)
        return given_rotation(x, rot, lambda X, Z: drive_coefficients(X, Z, self.unbiased_scale),
                              next_pow2(x.size) + 64, as_shared=shared)

    def predict_over_rotations(self, x):
        """Exact expectation over the shared randomized Hadamard rotation (all ``2^D`` sign
        patterns, ``D <= 16``); the uniform rotation is continuous and has none.

        Examples
        --------
        >>> import numpy as np
        >>> p = Drive().predict_over_rotations(np.array([1.0, 0.0, 0.0, 0.0]))
        >>> round(p.mse, 12), p.unbiased        # H D e_1 is flat: the estimate is exact
        (0.0, True)
        """
        from .prediction import over_hadamard_signs

        return over_hadamard_signs(x, lambda X, Z: drive_coefficients(X, Z, self.unbiased_scale),
                                   lambda D: D + 64,
                                   scheme="drive", rotation=self.rotation)

    def _write(self, w, rep, d):
        write_float(w, rep["scale"])
        w.write_bits(rep["signs"].astype(np.uint8))

    def _read(self, r, d, shared, side):
        scale = read_scale(r, "drive")
        return {"signs": r.read_bits(next_pow2(d)).astype(bool), "scale": scale}
