"""Plugins: a module outside the package brings a scheme and a check; `verify --plugin`
runs them with the generated check_scheme and lower-bound checks, filed under the
plugin's name, and `report --from` gives them their own heading with their descriptions.
Each run is a fresh process, so the test's registries stay untouched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def _cli(args, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(Path.cwd())]))
    return subprocess.run([sys.executable, "-m", "commbounds", *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=600)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plugin")
    shutil.copy(DATA / "sign_plugin.py", tmp / "sign_plugin.py")
    out = tmp / "results.jsonl"
    proc = _cli(["verify", "--plugin", "sign_plugin", "--profile", "smoke", "--executor", "process",
                 "--workers", "2", "--only", "sign-plugin/*", "--out", str(out), "--quiet"], tmp)
    return tmp, out, proc


def test_verify_runs_the_plugins_checks_in_worker_processes(store):
    tmp, out, proc = store
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(line) for line in out.read_text().splitlines() if '"check"' in line]
    ids = {r["check"] for r in recs}
    assert ids == {"sign-plugin/bits-per-coordinate", "sign-plugin/plugin-sign-check-scheme",
                   "sign-plugin/plugin-sign-thm3.1"}
    assert all(r["paper"] == "sign-plugin" for r in recs)
    assert all(r["description"] for r in recs)
    by = {r["check"]: r for r in recs}
    assert by["sign-plugin/plugin-sign-check-scheme"]["verdict"] == "pass"
    assert by["sign-plugin/bits-per-coordinate"]["verdict"] == "pass"
    # the biased sign quantizer's error is far above Theorem 3.1's level
    assert by["sign-plugin/plugin-sign-thm3.1"]["verdict"] in ("not-applicable", "inconclusive")


def test_an_unknown_plugin_is_one_line(tmp_path):
    proc = _cli(["verify", "--plugin", "no_such_plugin_module", "--list"], tmp_path)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 2 and len(lines) == 1 and "cannot import plugin" in lines[0]


def test_report_from_the_store_gives_the_plugin_its_heading(store):
    tmp, out, _ = store
    proc = _cli(["report", "--from", str(out), "--out", str(tmp / "rep"), "--no-pdf"], tmp)
    assert proc.returncode == 0, proc.stderr
    tex = (tmp / "rep" / "report.tex").read_text()
    assert "sign-plugin" in tex
    assert "sends exactly 1 + 64/d bits per coordinate" in tex
