"""Plugins: a researcher's own schemes and checks, run by the suite and shown in the report.

A plugin is an importable module.  Importing it registers what it brings, with the same
decorators the package uses (:func:`commbounds.quantizers.registry.register_scheme`,
:func:`commbounds.verify.engine.check`).  It is loaded by name (``--plugin MODULE`` on
``commbounds verify`` and ``commbounds report``, or :func:`load` from Python) or through
the entry-point groups of an installed package::

    [project.entry-points."commbounds.schemes"]
    my-sign = "mypkg.sign:Sign"          # a Scheme subclass (registered under its name)

    [project.entry-points."commbounds.checks"]
    mypkg = "mypkg.checks"               # a module whose import registers checks

Everything a plugin registers is filed under the plugin's name: its checks' records
carry it (the module name with ``-`` for ``.`` and ``_``) as their ``paper`` (so the report gives the plugin its own heading, with the
checks' descriptions), and every scheme it registers gets two generated checks --
``<plugin>/<scheme>-check-scheme`` (:func:`commbounds.testing.check_scheme`: the
contract, the fuzzers, the exact prediction and unbiasedness) and
``<plugin>/<scheme>-thm3.1`` (huang2019 Theorem 3.1 on the block-basis family, the
lower-bound canary every registered scheme meets).

Worker processes load the same plugins: :func:`load` records the module names in the
``COMMBOUNDS_PLUGINS`` environment variable, which :func:`ensure_loaded` (called by the
engine before each task) reads.

Examples
--------
>>> from commbounds import plugins
>>> plugins.load([])          # nothing named: only installed entry points, if any
[]
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from collections.abc import Sequence
from importlib import metadata

from .errors import InvalidInputError

__all__ = ["load", "ensure_loaded", "loaded", "ENV"]

#: environment variable that carries the plugin modules to worker processes
ENV = "COMMBOUNDS_PLUGINS"
#: entry-point groups read by :func:`load`
SCHEME_GROUP, CHECK_GROUP = "commbounds.schemes", "commbounds.checks"

_LOADED: dict[str, list[str]] = {}


def loaded() -> dict[str, list[str]]:
    """Plugins loaded in this process: name -> the check ids it brought."""
    return {k: list(v) for k, v in _LOADED.items()}


def load(modules: Sequence[str] = (), *, entry_points: bool = True) -> list[str]:
    """Import plugin modules (and installed entry points) and file what they register.

    Parameters
    ----------
    modules : sequence of str
        Dotted module names to import.
    entry_points : bool
        Also load the ``commbounds.schemes`` and ``commbounds.checks`` entry points.

    Returns
    -------
    list of str
        The names of the plugins loaded by this call (already loaded ones are skipped).

    Raises
    ------
    InvalidInputError
        When a module cannot be imported, or an entry point is not what its group needs.
    """
    if isinstance(modules, str):
        modules = [modules]
    done = []
    for name in modules:
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(f"a plugin is a module name, got {name!r}")
        if name in _LOADED:
            continue
        _file(name, lambda n=name: _import(n))
        done.append(name)
    if entry_points:
        for ep in metadata.entry_points(group=SCHEME_GROUP):
            plugin = ep.dist.name if ep.dist is not None else ep.module
            if f"{plugin}:{ep.name}" not in _LOADED:
                _file(f"{plugin}:{ep.name}", lambda ep=ep: _register_scheme(ep), label=plugin)
                done.append(f"{plugin}:{ep.name}")
        for ep in metadata.entry_points(group=CHECK_GROUP):
            if ep.module not in _LOADED:
                _file(ep.module, lambda ep=ep: ep.load(), label=ep.name)
                done.append(ep.module)
    names = [n for n in _LOADED if ":" not in n]
    if names:
        os.environ[ENV] = ",".join(names)
    return done


def ensure_loaded() -> None:
    """Load the plugins named in ``COMMBOUNDS_PLUGINS`` (a worker process's view of the
    parent's :func:`load`); cheap when they are loaded already."""
    names = [n for n in os.environ.get(ENV, "").split(",") if n]
    if any(n not in _LOADED for n in names):
        load(names, entry_points=False)


# --------------------------------------------------------------------------- filing
def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except ImportError as exc:
        raise InvalidInputError(f"cannot import plugin {name!r}: {exc}") from None


def _register_scheme(ep) -> None:
    from .quantizers.base import Scheme
    from .quantizers.registry import SCHEMES

    obj = ep.load()
    if not (isinstance(obj, type) and issubclass(obj, Scheme)):
        raise InvalidInputError(f"entry point {ep.name!r} in {SCHEME_GROUP} must name a Scheme subclass, "
                                f"got {obj!r}")
    if ep.name not in SCHEMES:
        SCHEMES.register(ep.name)(obj)


def _file(key: str, do, *, label: str | None = None) -> None:
    """Run ``do`` (an import), then file every scheme and check it registered under the
    plugin ``label`` (default: ``key``)."""
    from .quantizers.registry import SCHEMES
    from .verify import engine

    plugin = (label or key).replace(".", "-").replace("_", "-")
    schemes_before = set(SCHEMES.names())
    checks_before = set(engine.CHECKS.names())
    do()
    new_checks = sorted(set(engine.CHECKS.names()) - checks_before)
    for cid in new_checks:  # the plugin's own checks, filed under its name
        c = engine.CHECKS.lookup(cid)
        engine.CHECKS._items[cid] = dataclasses.replace(c, paper=plugin)
    for name in sorted(set(SCHEMES.names()) - schemes_before):
        for c in _generated_checks(plugin, name):
            engine.CHECKS._items.pop(f"canary/{name}-thm3.1", None)  # filed under the plugin
            engine.register(c)
            new_checks.append(c.id)
    _LOADED[key] = new_checks


def _generated_checks(plugin: str, scheme: str):
    from .verify.engine import Check, Outcome
    from .verify.suite import canaries

    def fn(p, rng, trials):
        from . import quantizers
        from .testing import check_scheme

        cls = quantizers.registry.scheme_class(scheme)
        rep = check_scheme(cls, d=p["d"], seed=int(rng.integers(2**63)), trials=trials,
                           raise_on_fail=False, **cls.typical)
        failed = [r.name for r in rep.failures]
        return Outcome(measured=float(len(failed)), ci=None, reference=0.0,
                       verdict="fail" if failed else "pass",
                       rule="fail if any check of commbounds.testing.check_scheme fails",
                       extra={r.name: {"verdict": r.verdict, "detail": r.detail} for r in rep.results})

    contract = Check(id=f"{plugin}/{scheme}-check-scheme", paper=plugin, fn=fn,
                     grids={"smoke": [{"d": 32}], "quick": [{"d": 32}, {"d": 256}]},
                     claim="contract", scheme=scheme, trials={"smoke": 2000, "quick": 8000, "full": 32000},
                     description=f"{scheme} meets the quantizer contract, the payload fuzzers, its exact "
                                 f"prediction and its declared unbiasedness (commbounds.testing.check_scheme).")
    canary = canaries._make(scheme)
    canary = dataclasses.replace(canary, id=f"{plugin}/{scheme}-thm3.1", paper=plugin)
    return [contract, canary]
