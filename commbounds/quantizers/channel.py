"""The channel: real payloads carried over the links of a protocol's topology, into its ledger.

A :class:`Channel` holds the protocol's topology (a ``networkx`` graph, directed or not) and
its :class:`~commbounds.quantizers.ledger.Ledger`.  Every message goes through
:meth:`Channel.send`: the link must be an edge of the topology, the payload is bytes, and
the bits the ledger records are the payload's counted bits -- never a number computed
beside it.  The receiver gets back exactly what was sent (the payload and its bit count)
and decodes from that.

Examples
--------
>>> import networkx as nx
>>> from commbounds.coding import BitWriter
>>> ch = Channel(nx.star_graph(["server", "c0", "c1"]))
>>> wr = BitWriter()
>>> wr.write_uint(5, 3)
>>> payload, nbits = ch.send("c0", "server", wr, round=0, what="count")
>>> nbits, ch.ledger.total, ch.ledger.by_kind()
(3, 3, {'count': 3})
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..coding import BitWriter
from ..errors import ProtocolError
from .ledger import Ledger

__all__ = ["Channel"]


class Channel:
    """Carries payloads between the parties of a topology and writes the per-link ledger.

    Parameters
    ----------
    topology : networkx.Graph or networkx.DiGraph
        The links messages may use; an undirected edge carries messages both ways.
    ledger : Ledger, optional
        Where each message is recorded (a new one by default).

    Examples
    --------
    >>> import networkx as nx
    >>> ch = Channel(nx.Graph([("a", "b")]))
    >>> ch.send("b", "a", (b"\\x80", 1), round=1, what="bit")
    (b'\\x80', 1)
    >>> ch.ledger.per_link()
    {('b', 'a'): 1}
    """

    def __init__(self, topology: nx.Graph, ledger: Ledger | None = None) -> None:
        if not isinstance(topology, nx.Graph):
            raise ProtocolError(f"a channel's topology must be a networkx graph, got {type(topology).__name__}")
        self.topology = topology
        self.ledger = Ledger() if ledger is None else ledger

    def send(self, src: Any, dst: Any, message: BitWriter | tuple[bytes, int], *, round: int,  # noqa: A002
             what: str) -> tuple[bytes, int]:
        """Send one message from ``src`` to ``dst``; returns what ``dst`` receives.

        Parameters
        ----------
        src, dst : node of the topology
            Sender and receiver; ``(src, dst)`` must be a link of the topology.
        message : BitWriter or (bytes, int)
            The payload: a writer (its content so far) or bytes with their counted bits.
        round : int
            Communication round the message belongs to.
        what : str
            Kind of message, for the ledger's ``by_kind``.

        Returns
        -------
        (bytes, int)
            The payload and its bit count, as the receiver gets them.

        Raises
        ------
        ProtocolError
            When the link is not in the topology or the bit count does not fit the payload.
        """
        payload, nbits = message.getvalue() if isinstance(message, BitWriter) else message
        if not isinstance(payload, bytes):
            raise ProtocolError(f"a payload must be bytes, got {type(payload).__name__}")
        nbits = int(nbits)
        if not 0 <= nbits <= 8 * len(payload) or len(payload) > (nbits + 7) // 8:
            raise ProtocolError(f"{what} from {src} to {dst}: {nbits} bits do not fill a {len(payload)}-byte payload")
        if not self.topology.has_edge(src, dst):
            raise ProtocolError(f"{what}: no link from {src} to {dst} in the topology")
        self.ledger.record(src, dst, nbits, round=round, what=what)
        return payload, nbits
