"""Seeding and array validation, shared by every layer.

:func:`as_generator` normalises the one ``rng`` argument every sampler and quantizer takes
(SPEC 7: a ``numpy.random.Generator``, a seed or ``None``); :func:`validate_vectors` checks
that an input array is real, finite, non-empty and small enough for its squared norms to
stay finite, and returns it as float64.

Examples
--------
>>> import numpy as np
>>> g = as_generator(3)
>>> bool(as_generator(g) is g)
True
>>> validate_vectors([1, 2, 3]).dtype
dtype('float64')
>>> try:
...     validate_vectors([1.0, float("nan")])
... except InvalidInputError as exc:
...     print(exc)
x contains NaN or inf
"""

from __future__ import annotations

import numpy as np

from .errors import InvalidInputError

__all__ = ["as_generator", "validate_vectors"]


def as_generator(rng) -> np.random.Generator:
    """SPEC 7 normalisation: a Generator, a seed, or None (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool | np.bool_):
        raise InvalidInputError("rng must be a numpy Generator, a seed or None, got a boolean")
    if rng is None or isinstance(rng, int | np.integer | np.random.SeedSequence):
        return np.random.default_rng(rng)
    raise InvalidInputError(f"rng must be a numpy Generator, a seed or None, got {type(rng).__name__}")


def validate_vectors(X, *, name: str = "x", min_ndim: int = 1, max_ndim: int | None = None,
                     max_abs: float = 1e150) -> np.ndarray:
    """Check a real, finite array with at least ``min_ndim`` axes; return it as float64.

    Integer and float32 inputs are accepted and promoted to float64 (exact for both).
    Magnitudes above ``max_abs`` are rejected because squared norms would overflow.
    """
    try:
        arr = np.asarray(X)
    except Exception as exc:  # pragma: no cover - defensive
        raise InvalidInputError(f"{name} must be an array of real numbers") from exc
    if arr.dtype.kind == "c":
        raise InvalidInputError(f"{name} must be real, got complex dtype {arr.dtype}")
    if arr.dtype.kind == "b":
        raise InvalidInputError(f"{name} must be numeric, got booleans")
    if arr.dtype.kind not in "iuf":
        raise InvalidInputError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if arr.ndim < min_ndim:
        raise InvalidInputError(f"{name} must have at least {min_ndim} axis/axes, got shape {arr.shape}")
    if max_ndim is not None and arr.ndim > max_ndim:
        raise InvalidInputError(f"{name} must have at most {max_ndim} axes, got shape {arr.shape}")
    if arr.shape[-1] == 0:
        raise InvalidInputError(f"{name} is empty (dimension 0)")
    if arr.size == 0:
        raise InvalidInputError(f"{name} is empty (shape {arr.shape})")
    arr = arr.astype(np.float64, copy=False)
    # two reductions and no temporaries: NaN propagates through max/min, inf shows as inf
    top = max(float(arr.max()), -float(arr.min())) if arr.size else 0.0
    if not np.isfinite(top):
        raise InvalidInputError(f"{name} contains NaN or inf")
    if top > max_abs:
        raise InvalidInputError(f"{name} has entries above {max_abs:g} in magnitude (norms would overflow)")
    return arr
