"""The report builds from the smoke profile, compiles, lists every bound, and is reproducible."""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commbounds import bounds
from commbounds.errors import InvalidInputError, ResultStoreError
from commbounds.reports import PAPER_TITLES, ReportResult, build, tex_escape
from commbounds.verify import store


@pytest.fixture(scope="module")
def results_file(smoke_records, tmp_path_factory):
    path = tmp_path_factory.mktemp("results") / "smoke.jsonl"
    store.append(path, smoke_records)
    return path


#: builds a report from a store in a fresh interpreter where the suite's checks and the
#: symbolic checks cannot be imported, so everything it prints comes from the store and the
#: bound registry
_FROM_STORE_ALONE = """
import json, sys
sys.modules["commbounds.verify.suite"] = None
sys.modules["commbounds.bounds.checks"] = None
from commbounds.reports import build
res = build(results=sys.argv[1], out=sys.argv[2])
print(json.dumps({"tex": str(res.tex), "pdf": res.pdf and str(res.pdf), "reason": res.pdf_reason}))
"""


@pytest.fixture(scope="module")
def report(results_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "r"
    proc = subprocess.run([sys.executable, "-c", _FROM_STORE_ALONE, str(results_file), str(out)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    return ReportResult(Path(got["tex"]), got["pdf"] and Path(got["pdf"]), got["reason"])


def test_tex_lists_every_bound_and_paper(report):
    tex = report.tex.read_text().replace(r"\allowbreak{}", "")
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


def test_rebuilding_gives_the_same_tex(results_file, report, shared_figure_draws, tmp_path):
    # here the suite registry is loaded; the report is the one built without it (whose
    # figures were drawn in that process; these are the run's shared in-process draws)
    again = build(results=results_file, out=tmp_path / "again", pdf=False)
    first, second = report.tex.read_text().splitlines(), again.tex.read_text().splitlines()
    diff = list(difflib.unified_diff(first, second, "from the store alone", "rebuilt", n=1, lineterm=""))
    assert not diff, "\n".join(diff[:60])


def test_errata_and_descriptions_come_from_the_store(smoke_records, report):
    tex = report.tex.read_text().replace(r"\allowbreak{}", "")
    errata = {r.symbolic.id for r in smoke_records if r.symbolic is not None and not r.symbolic.holds}
    assert errata, "the smoke profile records no erratum"
    errata_section = tex.split(r"\section{Errata}", 1)[1].split(r"\appendix", 1)[0].replace(r"\allowbreak{}", "")
    for eid in errata:
        assert tex_escape(eid) in errata_section, eid
    assert f"and {len(errata)} errata found" in tex
    for r in smoke_records:
        if r.claim != "symbolic":
            assert tex_escape(r.description) in tex, r.check


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


def _needs_pdf(report):
    if shutil.which("latexmk") is None and shutil.which("pdflatex") is None:
        pytest.skip("no TeX engine installed: the PDF layout cannot be measured")
    assert report.pdf is not None, report.pdf_reason


def test_latex_log_has_no_overfull_box_over_10pt(report):
    import re

    _needs_pdf(report)
    log = report.tex.with_suffix(".log").read_text(errors="replace")
    over = [float(m) for m in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert not [o for o in over if o > 10], sorted(over)[-5:]


def test_first_page_names_every_result_that_is_not_a_pass(smoke_records, report):
    tex = report.tex.read_text()
    first = tex[tex.index("Summary"):tex.index(r"\tableofcontents")]
    not_pass = {r.check for r in smoke_records if r.verdict != "pass"}
    for check in not_pass:
        assert tex_escape(check).replace("_", "") in first.replace(r"\allowbreak{}", "").replace("_", "")
    if not not_pass:
        assert "Every result is a pass" in first


def test_domains_are_mathematics_with_infinity(report):
    tex = report.tex.read_text()
    assert r"\infty)" in tex and ", oo)" not in tex


def test_parameters_print_in_canonical_order(results_file, tmp_path):
    from commbounds.reports import _params_text

    assert _params_text({"n": 1, "d": 2, "C": 3}) == _params_text({"C": 3, "d": 2, "n": 1})


def test_every_pgf_copy_compiles_in_a_document(report, tmp_path):
    """The PGF copies are LaTeX a user can ``\\input``: one document holding all of them
    compiles with pdflatex (shell escape off), one page per figure."""
    _needs_pdf(report)
    pgfs = sorted((report.tex.parent / "figures").glob("*.pgf"))
    assert len(pgfs) == len(list((report.tex.parent / "figures").glob("*.pdf")))
    body = "\n".join(f"\\input{{{p.name}}}\\clearpage" for p in pgfs)
    doc = tmp_path / "pgf.tex"
    doc.write_text("\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{pgf}\n"
                   f"\\begin{{document}}\n{body}\n\\end{{document}}\n")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", doc.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TEXINPUTS": f"{pgfs[0].parent}:"})
    assert proc.returncode == 0, proc.stdout[-2000:]
    text = subprocess.run(["pdftotext", str(tmp_path / "pgf.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert text.count("\f") >= len(pgfs)


def _pdf_pages(report) -> list[str]:
    _needs_pdf(report)
    text = subprocess.run(["pdftotext", "-layout", str(report.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_no_page_is_empty_or_nearly_so(report):
    lines = [len([ln for ln in p.splitlines() if ln.strip()]) for p in _pdf_pages(report)]
    # a page number and one line of text is the near-empty page a report must not have
    assert min(lines) >= 3, [(i + 1, n) for i, n in enumerate(lines) if n < 3]


def test_slowest_checks_are_listed_once_each_with_their_parameters(report):
    tex = report.tex.read_text().replace(r"\allowbreak{}", "")
    table = tex.split(r"\subsection*{Slowest checks}", 1)[1].split(r"\end{longtable}", 1)[0]
    rows = [ln for ln in table.splitlines() if ln.startswith(r"\raggedright\texttt{")]
    assert len(rows) >= 5
    assert len(set(rows)) == len(rows)
    assert all(" (" in r.split("}", 1)[0] for r in rows), rows[:3]


def test_a_citation_is_set_apart_from_the_conditions(report):
    tex = report.tex.read_text()
    assert tex.count("Source:") > 100
    assert tex.count("Source:") == tex.count(r"\quad Source:"), re.search(r".{40}(?<!\\quad )Source:", tex)
