"""korhonen2021 quantized GD: Lemma 14 every round, mu^t W, bits, value round, reductions."""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds import constructions
from commbounds.errors import InvalidInputError
from commbounds.quantizers.quantized_gd import Quadratic, QuantizedGD


@pytest.mark.parametrize("kappa", [2.0, 6.0])
def test_invariants_and_convergence(kappa):
    gd = QuantizedGD(alpha=1.0, beta=kappa, W=1.0, eps=1e-5)
    X = QuantizedGD.sample_input(np.random.default_rng(0), 4, 6, {"W": 1.0})
    t = gd.run(X)
    assert t.failures == 0
    for r in t.info["invariants"]:
        assert r["holds"], r
        assert r["q1_bound"] == pytest.approx(cb.bound("korhonen2021:lem14/q1")(kappa=gd.kappa, t=r["t"], W=1.0))
    F = 0.5 * (gd.curvatures(4, 6) * (t.estimate - X) ** 2).sum()
    Fstar = 0.5 * (gd.curvatures(4, 6) * (t.info["x_star"] - X) ** 2).sum()
    assert F - Fstar <= 1e-5
    assert F - 1e-12 <= t.info["F_hat"] <= F + 1e-5 + 1e-12
    kinds = t.ledger.by_kind()
    assert set(kinds) == {"init grad", "init sum", "gradient", "sum", "value"}


def test_bits_grow_like_kappa_log_kappa():
    X = QuantizedGD.sample_input(np.random.default_rng(1), 3, 4, {"W": 1.0})
    bits = {k: int(QuantizedGD(alpha=1.0, beta=k, W=1.0, eps=1e-4).simulate(X).bits) for k in (2.0, 8.0)}
    ratio = bits[8.0] / bits[2.0]
    assert 2.0 < ratio < 12.0


def test_solve_drives_the_reductions():
    for name in ("equality-reduction", "mean-2bits-reduction"):
        c = constructions.get(name, N=3, d=2, eps=1e-4, beta=3.0)
        gd = QuantizedGD.for_reduction(c)
        assert all(c.decide(gd, c.sample(rng=s)).correct for s in range(3))


def test_quadratic_and_bad_parameters():
    f = Quadratic([1.0, 2.0], [0.5, -1.0])
    assert f.value(f.minimiser()) == 0 and np.allclose(f.gradient([1.5, -1.0]), [1.0, 0.0])
    for bad in ({"alpha": 0.0}, {"alpha": 5.0}, {"eps": -1.0}, {"W": np.inf}):
        kw = {"alpha": 1.0, "beta": 4.0, "W": 1.0, "eps": 1e-3, **bad}
        with pytest.raises(InvalidInputError):
            QuantizedGD(**kw)
