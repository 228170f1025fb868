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
    return SCHEMES.register(name)


def register_protocol(name: str):
    return PROTOCOLS.register(name)


def _load() -> None:
    SCHEMES.load()


def available() -> list[str]:
    """Names of the registered single-vector schemes."""
    return SCHEMES.names()


def get(name: str, **params):
    """Instantiate a scheme by name.

    >>> from commbounds import quantizers
    >>> quantizers.get("sar", F=0.5)
    SaR(F=0.5)
    """
    return SCHEMES.create(name, **params)


def protocols() -> list[str]:
    """Names of the registered multi-party protocols."""
    _load()
    return PROTOCOLS.names()


def protocol(name: str, **params):
    _load()
    return PROTOCOLS.create(name, **params)


def scheme_class(name: str) -> type:
    return SCHEMES.lookup(name)


def protocol_class(name: str) -> type:
    _load()
    return PROTOCOLS.lookup(name)
