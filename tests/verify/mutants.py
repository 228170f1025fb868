"""Deliberately wrong variants of real schemes, protocols, constructions and bounds.

Each mutant is one fault in an otherwise real object: a hook of the scheme overridden, a
bit count shaved, a plan reweighted, a packing point moved, a bound's constant halved.
:data:`MUTANTS` maps a mutant's name to ``(install, checks)``: ``install(monkeypatch)``
plants the fault where the suite will meet it, and ``checks`` are the ``(check id, grid
point)`` pairs that must then fail.  The test in ``test_mutants.py`` runs them.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from commbounds import quantizers
from commbounds.quantizers import tree as tree_module
from commbounds.quantizers.coding import gamma_length
from commbounds.quantizers.drive import Drive
from commbounds.quantizers.eden import Eden
from commbounds.quantizers.lattice_cubic import LatticeCubic, cubic_decode_index, cubic_dither
from commbounds.quantizers.lattice_sublinear import LatticeSublinear
from commbounds.quantizers.qsgd import QSGD, omega_length
from commbounds.quantizers.random_k import RandomK
from commbounds.quantizers.sar import SaR, check_weight
from commbounds.quantizers.sparse_dme import SparseDME
from commbounds.quantizers.suresh_rotated import SureshRotated
from commbounds.quantizers.top_k import TopK, top_indices
from commbounds.quantizers.wangni import Wangni
from commbounds.verify.suite import exact as exact_suite
from commbounds.verify.suite import korhonen2021 as korhonen_suite
from commbounds.verify.suite import packings as packings_suite

SMOKE = {"profile": "smoke"}


class BiasedSaR(SaR):
    """Estimate scaled by 1.02."""

    def _estimate(self, rep, d, shared, side):
        return 1.02 * super()._estimate(rep, d, shared, side)


class InflatedQSGD(QSGD):
    """Error inflated by 10 %: ``x + sqrt(1.1) (x_hat - x)``."""

    def _draw(self, X, rng, shared):
        return {**super()._draw(X, rng, shared), "x": X}

    def _estimate(self, rep, d, shared, side):
        est = super()._estimate(rep, d, shared, side)
        return rep["x"] + math.sqrt(1.1) * (est - rep["x"])


class ShortSaR(SaR):
    """Bits under-counted by 2 %."""

    def _bits(self, rep, d):
        return np.floor(0.98 * super()._bits(rep, d)).astype(np.int64)


class HeaderlessSaR(SaR):
    """The weight, side information the decoder needs, left out of the count."""

    def _bits(self, rep, d):
        w = np.abs(rep["u"]).sum(axis=-1)
        return super()._bits(rep, d) - gamma_length(w + 1)


class NudgedSaR(SaR):
    """Rounds up with probability ``frac + 0.02``."""

    def _draw(self, X, rng, shared):
        u = X / self.F
        fl = np.floor(u)
        up = rng.random(u.shape) < np.minimum(u - fl + 0.02, 1.0)
        out = (fl + up).astype(np.int64)
        check_weight(out, "sar")
        return {"u": out, "w": np.abs(out).sum(axis=-1), "nnz": np.count_nonzero(out, axis=-1)}


class UnsyncedSparseDME(SparseDME):
    """The F1 synchronisation round left out of the ledger."""

    def simulate(self, X, *, rng=None, shared=None):
        out = super().simulate(X, rng=rng, shared=shared)
        n = np.shape(X)[-2]
        return type(out)(out.estimate, out.bits - 2 * self.r * n, out.extra)


class UnscaledSampledDME(SparseDME):
    """With client sampling, the kept clients are not rescaled by 1/p."""

    def _core(self, X, rng, shared, channel):
        return super()._core(X * self.p, rng, shared, channel)


class MisscaledRotated(SureshRotated):
    """The inverse rotation scaled by sqrt 2."""

    def _estimate(self, rep, d, shared, side):
        return math.sqrt(2) * super()._estimate(rep, d, shared, side)


class ShortTopK(TopK):
    """Keeps k - 1 entries (still counts k)."""

    def _select(self, X, rng):
        return top_indices(X, self.k - 1)


class ShortRandomK(RandomK):
    """Keeps k - 1 entries, still rescales by d/k."""

    def _select(self, X, rng):
        return super()._select(X, rng)[:, : self.k - 1]


class WrongModulusCubic(LatticeCubic):
    """Decodes with modulus q + 1."""

    def _estimate(self, rep, d, shared, side):
        theta = cubic_dither(rep["c"].shape, self.s, shared)
        return theta + self.s * cubic_decode_index(rep["c"], theta, self.s, self.q + 1, side)


class ScaledEden(Eden):
    """The decoded estimate scaled by 1.02 (a scale written as 1.02 S)."""

    def _estimate(self, rep, d, shared, side):
        return 1.02 * super()._estimate(rep, d, shared, side)


class ShortDrive(Drive):
    """One bit under-counted (the sign of the last padded coordinate left out)."""

    def _bits(self, rep, d):
        return super()._bits(rep, d) - 1


class FixedRotationEden(Eden):
    """Ignores the shared seed: every run uses the rotation of seed 0."""

    def _draw(self, X, rng, shared):
        return super()._draw(X, rng, 0)

    def _estimate(self, rep, d, shared, side):
        return super()._estimate(rep, d, 0, side)


class UncountedQSGD(QSGD):
    """The number-of-non-zeros code left out of the count."""

    def _bits(self, rep, d):
        count = np.count_nonzero(rep["zeta"], axis=-1)
        return super()._bits(rep, d) - omega_length(count + 1)


class NudgedWangni(Wangni):
    """Keeps each unsaturated coordinate with probability p + 0.02 (still sends 1/lambda)."""

    def _draw(self, X, rng, shared):
        rep = super()._draw(X, rng, shared)
        light = (np.abs(X) > 0) & ~rep["sat"] & ~rep["keep"]
        extra = light & (rng.random(X.shape) < 0.02 / 0.98)
        keep = rep["keep"] | extra
        return {**rep, "keep": keep, "neg": keep & ~rep["sat"] & (X < 0)}


class RetryUncountedSublinear(LatticeSublinear):
    """The retry index's code left out of the count."""

    def _bits(self, rep, d):
        return super()._bits(rep, d) - gamma_length(rep["i"] + 1).sum(axis=1)


def _proof_constant_low(mp):
    real = korhonen_suite.proof_constant
    mp.setattr(korhonen_suite, "proof_constant", lambda kappa: 0.95 * real(kappa))


def _scheme(mutant_cls):
    def install(mp):
        real = exact_suite._scheme

        def make(name):
            if name == mutant_cls.name:
                return mutant_cls(**exact_suite.exact_params(name, quantizers.registry.scheme_class(name)))
            return real(name)
        mp.setattr(exact_suite, "_scheme", make)
    return install


def _rotation_scheme(mutant_cls):
    def install(mp):
        real = exact_suite._variant

        def make(name, kw):
            return mutant_cls(**kw) if name == mutant_cls.name else real(name, kw)
        mp.setattr(exact_suite, "_variant", make)
    return install


def _protocol(mutant_cls):
    def install(mp):
        real = exact_suite._protocol

        def make(name, **kw):
            if name == mutant_cls.name:
                return mutant_cls(**{**quantizers.registry.protocol_class(name).typical, **kw})
            return real(name, **kw)
        mp.setattr(exact_suite, "_protocol", make)
    return install


def _unweighted_tree(mp):
    real = tree_module.tree_plan

    def plan(n, k):
        levels, root, pos = real(n, k)
        return ([[(p, [(c, 1, cid) for c, _, cid in kids], nid, len(kids)) for p, kids, nid, _ in lev]
                 for lev in levels], root, pos)
    mp.setattr(tree_module, "tree_plan", plan)


def _packing_below_distance(mp):
    real = packings_suite.constructions

    class Moved:
        def __init__(self, c):
            self._c = c

        def __getattr__(self, k):
            return getattr(self._c, k)

        def sample(self, rng=None, size=None):
            inst = self._c.sample(rng=rng, size=size)
            V = np.array(inst.inputs, copy=True)
            V[1] = V[0]
            V[1, 0] = 1 - V[1, 0]              # one bit from another point: distance 1
            return dataclasses.replace(inst, inputs=V)

    class Shim:
        def get(self, name, **kw):
            c = real.get(name, **kw)
            return Moved(c) if name == "hamming-packing" else c

        def __getattr__(self, k):
            return getattr(real, k)
    mp.setattr(packings_suite, "constructions", Shim())


def _halved_bound(mp):
    real = exact_suite._bound

    def halved(bid):
        b = real(bid)
        return lambda **kw: 0.5 * b(**kw)
    mp.setattr(exact_suite, "_bound", halved)


MUTANTS = {
    "estimate biased by 2 %": (_scheme(BiasedSaR), [("exact/sar", {"d": 16, "input": "generic", **SMOKE})]),
    "error inflated by 10 %": (_scheme(InflatedQSGD), [("exact/qsgd", {"d": 16, "input": "generic", **SMOKE})]),
    "bits under-counted by 2 %": (_scheme(ShortSaR), [("exact/sar", {"d": 16, "input": "generic", **SMOKE})]),
    "side information out of the ledger": (_scheme(HeaderlessSaR),
                                           [("exact/sar", {"d": 16, "input": "generic", **SMOKE})]),
    "sync round out of the ledger": (_protocol(UnsyncedSparseDME),
                                     [("exact/protocol-sparse-dme", {"n": 4, "d": 32, **SMOKE})]),
    "transform scale wrong": (_scheme(MisscaledRotated),
                              [("exact/suresh-rotated", {"d": 16, "input": "generic", **SMOKE})]),
    "top-k keeping k - 1": (_scheme(ShortTopK), [("exact/top-k", {"d": 16, "input": "generic", **SMOKE})]),
    "random-k keeping k - 1": (_scheme(ShortRandomK),
                               [("exact/random-k", {"d": 16, "input": "generic", **SMOKE})]),
    "probability off by 0.02": (_scheme(NudgedSaR), [("exact/sar", {"d": 16, "input": "generic", **SMOKE})]),
    "sampled clients not rescaled": (_protocol(UnscaledSampledDME),
                                     [("exact/protocol-sparse-dme", {"n": 4, "d": 32, "variant": 0, "profile": "quick"})]),
    "unweighted average in a tree": (_unweighted_tree,
                                     [("exact/protocol-tree", {"n": 3, "d": 32, "profile": "quick"})]),
    "lattice decoded with the wrong modulus": (_scheme(WrongModulusCubic),
                                               [("exact/lattice-cubic", {"d": 16, "input": "generic", **SMOKE})]),
    "packing below its distance": (_packing_below_distance, [("mayekar2020/hamming-packing-gv", {"d": 8})]),
    "bound constant halved": (_halved_bound, [("bound/barnes2020-prop1-top-k", {}),
                                              ("bound/huang2019-lem2.1-small-entries", {})]),
    "eden scaled wrong": (_scheme(ScaledEden), [("exact/eden", {"d": 16, "input": "generic", **SMOKE})]),
    "drive bits under-counted": (_scheme(ShortDrive), [("exact/drive", {"d": 16, "input": "generic", **SMOKE})]),
    "qsgd count code out of the ledger": (_scheme(UncountedQSGD),
                                          [("exact/qsgd", {"d": 16, "input": "generic", **SMOKE})]),
    "wangni probability off by 0.02": (_scheme(NudgedWangni),
                                       [("exact/wangni", {"d": 16, "input": "generic", **SMOKE})]),
    "sublinear retry index out of the ledger": (_scheme(RetryUncountedSublinear),
                                                [("exact/lattice-sublinear", {"d": 4, "input": "generic", **SMOKE})]),
    "shared rotation ignored": (_rotation_scheme(FixedRotationEden),
                                [("exact/eden-over-rotations", {"d": 8, "input": "generic", "variant": 0, **SMOKE})]),
    "theorem 11 judged against a constant 5 % low": (
        _proof_constant_low, [("korhonen2021/thm11-bits", {"kappa": 2.0, "N": 8, "d": 16, "eps": 1e-4})]),
}
