"""davies2021 Algorithm 4: MEANESTIMATION(m) over a binary tree of sampled machines.

Algorithm
---------
1. Sample a set ``T`` of ``k = min(m, n)`` machines (a uniformly random order of all
   machines; its first ``k`` are the leaves).
2. Build a binary tree bottom-up with the leaves in sampled order: consecutive nodes are
   paired level by level (an unpaired last node is promoted unchanged); the ``j``-th
   internal node is played by the machine at position ``(k + j) mod n`` of the random
   order, so every machine plays ``O(1)`` roles.
3. Each child sends ``Q_{y/m^2, m^3}(a_child)`` to its parent (no message when one machine
   plays both roles; it then uses ``a_child`` exactly); the parent decodes against its own
   input and averages, weighting by the number of leaves below each child (equal weights
   when ``k`` is a power of two, as in the paper).
4. The root encodes its average ``a_r`` with ``Q_{y/m^2, m^3}`` and the same message is
   relayed to all machines along a binary heap over the random order (root first); every
   machine decodes against its own input and outputs the result.

``Q`` is the dithered cubic lattice by default (``quantizer="convex-hull"`` for Algorithm 1,
small blocks); messages are keyed for the dither as in :mod:`~commbounds.quantizers.star`.
Decode failures are counted, never hidden.  :meth:`Tree.variance_reduction` sets
``y = 2 sigma sqrt(alpha n)`` (Theorem 12); Theorem 11 uses ``m = q^2``.

Theoretical guarantee
---------------------
Lemma 10 (``davies2021:lem10``): a node at depth ``i`` sends ``a_v`` with
``||A_v - a_v|| <= 7 i y/m^2``; Theorem 11: every machine sends and receives ``O(1)``
messages of ``d log(m^3)`` bits (``O(d log q)`` with ``m = q^2``), variance ``O(y^2/q^2)``.

References
----------
Davies et al., ICLR 2021, Section 3.2 (Algorithm 4, Lemma 10, Theorems 11-12).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> X = 3 + np.random.default_rng(0).uniform(-0.5, 0.5, size=(6, 8))
>>> proto = quantizers.protocol("tree", m=4)
>>> t = proto.run(X, rng=np.random.default_rng(2), shared=1)
>>> f = proto.simulate(X, rng=np.random.default_rng(2), shared=1)
>>> bool(np.array_equal(t.estimate, f.estimate)), t.total_bits == int(f.bits), t.failures
(True, True, 0)
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ._params import MAX_SCALE, MIN_SCALE, int_in_range, positive_float
from .base import Protocol, Rounds, machines, validate_vectors
from .lattice import MAX_BLOCK
from .lattices import KINDS
from .messages import MessageQuantizer, send_colours
from .registry import register_protocol
from .variance_reduction import reduction_y, spread_input

__all__ = ["Tree", "tree_plan"]

#: Largest ``m``: the ``m^3`` colours per coordinate stay within the colour code's 62 bits
#: (the largest integer with ``m^3 <= MAX_COLOURS = 2^62``).
MAX_M = 1_664_510


def tree_plan(n: int, k: int):
    """The tree on positions of the random order: a list of levels, each a list of
    ``(parent_position, [(child_position, child_weight, child_id)], node_id, weight)``; node ids
    ``0..k-1`` are leaves.  Returns ``(levels, root_id, root_position)``."""
    nodes = [(i, 1, i) for i in range(k)]  # (position, weight, node id)
    levels, nid, j = [], k, 0
    while len(nodes) > 1:
        nxt, level = [], []
        for a in range(0, len(nodes) - 1, 2):
            pos = (k + j) % n
            j += 1
            kids = [nodes[a], nodes[a + 1]]
            w = kids[0][1] + kids[1][1]
            level.append((pos, kids, nid, w))
            nxt.append((pos, w, nid))
            nid += 1
        if len(nodes) % 2:
            nxt.append(nodes[-1])
        levels.append(level)
        nodes = nxt
    return levels, nodes[0][2], nodes[0][0]


@register_protocol("tree")
class Tree(Protocol):
    """Algorithm 4 of davies2021 (see the module docstring).

    Parameters
    ----------
    m : int
        Sampled machines and quantization parameters ``Q_{y/m^2, m^3}``; ``m >= 2``.
    y : float
        Bound on the distance between any two inputs.
    quantizer, lattice, block : as for :class:`~commbounds.quantizers.star.Star`.
    """
    problems = ("mean-estimation", "variance-reduction")
    model = "binary tree over sampled machines (Algorithm 4)"

    unbiased = True
    bounds = ("davies2021:lem10", "davies2021:thm11/bits", "davies2021:thm11/variance",
              "davies2021:thm12/bits/corrected", "davies2021:thm12/variance", "davies2021:thm12/success")
    params = (
        Param("m", integer=True, domain=f"[2, {MAX_M}]", typical=4, description="tree arity",
              why="the m^3 colours must fit 62 bits"),
        Param("y", domain=f"(0, {MAX_SCALE:g}]", default=1.0, typical=1.0, description="distance bound"),
        Param("quantizer", options=("cubic", "convex-hull"), default="cubic"),
        Param("lattice", options=KINDS, default="cubic"),
        Param("block", integer=True, domain=f"[1, {MAX_BLOCK}]", default=4, nullable=True,
              why="the convex-hull LP is exponential in the block size"),
    )

    def __init__(self, m: int, y: float = 1.0, quantizer: str = "cubic", lattice: str = "cubic",
                 block: int | None = 4) -> None:
        m = int_in_range(m, "m", "tree", minimum=2, maximum=MAX_M, why="the m^3 colours must fit 62 bits")
        y = positive_float(y, "y", "tree")
        if not y / m**2 >= MIN_SCALE:
            raise InvalidInputError(f"tree: the lattice scale y/m^2 = {y / m**2:g} must be at least {MIN_SCALE:g} "
                                    f"(inputs divided by it would overflow); raise y or lower m (y={y:g}, m={m})")
        self.m, self.y = m, y
        self.Qz = MessageQuantizer(y / m**2, m**3, quantizer, lattice, block, owner="tree")
        super().__init__(m=m, y=y, quantizer=quantizer, lattice=lattice, block=block)

    @classmethod
    def variance_reduction(cls, sigma: float, alpha: float, n: int, m: int, **kw) -> Tree:
        """Theorem 12's reduction: ``y = 2 sigma sqrt(alpha n)``."""
        return cls(m=m, y=reduction_y(sigma, alpha, n, "tree"), **kw)

    @classmethod
    def sample_input(cls, rng, n, d, params):
        return spread_input(rng, n, d, params.get("y", 1.0))

    # ------------------------------------------------------------------ the protocol
    def _core(self, X, rng, shared, channel):
        T, n, d = X.shape
        Qz, k = self.Qz, min(self.m, n)
        names = machines(n)
        # the tree is drawn inside the run: the network links every pair, g keeps the links used
        g = nx.DiGraph()

        def send(col, src, dst, what, rnd):
            s, t = names[int(order[0, src])], names[int(order[0, dst])]
            g.add_edge(s, t, what=what)
            return send_colours(channel, Qz, col[0], s, t, rnd, f"Q(a) {what}")[None]

        order = np.argsort(rng.random((T, n)), axis=1)
        rows = np.arange(T)
        levels, root, root_pos = tree_plan(n, k)
        value = {i: X[rows, order[:, i]] for i in range(k)}
        pos_of = {i: i for i in range(k)}
        fail = np.zeros(T, dtype=np.int64)
        msg = 0
        for li, lev in enumerate(levels):
            for pos, kids, nid, w in lev:
                side = X[rows, order[:, pos]]
                acc = np.zeros((T, d))
                for cpos, cw, cid in kids:
                    if cpos == pos:  # the same machine plays both roles: nothing is sent
                        acc += cw * value[cid]
                        continue
                    tt, jj = rows, np.full(T, msg)
                    c = Qz.encode(value[cid], rng, shared, tt, jj)
                    col = np.mod(c, Qz.q)
                    if channel is not None:
                        col = send(col, cpos, pos, "up", li)
                    dec = Qz.decode(col, side, shared, tt, jj)
                    fail += np.any(dec != c, axis=1)
                    acc += cw * Qz.point(dec, shared, tt, jj)
                    msg += 1
                value[nid], pos_of[nid] = acc / w, pos
        # root broadcast along a binary heap over the random order (root position first)
        heap = [root_pos] + [p for p in range(n) if p != root_pos]
        tt, jj = rows, np.full(T, msg)
        c = Qz.encode(value[root], rng, shared, tt, jj)
        est = Qz.point(c, shared, tt, jj)
        col = np.mod(c, Qz.q)
        outputs = np.empty((T, n, d))
        outputs[rows, order[:, root_pos]] = est
        for h in range(1, n):
            got = col if channel is None else send(col, heap[(h - 1) // 2], heap[h], "down",
                                                   len(levels) + int(math.log2(h + 1)) - 1)
            dec = Qz.decode(got, X[rows, order[:, heap[h]]], shared, tt, jj)
            fail += np.any(dec != c, axis=1)
            outputs[rows, order[:, heap[h]]] = Qz.point(dec, shared, tt, jj)
        sent = np.zeros(n, dtype=np.int64)
        recv = np.zeros(n, dtype=np.int64)
        for lev in levels:
            for pos, kids, _, _ in lev:
                for cpos, _, _ in kids:
                    if cpos != pos:
                        sent[cpos] += 1
                        recv[pos] += 1
        for h in range(1, n):
            sent[heap[(h - 1) // 2]] += 1
            recv[heap[h]] += 1
        b = Qz.bits(d)
        info = {} if channel is None else {"topology": g, "leaves": [int(v) for v in order[0, :k]],
                                           "root": int(order[0, root_pos])}
        full = np.full(T, 1, dtype=np.int64)
        return Rounds(est, full * int(sent.sum()) * b, fail, outputs={names[i]: outputs[:, i] for i in range(n)},
                      extra={"failures": fail, "max_sent": full * (sent.max() * b),
                             "max_received": full * (recv.max() * b),
                             "max_machine_bits": full * ((sent + recv).max() * b), "outputs": outputs},
                      info=info)

    def predict(self, X, *, shared=None):
        """Exact with the cubic quantizer, when every message decodes.  Which positions of
        the random order exchange messages is fixed by :func:`tree_plan`, so the root's
        average is ``(1/k) sum`` over a uniform random ``k``-subset of the inputs plus each
        sent message's dithered error weighted by ``w_v/k`` (its leaves' share), and the
        broadcast adds one more: per coordinate
        ``s^2/12 (1 + sum_v (w_v/k)^2) + Var(sample mean)``, where the sample mean of ``k``
        of ``n`` inputs drawn without replacement has variance
        ``sigma_j^2 (n - k)/(k (n - 1))``.  Bits: one fixed-length message per edge.

        Examples
        --------
        >>> import numpy as np
        >>> X = 3 + np.random.default_rng(0).uniform(-0.5, 0.5, size=(4, 8))
        >>> p = Tree(m=4).predict(X)                     # k = n = 4: no sampling error
        >>> p.unbiased, round(p.mse / (8 * (2 / 16) ** 2 / 12), 4), p.bits
        (True, 1.6875, 384.0)
        """
        from .base import Prediction, PredictionUnavailable

        X = validate_vectors(X, name="X", min_ndim=2, max_ndim=2)
        n, d = X.shape
        if self.Qz.hull is not None:
            raise PredictionUnavailable("tree: the convex-hull quantizer's variance depends on the random "
                                        "partial averages (no closed form)")
        k = min(self.m, n)
        levels, _, _ = tree_plan(n, k)
        leaves = {i: 1 for i in range(k)}         # leaves below each node, counted here
        weight_sq, messages = 1.0, n - 1          # the root's broadcast reaches n - 1 machines
        for lev in levels:
            for pos, kids, nid, _ in lev:
                leaves[nid] = sum(leaves[cid] for _, _, cid in kids)
                for cpos, _, cid in kids:
                    if cpos != pos:
                        weight_sq += (leaves[cid] / k) ** 2
                        messages += 1
        target = X.mean(axis=0)
        pop = X.var(axis=0)                        # (1/n) sum (x_i - mean)^2
        sampling = pop * (n - k) / (k * (n - 1)) if n > 1 else np.zeros(d)
        per = self.Qz.s**2 / 12 * weight_sq + sampling
        return Prediction.build(target, target, per, bits=messages * self.Qz.bits(d),
                                note="every message decodes (inputs within the decoding radius)",
                                extra={"target": "mean"})
