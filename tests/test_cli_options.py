"""The command line explains itself: a version, help on every option, profiles with their
size, errors in the command line's own syntax, and report taking the executor options."""

from __future__ import annotations

import argparse
import socket
import time

import pytest

import commbounds
from commbounds import cli
from commbounds.cli import main
from tests.test_cli_hygiene import COMMANDS, _run


def _sub(parser: argparse.ArgumentParser, path):
    for name in path:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[name]
    return parser


def test_version(capsys):
    code, out, _ = _run(["--version"], capsys)
    assert code == 0 and out.strip() == f"commbounds {commbounds.__version__}"


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c) or "commbounds")
def test_every_option_has_help_text(cmd):
    parser = _sub(cli._parser(), cmd)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        assert action.help, f"{' '.join(cmd)}: {action.option_strings or action.dest} has no help"


@pytest.mark.parametrize("cmd", [("verify",), ("report",)])
def test_profile_help_names_each_profile_with_its_size(cmd, capsys):
    from commbounds.verify.engine import PROFILES

    _, out, _ = _run([*cmd, "--help"], capsys)
    flat = " ".join(out.split())
    for p in PROFILES:
        assert f"{p}:" in flat
    assert "records" in flat and "hours" in flat


@pytest.mark.parametrize("profile", ["smoke", "quick", "full"])
def test_profile_help_states_the_suite_size(profile):
    """The record count each profile's help states is within 10 % of the tasks it runs."""
    import re

    import commbounds.verify.suite  # noqa: F401  (registers the checks)
    from commbounds.verify.engine import tasks_for

    said = int(re.search(r"about ([\d ]+) records", cli.PROFILE_HELP[profile]).group(1).replace(" ", ""))
    assert abs(said - len(tasks_for(profile))) <= 0.1 * len(tasks_for(profile))


def test_report_takes_every_executor_option_verify_takes():
    def opts(path):
        return {s for a in _sub(cli._parser(), path)._actions for s in a.option_strings}

    run = {"--profile", "--executor", "--workers", "--scheduler", "--seed"}
    assert run <= opts(("verify",)) and run <= opts(("report",))


def test_asymptotic_bound_error_speaks_cli_syntax(capsys):
    code, _, err = _run(["bounds", "eval", "davies2021:thm9/bits", "d=3", "q=4"], capsys)
    assert code == 2 and "--constants unit" in err and "constants='unit'" not in err
    code, out, _ = _run(["bounds", "eval", "davies2021:thm9/bits", "d=3", "q=32", "n=64", "alpha=4", "--constants", "unit"], capsys)
    assert code == 0 and float(out) > 0


def test_list_problem_and_text_ignore_case_spaces_and_hyphens(capsys):
    _, out, _ = _run(["bounds", "list", "--paper", "davies2021", "--kind", "lower",
                      "--text", "Mean-Estimation"], capsys)
    assert "MEANESTIMATION" not in out  # the listing prints ids, not problems
    assert int(out.strip().splitlines()[-1].split()[0]) > 0
    _, out2, _ = _run(["bounds", "list", "--paper", "davies2021", "--kind", "lower",
                       "--problem", "meanestimation"], capsys)
    assert out2 == out


def test_compare_takes_limits_only_inside_the_domain(capsys):
    code, out, _ = _run(["bounds", "compare", "huang2019:thm2.3/main", "huang2019:thm3.1",
                         "n=16", "d=10000", "C=4000"], capsys)
    assert code == 0
    assert "limit d -> infinity" in out and "limit n -> infinity" in out
    assert "limit C" not in out  # C <= n d / 2: C cannot tend to infinity


def test_unreachable_scheduler_is_one_line_within_ten_seconds(tmp_path, capsys):
    pytest.importorskip("distributed")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.monotonic()
    code, _, err = _run(["verify", "--profile", "smoke", "--only", "huang2019/lem2.2-bits",
                         "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", "--quiet"], capsys)
    took = time.monotonic() - t0
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2 and len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0], err
    assert took < 20  # the connect timeout is 10 s; the rest is start-up


def test_grid_error_names_the_first_bad_element():
    import numpy as np

    from commbounds.errors import BoundDomainError

    b = commbounds.bound("huang2019:thm3.1")
    with pytest.raises(BoundDomainError, match=r"d=1, C=4000 \(grid index 1, the first of 2"):
        b(n=16, d=np.array([10000, 1, 5]), C=4000)


def test_main_is_the_module_entry_point():
    assert main is cli.main
