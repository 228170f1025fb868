"""The documentation builds with warnings as errors, and its API reference covers every
layer (the tutorials themselves run as doctests through ``--doctest-glob='*.rst'``)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pytest.importorskip("sphinx")
    src = tmp_path_factory.mktemp("docs-src")
    shutil.copytree(DOCS, src, dirs_exist_ok=True, ignore=shutil.ignore_patterns("_build", "_autosummary"))
    out = tmp_path_factory.mktemp("docs-html")
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(src), str(out)],
        capture_output=True, text=True, timeout=900,
    )
    return proc, out


def test_docs_build_without_warnings(built):
    proc, _ = built
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "WARNING" not in proc.stderr, proc.stderr[-4000:]


@pytest.mark.parametrize("page", ["index.html", "api.html", "tutorials/bounds.html", "tutorials/suite.html",
                                  "tutorials/report.html", "tutorials/own_quantizer.html", "tutorials/dask.html"])
def test_pages_exist(built, page):
    _, out = built
    assert (out / page).is_file()


@pytest.mark.parametrize("anchor", [
    "commbounds.bounds.core.Bound.solve_for", "commbounds.constructions.base.Construction",
    "commbounds.quantizers.base.Scheme.quantize", "commbounds.verify.record.Record",
    "commbounds.reports.build", "commbounds.testing.check_scheme", "commbounds.plugins.load",
])
def test_api_reference_documents_the_public_entry_points(built, anchor):
    _, out = built
    pages = (out / "_autosummary").glob("*.html")
    assert any(f'id="{anchor}"' in p.read_text(encoding="utf-8") for p in pages), anchor
