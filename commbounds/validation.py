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

__all__ = ["as_generator", "as_shared", "validate_vectors"]


def as_generator(rng) -> np.random.Generator:
    """SPEC 7 normalisation of ``rng=``: the generator a function draws from.

    Parameters
    ----------
    rng : numpy.random.Generator, int, numpy.random.SeedSequence or None
        A generator (returned as is), a non-negative integer seed, a SeedSequence, or None
        (fresh entropy); anything else is an :class:`InvalidInputError`.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> g = as_generator(3)
    >>> as_generator(g) is g, float(as_generator(3).random()) == float(g.random())
    (True, True)
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, bool | np.bool_):
        raise InvalidInputError("rng must be a numpy Generator, a seed or None, got a boolean")
    if isinstance(rng, int | np.integer) and rng < 0:
        raise InvalidInputError(f"rng must be a numpy Generator, a non-negative seed or None, got {int(rng)}")
    if rng is None or isinstance(rng, int | np.integer | np.random.SeedSequence):
        return np.random.default_rng(rng)
    raise InvalidInputError(f"rng must be a numpy Generator, a seed or None, got {type(rng).__name__}")


#: shared seeds are integers in [0, 2^64): schemes hash them as 64-bit words
MAX_SHARED = 2**64 - 1


def as_shared(shared) -> int | None:
    """The one normalisation of a shared seed (the public coin both sides hold).

    A non-negative integer below 2^64 (Python or numpy) is returned as a Python ``int``; a
    ``SeedSequence`` as the 64-bit word it generates first; ``None`` stays ``None`` (each
    scheme's documented default stream).  Anything else -- a float, a string, a boolean, a
    ``Generator`` (whose state would advance differently at the two ends) -- is an
    :class:`InvalidInputError`, so no two different values silently mean the same seed.

    Parameters
    ----------
    shared : int, numpy.random.SeedSequence or None
        The shared seed as given.

    Returns
    -------
    int or None
        The seed both ends use.

    Examples
    --------
    >>> as_shared(np.int32(5)), as_shared(None)
    (5, None)
    >>> try:
    ...     as_shared(1.5)
    ... except InvalidInputError as exc:
    ...     print(exc)
    shared must be a non-negative integer seed, a SeedSequence or None, got float 1.5
    """
    if shared is None:
        return None
    if isinstance(shared, np.random.SeedSequence):
        return int(shared.generate_state(1, np.uint64)[0])
    if isinstance(shared, bool | np.bool_) or not isinstance(shared, int | np.integer):
        what = "a Generator (both ends must hold the same seed, not a stateful stream)" \
            if isinstance(shared, np.random.Generator) else f"{type(shared).__name__} {shared!r:.40}"
        raise InvalidInputError(f"shared must be a non-negative integer seed, a SeedSequence or None, got {what}")
    value = int(shared)
    if not 0 <= value <= MAX_SHARED:
        raise InvalidInputError(f"shared must be a seed in [0, 2^64), got {value}")
    return value


#: the largest magnitude :func:`validate_vectors` accepts by default (squared norms stay finite)
MAX_ABS = 1e150


def validate_vectors(X, *, name: str = "x", min_ndim: int = 1, max_ndim: int | None = None,
                     max_abs: float = MAX_ABS, values: bool = True) -> np.ndarray:
    """Check a real, finite array with at least ``min_ndim`` axes; return it as float64.

    Integer and float32 inputs are accepted and promoted to float64 (exact for both).
    Magnitudes above ``max_abs`` are rejected because squared norms would overflow.

    Parameters
    ----------
    X : array_like
        The input.
    name : str
        Its name in error messages.
    min_ndim, max_ndim : int
        The number of axes allowed (``max_ndim=None``: any number above ``min_ndim``).
    max_abs : float
        The largest magnitude accepted.
    values : bool
        Whether to check the entries (NaN, inf, ``max_abs``).  ``False`` leaves that to a
        caller whose own first pass over the array checks them and, on a failure, calls
        this function again to raise its errors.

    Returns
    -------
    numpy.ndarray of float64

    Raises
    ------
    InvalidInputError
        For NaN or infinite entries, complex or boolean dtypes, too few or too many axes,
        or an entry above ``max_abs``.

    Examples
    --------
    >>> validate_vectors([1, 2]).dtype
    dtype('float64')
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
    if not values:
        return arr
    # two reductions and no temporaries: NaN propagates through max/min, inf shows as inf
    top = max(float(arr.max()), -float(arr.min())) if arr.size else 0.0
    if not np.isfinite(top):
        raise InvalidInputError(f"{name} contains NaN or inf")
    if top > max_abs:
        raise InvalidInputError(f"{name} has entries above {max_abs:g} in magnitude (norms would overflow)")
    return arr
