"""One tiny exact instance per paper, set against the paper's bounds at the same parameters.

Each function takes a parameter dict and returns a list of *rows*: plain dicts with the
exact value, its certificate status and, where the paper has them, the lower and upper
bound at the same parameters (an asymptotic bound is evaluated with its hidden constants
set to 1 and says so).  :mod:`~commbounds.explore.runner` turns rows into store records.

=============  ==========================================================================
paper          instance
=============  ==========================================================================
huang2019      block-basis family: min worst-case / average MSE over randomised one-round
               protocols with ``b`` bits per client (biased and unbiased), and the least
               bits per client that reach Theorem 3.1's and Theorem 2.3's MSE targets
barnes2020     sparse Bernoulli model on a grid of ``theta``: the minimax risk of ``k``-bit
               one-round protocols
davies2021     two machines on a line, one sends ``b`` bits, the other knows its own input:
               the least variance of an unbiased estimate of the mean
mayekar2020    Theorem 6.1: the exact maximum of ``I(V; Q(Y))`` over ``r``-bit quantizers
korhonen2021   ``N``-party equality: the least deterministic one-round bits per party
=============  ==========================================================================

Examples
--------
>>> rows = korhonen2021({"d": 1, "N": 2})
>>> rows[0]["exact"], rows[0]["status"]
(2.0, 'exhaustive')
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from .. import bounds, constructions
from ..errors import BoundDomainError, InvalidInputError
from .equality import min_bits
from .mutual_info import bernoulli_channel, max_mutual_information, paninski_channel
from .simultaneous import Game, solve

__all__ = ["huang2019", "barnes2020", "davies2021", "unbiased_quantizer", "mayekar2020", "korhonen2021",
           "INSTANCES"]


def huang2019(p: dict) -> list[dict]:
    """Block-basis family (``n, d, C``), ``b`` bits per client, decoders on the grid
    ``{0, 1/2, 1}^d`` plus ``{2 e_j, 4 e_j}`` (room for unbiased sampling estimators)."""
    n, d, C, b = int(p["n"]), int(p["d"]), int(p["C"]), int(p["b"])
    fam = constructions.get("block-basis", n=n, d=d, C=C)
    X = _block_inputs(fam.t, fam.b)
    R = [list(v) for v in itertools.product((Fraction(0), Fraction(1, 2), Fraction(1)), repeat=d)]
    R += [[Fraction(a * int(i == j)) for j in range(d)] for a in (2, 4) for i in range(d)]
    if len(R) > 2000:
        raise InvalidInputError(f"the reconstruction grid has {len(R)} points for d={d}; use d <= 6")
    inst = f"block-basis n={n} d={d} C={C}, {b} bit(s)/client"
    rows = []
    for objective, unbiased in (("worst", False), ("average", False), ("worst", True)):
        res = solve(Game.from_inputs(X, n=n, messages=2**b, recon=R), objective=objective, unbiased=unbiased)
        rows.append(_lp_row("huang2019", f"mse-{objective}{'-unbiased' if unbiased else ''}", inst, res,
                            quantity=f"{objective}-case MSE{' (unbiased)' if unbiased else ''}"))
    # least bits per client reaching each paper's MSE target (worst case, any bias)
    for target_id, bits_id, kind in (("huang2019:thm3.1/mse", "huang2019:thm3.1", "lower"),
                                     ("huang2019:thm2.3/mse", "huang2019:thm2.3/explicit", "upper")):
        target = bounds.get(target_id)(F1=C, n=n, C=C)
        rows.append(_bits_for_target(n, d, C, X, R, target, target_id, bits_id, kind))
    return rows


def _block_inputs(t: int, b: int) -> list[list[Fraction]]:
    """Every block-basis vector: ``t`` blocks of size ``b``, one 1 in each."""
    out = []
    for hot in itertools.product(range(b), repeat=t):
        out.append([Fraction(int(j % b == hot[j // b])) for j in range(t * b)])
    return out


def _bits_for_target(n, d, C, X, R, target, target_id, bits_id, kind) -> dict:
    status, exact = "certified", None
    for bb in range(0, math.ceil(math.log2(len(X))) + 1):
        res = solve(Game.from_inputs(X, n=n, messages=2**bb, recon=R), objective="worst")
        if res.status != "certified":
            status = res.status
            break
        if res.value <= target + 1e-12:
            exact = n * bb
            break
        if res.lower <= Fraction(target):  # not proven above the target: no exact answer
            status = "certificate-loose"
            break
    params = {"n": n, "d": d, "C": C}
    bnd = _bound(bits_id, params | ({"r": 1} if "explicit" in bits_id else {}))
    row = {"paper": "huang2019", "name": f"bits-for-{target_id.split(':')[1].replace('/', '-')}",
           "instance": f"block-basis n={n} d={d} C={C}, worst-case MSE <= {target:.4g} ({target_id})",
           "quantity": "total bits", "exact": None if exact is None else float(exact),
           "exact_text": "" if exact is None else str(exact), "status": status, "lower": None, "upper": None}
    row[kind] = bnd
    return row


def barnes2020(p: dict) -> list[dict]:
    """Sparse Bernoulli model: ``theta`` on the grid ``{0, 1/m, ..., 1}^d`` with ``sum theta <= s``,
    ``n`` nodes each seeing one ``Bernoulli(theta)`` vector and sending ``k`` bits."""
    d, s, n, k, m = int(p["d"]), p["s"], int(p["n"]), int(p["k"]), int(p.get("m", 2))
    grid = [Fraction(i, m) for i in range(m + 1)]
    thetas = [t for t in itertools.product(grid, repeat=d) if sum(t) <= Fraction(s)]
    obs = list(itertools.product((0, 1), repeat=d))

    def law(theta):
        return tuple(math.prod((t if o else 1 - t) for t, o in zip(theta, ob, strict=True)) for ob in obs)

    from .simultaneous import Party

    parties = tuple(Party(tuple(law(t) for t in thetas), 2**k) for _ in range(n))
    fine = [Fraction(i, 2 * m) for i in range(2 * m + 1)]
    game = Game(tuple(thetas), parties, tuple(itertools.product(fine, repeat=d)))
    res = solve(game, objective="worst")
    inst = f"sparse Bernoulli d={d} s={s:g} n={n} k={k}, theta on a 1/{m} grid ({len(thetas)} points)"
    row = _lp_row("barnes2020", "minimax-risk", inst, res, quantity="minimax risk E|theta_hat - theta|^2")
    params = {"n": n, "d": d, "s": s, "k": k}
    row["lower"] = _bound("barnes2020:thm2", params)
    row["upper"] = _bound("barnes2020:thm1/scheme", {"n": n, "s": s, "kprime": 1})
    return [row]


def davies2021(p: dict) -> list[dict]:
    """Two machines with inputs on ``{0, y/(L-1), ..., y}`` (d = 1); machine 1 sends ``b`` bits, machine 2
    estimates the mean unbiasedly knowing its own input (the lattice schemes' setting)."""
    L, b, y = int(p.get("levels", 4)), int(p["b"]), Fraction(p.get("y", 1))
    X = [[y * Fraction(i, L - 1)] for i in range(L)]
    R = [[y * Fraction(i, 2 * (L - 1))] for i in range(-2 * (L - 1), 4 * (L - 1) + 1)]
    res = solve(Game.from_inputs(X, n=2, messages=2**b, recon=R, side=True), objective="worst", unbiased=True)
    inst = f"2 machines, inputs on {L} points of [0, {y}], {b} bit(s) sent, side information"
    row = _lp_row("davies2021", "variance-side-info", inst, res, quantity="worst-case variance (unbiased)")
    row["lower"] = _bound("davies2021:thm13/explicit", {"y": float(y), "b": b, "d": 1})
    row["upper"] = _bound("davies2021:thm17/variance", {"y": float(y), "q": 2.0**b})
    return [row]


def unbiased_quantizer(p: dict) -> list[dict]:
    """The best unbiased ``b``-bit quantizer of the ``L`` points ``{0, 1/(L-1), ..., 1}``
    (d = 1, no side information) over every ``2^b``-point codebook from a grid of step
    ``1/(2(L-1))`` on ``[0, 1]``: :func:`~commbounds.explore.quantizer_lp.best_codebook`,
    each codebook's error certified by its LP dual.  Set against Theorem 13's explicit lower
    bound at ``b`` bits (a one-message unbiased protocol is one such quantizer)."""
    from .quantizer_lp import best_codebook

    L, b = int(p.get("levels", 5)), int(p["b"])
    if L < 2 or b < 1:
        raise InvalidInputError(f"need levels >= 2 and b >= 1, got levels={L}, b={b}")
    pts = [[Fraction(i, L - 1)] for i in range(L)]
    cand = [[Fraction(i, 2 * (L - 1))] for i in range(2 * (L - 1) + 1)]
    res = best_codebook(pts, cand, b)
    inst = f"{L} points of [0, 1], {b} bit(s), best of the {2**b}-point codebooks on a {len(cand)}-point grid"
    code = ", ".join(str(c[0]) for c in res.codebook)
    return [{"paper": "davies2021", "name": "best-unbiased-quantizer", "instance": inst,
             "quantity": "worst-case error (unbiased quantizer)",
             "exact": None if res.worst is None else float(res.worst),
             "exact_text": "" if res.worst is None else str(res.worst), "status": res.status,
             "lower": _bound("davies2021:thm13/explicit", {"y": 1.0, "b": b, "d": 1}), "upper": None,
             "extra": {"codebook": code, "average": None if res.average is None else str(res.average)}}]


def mayekar2020(p: dict) -> list[dict]:
    """Exact ``max_Q I(V; Q(Y))`` (nats) for one of Theorem 6.1's oracles (``oracle``: paninski or
    bernoulli), ``V`` uniform on the Hamming packing."""
    d, r, delta, oracle = int(p["d"]), int(p["r"]), float(p["delta"]), p.get("oracle", "paninski")
    chans = {"paninski": paninski_channel, "bernoulli": bernoulli_channel}
    if oracle not in chans:
        raise InvalidInputError(f"oracle must be 'paninski' or 'bernoulli', got {oracle!r}")
    V = constructions.get("hamming-packing", d=d).sample(rng=0).inputs
    res = max_mutual_information(chans[oracle](V, delta), r)
    return [{"paper": "mayekar2020", "name": f"mi-{oracle}",
             "instance": f"{oracle} oracle d={d} r={r} delta={delta:g} ({res.searched} quantizers)",
             "quantity": "max I(V; Q(Y)) (nats)", "exact": res.value, "exact_text": f"{res.value:.6g}",
             "status": res.status, "lower": None,
             "upper": _bound(f"mayekar2020:thm6.1/mi-{oracle}", {"delta": delta, "r": r, "d": d}),
             "extra": {"labels": list(res.labels)}}]


def korhonen2021(p: dict) -> list[dict]:
    """Deterministic one-round ``EQ_{d,N}``: least total bits, by exhaustion."""
    d, N = int(p["d"]), int(p["N"])
    res = min_bits(d, N)
    return [{"paper": "korhonen2021", "name": "equality-bits",
             "instance": f"EQ d={d} N={N}, deterministic, one round ({res.profiles_searched} profiles)",
             "quantity": "total bits", "exact": float(res.total_bits), "exact_text": str(res.total_bits),
             "status": res.status, "lower": _bound("korhonen2021:vempala-et-al", {"N": N, "d": d}), "upper": None}]


def _lp_row(paper, name, instance, res, *, quantity) -> dict:
    exact = float(res.lower) if res.status == "certified" else None
    return {"paper": paper, "name": name, "instance": instance, "quantity": quantity, "exact": exact,
            "exact_text": str(res.lower) if exact is not None else "", "status": res.status,
            "lp_value": res.value, "proven_lower": None if res.lower is None else float(res.lower),
            "proven_lower_text": None if res.lower is None else str(res.lower),
            "proven_lower_any_decoder": None if res.lower_any is None else float(res.lower_any),
            "lower": None, "upper": None,
            "extra": {"iterations": res.iterations, "columns": res.columns, "solver": res.solver,
                      "message": res.message, "support": res.support[:8]}}


def _bound(bid: str, params: dict) -> dict:
    """A bound's value at ``params``: explicit, or with unit constants (labelled)."""
    b = bounds.get(bid)
    names = {q.name for q in b.params}
    kw = {k: v for k, v in params.items() if k in names}
    try:
        v = b(constants="unit", **kw) if b.asymptotic else b(**kw)
    except BoundDomainError as exc:
        return {"id": bid, "value": None, "unit_constants": bool(b.asymptotic), "note": str(exc)}
    return {"id": bid, "value": float(v), "unit_constants": bool(b.asymptotic), "note": ""}


INSTANCES = {"huang2019": huang2019, "barnes2020": barnes2020, "davies2021": davies2021,
             "unbiased-quantizer": unbiased_quantizer,
             "mayekar2020": mayekar2020, "korhonen2021": korhonen2021}
