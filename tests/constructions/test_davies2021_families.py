"""davies2021's hard inputs: Theorem 13's adversary, Theorem 15's ball and Theorem 16's mixture.

Statistical assertions use tests/stats.py (z = 4.9: two-sided confidence 1 - 1e-6 each).
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import constructions
from commbounds.constructions._balls import log2_ball_volume, uniform_in_ball
from commbounds.errors import BoundDomainError, InvalidInputError
from tests.stats import Z, assert_mean_equals


@pytest.mark.parametrize("d", [1, 3, 200])
def test_ball_sampler_radius_law_and_centre(d):
    # P[||x - c|| <= R t] = t^d; at t = 2^{-1/d} the fraction is 1/2
    g = np.random.default_rng(0)
    T, R = 20_000, 3.0
    c = np.full(d, 5.0)
    P = uniform_in_ball(g, c, R, size=T)
    r = np.linalg.norm(P - c, axis=-1)
    assert np.all(r <= R * (1 + 1e-12))
    inside = r <= R * 0.5 ** (1 / d)
    assert abs(inside.mean() - 0.5) <= Z * np.sqrt(0.25 / T)
    assert_mean_equals(P - c, np.zeros(d))  # uniform direction: centred


def test_ball_sampler_broadcasts_centres_and_radii():
    g = np.random.default_rng(1)
    c = np.zeros((4, 3, 7))
    radii = np.array([1.0, 2.0, 3.0])
    P = uniform_in_ball(g, c, radii, size=50)
    assert P.shape == (50, 4, 3, 7)
    assert np.all(np.linalg.norm(P, axis=-1) <= radii * (1 + 1e-12))
    assert log2_ball_volume(2, 1.0) == pytest.approx(np.log2(np.pi))


@pytest.mark.parametrize("n,x_norm", [(2, 0.0), (5, 1e6)])
def test_adversary_properties_exact(n, x_norm):
    c = constructions.get("mean-estimation-adversary", d=12, y=2.0, b=30, n=n, x_norm=x_norm)
    inst = c.sample(rng=2, size=200)
    assert inst.inputs.shape == (200, n, 12)
    assert all(c.check(inst).values())
    assert np.all(inst.properties["max_pairwise_distance"] <= 2.0 * (1 + 1e-9))
    assert inst.properties["delta"] == pytest.approx(0.5 * 2 ** (-30 / 12))
    assert c.source == "davies2021:thm13"


def test_adversary_against_a_codebook_avoids_every_delta_ball():
    c = constructions.get("mean-estimation-adversary", d=2, y=1.0, b=4, n=3)
    # 15 < 2^4 outputs spread over B_{1/2}(0): the free region has positive volume
    g = np.random.default_rng(3)
    E = uniform_in_ball(g, np.zeros(2), 0.5, size=15)
    inst = c.against(E, rng=4, x_v=np.zeros(2))
    z = inst.truth["mean"]
    assert np.all(np.linalg.norm(E - z, axis=-1) > c.delta)
    assert all(c.check(inst).values())
    with pytest.raises(BoundDomainError, match="fewer than 2\\^b"):
        c.against(np.zeros((16, 2)), rng=0)


def test_adversary_rejects_parameters():
    with pytest.raises(BoundDomainError, match="n >= 2"):
        constructions.get("mean-estimation-adversary", d=3, y=1.0, b=2, n=1)
    with pytest.raises(InvalidInputError):
        constructions.get("mean-estimation-adversary", d=3, y=-1.0, b=2)


def test_vr_ball_exact_and_statistical_properties():
    d, sigma, n, T = 12, 0.7, 6, 4000
    c = constructions.get("vr-ball", d=d, sigma=sigma, n=n)
    inst = c.sample(rng=5, size=T)
    assert all(c.check(inst).values())
    X, nabla = inst.inputs, inst.truth["nabla"]
    noise = (X - nabla[:, None, :]).reshape(T * n, d)
    assert_mean_equals(noise, np.zeros(d))  # unbiased inputs
    assert_mean_equals((noise**2).sum(-1), d * sigma**2 / (d + 2))  # input variance
    # ||nabla|| has P[<= d^2 sigma 2^{-1/d}] = 1/2
    frac = (inst.properties["norm_nabla"] <= d**2 * sigma * 0.5 ** (1 / d)).mean()
    assert abs(frac - 0.5) <= Z * np.sqrt(0.25 / T)
    # the proof's P[A_v] >= 1 - 4/d
    assert inst.properties["A_v"].mean() >= 1 - 4 / d


def test_vr_mixture_exact_and_statistical_properties():
    d, n, sigma, T = 13, 4, 1.5, 5000
    c = constructions.get("vr-mixture", d=d, n=n, sigma=sigma)
    inst = c.sample(rng=6, size=T)
    assert all(c.check(inst).values())
    far = inst.truth["far"]
    p = 1 / n
    assert abs(far.mean() - p) <= Z * np.sqrt(p * (1 - p) / (T * n))
    sq = ((inst.inputs - inst.truth["nabla"][:, None, :]) ** 2).sum(-1).ravel()
    assert_mean_equals(sq, d * sigma**2 / (d + 2))
    # the proof's P[union A_v] > 0.5 (exact value 1 - (1 - 1/n)^n times a factor near 1)
    assert inst.properties["any_A_v"].mean() > 0.5


@pytest.mark.parametrize("name,kw,match", [
    ("vr-ball", dict(d=8, sigma=1.0), "d >= 9"),
    ("vr-mixture", dict(d=12, n=4, sigma=1.0), "d >= 13"),
    ("vr-mixture", dict(d=20, n=3, sigma=1.0), "n >= 4"),
])
def test_vr_families_reject_parameters_outside_the_proof(name, kw, match):
    with pytest.raises(BoundDomainError, match=match):
        constructions.get(name, **kw)
