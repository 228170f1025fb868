"""davies2021 Algorithm 7: sublinear MEANESTIMATION by broadcasting one machine's input.

Algorithm
---------
A source ``u`` is drawn uniformly; it encodes ``Q'_{y/q, q}(x_u)`` with Algorithm 5
(:class:`~commbounds.quantizers.lattice_sublinear.LatticeSublinear`, ``eps = y/q``) and the
same payload is relayed to all machines along a binary heap over a random order (source
first), so every machine receives one message and sends at most two.  Machine ``v``
outputs ``R'_{y/q, q}(Q'(x_u), x_v)`` (Algorithm 6); the source outputs ``z - theta``.
Decode failures (inputs farther apart than ``y``) are counted.
:meth:`SublinearBroadcast.variance_reduction` sets ``y = 2 sigma sqrt(alpha n)`` (Theorem 28).

Theoretical guarantee
---------------------
Theorem 27: ``O(d q)`` bits per machine in expectation for ``q = O(1)`` and output variance
``O(y^2/q^2)`` (the source's input is within ``y`` of the mean; the quantization adds at
most ``(3 y/q)^2`` -- ``sqrt(m) y/q`` per block for the cubic lattice used here).

References
----------
Davies et al., ICLR 2021, Section 5.1 (Algorithm 7, Theorems 27-28).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> X = 4 + np.random.default_rng(0).uniform(-0.1, 0.1, size=(5, 8))
>>> proto = quantizers.protocol("sublinear-broadcast", q=0.5)
>>> t = proto.run(X, rng=np.random.default_rng(1), shared=3)
>>> f = proto.simulate(X, rng=np.random.default_rng(1), shared=3)
>>> bool(np.array_equal(t.estimate, f.estimate)), t.total_bits == int(f.bits), t.failures
(True, True, 0)
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from ..coding import BitReader, BitWriter
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from ._params import MAX_COUNT, MAX_SCALE, MIN_SCALE, positive_float
from .base import Protocol, Rounds, machines, row, validate_vectors
from .lattice_sublinear import MAX_BLOCK, MAX_Q, LatticeSublinear
from .registry import register_protocol
from .variance_reduction import reduction_y, spread_input

__all__ = ["SublinearBroadcast"]


@register_protocol("sublinear-broadcast")
class SublinearBroadcast(Protocol):
    """Algorithm 7 of davies2021 (see the module docstring).

    Parameters
    ----------
    q : float
        ``q > 0`` (the sublinear regime is ``q < 1``).
    y : float
        Bound on the distance between any two inputs.
    block : int
        Block size of the exact sublinear quantizer (``<= 8``).
    """
    problems = ("mean-estimation", "variance-reduction")
    randomness = "public"
    model = "broadcast from a random source over a binary tree (Algorithm 7)"

    unbiased = True
    bounds = ("davies2021:thm27/bits/corrected", "davies2021:thm27/variance", "davies2021:thm27/probability",
              "davies2021:thm28/bits/corrected", "davies2021:thm28/variance", "davies2021:thm28/success",
              "davies2021:thm17/bits/corrected", "davies2021:thm17/variance")
    params = (
        Param("q", domain=f"(0, {MAX_Q!r}]", typical=0.5, description="expansion factor",
              why="one coordinate already needs (1 + 2q)^3 <= 2^62 colours"),
        Param("y", domain=f"(0, {MAX_SCALE:g}]", default=1.0, description="distance bound"),
        Param("block", integer=True, domain=f"[1, {MAX_BLOCK}]", default=4, nullable=True,
              why="the expanded Voronoi enumeration is exponential in the block size"),
        Param("max_retries", integer=True, domain=f"[1, {MAX_COUNT}]", default=64),
    )

    def __init__(self, q: float, y: float = 1.0, block: int | None = 4, max_retries: int = 64) -> None:
        q = positive_float(q, "q", "sublinear-broadcast", maximum=MAX_Q,
                           why="one coordinate already needs (1 + 2q)^3 <= 2^62 colours")
        y = positive_float(y, "y", "sublinear-broadcast")
        if not MIN_SCALE <= y / q <= MAX_SCALE:
            raise InvalidInputError(f"sublinear-broadcast: the packing radius eps = y/q = {y / q:g} must lie in "
                                    f"[{MIN_SCALE:g}, {MAX_SCALE:g}] (y={y:g}, q={q:g})")
        self.Q = LatticeSublinear(eps=y / q, q=q, block=block, max_retries=max_retries)
        super().__init__(q=q, y=y, block=block, max_retries=max_retries)
        self.q, self.y = q, y

    @classmethod
    def variance_reduction(cls, sigma: float, alpha: float, n: int, q: float, **kw) -> SublinearBroadcast:
        """Theorem 28's reduction: ``y = 2 sigma sqrt(alpha n)``."""
        return cls(q=q, y=reduction_y(sigma, alpha, n, "sublinear-broadcast"), **kw)

    @classmethod
    def sample_input(cls, rng, n, d, params):
        return spread_input(rng, n, d, params.get("y", 1.0))

    def _relay(self, channel, rep_t, heap, d, names, g):
        """The source's payload relayed along the binary heap ``heap``; what every machine reads."""
        wr = BitWriter()
        self.Q._write(wr, rep_t, d)
        payload, nb = wr.getvalue()
        for h in range(1, len(heap)):
            a, b = names[int(heap[(h - 1) // 2])], names[int(heap[h])]
            payload, nb = channel.send(a, b, (payload, nb), round=int(math.log2(h + 1)), what="Q'(x_u)")
            g.add_edge(a, b)
        r = BitReader(payload, nb)
        got = self.Q._read(r, d, None, None)
        r.expect_end()
        if not all(np.array_equal(got[k], rep_t[k]) for k in rep_t):  # pragma: no cover - lossless
            raise DecodeError("sublinear payload did not round-trip")
        return got

    def _core(self, X, rng, shared, channel):
        T, n, d = X.shape
        Q = self.Q
        names = machines(n)
        # the broadcast tree is drawn inside the run: the network links every pair, g keeps the links used
        g = nx.DiGraph()
        src = rng.integers(n, size=T)
        order = np.argsort(rng.random((T, n)), axis=1)
        rows = np.arange(T)
        # the source goes first in the relay order
        heap = np.concatenate([src[:, None], order[order != src[:, None]].reshape(T, n - 1)], axis=1)
        rep = Q._draw(X[rows, src], rng, shared)
        seed = Q._seed(shared)
        blocks = Q.blocks(d)
        truth = np.empty((T, d))
        outputs = np.empty((T, n, d))
        fail = np.zeros(T, dtype=np.int64)
        for t in range(T):
            rep_t = row(rep, t) if channel is None else self._relay(channel, row(rep, t), heap[t], d, names, g)
            for j, sl in enumerate(blocks):
                # the source knows z - theta: it decodes against its own input
                truth[t, sl] = Q._decode_block(int(rep["col"][t, j]), int(rep["i"][t, j]), X[t, src[t], sl],
                                               seed, t, j)
            for v in range(n):
                for j, sl in enumerate(blocks):
                    outputs[t, v, sl] = Q._decode_block(int(rep_t["col"][j]), int(rep_t["i"][j]), X[t, v, sl],
                                                        seed, t, j)
            outputs[t, src[t]] = truth[t]
            fail[t] = int(np.sum(np.any(np.abs(outputs[t] - truth[t]) > 1e-9 * (1 + np.abs(truth[t])), axis=1)))
        bits = Q._bits(rep, d)
        info = {} if channel is None else {"source": int(src[0]), "topology": g}
        return Rounds(truth, (bits * (n - 1)).astype(np.int64), fail,
                      outputs={names[i]: outputs[:, i] for i in range(n)},
                      extra={"failures": fail, "message_bits": bits,
                             "max_machine_bits": bits * (3 if n > 2 else 1), "outputs": outputs},
                      info=info)

    def predict(self, X, *, shared=None):
        """Exact when the source's quantizer is (blocks of one coordinate, ``block=1``; see
        :meth:`LatticeSublinear.predict`): the estimate is the source's ``z - theta``, with
        the source uniform over the ``n`` machines and an error of zero mean whose law does
        not depend on the input, so ``E mu_hat = mean`` and ``E||mu_hat - mean||^2`` is the
        inputs' spread ``(1/n) sum_u ||x_u - mean||^2`` plus the quantizer's error; the one
        payload is relayed ``n - 1`` times, so the bits are ``n - 1`` times its exact law.

        Examples
        --------
        >>> import numpy as np
        >>> X = 4 + np.random.default_rng(0).uniform(-0.1, 0.1, size=(5, 3))
        >>> proto = SublinearBroadcast(q=0.5, block=1)
        >>> p = proto.predict(X)
        >>> p.unbiased, bool(p.bits == 4 * proto.Q.predict(X[0]).bits)
        (True, True)
        """
        from .base import Prediction

        X = validate_vectors(X, name="X", min_ndim=2, max_ndim=2)
        n, d = X.shape
        pq = self.Q.predict(X[0], shared=shared)
        target = X.mean(axis=0)
        spread = ((X - target) ** 2).mean(axis=0)
        v, p = pq.bits_pmf
        return Prediction.build(target, target, spread + pq.variance, bits=((n - 1) * v, p),
                                note=pq.note, extra={"target": "mean"})
