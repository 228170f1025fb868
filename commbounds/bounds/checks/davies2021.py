"""Symbolic checks of davies2021: the proofs' arithmetic, each theorem re-derived from the
one it reduces to, and the errata that follow.

Errata found (in the extracted text): Lemma 2's lower bound needs ``delta >= r_c``;
Theorem 8's proof writes ``(q-7) eps <= (3/4) q eps`` where ``>=`` (true for q >= 28) is
meant; Theorem 12 names Algorithm 3 for a worst-case per-machine bound only Algorithm 4
has; Theorem 15's proof reverses its probability inequalities and ends with a spurious
factor ``n``; Lemma 24's exponent line prints ``(1+2q)^{2d} (1+2q)^{-d}`` for
``(1+2q)^{2d} (1+2q)^{-3d}``.

Theorems 15 and 16 and Section 5 are checked step by step in :mod:`.davies2021_lower` and
:mod:`.davies2021_sublinear`.

>>> from commbounds.bounds.checks import run
>>> run("davies2021:thm8-variance").derived
'n >= 49/25'
"""

from __future__ import annotations

import functools

import sympy as sp

from ..core import log2
from ..davies2021 import PAPER
from ..registry import get
from . import equal, namespace, outcome, symbolic_check

P = PAPER.key


_ns = functools.partial(namespace, P)


def _expr(bound_id: str) -> sp.Expr:
    return get(f"{P}:{bound_id}").expr


def _ratio(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """``a / b`` simplified with base-2 logs expanded (a number when a = Theta(b))."""
    return sp.simplify(sp.expand_log((a / b).rewrite(sp.log), force=True))


def _unit(e: sp.Expr) -> sp.Expr:
    """The expression with its hidden constant ``c`` set to 1."""
    return e.subs({s: 1 for s in e.free_symbols if s.name == "c"})


def _same_order(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether ``a = Theta(b)``: their ratio, hidden constants set to 1, is a positive number."""
    r = _ratio(_unit(a), _unit(b))
    return bool(r.is_number and r > 0)


def _first_integer(pred, start: int = 1, stop: int = 200) -> int | None:
    """Smallest integer k >= start with pred(j) true for every j in [k, stop)."""
    ok = [bool(pred(k)) for k in range(start, stop)]
    for k in range(len(ok)):
        if all(ok[k:]):
            return start + k
    return None


# --- Section 2 ---------------------------------------------------------------------------
@symbolic_check("davies2021:lem2-ball-volume", P)
def lem2_ball_volume():
    """Vol(B_{delta+r_p})/Vol(B_{r_p}) with Vol(B_r) = pi^{d/2} r^d / Gamma(d/2+1)."""
    ns = _ns("lem2/upper")
    d, delta, r_p = ns["d"], ns["delta"], ns["r_p"]

    def vol(r):
        return sp.pi ** (d / 2) / sp.gamma(d / 2 + 1) * r**d

    return outcome("davies2021:lem2-ball-volume", P, "proof of Lemma 2",
                   "the ball-volume ratio is (r1/r2)^d", _expr("lem2/upper"),
                   vol(delta + r_p) / vol(r_p))


@symbolic_check("davies2021:lem2-lower-range", P)
def lem2_lower_range():
    """At a deep hole x (distance r_c from every lattice point) the open ball B_delta(x),
    delta < r_c, holds no lattice point, but the printed bound is positive for even d."""
    ns = _ns("lem2/lower")
    stated = _expr("lem2/lower").subs({ns["d"]: 2, ns["delta"]: ns["r_c"] / 2})
    return outcome("davies2021:lem2-lower-range", P, "Lemma 2 (statement: 'for any delta > 0')",
                   "lower bound at d = 2, delta = r_c/2 around a deep hole, where the true "
                   "count is 0; the proof's ball B_{delta - r_c} needs delta >= r_c",
                   stated, sp.Integer(0), holds=bool(stated <= 0),
                   corrected="davies2021:lem2/lower/corrected")


@symbolic_check("davies2021:lem5-hull", P)
def lem5_hull():
    """<w, lambda> > <w, x> + 4 eps ||w|| - 3 eps ||w||; lambda lies within 4 eps + 3 eps."""
    eps = _ns("lem5")["eps"]
    margin, radius = 4 * eps - 3 * eps, 4 * eps + 3 * eps
    return outcome("davies2021:lem5-hull", P, "proof of Lemma 5",
                   "the margin 4 eps - 3 eps is positive and the radius is 4 eps + 3 eps",
                   _expr("lem5"), radius,
                   holds=equal(_expr("lem5"), radius) and bool(margin.is_positive))


@symbolic_check("davies2021:lem6-variance", P)
def lem6_variance():
    """||z - x|| < 7 eps gives variance at most (7 eps)^2 = 49 eps^2."""
    return outcome("davies2021:lem6-variance", P, "text before Algorithm 1",
                   "(7 eps)^2 = 49 eps^2", _expr("lem6/variance"), _expr("lem6/distance") ** 2)


@symbolic_check("davies2021:lem7-decoding", P)
def lem7_decoding():
    """(q-7) eps + 7 eps = q eps, and 2 q eps - q eps = q eps: z is strictly closest."""
    ns = _ns("lem7")
    to_z = _expr("lem7") + _expr("lem6/distance")
    to_other = _expr("lem4") - to_z
    target = ns["q"] * ns["eps"]
    return outcome("davies2021:lem7-decoding", P, "proof of Lemma 7",
                   "distance to z below q eps, to any other same-colour point above q eps",
                   target, to_z, holds=equal(to_z, target) and equal(to_other, target))


# --- Section 3 ---------------------------------------------------------------------------
def _q_y_n() -> tuple[sp.Symbol, sp.Symbol, sp.Symbol]:
    ns = _ns("thm8/variance-explicit")
    return ns["q"], ns["y"], ns["n"]


@symbolic_check("davies2021:thm8-decoding-radius", P)
def thm8_decoding_radius():
    """The proof needs 1.5 y = (3/4) q eps <= (q - 7) eps; it prints the reverse."""
    Q = sp.Symbol("q")
    reversed_region = sp.solve_univariate_inequality((Q - 7) - sp.Rational(3, 4) * Q <= 0, Q)
    q, y, _ = _q_y_n()
    ok_15y = equal(sp.Rational(3, 4) * q * (2 * y / q), sp.Rational(3, 2) * y)
    return outcome("davies2021:thm8-decoding-radius", P, "proof of Theorem 8",
                   "as printed, ||x - z|| <= (q-7) eps <= (3/4) q eps = 1.5 y, with q >= 28; "
                   "(q-7) eps <= (3/4) q eps holds only for q <= 28, the argument needs "
                   "(3/4) q eps <= (q-7) eps, which holds exactly for q >= 28 "
                   f"((3/4) q eps = 1.5 y at eps = 2y/q: {ok_15y}); the theorem is unaffected",
                   "(q - 7)*eps <= 3*q*eps/4 for q >= 28",
                   f"(q - 7)*eps <= 3*q*eps/4 iff {sp.sstr(reversed_region)}; "
                   "(q - 7)*eps >= 3*q*eps/4 iff q >= 28", holds=False)


@symbolic_check("davies2021:thm8-leader-distance", P)
def thm8_leader_distance():
    """mu_hat is within y + 7 eps <= 1.5 y of every input exactly when q >= 28."""
    Q = sp.Symbol("q", positive=True)
    threshold = sp.solve(1 + 14 / Q - sp.Rational(3, 2), Q)[0]
    return outcome("davies2021:thm8-leader-distance", P, "proof of Theorem 8",
                   "y + 7 eps <= 1.5 y with eps = 2y/q holds iff q >= threshold",
                   sp.Integer(28), threshold)


@symbolic_check("davies2021:thm8-variance", P)
def thm8_variance():
    """49 eps^2 + 49 eps^2/n <= 74 eps^2 (for n >= 49/25) and 74 eps^2 = 296 y^2/q^2."""
    q, y, _ = _q_y_n()
    Nn = sp.Symbol("n", positive=True)
    threshold = sp.solve(sp.Integer(49) + 49 / Nn - 74, Nn)[0]
    explicit = equal(74 * (2 * y / q) ** 2, _expr("thm8/variance-explicit"))
    return outcome("davies2021:thm8-variance", P, "proof of Theorem 8",
                   "49 eps^2 + 49 eps^2/n <= 74 eps^2 holds iff n >= 49/25 (every n >= 2; "
                   "98 eps^2 at n = 1), and 74 eps^2 at eps = 2y/q is 296 y^2/q^2",
                   "n >= 2", f"n >= {sp.sstr(threshold)}",
                   holds=explicit and bool(threshold <= 2))


@symbolic_check("davies2021:thm8-expected-bits", P)
def thm8_expected_bits():
    """A uniformly random leader: (1 - 1/n) c d log q + (1/n) c n d log q <= 2 c d log q."""
    n = _ns("thm8/bits-leader")["n"]
    expected = (1 - 1 / n) * _expr("thm8/bits") + _expr("thm8/bits-leader") / n
    gap = sp.simplify(2 * _expr("thm8/bits") - expected)
    return outcome("davies2021:thm8-expected-bits", P, "proof of Theorem 8",
                   "expected bits per machine over the random leader are O(d log q)",
                   2 * _expr("thm8/bits"), sp.simplify(expected),
                   holds=bool(sp.simplify(gap - _expr("thm8/bits") / n) == 0))


@symbolic_check("davies2021:thm9-chebyshev", P)
def thm9_chebyshev():
    """Chebyshev at sigma sqrt(alpha n) gives 1/(alpha n); a union over n machines 1/alpha."""
    ns = _ns("thm9/variance")
    a, n, sg = ns["alpha"], ns["n"], ns["sigma"]
    derived = 1 - n * sg**2 / (sg * sp.sqrt(a * n)) ** 2
    return outcome("davies2021:thm9-chebyshev", P, "proof of Theorem 9",
                   "success probability 1 - n sigma^2/(sigma sqrt(alpha n))^2",
                   _expr("thm9/success").xreplace({_ns("thm9/success")["alpha"]: a}), derived)


@symbolic_check("davies2021:thm9-from-thm8", P)
def thm9_from_thm8():
    """Theorem 8's c y^2/q^2 at y = 2 sigma sqrt(alpha n) is Theta(alpha n sigma^2/q^2)."""
    ns8, ns9 = _ns("thm8/variance"), _ns("thm9/variance")
    derived = _expr("thm8/variance").subs(
        ns8["y"], 2 * ns9["sigma"] * sp.sqrt(ns9["alpha"] * ns9["n"]))
    stated = _expr("thm9/variance")
    return outcome("davies2021:thm9-from-thm8", P, "Theorem 9 from Theorem 8",
                   "MEANESTIMATION with y = 2 sigma sqrt(alpha n) (ratio is a constant)",
                   stated, derived, holds=_same_order(derived, stated))


@symbolic_check("davies2021:thm9-explicit", P)
def thm9_explicit():
    """sigma^2/n + 74 eps^2 at eps = 4 sigma sqrt(alpha n)/q (the encoded explicit form)."""
    ns = _ns("thm9/variance-explicit")
    a, n, sg, q = ns["alpha"], ns["n"], ns["sigma"], ns["q"]
    eps = 4 * sg * sp.sqrt(a * n) / q
    eps_from_y = equal(2 * (2 * sg * sp.sqrt(a * n)) / q, eps)
    derived = sg**2 / n + 74 * eps**2
    stated = _expr("thm9/variance-explicit")
    return outcome("davies2021:thm9-explicit", P, "proof of Theorem 9",
                   "eps = 2y/q = 4 sigma sqrt(alpha n)/q and the variance sigma^2/n + 74 eps^2",
                   stated, derived, holds=eps_from_y and equal(stated, derived))


@symbolic_check("davies2021:thm9-q-range", P)
def thm9_q_range():
    """sigma^2/n <= alpha n sigma^2/q^2 exactly when q <= n sqrt(alpha)."""
    ns = _ns("thm9/variance")
    a, n, sg, q = ns["alpha"], ns["n"], ns["sigma"], ns["q"]
    roots = sp.solve(sg**2 / n - a * n * sg**2 / q**2, q)
    return outcome("davies2021:thm9-q-range", P, "proof of Theorem 9",
                   "O(sigma^2/n + alpha n sigma^2/q^2) = O(alpha n sigma^2/q^2) iff "
                   "q = O(n sqrt(alpha))", n * sp.sqrt(a), roots[0] if len(roots) == 1 else sp.nan)


@symbolic_check("davies2021:thm9-remark", P)
def thm9_remark():
    """alpha = n^k, q = n sqrt(alpha): variance sigma^2/n and log q = (1 + k/2) log n."""
    ns = _ns("thm9/variance")
    n, sg = ns["n"], ns["sigma"]
    k = sp.Symbol("k", positive=True)
    a = n**k
    q = n * sp.sqrt(a)
    var = sp.simplify(a * n * sg**2 / q**2)
    logs = _ratio(log2(q), log2(n))
    return outcome("davies2021:thm9-remark", P, "remark after Theorem 9",
                   "optimal O(sigma^2/n) variance with O(d log n) bits (log q/log n is constant)",
                   sg**2 / n, var, holds=equal(var, sg**2 / n) and equal(logs, 1 + k / 2))


@symbolic_check("davies2021:lem10-threshold", P)
def lem10_threshold():
    """7 i y/m^2 + y < (m^3 - 7) y/m^2 with i <= log m holds for every integer m >= 4."""
    m = sp.Symbol("m", positive=True)
    slack = m**3 - 7 - m**2 - 7 * sp.log(m, 2)
    first = _first_integer(lambda k: slack.subs(m, k) > 0)
    convex = sp.diff(slack, m).subs(m, 4) > 0 and sp.diff(slack, m, 2).subs(m, 4) > 0
    return outcome("davies2021:lem10-threshold", P, "proof of Lemma 10",
                   "'for m at least a sufficiently large constant': the smallest such integer "
                   "(slack increasing beyond it)", "m >= 4 (Param m's domain)", f"m >= {first}",
                   holds=first == 4 and bool(convex))


@symbolic_check("davies2021:lem10-induction", P)
def lem10_induction():
    """7 i y/m^2 + 7 y/m^2 (Lemma 6 at eps = y/m^2) = 7 (i+1) y/m^2."""
    ns = _ns("lem10")
    i, y, m = ns["i"], ns["y"], ns["m"]
    step = _expr("lem6/distance").subs(_ns("lem6/distance")["eps"], y / m**2)
    return outcome("davies2021:lem10-induction", P, "proof of Lemma 10", "inductive step",
                   _expr("lem10").subs(i, i + 1), _expr("lem10") + step)


@symbolic_check("davies2021:thm11-from-m", P)
def thm11_from_m():
    """Q_{y/m^2, m^3} with m = q^2: d log(m^3) = 6 d log q bits and y^2/m = y^2/q^2."""
    ns = _ns("thm11/bits")
    d, q = ns["d"], ns["q"]
    y = _ns("thm11/variance")["y"]
    ns6 = _ns("lem6/bits")
    bits = _expr("lem6/bits").xreplace({ns6["q"]: (q**2) ** 3, ns6["d"]: d})
    m = sp.Symbol("m", positive=True)
    dist = (7 / m**2 + 7 * sp.log(m, 2) / m**2) / (1 / m)
    ok = (_same_order(bits, _expr("thm11/bits"))
          and _same_order(y**2 / q**2, _expr("thm11/variance"))
          and sp.limit(dist, m, sp.oo) == 0)
    return outcome("davies2021:thm11-from-m", P, "proof of Theorem 11",
                   "message size, variance O(y^2/m) and ||z_r - mu_T|| = O(y/m) at m = q^2",
                   6 * d * log2(q), bits, holds=ok and equal(bits, 6 * d * log2(q)))


@symbolic_check("davies2021:thm12-algorithm", P)
def thm12_algorithm():
    """Algorithm 3's leader receives n - 1 messages of d log q bits: not O(d log q)."""
    ns = _ns("thm12/bits")
    n, d, q = ns["n"], ns["d"], ns["q"]
    leader = (n - 1) * d * log2(q)
    return outcome("davies2021:thm12-algorithm", P, "Theorem 12 (statement)",
                   "the statement names Algorithm 3 (star) for a worst-case per-machine bound; "
                   "its leader uses Theta(n d log q) bits, Algorithm 4 (tree) meets the bound",
                   _expr("thm12/bits"), leader, holds=_same_order(leader, _expr("thm12/bits")),
                   corrected="davies2021:thm12/bits/corrected")


# --- Section 4 ---------------------------------------------------------------------------
@symbolic_check("davies2021:thm13-volume", P)
def thm13_volume():
    """2^b (4 delta/y)^d = 1 at delta = (y/4) 2^{-b/d}, and delta^2/2 = y^2 2^{-2b/d}/32."""
    ns = _ns("thm13/explicit")
    y, b, d = ns["y"], ns["b"], ns["d"]
    delta = y / 4 * 2 ** (-b / d)
    unit = sp.simplify(sp.powsimp(2**b * (4 * delta / y) ** d, force=True))
    return outcome("davies2021:thm13-volume", P, "proof of Theorem 13",
                   "Vol(OUT_v) < Vol(B_{y/2}) and E >= delta^2/2", _expr("thm13/explicit"),
                   delta**2 / 2, holds=unit == 1 and equal(_expr("thm13/explicit"), delta**2 / 2))


@symbolic_check("davies2021:thm13-strings", P)
def thm13_strings():
    """sum_{i<b} 2^i = 2^b - 1 < 2^b (strings of fewer than b bits)."""
    b = sp.Symbol("b", positive=True, integer=True)
    i = sp.Symbol("i", integer=True, nonnegative=True)
    total = sp.summation(2**i, (i, 0, b - 1))
    return outcome("davies2021:thm13-strings", P, "proof of Theorem 13",
                   "fewer than 2^b strings of length < b; 'at most b bits' would allow "
                   "2^{b+1} - 1, a factor 2^{-2/d} in the constant only", 2**b - 1, total)


@symbolic_check("davies2021:cor14-from-thm13", P)
def cor14_from_thm13():
    """Markov (probability >= 1/3 of at most 1.5 b bits) and Theorem 13 at b' = 1.5 b + 1."""
    ns13, ns14 = _ns("thm13/explicit"), _ns("cor14/explicit")
    sub = {ns13["y"]: ns14["y"], ns13["d"]: ns14["d"], ns13["b"]: sp.Rational(3, 2) * ns14["b"] + 1}
    markov = 1 - sp.Integer(1) / sp.Rational(3, 2)
    derived = markov * _expr("thm13/explicit").xreplace(sub)
    # the rate: Theorem 13 at 1.5 b is Corollary 14's; the extra bit costs 2^{-2/d} in [1/4, 1)
    at_rate = {**sub, ns13["b"]: sp.Rational(3, 2) * ns14["b"]}
    extra = 2 ** (-2 / ns14["d"])  # increasing in d, so its least value is at d = 1
    rate = (_same_order(_expr("thm13").xreplace(at_rate), _expr("cor14"))
            and extra.subs(ns14["d"], 1) == sp.Rational(1, 4) and sp.diff(extra, ns14["d"]).is_positive)
    return outcome("davies2021:cor14-from-thm13", P, "proof of Corollary 14",
                   "1/3 times Theorem 13 with b -> 1.5 b + 1 (the strings of at most 1.5 b bits, "
                   "davies2021:cor14-strings); the rate 2^{-3b/d} of the statement is unchanged",
                   _expr("cor14/explicit"), derived,
                   holds=rate and sp.simplify(sp.powsimp(_expr("cor14/explicit") / derived, force=True)) == 1)


@symbolic_check("davies2021:cor14-strings", P)
def cor14_strings():
    """At most 1.5 b bits: 2^{1.5 b + 1} - 1 strings, fewer than 2^{1.5 b + 1} and more than 2^{1.5 b}."""
    t = sp.Symbol("t", integer=True, positive=True)  # t = 1.5 b when it is an integer
    i = sp.Symbol("i", integer=True, nonnegative=True)
    total = sp.summation(2**i, (i, 0, t))
    exact = all(sum(2**k for k in range(m + 1)) == 2 ** (m + 1) - 1 for m in range(0, 40))
    ok = equal(total, 2 ** (t + 1) - 1) and exact
    return outcome("davies2021:cor14-strings", P, "proof of Corollary 14 (at most 1.5 b bits)",
                   "a machine receiving at most 1.5 b bits can receive sum_{i <= 1.5 b} 2^i = 2^{1.5 b + 1} - 1 "
                   "strings (also exactly for 1.5 b = 0..39), which is Theorem 13's count at b' = 1.5 b + 1, "
                   "not at 1.5 b: the explicit constant carries 2^{-2/d} (cor14/explicit), the Omega does not",
                   2 ** (t + 1) - 1, total, holds=ok)


@symbolic_check("davies2021:thm15-volume", P)
def thm15_volume():
    """2^b (2 delta/sigma)^d = 2^{-d} at delta = (sigma/4) 2^{-b/d}; 0.2 delta^2."""
    ns = _ns("thm15/explicit")
    sg, b, d = ns["sigma"], ns["b"], ns["d"]
    delta = sg / 4 * 2 ** (-b / d)
    vol = sp.simplify(sp.powsimp(2**b * (2 * delta / sg) ** d, force=True))
    derived = sp.Rational(1, 5) * delta**2
    return outcome("davies2021:thm15-volume", P, "proof of Theorem 15",
                   "Vol(OUT_v) < 2^{-d} Vol(B_sigma) and E > 0.2 delta^2",
                   _expr("thm15/explicit"), derived,
                   holds=equal(vol, 2 ** (-d)) and equal(_expr("thm15/explicit"), derived))


@symbolic_check("davies2021:thm15-probability", P)
def thm15_probability():
    """P[grad not in OUT_v] >= (1 - 4/d)(1 - 2^{-d}), which is >= 1/2 for d >= 9."""
    d = sp.Symbol("d", positive=True)
    bern = sp.simplify((1 - 2 / d) - (1 - 4 / d))  # (1 - 2/d^2)^d >= 1 - 2/d >= 1 - 4/d
    f = (1 - 4 / d) * (1 - 2 ** (-d))
    first = _first_integer(lambda k: f.subs(d, k) >= sp.Rational(1, 2))
    return outcome("davies2021:thm15-probability", P, "proof of Theorem 15",
                   "the printed line reverses both inequalities; with them corrected the step "
                   f"needs d >= {first} (Bernoulli slack {sp.sstr(bern)} > 0), and then "
                   "P[||EST - grad|| > delta] >= 1/4 > 0.2",
                   "P[grad not in OUT_v] <= (1 - 4/d)(1 - 2^-d) <= 1/2",
                   f"P[grad not in OUT_v] >= (1 - 4/d)(1 - 2^-d) >= 1/2 for d >= {first}",
                   holds=False)


@symbolic_check("davies2021:thm15-final-line", P)
def thm15_final_line():
    """0.2 delta^2 = sigma^2 2^{-2b/d}/80 carries no factor n."""
    ns = _ns("thm15/explicit")
    n = _ns("thm16")["n"]
    printed = ns["sigma"] ** 2 * n * 2 ** (-2 * ns["b"] / ns["d"])
    derived = _expr("thm15/explicit")
    return outcome("davies2021:thm15-final-line", P, "last line of the proof of Theorem 15",
                   "the proof ends '0.2 delta^2 = Omega(sigma^2 n 2^{-2b/d})' (as in Theorem "
                   "16); the theorem's statement, without n, is what the proof shows",
                   printed, derived, holds=_same_order(printed, derived))


@symbolic_check("davies2021:thm16-volume", P)
def thm16_volume():
    """delta = (sigma sqrt(n)/4) 2^{-b/d}: volume ratio 2^{-d}, and 0.2 delta^2."""
    ns = _ns("thm16/explicit")
    sg, n, b, d = ns["sigma"], ns["n"], ns["b"], ns["d"]
    delta = sg * sp.sqrt(n) / 4 * 2 ** (-b / d)
    vol = sp.simplify(sp.powsimp(2**b * (2 * delta / (sg * sp.sqrt(n))) ** d, force=True))
    derived = sp.Rational(1, 5) * delta**2
    return outcome("davies2021:thm16-volume", P, "proof of Theorem 16",
                   "Vol(OUT_v) < 2^{-d} Vol(B_{sigma sqrt n}) and E > 0.2 delta^2",
                   _expr("thm16/explicit"), derived,
                   holds=equal(vol, 2 ** (-d)) and equal(_expr("thm16/explicit"), derived))


@symbolic_check("davies2021:thm16-probability", P)
def thm16_probability():
    """The chain P[union A_v] > 0.5 and the final > 0.2, with the parameters it needs."""
    d, n = sp.symbols("d n", positive=True)
    termwise = sp.solve((1 - 2 / (d**2 * sp.sqrt(n))) - (1 - 1 / d**2), n)
    e_step = bool(1 - sp.exp(-1) > sp.Rational(3, 5))
    half = _first_integer(lambda k: sp.Rational(3, 5) * (1 - sp.Rational(2, k)) > sp.Rational(1, 2))
    final = _first_integer(lambda k: (1 - sp.Integer(2) ** -k) / 4 > sp.Rational(1, 5))
    derived = f"n >= {sp.sstr(termwise[0])}, d >= {max(half, final)}"
    return outcome("davies2021:thm16-probability", P, "proof of Theorem 16",
                   "(d^2 n sigma - 2 sigma sqrt n)/(d^2 n sigma) >= 1 - 1/d^2 needs n >= 4, "
                   f"1 - 1/e > 0.6 ({e_step}), 0.6 (1 - 2/d) > 0.5 needs d >= {half}, and "
                   f"(1/4)(1 - 2^-d) > 0.2 needs d >= {final}; the theorem is asymptotic and "
                   "thm16/explicit carries these conditions", "n >= 4, d >= 13", derived,
                   holds=e_step and derived == "n >= 4, d >= 13")


@symbolic_check("davies2021:thm13-16-bits", P)
def thm13_16_bits():
    """y^2 2^{-2b/d} <= y^2/q^2 (and n sigma^2 likewise) iff b >= d log q."""
    ns = _ns("thm13/explicit")
    y, b, d = ns["y"], ns["b"], ns["d"]
    q = _ns("thm13/bits")["q"]
    sol = sp.solve(sp.log(y**2 * 2 ** (-2 * b / d)) - sp.log(y**2 / q**2), b)
    stated = _unit(_expr("thm13/bits"))
    same = equal(_expr("thm13/bits"), _expr("thm16/bits"))
    return outcome("davies2021:thm13-16-bits", P, "discussion after Theorem 16",
                   "Theorems 13 and 16 at variance y^2/q^2 (n sigma^2/q^2) need d log q bits",
                   stated, sol[0] if len(sol) == 1 else sp.nan,
                   holds=same and len(sol) == 1 and equal(stated, sol[0]))


@symbolic_check("davies2021:thm16-any-reduction", P)
def thm16_any_reduction():
    """sigma^2 n 2^{-2b/d} < sigma^2 iff b > (d/2) log n = Theta(d log n)."""
    ns = _ns("thm16")
    sg, n, b, d = ns["sigma"], ns["n"], ns["b"], ns["d"]
    sol = sp.solve(sp.log(sg**2 * n * 2 ** (-2 * b / d)) - sp.log(sg**2), b)
    derived = sol[0] if len(sol) == 1 else sp.nan
    ns_any = _ns("thm16/any-reduction")
    stated = _expr("thm16/any-reduction").xreplace({ns_any["n"]: n, ns_any["d"]: d})
    return outcome("davies2021:thm16-any-reduction", P, "discussion after Theorem 16",
                   "variance reduction at all needs b > (d/2) log n bits at some machine",
                   stated, derived, holds=_same_order(derived, stated))


# --- Section 5 ---------------------------------------------------------------------------
@symbolic_check("davies2021:thm17-regimes", P)
def thm17_regimes():
    """log(1+q) is Theta(q) on (0, 1] and Theta(log q) for q >= 2."""
    q = sp.Symbol("q", positive=True)
    h = sp.log(1 + q, 2) - q
    concave = sp.simplify(sp.diff(h, q, 2)).is_negative
    ends = h.subs(q, 0) == 0 and sp.simplify(h.subs(q, 1)) == 0
    above = (q**2 - q - 1).subs(q, 2) > 0 and sp.diff(q**2 - q - 1, q).subs(q, 2) > 0
    return outcome("davies2021:thm17-regimes", P, "remark after Theorem 17",
                   "q <= log(1+q) <= q/ln 2 on (0, 1] (sublinear: Theta(dq), as in Theorem "
                   "27); log q < log(1+q) <= 2 log q for q >= 2 (Theorem 8's O(d log q))",
                   "Theta(d q) for q <= 1, Theta(d log q) for q >= 2", "same",
                   holds=bool(concave and ends and above))


@symbolic_check("davies2021:lem21-dilation", P)
def lem21_dilation():
    """Dilating by 1 + 2q moves a bisector at distance h >= eps by 2 q h; volume x (1+2q)^d."""
    ns = _ns("lem21")
    d, q, V = ns["d"], ns["q"], ns["V"]
    h = sp.Symbol("h", positive=True)
    shift = sp.simplify((1 + 2 * q) * h - h)
    dilated = sp.Matrix.eye(3).applyfunc(lambda e: e * (1 + 2 * q)).det()  # d = 3 instance
    ok = (equal(shift, 2 * q * h) and equal(dilated, (1 + 2 * q) ** 3)
          and equal(_expr("lem21"), (1 + 2 * q) ** d * V))
    return outcome("davies2021:lem21-dilation", P, "proof of Lemma 21",
                   "hyperplanes move by 2 q h >= 2 q eps; dilation by 1 + 2q scales volume by "
                   "(1+2q)^d", _expr("lem21"), (1 + 2 * q) ** d * V, holds=ok)


@symbolic_check("davies2021:lem22-markov", P)
def lem22_markov():
    """Markov: E[V_exp]/(1+2q)^{2d} = (1+2q)^{-d}."""
    ns = _ns("lem22/probability")
    d, q = ns["d"], ns["q"]
    derived = 1 - (1 + 2 * q) ** d / _expr("lem22/count")
    return outcome("davies2021:lem22-markov", P, "proof of Lemma 22",
                   "1 - E[V_exp]/threshold with E[V_exp] <= (1+2q)^d",
                   _expr("lem22/probability"), derived)


@symbolic_check("davies2021:lem24-union", P)
def lem24_union():
    """(1+2q)^{2d} (1+2q)^{-3d} = (1+2q)^{-d}, twice: failure <= 2 (1+2q)^{-d}."""
    ns = _ns("lem24")
    d, q = ns["d"], ns["q"]
    one = sp.powsimp((1 + 2 * q) ** (2 * d) * (1 + 2 * q) ** (-3 * d))
    derived = 1 - (one + (1 - _expr("lem22/probability")))
    result_follows = equal(_expr("lem24"), derived)
    printed = sp.powsimp((1 + 2 * q) ** (2 * d) * (1 + 2 * q) ** (-d))
    return outcome("davies2021:lem24-union", P, "proof of Lemma 24 (exponent line)",
                   "union bound over at most (1+2q)^{2d} regions with (1+2q)^{3d} colours plus "
                   "Lemma 22's failure: the collision term is (1+2q)^{2d} (1+2q)^{-3d} = (1+2q)^{-d}; "
                   "the line prints '(1+2q)^{2d} (1+2q)^{-d}' (= (1+2q)^d, a 'probability' above 1). "
                   "The printed step is wrong (a typo or an extraction artefact); the conclusion "
                   "1 - 2 (1+2q)^{-d}, which does not use it, holds",
                   printed, one, holds=False if result_follows else None,
                   kind="proof-step" if result_follows else "statement",
                   corrected=None if result_follows else "davies2021:lem24/corrected")


@symbolic_check("davies2021:thm26-bits", P)
def thm26_bits():
    """2(1+2q)^{-d} <= 2^{1-b}; colours 3d log(1+2q) <= 6b; retries (2^{1-b})^{2^j}."""
    ns = _ns("thm26/colour-bits")
    d, q = ns["d"], ns["q"]
    b, j = sp.symbols("b j", positive=True)
    per_iter = sp.simplify(sp.expand_log(sp.log(2 * (1 + q) ** (-d), 2), force=True)
                           - (1 - d * sp.log(1 + q, 2)))
    colours = sp.expand((1 + q) ** 2 - (1 + 2 * q))
    retries = sp.powsimp((2 ** (1 - b)) ** (2**j), force=True)
    ok = per_iter == 0 and colours == q**2 and equal(retries, 2 ** ((1 - b) * 2**j))
    return outcome("davies2021:thm26-bits", P, "proof of Theorem 26",
                   "per-iteration failure 2(1+2q)^{-d} <= 2(1+q)^{-d} = 2^{1-b}; (1+q)^2 - "
                   "(1+2q) = q^2 >= 0 so log((1+2q)^{3d}) <= 6b; P[i > 2^j] <= 2^{(1-b) 2^j}",
                   "3*d*log2(1 + 2*q) <= 6*d*log2(1 + q)",
                   f"(1 + q)**2 - (1 + 2*q) = {sp.sstr(colours)}", holds=ok)


@symbolic_check("davies2021:thm27-from-thm26", P)
def thm27_from_thm26():
    """eps = y/q: decode radius q eps = y, distance 3 eps = 3y/q, and y^2 <= y^2/q^2 (q <= 1)."""
    ns = _ns("thm27/variance")
    y, q = ns["y"], ns["q"]
    radius = _expr("lem25").subs({_ns("lem25")["eps"]: y / _ns("lem25")["q"]})
    dist = _expr("thm26/distance").subs(_ns("thm26/distance")["eps"], y / q)
    var = dist**2 + y**2
    ok = equal(radius, y) and sp.simplify(var / (y**2 / q**2) - 9 - q**2) == 0
    return outcome("davies2021:thm27-from-thm26", P, "proof of Theorem 27",
                   "all machines decode (radius y) and the variance is at most (3y/q)^2 + y^2 "
                   "= (9 + q^2) y^2/q^2 <= 10 y^2/q^2 for q <= 1", 10 * y**2 / q**2, var,
                   holds=ok)


@symbolic_check("davies2021:thm28-from-thm27", P)
def thm28_from_thm27():
    """Theorem 27's c y^2/q^2 at y = 2 sigma sqrt(alpha n)."""
    ns = _ns("thm28/variance")
    ns27 = _ns("thm27/variance")
    derived = _expr("thm27/variance").xreplace(
        {ns27["y"]: 2 * ns["sigma"] * sp.sqrt(ns["alpha"] * ns["n"]), ns27["q"]: ns["q"]})
    return outcome("davies2021:thm28-from-thm27", P, "proof of Theorem 28",
                   "MEANESTIMATION with y = 2 sigma sqrt(alpha n)", _expr("thm28/variance"),
                   derived, holds=_same_order(derived, _expr("thm28/variance")))


# --- Section 6 ---------------------------------------------------------------------------
@symbolic_check("davies2021:exp4-side-length", P)
def exp4_side_length():
    """log(1 + 4y/s) = 1/2 at s = 4y/(sqrt 2 - 1); uniform dither has variance s^2/12."""
    ns = _ns("exp4/variance")
    d, s = ns["d"], ns["s"]
    y = _ns("exp4/bits")["y"]
    per_coord = sp.simplify(sp.log(1 + 4 * y / (4 * y / (sp.sqrt(2) - 1)), 2))
    x = sp.Symbol("x", real=True)
    var = sp.integrate(x**2 / s, (x, -s / 2, s / 2))
    ok = equal(per_coord, sp.Rational(1, 2)) and equal(2 * y / (s / 2), 4 * y / s)
    return outcome("davies2021:exp4-side-length", P, "Section 6, Experiment 4",
                   "0.5 bits per coordinate at s = 4y/(sqrt 2 - 1) (r_p = s/2); variance d s^2/12",
                   _expr("exp4/variance"), d * var,
                   holds=ok and equal(_expr("exp4/variance"), d * var))


@symbolic_check("davies2021:sec6-cubic-decoding", P)
def sec6_cubic_decoding():
    """(q-1)s/2 + s/2 = q s/2 = q s - q s/2: the same-colour point is never closer."""
    ns = _ns("sec6/decoding-radius")
    q, s = ns["q"], ns["s"]
    to_own = _expr("sec6/decoding-radius") + s / 2
    return outcome("davies2021:sec6-cubic-decoding", P, "Section 6 (cubic lattice)",
                   "distance to the own point vs to another same-colour point (q s apart)",
                   q * s - q * s / 2, to_own)


@symbolic_check("davies2021:lem2-enumeration", P)
def lem2_enumeration():
    """Lemma 2's two counts against exact enumeration on Z^d (r_p = 1/2, r_c = sqrt(d)/2), d <= 3."""
    import itertools
    import math

    import numpy as np

    rng = np.random.default_rng(2021)
    worst_up, worst_lo, cases = 0.0, 0.0, 0
    for d in (1, 2, 3):
        r_p, r_c = 0.5, math.sqrt(d) / 2
        centres = [np.full(d, 0.5), np.zeros(d), *rng.random((4, d))]  # deep hole, lattice point, others
        for delta in (0.3, 1.0, 1.7, 2.5, 4.2):
            for x in centres:
                box = [range(math.floor(v - delta) - 1, math.ceil(v + delta) + 2) for v in x]
                pts = np.array(list(itertools.product(*box)), dtype=float)
                count = int(np.sum(np.linalg.norm(pts - x, axis=1) <= delta))
                upper = ((delta + r_p) / r_p) ** d
                worst_up = max(worst_up, count / upper)
                if delta >= r_c:  # the range the corrected lower bound (davies2021:lem2/lower/corrected) has
                    worst_lo = max(worst_lo, ((delta - r_c) / r_c) ** d / max(count, 1e-300))
                cases += 1
    ok = worst_up <= 1 and worst_lo <= 1
    return outcome("davies2021:lem2-enumeration", P, "Lemma 2 (both counts)",
                   f"exact lattice-point counts of B_delta(x) on Z^d, d = 1, 2, 3, {cases} (x, delta) "
                   "cases including deep holes: count <= ((delta + r_p)/r_p)^d and, for delta >= r_c, "
                   "((delta - r_c)/r_c)^d <= count; max ratios shown",
                   "count/upper <= 1, lower/count <= 1",
                   f"count/upper <= {worst_up:.4f}, lower/count <= {worst_lo:.4f}", holds=ok)
