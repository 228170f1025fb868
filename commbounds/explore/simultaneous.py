"""Exact optima of one-round simultaneous-message estimation games, by LP with a certificate.

A :class:`Game` is a finite set of *states* ``s`` (with a target vector ``t_s``), parties
that each observe a symbol ``o ~ P_i(. | s)`` and send one of ``M_i`` messages, and a
finite reconstruction set ``R`` the decoder outputs from.  A public-coin randomised
protocol is a probability distribution ``w`` over deterministic protocols ``(f_1..f_n, g)``
(encoders ``f_i : O_i -> [M_i]``, decoder ``g : messages -> R``); its expected squared
error ``E_w(s)`` and its mean ``G_w(s)`` are linear in ``w``.  So

* worst case:  ``min_w max_s E_w(s)``,   average:  ``min_w mean_s E_w(s)``,
* optionally *unbiased*: ``G_w(s) = t_s`` for every state,

are linear programs over the simplex of deterministic protocols.  There are far too many
to list (``prod M_i^{|O_i|} * |R|^{prod M_i}``), so :func:`solve` runs column generation:
the master LP (cvxpy, :data:`~commbounds.explore.certify.SOLVER`) over the protocols found
so far gives duals ``lambda`` (a prior on states) and ``mu`` (unbiasedness multipliers);
pricing finds the best deterministic protocol against them *exactly* -- every encoder
profile up to relabelling of messages (:mod:`~commbounds.explore.partitions`), the best
decoder per message tuple in closed form.

The **certificate** is Lagrangian duality: for every prior ``lambda`` and every ``mu``,

    ``OPT >= sum_s mu_s . t_s + min_{f, g} sum_s [lambda_s E_{f,g}(s) - mu_s . G_{f,g}(s)]``,

evaluated in exact rational arithmetic at the rationalised duals.  It is a proven lower
bound on the optimum over decoders in ``R``; the same expression minimised over *any*
decoder in ``R^d`` (the posterior-mean decoder per message tuple) is a proven lower bound
for every protocol whatever its decoder (``lower_any``).  The result is ``"certified"``
when the bound meets the master LP's value to within ``rtol``.

Examples
--------
>>> from fractions import Fraction as F
>>> g = Game.from_inputs([[F(0)], [F(1)]], n=1, messages=1, recon=[[F(0)], [F(1, 2)], [F(1)]])
>>> res = solve(g, objective="worst")
>>> res.status, res.lower
('certified', Fraction(1, 4))
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..errors import InvalidInputError
from .certify import rationalise, solver_name
from .partitions import partitions

__all__ = ["Party", "Game", "GameResult", "solve", "MAX_PROFILES"]

#: largest number of encoder profiles pricing enumerates
MAX_PROFILES = 20_000
#: largest cells x states x reconstructions pricing holds at once (per profile chunk)
_CHUNK = 2_000_000


@dataclass(frozen=True)
class Party:
    """One party: the law of its observation in each state and its message alphabet.

    ``probs[s][o]`` is ``P(o | s)`` (exact, rows sum to 1); ``messages`` the alphabet size;
    ``identity=True`` makes the party forward its observation (side information at the
    decoder, or an uncoded channel): its only encoder is the identity.
    """

    probs: tuple[tuple[Fraction, ...], ...]
    messages: int
    identity: bool = False

    def encoders(self) -> np.ndarray:
        m = len(self.probs[0])
        if self.identity:
            return np.arange(m)[None, :]
        return partitions(m, self.messages, limit=MAX_PROFILES)

    @property
    def alphabet(self) -> int:
        return len(self.probs[0]) if self.identity else self.messages


@dataclass(frozen=True)
class Game:
    """States with targets, parties and a reconstruction set (see the module docstring)."""

    targets: tuple[tuple[Fraction, ...], ...]
    parties: tuple[Party, ...]
    recon: tuple[tuple[Fraction, ...], ...]
    labels: tuple = ()

    def __post_init__(self):
        S = len(self.targets)
        if S == 0 or not self.parties or not self.recon:
            raise InvalidInputError("a game needs at least one state, one party and one reconstruction point")
        d = len(self.targets[0])
        if any(len(t) != d for t in self.targets) or any(len(r) != d for r in self.recon):
            raise InvalidInputError(f"targets and reconstruction points must all have dimension {d}")
        for i, p in enumerate(self.parties):
            if len(p.probs) != S or any(sum(row) != 1 or min(row) < 0 for row in p.probs):
                raise InvalidInputError(f"party {i}: probs must give a probability row for each of the {S} states")
            if p.messages < 1:
                raise InvalidInputError(f"party {i}: messages must be >= 1, got {p.messages}")
        n_prof = math.prod(len(p.encoders()) for p in self.parties)
        if n_prof > MAX_PROFILES:
            raise InvalidInputError(f"{n_prof} encoder profiles exceed the limit {MAX_PROFILES}; use fewer "
                                    "parties, observations or messages")

    @classmethod
    def from_inputs(cls, inputs: Sequence[Sequence], *, n: int, messages: int, recon: Sequence[Sequence],
                    side: bool = False) -> Game:
        """Mean estimation: each of ``n`` parties holds one of ``inputs``; the target is the mean.

        With ``side=True`` the last party is the decoder itself (it knows its own input).
        """
        X = [tuple(Fraction(v) for v in x) for x in inputs]
        states = list(itertools.product(range(len(X)), repeat=n))
        targets = tuple(tuple(sum((X[i][j] for i in s), Fraction(0)) / n for j in range(len(X[0])))
                        for s in states)
        parties = []
        for k in range(n):
            probs = tuple(tuple(Fraction(int(s[k] == o)) for o in range(len(X))) for s in states)
            parties.append(Party(probs, messages, identity=side and k == n - 1))
        return cls(targets, tuple(parties), tuple(tuple(Fraction(v) for v in r) for r in recon), tuple(states))

    @property
    def n_profiles(self) -> int:
        return math.prod(len(p.encoders()) for p in self.parties)


@dataclass
class GameResult:
    """The value of a game: the LP's value, its proven lower bounds and the optimal protocol."""

    status: str  #: "certified", "certificate-loose", "infeasible" or "solver-failed"
    value: float | None  #: master LP value (an achievable error over decoders in R)
    lower: Fraction | None  #: proven lower bound, decoders in R
    lower_any: Fraction | None  #: proven lower bound, any decoder
    objective: str
    unbiased: bool
    iterations: int
    columns: int
    support: list[dict] = field(default_factory=list)
    solver: str = ""
    message: str = ""


def solve(game: Game, *, objective: str = "worst", unbiased: bool = False, rtol: float = 1e-6,
          max_iter: int = 200, add: int = 8) -> GameResult:
    """Minimise the worst-case or average squared error over randomised protocols (column generation).

    Parameters
    ----------
    game : Game
    objective : {"worst", "average"}
    unbiased : bool
        Require ``E[estimate | s] = t_s`` in every state.
    rtol : float
        Relative gap between the proven bound and the LP value at which to stop.
    max_iter, add : int
        Column-generation rounds, and columns added per round (the best profiles found).
    """
    if objective not in ("worst", "average"):
        raise InvalidInputError(f"objective must be 'worst' or 'average', got {objective!r}")
    pr = _Pricing(game)
    S = pr.S
    cols: list[tuple[int, tuple[int, ...]]] = []
    E_cols, G_cols = [], []
    lam = np.full(S, 1.0 / S)
    mu = np.zeros((S, pr.d))
    rng = np.random.default_rng(0)
    for _ in range(8):  # a few starting columns, against random priors
        _, p, g = pr.best(rng.dirichlet(np.ones(S)), mu)[0]
        if (p, g) not in cols:
            cols.append((p, g))
            E_cols.append(pr.error(p, g))
            G_cols.append(pr.mean(p, g))
    big = 1e3 * (1.0 + float(pr.D.max()))
    it, value = 0, None
    w = None
    while it < max_iter:
        it += 1
        sol = _master(np.array(E_cols).T, np.array(G_cols).transpose(1, 2, 0), pr.T, objective, unbiased, big)
        if sol is None:
            return GameResult("solver-failed", None, None, None, objective, unbiased, it, len(cols),
                              solver=solver_name(), message="master LP not solved")
        value, master, w, lam, mu, slack = sol
        best, new = None, []
        for lm, mm in [(lam, sg * mu) for sg in ((1, -1) if unbiased else (1,))]:
            top = pr.best(lm, mm, k=add)
            lb = top[0][0] + float((mm * pr.T).sum())
            new += [(p, g) for _, p, g in top]
            if best is None or lb > best[0]:
                best = (lb, lm, mm)
        lb, lam_b, mu_b = best
        new = [c for c in dict.fromkeys(new) if c not in cols]
        if lb >= master - rtol * max(1.0, abs(master)) or not new:
            break
        for p, g in new:
            cols.append((p, g))
            E_cols.append(pr.error(p, g))
            G_cols.append(pr.mean(p, g))
    lam_q, mu_q = _rational_duals(lam_b, mu_b, objective)
    lower = pr.exact_bound(lam_q, mu_q, any_decoder=False)
    lower_any = max(Fraction(0), pr.exact_bound(lam_q, mu_q, any_decoder=True))  # an MSE is >= 0
    support = [{"weight": float(wi), "encoders": pr.profile_labels(cols[j][0]), "decoder": list(cols[j][1])}
               for j, wi in enumerate(w) if wi > 1e-9]
    if unbiased and slack > 1e-7:
        return GameResult("infeasible", None, lower, lower_any, objective, unbiased, it, len(cols), support,
                          solver_name(), f"no unbiased protocol with decoders in R (residual {slack:.3g})")
    ok = float(lower) >= value - rtol * max(1.0, abs(value))
    status = "certified" if ok else "certificate-loose"
    msg = "" if ok else f"proven bound {float(lower):.6g} below LP value {value:.6g} after {it} iterations"
    return GameResult(status, value, lower, lower_any, objective, unbiased, it, len(cols), support,
                      solver_name(), msg)


def _rational_duals(lam, mu, objective):
    S = len(lam)
    if objective == "average":
        lam_q = [Fraction(1, S)] * S
    else:
        lam_q = [max(Fraction(0), rationalise(v)) for v in lam]
        tot = sum(lam_q)
        lam_q = [v / tot for v in lam_q] if tot else [Fraction(1, S)] * S
    mu_q = [[rationalise(v) for v in row] for row in mu]
    return lam_q, mu_q


def _master(E, G, T, objective, unbiased, big):
    """Solve the restricted master LP; E (S, K), G (S, d, K).  Returns the error value, the
    master objective (with the elastic penalty), w, lambda, mu and the unbiasedness residual."""
    import cvxpy as cp

    S, K = E.shape
    w = cp.Variable(K, nonneg=True)
    t = cp.Variable()
    cons = [cp.sum(w) == 1]
    err = E @ w
    if objective == "worst":
        c_err = err <= t
        cons.append(c_err)
        obj = t
    else:
        obj = cp.sum(err) / S
    eq = slack = None
    if unbiased:
        d = T.shape[1]
        sp = cp.Variable((S, d), nonneg=True)
        sm = cp.Variable((S, d), nonneg=True)
        Gw = cp.hstack([G[:, j, :] @ w for j in range(d)]) if d > 1 else G[:, 0, :] @ w
        Gw = cp.reshape(Gw, (S, d), order="F") if d > 1 else cp.reshape(Gw, (S, 1), order="F")
        eq = Gw - T == sp - sm
        cons.append(eq)
        slack = cp.sum(sp + sm)
        obj = obj + big * slack
    prob = cp.Problem(cp.Minimize(obj), cons)
    try:
        prob.solve(solver=solver_name())
    except cp.error.SolverError:
        return None
    if prob.status != cp.OPTIMAL:
        return None
    lam = np.clip(np.asarray(c_err.dual_value).ravel(), 0, None) if objective == "worst" else np.full(S, 1.0 / S)
    mu = np.asarray(eq.dual_value).reshape(S, -1) if unbiased else np.zeros((S, T.shape[1]))
    sl = float(slack.value) if unbiased else 0.0
    val = float((E @ w.value).max() if objective == "worst" else (E @ w.value).mean())
    return val, float(prob.value), np.asarray(w.value), lam, mu, sl


class _Pricing:
    """Exact best responses to a prior and unbiasedness multipliers, over all encoder profiles."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.S = len(game.targets)
        self.d = len(game.targets[0])
        self.T = np.array(game.targets, dtype=float)
        self.R = np.array(game.recon, dtype=float)
        self.D = ((self.R[None, :, :] - self.T[:, None, :]) ** 2).sum(axis=-1)  # (S, |R|)
        self.encs = [p.encoders() for p in game.parties]
        self.sizes = [p.alphabet for p in game.parties]
        self.K = math.prod(self.sizes)
        # Q_i[e, s, m] = P(party i sends m | s) under encoder e
        self.Q = []
        for p, enc in zip(game.parties, self.encs, strict=True):
            P = np.array(p.probs, dtype=float)  # (S, O)
            onehot = np.eye(p.alphabet)[enc]  # (E, O, M)
            self.Q.append(np.einsum("so,eom->esm", P, onehot))
        self.shape = tuple(len(e) for e in self.encs)

    def _joint(self, idx: np.ndarray) -> np.ndarray:
        """P(message tuple | s) for profiles ``idx`` (flat indices): (len(idx), S, K)."""
        sub = np.array(np.unravel_index(idx, self.shape)).T
        J = np.ones((len(idx), self.S, 1))
        for i, Qi in enumerate(self.Q):
            J = (J[:, :, :, None] * Qi[sub[:, i]][:, :, None, :]).reshape(len(idx), self.S, -1)
        return J

    def _chunks(self):
        n = math.prod(self.shape)
        step = max(1, _CHUNK // max(1, self.S * self.K * max(len(self.R), self.d + 1)))
        for a in range(0, n, step):
            yield np.arange(a, min(n, a + step))

    def best(self, lam, mu, k: int = 1):
        """The ``k`` best profiles against (lam, mu), each with its best decoder, best first:
        a list of (value, flat profile index, decoder tuple)."""
        A = lam[:, None] * self.D - mu @ self.R.T  # (S, |R|)
        top: list[tuple[float, int, tuple[int, ...]]] = []
        for idx in self._chunks():
            J = self._joint(idx)
            cost = np.einsum("psk,sr->pkr", J, A)
            vals = cost.min(axis=-1).sum(axis=-1)
            for j in np.argsort(vals, kind="stable")[:k]:
                top.append((float(vals[j]), int(idx[j]), tuple(int(v) for v in cost[j].argmin(axis=-1))))
            top = sorted(top)[:k]
        return top

    def error(self, p: int, g: tuple[int, ...]) -> np.ndarray:
        J = self._joint(np.array([p]))[0]
        return (J * self.D[:, list(g)]).sum(axis=1)

    def mean(self, p: int, g: tuple[int, ...]) -> np.ndarray:
        J = self._joint(np.array([p]))[0]
        return J @ self.R[list(g)]  # (S, d)

    def profile_labels(self, p: int) -> list[list[int]]:
        sub = np.unravel_index(p, self.shape)
        return [self.encs[i][int(e)].tolist() for i, e in enumerate(sub)]

    def exact_bound(self, lam, mu, *, any_decoder: bool) -> Fraction:
        """``sum mu.t + min_profiles sum_cells min_decoder [...]`` in exact arithmetic.

        Floats screen the profiles: only those whose float value lies within a margin far
        above the float rounding error of the minimum are evaluated exactly.
        """
        lam_f = np.array([float(v) for v in lam])
        mu_f = np.array([[float(v) for v in row] for row in mu])
        vals, n = [], 0
        for idx in self._chunks():
            J = self._joint(idx)
            vals.append(self._float_values(J, lam_f, mu_f, any_decoder))
            n += len(idx)
        vals = np.concatenate(vals)
        finite = np.isfinite(vals)
        if not finite.any():
            return Fraction(-10**18)
        scale = 1.0 + float(np.abs(lam_f[:, None] * self.D).sum() + np.abs(mu_f).sum() * (1 + np.abs(self.R).max()))
        margin = 1e-9 * scale
        cand = np.flatnonzero(vals <= vals[finite].min() + margin)
        best = min(self._exact_value(int(p), lam, mu, any_decoder) for p in cand)
        return best + sum((mu[s][j] * self.game.targets[s][j] for s in range(self.S) for j in range(self.d)),
                          Fraction(0))

    def _float_values(self, J, lam, mu, any_decoder):
        if not any_decoder:
            A = lam[:, None] * self.D - mu @ self.R.T
            return np.einsum("psk,sr->pkr", J, A).min(axis=-1).sum(axis=-1)
        W = np.einsum("psk,s->pk", J, lam)
        V = np.einsum("psk,sj->pkj", J, lam[:, None] * self.T + mu / 2)
        Q = np.einsum("psk,s->pk", J, lam * (self.T**2).sum(axis=1))
        with np.errstate(divide="ignore", invalid="ignore"):
            cell = np.where(W > 0, Q - (V**2).sum(axis=-1) / np.where(W > 0, W, 1),
                            np.where(np.abs(V).sum(axis=-1) > 1e-12, -np.inf, 0.0))
        return cell.sum(axis=-1)

    def _exact_value(self, p: int, lam, mu, any_decoder: bool) -> Fraction:
        sub = np.unravel_index(p, self.shape)
        g = self.game
        # exact P(message tuple | s)
        cells: dict[tuple, list[Fraction]] = {}
        per_party = []
        for i, party in enumerate(g.parties):
            enc = self.encs[i][int(sub[i])]
            rows = []
            for s in range(self.S):
                q = [Fraction(0)] * party.alphabet
                for o, pr in enumerate(party.probs[s]):
                    if pr:
                        q[int(enc[o])] += pr
                rows.append(q)
            per_party.append(rows)
        for key in itertools.product(*[range(a) for a in self.sizes]):
            col = []
            for s in range(self.S):
                v = Fraction(1)
                for i, m in enumerate(key):
                    v *= per_party[i][s][m]
                    if not v:
                        break
                col.append(v)
            if any(col):
                cells[key] = col
        total = Fraction(0)
        for col in cells.values():
            if any_decoder:
                W = sum((c * lam[s] for s, c in enumerate(col)), Fraction(0))
                V = [sum((c * (lam[s] * g.targets[s][j] + mu[s][j] / 2) for s, c in enumerate(col)), Fraction(0))
                     for j in range(self.d)]
                Q = sum((c * lam[s] * sum(t * t for t in g.targets[s]) for s, c in enumerate(col)), Fraction(0))
                if W == 0:
                    if any(V):
                        return Fraction(-10**18)
                    continue
                total += Q - sum(v * v for v in V) / W
            else:
                best = None
                for r in g.recon:
                    v = Fraction(0)
                    for s, c in enumerate(col):
                        if c:
                            dist = sum(((a - b) ** 2 for a, b in zip(r, g.targets[s], strict=True)), Fraction(0))
                            v += c * (lam[s] * dist - sum((m * x for m, x in zip(mu[s], r, strict=True)), Fraction(0)))
                    if best is None or v < best:
                        best = v
                total += best
        return total
