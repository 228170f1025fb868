"""The report builds from the smoke profile, compiles, lists every bound, and is reproducible."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from commbounds import bounds
from commbounds.errors import InvalidInputError, ResultStoreError
from commbounds.reports import PAPER_TITLES, build, tex_escape
from commbounds.verify import store


@pytest.fixture(scope="module")
def results_file(smoke_records, tmp_path_factory):
    path = tmp_path_factory.mktemp("results") / "smoke.jsonl"
    store.append(path, smoke_records)
    return path


@pytest.fixture(scope="module")
def report(results_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "r"
    return build(results=results_file, out=out)


def test_tex_lists_every_bound_and_paper(report):
    tex = report.tex.read_text()
    for b in bounds.all():
        assert tex_escape(b.id) in tex, b.id
    for title in PAPER_TITLES.values():
        assert tex_escape(title) in tex
    assert r"\section{Errata}" in tex and "Run" in tex


def test_figures_exist_and_are_non_empty(report):
    figs = list((report.tex.parent / "figures").glob("*.pdf"))
    assert figs and all(f.stat().st_size > 1000 for f in figs)
    assert any("huang2019" in f.name for f in figs)


def test_pdf_has_a_page_per_paper_section(report):
    if shutil.which("latexmk") is None and shutil.which("pdflatex") is None:
        assert report.pdf is None and "no TeX engine" in report.pdf_reason
        return
    assert report.pdf is not None, report.pdf_reason
    text = subprocess.run(["pdftotext", "-layout", str(report.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    firsts = []
    for key in PAPER_TITLES:
        where = [i for i, p in enumerate(pages) if f"Paper key: {key}." in p]
        assert len(where) == 1, key
        firsts.append(where[0])
    assert len(set(firsts)) == len(PAPER_TITLES)  # each paper's section starts on its own page
    assert "Errata" in text


def test_rebuilding_gives_the_same_tex(results_file, report, tmp_path):
    again = build(results=results_file, out=tmp_path / "again", pdf=False)
    assert again.tex.read_text() == report.tex.read_text()


def test_existing_report_is_not_overwritten_without_force(results_file, report):
    with pytest.raises(InvalidInputError, match="--force"):
        build(results=results_file, out=report.tex.parent, pdf=False)


def test_bad_results_file_and_unwritable_directory(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"check": "x"}\n')
    with pytest.raises(ResultStoreError, match="missing field"):
        build(results=bad, out=tmp_path / "o", pdf=False)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(InvalidInputError, match="cannot write"):
        build(results=bad, out=blocker / "sub", pdf=False)
