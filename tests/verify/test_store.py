"""The JSONL store: durable appends, strict reads, repair, and --resume."""

from __future__ import annotations

import json

import pytest

from commbounds import verify
from commbounds.errors import ResultStoreError
from commbounds.verify import Record, store


def test_round_trip_and_resume(tmp_path):
    path = tmp_path / "r.jsonl"
    first = verify.run("smoke", only="huang2019/thm2.3*", executor="inprocess", store=path, progress=False)
    assert len(store.read(path)) == len(first)
    # a resumed run executes nothing new and returns the same records
    again = verify.run("smoke", only="huang2019/thm2.3*", executor="inprocess", store=path, resume=True,
                       progress=False)
    assert len(store.read(path)) == len(first)
    assert [r["check"] for r in again] == [r["check"] for r in first]
    assert [r["measured"] for r in again] == [r["measured"] for r in first]


def test_truncated_last_line_is_refused_then_repaired(tmp_path):
    path = tmp_path / "r.jsonl"
    verify.run("smoke", only="huang2019/lem2.2*", executor="inprocess", store=path, progress=False)
    n = len(store.read(path))
    with open(path, "a") as fh:
        fh.write('{"check": "huang2019/x", "verd')
    with pytest.raises(ResultStoreError, match="truncated"):
        store.read(path)
    assert len(store.repair(path)) == 1
    assert len(store.read(path)) == n


def test_missing_field_is_named(tmp_path):
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps({"check": "a", "verdict": "pass"}) + "\n")
    with pytest.raises(ResultStoreError, match="missing field"):
        store.read(path)


def test_resume_after_partial_run(tmp_path):
    path = tmp_path / "r.jsonl"
    full = verify.run("smoke", only="huang2019/thm2.3*", executor="inprocess", progress=False)
    store.append(path, full[:2])
    with open(path, "a") as fh:
        fh.write('{"check": "half a line')  # killed mid-write
    resumed = verify.run("smoke", only="huang2019/thm2.3*", executor="inprocess", store=path,
                         resume=True, progress=False)
    strip = [{k: v for k, v in r.items() if k != "seconds"} for r in resumed]
    expect = [{k: v for k, v in r.items() if k != "seconds"} for r in full]
    assert strip == expect
    assert len(store.read(path)) == len(full)


def test_the_store_takes_only_records(tmp_path):
    path = tmp_path / "r.jsonl"
    rec = Record(check="huang2019/x", verdict="pass", measured=1.0)
    with pytest.raises(ResultStoreError, match="only Records; item 1 is a dict"):
        store.append(path, [rec, rec.to_dict()])
    assert not path.exists()  # nothing half-written
    assert store.append(path, [rec]) == 1
    assert store.read(path) == [rec]
