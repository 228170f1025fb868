"""One registry mechanism for every layer: names to objects, modules imported lazily.

A :class:`Registry` maps public names (registry names are public API) to classes or
values; the modules of its package are imported on the first lookup, so registering is a
decorator in the module that defines the thing.

>>> reg = Registry("widget", package=None)
>>> @reg.register("blue")
... class Blue:
...     pass
>>> reg.names(), reg.lookup("blue").name
(['blue'], 'blue')
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from typing import Any

from .errors import UnknownNameError

__all__ = ["Registry"]


class Registry:
    """Names -> objects for one kind of thing (``kind`` is used in error messages).

    ``package`` is the dotted name of the package whose modules are imported on first
    lookup (modules whose name starts with ``_`` or is listed in ``skip`` are not).
    """

    def __init__(self, kind: str, package: str | None, skip: Iterable[str] = ()) -> None:
        self.kind = kind
        self.package = package
        self.skip = set(skip)
        self._items: dict[str, Any] = {}
        self._loaded = package is None

    def register(self, name: str) -> Callable:
        """Decorator: register a class under ``name`` (also sets ``cls.name``)."""
        def deco(obj):
            self.add(name, obj)
            try:
                obj.name = name
            except (AttributeError, TypeError):  # pragma: no cover - frozen objects
                pass
            return obj
        return deco

    def add(self, name: str, obj: Any) -> None:
        if name in self._items and self._items[name] is not obj:
            raise ValueError(f"{self.kind} {name!r} registered twice")
        self._items[name] = obj

    def load(self) -> None:
        if self._loaded:
            return
        pkg = importlib.import_module(self.package)
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
            if not info.name.startswith("_") and info.name not in self.skip:
                importlib.import_module(f"{self.package}.{info.name}")
        self._loaded = True

    def names(self) -> list[str]:
        self.load()
        return sorted(self._items)

    def items(self) -> dict[str, Any]:
        self.load()
        return dict(self._items)

    def lookup(self, name: str) -> Any:
        self.load()
        if name not in self._items:
            raise UnknownNameError(self.kind, name, self._items)
        return self._items[name]

    def create(self, name: str, **params: Any) -> Any:
        """Instantiate the class registered under ``name``.

        The class checks ``params`` against its declaration
        (:class:`~commbounds.params.Declared`): a missing, unknown or out-of-domain
        parameter is an :class:`~commbounds.errors.InvalidInputError` naming it.  A
        ``TypeError`` from inside the class is a bug and is not disguised as bad input.
        """
        return self.lookup(name)(**params)

    def __contains__(self, name: str) -> bool:
        self.load()
        return name in self._items
