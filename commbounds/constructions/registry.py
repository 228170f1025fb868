"""Registry of constructions; modules of the package register on import."""

from __future__ import annotations

from .._registry import Registry

__all__ = ["register", "available", "get", "construction_class"]

CONSTRUCTIONS = Registry("construction", __package__, skip={"base", "registry"})


def register(name: str):
    return CONSTRUCTIONS.register(name)


def available() -> list[str]:
    """Names of the registered constructions."""
    return CONSTRUCTIONS.names()


def construction_class(name: str) -> type:
    return CONSTRUCTIONS.lookup(name)


def get(name: str, **params):
    """Instantiate a construction by name (parameters are validated here).

    >>> from commbounds import constructions
    >>> constructions.get("block-basis", n=2, d=10, C=4)
    BlockBasis(n=2, d=10, C=4)
    """
    return CONSTRUCTIONS.create(name, **params)
