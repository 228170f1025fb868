"""The lattice messages of davies2021's protocols: ``Q_{eps,q}`` vectorised over messages,
and one colour vector sent as a real payload over a :class:`~commbounds.quantizers.channel.Channel`.

Message ``j`` of trial ``t`` is dithered by a counter-based hash of (shared seed, ``t``,
``j``), so a protocol's real run (one trial, every message through the channel) and its
vectorised fast path draw the same points.

Examples
--------
>>> import networkx as nx
>>> import numpy as np
>>> from commbounds.quantizers.channel import Channel
>>> Qz = MessageQuantizer(eps=0.1, q=8)
>>> x = np.array([[0.31, -0.52, 0.07]])
>>> c = Qz.encode(x, None, 5, np.array([0]), np.array([0]))
>>> ch = Channel(nx.Graph([("a", "b")]))
>>> got = send_colours(ch, Qz, np.mod(c[0], Qz.q), "a", "b", 0, "Q(x)")
>>> bool(np.array_equal(Qz.decode(got[None], x, 5, np.array([0]), np.array([0])), c)), ch.ledger.total
(True, 9)
"""

from __future__ import annotations

import numpy as np

from ..coding import BitReader, BitWriter
from ..errors import DecodeError, InvalidInputError
from ._params import MIN_SCALE, choice, int_in_range, positive_float
from .channel import Channel
from .lattice import MAX_BLOCK, LatticeConvexHull
from .lattice_sublinear import hash_uniform
from .lattices import (
    COLOURS_WHY,
    KINDS,
    MAX_COLOURS,
    colour_bits,
    int_coords,
    read_colours,
    write_colours,
)

__all__ = ["MessageQuantizer", "send_colours"]


class MessageQuantizer:
    """``Q_{eps,q}`` for protocols: coordinates, colours, points and decoding, vectorised over
    messages; message ``j`` of trial ``t`` uses the dither keyed by ``(shared, t, j)``.

    Parameters
    ----------
    eps : float
        Packing radius (the cubic lattice's side is ``2 eps``).
    q : int
        Colours per coordinate.
    quantizer : {"cubic", "convex-hull"}
        The dithered cubic lattice of davies2021 Section 6, or LatticeEncode by the
        convex-hull method (``q > 7``).
    lattice, block : str, int or None
        Passed to the convex-hull quantizer.
    owner : str
        The protocol named in error messages.

    Examples
    --------
    >>> MessageQuantizer(eps=0.05, q=32).bits(16)
    80
    """

    def __init__(self, eps: float, q: int, quantizer: str = "cubic", lattice: str = "cubic",
                 block: int | None = 4, owner: str = "star") -> None:
        eps = positive_float(eps, "eps", owner, minimum=MIN_SCALE)
        q = int_in_range(q, "q", owner, minimum=2, maximum=MAX_COLOURS, why=COLOURS_WHY)
        quantizer = choice(quantizer, "quantizer", owner, ("cubic", "convex-hull"))
        lattice = choice(lattice, "lattice", owner, KINDS)
        if block is not None:
            block = int_in_range(block, "block", owner, maximum=MAX_BLOCK,
                                 why="the convex-hull LP is exponential in the block size")
        if quantizer == "convex-hull" and q <= 7:
            raise InvalidInputError(f"{owner}: the convex-hull quantizer needs q > 7 (Lemma 7), got {q}")
        self.eps, self.q, self.kind = eps, q, quantizer
        self.s = 2 * self.eps
        self.hull = LatticeConvexHull(eps, q, lattice=lattice, block=block) if quantizer == "convex-hull" else None

    def bits(self, d: int) -> int:
        """Bits of one message in dimension ``d``."""
        return colour_bits(d, self.q)

    def _theta(self, shared, t, j, d):
        seed = np.uint64(0 if shared is None else int(shared) & 0xFFFFFFFFFFFFFFFF)
        t, j = np.asarray(t)[..., None], np.asarray(j)[..., None]
        return self.s * (hash_uniform(seed, t, j, np.arange(d)) - 0.5)

    def encode(self, X, rng, shared, t, j):
        """Lattice coordinates of the encoded points of rows ``X`` (message keys ``t``, ``j``)."""
        if self.hull is not None:
            return self.hull.draw_coords(X, rng)
        return int_coords(np.rint((X - self._theta(shared, t, j, X.shape[-1])) / self.s))

    def point(self, coords, shared, t, j):
        """The lattice points of coordinates ``coords`` (message keys ``t``, ``j``)."""
        if self.hull is not None:
            return self.hull.points(coords)
        return self._theta(shared, t, j, coords.shape[-1]) + self.s * coords

    def decode(self, colour, side, shared, t, j):
        """Coordinates of the point of colour ``colour`` nearest ``side`` (Algorithm 2)."""
        if self.hull is not None:
            return self.hull.decode_coords(colour, side)
        theta = self._theta(shared, t, j, colour.shape[-1])
        return colour + self.q * int_coords(np.rint(((side - theta) / self.s - colour) / self.q))


def send_colours(channel: Channel, Qz: MessageQuantizer, colour: np.ndarray, src, dst, rnd: int,
                 what: str) -> np.ndarray:
    """Write one colour vector as a real payload, send it over ``channel`` and return what the
    receiver decodes from it.

    Parameters
    ----------
    channel : Channel
        The run's channel.
    Qz : MessageQuantizer
        The quantizer whose colours are sent (its ``q`` fixes the code).
    colour : ndarray of int, shape (d,)
        The colours, in ``[0, q)``.
    src, dst : node of the channel's topology
        Sender and receiver.
    rnd : int
        The communication round.
    what : str
        The ledger's kind of message.

    Returns
    -------
    ndarray of int, shape (d,)
        The colours the receiver read from the payload.

    Examples
    --------
    >>> import networkx as nx
    >>> import numpy as np
    >>> ch = Channel(nx.Graph([(0, 1)]))
    >>> send_colours(ch, MessageQuantizer(0.1, 4), np.array([3, 0, 1]), 0, 1, 0, "c").tolist()
    [3, 0, 1]
    """
    wr = BitWriter()
    write_colours(wr, colour, Qz.q)
    payload, nb = channel.send(src, dst, wr, round=rnd, what=what)
    r = BitReader(payload, nb)
    out = read_colours(r, colour.size, Qz.q)
    r.expect_end()
    if not np.array_equal(out, colour):  # pragma: no cover - the code is lossless
        raise DecodeError("colour code did not round-trip")
    return out
