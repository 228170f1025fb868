"""VARIANCEREDUCTION's parameters for davies2021's protocols (Theorems 9, 12 and 28).

Each protocol's ``variance_reduction`` constructor runs MEANESTIMATION on inputs pairwise
within ``y = 2 sigma sqrt(alpha n)``, which holds with probability ``>= 1 - 1/alpha``.

Examples
--------
>>> round(reduction_y(1.0, 4.0, 9, "star"), 6)
12.0
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InvalidInputError
from ._params import int_in_range, positive_float

__all__ = ["reduction_parameters", "reduction_y", "spread_input"]


def reduction_parameters(sigma, alpha, n, owner: str) -> tuple[float, float, int]:
    """``sigma > 0``, ``alpha > 1`` and ``n >= 1`` of the variance-reduction constructors.

    Parameters
    ----------
    sigma, alpha : float
        Standard deviation of the inputs and the failure-probability parameter.
    n : int
        Number of machines.
    owner : str
        The protocol named in error messages.

    Returns
    -------
    (float, float, int)
        The validated ``(sigma, alpha, n)``.

    Examples
    --------
    >>> reduction_parameters(1, 2, 3, "tree")
    (1.0, 2.0, 3)
    """
    sigma = positive_float(sigma, "sigma", owner)
    alpha = positive_float(alpha, "alpha", owner)
    if not alpha > 1:
        raise InvalidInputError(f"{owner}: alpha must be > 1, got {alpha}")
    return sigma, alpha, int_in_range(n, "n", owner)


def reduction_y(sigma, alpha, n, owner: str) -> float:
    """The variance reductions' input spread ``y = 2 sigma sqrt(alpha n)``, from validated
    parameters.

    Parameters
    ----------
    sigma, alpha, n, owner
        As for :func:`reduction_parameters`.

    Returns
    -------
    float
        ``2 sigma sqrt(alpha n)``.

    Examples
    --------
    >>> reduction_y(0.5, 4.0, 1, "tree")
    2.0
    """
    sigma, alpha, n = reduction_parameters(sigma, alpha, n, owner)
    return 2 * sigma * math.sqrt(alpha * n)


def spread_input(rng: np.random.Generator, n: int, d: int, y: float) -> np.ndarray:
    """``n`` inputs around 10, pairwise within ``y`` in ``l_2`` (generic tests' inputs).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the inputs.
    n, d : int
        Machines and dimension.
    y : float
        The distance bound the inputs keep.

    Returns
    -------
    ndarray, shape (n, d)

    Examples
    --------
    >>> import numpy as np
    >>> X = spread_input(np.random.default_rng(0), 4, 3, 1.0)
    >>> X.shape, bool(np.linalg.norm(X[0] - X[1]) <= 1.0)
    ((4, 3), True)
    """
    return 10.0 + rng.uniform(-0.5, 0.5, size=(n, d)) * y / math.sqrt(d)
