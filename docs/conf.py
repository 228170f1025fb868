"""Sphinx configuration for the commbounds documentation (built with warnings as errors
by the test command: ``tests/test_docs.py``)."""

from __future__ import annotations

import commbounds

project = "commbounds"
author = "the commbounds developers"
release = commbounds.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
templates_path = ["_templates"]

autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"members": True, "show-inheritance": False, "ignore-module-all": True}
autodoc_typehints = "none"  # numpydoc's Parameters section says the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

html_theme = "alabaster"
html_title = f"commbounds {release}"
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]


def _escape_bars(app, what, name, obj, options, lines):
    """Docstrings here write absolute values as ``|x|``; reST would read them as
    substitution references, so bars outside literals are escaped."""
    import re

    literal = re.compile(r"(``.*?``|`[^`]*`)")
    for i, line in enumerate(lines):
        parts = literal.split(line)
        lines[i] = "".join(p if literal.fullmatch(p) else p.replace("|", r"\|") for p in parts)


def setup(app):
    app.connect("autodoc-process-docstring", _escape_bars, priority=900)
