"""korhonen2021 Corollary 10: validity, accuracy <= eps, deterministic, bits O(d log(R/eps))."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError


@pytest.mark.parametrize("kind", ["Dn", "cubic"])
@pytest.mark.parametrize("d", [1, 5, 64])
def test_validity_and_accuracy(kind, d):
    eps, R = 0.02, 1.5
    Q = quantizers.get("closest-lattice", eps=eps, R=R, lattice=kind)
    rng = np.random.default_rng(d)
    X = rng.normal(size=(300, d)) * 40
    u = rng.normal(size=X.shape)
    side = X + u / np.linalg.norm(u, axis=1, keepdims=True) * R * rng.uniform(0, 1, size=(300, 1))
    out = Q.quantize(X, side=side)
    assert np.linalg.norm(out.estimate - X, axis=1).max() <= eps + 1e-12
    np.testing.assert_array_equal(out.estimate, Q.quantize(X, side=X).estimate)  # same point for any valid side
    lam = eps / R
    assert out.bits[0] <= d * (np.log2(1 / lam + 1) + 0.5 * np.log2(max(d, 2)) + 2)


def test_deterministic_and_bad_parameters():
    Q = quantizers.get("closest-lattice", eps=0.1, R=1.0)
    x = np.arange(6.0)
    assert Q.encode(x, rng=1).payload == Q.encode(x, rng=2).payload
    for bad in ({"eps": 0.0, "R": 1.0}, {"eps": 0.1, "R": -1.0}, {"eps": 0.1, "R": 1.0, "lattice": "E8"}):
        with pytest.raises(InvalidInputError):
            quantizers.get("closest-lattice", **bad)
