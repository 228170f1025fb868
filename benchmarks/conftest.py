"""pytest configuration of the benchmark harness (collected only when ``benchmarks`` is named).

Run everything (about half an hour on 2 cores)::

    python -m pytest benchmarks --benchmark-only

Benchmark modules are named ``bench_*.py`` so the project's normal test run (``testpaths``
= tests, commbounds) never collects them; this conftest collects them here.  The closing
summary prints the figure table (value against target); ``--figures PATH`` also writes it
as JSON, and pytest-benchmark's own ``--benchmark-json PATH`` keeps the raw timings with
each figure in ``extra_info``.
"""

from __future__ import annotations

import json

import pytest

from benchmarks._harness import FIGURES


def pytest_addoption(parser):
    parser.addoption("--figures", default=None, metavar="PATH",
                     help="write the benchmark figures (ratios to same-run references) as JSON")


def pytest_collect_file(file_path, parent):
    # a file named on the command line is already collected by pytest's python plugin
    if (file_path.suffix == ".py" and file_path.name.startswith("bench_")
            and not parent.session.isinitpath(file_path)):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


def pytest_runtest_logreport(report):
    # keep the JSON current after every case, so an interrupted run still leaves its figures
    if report.when == "teardown" and FIGURES:
        _write()


_CONFIG = {}


def pytest_configure(config):
    _CONFIG["config"] = config


def _write() -> str | None:
    config = _CONFIG.get("config")
    path = config.getoption("--figures") if config is not None else None
    if path:
        with open(path, "w") as fh:
            json.dump([f.as_dict() for f in FIGURES], fh, indent=1)
    return path


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not FIGURES:
        return
    tr = terminalreporter
    tr.section("commbounds benchmark figures (ratios to same-run references)")
    width = max(len(f.case) for f in FIGURES)
    for f in FIGURES:
        target = "" if f.target is None else f"{f.op} {_fmt(f.target)}"
        met = {True: "met", False: "MISSED", None: ""}[f.met]
        tr.write_line(f"{f.case:<{width}}  {_fmt(f.value):>10} {f.unit:<22} {target:<12} {met:<6} {f.note}")
    path = _write()
    if path:
        tr.write_line(f"figures written to {path}")
