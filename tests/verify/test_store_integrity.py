"""No store is ever lost or mixed: a header a resumed run must match, one writer at a time,
atomic lines, a writable --out checked before any task, I/O errors in one line with the
finished records kept, and --repair saying exactly what it dropped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from commbounds import verify
from commbounds.cli import main
from commbounds.errors import InvalidInputError, ResultStoreError
from commbounds.reports import build
from commbounds.verify import Record, store

ONLY = "huang2019/lem2.2*"


def _run(path, **kw):
    return verify.run("smoke", only=ONLY, executor="inprocess", store=path, progress=False, **kw)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    path = tmp_path_factory.mktemp("s") / "r.jsonl"
    recs = _run(path)
    return path, recs


def _copy(stored, tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(stored[0].read_bytes())
    return path


def test_the_store_starts_with_a_header_naming_the_run(stored):
    header = store.read_header(stored[0])
    assert header["seed"] == 0 and header["profile"] == "smoke"
    assert {"schema", "commbounds", "random_stream"} <= set(header)
    assert len(store.read(stored[0])) == len(stored[1])


def test_an_existing_store_needs_resume_or_force(stored, tmp_path):
    path = _copy(stored, tmp_path)
    before = path.read_bytes()
    with pytest.raises(ResultStoreError, match="--resume.*--force"):
        _run(path)
    assert path.read_bytes() == before                      # not appended to, not doubled
    _run(path, force=True)
    assert len(store.read(path)) == len(stored[1])          # replaced, not doubled
    with pytest.raises(InvalidInputError, match="contradict"):
        _run(path, resume=True, force=True)


@pytest.mark.parametrize("change,named", [({"seed": 1}, "seed 0 (store) vs 1"),
                                          ({"profile": "quick"}, "profile 'smoke' (store) vs 'quick'")])
def test_resume_refuses_another_run_naming_both_sides(stored, tmp_path, change, named):
    path = _copy(stored, tmp_path)
    before = path.read_bytes()
    with pytest.raises(ResultStoreError, match=named.replace("(", r"\(").replace(")", r"\)")):
        verify.run(change.get("profile", "smoke"), only=ONLY, executor="inprocess", store=path, resume=True,
                   progress=False, seed=change.get("seed", 0))
    assert path.read_bytes() == before


def test_a_headerless_store_from_another_seed_is_not_mixed_in(tmp_path):
    path = tmp_path / "old.jsonl"
    store.append(path, [Record(check="huang2019/lem2.2-bits", verdict="pass", profile="smoke",
                               seed={"entropy": 7}, measured=1.0)])
    with pytest.raises(ResultStoreError, match="seed 7 \\(store\\) vs 0"):
        _run(path, resume=True)


def test_a_second_writer_is_locked_out(stored, tmp_path):
    path = _copy(stored, tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import fcntl, sys, time
        fh = open({str(path)!r}, "a")
        fcntl.flock(fh, fcntl.LOCK_EX)
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ResultStoreError, match="another commbounds process"):
            _run(path, resume=True)
    finally:
        holder.kill()
        holder.wait()


def test_an_unwritable_out_fails_before_any_task(tmp_path, monkeypatch):
    ran = []
    from commbounds.verify import runner

    monkeypatch.setattr(runner, "execute", lambda t: ran.append(t))
    (tmp_path / "dir").mkdir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out in (tmp_path / "dir", blocker / "sub.jsonl"):
        with pytest.raises(ResultStoreError, match="cannot write the result store|is not a file"):
            _run(out)
    assert ran == []


def test_a_full_disk_is_one_line_and_keeps_the_finished_records(tmp_path, monkeypatch):
    path = tmp_path / "r.jsonl"
    real_write = os.write
    calls = {"n": 0}

    def failing(fd, data):
        calls["n"] += 1
        if calls["n"] == 3:             # header, record 1, then the disk is full mid-record
            real_write(fd, data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(store.os, "write", failing)
    with pytest.raises(ResultStoreError) as info:
        _run(path)
    msg = str(info.value)
    assert "\n" not in msg and "No space left on device" in msg and "1 record(s)" in msg
    monkeypatch.undo()
    assert len(store.read(path)) == 1                       # no partial line left behind


def test_a_truncated_last_line_is_cut_and_reported_on_resume(stored, tmp_path, capsys):
    path = _copy(stored, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[:-40])                            # killed mid-write of the last record
    resumed = _run(path, resume=True)
    assert "dropped line" in capsys.readouterr().err
    assert len(resumed) == len(stored[1]) == len(store.read(path))


@pytest.mark.parametrize("bad", [b"42", b"null", b'"a string"', b"[1, 2]", b"\xff\xfe not utf-8",
                                 b'{"check": "x", "verd'])
def test_non_record_lines_are_named_by_read_and_dropped_by_repair(stored, tmp_path, bad, capsys):
    path = _copy(stored, tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines.insert(2, bad)                                    # a corrupted middle line
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ResultStoreError, match="line 3"):
        store.read(path)
    with pytest.raises(ResultStoreError, match="line 3"):
        build(results=path, out=tmp_path / "rep", pdf=False)
    assert main(["verify", "--repair", str(path)]) == 0
    out = capsys.readouterr().out
    assert "dropped 1 line(s)" in out and "line 3 (" in out
    assert len(store.read(path)) == len(stored[1])


def test_report_never_replaces_a_store_it_did_not_write(stored, tmp_path):
    out = tmp_path / "rep"
    out.mkdir()
    precious = out / "results.jsonl"
    precious.write_bytes(stored[0].read_bytes())
    before = precious.read_bytes()
    other = tmp_path / "other.jsonl"
    other.write_bytes(stored[0].read_bytes())
    for kw in ({"results": other}, {"profile": "smoke", "only": ONLY, "executor": "inprocess"}):
        with pytest.raises(InvalidInputError, match="results.jsonl.*--force"):
            build(out=out, pdf=False, **kw)
        assert precious.read_bytes() == before
    # building from the store that is already there reads it and writes only the report
    res = build(results=precious, out=out, pdf=False)
    assert res.tex.exists() and precious.read_bytes() == before


def test_cli_verify_out_refuses_an_existing_store(stored, tmp_path, capsys):
    path = _copy(stored, tmp_path)
    code = main(["verify", "--profile", "smoke", "--only", ONLY, "--executor", "inprocess", "--quiet",
                 "--out", str(path)])
    assert code == 2 and "--resume" in capsys.readouterr().err
    assert json.loads(path.read_bytes().split(b"\n")[0])["seed"] == 0
