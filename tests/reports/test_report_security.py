"""A result store is data: nothing in it runs as LaTeX, reads or writes files, or runs commands.

Hostile strings (``\\input``, ``\\openout``, catcode changes, ``\\write18``, TeX's ``^^5c``
notation for a backslash, control characters) are put in every string field of a stored
record; the report must print them as text, refuse them where a number belongs, and the
PDF build itself runs with shell escape off and file access confined to the report
directory, so even LaTeX written by hand cannot leave it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from commbounds.cli import main
from commbounds.errors import ResultStoreError
from commbounds.reports import Tex, _env, build, compile_pdf, tex_escape

HAS_TEX = shutil.which("latexmk") is not None or shutil.which("pdflatex") is not None
needs_tex = pytest.mark.skipif(not HAS_TEX, reason="no TeX engine installed")

HOSTILE = [
    r"\input{/etc/hostname}",
    r"\immediate\openout5=pwned.tex \immediate\write5{x}\immediate\closeout5",
    r"\catcode`\@=0 @input{/etc/passwd}",
    r"\immediate\write18{touch MARKER}",
    r"^^5cinput{/etc/hostname}",
    "$\\x00\x1b\x07 { } # % & ~ _ | < > \"\n\n\\par \U0001F600",
]


def _record(**over) -> dict:
    rec = {"schema": 1, "check": "huang2019/lem2.2-bits", "bound": None, "params": {"n": 4}, "measured": 1.0,
           "ci": [0.5, 1.5], "reference": 2.0, "ratio": 0.5, "verdict": "pass", "trials": 10,
           "seed": {"entropy": 0, "spawn_key": [1, 0, 0]}, "seconds": 0.1, "versions": {"commbounds": "0.1"},
           "paper": "huang2019", "profile": "smoke"}
    rec.update(over)
    return rec


def _store(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_symbolic_rerun(monkeypatch):
    """The symbolic checks are the report's slowest part and carry no store data."""
    from commbounds.bounds import checks

    monkeypatch.setattr(checks, "run_all", lambda *a, **k: [], raising=False)


def _hostile_records():
    recs = []
    for i, h in enumerate(HOSTILE):
        recs.append(_record(check=f"huang2019/{h}", index=i, params={h: h, "n": 4}, rule=h, claim=h,
                            bound=h, error=h, verdict="error", profile="smoke",
                            versions={h: h, "commbounds": h}))
    recs.append(_record(check="x/y", paper=HOSTILE[0], index=99))
    return recs


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    from commbounds.bounds import checks

    mp = pytest.MonkeyPatch()
    mp.setattr(checks, "run_all", lambda *a, **k: [], raising=False)
    try:
        root = tmp_path_factory.mktemp("hostile")
        store = _store(root / "hostile.jsonl", _hostile_records())
        out = root / "report"
        return root, build(results=store, out=out, pdf=HAS_TEX)
    finally:
        mp.undo()


def test_every_stored_string_prints_as_text(hostile_report):
    _, res = hostile_report
    tex = res.tex.read_text()
    for h in HOSTILE:
        assert tex_escape(h) in tex
    for danger in (r"\input{", r"\openout", r"\catcode", r"\write18", "^^5c", "\x00", "\x1b"):
        assert danger not in tex, danger


@needs_tex
def test_a_hostile_store_reads_writes_and_runs_nothing(hostile_report):
    root, res = hostile_report
    assert res.pdf is not None, res.pdf_reason
    text = subprocess.run(["pdftotext", str(res.pdf), "-"], capture_output=True, text=True).stdout
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if hostname:
        assert hostname not in text.replace("/etc/hostname", "")
    assert "root:x:" not in text
    assert not list(root.rglob("MARKER")) and not list(root.rglob("pwned.tex"))


def test_the_template_layer_escapes_what_it_is_not_told_is_latex():
    t = _env().from_string(r"\VAR{a} \VAR{b} \VAR{c} \VAR{d}")
    out = t.render(a=r"\input{x}", b=Tex(r"$\alpha$"), c=2.5, d=float("inf"))
    assert out == r"\textbackslash{}input\{x\} $\alpha$ 2.5 $\infty$"


@pytest.mark.parametrize("seed", [r"\input{/etc/hostname}", "0", None, 1.5, True, [0]])
def test_a_seed_that_is_not_an_integer_is_refused(tmp_path, seed):
    store = _store(tmp_path / "s.jsonl", [_record(seed={"entropy": seed})])
    with pytest.raises(ResultStoreError, match="seed"):
        build(results=store, out=tmp_path / "r", pdf=False)


@pytest.mark.parametrize("field,value", [("measured", r"\input{/etc/hostname}"), ("reference", "1"),
                                          ("ci", ["a", "b"]), ("ratio", {"x": 1}), ("params", [1, 2]),
                                          ("measured", True)])
def test_a_number_field_holding_anything_else_is_refused(tmp_path, field, value):
    store = _store(tmp_path / "s.jsonl", [_record(**{field: value})])
    with pytest.raises(ResultStoreError):
        build(results=store, out=tmp_path / "r", pdf=False)


def test_records_from_two_seeds_are_not_reported_as_one(tmp_path):
    store = _store(tmp_path / "s.jsonl", [_record(), _record(seed={"entropy": 1, "spawn_key": [1, 0, 0]})])
    with pytest.raises(ResultStoreError, match="mix root seeds 0, 1"):
        build(results=store, out=tmp_path / "r", pdf=False)


@needs_tex
@pytest.mark.parametrize("body,escape", [
    (r"\input{/etc/hostname}", None),
    (r"\immediate\openout5=../escaped.tex \immediate\write5{x}\immediate\closeout5 ok", "escaped.tex"),
    (r"\immediate\openout5=/tmp/commbounds-escaped.tex \immediate\write5{x}\immediate\closeout5 ok",
     "/tmp/commbounds-escaped.tex"),
    (r"\immediate\write18{touch ../MARKER} ok", "MARKER"),
])
def test_tex_itself_is_sandboxed(tmp_path, body, escape):
    """Even LaTeX written by hand cannot reach outside the report directory or run a command."""
    work = tmp_path / "r"
    work.mkdir()
    tex = work / "report.tex"
    tex.write_text("\\documentclass{article}\\begin{document}" + body + "\\end{document}\n")
    pdf, reason = compile_pdf(tex)
    if escape is None:
        assert pdf is None and "TeX failed" in reason
        return
    target = Path(escape) if escape.startswith("/") else tmp_path / escape
    assert not target.exists()
    target.unlink(missing_ok=True)


@needs_tex
def test_a_pdf_build_failure_exits_non_zero(tmp_path, monkeypatch, capsys):
    from commbounds import reports

    store = _store(tmp_path / "s.jsonl", [_record()])
    monkeypatch.setattr(reports, "compile_pdf", lambda tex: (None, "TeX failed (latexmk exit 12)"))
    assert main(["report", "--from", str(store), "--out", str(tmp_path / "r")]) == 2
    assert "did not build" in capsys.readouterr().err


@pytest.mark.parametrize("field,value", [("seconds", None), ("error", 5), ("versions", [1]), ("paper", 5),
                                          ("bound", 3), ("description", 7), ("index", "a"), ("trials", "x")])
def test_a_field_of_the_wrong_type_is_a_store_error_not_a_crash(tmp_path, field, value):
    store = _store(tmp_path / "s.jsonl", [_record(**{field: value})])
    with pytest.raises(ResultStoreError, match=f"line 1.*{field}"):
        build(results=store, out=tmp_path / "r", pdf=False)
