"""commbounds.testing.check_scheme: a correct scheme passes, and each planted defect is
caught by the check that names it (seeds fixed; the statistical checks run at 99.9 %
two-sided confidence, Bonferroni over coordinates, so a correct scheme fails one with
probability below 0.2 %)."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import CommboundsError, DecodeError
from commbounds.quantizers.base import Scheme
from commbounds.testing import SchemeCheckError, check_scheme


class Sign(Scheme):
    """Signs and the mean magnitude: 64 + d bits, biased."""

    unbiased = False

    def _draw(self, X, rng, shared):
        return {"scale": np.abs(X).mean(axis=1), "neg": X < 0}

    def _bits(self, rep, d):
        return np.full(rep["neg"].shape[0], 64 + d)

    def _estimate(self, rep, d, shared, side):
        return np.where(rep["neg"], -1.0, 1.0) * rep["scale"][..., None]

    def _write(self, w, rep, d):
        w.write_uint(int(np.float64(rep["scale"]).view(np.uint64)), 64)
        w.write_bits(rep["neg"].astype(np.uint8))

    def _read(self, r, d, shared, side):
        scale = np.uint64(r.read_uint(64)).view(np.float64)
        if not np.isfinite(scale):
            raise DecodeError(f"scale {scale} is not finite")
        return {"scale": scale, "neg": r.read_bits(d).astype(bool)}


def test_a_correct_biased_scheme_passes_and_says_what_does_not_apply():
    r = check_scheme(Sign, d=16, seed=0)
    assert r.ok
    assert r.verdict("contract") == r.verdict("payload-fuzz") == r.verdict("hostile-input") == "pass"
    assert r.verdict("unbiased") == "not-applicable"       # it does not claim to be unbiased
    assert r.verdict("lower-bound") == "not-applicable"    # its error is above Thm 3.1's level
    assert "contract" in str(r)


def test_a_registered_scheme_passes():
    r = check_scheme(quantizers.get("sar", F=0.5), d=16, trials=2000)
    assert r.verdict("unbiased") == "pass" and "sensitivity" in str(r)


class _UnderCounted(Sign):
    def _bits(self, rep, d):
        return np.full(rep["neg"].shape[0], 64 + d - 1)


class _Biased(Scheme):
    unbiased = True

    def _draw(self, X, rng, shared):
        return {"v": X * 1.05}

    def _bits(self, rep, d):
        return np.full(rep["v"].shape[0], 64 * d)

    def _estimate(self, rep, d, shared, side):
        return rep["v"] + 0.0

    def _write(self, w, rep, d):
        w.write_uints(np.asarray(rep["v"], dtype=np.float64).view(np.uint64), 64)

    def _read(self, r, d, shared, side):
        return {"v": r.read_uints(d, 64).astype(np.uint64).view(np.float64)}


_STASH: dict = {}


class _Cheat(Scheme):
    """Sends nothing and decodes the exact input from a hidden channel."""

    unbiased = True

    def _draw(self, X, rng, shared):
        _STASH["x"] = X.copy()
        return {"x": X.copy()}

    def _bits(self, rep, d):
        return np.zeros(rep["x"].shape[0], dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        return rep["x"]

    def _write(self, w, rep, d):
        pass

    def _read(self, r, d, shared, side):
        return {"x": _STASH["x"][-1]}


class _Crashes(Sign):
    def _read(self, r, d, shared, side):
        if r.remaining < 64 + d:
            raise KeyError("boom")
        return super()._read(r, d, shared, side)


@pytest.mark.parametrize("scheme, caught_by", [
    (_UnderCounted, "contract"),      # quantize counts one bit fewer than encode writes
    (_Biased, "unbiased"),            # a 5 % scale error on a scheme that claims E[x_hat] = x
    (_Cheat, "lower-bound"),          # zero bits at zero error beats Theorem 3.1
    (_Crashes, "payload-fuzz"),       # a corrupted payload raises KeyError, not DecodeError
])
def test_planted_defects_are_caught(scheme, caught_by):
    r = check_scheme(scheme, d=16, seed=1, raise_on_fail=False)
    assert r.verdict(caught_by) == "fail", str(r)
    with pytest.raises(SchemeCheckError, match=caught_by):
        r.raise_for_failures()
    assert issubclass(SchemeCheckError, CommboundsError) and issubclass(SchemeCheckError, AssertionError)


def test_not_a_scheme_is_refused():
    with pytest.raises(SchemeCheckError, match="Scheme subclass or instance"):
        check_scheme(object)


def test_the_same_seed_gives_the_same_report():
    a = check_scheme(Sign, d=8, seed=3, trials=500)
    b = check_scheme(Sign, d=8, seed=3, trials=500)
    assert str(a) == str(b)
