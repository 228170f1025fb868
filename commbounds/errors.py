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
    """Root of every error raised by commbounds.

    Examples
    --------
    >>> from commbounds import quantizers
    >>> try:
    ...     quantizers.get("sar", F=-1.0)
    ... except CommboundsError as exc:
    ...     type(exc).__name__
    'InvalidInputError'
    """


class InvalidInputError(CommboundsError, ValueError):
    """An input array or value is malformed: NaN/inf, wrong shape, wrong dtype, not a number.

    Examples
    --------
    >>> import numpy as np
    >>> from commbounds.validation import validate_vectors
    >>> try:
    ...     validate_vectors(np.array([1.0, np.nan]))
    ... except InvalidInputError:
    ...     "refused"
    'refused'
    """


class BoundDomainError(CommboundsError, ValueError):
    """Parameters lie outside a declared domain or a theorem's validity conditions.

    Examples
    --------
    >>> import commbounds as cb
    >>> try:
    ...     cb.bound("huang2019:thm2.3/mse")(F1=1.0, C=-1.0, n=2)
    ... except BoundDomainError:
    ...     "outside the domain"
    'outside the domain'
    """


class DecodeError(CommboundsError, ValueError):
    """A payload does not decode (truncated, corrupted, or inconsistent with its header).

    Examples
    --------
    >>> from commbounds.coding import BitReader
    >>> try:
    ...     BitReader(b"\\x00", 9)
    ... except DecodeError:
    ...     "truncated"
    'truncated'
    """


class ProtocolError(CommboundsError, RuntimeError):
    """A multi-party protocol was misconfigured or violated its own invariants.

    Examples
    --------
    >>> import networkx as nx
    >>> from commbounds.quantizers.channel import Channel
    >>> try:
    ...     Channel(nx.Graph([("a", "b")])).send("a", "c", (b"", 0), round=0, what="x")
    ... except ProtocolError:
    ...     "no such link"
    'no such link'
    """


class ResultStoreError(CommboundsError, ValueError):
    """A result store (JSONL file) is unreadable, truncated or from an incompatible version.

    Examples
    --------
    >>> from commbounds.verify import Record
    >>> try:
    ...     Record.from_json('{"check": "a/b"}')
    ... except ResultStoreError:
    ...     "incomplete record"
    'incomplete record'
    """


class DeclarationError(CommboundsError, ValueError):
    """A declaration in the library or a plugin is malformed: a parameter's domain names an
    undeclared parameter, its typical value lies outside its domain, a name is declared twice.

    Examples
    --------
    >>> from commbounds.params import Declared, Param
    >>> try:
    ...     class Owner(Declared):
    ...         params = (Param("k", integer=True, domain="[1, r]", typical=2),)
    ... except DeclarationError as exc:
    ...     print(exc)
    Owner: the domain of k names undeclared parameters ['r']
    """


class UnknownNameError(CommboundsError, KeyError):
    """A registry lookup failed; the message lists the closest valid names.

    Parameters
    ----------
    kind : str
        What was looked up ("scheme", "bound", ...).
    name : str
        The name asked for.
    valid : iterable of str
        The registered names.

    Examples
    --------
    >>> str(UnknownNameError("scheme", "qsdg", ["qsgd", "sar"]))
    "unknown scheme 'qsdg'; closest: qsgd (2 schemes registered)"
    """

    def __init__(self, kind: str, name: str, valid: Iterable[str]):
        valid = sorted(valid)
        close = difflib.get_close_matches(name, valid, n=5, cutoff=0.4)
        hint = f"; closest: {', '.join(close)}" if close else ""
        super().__init__(f"unknown {kind} {name!r}{hint} ({len(valid)} {kind}s registered)")
        self.kind, self.name, self.valid, self.close = kind, name, valid, close

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])
