"""The JSONL result store: one :class:`~commbounds.verify.Record` per line, appended
atomically, read strictly.

The store reads and writes only records: :func:`append` takes :class:`Record` objects and
:func:`read` returns them (lines of schema 1, the plain dictionaries, are read into records).

Each record is written with a single ``write`` of one line followed by ``flush`` and
``os.fsync``, so a killed run leaves every completed record intact and at most one
partial last line, which :func:`read` reports (and :func:`repair` can drop).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..errors import ResultStoreError
from .record import REQUIRED, SCHEMA_VERSION, Record

__all__ = ["append", "read", "repair", "REQUIRED", "SCHEMA_VERSION"]


def append(path: str | os.PathLike, records: Iterable[Record]) -> int:
    """Append records durably; returns how many were written.

    Examples
    --------
    >>> import os, tempfile
    >>> from commbounds.verify import Record, store
    >>> path = os.path.join(tempfile.mkdtemp(), "r.jsonl")
    >>> store.append(path, [Record(check="a/b", verdict="pass", measured=1.0)])
    1
    >>> store.read(path)[0].measured
    1.0
    """
    path = Path(path)
    records = list(records)
    for i, rec in enumerate(records):
        if not isinstance(rec, Record):
            raise ResultStoreError(f"the store holds only Records; item {i} is a {type(rec).__name__}")
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "a", encoding="utf-8") as fh:
        for rec in records:
            fh.write(rec.to_json() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
            n += 1
    return n


def read(path: str | os.PathLike, *, strict: bool = True) -> list[Record]:
    """Read every record; a truncated or malformed line raises :class:`ResultStoreError`
    (with ``strict=False`` a truncated *last* line is skipped)."""
    path = Path(path)
    if not path.exists():
        raise ResultStoreError(f"no result store at {path}")
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
        complete_last = True
    else:
        complete_last = False
    out = []
    for i, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            if i == len(lines) and not strict:
                break
            where = "its last line is truncated" if i == len(lines) else f"line {i} is not JSON"
            raise ResultStoreError(
                f"result store {path}: {where} (an interrupted run?); "
                f"run `commbounds verify --repair {path}` to drop it") from None
        if i == len(lines) and not complete_last and strict:
            raise ResultStoreError(f"result store {path}: its last line has no newline (truncated write)")
        try:
            out.append(Record.from_dict(rec))
        except ResultStoreError as exc:
            raise ResultStoreError(f"result store {path}, line {i}: {exc}") from None
    return out


def repair(path: str | os.PathLike) -> int:
    """Drop a truncated last line (write-then-rename); returns the number of lines dropped."""
    path = Path(path)
    if not path.is_file():
        raise ResultStoreError(f"no result store at {path}")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    keep = [ln for ln in lines if ln]
    good = []
    for ln in keep:
        try:
            json.loads(ln)
            good.append(ln)
        except json.JSONDecodeError:
            continue
    dropped = len(keep) - len(good)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("".join(g + "\n" for g in good), encoding="utf-8")
    os.replace(tmp, path)
    return dropped
