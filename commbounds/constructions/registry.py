"""Registry of constructions; modules of the package register on import."""

from __future__ import annotations

from .._registry import Registry

__all__ = ["register", "available", "get", "construction_class"]

CONSTRUCTIONS = Registry("construction", __package__, skip={"base", "registry"})


def register(name: str):
    """Class decorator registering a construction under ``name``.

    Parameters
    ----------
    name : str
        The registry name (public API: it names the construction in the CLI and in records).

    Returns
    -------
    callable
        The decorator; it returns the class unchanged.

    Examples
    --------
    >>> from commbounds import constructions
    >>> "block-basis" in constructions.available()
    True
    """
    return CONSTRUCTIONS.register(name)


def available() -> list[str]:
    """Names of the registered constructions.

    Returns
    -------
    list of str
        Sorted registry names.

    Examples
    --------
    >>> from commbounds import constructions
    >>> "hamming-packing" in constructions.available()
    True
    """
    return CONSTRUCTIONS.names()


def construction_class(name: str) -> type:
    """The class registered under ``name``, uninstantiated.

    Parameters
    ----------
    name : str
        A registry name.

    Returns
    -------
    type
        The construction class.

    Examples
    --------
    >>> construction_class("block-basis").__name__
    'BlockBasis'
    """
    return CONSTRUCTIONS.lookup(name)


def get(name: str, **params):
    """Instantiate a construction by name (parameters are validated here).

    Parameters
    ----------
    name : str
        A registry name.
    **params
        The construction's declared parameters.

    Returns
    -------
    Construction
        The instance.

    Examples
    --------
    >>> from commbounds import constructions
    >>> constructions.get("block-basis", n=2, d=10, C=4)
    BlockBasis(n=2, d=10, C=4)
    """
    return CONSTRUCTIONS.create(name, **params)
