"""The commbounds exception hierarchy.

Every error the library raises on bad input derives from :class:`CommboundsError`,
so ``except CommboundsError`` catches them all; each subclass also derives from the
matching builtin (``ValueError``, ``KeyError``) so generic code keeps working.

Examples
--------
>>> from commbounds.errors import BoundDomainError, CommboundsError
>>> issubclass(BoundDomainError, CommboundsError) and issubclass(BoundDomainError, ValueError)
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "CommboundsError",
    "InvalidInputError",
    "BoundDomainError",
    "DecodeError",
    "ProtocolError",
    "UnknownNameError",
    "ResultStoreError",
    "DeclarationError",
]


class CommboundsError(Exception):
    """Root of every error raised by commbounds."""


class InvalidInputError(CommboundsError, ValueError):
    """An input array or value is malformed: NaN/inf, wrong shape, wrong dtype, not a number."""


class BoundDomainError(CommboundsError, ValueError):
    """Parameters lie outside a declared domain or a theorem's validity conditions."""


class DecodeError(CommboundsError, ValueError):
    """A payload does not decode (truncated, corrupted, or inconsistent with its header)."""


class ProtocolError(CommboundsError, RuntimeError):
    """A multi-party protocol was misconfigured or violated its own invariants."""


class ResultStoreError(CommboundsError, ValueError):
    """A result store (JSONL file) is unreadable, truncated or from an incompatible version."""


class DeclarationError(CommboundsError, ValueError):
    """A declaration in the library or a plugin is malformed: a parameter's domain names an
    undeclared parameter, its typical value lies outside its domain, a name is declared twice."""


class UnknownNameError(CommboundsError, KeyError):
    """A registry lookup failed; the message lists the closest valid names."""

    def __init__(self, kind: str, name: str, valid: Iterable[str]):
        valid = sorted(valid)
        close = difflib.get_close_matches(name, valid, n=5, cutoff=0.4)
        hint = f"; closest: {', '.join(close)}" if close else ""
        super().__init__(f"unknown {kind} {name!r}{hint} ({len(valid)} {kind}s registered)")
        self.kind, self.name, self.valid, self.close = kind, name, valid, close

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])
