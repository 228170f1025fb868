"""davies2021 Algorithm 3 (MEANESTIMATION on a star with a random leader), and the
VARIANCEREDUCTION reduction.

Algorithm
---------
1. A leader ``v`` is drawn uniformly (private coin of the protocol's generator).
2. Every other machine ``u`` sends ``Q_{eps,q}(x_u)`` to ``v``; ``v`` quantizes its own
   input too (no bits) and decodes every message against ``x_v`` (Algorithm 2).
3. ``v`` averages the decoded points into ``mu_hat`` and sends ``Q_{eps,q}(mu_hat)`` to every
   machine, which decodes against its own input and outputs the result.

``Q_{eps,q}`` is either the practical dithered cubic lattice of Section 6
(``quantizer="cubic"``, side ``2 eps``, L-infinity decoding radius ``(q - 1) eps``, any
``d``) or LatticeEncode by the convex-hull method (``quantizer="convex-hull"``, see
:mod:`~commbounds.quantizers.lattice`; ``q > 7``, small blocks).  The dither of message
``j`` in trial ``t`` is a counter-based hash of (shared seed, ``t``, ``j``), so
:meth:`run` (real payloads, one trial) and :meth:`simulate` (vectorised over trials)
agree exactly.  Decoding failures (inputs farther apart than the decoding radius) are
counted in ``Transcript.failures`` and in ``simulate(...).extra["failures"]``.

:meth:`Star.mean_estimation` sets ``eps = 2y/q`` (Theorem 8's proof);
:meth:`Star.variance_reduction` applies it with ``y = 2 sigma sqrt(alpha n)`` (Theorem 9).

Theoretical guarantee
---------------------
Theorem 8: for ``q >= 28`` and ``eps = 2y/q``, unbiased with variance at most
``74 eps^2 = 296 y^2/q^2`` (``davies2021:thm8/variance-explicit``), ``O(d log q)`` bits per
machine in expectation, ``O(n d log q)`` at the leader.  Theorem 9: VARIANCEREDUCTION with
``O(alpha n sigma^2/q^2)`` variance, succeeding with probability ``>= 1 - 1/alpha``.

References
----------
Davies et al., ICLR 2021, Section 3.1 (Algorithm 3, Theorems 8-9) and Section 6.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> X = 100 + np.random.default_rng(0).uniform(-0.5, 0.5, size=(5, 16))
>>> proto = quantizers.protocol("star", eps=0.05, q=32)
>>> t = proto.run(X, rng=np.random.default_rng(1), shared=7)
>>> fast = proto.simulate(X, rng=np.random.default_rng(1), shared=7)
>>> bool(np.array_equal(t.estimate, fast.estimate)), t.total_bits == int(fast.bits), t.failures
(True, True, 0)
>>> max(t.ledger.per_party_sent().values()) == 4 * 16 * 5
True
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ..params import Param
from ._params import MAX_SCALE, MIN_SCALE, int_in_range, positive_float
from .base import Protocol, Rounds, machines, validate_vectors
from .lattice import MAX_BLOCK
from .lattices import COLOURS_WHY, KINDS, MAX_COLOURS
from .messages import MessageQuantizer, send_colours
from .registry import register_protocol
from .variance_reduction import reduction_parameters, reduction_y, spread_input

__all__ = ["Star", "MessageQuantizer", "send", "reduction_parameters", "reduction_y", "spread_input"]

#: the former name of :func:`~commbounds.quantizers.messages.send_colours`
send = send_colours


@register_protocol("star")
class Star(Protocol):
    """Algorithm 3 of davies2021 (see the module docstring).

    Parameters
    ----------
    eps, q : lattice packing radius and colours per coordinate.
    quantizer : {"cubic", "convex-hull"}
    lattice, block : passed to the convex-hull quantizer.
    """
    problems = ("mean-estimation", "variance-reduction")
    model = "star: every machine sends to a random leader, which broadcasts (Algorithm 3)"

    unbiased = True
    bounds = ("davies2021:thm8/bits", "davies2021:thm8/bits-leader", "davies2021:thm8/variance",
              "davies2021:thm8/variance-explicit", "davies2021:thm9/bits", "davies2021:thm9/variance",
              "davies2021:thm9/variance-explicit", "davies2021:thm9/success")
    params = (
        Param("eps", domain=f"[{MIN_SCALE:g}, {MAX_SCALE:g}]", typical=0.05, description="packing radius"),
        Param("q", integer=True, domain=f"[2, {MAX_COLOURS}]", typical=32, description="colours per coordinate",
              why=COLOURS_WHY),
        Param("quantizer", options=("cubic", "convex-hull"), default="cubic"),
        Param("lattice", options=KINDS, default="cubic"),
        Param("block", integer=True, domain=f"[1, {MAX_BLOCK}]", default=4, nullable=True,
              why="the convex-hull LP is exponential in the block size"),
    )

    def __init__(self, eps: float, q: int, quantizer: str = "cubic", lattice: str = "cubic",
                 block: int | None = 4) -> None:
        self.Qz = MessageQuantizer(eps, q, quantizer, lattice, block, owner="star")
        super().__init__(eps=self.Qz.eps, q=self.Qz.q, quantizer=quantizer, lattice=lattice, block=block)

    @classmethod
    def mean_estimation(cls, y: float, q: int, **kw) -> Star:
        """Theorem 8's parameters: ``eps = 2y/q`` for inputs pairwise within ``y``."""
        y = positive_float(y, "y", "star")
        q = int_in_range(q, "q", "star", minimum=2, maximum=MAX_COLOURS, why=COLOURS_WHY)
        return cls(eps=2 * y / q, q=q, **kw)

    @classmethod
    def variance_reduction(cls, sigma: float, alpha: float, n: int, q: int, **kw) -> Star:
        """Theorem 9's reduction: MEANESTIMATION with ``y = 2 sigma sqrt(alpha n)``."""
        return cls.mean_estimation(reduction_y(sigma, alpha, n, "star"), q, **kw)

    @classmethod
    def sample_input(cls, rng, n, d, params):
        eps = params.get("eps", 0.05)
        return 100.0 + rng.uniform(-0.5, 0.5, size=(n, d)) * eps * (params.get("q", 32) - 8) / 2

    # ------------------------------------------------------------------ the protocol
    def _core(self, X, rng, shared, channel):
        T, n, d = X.shape
        Qz = self.Qz
        names = machines(n)
        leader = rng.integers(n, size=T)
        tt = np.repeat(np.arange(T), n)
        jj = np.tile(np.arange(n), T)
        c1 = Qz.encode(X.reshape(T * n, d), rng, shared, tt, jj)
        col1 = np.mod(c1, Qz.q)
        if channel is not None:  # every machine but the leader sends its colours to the leader
            v = int(leader[0])
            for u in range(n):
                if u != v:
                    col1[u] = send_colours(channel, Qz, col1[u], names[u], names[v], 0, "Q(x_u)")
        side1 = np.repeat(X[np.arange(T), leader], n, axis=0)
        dec1 = Qz.decode(col1, side1, shared, tt, jj)
        own = (jj == np.repeat(leader, n))
        dec1[own] = c1[own]  # the leader knows its own point
        fail1 = np.any(dec1 != c1, axis=1).reshape(T, n)
        mu = Qz.point(dec1, shared, tt, jj).reshape(T, n, d).mean(axis=1)
        t2, j2 = np.arange(T), np.full(T, n)
        c2 = Qz.encode(mu, rng, shared, t2, j2)
        col2 = np.mod(c2, Qz.q)
        if channel is not None:  # the leader broadcasts the colours of its quantized average
            v = int(leader[0])
            got = [send_colours(channel, Qz, col2[0], names[v], names[u], 1, "Q(mu_hat)") for u in range(n) if u != v]
            col2 = got[0][None] if got else col2
        dec2 = Qz.decode(np.repeat(col2, n, axis=0), X.reshape(T * n, d), shared,
                         np.repeat(t2, n), np.repeat(j2, n))
        c2r = np.repeat(c2, n, axis=0)
        dec2[own] = c2r[own]
        fail2 = np.any(dec2 != c2r, axis=1).reshape(T, n)
        outputs = Qz.point(dec2, shared, np.repeat(t2, n), np.repeat(j2, n)).reshape(T, n, d)
        est = Qz.point(c2, shared, t2, j2)
        b = Qz.bits(d)
        info = {}
        if channel is not None:
            g = nx.star_graph(n - 1)
            g = nx.relabel_nodes(g, {0: int(leader[0]), int(leader[0]): 0})
            info = {"leader": int(leader[0]), "topology": g, "mu_hat": mu[0]}
        fail = fail1.sum(axis=1) + fail2.sum(axis=1)
        return Rounds(est, np.full(T, 2 * (n - 1) * b, dtype=np.int64), fail,
                      outputs={names[i]: outputs[:, i] for i in range(n)},
                      extra={"failures": fail, "leader_bits": np.full(T, 2 * (n - 1) * b),
                             "other_bits": np.full(T, 2 * b if n > 1 else 0), "outputs": outputs},
                      info=info)

    def predict(self, X, *, shared=None):
        """Exact with the cubic quantizer, when every message decodes: each message's
        dithered error is uniform on ``[-eps, eps]`` per coordinate and independent (the
        dither of each message is its own), the leader averages ``n`` quantized points and
        quantizes the average once more, so ``E||mu_hat - mean||^2 = d s^2/12 (1 + 1/n)``
        with ``s = 2 eps``; ``2 (n - 1) d log2 q`` bits always.  The convex-hull quantizer's
        second-stage variance depends on the random average: no closed form.

        Examples
        --------
        >>> import numpy as np
        >>> X = 100 + np.random.default_rng(0).uniform(-0.5, 0.5, size=(5, 16))
        >>> p = Star(eps=0.05, q=32).predict(X)
        >>> round(p.mse, 6), p.unbiased, p.bits
        (0.016, True, 640.0)
        """
        from .base import Prediction, PredictionUnavailable

        X = validate_vectors(X, name="X", min_ndim=2, max_ndim=2)
        n, d = X.shape
        if self.Qz.hull is not None:
            raise PredictionUnavailable("star: the convex-hull quantizer's second-stage variance depends "
                                        "on the random average (no closed form)")
        target = X.mean(axis=0)
        per = self.Qz.s**2 / 12 * (1 + 1 / n)
        return Prediction.build(target, target, np.full(d, per), bits=2 * (n - 1) * self.Qz.bits(d),
                                note="every message decodes (inputs within the decoding radius)",
                                extra={"target": "mean"})
