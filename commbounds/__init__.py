"""commbounds: the theory of communication-efficient distributed mean estimation, executable.

Layers (data flows one way): :mod:`commbounds.bounds` (symbolic bounds),
:mod:`commbounds.constructions` (hard input families), :mod:`commbounds.quantizers`
(bit-exact schemes and protocols), :mod:`commbounds.verify` (Monte Carlo checks) and
:mod:`commbounds.reports` (LaTeX/PDF).

>>> import commbounds as cb
>>> cb.bound("huang2019:thm2.3/mse")(F1=100.0, C=50, n=4)
12.5
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .errors import (
    BoundDomainError,
    CommboundsError,
    DecodeError,
    InvalidInputError,
    ProtocolError,
    UnknownNameError,
)
from .kernels import PAYLOAD_VERSION, STREAM_VERSION

__version__ = "0.1.0"
__all__ = ["bound", "STREAM_VERSION", "PAYLOAD_VERSION", "CommboundsError", "InvalidInputError", "BoundDomainError", "DecodeError",
           "ProtocolError", "UnknownNameError", "__version__"]

_SUBPACKAGES = ("bounds", "constructions", "quantizers", "verify", "reports")

if TYPE_CHECKING:  # pragma: no cover
    from .bounds import Bound


def bound(id: str) -> Bound:  # noqa: A002
    """Short form of :func:`commbounds.bounds.get`: the registered bound ``id``.

    Parameters
    ----------
    id : str
        A bound id, ``"<paper>:<statement>[/suffix]"``.

    Returns
    -------
    Bound
        The registered bound (call it with its parameters to evaluate it).

    Raises
    ------
    UnknownNameError
        When no bound has that id (the message suggests close ids).

    Examples
    --------
    >>> import commbounds as cb
    >>> b = cb.bound("huang2019:thm2.3/mse")
    >>> b.id
    'huang2019:thm2.3/mse'
    """
    from .bounds import get

    return get(id)


def __getattr__(name: str):
    # subpackages load on first use so that ``import commbounds`` stays fast
    if name in _SUBPACKAGES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'commbounds' has no attribute {name!r}")
