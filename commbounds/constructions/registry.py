"""Registry of constructions; modules of the package register on import."""

from __future__ import annotations

import importlib
import pkgutil

from ..errors import InvalidInputError, UnknownNameError

__all__ = ["register", "available", "get", "construction_class"]

_REG: dict[str, type] = {}
_LOADED = False
_INFRA = {"base", "registry"}


def register(name: str):
    def deco(cls):
        if name in _REG:
            raise ValueError(f"construction {name!r} registered twice")
        cls.name = name
        _REG[name] = cls
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
    """Names of the registered constructions."""
    _load()
    return sorted(_REG)


def construction_class(name: str) -> type:
    _load()
    if name not in _REG:
        raise UnknownNameError("construction", name, _REG)
    return _REG[name]


def get(name: str, **params):
    """Instantiate a construction by name (parameters are validated here).

    >>> from commbounds import constructions
    >>> constructions.get("block-basis", n=2, d=10, C=4)
    BlockBasis(n=2, d=10, C=4)
    """
    cls = construction_class(name)
    try:
        return cls(**params)
    except TypeError as exc:
        raise InvalidInputError(f"construction {name!r}: {exc}") from None
