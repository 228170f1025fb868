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
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_typehints = "none"  # numpydoc's Parameters section says the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

html_theme = "alabaster"
html_title = f"commbounds {release}"
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]
