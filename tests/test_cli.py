"""The command line: every command has --help, works, and fails in one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from commbounds.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "commbounds", *args], capture_output=True, text=True)


@pytest.mark.parametrize("args", [[], ["bounds"], ["bounds", "list"], ["bounds", "show"], ["bounds", "eval"],
                                  ["bounds", "compare"], ["bounds", "check"], ["verify"], ["report"]])
def test_every_command_has_help(args):
    p = run(*args, "--help")
    assert p.returncode == 0 and "usage" in p.stdout


def test_bounds_commands(capsys):
    assert main(["bounds", "list", "--paper", "huang2019", "--kind", "lower"]) == 0
    assert "huang2019:thm3.1" in capsys.readouterr().out
    assert main(["bounds", "show", "huang2019:thm3.1"]) == 0
    out = capsys.readouterr().out
    assert "C <= d*n/2" in out or "n*d/2" in out
    assert main(["bounds", "eval", "huang2019:thm3.1", "n=16", "d=10000", "C=4000"]) == 0
    assert capsys.readouterr().out.strip() == "8643.85619"
    assert main(["bounds", "eval", "huang2019:thm2.3", "n=16", "d=10000", "C=4000", "r=64", "--constants", "unit"]) == 0
    assert main(["bounds", "compare", "huang2019:thm2.3/main", "huang2019:thm3.1", "n=16", "d=10000", "C=4000"]) == 0
    assert "ratio" in capsys.readouterr().out
    assert main(["bounds", "check", "--paper", "huang2019"]) == 0
    out = capsys.readouterr().out
    assert "erratum" in out and "kind:    statement" in out and "(3 statement, 0 proof-step" in out


def test_errors_are_one_line_with_nonzero_exit():
    for args in (["bounds", "eval", "huang2019:thm3.1", "n=16", "d=100", "C=1e6"],
                 ["bounds", "show", "huang2019:thm9"],
                 ["bounds", "eval", "huang2019:thm3.1", "n=sixteen"],
                 ["bounds", "eval", "huang2019:thm2.3", "n=16", "d=100", "C=10", "r=64"],
                 ["verify", "--only", "no-such-check", "--executor", "inprocess", "--list"],
                 ["frobnicate"]):
        p = run(*args)
        assert p.returncode != 0
        lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 or lines[-1].startswith("commbounds"), p.stderr
        assert "Traceback" not in p.stderr


def test_verify_command_runs_and_summarises(tmp_path):
    out = tmp_path / "r.jsonl"
    p = run("verify", "--profile", "smoke", "--only", "huang2019/lem2.2*", "--executor", "inprocess",
            "--out", str(out), "--quiet")
    assert p.returncode == 0, p.stderr
    assert "huang2019" in p.stdout and "total" in p.stdout
    assert out.exists()
