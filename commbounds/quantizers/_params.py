"""Validation of scheme and protocol parameters, shared by every quantizer module.

Each helper takes the value, the parameter's name and the owner's registry name, and either
returns the value normalised (``float``, ``int``, ``bool``) or raises
:class:`~commbounds.errors.InvalidInputError` with a message that starts with the owner,
names the parameter and states the violated condition.  Booleans are never numbers here,
strings are never parsed, and magnitudes that would overflow a scale later (squares of a
radius, products with a dimension) are refused up front.

Examples
--------
>>> positive_float(0.5, "eps", "lattice")
0.5
>>> int_in_range(16.0, "q", "lattice", minimum=2)
16
>>> try:
...     positive_float(1e308, "eps", "lattice")
... except InvalidInputError as exc:
...     print(exc)
lattice: eps must be at most 1e+150 (larger scales overflow squared norms), got 1e+308
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from ..errors import InvalidInputError

__all__ = ["MAX_SCALE", "MIN_SCALE", "MAX_COUNT", "positive_float", "real", "int_in_range", "boolean",
           "choice"]

#: Largest scale/radius parameter: inputs are limited to the same magnitude
#: (:func:`~commbounds.quantizers.base.validate_vectors`), so squared norms stay finite.
MAX_SCALE = 1e150
#: Smallest lattice scale: an input of magnitude ``MAX_SCALE`` divided by it stays finite.
MIN_SCALE = 1e-150
#: Largest integer parameter: every integer up to it is exact in float64.
MAX_COUNT = 2**53


def _number(value: Any, name: str, owner: str, what: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.integer | np.floating):
        raise InvalidInputError(f"{owner}: {name} must be {what}, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise InvalidInputError(f"{owner}: {name} must be finite ({what}), got {value!r}")
    return v


def positive_float(value: Any, name: str, owner: str, *, maximum: float = MAX_SCALE, minimum: float = 0.0,
                   allow_zero: bool = False, why: str = "larger scales overflow squared norms") -> float:
    """A finite real ``> 0`` (``>= 0`` with ``allow_zero``) in ``[minimum, maximum]``; ``why``
    explains the maximum in the message."""
    v = _number(value, name, owner, "a positive number")
    if v < 0 or (v == 0 and not allow_zero):
        raise InvalidInputError(f"{owner}: {name} must be {'>= 0' if allow_zero else 'positive (> 0)'}, got {v:g}")
    if v < minimum:
        raise InvalidInputError(f"{owner}: {name} must be at least {minimum:g} (inputs divided by it "
                                f"would overflow), got {v:g}")
    if v > maximum:
        raise InvalidInputError(f"{owner}: {name} must be at most {maximum:g} ({why}), got {v:g}")
    return v


def real(value: Any, name: str, owner: str, *, maximum: float = MAX_SCALE) -> float:
    """A finite real of magnitude at most ``maximum``."""
    v = _number(value, name, owner, "a real number")
    if abs(v) > maximum:
        raise InvalidInputError(f"{owner}: {name} must be at most {maximum:g} in magnitude, got {v:g}")
    return v


def int_in_range(value: Any, name: str, owner: str, *, minimum: int = 1, maximum: int = MAX_COUNT,
                 why: str = "") -> int:
    """An integer (integral floats accepted) in ``[minimum, maximum]``; ``why`` explains the
    maximum in the message."""
    v = _number(value, name, owner, "an integer")
    if v != int(v):
        raise InvalidInputError(f"{owner}: {name} must be an integer, got {value!r}")
    if v < minimum:
        raise InvalidInputError(f"{owner}: {name} must be an integer >= {minimum}, got {int(v)}")
    if v > maximum:
        reason = f" ({why})" if why else ""
        raise InvalidInputError(f"{owner}: {name} must be at most {maximum}{reason}, got {value!r}")
    return int(value)


def boolean(value: Any, name: str, owner: str) -> bool:
    """``True`` or ``False`` (numpy booleans accepted; numbers and strings are not)."""
    if not isinstance(value, bool | np.bool_):
        raise InvalidInputError(f"{owner}: {name} must be True or False, got {value!r}")
    return bool(value)


def choice(value: Any, name: str, owner: str, options: Iterable[str]) -> str:
    """One of the strings ``options``."""
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise InvalidInputError(f"{owner}: {name} must be one of {options}, got {value!r}")
    return value
