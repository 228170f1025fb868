"""Registries of single-vector schemes and multi-party protocols.

Scheme modules (``commbounds/quantizers/<scheme>.py``) decorate their classes with
:func:`register_scheme` / :func:`register_protocol`; every module of the package is
imported on first lookup.
"""

from __future__ import annotations

from .._registry import Registry

__all__ = ["register_scheme", "register_protocol", "available", "get", "protocols", "protocol",
           "scheme_class", "protocol_class"]

_INFRA = {"base", "registry", "coding", "ledger", "channel", "hadamard", "alpha0"}
SCHEMES = Registry("scheme", __package__, skip=_INFRA)
#: filled by the same modules, which SCHEMES.load() imports
PROTOCOLS = Registry("protocol", None)


def register_scheme(name: str):
    """Class decorator registering a scheme under ``name``.

    Parameters
    ----------
    name : str
        The registry name (public API: it names the scheme in the CLI and in records).

    Returns
    -------
    callable
        The decorator; it returns the class unchanged.

    Examples
    --------
    >>> "sar" in available()
    True
    """
    return SCHEMES.register(name)


def register_protocol(name: str):
    """Class decorator registering a protocol under ``name``.

    Parameters
    ----------
    name : str
        The registry name (public API: it names the protocol in the CLI and in records).

    Returns
    -------
    callable
        The decorator; it returns the class unchanged.

    Examples
    --------
    >>> "star" in protocols()
    True
    """
    return PROTOCOLS.register(name)


def _load() -> None:
    SCHEMES.load()


def available() -> list[str]:
    """Names of the registered single-vector schemes.

    Returns
    -------
    list of str
        Sorted registry names.

    Examples
    --------
    >>> "qsgd" in available()
    True
    """
    return SCHEMES.names()


def get(name: str, **params):
    """Instantiate a scheme by name.

    Parameters
    ----------
    name : str
        A registry name.
    **params
        The scheme's declared parameters.

    Returns
    -------
    Scheme
        The instance.

    Examples
    --------
    >>> from commbounds import quantizers
    >>> quantizers.get("sar", F=0.5)
    SaR(F=0.5)
    """
    return SCHEMES.create(name, **params)


def protocols() -> list[str]:
    """Names of the registered multi-party protocols.

    Returns
    -------
    list of str
        Sorted registry names.

    Examples
    --------
    >>> "sparse-dme" in protocols()
    True
    """
    _load()
    return PROTOCOLS.names()


def protocol(name: str, **params):
    """Instantiate a protocol by name.

    Parameters
    ----------
    name : str
        A registry name.
    **params
        The protocol's declared parameters.

    Returns
    -------
    Protocol
        The instance.

    Examples
    --------
    >>> protocol("tree", m=4).m
    4
    """
    _load()
    return PROTOCOLS.create(name, **params)


def scheme_class(name: str) -> type:
    """The scheme class registered under ``name``, uninstantiated.

    Parameters
    ----------
    name : str
        A registry name.

    Returns
    -------
    type

    Examples
    --------
    >>> scheme_class("sar").__name__
    'SaR'
    """
    return SCHEMES.lookup(name)


def protocol_class(name: str) -> type:
    """The protocol class registered under ``name``, uninstantiated.

    Parameters
    ----------
    name : str
        A registry name.

    Returns
    -------
    type

    Examples
    --------
    >>> protocol_class("star").__name__
    'Star'
    """
    _load()
    return PROTOCOLS.lookup(name)
