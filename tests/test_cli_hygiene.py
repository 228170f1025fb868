"""CLI hygiene: every command and subcommand (found by walking the parser, so new ones are
covered) has ``--help``; wrong arguments give one line on stderr and a non-zero exit; the
report is written to a safe place and never overwrites a previous one without ``--force``."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from commbounds import cli
from commbounds.cli import main


def _commands(parser: argparse.ArgumentParser, prefix=()) -> list[tuple[str, ...]]:
    out = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += _commands(sub, (*prefix, name))
    return out


COMMANDS = _commands(cli._parser())


def _run(argv, capsys):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_the_walk_finds_every_documented_command():
    found = {" ".join(c) for c in COMMANDS}
    for cmd in ("bounds list", "bounds show", "bounds eval", "bounds compare", "bounds check", "verify", "report"):
        assert cmd in found


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "commbounds")
def test_every_command_has_help(cmd, capsys):
    code, out, err = _run([*cmd, "--help"], capsys)
    assert code == 0 and out.startswith("usage: commbounds") and not err


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "commbounds")
def test_unknown_option_is_one_line_and_non_zero(cmd, capsys):
    code, out, err = _run([*cmd, "--no-such-option"], capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("commbounds"), err


@pytest.mark.parametrize("argv", [
    ["bounds", "show"], ["bounds", "eval"], ["bounds", "compare", "huang2019:thm3.1"],
    ["bounds", "nosuch"], ["verify", "--workers"], ["verify", "--profile"], ["report", "--out"],
    ["report", "--executor", "threads"], [],
], ids=lambda a: " ".join(a) or "no-command")
def test_wrong_arguments_are_one_line_and_non_zero(argv, capsys):
    code, out, err = _run(argv, capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code not in (0, None) and len(lines) == 1, err
    assert "Traceback" not in err


def test_a_real_process_exits_non_zero_with_one_line():
    p = subprocess.run([sys.executable, "-m", "commbounds", "verify", "--seed", "-1", "--profile", "smoke",
                        "--executor", "inprocess", "--only", "huang2019/lem2.2*"],
                       capture_output=True, text=True, timeout=120)
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert p.returncode == 2 and len(lines) == 1 and "seed" in lines[0], p.stderr


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    from commbounds import verify

    path = tmp_path_factory.mktemp("results") / "results.jsonl"
    verify.run("smoke", only="huang2019/lem2.2*", executor="inprocess", store=path, progress=False)
    return path


def test_report_creates_its_directory_and_never_overwrites_without_force(results, tmp_path, capsys):
    out = tmp_path / "a" / "b" / "rep"
    argv = ["report", "--from", str(results), "--out", str(out), "--no-pdf"]
    assert _run(argv, capsys)[0] == 0
    tex = out / "report.tex"
    assert tex.exists()
    tex.write_text("a previous report\n", encoding="utf-8")
    code, _, err = _run(argv, capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and "--force" in lines[0], err
    assert tex.read_text(encoding="utf-8") == "a previous report\n"


def test_report_refuses_an_output_path_that_is_a_file(results, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    code, _, err = _run(["report", "--from", str(results), "--out", str(blocker), "--no-pdf"], capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and str(blocker) in lines[0], err
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_report_prints_each_stage_and_quiet_silences_it(results, tmp_path, capsys, monkeypatch):
    from commbounds import reports
    from commbounds.reports.figures import figures

    monkeypatch.setattr(reports, "compile_pdf", lambda tex: (None, "no TeX engine (test)"))
    code, _, err = _run(["report", "--from", str(results), "--out", str(tmp_path / "r")], capsys)
    assert code == 0
    drawn = [ln for ln in err.splitlines() if "drawing figure" in ln]
    assert len(drawn) == len(figures()), err
    assert drawn[-1].split("drawing figure ")[1].startswith(f"{len(drawn)}/{len(drawn)}:")
    assert "compiling the PDF" in err and "TeX finished in" in err
    code, _, err = _run(["report", "--from", str(results), "--out", str(tmp_path / "q"), "--quiet"], capsys)
    assert code == 0 and not err.strip(), err
