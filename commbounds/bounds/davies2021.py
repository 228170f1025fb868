"""Bounds of Davies, Gurunathan, Moshrefi, Ashkboos and Alistarh, *Distributed Variance
Reduction with Optimal Communication* (2021): lattice quantization, MEANESTIMATION and
VARIANCEREDUCTION upper bounds (star, tree, sublinear) and the matching lower bounds.

Symbols: ``n`` machines, ``d`` dimensions, ``y`` the bound on pairwise input distances
(MEANESTIMATION), ``sigma^2`` the input variance (VARIANCEREDUCTION), ``q`` the
quantization parameter (colour count per coordinate, or the distance-to-precision
ratio in Section 5), ``eps`` the lattice's packing radius (an eps-lattice has
``eps = r_p <= r_c <= 3 eps``), ``alpha`` the failure parameter of the VR reduction,
``b`` bits received by a machine, ``m`` the tree parameter of Algorithm 4.
log is base 2.  Asymptotic statements keep their constants as ``c``; the proofs'
explicit constants are encoded separately (``.../explicit``) where the paper gives them.

>>> from commbounds.bounds import get
>>> round(get("davies2021:thm13/explicit")(y=1.0, b=400, d=100), 6)
0.000122
"""

from __future__ import annotations

import sympy as sp

from .core import Bound, Const, Param, log2
from .paper import Paper, register_paper
from .registry import register

PAPER = register_paper(Paper(
    key="davies2021", title="Distributed Variance Reduction with Optimal Communication",
    authors=("Peter Davies", "Vijaykrishna Gurunathan", "Niusha Moshrefi", "Saleh Ashkboos", "Dan Alistarh"), venue="ICLR", year=2021,
    seed_file="001_cc55c49e1eb34a04.txt", topic="lattice quantization and variance reduction"))
CITE = "Davies, Gurunathan, Moshrefi, Ashkboos, Alistarh, 2021"
ME = "MEANESTIMATION (pairwise input distances at most y)"
VR = "VARIANCEREDUCTION (unbiased inputs with variance at most sigma^2)"
LQ = "lattice quantization"
STAR = "star: random leader (Algorithm 3)"
TREE = "binary tree over sampled machines (Algorithm 4)"
SUB = "broadcast from a random source over a binary tree (Algorithm 7)"
LOWER = "any protocol"
SHARED = "public (shared random string)"

n = Param("n", integer=True, domain="[1, oo)", typical=64, description="number of machines")
d = Param("d", integer=True, domain="[1, oo)", typical=100, description="dimension")
y = Param("y", typical=1.0, description="bound on the distance between any two inputs")
sigma = Param("sigma", r"\sigma", typical=1.0, description="input standard deviation bound")
alpha = Param("alpha", r"\alpha", domain="(1, oo)", typical=10.0,
              description="VR reduction parameter (success probability 1 - 1/alpha)")
eps = Param("eps", r"\epsilon", typical=0.1, description="packing radius of the eps-lattice")
b = Param("b", domain="(0, oo)", typical=400.0, description="bits received by a machine")
delta = Param("delta", r"\delta", typical=1.0, description="radius of the ball")
r_p = Param("r_p", "r_p", typical=0.1, description="packing radius of the lattice")
r_c = Param("r_c", "r_c", typical=0.3, description="cover radius of the lattice")
V = Param("V", typical=1.0, description="volume of a Voronoi region of the lattice")
m = Param("m", integer=True, domain="[4, oo)", typical=64,
          description="Algorithm 4's parameter (sampled machines; Q_{y/m^2, m^3})")
i = Param("i", integer=True, domain="[0, log2(m)]", typical=3, description="depth in the tree")
s = Param("s", typical=0.1, description="side length of the cubic lattice")
c = Const("c", "absolute constant of the O/Omega statement")


def _q(domain: str = "[1, oo)", *, integer: bool = True, typical: float = 32) -> Param:
    return Param("q", domain=domain, integer=integer, typical=typical,
                 description="quantization parameter")


q_col = _q()                                      # colour count of c_q (Section 2)
q_star = _q("[28, oo)")                           # Theorem 8's proof takes q >= 28
q_tree = _q("[2, oo)", integer=False)             # m = q^2 >= 4 (Lemma 10's threshold)
q_real = _q("(0, oo)", integer=False, typical=0.5)  # Section 5: any q > 0
q_small = _q("(0, 1]", integer=False, typical=0.5)  # Theorems 27, 28: q = O(1)
q_bits = _q("[2, oo)", integer=False)             # lower bounds stated in terms of q

N, D, Y, SG, AL, EPS, B = (p.symbol for p in (n, d, y, sigma, alpha, eps, b))
C = c.symbol
Q, QS, QT, QR, QM = (p.symbol for p in (q_col, q_star, q_tree, q_real, q_small))
Q_RANGE = ["q <= n*sqrt(alpha)"]
VR_NOTE = ("The O/Omega range 'q between Omega(1) and O(n sqrt(alpha))' is encoded at its "
           "proof values: the lower end of the quantizer's analysis and q <= n sqrt(alpha), "
           "where sigma^2/n <= alpha n sigma^2/q^2.")


def _b(id: str, statement: str, kind: str, quantity: str, problem: str,  # noqa: A002
       params: list[Param], expr, **kw) -> Bound:
    return Bound(id=f"{PAPER.key}:{id}", paper=PAPER.key, statement=statement, kind=kind,
                 quantity=quantity, problem=problem, params=params, expr=expr,
                 citation=f"{CITE}, {statement}", **kw)


# --- Section 2: lattices and the quantizer Q_{eps,q} -----------------------------------
register(
    _b("lem2/upper", "Lemma 2", "upper", "points", "lattice points in a ball", [d, delta, r_p],
       ((delta.symbol + r_p.symbol) / r_p.symbol) ** D, randomness="deterministic",
       monotone={"delta": 1, "r_p": -1, "d": 1},
       notes="|B_delta(x) cap Lambda| <= Vol(B_{delta+r_p})/Vol(B_{r_p})."),
    _b("lem2/lower", "Lemma 2", "lower", "points", "lattice points in a ball", [d, delta, r_c],
       ((delta.symbol - r_c.symbol) / r_c.symbol) ** D, randomness="deterministic",
       monotone={"delta": 1, "r_c": -1},
       notes="As stated, for every delta > 0.  The proof covers B_{delta - r_c} and needs "
             "delta >= r_c; for delta < r_c and even d the printed value is positive while a "
             "ball around a deep hole holds no lattice point (see lem2/lower/corrected)."),
    _b("lem2/lower/corrected", "Lemma 2", "lower", "points", "lattice points in a ball",
       [d, delta, r_c], ((delta.symbol - r_c.symbol) / r_c.symbol) ** D,
       conditions=["delta >= r_c"], randomness="deterministic", variant="corrected",
       monotone={"delta": 1, "r_c": -1},
       notes="The lower bound with the condition delta >= r_c that its proof uses."),
    _b("thm3", "Theorem 3 (Rogers 1950)", "upper", "cover_radius", "lattice covering and packing",
       [r_p], 3 * r_p.symbol, randomness="deterministic", monotone={"r_p": 1},
       notes="There exists a lattice in every dimension with r_c <= 3 r_p (existence)."),
    _b("lem4", "Lemma 4", "lower", "distance", LQ, [q_col, eps], 2 * Q * EPS,
       randomness="deterministic", monotone={"q": 1, "eps": 1},
       notes="Distinct points of an eps-lattice with the same colour c_q are >= 2 q eps apart."),
    _b("lem5", "Lemma 5", "upper", "distance", LQ, [eps], 7 * EPS, randomness="deterministic",
       monotone={"eps": 1},
       notes="x lies in the convex hull of the lattice points within distance 7 eps."),
    _b("lem6/bits", "Lemma 6", "equality", "bits", LQ, [d, q_col], D * log2(Q),
       model="single vector", randomness="private", monotone={"d": 1, "q": 1},
       notes="Q_{eps,q}(x) is a string of b = d log q bits (the colour c_q(z))."),
    _b("lem6/distance", "Lemma 6", "upper", "distance", LQ, [eps], 7 * EPS,
       model="single vector", randomness="private", monotone={"eps": 1},
       notes="The encoded point z is an unbiased estimator of x with ||z - x|| < 7 eps."),
    _b("lem6/separation", "Lemma 6", "lower", "distance", LQ, [q_col, eps], 2 * Q * EPS,
       model="single vector", randomness="private", monotone={"q": 1, "eps": 1},
       notes="Every other point w of the encoded subset has ||z - w|| >= 2 q eps."),
    _b("lem6/variance", "Lemma 6 (text before Algorithm 1)", "upper", "variance", LQ, [eps],
       49 * EPS**2, model="single vector", randomness="private", monotone={"eps": 1},
       notes="z is unbiased with ||x - z|| < 7 eps, so its variance is at most 49 eps^2."),
    _b("lem7", "Lemma 7", "lower", "decoding_radius", LQ, [q_col, eps], (Q - 7) * EPS,
       conditions=["q > 7"], model="single vector", randomness="private",
       monotone={"q": 1, "eps": 1},
       notes="Decoding against x_v succeeds whenever ||x - x_v|| <= (q - 7) eps; the lemma is "
             "vacuous for q <= 7, hence the condition."),
)

# --- Section 3: star (Algorithm 3) and tree (Algorithm 4) -------------------------------
register(
    _b("thm8/bits", "Theorem 8", "upper", "bits_per_machine", ME, [d, q_star], C * D * log2(QS),
       constants=[c], model=STAR, randomness="private", monotone={"d": 1, "q": 1},
       notes="Expected bits per machine (over the random leader); q = Omega(1) is encoded as "
             "the proof's q >= 28."),
    _b("thm8/bits-leader", "Theorem 8 (proof)", "upper", "bits_per_machine", ME,
       [n, d, q_star], C * N * D * log2(QS), constants=[c], model=STAR, randomness="private",
       monotone={"n": 1, "d": 1, "q": 1}, notes="The leader uses O(n d log q) bits."),
    _b("thm8/variance", "Theorem 8", "upper", "variance", ME, [y, q_star], C * Y**2 / QS**2,
       constants=[c], model=STAR, randomness="private", monotone={"y": 1, "q": -1}),
    _b("thm8/variance-explicit", "Theorem 8 (proof)", "upper", "variance", ME, [y, q_star, n],
       296 * Y**2 / QS**2, conditions=["n >= 2"], model=STAR, randomness="private",
       monotone={"y": 1, "q": -1},
       notes="The proof's 49 eps^2 + 49 eps^2/n <= 74 eps^2 at eps = 2y/q (q >= 28); the "
             "inequality needs n >= 49/25, i.e. n >= 2."),
    _b("thm9/bits", "Theorem 9", "upper", "bits_per_machine", VR, [d, q_star, n, alpha],
       C * D * log2(QS), constants=[c], conditions=Q_RANGE, model=STAR, randomness="private",
       monotone={"d": 1, "q": 1}, notes="Expected bits per machine. " + VR_NOTE),
    _b("thm9/variance", "Theorem 9", "upper", "variance", VR, [alpha, n, sigma, q_star],
       C * AL * N * SG**2 / QS**2, constants=[c], conditions=Q_RANGE, model=STAR,
       randomness="private", monotone={"alpha": 1, "sigma": 1, "q": -1},
       notes="Reduction to MEANESTIMATION with y = 2 sigma sqrt(alpha n). " + VR_NOTE),
    _b("thm9/variance-explicit", "Theorem 9 (proof)", "upper", "variance", VR,
       [alpha, n, sigma, q_star], SG**2 / N + 1184 * AL * N * SG**2 / QS**2,
       conditions=["n >= 2"], model=STAR, randomness="private",
       monotone={"alpha": 1, "sigma": 1, "q": -1},
       notes="Reconstructed from the proof's constants: Theorem 8's 74 eps^2 at eps = "
             "4 sigma sqrt(alpha n)/q plus the input term sigma^2/n; like the paper it ignores "
             "the conditioning on the success event."),
    _b("thm9/success", "Theorem 9", "lower", "success_probability", VR, [alpha],
       1 - 1 / AL, model=STAR, randomness="private", monotone={"alpha": 1},
       notes="Chebyshev and a union bound: all inputs within sigma sqrt(alpha n) of the truth."),
    _b("lem10", "Lemma 10", "upper", "distance", ME, [i, y, m], 7 * i.symbol * Y / m.symbol**2,
       model=TREE, randomness="private", monotone={"i": 1, "y": 1},
       notes="A node at depth i sends an unbiased a_v with ||A_v - a_v|| <= 7 i y/m^2; the "
             "induction's decoding step needs m >= 4 ('m at least a sufficiently large "
             "constant').  A chain of inequalities in the extracted proof is garbled."),
    _b("thm11/bits", "Theorem 11", "upper", "bits_per_machine", ME, [d, q_tree],
       C * D * log2(QT), constants=[c], model=TREE, randomness="private",
       monotone={"d": 1, "q": 1}, pair="davies2021:thm13/bits",
       notes="Worst case, every machine.  Algorithm 4 with m = q^2; q = Omega(1) is encoded "
             "as q >= 2 (m >= 4)."),
    _b("thm11/variance", "Theorem 11", "upper", "variance", ME, [y, q_tree], C * Y**2 / QT**2,
       constants=[c], model=TREE, randomness="private", monotone={"y": 1, "q": -1}),
    _b("thm12/bits", "Theorem 12", "upper", "bits_per_machine", VR, [d, q_tree, n, alpha],
       C * D * log2(QT), constants=[c], conditions=Q_RANGE,
       model="star (Algorithm 3, as printed)", randomness="private", monotone={"d": 1, "q": 1},
       notes="As printed the theorem names Algorithm 3, whose leader receives Theta(n d log q) "
             "bits; the worst-case bound is Algorithm 4's (see thm12/bits/corrected). " + VR_NOTE),
    _b("thm12/bits/corrected", "Theorem 12", "upper", "bits_per_machine", VR,
       [d, q_tree, n, alpha], C * D * log2(QT), constants=[c], conditions=Q_RANGE, model=TREE,
       randomness="private", monotone={"d": 1, "q": 1}, variant="corrected",
       pair="davies2021:thm16/bits",
       notes="Worst-case bits per machine of the tree algorithm (Section 3.2). " + VR_NOTE),
    _b("thm12/variance", "Theorem 12", "upper", "variance", VR, [alpha, n, sigma, q_tree],
       C * AL * N * SG**2 / QT**2, constants=[c], conditions=Q_RANGE, model=TREE,
       randomness="private", monotone={"alpha": 1, "sigma": 1, "q": -1}, notes=VR_NOTE),
    _b("thm12/success", "Theorem 12", "lower", "success_probability", VR, [alpha], 1 - 1 / AL,
       model=TREE, randomness="private", monotone={"alpha": 1}),
)

# --- Section 4: lower bounds -------------------------------------------------------------
TWO_B = 2 ** (-2 * B / D)
register(
    _b("thm13", "Theorem 13", "lower", "variance", ME, [y, b, d], C * Y**2 * TWO_B,
       constants=[c], model=LOWER, randomness=SHARED, monotone={"y": 1, "b": -1},
       notes="Any machine receives at most b bits."),
    _b("thm13/explicit", "Theorem 13 (proof)", "lower", "variance", ME, [y, b, d],
       Y**2 * TWO_B / 32, model=LOWER, randomness=SHARED, monotone={"y": 1, "b": -1},
       notes="delta^2/2 with delta = (y/4) 2^{-b/d}.  The proof counts fewer than 2^b strings, "
             "i.e. a machine receiving fewer than b bits (at most b bits allows 2^{b+1} - 1)."),
    _b("thm13/bits", "Theorems 13 and 16 (discussion)", "lower", "bits_per_machine", ME,
       [d, q_bits], C * D * log2(q_bits.symbol), constants=[c], model=LOWER, randomness=SHARED,
       monotone={"d": 1, "q": 1}, pair="davies2021:thm11/bits",
       notes="Output variance O(y^2/q^2) needs Omega(d log q) bits per machine."),
    _b("cor14", "Corollary 14", "lower", "variance", ME, [y, b, d], C * Y**2 * 2 ** (-3 * B / D),
       constants=[c], model=LOWER, randomness=SHARED, monotone={"y": 1, "b": -1},
       notes="b bits in expectation (Markov: at most 1.5 b bits with probability >= 1/3)."),
    _b("cor14/explicit", "Corollary 14 (proof)", "lower", "variance", ME, [y, b, d],
       Y**2 * 2 ** (-(3 * B + 2) / D) / 96, model=LOWER, randomness=SHARED,
       monotone={"y": 1, "b": -1},
       notes="Reconstructed: 1/3 (Markov: at most 1.5 b bits with probability >= 1/3) times "
             "Theorem 13's explicit y^2 2^{-2b'/d}/32 at b' = 1.5 b + 1, since at most 1.5 b bits "
             "allow 2^{1.5 b + 1} - 1 strings, fewer than 2^{b'} (Theorem 13 counts fewer than "
             "2^{b'}); the factor 2^{-2/d} is absorbed by Corollary 14's Omega (check "
             "davies2021:cor14-strings)."),
    _b("thm15", "Theorem 15", "lower", "variance", VR, [sigma, b, d], C * SG**2 * TWO_B,
       constants=[c], model=LOWER, randomness=SHARED, monotone={"sigma": 1, "b": -1},
       notes="Stated for b bits in expectation; the proof's counting argument (fewer than 2^b "
             "strings) is the worst-case one of Theorem 13.  Its last line prints "
             "Omega(sigma^2 n 2^{-2b/d}); 0.2 delta^2 has no factor n (see the errata)."),
    _b("thm15/explicit", "Theorem 15 (proof)", "lower", "variance", VR, [sigma, b, d],
       SG**2 * TWO_B / 80, conditions=["d >= 9"], model=LOWER, randomness=SHARED,
       monotone={"sigma": 1, "b": -1},
       notes="0.2 delta^2 with delta = (sigma/4) 2^{-b/d}, for a machine receiving fewer than b "
             "bits (the proof's count of fewer than 2^b strings: the worst case, not the "
             "statement's expectation, see thm15/corrected); the printed probability steps need "
             "d >= 9, the final chain alone d >= 7 (thm15/probability-chain)."),
    _b("thm15/corrected", "Theorem 15", "lower", "variance", VR, [sigma, b, d],
       C * SG**2 * 2 ** (-3 * B / D), constants=[c], model=LOWER, randomness=SHARED,
       variant="corrected", monotone={"sigma": 1, "b": -1},
       notes="Theorem 15 for b bits in expectation, as its statement reads: the proof counts "
             "fewer than 2^b strings (worst case), and Markov's step of Corollary 14 (at most "
             "1.5 b bits with probability >= 1/3) turns that into sigma^2 2^{-3b/d} up to the "
             "factor 1/3.  For fewer than b bits in the worst case the printed 2^{-2b/d} stands "
             "(thm15/explicit)."),
    _b("thm16", "Theorem 16", "lower", "variance", VR, [sigma, n, b, d], C * SG**2 * N * TWO_B,
       constants=[c], model=LOWER, randomness=SHARED, monotone={"sigma": 1, "n": 1, "b": -1},
       notes="All machines receive at most b bits."),
    _b("thm16/explicit", "Theorem 16 (proof)", "lower", "variance", VR, [sigma, n, b, d],
       SG**2 * N * TWO_B / 80, conditions=["n >= 4", "d >= 13"], model=LOWER,
       randomness=SHARED, monotone={"sigma": 1, "n": 1, "b": -1},
       notes="0.2 delta^2 with delta = (sigma sqrt(n)/4) 2^{-b/d}; the proof's probability chain "
             "holds for n >= 4 and d >= 13.  The extracted A_v condition reads "
             "||x_v|| <= d^2 n sigma - sigma sqrt(n) (a minus sign is lost)."),
    _b("thm16/bits", "Theorems 13 and 16 (discussion)", "lower", "bits_per_machine", VR,
       [d, q_bits], C * D * log2(q_bits.symbol), constants=[c], model=LOWER, randomness=SHARED,
       monotone={"d": 1, "q": 1}, pair="davies2021:thm12/bits/corrected",
       notes="Output variance O(n sigma^2/q^2) needs Omega(d log q) bits (max over machines)."),
    _b("thm16/any-reduction", "Theorem 16 (discussion)", "lower", "bits_per_machine", VR,
       [d, n], C * D * log2(N), constants=[c], model=LOWER, randomness=SHARED,
       monotone={"d": 1, "n": 1},
       notes="Output variance below sigma^2 needs Omega(d log n) bits at some machine."),
)

# --- Section 5: sublinear communication --------------------------------------------------
QD = 1 + 2 * QR
#: the sublinear proofs' range: b = d log(1+q) > 1 (Lemma 24's bound below 1, Theorem 26's tail positive)
B_GT_1 = "d*log2(1 + {q}) > 1"
B_NOTE = ("With the condition b = d log(1+q) > 1 the proof needs: below it the per-iteration "
          "failure bound 2(1+2q)^{-d} of Lemma 24 is at least 1 when d log(1+2q) <= 1, the tail "
          "bound 1 - 2^{(1-b) 2^b} is not positive, and a message of at least one bit is not "
          "O(b) as b -> 0 (davies2021:thm26-bits-range).")
register(
    _b("thm17/bits", "Theorem 17", "upper", "bits_per_machine", ME, [d, q_real],
       C * D * log2(1 + QR), constants=[c], model="Algorithm 3 or Algorithm 7",
       randomness="public", monotone={"d": 1, "q": 1}, notes="Expected bits, any q > 0."),
    _b("thm17/bits/corrected", "Theorem 17", "upper", "bits_per_machine", ME, [d, q_real],
       C * D * log2(1 + QR), constants=[c], conditions=[B_GT_1.format(q="q")],
       model="Algorithm 3 or Algorithm 7", randomness="public", variant="corrected",
       monotone={"d": 1, "q": 1}, notes=B_NOTE + " Theorem 17 inherits it from Theorem 27."),
    _b("thm17/variance", "Theorem 17", "upper", "variance", ME, [y, q_real], C * Y**2 / QR**2,
       constants=[c], model="Algorithm 3 or Algorithm 7", randomness="public",
       monotone={"y": 1, "q": -1}),
    _b("lem21", "Lemma 21", "upper", "volume", "expanded Voronoi regions", [d, q_real, V],
       QD**D * V.symbol, randomness="deterministic", monotone={"q": 1, "V": 1, "d": 1},
       notes="Vor+ (points within 2 q eps of Vor) lies in Vor dilated by 1 + 2q."),
    _b("lem22/count", "Lemma 22", "upper", "regions", "expanded Voronoi regions", [d, q_real],
       QD ** (2 * D), randomness="public", monotone={"q": 1, "d": 1},
       notes="Expanded Voronoi regions containing x + theta, with probability >= 1 - (1+2q)^{-d}."),
    _b("lem22/probability", "Lemma 22", "lower", "probability", "expanded Voronoi regions",
       [d, q_real], 1 - QD ** (-D), randomness="public", monotone={"q": 1},
       notes="Markov's inequality on E[V_exp] <= (1+2q)^d."),
    _b("lem24", "Lemma 24", "lower", "success_probability", "sublinear lattice quantization",
       [d, q_real], 1 - 2 * QD ** (-D), model="single vector", randomness="public",
       monotone={"q": 1},
       notes="A random colouring c' is successful; E[z - theta | success] = x.  The extracted "
             "union-bound line prints (1+2q)^{2d} (1+2q)^{-d} for (1+2q)^{-d}."),
    _b("lem25", "Lemma 25", "lower", "decoding_radius", "sublinear lattice quantization",
       [q_real, eps], QR * EPS, model="single vector", randomness="public",
       monotone={"q": 1, "eps": 1}, notes="Decoding succeeds whenever ||x - x_v|| <= q eps."),
    _b("thm26/distance", "Theorem 26", "upper", "distance", "sublinear lattice quantization",
       [eps], 3 * EPS, model="single vector", randomness="public", monotone={"eps": 1},
       notes="||x - (z_hat - theta)|| <= 3 eps when ||x - x_v|| <= q eps."),
    _b("thm26/bits", "Theorem 26", "upper", "bits", "sublinear lattice quantization", [d, q_real],
       C * D * log2(1 + QR), constants=[c], model="single vector", randomness="public",
       monotone={"d": 1, "q": 1}, notes="O(b) bits in expectation, b = d log(1 + q)."),
    _b("thm26/bits/corrected", "Theorem 26", "upper", "bits", "sublinear lattice quantization",
       [d, q_real], C * D * log2(1 + QR), constants=[c], conditions=[B_GT_1.format(q="q")],
       model="single vector", randomness="public", variant="corrected",
       monotone={"d": 1, "q": 1}, notes=B_NOTE),
    _b("thm26/colour-bits", "Theorem 26 (proof)", "equality", "bits",
       "sublinear lattice quantization", [d, q_real], 3 * D * log2(QD), model="single vector",
       randomness="public", monotone={"d": 1, "q": 1},
       notes="Sending c'(z) takes log((1+2q)^{3d}) bits, plus the retry index i."),
    _b("thm26/probability", "Theorem 26", "lower", "probability", "sublinear lattice quantization",
       [d, q_real], 1 - 2 ** ((1 - D * log2(1 + QR)) * 2 ** (D * log2(1 + QR))),
       model="single vector", randomness="public",
       notes="Probability that O(b) bits suffice, 1 - 2^{(1-b) 2^b} with b = d log(1+q); "
             "vacuous (negative) when b <= 1."),
    _b("thm27/bits", "Theorem 27", "upper", "bits_per_machine", ME, [d, q_small], C * D * QM,
       constants=[c], model=SUB, randomness="public", monotone={"d": 1, "q": 1},
       notes="Expected bits; q = O(1) is encoded as q <= 1 (the sublinear regime)."),
    _b("thm27/bits/corrected", "Theorem 27", "upper", "bits_per_machine", ME, [d, q_small],
       C * D * QM, constants=[c], conditions=[B_GT_1.format(q="q")], model=SUB,
       randomness="public", variant="corrected", monotone={"d": 1, "q": 1}, notes=B_NOTE),
    _b("thm27/variance", "Theorem 27", "upper", "variance", ME, [y, q_small], C * Y**2 / QM**2,
       constants=[c], model=SUB, randomness="public", monotone={"y": 1, "q": -1}),
    _b("thm27/probability", "Theorem 27", "lower", "probability", ME, [d, q_small],
       1 - 2 ** ((1 - D * QM) * 2 ** (C * D * QM)), constants=[c], model=SUB,
       randomness="public", notes="Probability that O(dq) bits suffice; c is the Theta constant."),
    _b("thm28/bits", "Theorem 28", "upper", "bits_per_machine", VR, [d, q_small], C * D * QM,
       constants=[c], model=SUB, randomness="public", monotone={"d": 1, "q": 1}),
    _b("thm28/bits/corrected", "Theorem 28", "upper", "bits_per_machine", VR, [d, q_small],
       C * D * QM, constants=[c], conditions=[B_GT_1.format(q="q")], model=SUB,
       randomness="public", variant="corrected", monotone={"d": 1, "q": 1}, notes=B_NOTE),
    _b("thm28/variance", "Theorem 28", "upper", "variance", VR, [alpha, n, sigma, q_small],
       C * AL * N * SG**2 / QM**2, constants=[c], model=SUB, randomness="public",
       monotone={"alpha": 1, "sigma": 1, "q": -1}),
    _b("thm28/success", "Theorem 28", "lower", "success_probability", VR, [alpha], 1 - 1 / AL,
       model=SUB, randomness="public", monotone={"alpha": 1}),
)

# --- Section 6: the cubic lattice used in the experiments -------------------------------
q_cubic = _q("[2, oo)", typical=8)
register(
    _b("sec6/decoding-radius", "Section 6 (cubic lattice)", "lower", "decoding_radius", LQ,
       [q_cubic, s], (q_cubic.symbol - 1) * s.symbol / 2, model="two machines",
       randomness="public", monotone={"q": 1, "s": 1},
       notes="Infinity norm: decoding succeeds if ||g_0 - g_1||_inf <= (q-1) s/2.  The extracted "
             "sentence choosing s from y is garbled; it reads as s = 2y/(q-1)."),
    _b("exp4/bits", "Section 6, Experiment 4", "equality", "bits", LQ, [d, y, s],
       D * log2(1 + 4 * Y / s.symbol), model="two machines (simulated)", randomness="public",
       monotone={"d": 1, "y": 1, "s": -1},
       notes="log2(1 + 2y/r_p)^d colours with r_p = s/2."),
    _b("exp4/variance", "Section 6, Experiment 4", "equality", "variance", LQ, [d, s],
       D * s.symbol**2 / 12, model="two machines (simulated)", randomness="public",
       monotone={"d": 1, "s": 1},
       notes="Each coordinate is shifted uniformly in [-s/2, s/2]: variance d s^2/12."),
)

# --- proof-level quantities (kind "step") -------------------------------------------------
n_above_80 = Param("n", integer=True, domain="(80, oo)", typical=1024,
                   description="number of machines (above 80, where the explicit form constrains b)")
register(
    _b("thm8/eps-choice", "Theorem 8 (proof, choice of eps)", "step", "eps", ME, [y, q_star], 2 * Y / QS,
       randomness="private", monotone={"y": 1, "q": -1},
       notes="eps = 2y/q: the leader's point is within y + 7 eps <= 1.5 y for q >= 28 (checks "
             "davies2021:thm8-leader-distance, davies2021:thm8-decoding-radius)."),
    _b("thm13/delta-choice", "Theorem 13 (proof, choice of delta)", "step", "delta", ME, [y, b, d],
       Y / 4 * 2 ** (-B / D), randomness=SHARED, monotone={"y": 1, "b": -1},
       notes="delta = (y/4) 2^{-b/d} makes 2^b Vol(B_{2 delta}) = Vol(B_{y/2}) (check "
             "davies2021:thm13-volume)."),
    _b("thm15/delta-choice", "Theorem 15 (proof, choice of delta)", "step", "delta", VR, [sigma, b, d],
       SG / 4 * 2 ** (-B / D), randomness=SHARED, monotone={"sigma": 1, "b": -1},
       notes="delta = (sigma/4) 2^{-b/d} makes 2^b Vol(B_{2 delta}) = 2^{-d} Vol(B_sigma) (check "
             "davies2021:thm15-volume)."),
    _b("thm15/probability-chain", "Theorem 15 (proof, probability chain)", "step", "probability",
       VR, [d], (1 - 4 / D) * (1 - 2 ** (-D)) / 2, relation=">=", randomness=SHARED,
       monotone={"d": 1},
       notes="P[||EST - grad|| > delta] >= (1/2) P[A_v] P[grad not in OUT_v | A_v] with "
             "P[A_v] >= 1 - 4/d and the conditional at least 1 - 2^{-d}; above 1/5 from d = 7 on "
             "(check davies2021:thm15-final-chain)."),
    _b("thm16/delta-choice", "Theorem 16 (proof, choice of delta)", "step", "delta", VR,
       [sigma, n, b, d], SG * sp.sqrt(N) / 4 * 2 ** (-B / D), randomness=SHARED,
       monotone={"sigma": 1, "n": 1, "b": -1},
       notes="delta = (sigma sqrt(n)/4) 2^{-b/d} (check davies2021:thm16-volume)."),
    _b("thm16/probability-chain", "Theorem 16 (proof, probability chain)", "step", "probability",
       VR, [d, n], (1 - 2 ** (-D)) / 2 * (1 - 2 / (D**2 * sp.sqrt(N))) ** D * (1 - (1 - 1 / N) ** N),
       relation=">=", randomness=SHARED, monotone={"d": 1},
       notes="P[||EST - grad|| > delta] >= (1/2)(1 - 2^{-d}) P[union A_v], with P[union A_v] at "
             "least the inner-ball volume ratio times 1 - (1 - 1/n)^n (checks "
             "davies2021:thm16-event-chain, davies2021:thm16-probability)."),
    _b("thm16/any-reduction-explicit", "Theorem 16 (discussion, explicit constant)", "step", "bits",
       VR, [d, n_above_80], D / 2 * log2(N / 80), relation=">=", randomness=SHARED,
       monotone={"d": 1, "n": 1},
       notes="With the proof's constant 1/80, output variance below sigma^2 needs b > (d/2) "
             "log(n/80) bits at some machine: Theta(d log n), and no constraint for n <= 80 "
             "(check davies2021:thm16-any-reduction-explicit)."),
    _b("thm26/iteration-failure", "Theorem 26 (proof, one encoding iteration)", "step",
       "probability", "sublinear lattice quantization", [d, q_real], 2 * QD ** (-D),
       relation="<=", randomness="public", monotone={"q": -1},
       notes="Lemma 24's failure bound for one iteration of Algorithm 5; below 1 only when "
             "d log(1+2q) > 1 (check davies2021:thm26-bits-range)."),
    _b("thm27/eps-choice", "Theorem 27 (proof, choice of eps)", "step", "eps", ME, [y, q_small],
       Y / QM, randomness="public", monotone={"y": 1, "q": -1},
       notes="Algorithm 7 quantizes with eps = y/q, so the decoding radius q eps is y (check "
             "davies2021:thm27-from-thm26)."),
    _b("thm27/variance-explicit", "Theorem 27 (proof)", "step", "variance", ME, [y, q_small],
       (9 + QM**2) * Y**2 / QM**2, relation="<=", model=SUB, randomness="public",
       monotone={"y": 1, "q": -1},
       notes="(3 eps)^2 + y^2 at eps = y/q: the quantization error plus the random source's "
             "distance to the mean; at most 10 y^2/q^2 for q <= 1 (check davies2021:thm27-from-thm26)."),
    _b("thm28/variance-explicit", "Theorem 28 (proof)", "step", "variance", VR,
       [alpha, n, sigma, q_small], SG**2 / N + 4 * AL * N * (9 + QM**2) * SG**2 / QM**2,
       relation="<=", model=SUB, randomness="public", monotone={"alpha": 1, "sigma": 1, "q": -1},
       notes="Theorem 27's explicit (9 + q^2) y^2/q^2 at y = 2 sigma sqrt(alpha n) plus the input "
             "term sigma^2/n, on the success event (check davies2021:thm28-explicit)."),
)
