"""The construction contract: a hard input family as a generator with checked properties.

``get(name, **params).sample(rng, size=None)`` returns an :class:`Instance`: the inputs
(arrays, or an oracle object), the ground truth (mean, parameter, minimiser), and the
family's defining properties *computed from the sample*.  ``check(instance)`` says, per
property, whether the sample has it (exactly where it is exact).  ``source`` is the bound
id whose proof uses the family.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from ..errors import BoundDomainError, InvalidInputError
from ..params import Declared

__all__ = ["Instance", "Construction", "require", "as_int", "as_float", "MAX_INT"]

#: Largest integer parameter accepted: every integer up to it is exact in float64.
MAX_INT = 2**53


@dataclass
class Instance:
    """One sample of a construction.

    Parameters
    ----------
    inputs : object
        What the protocol or scheme is run on (arrays, functions, an oracle).
    truth : dict
        The ground truth (the mean, the answer of the reduction).
    properties : dict
        The defining properties computed from the sample.
    params : dict
        The construction's parameters.
    source : str
        The bound id the family proves.

    Examples
    --------
    >>> from commbounds import constructions
    >>> constructions.get("block-basis", n=2, d=10, C=4).sample(rng=0).source
    'huang2019:thm3.1'
    """

    inputs: Any
    truth: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    source: str = ""


class Construction(Declared, ABC):
    """Base class: parameters declared in ``params`` and checked on construction.

    Parameters are checked by :class:`~commbounds.params.Declared`; samples are drawn with
    ``sample`` and ``check`` says which defining properties a sample has.

    Parameters
    ----------
    **arguments
        The declared ``params``, by name.

    Examples
    --------
    >>> from commbounds import constructions
    >>> c = constructions.get("block-basis", n=2, d=10, C=4)
    >>> all(c.check(c.sample(rng=0)).values())
    True
    """

    #: the bound id the family proves
    source: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "sample" in cls.__dict__:
            cls.sample = _checked_sample(cls.__dict__["sample"])

    @abstractmethod
    def sample(self, rng=None, size: int | None = None) -> Instance: ...

    @abstractmethod
    def check(self, instance: Instance) -> Mapping[str, bool]:
        """Per defining property: does the sample have it?"""


def _checked_sample(sample):
    """Validate ``rng`` and ``size`` before a subclass's ``sample`` runs."""

    @functools.wraps(sample)
    def checked(self, rng=None, size=None, *args, **kwargs):
        if size is not None:
            if isinstance(size, bool) or not isinstance(size, int | np.integer):
                raise InvalidInputError(f"size must be None or a positive integer, got {size!r}")
            if size < 1:
                raise InvalidInputError(f"size must be None or a positive integer, got {size}")
        if not (rng is None or isinstance(rng, int | np.integer | np.random.Generator | np.random.SeedSequence)) \
                or isinstance(rng, bool):
            raise InvalidInputError(f"rng must be a numpy Generator, a seed or None, got {type(rng).__name__}")
        return sample(self, rng, size, *args, **kwargs)

    return checked


def require(ok: bool, what: str, source: str) -> None:
    """Raise :class:`BoundDomainError` naming the violated condition of the proof."""
    if not ok:
        raise BoundDomainError(f"{source} requires {what}")


def as_int(value: Any, name: str, minimum: int | None = None) -> int:
    """An integer parameter (integral floats accepted), with an optional minimum."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InvalidInputError(f"{name} must be an integer, got {value!r}")
    if not np.isfinite(value) or float(value) != int(value):
        raise InvalidInputError(f"{name} must be an integer, got {value!r}")
    if abs(float(value)) > MAX_INT:
        raise InvalidInputError(f"{name} must be at most 2**53 in magnitude (exact in float64), got {value!r}")
    v = int(value)
    if minimum is not None and v < minimum:
        raise InvalidInputError(f"{name} must be >= {minimum}, got {v}")
    return v


def as_float(value: Any, name: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InvalidInputError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise InvalidInputError(f"{name} must be finite, got {value!r}")
    if positive and v <= 0:
        raise InvalidInputError(f"{name} must be positive, got {v}")
    return v
