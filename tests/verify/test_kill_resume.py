"""No data lost: a sweep killed with SIGKILL mid-run and restarted with ``--resume`` ends with
the records of an uninterrupted run; a truncated store is refused by the report with a clear
message and repaired by ``commbounds verify --repair``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from commbounds import verify
from commbounds.errors import ResultStoreError
from commbounds.reports import build
from commbounds.verify import store

ONLY = ["huang2019/thm2.3*", "huang2019/sec4.1*"]


def _cli(out, *extra):
    args = [sys.executable, "-m", "commbounds", "verify", "--profile", "smoke", "--executor", "inprocess",
            "--out", str(out), "--quiet"]
    for pat in ONLY:
        args += ["--only", pat]
    return args + list(extra)


def _complete_lines(path) -> int:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().count("\n")
    except FileNotFoundError:
        return 0


def _strip(records):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in records]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "ref.jsonl"
    verify.run("smoke", only=ONLY, executor="inprocess", store=path, progress=False)
    return store.read(path)


def test_sigkill_then_resume_gives_the_uninterrupted_records(tmp_path, reference):
    out = tmp_path / "killed.jsonl"
    proc = subprocess.Popen(_cli(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _complete_lines(out) < 1:
            assert proc.poll() is None, "the sweep ended before its first record"
            assert time.monotonic() < deadline, "no record within 120 s"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    kept = _complete_lines(out)
    assert 1 <= kept < len(reference), f"the kill landed after the sweep finished ({kept} records)"
    resumed = subprocess.run(_cli(out, "--resume"), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    final = store.read(out)
    key = lambda r: (r["check"], r["index"])  # noqa: E731
    assert sorted(_strip(final), key=key) == sorted(_strip(reference), key=key)
    assert len({key(r) for r in final}) == len(final), "a resumed task was run twice"


def test_report_refuses_a_truncated_store_and_repair_drops_the_line(tmp_path, reference):
    path = tmp_path / "results.jsonl"
    store.append(path, reference[:3])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"check": "huang2019/thm2.3-mse", "verd')  # killed mid-write
    with pytest.raises(ResultStoreError, match=r"truncated.*--repair"):
        build(results=path, out=tmp_path / "report", pdf=False)
    assert not (tmp_path / "report" / "report.tex").exists()
    p = subprocess.run([sys.executable, "-m", "commbounds", "verify", "--repair", str(path)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "dropped 1" in p.stdout, p.stderr
    assert _strip(store.read(path)) == _strip(reference[:3])
