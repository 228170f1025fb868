"""SimQ+ of mayekar2020 (Section 4.2): the average of ``k`` SimQ draws, sent as a type.

Algorithm
---------
Input ``Y`` with ``||Y||_q <= B`` (``q = p/(p-1)``, ``p in [2, oo]``), hence
``||Y||_1 <= B d^{1/p}``.  Draw ``k`` independent SimQ indices with parameter
``B d^{1/p}`` (each ``i`` w.p. ``|Y(i)|/(B d^{1/p})``, ``0`` otherwise) and output
``Q(Y) = (1/k) sum_l Q_SimQ^l(Y; B d^{1/p})`` (eq. (5)).  The payload is

1. the *type* of the index sequence -- the count of each of the ``d + 1`` indices, an
   element of ``I(d + 1, k)`` -- in exactly ``ceil(log2 C(d + k, k))`` bits
   (enumerative code, huang2019 Lemma 2.2's map);
2. one sign bit per distinct non-zero index (all draws of index ``i`` carry
   ``sign(Y(i))``), in increasing index order: ``|I_0| <= k`` bits.

Inputs with ``||Y||_q > B`` are rejected.

Theoretical guarantee
---------------------
Theorem 4.2: at most ``k log e + k log(d/k + 1) + k`` bits (``C(d+k, k) <=
(e(d+k)/k)^k``), ``E[Q(Y) | Y] = Y`` and ``alpha_0(Q; p) <= sqrt(B^2 d^{2/p}/k + B^2)``.
With ``k = d^{2/p}`` it attains Theorem 3.1's upper bound for ``p >= 2``.

References
----------
Mayekar, Tyagi (ISIT 2020), Section 4.2, eq. (5) and Theorem 4.2.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("simq-plus", B=1.0, k=4, p=2)
>>> x = np.array([0.6, -0.0, -0.8, 0.0])       # ||x||_2 = 1
>>> msg = q.encode(x, rng=np.random.default_rng(0))
>>> est = q.decode(msg)
>>> est.tolist(), msg.nbits                      # multiples of B d^(1/p) / k = 0.5
([0.5, 0.0, -0.5, 0.0], 9)
"""

from __future__ import annotations

import numpy as np

from ..coding import iv_bits, read_integer_vector_sparse, write_integer_vector
from ..errors import DecodeError, InvalidInputError
from ..params import Param
from ._params import MAX_SCALE, int_in_range, positive_float
from .base import Scheme
from .registry import register_scheme
from .simq import RTOL, simplex_draws

__all__ = ["SimQPlus", "check_p", "dual_norm", "dual_norm_check"]

#: Largest number of SimQ repetitions ``k`` (the encoder holds ``k`` uniforms per row).
MAX_DRAWS = 2**24


def check_p(p, scheme: str, lo: float, hi: float, hi_open: bool = False) -> float:
    """The norm parameter ``p`` (``np.inf`` allowed where ``hi`` is infinite)."""
    if isinstance(p, bool | np.bool_) or not isinstance(p, int | float | np.integer | np.floating):
        raise InvalidInputError(f"{scheme}: p must be a number, got {p!r}")
    p = float(p)
    if np.isnan(p) or p < lo or p > hi or (hi_open and p >= hi):
        rng = f"[{lo:g}, {hi:g}{')' if hi_open else ']'}"
        raise InvalidInputError(f"{scheme}: p must lie in {rng} (and p >= 1), got p={p:g}")
    return p


def dual_norm(X: np.ndarray, p: float) -> np.ndarray:
    """``||X||_q`` along the last axis, ``q = p/(p-1)`` the Hölder conjugate of ``p``."""
    if p == 1.0:
        return np.max(np.abs(X), axis=-1)
    if np.isinf(p):
        return np.abs(X).sum(axis=-1)
    q = p / (p - 1.0)
    m = np.max(np.abs(X), axis=-1, keepdims=True)
    safe = np.where(m > 0, m, 1.0)
    return (m * (np.sum((np.abs(X) / safe) ** q, axis=-1, keepdims=True)) ** (1.0 / q))[..., 0]


def dual_norm_check(X: np.ndarray, p: float) -> np.ndarray:
    """:func:`dual_norm` for ``p >= 2`` in one compiled pass per row and no temporaries
    (``commbounds.kernels._simq.dual_norm_rows``), for input checks: it agrees with
    :func:`dual_norm` to a few parts in 10^13, well inside the check's tolerance ``RTOL``.

    Examples
    --------
    >>> import numpy as np
    >>> float(dual_norm_check(np.array([[3.0, -4.0]]), 2.0)[0])
    5.0
    """
    from ..kernels._simq import dual_norm_rows

    X = np.ascontiguousarray(X, dtype=np.float64)
    q = 1.0 if np.isinf(p) else p / (p - 1.0)
    return dual_norm_rows(X, q, np.empty(X.shape[0]))


@register_scheme("simq-plus")
class SimQPlus(Scheme):
    """SimQ+ (``B``: l_q bound, ``k``: SimQ repetitions, ``p in [2, oo]``)."""
    problems = ("dme", "mean-estimation", "variance-reduction", "lp-sgd")

    unbiased = True
    bounds = ("mayekar2020:thm4.2/bits", "mayekar2020:thm4.2/alpha0",
              "mayekar2020:thm3.1/upper-p-ge-2")
    params = (
        Param("B", domain=f"(0, {MAX_SCALE:g}]", typical=1.0, description="bound on ||x||_p"),
        Param("k", integer=True, domain=f"[1, {MAX_DRAWS}]", typical=7, description="number of draws",
              why="the encoder draws k uniforms per input"),
        Param("p", domain="[2, oo]", default=2.0, typical=2.0, description="the l_p norm of the inputs"),
    )

    def __init__(self, B: float, k: int, p: float = 2.0) -> None:
        B = positive_float(B, "B", "simq-plus")
        k = int_in_range(k, "k", "simq-plus", maximum=MAX_DRAWS,
                         why="the encoder draws k uniforms per input")
        p = check_p(p, "simq-plus", 2.0, np.inf)
        super().__init__(B=B, k=k, p=p)
        self.B, self.k, self.p = B, k, p

    @classmethod
    def sample_input(cls, rng, d, params):
        x = rng.standard_normal(d)
        return x * (0.9 * float(params["B"]) / dual_norm(x, float(params.get("p", 2.0))))

    def radius(self, d: int) -> float:
        """SimQ's parameter ``B d^{1/p}``."""
        return self.B * d ** (1.0 / self.p)

    def _draw(self, X, rng, shared):
        nq = dual_norm_check(X, self.p)
        if np.any(nq > self.B * (1 + RTOL)):
            raise InvalidInputError(
                f"simq-plus: inputs must satisfy ||Y||_q <= B = {self.B:g} (q = p/(p-1), p = {self.p:g}), "
                f"got {nq.max():.6g}")
        rows, d = X.shape
        # the type as the sorted draws (a multiset of k indices in 0..d: the counts without
        # the dense (rows, d + 1) array), each with the sign of its coordinate
        draws = np.sort(simplex_draws(X, self.radius(d), self.k, rng), axis=-1)
        coord = np.take_along_axis(X, np.maximum(draws - 1, 0), axis=-1)
        return {"draws": draws, "neg": (draws > 0) & (coord < 0)}

    @staticmethod
    def _distinct(draws):
        """Where each row's sorted draws start a new non-zero index, ``(rows, k)`` bool."""
        new = draws > 0
        new[..., 1:] &= draws[..., 1:] != draws[..., :-1]
        return new

    def _bits(self, rep, d):
        return int(iv_bits(d + 1, self.k)) + np.count_nonzero(self._distinct(rep["draws"]), axis=-1)

    def _estimate(self, rep, d, shared, side):
        # the count of each distinct index times R / k, negated where its coordinate is
        # negative (as the dense count array gave it, bit for bit), into one zeroed array
        draws = rep["draws"]
        rows, k = draws.shape
        first = self._distinct(draws)
        r, l = np.nonzero(first)
        ends = np.append(l[1:], k)
        ends[np.append(r[1:] != r[:-1], True)] = k       # a row's last index runs to its end
        # draws of 0 only come first in a sorted row, so each run ends where the next starts
        c = (ends - l).astype(np.float64)
        c *= self.radius(d) / self.k
        np.negative(c, out=c, where=rep["neg"][r, l])
        out = np.zeros((rows, d))
        out[r, draws[r, l] - 1] = c
        return out

    def _write(self, w, rep, d):
        write_integer_vector(w, np.bincount(rep["draws"], minlength=d + 1))
        w.write_bits(rep["neg"][self._distinct(rep["draws"])].astype(np.uint8))

    def _read(self, r, d, shared, side):
        if int(iv_bits(d + 1, self.k)) > r.remaining:
            raise DecodeError("simq-plus: payload shorter than the type of the k indices")
        # the type is sparse (k draws back any d): its non-zero counts are read, then the
        # estimate is built once, as _estimate computes it, with no dense counts beside it
        index, count = read_integer_vector_sparse(r, d + 1, self.k)
        real = index >= 1                                 # entry 0 counts the draws of no index
        nz, c = index[real] - 1, count[real].astype(np.float64)
        neg = r.read_bits(nz.size).astype(bool)
        out = np.zeros(d)
        out[nz] = np.where(neg, -c, c) * (self.radius(d) / self.k)
        return out

    def predict(self, x, *, shared=None):
        """Exact (Theorem 4.2's scheme): the mean of ``k`` independent SimQ draws of radius
        ``R = B d^(1/p)``, so ``E(x_hat_i - x_i)^2 = (R |x_i| - x_i^2)/k``; the bits are the
        type's fixed length plus one sign per distinct index drawn,
        ``E = sum_i 1 - (1 - |x_i|/R)^k``.

        Examples
        --------
        >>> import numpy as np
        >>> p = SimQPlus(B=1.0, k=2, p=np.inf).predict(np.array([0.5, -0.5]))   # R = 1
        >>> p.mse, p.unbiased, p.bits
        (0.25, True, 4.5)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        if dual_norm(x[None, :], self.p)[0] > self.B * (1 + RTOL):
            raise InvalidInputError(f"simq-plus: inputs must satisfy ||Y||_q <= B = {self.B:g}")
        d, R, a = x.size, self.radius(x.size), np.abs(x)
        distinct = float(np.sum(-np.expm1(self.k * np.log1p(-np.minimum(a / R, 1.0)))))
        return Prediction.build(x, x, (R * a - a * a) / self.k, bits=int(iv_bits(d + 1, self.k)) + distinct,
                                bits_pmf=None)
