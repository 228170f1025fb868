"""huang2019's sparsity-sensitive DME protocol (Section 2.1), with and without the F1 round.

Algorithm
---------
1. *Initialisation* (``sync=True``): client ``i`` sends ``||X_i||_1`` as an ``r``-bit float;
   the server sums them into ``F1`` and sends it back: ``2r`` bits per client.
2. *Quantization*: ``u_i = SaR(X_i, F1/C)``.
3. *Encoding*: ``|u_i|`` with Lemma 2.2's map range-coded in
   ``ceil(log2 C(d + w_i - 1, d - 1)) + 1`` bits (:mod:`commbounds.kernels.cw`), and
   ``Delta w_i = w_i - floor(C ||X_i||_1 / F1)`` either in ``ceil(log2(2d + 1))`` bits
   (``delta_w="fixed"``) or Elias gamma of its zig-zag map (``delta_w="gamma"``,
   footnote 2).  ``|Delta w_i| <= d`` always holds.
4. *Signs*: one bit per non-zero entry of ``u_i``.
5. *Decoding*: ``X_hat = F1/(C n) sum_i u_i``.

Without synchronisation (``sync=False``) each client scales by its own
``||X_i||_1 / (C/n)`` (the budget ``C`` split evenly), sends ``||X_i||_1`` with ``r`` bits
in its message and the server decodes with it (the local-sparseness variant of the
remark after Corollary 2.4).

Sampling (remark after Corollary 2.4): ``sampling="clients"`` keeps each client with
probability ``p`` (public coin from the shared seed) and rescales by ``1/p``;
``sampling="coordinates"`` keeps each coordinate with probability ``p`` (public coin) and
quantizes ``X_i`` restricted to the kept coordinates, rescaled by ``1/p``.

Theoretical guarantee
---------------------
Theorem 2.3: unbiased, MSE ``<= F1^2/(C n^2)``, expected bits
``C log(nd/C + 1) + O(C + nr + n log d)`` (explicit form ``huang2019:thm2.3/explicit``).

References
----------
Huang, Huang, Wang, Yi, NeurIPS 2019, Section 2.1 and the remark after Corollary 2.4.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> X = np.random.default_rng(0).standard_t(3, size=(4, 50))
>>> proto = quantizers.protocol("sparse-dme", C=100)
>>> t = proto.run(X, rng=np.random.default_rng(1))
>>> fast = proto.simulate(X, rng=np.random.default_rng(1))
>>> bool(np.array_equal(t.estimate, fast.estimate)) and t.total_bits == int(fast.bits)
True
>>> sorted(t.ledger.by_kind())
['F1 broadcast', 'delta_w', 'magnitudes+signs', 'norm']
"""

from __future__ import annotations

import math
import numbers

import networkx as nx
import numpy as np

from ..coding import (
    BitReader,
    BitWriter,
    float_dtype,
    gamma_length,
    read_float,
    read_gamma,
    unzigzag,
    write_float,
    write_gamma,
    zigzag,
)
from ..errors import DecodeError, InvalidInputError
from ..kernels.cw import iv_code_bits
from ..params import Param
from .base import Protocol, Rounds, validate_vectors
from .registry import register_protocol
from .sar import check_weight, read_magnitudes_signs, scale_and_round_counts, write_magnitudes_signs

__all__ = ["SparseDME"]

#: largest number of sampled clients or coordinates whose kept sets a prediction enumerates
MAX_KEPT_BITS = 10


@register_protocol("sparse-dme")
class SparseDME(Protocol):
    """The protocol of huang2019 Section 2.1 (see the module docstring).

    Parameters
    ----------
    C : float
        Cost parameter, ``0 < C <= n d``; the MSE bound is ``F1^2/(C n^2)``.
    sync : bool
        Run the ``F1`` synchronisation round (default) or use local scaling.
    delta_w : {"fixed", "gamma"}
        How ``Delta w_i`` is sent.
    r : {64, 32}
        Bits of the floats in the synchronisation round.
    sampling : {None, "clients", "coordinates"}
    p : float
        Sampling probability in ``(0, 1]``.
    strict : bool
        Enforce Theorem 2.3's range ``C <= n d`` (default).  The algorithm itself is well
        defined for any ``C > 0`` (Lemma 2.1 holds for every scaling factor and
        ``|Delta w| <= d`` still holds); ``strict=False`` allows ``C > n d`` for fine
        quantization, outside the theorem's guarantee.
    """
    problems = ("dme",)
    model = "broadcast: an F1 synchronisation round, then one message per client"

    unbiased = True
    bounds = ("huang2019:thm2.3", "huang2019:thm2.3/explicit", "huang2019:thm2.3/mse",
              "huang2019:rem-sampling")
    params = (
        Param("C", domain="(0, oo)", typical=100, description="total bit budget"),
        Param("sync", kind="boolean", default=True),
        Param("delta_w", options=("fixed", "gamma"), default="fixed"),
        Param("r", options=(64, 32), default=64, description="float width"),
        Param("sampling", options=("clients", "coordinates"), default=None),
        Param("p", domain="(0, 1]", default=1.0, description="sampling probability"),
        Param("strict", kind="boolean", default=True),
    )

    def __init__(self, C: float, sync: bool = True, delta_w: str = "fixed", r: int = 64,
                 sampling: str | None = None, p: float = 1.0, strict: bool = True) -> None:
        for key, val in (("C", C), ("p", p)):
            if isinstance(val, bool) or not isinstance(val, numbers.Real):
                raise InvalidInputError(f"sparse-dme: {key} must be a real number, got {val!r}")
        C = float(C)
        if not math.isfinite(C) or C <= 0:
            raise InvalidInputError(f"sparse-dme: C must be positive and finite, got {C}")
        if delta_w not in ("fixed", "gamma"):
            raise InvalidInputError(f"sparse-dme: delta_w must be 'fixed' or 'gamma', got {delta_w!r}")
        if r not in (64, 32):
            raise InvalidInputError(f"sparse-dme: r must be 64 or 32 (float widths), got {r}")
        if sampling not in (None, "clients", "coordinates"):
            raise InvalidInputError("sparse-dme: sampling must be None, 'clients' or 'coordinates'")
        if not 0 < p <= 1:
            raise InvalidInputError(f"sparse-dme: p must be in (0, 1], got {p}")
        super().__init__(C=C, sync=sync, delta_w=delta_w, r=r, sampling=sampling, p=p, strict=strict)
        self.strict = bool(strict)
        self.C, self.sync, self.delta_w, self.r, self.sampling, self.p = C, sync, delta_w, r, sampling, p

    # ----------------------------------------------------------------- shared core
    def _masks(self, lead, n, d, shared):
        """Public sampling coins (from the shared seed): client and coordinate masks."""
        if self.sampling is None:
            return np.ones((*lead, n), bool), np.ones((*lead, d), bool)
        coins = np.random.default_rng(shared if shared is not None else 0)
        if self.sampling == "clients":
            return coins.random((*lead, n)) < self.p, np.ones((*lead, d), bool)
        return np.ones((*lead, n), bool), coins.random((*lead, d)) < self.p

    def _quantize(self, X: np.ndarray, rng, shared):
        """The clients' scaling and rounding, which both paths share; X is (..., n, d)."""
        *lead, n, d = X.shape
        if self.strict and self.C > n * d:
            raise InvalidInputError(
                f"sparse-dme needs C <= n d = {n * d} (Theorem 2.3), got C = {self.C:g}; "
                f"pass strict=False to go beyond the theorem's range")
        cmask, dmask = self._masks(tuple(lead), n, d, shared)
        scale = 1.0 / self.p if self.sampling else 1.0
        Xs = X * scale * dmask[..., None, :]
        flt = float_dtype(self.r)
        norms = np.abs(Xs).sum(axis=-1).astype(flt).astype(np.float64)  # as transmitted
        norms = np.where(cmask, norms, 0.0)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            if self.sync:
                F1 = norms.sum(axis=-1, keepdims=True).astype(flt).astype(np.float64)
                Cc = np.full_like(norms, self.C)
                F = F1 / self.C
                ref_num, ref_den = self.C * norms, np.broadcast_to(F1, norms.shape)
            else:
                Cc = np.full_like(norms, self.C / n)
                F = norms / Cc
                ref_num, ref_den = Cc * norms, norms
        if not np.all(np.isfinite(F)):
            raise InvalidInputError(f"sparse-dme: the scale F1/C overflows at C = {self.C:g}; C is too small")
        with np.errstate(invalid="ignore", divide="ignore"):
            ref = np.where(ref_den > 0, np.floor(ref_num / np.where(ref_den > 0, ref_den, 1.0)), 0.0)
        F = np.broadcast_to(F, norms.shape)
        u, w, nnz = scale_and_round_counts(Xs * cmask[..., None], F[..., None], rng)
        # only the kept coordinates are coded (all d without coordinate sampling)
        dk = np.broadcast_to(dmask.sum(axis=-1)[..., None], norms.shape)
        check_weight(u, f"sparse-dme: C = {self.C:g} is too large for this input", w, d=dk)
        body = np.asarray(iv_code_bits(np.maximum(dk, 1), w)) + nnz
        dw = w - ref.astype(np.int64)
        if np.any(np.abs(dw) > dk):  # pragma: no cover - would contradict |Delta w| <= d
            raise AssertionError("Delta w outside [-d, d]")
        return dict(u=u, F=F, norms=norms, cmask=cmask, dmask=dmask, w=w, body=body, dw=dw, dk=dk)

    def _dw_bits(self, dw, dk):
        if self.delta_w == "fixed":
            return np.asarray(_fixed_width(dk), dtype=np.int64)
        return gamma_length(zigzag(dw) + 1)

    def _estimate(self, u, F, n):
        return (F[..., None] * u).sum(axis=-2) / n

    # ----------------------------------------------------------------- the protocol
    def topology(self, n: int) -> nx.Graph:
        """A server and ``n`` clients, each linked to the server."""
        return nx.star_graph(["server", *(f"client{i}" for i in range(n))])

    def _core(self, X, rng, shared, channel):
        T, n, d = X.shape
        c = self._quantize(X, rng, shared)
        active = c["cmask"]
        per_client = np.where(active, self._dw_bits(c["dw"], c["dk"]) + c["body"], 0)
        sync_bits = 2 * self.r if self.sync else self.r
        total = (per_client.sum(axis=-1) + sync_bits * active.sum(axis=-1)).astype(np.int64)
        if channel is None:
            return Rounds(self._estimate(c["u"], c["F"], n), total, np.zeros(T, np.int64),
                          extra={"w": c["w"], "F": c["F"]})
        est, u_dec = self._exchange(channel, c, n, d)
        kept = c["dmask"][0]
        return Rounds(est[None], total, np.zeros(1, np.int64), outputs={"u": u_dec[None]},
                      info={"kept_coordinates": int(kept.sum()), "active_clients": int(active[0].sum()),
                            "topology": channel.topology})

    def _exchange(self, channel, c, n, d):
        """Every message of one trial through the channel, and the server's decoding of them:
        the estimate and the integer vectors the server read."""
        flt = float_dtype(self.r)
        clients = [f"client{i}" for i in range(n)]
        active = np.flatnonzero(c["cmask"][0])
        phase = 2 if self.sync else 0
        # round 0: norms up (and, with sync, F1 down in round 1)
        sent_norm = {}
        for i in active:
            wr = BitWriter()
            write_float(wr, c["norms"][0, i], self.r)
            sent_norm[i] = read_float(BitReader(*channel.send(clients[i], "server", wr, round=0, what="norm")),
                                      self.r)
        if self.sync:
            received = np.zeros(n)
            received[active] = [sent_norm[i] for i in active]
            F1 = received.sum().astype(flt)  # the same summation as the fast path
            for i in active:
                wr = BitWriter()
                write_float(wr, F1, self.r)
                got = read_float(BitReader(*channel.send("server", clients[i], wr, round=1, what="F1 broadcast")),
                                 self.r)
                if got != float(F1):  # pragma: no cover - the float codec is exact
                    raise DecodeError("sparse-dme: a client decoded another F1 than the server sent")
        kept = c["dmask"][0]
        dk = int(kept.sum())
        width = _fixed_width(dk)
        u_dec = np.zeros((n, d), dtype=np.int64)
        F_dec = np.zeros(n)
        for i in active:
            # --- client i encodes (using only its data, F1 and the public coins)
            head, body = BitWriter(), BitWriter()
            ui = c["u"][0, i][kept]
            dw = int(c["dw"][0, i])
            if self.delta_w == "fixed":
                head.write_uint(dw + dk, width)
            else:
                write_gamma(head, zigzag([dw]) + 1)
            write_magnitudes_signs(body, ui)
            head_msg = channel.send(clients[i], "server", head, round=phase, what="delta_w")
            body_msg = channel.send(clients[i], "server", body, round=phase, what="magnitudes+signs")
            # --- server decodes from the payloads, the norm it received and F1
            norm_i = float(sent_norm[i])
            if self.sync:
                F_i = float(F1) / self.C
                ref = math.floor(self.C * norm_i / float(F1)) if F1 > 0 else 0
            else:
                Ci = self.C / n
                F_i = norm_i / Ci
                ref = math.floor(Ci * norm_i / norm_i) if norm_i > 0 else 0
            r = BitReader(*head_msg)
            if self.delta_w == "fixed":
                dw_dec = r.read_uint(width) - dk
            else:
                dw_dec = int(unzigzag(read_gamma(r, 1) - 1)[0])
            r.expect_end()
            r = BitReader(*body_msg)
            if dk:
                u_dec[i, kept] = read_magnitudes_signs(r, dk, ref + dw_dec)
            r.expect_end()
            F_dec[i] = F_i
        if not np.array_equal(u_dec, c["u"][0]):  # pragma: no cover - the codec is lossless
            raise DecodeError("sparse-dme: decoded integer vectors differ from the encoded ones")
        return self._estimate(u_dec, F_dec, n), u_dec

    def predict(self, X, *, shared=None):
        """Exact: each client's SaR rounds independently (Lemma 2.1 per coordinate), so the
        mean's squared error is ``sum_i F_i^2 Var(u_i)/n^2``; each client's bits depend on
        its own weight ``w_i`` (whose law :func:`~commbounds.quantizers.sar.sar_moments`
        gives) and the synchronisation round is fixed.  With sampling, every row draws its
        own public coins, so the prediction is the mixture over the kept sets (clients or
        coordinates), enumerated exactly for at most ``MAX_KEPT_SETS`` of them
        (``2^n`` client sets, ``2^d`` coordinate sets).

        Examples
        --------
        >>> import numpy as np
        >>> X = np.random.default_rng(0).standard_t(3, size=(4, 50))
        >>> p = SparseDME(C=100).predict(X)
        >>> p.unbiased, bool(p.mse <= np.abs(X).sum() ** 2 / (100 * 16))   # Theorem 2.3
        (True, True)
        >>> SparseDME(C=100, sampling="clients", p=0.5).predict(X).unbiased
        True
        """
        from .base import Prediction, PredictionUnavailable

        X = validate_vectors(X, name="X", min_ndim=2, max_ndim=2)
        n, d = X.shape
        if self.strict and self.C > n * d:
            raise InvalidInputError(f"sparse-dme needs C <= n d = {n * d} (Theorem 2.3), got C = {self.C:g}")
        target = X.mean(axis=0)
        if self.sampling is None:
            mean, var, bits = self._kept_moments(X, np.ones(n, bool))
            return Prediction.build(target, mean, var + (mean - target) ** 2, bits=bits, bits_pmf=None,
                                    extra={"target": "mean"})
        m = n if self.sampling == "clients" else d
        if m > MAX_KEPT_BITS:
            raise PredictionUnavailable(f"sparse-dme: sampling {self.sampling} enumerates 2^{m} kept sets, "
                                        f"feasible up to 2^{MAX_KEPT_BITS}")
        mean, second, bits = np.zeros(d), np.zeros(d), 0.0
        for code in range(1 << m):
            kept = (code >> np.arange(m)) & 1 == 1
            prob = float(np.prod(np.where(kept, self.p, 1.0 - self.p)))
            if prob == 0.0:
                continue
            if self.sampling == "clients":
                mu, var, b = self._kept_moments(X * (1.0 / self.p), kept)
            else:
                mu, var, b = np.zeros(d), np.zeros(d), 0.0
                mu[kept], var[kept], b = self._kept_moments(X[:, kept] * (1.0 / self.p), np.ones(n, bool))
            mean += prob * mu
            second += prob * (var + (mu - target) ** 2)
            bits += prob * b
        return Prediction.build(target, mean, second, bits=bits, bits_pmf=None, method="enumeration",
                                note=f"mixture over the {1 << m} kept {self.sampling} sets",
                                extra={"target": "mean"})

    def _kept_moments(self, X, active):
        """Mean, variance and expected bits of the estimate when only the ``active``
        clients send (their rows of ``X`` already scaled as sent); ``X`` may hold only the
        kept coordinates (then only they are coded)."""
        from .prediction import expect
        from .sar import sar_moments

        n, d = X.shape
        flt = float_dtype(self.r)
        norms = np.where(active, np.abs(X).sum(axis=-1).astype(flt).astype(np.float64), 0.0)
        if self.sync:
            F1 = float(norms.sum().astype(flt))
            F = np.full(n, F1 / self.C)
            ref = np.floor(self.C * norms / F1) if F1 > 0 else np.zeros(n)
        else:
            F = norms / (self.C / n)
            with np.errstate(invalid="ignore", divide="ignore"):
                ref = np.where(norms > 0, np.floor((self.C / n) * norms / np.where(norms > 0, norms, 1.0)), 0.0)
        mean, var = np.zeros(d), np.zeros(d)
        bits = float((2 * self.r if self.sync else self.r) * int(active.sum()))
        for i in np.flatnonzero(active):
            if d == 0:
                bits += float(iv_code_bits(1, 0)) + (_fixed_width(0) if self.delta_w == "fixed"
                                                     else float(gamma_length(zigzag(np.array([0])) + 1)[0]))
                continue
            m_i, v_i, w, pmf, p_nz = sar_moments(X[i], float(F[i]))
            mean += m_i / n
            var += v_i / n**2
            dw = w - int(ref[i])
            lengths = iv_code_bits(d, w) + (np.full(w.size, _fixed_width(d)) if self.delta_w == "fixed"
                                       else gamma_length(zigzag(dw) + 1))
            bits += expect(lambda v, lengths=lengths, w=w: lengths[np.searchsorted(w, v)], w, pmf)
            bits += float(p_nz.sum())
        return mean, var, bits

def _fixed_width(dk):
    """``ceil(log2(2 d + 1))`` bits for ``Delta w`` in ``[-d, d]``, exactly (integer arithmetic)."""
    return np.vectorize(lambda k: int(2 * int(k)).bit_length(), otypes=[np.int64])(dk) \
        if np.ndim(dk) else int(2 * int(dk)).bit_length()

