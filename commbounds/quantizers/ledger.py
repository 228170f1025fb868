"""Per-link bit ledgers and protocol transcripts.

>>> led = Ledger()
>>> led.record("c0", "server", 64, round=0, what="norm")
>>> led.record("server", "c0", 64, round=1, what="F1")
>>> led.total, led.per_party_sent()["c0"], led.rounds
(128, 64, 2)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Ledger", "Transcript"]


@dataclass
class Ledger:
    """Every message any party sends: ``(round, src, dst, bits, what)``.

    Parameters
    ----------
    entries : list of (int, str, str, int, str)
        The messages recorded so far (empty by default).

    Examples
    --------
    >>> led = Ledger()
    >>> led.record("a", "b", 8, round=0, what="x")
    >>> led.per_link()
    {('a', 'b'): 8}
    """

    entries: list[tuple[int, str, str, int, str]] = field(default_factory=list)

    def record(self, src: Any, dst: Any, bits: int, *, round: int, what: str = "") -> None:  # noqa: A002
        if bits < 0:
            raise ValueError("bits must be non-negative")
        self.entries.append((int(round), str(src), str(dst), int(bits), what))

    @property
    def total(self) -> int:
        return sum(e[3] for e in self.entries)

    @property
    def rounds(self) -> int:
        return len({e[0] for e in self.entries})

    def per_link(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = defaultdict(int)
        for _, s, t, b, _ in self.entries:
            out[(s, t)] += b
        return dict(out)

    def per_party_sent(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for _, s, _, b, _ in self.entries:
            out[s] += b
        return dict(out)

    def per_party_received(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for _, _, t, b, _ in self.entries:
            out[t] += b
        return dict(out)

    def by_kind(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for *_, b, what in self.entries:
            out[what] += b
        return dict(out)


@dataclass
class Transcript:
    """What a protocol run produced: outputs, the bit ledger, rounds and decode failures.

    Parameters
    ----------
    estimate : numpy.ndarray
        The protocol's estimate.
    ledger : Ledger
        Every message sent.
    outputs : dict
        Each party's output, by name.
    failures : int
        Messages that did not decode to what was sent.
    info : dict
        What the protocol reports about the run (its topology, leader, ...).

    Examples
    --------
    >>> import numpy as np
    >>> led = Ledger()
    >>> led.record("a", "b", 8, round=0)
    >>> t = Transcript(np.zeros(2), led)
    >>> t.total_bits, t.rounds
    (8, 1)
    """

    estimate: np.ndarray
    ledger: Ledger
    outputs: dict[str, np.ndarray] = field(default_factory=dict)
    failures: int = 0
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def total_bits(self) -> int:
        return self.ledger.total

    @property
    def rounds(self) -> int:
        return self.ledger.rounds
