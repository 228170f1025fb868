"""barnes2020's sparse Bernoulli model, its extensions (i)-(iii) and Theorem 2's cube.

Frequencies are checked with z = 4.9 binomial intervals (confidence 1 - 1e-6 each).
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import constructions
from commbounds.constructions.bernoulli_cube import orlicz_scale
from commbounds.constructions.sparse_bernoulli import binarise
from commbounds.errors import BoundDomainError, InvalidInputError
from tests.stats import Z, assert_mean_equals

THETA = np.array([0.9, 0.05, 0.0, 0.5, 0.3, 0.0, 0.15, 0.1])


def _frequency_ok(B, theta):
    T = B.shape[0] * B.shape[-2]
    f = B.reshape(T, -1).mean(axis=0)
    sd = np.sqrt(theta * (1 - theta) / T)
    return np.all(np.abs(f - theta) <= Z * sd + 1e-12)


def test_plain_model_frequencies_and_exact_support():
    c = constructions.get("sparse-bernoulli", d=8, s=2.0, theta=THETA, n=10)
    inst = c.sample(rng=0, size=3000)
    assert inst.inputs.shape == (3000, 10, 8)
    assert all(c.check(inst).values())
    assert set(np.unique(inst.inputs)) <= {0.0, 1.0}
    assert _frequency_ok(inst.inputs, THETA)
    assert np.all(inst.inputs[..., THETA == 0] == 0)


def test_signed_scaled_variant_means():
    theta = THETA * np.array([1, -1, 1, -1, 1, -1, 1, -1])
    c = constructions.get("sparse-bernoulli", d=8, s=2.0, theta=theta, n=4, variant="signed+scaled", M=3.0)
    inst = c.sample(rng=1, size=5000)
    assert all(c.check(inst).values())
    assert set(np.unique(inst.inputs)) <= {-3.0, 0.0, 3.0}
    assert np.all(np.sign(inst.inputs) * np.sign(theta) >= 0)
    assert_mean_equals(inst.inputs.reshape(-1, 8), 3.0 * theta)
    np.testing.assert_array_equal(inst.truth["mean"][0], 3.0 * theta)


def test_perturbed_variant_is_recovered_by_the_papers_preprocessing():
    c = constructions.get("sparse-bernoulli", d=8, s=2.0, theta=THETA, n=4, variant="perturbed")
    inst = c.sample(rng=2, size=2000)
    checks = c.check(inst)
    assert all(checks.values()) and "binarise recovers the draws" in checks
    np.testing.assert_array_equal(binarise(inst.inputs), inst.truth["bernoulli"])
    assert len(np.unique(inst.inputs)) > 1000  # continuous values
    assert_mean_equals(inst.inputs.reshape(-1, 8), THETA)  # zero-mean noise keeps the mean


def test_default_theta_sits_on_the_boundary():
    c = constructions.get("sparse-bernoulli", d=50, s=5.0, n=2, variant="signed")
    assert np.abs(c.theta).sum() == pytest.approx(5.0)
    assert np.any(c.theta < 0) and all(c.check(c.sample(rng=3)).values())


@pytest.mark.parametrize("kw,err,match", [
    (dict(d=4, s=1.0, theta=[0.5, 0.5, 0.5, 0.0]), BoundDomainError, "sum_j"),
    (dict(d=4, s=3.0, theta=[-0.5, 0.5, 0.5, 0.0]), BoundDomainError, "theta in \\[0, 1\\]"),
    (dict(d=4, s=5.0), BoundDomainError, "s <= d"),
    (dict(d=4, s=1.0, theta=[0.1, 0.1]), InvalidInputError, "length d"),
    (dict(d=4, s=1.0, variant="rotated"), InvalidInputError, "variant"),
    (dict(d=4, s=1.0, M=2.0), InvalidInputError, "scaled"),
])
def test_sparse_bernoulli_rejects(kw, err, match):
    with pytest.raises(err, match=match):
        constructions.get("sparse-bernoulli", **kw)


def test_cube_theta_uniform_in_the_cube_and_orlicz_moment():
    d, s, T = 40, 6.0, 2000
    c = constructions.get("bernoulli-cube", d=d, s=s, n=5)
    inst = c.sample(rng=4, size=T)
    assert all(c.check(inst).values())
    theta = inst.truth["theta"]
    assert np.all(theta.sum(axis=-1) <= s)
    assert_mean_equals(theta.ravel(), 0.75 * s / d)  # uniform on [s/(2d), s/d]
    assert np.all(inst.properties["orlicz_moment"] <= 2)
    # the Orlicz bound is tight in the sense that a smaller N breaks it
    t = theta[0]
    N = 0.5 * orlicz_scale(t)
    assert np.any(t * np.exp((1 / (t * N)) ** 2) + (1 - t) * np.exp((1 / ((1 - t) * N)) ** 2) > 2)
    B = inst.truth["bernoulli"]
    # conditionally on theta, each draw is Bern(theta): standardised residuals average 0
    resid = (B - theta[:, None, :]) / np.sqrt(theta * (1 - theta))[:, None, :]
    assert abs(resid.mean()) <= Z / np.sqrt(resid.size)


def test_cube_rejects_s_above_half_d():
    with pytest.raises(BoundDomainError, match="s <= d/2"):
        constructions.get("bernoulli-cube", d=10, s=6.0)
