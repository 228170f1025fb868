"""The JSONL result store: a header line, then one :class:`~commbounds.verify.Record` per
line, written by one locked writer, read strictly.

:class:`Writer` is how a run writes: it opens (and so checks) the store before any task
runs, holds an exclusive ``fcntl`` lock so a second writer is refused, writes the header
(schema, seed, profile, package and random-stream versions) that ``--resume`` must match,
and appends each record as one ``write`` of one line plus ``fsync`` -- a failed write is
rolled back to the last complete record.  A killed run leaves every completed record and
at most one partial last line, which :func:`read` reports, a resumed run cuts off (saying
so) and :func:`repair` drops along with any other line that is not a record, listing each.

:func:`append` adds records to a store without a header (stores from before headers, and
tests); :func:`read` returns records only (lines of schema 1, the plain dictionaries, are
read into records).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResultStoreError
from .record import REQUIRED, SCHEMA_VERSION, Record

__all__ = ["append", "read", "read_header", "repair", "durations", "Writer", "Dropped", "REQUIRED",
           "SCHEMA_VERSION"]


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


#: first line of a store written by :class:`Writer`: what every record in it shares
HEADER_KEY = "commbounds_store"
#: header fields a resumed run must match
HEADER_FIELDS = ("schema", "seed", "profile", "commbounds", "random_stream")


@dataclass(frozen=True)
class Dropped:
    """A line :func:`repair` removed: its 1-based number, why, and its start."""

    line: int
    reason: str
    text: str

    def __str__(self) -> str:
        return f"line {self.line} ({self.reason}): {self.text!r}"


def read(path: str | os.PathLike, *, strict: bool = True) -> list[Record]:
    """Read every record; a truncated or malformed line raises :class:`ResultStoreError`
    naming its line (with ``strict=False`` a truncated *last* line is skipped).  The header
    line, when there is one, is not a record (see :func:`read_header`)."""
    path = Path(path)
    lines, complete_last = _lines(path)
    out = []
    for i, raw in enumerate(lines, 1):
        if i == 1 and _header_of(raw) is not None:
            continue
        last = i == len(lines)
        if last and not complete_last:
            if not strict:
                break
            raise ResultStoreError(
                f"result store {path}: its last line is truncated (an interrupted run?); "
                f"run `commbounds verify --repair {path}` to drop it")
        problem, rec = _parse(raw)
        if problem is not None:
            raise ResultStoreError(f"result store {path}, line {i}: {problem}; "
                                   f"run `commbounds verify --repair {path}` to drop it")
        out.append(rec)
    return out


def durations(path: str | os.PathLike) -> dict[tuple[str, int], float]:
    """Seconds each task took in the run stored at ``path``, keyed ``(check, index)``: what
    orders the next run's tasks longest first.  A missing or unreadable store gives ``{}``
    (the durations only order work; they never change a result).

    Examples
    --------
    >>> import os, tempfile
    >>> from commbounds.verify import Record, store
    >>> path = os.path.join(tempfile.mkdtemp(), "r.jsonl")
    >>> _ = store.append(path, [Record(check="a/b", index=2, verdict="pass", seconds=1.5)])
    >>> store.durations(path)
    {('a/b', 2): 1.5}
    """
    try:
        recs = read(path, strict=False)
    except (OSError, ResultStoreError):
        return {}
    return {(r.check, int(r.index)): float(r.seconds) for r in recs if r.seconds is not None}


def read_header(path: str | os.PathLike) -> dict | None:
    """The store's header (schema, seed, profile, package and random-stream versions), or
    None for a store written without one."""
    lines, _ = _lines(Path(path))
    return _header_of(lines[0]) if lines else None


def repair(path: str | os.PathLike) -> list[Dropped]:
    """Drop every line that is not a record -- a truncated last line, a corrupted middle
    line, JSON that is not a record object, bytes that are not UTF-8 -- and return what was
    dropped, line by line.  The file is rewritten atomically (write, fsync, rename) under
    the store's lock."""
    path = Path(path)
    if not path.is_file():
        raise ResultStoreError(f"no result store at {path}")
    with _locked(path, os.O_RDONLY):
        lines, complete_last = _lines(path)
        keep, dropped = [], []
        for i, raw in enumerate(lines, 1):
            if i == 1 and _header_of(raw) is not None:
                keep.append(raw)
                continue
            if i == len(lines) and not complete_last:
                dropped.append(Dropped(i, "truncated last line", _excerpt(raw)))
                continue
            problem, _ = _parse(raw)
            if problem is None:
                keep.append(raw)
            else:
                dropped.append(Dropped(i, problem, _excerpt(raw)))
        if dropped:
            tmp = path.with_name(f".{path.name}.repair-{os.getpid()}")
            with open(tmp, "wb") as fh:
                fh.write(b"".join(k + b"\n" for k in keep))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
    return dropped


# ----------------------------------------------------------------------------- writing
class Writer:
    """The one writer of a store: an exclusive lock, a header, one atomic line per record.

    ``Writer(path, header, mode=...)`` opens the store before any task runs (so an
    unwritable path fails at once) and takes an exclusive ``fcntl`` lock a second writer
    cannot get.  ``mode`` is ``"new"`` (the file must not hold results), ``"resume"`` (its
    header must match ``header``; a truncated last line is cut off and reported in
    :attr:`repaired`) or ``"replace"`` (``--force``: truncated under the lock).  Each
    :meth:`append` is one ``write`` of one line and an ``fsync``; a failed or short write
    is rolled back to the last complete record and raised as a one-line
    :class:`ResultStoreError` that says how many records are kept.
    """

    def __init__(self, path: str | os.PathLike, header: dict, *, mode: str = "new") -> None:
        if mode not in ("new", "resume", "replace"):
            raise ValueError(f"mode must be 'new', 'resume' or 'replace', got {mode!r}")
        self.path = Path(path)
        self.header = {HEADER_KEY: 1, **header}
        self.repaired: list[Dropped] = []
        self.prior: list[Record] = []
        try:
            if self.path.parent != Path("."):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise ResultStoreError(f"cannot write the result store {self.path}: {exc.strerror or exc}") from None
        try:
            _lock(self._fd, self.path)
            self._open(mode)
        except BaseException:
            os.close(self._fd)
            raise

    def _open(self, mode: str) -> None:
        size = os.fstat(self._fd).st_size
        if mode == "replace" or size == 0:
            os.ftruncate(self._fd, 0)
            self._write_line(json.dumps(self.header, sort_keys=True).encode())
            return
        if mode == "new":
            raise ResultStoreError(f"{self.path} already holds results; pass --resume to continue that run "
                                   f"or --force to replace it")
        lines, complete_last = _lines(self.path)
        if not complete_last:   # a write cut short by a kill: cut it off, and say so
            self.repaired.append(Dropped(len(lines), "truncated last line", _excerpt(lines[-1])))
            os.ftruncate(self._fd, size - len(lines[-1]))
            lines = lines[:-1]
        stored = _header_of(lines[0]) if lines else None
        if stored is not None:
            diff = [f"{k} {stored.get(k)!r} (store) vs {self.header.get(k)!r} (this run)"
                    for k in HEADER_FIELDS if stored.get(k) != self.header.get(k)]
            if diff:
                raise ResultStoreError(f"cannot resume {self.path}: it was written by another run: "
                                       + "; ".join(diff))
        self.prior = read(self.path)
        if stored is None:      # a store from before headers: its records must agree
            for r in self.prior:
                theirs = {"seed": r.seed.get("entropy"), "profile": r.profile}
                diff = [f"{k} {v!r} (store) vs {self.header.get(k)!r} (this run)"
                        for k, v in theirs.items() if v != self.header.get(k)]
                if diff:
                    raise ResultStoreError(f"cannot resume {self.path}: record {r.check} is from "
                                           f"another run: " + "; ".join(diff))

    def append(self, rec: Record) -> None:
        if not isinstance(rec, Record):
            raise ResultStoreError(f"the store holds only Records; got a {type(rec).__name__}")
        self._write_line(rec.to_json().encode())

    def _write_line(self, body: bytes) -> None:
        line = body + b"\n"
        size = os.fstat(self._fd).st_size
        try:
            n = os.write(self._fd, line)
            if n != len(line):
                raise OSError(errno.ENOSPC, f"short write ({n} of {len(line)} bytes)")
            os.fsync(self._fd)
        except OSError as exc:
            try:
                os.ftruncate(self._fd, size)      # no partial line left behind
            except OSError:
                pass
            kept = max(0, _count_lines(self.path) - 1)
            raise ResultStoreError(f"writing the result store {self.path} failed ({exc.strerror or exc}); "
                                   f"the {kept} record(s) finished before are kept") from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)      # releases the lock
            self._fd = None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ----------------------------------------------------------------------------- helpers
def _lines(path: Path) -> tuple[list[bytes], bool]:
    if not path.exists():
        raise ResultStoreError(f"no result store at {path}")
    if not path.is_file():
        raise ResultStoreError(f"{path} is not a file")
    data = path.read_bytes()
    lines = data.split(b"\n")
    complete_last = lines[-1] == b""
    if complete_last:
        lines.pop()
    return lines, complete_last


def _parse(raw: bytes) -> tuple[str | None, Record | None]:
    """``(None, record)``, or ``(what is wrong, None)``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8", None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return "not JSON", None
    if not isinstance(data, dict):
        return f"JSON {type(data).__name__}, not a record object", None
    if HEADER_KEY in data:
        return "a store header in the middle of the store", None
    try:
        return None, Record.from_dict(data)
    except ResultStoreError as exc:
        return str(exc), None
    except (TypeError, ValueError) as exc:
        return f"not a record ({exc})", None


def _header_of(raw: bytes) -> dict | None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and HEADER_KEY in data else None


def _excerpt(raw: bytes) -> str:
    return raw[:60].decode("utf-8", errors="replace")


def _count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except OSError:
        return 0


def _lock(fd: int, path: Path) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ResultStoreError(f"{path} is being written by another commbounds process; wait for it "
                               f"to finish or use another --out") from None


@contextmanager
def _locked(path: Path, flags: int):
    fd = os.open(path, flags)
    try:
        _lock(fd, path)
        yield
    finally:
        os.close(fd)
