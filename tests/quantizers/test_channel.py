"""The channel: messages only over the topology's links, ledger bits from the payloads, and
every protocol's ledger made of the messages it carried."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from commbounds import quantizers
from commbounds.coding import BitWriter
from commbounds.errors import ProtocolError
from commbounds.quantizers.channel import Channel


def test_the_ledger_records_the_payload_bits():
    ch = Channel(nx.DiGraph([("a", "b")]))
    wr = BitWriter()
    wr.write_uint(9, 11)
    payload, nbits = ch.send("a", "b", wr, round=0, what="x")
    assert (payload, nbits) == wr.getvalue() and nbits == 11
    assert ch.ledger.entries == [(0, "a", "b", 11, "x")]


@pytest.mark.parametrize(("src", "dst", "message", "match"), [
    ("b", "a", (b"\x00", 8), "no link from b to a"),  # directed topology: one way only
    ("a", "c", (b"\x00", 8), "no link"),
    ("a", "b", (b"\x00", 9), "do not fill"),
    ("a", "b", (b"\x00\x00", 3), "do not fill"),
    ("a", "b", ("text", 8), "must be bytes"),
])
def test_bad_messages_are_refused_and_not_recorded(src, dst, message, match):
    ch = Channel(nx.DiGraph([("a", "b")]))
    with pytest.raises(ProtocolError, match=match):
        ch.send(src, dst, message, round=0, what="x")
    assert ch.ledger.entries == []


def test_a_topology_is_required():
    with pytest.raises(ProtocolError, match="networkx graph"):
        Channel([("a", "b")])


@pytest.mark.parametrize("sync", [True, False])
def test_sparse_dme_sends_every_message_over_its_star(sync):
    X = np.random.default_rng(3).standard_t(3, size=(5, 30))
    t = quantizers.protocol("sparse-dme", C=60, sync=sync).run(X, rng=np.random.default_rng(4), shared=5)
    g = t.info["topology"]
    assert all(g.has_edge(s, d) for (s, d) in t.ledger.per_link())
    kinds = t.ledger.by_kind()
    assert ("F1 broadcast" in kinds) == sync
    if sync:  # one float64 per active client, as sent
        assert kinds["F1 broadcast"] == 64 * t.info["active_clients"]


@pytest.mark.parametrize("name", ["sparse-dme", "star", "tree", "sublinear-broadcast", "quantized-gd"])
def test_every_ledger_entry_is_a_message_the_channel_carried(name, monkeypatch):
    sent = []
    original = Channel.send

    def spy(self, src, dst, message, *, round, what):  # noqa: A002
        got = original(self, src, dst, message, round=round, what=what)
        sent.append((round, str(src), str(dst), got[1], what))
        return got

    monkeypatch.setattr(Channel, "send", spy)
    cls = quantizers.registry.protocol_class(name)
    X = cls.sample_input(np.random.default_rng(0), 5, 24, cls.typical)
    t = quantizers.protocol(name, **cls.typical).run(X, rng=np.random.default_rng(1), shared=2)
    assert t.ledger.entries and t.ledger.entries == sent
