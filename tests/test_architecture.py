"""The import rules of docs/architecture.md, checked on the source of every module.

Every ``import`` statement of the package is read with :mod:`ast` (including imports inside
functions, which run later but are arrows all the same), relative imports are resolved, and
each arrow between layers is checked against the rules: the ground floor imports no layer;
``bounds`` imports only the ground floor; ``constructions`` never imports ``quantizers``; no
layer imports the command line; ``verify`` never imports ``reports``.  Deterministic.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

import commbounds

ROOT = pathlib.Path(commbounds.__file__).parent
#: what every layer may use: coding and its compiled kernels, declared parameters, validation,
#: small maths, errors
FLOOR = {"coding", "kernels", "params", "validation", "special", "errors", "_registry"}
LAYERS = {"bounds", "constructions", "quantizers", "optim", "verify", "explore", "reports", "testing", "plugins"}
#: layer -> layers it must never import
FORBIDDEN = {
    **{floor: LAYERS | {"cli"} for floor in FLOOR},
    "bounds": (LAYERS - {"bounds"}) | {"cli"},
    "constructions": {"quantizers", "optim", "verify", "explore", "reports", "cli", "testing", "plugins"},
    "quantizers": {"verify", "explore", "reports", "cli", "testing", "plugins"},
    "optim": {"verify", "explore", "reports", "cli", "testing"},
    "verify": {"reports", "cli"},
    "explore": {"reports", "cli"},
    "reports": {"cli"},
    "testing": {"cli"},
    "plugins": {"cli", "reports"},
}


def _module_name(path: pathlib.Path) -> str:
    parts = ("commbounds",) + path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: pathlib.Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # "from . import x" may import the submodule x
            out += [(node.lineno, f"{mod}.{a.name}") for a in node.names] if not node.module else [(node.lineno, mod)]
    return out


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "commbounds" else None


def _arrows():
    for path in sorted(ROOT.rglob("*.py")):
        src = _layer(_module_name(path)) if path != ROOT / "__init__.py" else None
        for line, target in _imports(path):
            dst = _layer(target)
            if src and dst and dst != src:
                yield path.relative_to(ROOT.parent), line, src, dst


ARROWS = list(_arrows())


def test_the_walk_sees_the_known_arrows():
    """The check can fail: the arrows it must see are there (quantizers use the floor)."""
    seen = {(s, d) for _, _, s, d in ARROWS}
    assert {("quantizers", "coding"), ("constructions", "validation"), ("bounds", "params"),
            ("verify", "bounds"), ("cli", "verify")} <= seen


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_import_rules(layer):
    bad = [f"{path}:{line} imports commbounds.{dst}" for path, line, src, dst in ARROWS
           if src == layer and dst in FORBIDDEN[layer]]
    assert not bad, "\n".join(bad)


def test_every_subpackage_has_a_place_in_the_rules():
    top = {p.stem if p.is_file() else p.name for p in ROOT.iterdir()
           if (p.suffix == ".py" or (p / "__init__.py").exists()) and not p.name.startswith("__")}
    assert top <= FLOOR | LAYERS | {"cli"}, top - (FLOOR | LAYERS | {"cli"})
