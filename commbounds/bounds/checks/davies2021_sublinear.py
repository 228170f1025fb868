"""Symbolic and exact checks of davies2021's Section 5 (Theorems 17 and 26-28, Lemmas 21-25)
step by step: the expanded Voronoi volume against exact volumes on the cubic lattice,
Lemma 22's expectation, the colouring's domain, the range of b the bit bounds need, the
tail probability of Theorem 27, the broadcast tree and the explicit variances.

Findings: the colouring ``c_{3+2q}`` and the colour set ``[1+2q]^{3d}`` are defined for
integers only (a proof-step erratum: rounding up repairs it); a retry index ``i <= 2^j``
takes one value more than ``j`` bits hold (a proof-step erratum: ``i < 2^j`` with
``P[i >= 2^j]`` repairs it); and the bit bounds of
Theorems 26, 27, 28 and 17 need b = d log(1+q) > 1, which "for any q > 0" and "q = O(1)"
do not give (statement errata; the corrected bounds carry the condition).

>>> from commbounds.bounds.checks import run
>>> run("davies2021:thm27-tree-messages").derived
'3'
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from ..davies2021 import PAPER
from ..registry import get
from . import equal, outcome, symbolic_check

P = PAPER.key


def _kappa(k: int) -> sp.Expr:
    """Volume of the unit k-ball."""
    return sp.pi ** sp.Rational(k, 2) / sp.gamma(sp.Rational(k, 2) + 1)


@symbolic_check("davies2021:lem21-cubic-volume", P)
def lem21_cubic_volume():
    """Vol(Vor^+) on Z^d (Steiner's formula for the unit cube) <= (1+2q)^d V, d <= 30."""
    worst, cases = 0.0, 0
    for dim in range(1, 31):
        for qv in (0.01, 0.25, 0.5, 1.0, 3.0, 10.0):
            # Z^d: packing radius eps = 1/2, Vor(0) the unit cube (V = 1), Vor^+ its 2 q eps = q
            # neighbourhood: Vol = sum_j C(d, j) kappa_{d-j} q^{d-j}
            vol = sum(math.comb(dim, j) * math.pi ** ((dim - j) / 2) / math.gamma((dim - j) / 2 + 1)
                      * qv ** (dim - j) for j in range(dim + 1))
            worst = max(worst, vol / (1 + 2 * qv) ** dim)
            cases += 1
    kappa_ok = all(math.pi ** (k / 2) / math.gamma(k / 2 + 1) <= 2**k for k in range(0, 31))
    d1 = sp.simplify(sum(sp.binomial(1, j) * _kappa(1 - j) * sp.Symbol("q") ** (1 - j) for j in range(2))
                     - (1 + 2 * sp.Symbol("q"))) == 0
    return outcome("davies2021:lem21-cubic-volume", P, "Lemma 21 (against exact volumes)",
                   f"on the cubic lattice Z^d (eps = 1/2, V = 1), d = 1..30 and six values of q ({cases} "
                   "cases): the exact volume of the 2 q eps-neighbourhood of the cube (Steiner, with "
                   "Gamma-function ball volumes kappa_k <= 2^k) is at most (1+2q)^d, with equality at "
                   "d = 1; max ratio shown", "Vol(Vor+)/((1+2q)^d V) <= 1", f"{worst:.4f}",
                   holds=worst <= 1 + 1e-12 and kappa_ok and d1)


def _v_exp_1d(u: float, q: float) -> int:
    """Expanded Voronoi regions of Z (eps = 1/2) containing u: |u - lambda| < 1/2 + q."""
    lo, hi = math.floor(u - 0.5 - q) - 1, math.ceil(u + 0.5 + q) + 1
    return sum(1 for lam in range(lo, hi + 1) if abs(u - lam) < 0.5 + q)


@symbolic_check("davies2021:lem22-cubic-expectation", P)
def lem22_cubic_expectation():
    """On Z: E[V_exp] = 1 + 2q exactly, V_exp is even in u, and success keeps the mean."""
    mpmath.mp.dps = 30
    rows, ok = [], True
    for qv in (0.1, 0.35, 0.8, 1.6):
        colours = (1 + 2 * qv) ** 3  # (1+2q)^{3d} at d = 1
        # the break points of V_exp(u) on (-1/2, 1/2): u = +-(k - 1/2 - q) for integers k
        pts = sorted({-0.5, 0.5, *[s * (k - 0.5 - qv) for k in range(0, 6) for s in (1, -1)
                                   if abs(k - 0.5 - qv) < 0.5]})
        mean = mpmath.quad(lambda u, qv=qv: _v_exp_1d(float(u), qv), pts)
        even = all(_v_exp_1d(u, qv) == _v_exp_1d(-u, qv) for u in (0.01 * i for i in range(50)))

        def success(u, qv=qv, colours=colours):
            return (1 - 1 / colours) ** (_v_exp_1d(float(u), qv) - 1)

        shift = mpmath.quad(lambda u: u * success(u), pts) / mpmath.quad(success, pts)
        rows.append(f"q={qv}: E={float(mean):.6f}")
        ok &= abs(mean - (1 + 2 * qv)) < 1e-12 and even and abs(shift) < 1e-12  # float break points
    markov = get(f"{P}:lem22/probability")
    q, d = markov.namespace["q"], markov.namespace["d"]
    ok &= equal(markov.expr, 1 - (1 + 2 * q) ** d / (1 + 2 * q) ** (2 * d))
    return outcome("davies2021:lem22-cubic-expectation", P, "proofs of Lemmas 22-24 (d = 1, exact)",
                   "on Z (eps = 1/2) the number of expanded Voronoi regions containing x + theta, "
                   "averaged over x + theta - z uniform on Vor(0), is exactly 1 + 2q = Vol(Vor+)/V "
                   "(30-digit quadrature over the break points); V_exp is even (Lemma 23) and weighting "
                   "by a colouring's success probability (1 - (1+2q)^{-3})^{V_exp - 1} leaves "
                   "E[z - theta] = x (Lemma 24's unbiasedness); Markov then gives Lemma 22",
                   "E[V_exp] = 1 + 2q", "; ".join(rows), holds=ok)


@symbolic_check("davies2021:sec5-colouring-domain", P)
def sec5_colouring_domain():
    """c_{3+2q} and [1+2q]^{3d} need integers; rounding up keeps separation and disjointness."""
    q, eps = sp.symbols("q eps", positive=True)
    # Lemma 4's c_Q is defined for integer Q (colours (Z/Q)^d); 3 + 2q is one only for 2q integer
    non_integer = (3 + 2 * q).subs(q, sp.Rational(1, 4))
    # with Q = ceil(3 + 2q): same-colour points >= 2 Q eps >= 2 (3 + 2q) eps apart, and each
    # Vor^+ lies in B_{r_c + 2 q eps} <= B_{(3 + 2q) eps}: the open balls cannot meet
    grid = [sp.Rational(k, 7) for k in range(1, 40)]
    separate = all(2 * sp.ceiling(3 + 2 * g) >= 2 * (3 + 2 * g) for g in grid)
    disjoint = sp.simplify(2 * (3 + 2 * q) * eps - 2 * (3 * eps + 2 * q * eps)) == 0
    # ceil((1+2q)^{3d}) colours: a collision has probability 1/ceil(.) <= (1+2q)^{-3d}
    colours = all(1 / sp.ceiling((1 + 2 * g) ** 3) <= (1 + 2 * g) ** -3 for g in grid)
    ok = not non_integer.is_integer and separate and disjoint and colours
    return outcome("davies2021:sec5-colouring-domain", P, "Section 5 (the colouring distribution C)",
                   "the proof applies c_{3+2q} (Lemma 4's colouring, defined for integers) and "
                   "draws c_hat : [3+2q]^d -> [1+2q]^{3d}, for any q > 0; at q = 1/4, 3 + 2q = 7/2 "
                   "is not an integer, so the printed step is wrong as written. With ceil(3 + 2q) the "
                   "separation 2 ceil(3+2q) eps >= 2 (3+2q) eps keeps the Vor^+ (radius <= r_c + 2q eps "
                   "<= (3+2q) eps) of equal colours disjoint, and ceil((1+2q)^{3d}) colours keep the "
                   "collision probability <= (1+2q)^{-3d}: Lemma 24 follows",
                   "c_{3+2q}, [1+2q]^{3d} for any q > 0",
                   "c_{ceil(3+2q)}, ceil((1+2q)^{3d}) colours",
                   holds=False if ok else None, kind="proof-step")


def _bits_range(theorem: str, bound_id: str, rate: str):
    """The common finding of the sublinear bit bounds: they need b = d log(1+q) > 1."""
    step = get(f"{P}:thm26/iteration-failure")
    q, d = step.namespace["q"], step.namespace["d"]
    # the per-iteration bound 2 (1+2q)^{-d} is < 1 iff d log(1+2q) > 1
    region = sp.solve(sp.log(step.expr) < 0, d)
    at_small = (1, sp.Rational(1, 100))
    b_small = float(math.log2(1 + float(at_small[1])) * at_small[0])
    fail_small = float(step.expr.subs({d: at_small[0], q: at_small[1]}))
    colours = math.ceil((1 + 2 * float(at_small[1])) ** (3 * at_small[0]))
    tail = get(f"{P}:thm26/probability")
    tail_small = float(tail.expr.subs({tail.namespace["d"]: at_small[0], tail.namespace["q"]: at_small[1]}))
    corrected = get(f"{P}:{bound_id}/corrected")
    ok = (fail_small > 1 and tail_small <= 0 and colours >= 2
          and str(corrected.conditions[0]) == "d*log2(q + 1) > 1")
    return outcome(f"davies2021:{theorem}-bits-range", P, f"{theorem.replace('thm', 'Theorem ')} (statement) and the proof of Theorem 26",
                   f"the bound {rate} is stated for every q in its range, but the proof bounds the retries "
                   "of Algorithm 5 by Lemma 24's per-iteration failure 2(1+2q)^{-d} (below 1 iff "
                   f"{sp.sstr(region)}) and the tail by 1 - 2^{{(1-b) 2^b}} (positive iff b > 1). At d = 1, "
                   f"q = 1/100: b = {b_small:.4f}, the failure bound is {fail_small:.3f} >= 1, the tail "
                   f"bound {tail_small:.3f}, and the colour alone needs ceil(log2 {colours}) = 1 bit, "
                   "not O(b) as b -> 0. The statement holds as proved with b = d log(1+q) > 1",
                   f"{rate} for every q", f"{rate} for d log(1+q) > 1", holds=False if ok else None,
                   kind="statement", corrected=f"davies2021:{bound_id}/corrected")


@symbolic_check("davies2021:thm26-bits-range", P)
def thm26_bits_range():
    """Theorem 26's O(b) bits needs b = d log(1+q) > 1."""
    return _bits_range("thm26", "thm26/bits", "O(d log(1+q)) bits")


@symbolic_check("davies2021:thm27-bits-range", P)
def thm27_bits_range():
    """Theorem 27's O(dq) bits inherits b > 1 from Theorem 26."""
    return _bits_range("thm27", "thm27/bits", "O(d q) bits")


@symbolic_check("davies2021:thm28-bits-range", P)
def thm28_bits_range():
    """Theorem 28's O(dq) bits inherits b > 1 from Theorem 27."""
    return _bits_range("thm28", "thm28/bits", "O(d q) bits")


@symbolic_check("davies2021:thm17-bits-range", P)
def thm17_bits_range():
    """Theorem 17's O(d log(1+q)) bits for q <= 1 comes from Theorem 27 and needs b > 1."""
    return _bits_range("thm17", "thm17/bits", "O(d log(1+q)) bits")


@symbolic_check("davies2021:thm27-probability-from-thm26", P)
def thm27_probability_from_thm26():
    """For d q > 1 and q <= 1: (1-b) 2^b <= (1 - dq) 2^{dq}, so Theorem 27's tail (c = 1) follows."""
    q = sp.Symbol("q", positive=True)
    above = sp.simplify(sp.diff(sp.log(1 + q, 2) - q, q, 2)).is_negative  # concave, 0 at q = 0 and 1
    ends = sp.log(1 + q, 2).subs(q, 0) == 0 and sp.simplify(sp.log(1 + q, 2).subs(q, 1) - 1) == 0
    worst, cases = -math.inf, 0
    for dv in (2, 3, 5, 10, 40, 200):
        for k in range(1, 51):
            qv = k / 50
            dq = dv * qv
            if dq <= 1:
                continue
            bv = dv * math.log2(1 + qv)
            worst = max(worst, (1 - bv) * 2**bv - (1 - dq) * 2**dq)
            cases += 1
    ok = bool(above) and ends and worst <= 1e-12
    return outcome("davies2021:thm27-probability-from-thm26", P, "Theorem 27 (probability) from Theorem 26",
                   "log(1+q) >= q on (0, 1] (concave, equal at 0 and 1), so b = d log(1+q) >= d q and, "
                   "where d q > 1, (1 - b) 2^b <= (1 - dq) 2^{dq}: Theorem 26's 1 - 2^{(1-b) 2^b} is at "
                   f"least Theorem 27's 1 - 2^{{(1-dq) 2^{{c dq}}}} with c = 1 ({cases} grid points; max "
                   "difference shown)", "<= 0", f"{worst:.3e}", holds=ok)


@symbolic_check("davies2021:thm27-tree-messages", P)
def thm27_tree_messages():
    """In the binary broadcast tree every machine receives at most one message and sends at most two."""
    worst = 0
    for n in range(1, 300):
        for v in range(n):
            received = 1 if v > 0 else 0  # parent (v - 1) // 2
            sent = sum(1 for c in (2 * v + 1, 2 * v + 2) if c < n)
            worst = max(worst, received + sent)
    return outcome("davies2021:thm27-tree-messages", P, "proof of Theorem 27 (binary-tree broadcast)",
                   "heap-ordered binary trees on n = 1..299 machines: each machine receives <= 1 and "
                   "sends <= 2 copies of the source's message, so its bits are at most 3 times the "
                   "message's: O(b) per machine", "3", str(worst), holds=worst == 3)


@symbolic_check("davies2021:thm17-middle-range", P)
def thm17_middle_range():
    """For 1 < q < 28 Theorem 8 at q' = 28 gives O(y^2/q^2) with O(d log(1+q)) bits."""
    q = sp.Symbol("q", positive=True)
    var8 = get(f"{P}:thm8/variance-explicit")
    at28 = var8.expr.subs(var8.namespace["q"], 28)
    y = var8.namespace["y"]
    # 296 y^2/28^2 <= 296 y^2/q^2 for q <= 28, and d log 28 <= log(28) * d log(1+q) for q >= 1
    var_ok = sp.simplify(296 * y**2 / q**2 - at28).subs(q, 28) == 0 and \
        all(296 * y**2 / sp.Integer(k) ** 2 - at28 >= 0 for k in range(1, 29))
    bits_ok = all(math.log2(1 + k / 10) >= 1 for k in range(10, 281))
    return outcome("davies2021:thm17-middle-range", P, "Theorem 17 (q between the two proofs' ranges)",
                   "Theorem 8's proof needs q >= 28 and Theorem 27's q <= 1; for 1 < q < 28 running "
                   "Theorem 8 at q' = 28 gives variance 296 y^2/28^2 <= 296 y^2/q^2 with c d log 28 <= "
                   "(c log 28) d log(1+q) bits (log(1+q) >= 1), so Theorem 17 covers q > 1 with larger "
                   "constants", 296 * y**2 / 28**2, at28, holds=var_ok and bits_ok)


@symbolic_check("davies2021:thm26-distance-radius", P)
def thm26_distance_radius():
    """||x - (z - theta)|| = ||x + theta - z|| < r_c <= 3 eps; on Z^d r_c = sqrt(d) eps instead."""
    eps = get(f"{P}:thm26/distance").namespace["eps"]
    rc = get(f"{P}:thm3").expr.subs(get(f"{P}:thm3").namespace["r_p"], eps)
    # the cubic lattice Z^d has r_c/r_p = sqrt(d): an eps-lattice only for d <= 9
    cubic = max(k for k in range(1, 100) if sp.sqrt(k) <= 3)
    # on Z^d the same argument gives (sqrt(d) eps)^2 + y^2 at eps = y/q, which is at most
    # (sqrt(d) + 1)^2 y^2/q^2 for q <= 1: the reference of the suite's Algorithm 7 check
    d, y, q = sp.symbols("d y q", positive=True)
    var = (sp.sqrt(d) * y / q) ** 2 + y**2
    gap = sp.expand((sp.sqrt(d) + 1) ** 2 * y**2 / q**2 - var) * q**2 / y**2  # 2 sqrt(d) + 1 - q^2
    cubic_ok = sp.simplify(gap - (2 * sp.sqrt(d) + 1 - q**2)) == 0
    ok = equal(rc, get(f"{P}:thm26/distance").expr) and cubic == 9 and cubic_ok
    return outcome("davies2021:thm26-distance-radius", P, "Theorem 26 (distance 3 eps)",
                   "z is the lattice point closest to x + theta, so ||x + theta - z|| < r_c, and an "
                   "eps-lattice (Theorem 3, Rogers) has r_c <= 3 eps; the cubic lattice (r_c/r_p = "
                   "sqrt d) is one only for d <= 9, and there the same step gives a variance of at most "
                   "(sqrt(d) y/q)^2 + y^2 <= (sqrt(d) + 1)^2 y^2/q^2 for q <= 1 (slack "
                   "2 sqrt(d) + 1 - q^2 >= 0 in units of y^2/q^2)",
                   get(f"{P}:thm26/distance").expr, rc, holds=ok)


@symbolic_check("davies2021:thm28-explicit", P)
def thm28_explicit():
    """Theorem 27's (9 + q^2) y^2/q^2 at y = 2 sigma sqrt(alpha n) plus sigma^2/n."""
    s27, s28 = get(f"{P}:thm27/variance-explicit"), get(f"{P}:thm28/variance-explicit")
    a, n, sg, q = (s28.namespace[k] for k in ("alpha", "n", "sigma", "q"))
    derived = sg**2 / n + s27.expr.xreplace({s27.namespace["y"]: 2 * sg * sp.sqrt(a * n),
                                             s27.namespace["q"]: q})
    ok = equal(derived, s28.expr)
    return outcome("davies2021:thm28-explicit", P, "proof of Theorem 28 (explicit form)",
                   "Theorem 27's explicit variance (9 + q^2) y^2/q^2 at y = 2 sigma sqrt(alpha n) plus "
                   "the inputs' own sigma^2/n; O(alpha n sigma^2/q^2) for q <= 1 <= n sqrt(alpha)",
                   s28.expr, derived, holds=ok)


@symbolic_check("davies2021:lem25-decoding", P)
def lem25_decoding():
    """Algorithm 6 on Z: after a successful colouring the decoder's candidate is z, always."""
    rng = np.random.default_rng(25)
    trials, decoded, successes = 4000, 0, 0
    for _ in range(trials):
        q = float(rng.uniform(0.05, 2.0))
        x = float(rng.uniform(-5, 5))
        xv = x + float(rng.uniform(-q / 2, q / 2))  # ||x - x_v|| <= q eps with eps = 1/2
        theta = float(rng.uniform(-0.5, 0.5))
        z = round(x + theta)
        lattice = range(z - 8, z + 9)
        colour = {lam: int(rng.integers(0, max(2, math.ceil((1 + 2 * q) ** 3)))) for lam in lattice}
        rivals = [lam for lam in lattice if lam != z and abs(x + theta - lam) < 0.5 + q
                  and colour[lam] == colour[z]]
        if rivals:  # the colouring is not successful: Algorithm 5 retries
            continue
        successes += 1
        # candidates: B_{q eps}(x_v + theta) meets Vor(lam) = (lam - 1/2, lam + 1/2), same colour
        cands = [lam for lam in lattice if abs(xv + theta - lam) < 0.5 + q / 2 and colour[lam] == colour[z]]
        decoded += cands == [z]
    ok = successes > trials // 2 and decoded == successes
    return outcome("davies2021:lem25-decoding", P, "proof of Lemma 25",
                   f"{trials} random (x, x_v, theta, colouring) on Z with ||x - x_v|| <= q eps (eps = 1/2): "
                   "whenever no other lattice point whose Vor+ contains x + theta shares z's colour, the "
                   "only lattice point of that colour whose Voronoi cell meets B_{q eps}(x_v + theta) is "
                   "z (the triangle inequality q eps + q eps = 2 q eps of the proof)",
                   f"{successes} of {successes} decoded", f"{decoded} of {successes} decoded", holds=ok)


@symbolic_check("davies2021:thm26-index-bits", P)
def thm26_index_bits():
    """i <= 2^j takes 2^j + 1 values, one more than j bits hold; i < 2^j with P[i >= 2^j] works."""
    j = sp.Symbol("j", integer=True, nonnegative=True)
    values = 2**j + 1  # i in {0, 1, ..., 2^j}
    over = sp.simplify(values - 2**j)
    exact = all(len(range(0, 2**k + 1)) == 2**k + 1 > 2**k for k in range(0, 12))
    # i counts failed iterations: P[i >= m] = f^m, so P[i >= 2^j] = f^{2^j} = 2^{(1-b) 2^j} at f = 2^{1-b}
    b = sp.Symbol("b", positive=True)
    tail = sp.powsimp((2 ** (1 - b)) ** (2**j), force=True)
    # P[i = t] = f^t (1 - f); the tail from m on sums to f^m (exact, three values of f < 1)
    t = sp.Symbol("t", integer=True, nonnegative=True)
    geometric = all(sp.summation(fv**t * (1 - fv), (t, mv, sp.oo)) == fv**mv
                    for fv in (sp.Rational(1, 3), sp.Rational(1, 2), sp.Rational(7, 8)) for mv in (0, 1, 4, 16))
    ok = over == 1 and exact and geometric and equal(tail, 2 ** ((1 - b) * 2**j))
    return outcome("davies2021:thm26-index-bits", P, "proof of Theorem 26 (size of i)",
                   "the proof says transmitting a value i <= 2^j requires j bits and bounds Pr[i > 2^j]; "
                   "i in {0, ..., 2^j} takes 2^j + 1 values (exactly, j = 0..11), one more than j bits "
                   "hold, so the printed step is wrong by one value. Since i counts failed iterations, "
                   "P[i >= 2^j] = f^{2^j} (geometric tail, summed exactly) <= 2^{(1-b) 2^j}, and i < 2^j "
                   "fits j bits: the bound of Theorem 26 follows unchanged",
                   "i <= 2^j in j bits", "i < 2^j in j bits, P[i >= 2^j] <= 2^((1-b) 2^j)",
                   holds=False if ok else None, kind="proof-step")


@symbolic_check("davies2021:sec5-no-reduction", P)
def sec5_no_reduction():
    """With b = o(d) bits Theorems 13 and 15 (as stated and corrected) stay Omega(input variance)."""
    t = sp.Symbol("t", positive=True)  # t = b/d -> 0
    stated = sp.limit(2 ** (-2 * t), t, 0)
    corrected = sp.limit(2 ** (-3 * t), t, 0)
    return outcome("davies2021:sec5-no-reduction", P, "Section 5.1 (first paragraph)",
                   "'by Theorems 13 and 15, with o(d)-bit messages the output variance cannot be lower "
                   "than the input variance' (in order): 2^{-2b/d} and the corrected 2^{-3b/d} both tend "
                   "to 1 as b/d -> 0, so both bounds are Omega(y^2) and Omega(sigma^2) there",
                   sp.Integer(1), corrected, holds=stated == 1 and corrected == 1)


@symbolic_check("davies2021:lem19-reflection", P)
def lem19_reflection():
    """Lemma 19 (2): with lambda_hat = 2 lambda - lambda', lambda - x - lambda_hat = -(lambda + x - lambda')."""
    lam = sp.Matrix(sp.symbols("l1:4", real=True))
    lamp = sp.Matrix(sp.symbols("m1:4", real=True))
    x = sp.Matrix(sp.symbols("x1:4", real=True))
    hat = 2 * lam - lamp
    repaired = sp.simplify(lam - x - hat + (lam + x - lamp)) == sp.zeros(3, 1)
    printed = sp.simplify(lam - x - (2 * lam + lamp) + (lam + x - lamp))  # the printed (2 lambda + lambda')
    ok = repaired and printed == -2 * lamp
    return outcome("davies2021:lem19-reflection", P, "proof of Lemma 19, property 2 (used by Lemmas 23 and 24)",
                   "the reflected point is lambda_hat = 2 lambda - lambda', and then lambda - x - lambda_hat "
                   "= -(lambda + x - lambda') (R^3, symbolic); the displayed line (as extracted) substitutes "
                   "(2 lambda + lambda'), for which the identity fails (the difference is "
                   "-2 lambda', not 0): the printed step is wrong by a sign, the property holds",
                   "lambda - x - (2 lambda + lambda') = -(lambda + x - lambda')",
                   "lambda - x - (2 lambda - lambda') = -(lambda + x - lambda')",
                   holds=False if ok else None, kind="proof-step")
