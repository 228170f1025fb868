"""korhonen2021's two-stage quantized gradient descent (Section 4, Appendix C).

Algorithm
---------
Parameters: ``kappa = max(beta/alpha, 2)`` (the paper runs with ``kappa = 2`` below 2),
``gamma = 1/beta``, ``xi = 1 - 1/kappa``, ``K = 2/xi``, ``delta = xi (1 - xi)/4``,
``mu = delta K + xi``, ``R(t) = beta K W mu^t``.  Round ``t -> t + 1``:

1. every node sets ``x(t+1) = x(t) - gamma q(t)``;
2. node ``i`` sends ``enc_{eps1,rho1}(grad f_i(x(t+1)))`` with
   ``(eps1, rho1) = (delta R(t+1)/(2N), R(t+1)/N)``; the coordinator decodes against
   ``q_i(t)`` into ``q_i(t+1)`` and sums them into ``r(t+1)``;
3. the coordinator sends ``enc_{eps2,rho2}(r(t+1))`` with
   ``(eps2, rho2) = (delta R(t+1)/2, (1 + delta/2) R(t+1))``; nodes decode against ``q(t)``.

``enc/dec`` is the deterministic ``Q_{eps,R}`` of Corollary 10
(:class:`~commbounds.quantizers.closest_lattice.ClosestLattice`).  After ``T`` rounds each
node sends the index of the smallest endpoint ``>= f_i(x(T))`` of a grid of ``[0, U]`` at
spacing ``eps/N`` (``U = beta0 W^2``, the paper's ``beta0 d`` for ``W = sqrt d``), and the
coordinator's estimate is the sum of endpoints, ``F(x(T)) <= r <= F(x(T)) + eps``.
``T`` is the first round with ``mu^T W <= (eps/beta)^{1/2}`` (the extraction's ``(eps/beta)^2``
read as a square root, as in ``korhonen2021:thm11``), which gives ``F(x(T)) - F* <= eps/2``.

Initial round (reconstructed): Lemma 14 assumes (Q2)-(Q3) at ``t = 0`` while the paper sets
``q(0) = q_i(0) = 0``, which violates them unless the gradients at ``x(0)`` are tiny.  Round 0
therefore sends ``grad f_i(x(0))`` against the origin with ``rho = beta0 W`` (a bound on
``||grad f_i(x(0))||`` when ``f_i``'s minimiser is within ``W`` of ``x(0)``) and the sum against the
origin with ``rho = beta W + delta R(0)/2``, at the accuracies of (Q2)-(Q3); the invariants then
hold at ``t = 0`` and Lemma 14's induction applies.  Every message is in the ledger and the
invariants are checked and reported each round (``Transcript.info["invariants"]``); a message
whose decoding precondition fails is counted in ``failures``.

Inputs: :meth:`run`/:meth:`simulate` take ``X`` of shape ``(..., N, d)``, the minimisers of
``f_i(x) = 1/2 sum_j h_j (x_j - X_ij)^2`` with ``h`` spread over ``[alpha/N, beta/N]`` (so
``F = sum f_i`` is ``alpha``-strongly convex and ``beta``-smooth); :meth:`solve` takes any local
objectives with ``value``/``gradient`` (the coordinator interface of korhonen2021's reductions).

Theoretical guarantee
---------------------
Lemma 14: (Q1) ``||x(t) - x*|| <= mu^t W``, (Q2) ``||grad f_i(x(t)) - q_i(t)|| <= delta R(t)/(2N)``,
(Q3) ``||grad F(x(t)) - q(t)|| <= delta R(t)``; Theorem 11: ``O(N d kappa log kappa log(beta d/eps))``
bits in total (plus the value round, ``korhonen2021:thm11/value-round``).

References
----------
Korhonen & Alistarh, 2021, Section 4, Appendix C (Theorems 11, 13, Lemmas 14, 15).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> X = np.random.default_rng(0).uniform(-0.3, 0.3, size=(3, 4))
>>> gd = quantizers.protocol("quantized-gd", alpha=1.0, beta=4.0, W=1.0, eps=1e-4)
>>> t = gd.run(X)
>>> f = gd.simulate(X)
>>> bool(np.array_equal(t.estimate, f.estimate)), t.total_bits == int(f.bits), t.failures
(True, True, 0)
>>> t.info["T"], all(r["holds"] for r in t.info["invariants"])
(40, True)
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from ..coding import BitReader, BitWriter
from ..constructions._coordinator import Output
from ..errors import DecodeError, InvalidInputError, ProtocolError
from ..params import Param
from ..quantizers._params import MAX_SCALE, choice, int_in_range, positive_float, real
from ..quantizers.base import Prediction, Protocol, Rounds, validate_vectors
from ..quantizers.channel import Channel
from ..quantizers.closest_lattice import ClosestLattice
from ..quantizers.lattices import read_colours, write_colours
from ..quantizers.registry import register_protocol

__all__ = ["QuantizedGD", "Quadratic", "Output", "GDOutput", "MAX_ROUNDS"]

#: Largest number of rounds ``T`` simulated (``T`` grows like ``2 kappa ln(W/target)``).
MAX_ROUNDS = 10**5

#: the former name of the coordinator model's answer, :class:`~commbounds.constructions._coordinator.Output`
GDOutput = Output


class Quadratic:
    """``f(x) = 1/2 (x - c)^T H (x - c)`` (``H`` a vector of diagonal curvatures or a matrix)."""

    def __init__(self, H, center) -> None:
        self.H, self.center = np.asarray(H, dtype=float), np.asarray(center, dtype=float)

    def _Hx(self, v):
        return v * self.H if self.H.ndim == 1 else v @ self.H.T

    def value(self, x):
        v = np.asarray(x, dtype=float) - self.center
        return 0.5 * (v * self._Hx(v)).sum(-1)

    def gradient(self, x):
        return self._Hx(np.asarray(x, dtype=float) - self.center)

    def minimiser(self):
        return self.center.copy()


@register_protocol("quantized-gd")
class QuantizedGD(Protocol):
    """Section 4 / Appendix C of korhonen2021 (see the module docstring).

    Parameters
    ----------
    alpha, beta : float
        Strong convexity and smoothness of ``F = sum_i f_i``.
    W : float
        Bound on ``||x(0) - x*||`` (and on the distance of each local minimiser from ``x(0)``).
    eps : float
        Target ``F(x(T)) - F(x*) <= eps``.
    rounds : int, optional
        Override ``T``.
    x0 : float
        The common starting point (a scalar broadcast to every coordinate).
    lattice : {"Dn", "cubic"}
        The lattice of Corollary 10's quantizer.

    Examples
    --------
    >>> gd = QuantizedGD(alpha=1.0, beta=4.0, W=1.0, eps=1e-4)
    >>> gd.T, gd.kappa
    (40, 4.0)
    """
    problems = ("convex-opt",)
    randomness = "deterministic"
    model = "coordinator: quantized gradient rounds and a final value round"

    unbiased = False
    bounds = ("korhonen2021:thm11", "korhonen2021:thm11/value-round", "korhonen2021:thm13",
              "korhonen2021:lem14/q1", "korhonen2021:lem14/q2", "korhonen2021:lem14/q3",
              "korhonen2021:lem15", "korhonen2021:cor10")
    params = (
        Param("alpha", domain="(0, beta]", typical=1.0, description="strong convexity"),
        Param("beta", domain=f"(0, {MAX_SCALE:g}]", typical=4.0, description="smoothness"),
        Param("W", domain=f"(0, {MAX_SCALE:g}]", typical=1.0, description="initial distance to the minimiser"),
        Param("eps", domain=f"(0, {MAX_SCALE:g}]", typical=1e-4, description="target accuracy"),
        Param("rounds", integer=True, domain=f"[0, {MAX_ROUNDS}]", default=None, why="every round is simulated"),
        Param("x0", domain=f"[-{MAX_SCALE:g}, {MAX_SCALE:g}]", default=0.0, description="starting point"),
        Param("lattice", options=("Dn", "cubic"), default="Dn"),
    )

    def __init__(self, alpha: float, beta: float, W: float, eps: float, rounds: int | None = None,
                 x0: float = 0.0, lattice: str = "Dn") -> None:
        alpha, beta, W, eps = (positive_float(v, k, "quantized-gd")
                               for k, v in (("alpha", alpha), ("beta", beta), ("W", W), ("eps", eps)))
        if alpha > beta:
            raise InvalidInputError(f"quantized-gd: need alpha <= beta, got {alpha} > {beta}")
        if rounds is not None:
            rounds = int_in_range(rounds, "rounds", "quantized-gd", minimum=0, maximum=MAX_ROUNDS,
                                  why="every round is simulated")
        x0 = real(x0, "x0", "quantized-gd")
        lattice = choice(lattice, "lattice", "quantized-gd", ("Dn", "cubic"))
        super().__init__(alpha=alpha, beta=beta, W=W, eps=eps, rounds=rounds, x0=x0, lattice=lattice)
        self.alpha, self.beta, self.W, self.eps, self.x0, self.lattice = alpha, beta, W, eps, x0, lattice
        self.kappa = max(beta / alpha, 2.0)
        self.xi = 1 - 1 / self.kappa
        self.K = 2 / self.xi
        self.delta = self.xi * (1 - self.xi) / 4
        self.mu = self.delta * self.K + self.xi
        if not self.mu < 1:
            raise InvalidInputError(f"quantized-gd: the contraction factor mu = 1 - 1/(2 kappa) rounds to 1 at "
                                    f"kappa = beta/alpha = {beta / alpha:.4g}; lower beta/alpha "
                                    f"(alpha={alpha:g}, beta={beta:g})")
        self.gamma = 1 / beta
        target = math.sqrt(eps / beta)
        # log(target/W), as a sum of logs where the quotient underflows
        lg = math.log(target / W) if target / W > 0 else 0.5 * (math.log(eps) - math.log(beta)) - math.log(W)
        T = max(0.0, lg / math.log(self.mu) - 1e-12)
        if rounds is None and T > MAX_ROUNDS:
            raise InvalidInputError(f"quantized-gd: reaching eps={eps:g} from W={W:g} needs about {T:.3g} rounds "
                                    f"at kappa = beta/alpha = {beta / alpha:.4g} (alpha={alpha:g}, "
                                    f"beta={beta:g}); at most {MAX_ROUNDS} are simulated")
        self.T = rounds if rounds is not None else math.ceil(T)

    @classmethod
    def for_reduction(cls, reduction, **kw) -> QuantizedGD:
        """Parameters for korhonen2021's quadratic reductions (equality, MEAN/2-BITS), whose nodes
        hold ``beta0 ||x - c||^2`` with ``beta0 = beta/N`` on ``[0,1]^d``: ``F`` has curvature
        ``2 beta`` in every direction, ``W = sqrt d`` and ``x(0)`` is the centre of the cube."""
        b = 2 * float(reduction.beta)
        return cls(alpha=b, beta=b, W=math.sqrt(reduction.d), eps=float(reduction.eps), x0=0.5, **kw)

    def R(self, t: int) -> float:
        return self.beta * self.K * self.W * self.mu**t

    @classmethod
    def sample_input(cls, rng, n, d, params):
        return rng.uniform(-1, 1, size=(n, d)) * params.get("W", 1.0) / (2 * math.sqrt(d))

    def curvatures(self, N: int, d: int) -> np.ndarray:
        return np.linspace(self.alpha, self.beta, d) / N if d > 1 else np.array([self.beta / N])

    def topology(self, n: int) -> nx.Graph:
        """The coordinator model: a star of ``n`` nodes around the coordinator."""
        return nx.star_graph(["coordinator", *(f"node{i}" for i in range(n))])

    # ------------------------------------------------------------------ the protocol
    def _core(self, X, rng, shared, channel):
        grad, value, xstar = self._quadratic(X)
        c = self._descend(grad, value, xstar, X.shape[0], X.shape[1], X.shape[2], channel)
        holds = np.all([r["holds"] for r in c["inv"]], axis=0)
        extra = {"F_hat": c["F_hat"], "failures": c["fails"], "invariants_hold": holds,
                 "distance": np.linalg.norm(c["x"] - xstar, axis=-1),
                 "q1": np.stack([r["q1"] for r in c["inv"]], -1)}
        info = {} if channel is None else self._info(c, xstar[0])
        return Rounds(c["x"], c["up"].sum(axis=1) + c["down"].sum(axis=1), c["fails"], extra=extra, info=info)

    def _descend(self, grad, value, xstar, T_, N, d, channel=None):
        """The rounds on ``T_`` trials of ``N`` local objectives (``grad``, ``value``), vectorised
        over trials; with a channel (one trial) every message crosses it."""
        led_bits = {"up": np.zeros((T_, N), np.int64), "down": np.zeros((T_, N), np.int64)}
        fails = np.zeros(T_, np.int64)
        inv = []

        def quantize(V, side, eps, rho, rnd, what):
            Q = ClosestLattice(eps, rho, self.lattice)
            lat, p = Q.lattice_for(d), Q.modulus(d)
            c = lat.closest_coords(V)
            if np.abs(c).max(initial=0) > 2**52:
                raise ProtocolError("quantized-gd: lattice coordinates beyond 2^52 (too many rounds)")
            col = np.mod(c, p)
            if channel is not None:
                col = self._send(channel, N, col, p, rnd, what)
            dec = lat.coset_closest(col, p, side)
            nonlocal fails
            fails += np.any(dec != c, axis=-1).reshape(T_, -1).sum(axis=1)
            return lat.points(dec), Q.bits(d)

        x = np.full((T_, d), self.x0)
        zero = np.zeros((T_, N, d))
        R0 = self.R(0)
        qi, b = quantize(grad(x), zero, self.delta * R0 / (2 * N), self.beta * self.W / N, 0, "init grad")
        led_bits["up"] += b
        q, b = quantize(qi.sum(axis=1), zero[:, 0], self.delta * R0 / 2, self.beta * self.W + self.delta * R0 / 2,
                        0, "init sum")
        led_bits["down"] += b
        inv.append(self._invariants(0, x, grad(x), qi, q, xstar))
        for t in range(self.T):
            x = x - self.gamma * q
            Rt = self.R(t + 1)
            g = grad(x)
            qi, b = quantize(g, qi, self.delta * Rt / (2 * N), Rt / N, t + 1, "gradient")
            led_bits["up"] += b
            q, b = quantize(qi.sum(axis=1), q, self.delta * Rt / 2, (1 + self.delta / 2) * Rt, t + 1, "sum")
            led_bits["down"] += b
            inv.append(self._invariants(t + 1, x, g, qi, q, xstar))
        # final value round
        U = self.beta / N * self.W**2
        step = self.eps / N
        M = math.ceil(U / step) + 1
        width = (M - 1).bit_length()
        f = value(x)
        idx = np.minimum(np.ceil(f / step - 1e-12), M - 1).astype(np.int64)
        if channel is not None:
            idx = self._send(channel, N, idx, None, self.T + 1, "value")
        led_bits["up"] += width
        F_hat = (idx * step).sum(axis=1)
        return dict(x=x, F_hat=F_hat, fails=fails, up=led_bits["up"], down=led_bits["down"], inv=inv,
                    value_width=width, clipped=(f > U).sum(axis=1))

    def _invariants(self, t, x, g, qi, q, xstar):
        Rt, N = self.R(t), qi.shape[1]
        q1 = np.linalg.norm(x - xstar, axis=-1)
        q2 = np.linalg.norm(g - qi, axis=-1).max(axis=-1)
        q3 = np.linalg.norm(g.sum(axis=1) - q, axis=-1)
        b1, b2, b3 = self.mu**t * self.W, self.delta * Rt / (2 * N), self.delta * Rt
        tol = 1e-9 * (1 + self.R(0))
        holds = (q1 <= b1 + tol) & (q2 <= b2 + tol) & (q3 <= b3 + tol)
        return {"t": t, "q1": q1, "q1_bound": b1, "q2": q2, "q2_bound": b2, "q3": q3, "q3_bound": b3, "holds": holds}

    def _quadratic(self, X):
        T_, N, d = X.shape
        h = self.curvatures(N, d)
        xstar = (X * h).sum(axis=1) / (N * h)
        return (lambda x: h * (x[:, None, :] - X)), (lambda x: 0.5 * (h * (x[:, None, :] - X) ** 2).sum(-1)), xstar

    def solve(self, functions, rng=None) -> tuple[Output, np.ndarray]:
        """The coordinator interface: ``(Output(z, r), bits per node link)``."""
        if not functions:
            raise ProtocolError("quantized-gd: no nodes")
        N = len(functions)
        probe = np.asarray(functions[0].gradient(np.full((1, _dim(functions[0])), self.x0)))
        d = probe.shape[-1]

        def grad(x):
            return np.stack([np.asarray(f.gradient(x), dtype=float) for f in functions], axis=1)

        def value(x):
            return np.stack([np.asarray(f.value(x), dtype=float) for f in functions], axis=1)

        xstar = np.full((1, d), np.nan)
        net = Channel(self.topology(N))
        c = self._descend(grad, value, xstar, 1, N, d, channel=net)
        per = net.ledger.per_link()
        bits = np.array([per.get((f"node{i}", "coordinator"), 0) + per.get(("coordinator", f"node{i}"), 0)
                         for i in range(N)], dtype=np.int64)
        return Output(c["x"][0], float(c["F_hat"][0])), bits

    def _send(self, channel: Channel, N: int, col, p, rnd, what):
        """One round's messages through the channel: the nodes' gradients or values up, or the
        coordinator's sum down to every node; returns what the receivers decode."""
        out = np.empty_like(col)
        for i in range(N):
            wr = BitWriter()
            v = col[0, i] if col.ndim == 3 else (col[0, i] if what == "value" else col[0])
            if what == "value":
                wr.write_uint(int(v), self._value_width(N))
            else:
                write_colours(wr, v, p)
            up = what in ("init grad", "gradient", "value")
            src, dst = (f"node{i}", "coordinator") if up else ("coordinator", f"node{i}")
            payload, nb = channel.send(src, dst, wr, round=rnd, what=what)
            r = BitReader(payload, nb)
            got = r.read_uint(nb) if what == "value" else read_colours(r, np.size(v), p)
            r.expect_end()
            if not np.array_equal(got, v):  # pragma: no cover - lossless
                raise DecodeError("quantized-gd: payload did not round-trip")
            if col.ndim == 3 or what == "value":
                out[0, i] = got
            else:
                out[0] = got
        return out

    def _value_width(self, N: int) -> int:
        return (math.ceil(self.beta / N * self.W**2 / (self.eps / N))).bit_length()

    def _info(self, c, xstar):
        """A transcript's account of its one trial: the rounds, the invariants, the value."""
        inv = [{k: (float(v[0]) if isinstance(v, np.ndarray) else v) for k, v in r.items()} for r in c["inv"]]
        for r in inv:
            r["holds"] = bool(r["holds"])
        return {"T": self.T, "invariants": inv, "F_hat": float(c["F_hat"][0]), "mu": self.mu,
                "kappa": self.kappa, "delta": self.delta, "K": self.K,
                "value_clipped": int(c["clipped"][0]), "x_star": xstar}

    def predict(self, X, *, shared=None):
        """Exact: the protocol is deterministic (Corollary 10's closest-lattice quantizer
        uses no randomness), so one run is its whole law; the target is the minimiser
        ``x*`` of ``F``, the bias ``x(T) - x*``.

        Examples
        --------
        >>> import numpy as np
        >>> X = np.random.default_rng(0).uniform(-0.3, 0.3, size=(3, 4))
        >>> p = QuantizedGD(alpha=1.0, beta=4.0, W=1.0, eps=1e-4).predict(X)
        >>> p.method, bool(p.mse < 1e-4)
        ('enumeration', True)
        """
        X = validate_vectors(X, name="X", min_ndim=2, max_ndim=2)
        out = self.simulate(X[None])
        _, _, xstar = self._quadratic(X[None])
        est = out.estimate[0]
        return Prediction.build(xstar[0], est, (est - xstar[0]) ** 2, bits=int(out.bits[0]),
                                method="enumeration", note="deterministic: one run is the whole law",
                                extra={"target": "minimiser", "target_value": xstar[0]})


def _dim(f) -> int:
    c = getattr(f, "center", None)
    if c is not None:
        return int(np.shape(c)[-1])
    fam = getattr(f, "family", None)
    if fam is not None and hasattr(fam, "d"):
        return int(fam.d)
    raise ProtocolError("quantized-gd: cannot infer the dimension of the local objectives")
