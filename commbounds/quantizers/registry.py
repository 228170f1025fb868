"""Registries of single-vector schemes and multi-party protocols.

Scheme modules (``commbounds/quantizers/<scheme>.py``) decorate their classes with
:func:`register_scheme` / :func:`register_protocol`; every module of the package is
imported on first lookup.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..errors import InvalidInputError, UnknownNameError

__all__ = ["register_scheme", "register_protocol", "available", "get", "protocols", "protocol"]

_SCHEMES: dict[str, type] = {}
_PROTOCOLS: dict[str, type] = {}
_LOADED = False
_INFRA = {"base", "registry", "coding", "ledger"}


def register_scheme(name: str):
    def deco(cls):
        if name in _SCHEMES:
            raise ValueError(f"scheme {name!r} registered twice")
        cls.name = name
        _SCHEMES[name] = cls
        return cls
    return deco


def register_protocol(name: str):
    def deco(cls):
        if name in _PROTOCOLS:
            raise ValueError(f"protocol {name!r} registered twice")
        cls.name = name
        _PROTOCOLS[name] = cls
        return cls
    return deco


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    from . import __path__ as pkg_path

    for info in sorted(pkgutil.iter_modules(pkg_path), key=lambda m: m.name):
        if not info.name.startswith("_") and info.name not in _INFRA:
            importlib.import_module(f"{__package__}.{info.name}")
    _LOADED = True


def available() -> list[str]:
    """Names of the registered single-vector schemes."""
    _load()
    return sorted(_SCHEMES)


def get(name: str, **params):
    """Instantiate a scheme by name.

    >>> from commbounds import quantizers
    >>> quantizers.get("sar", F=0.5)
    SaR(F=0.5)
    """
    _load()
    if name not in _SCHEMES:
        raise UnknownNameError("scheme", name, _SCHEMES)
    try:
        return _SCHEMES[name](**params)
    except TypeError as exc:
        raise InvalidInputError(f"scheme {name!r}: {exc}") from None


def protocols() -> list[str]:
    """Names of the registered multi-party protocols."""
    _load()
    return sorted(_PROTOCOLS)


def protocol(name: str, **params):
    _load()
    if name not in _PROTOCOLS:
        raise UnknownNameError("protocol", name, _PROTOCOLS)
    try:
        return _PROTOCOLS[name](**params)
    except TypeError as exc:
        raise InvalidInputError(f"protocol {name!r}: {exc}") from None


def scheme_class(name: str) -> type:
    _load()
    if name not in _SCHEMES:
        raise UnknownNameError("scheme", name, _SCHEMES)
    return _SCHEMES[name]
