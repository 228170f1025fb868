"""The fast Walsh-Hadamard transform and the randomized rotation ``HD`` (exact checks)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import hadamard

from commbounds.errors import InvalidInputError
from commbounds.quantizers.hadamard import fwht, next_pow2, random_signs, rotate, unrotate


@pytest.mark.parametrize("D", [1, 2, 4, 8, 16, 64])
def test_agrees_with_scipy_and_is_orthonormal(D):
    H = fwht(np.eye(D))  # row i is H e_i = column i of H / sqrt(D); H is symmetric
    np.testing.assert_allclose(H, hadamard(D) / np.sqrt(D), atol=1e-14)
    np.testing.assert_allclose(H @ H.T, np.eye(D), atol=1e-12)


@pytest.mark.parametrize("D", [1, 8, 1024])
def test_involution_and_norm(D):
    X = np.random.default_rng(D).standard_normal((5, D))
    Y = fwht(X)
    np.testing.assert_allclose(fwht(Y), X, atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(Y, axis=1), np.linalg.norm(X, axis=1), rtol=1e-12)


def test_rows_are_bit_identical_alone_or_batched():
    X = np.random.default_rng(0).standard_normal((3, 4, 32))
    batch = fwht(X)
    for i in range(3):
        for j in range(4):
            assert np.array_equal(fwht(X[i, j]), batch[i, j])


def test_rotation_round_trip_with_padding():
    x = np.random.default_rng(1).standard_normal((2, 37))
    s = random_signs(4, next_pow2(37))
    z = rotate(x, s)
    assert z.shape == (2, 64)
    np.testing.assert_allclose(np.linalg.norm(z, axis=1), np.linalg.norm(x, axis=1), rtol=1e-12)
    np.testing.assert_allclose(unrotate(z, s, 37), x, atol=1e-12)


def test_signs_are_shared_and_fair():
    a, b = random_signs(9, 4096), random_signs(9, 4096)
    assert np.array_equal(a, b) and set(np.unique(a)) == {-1.0, 1.0}
    assert abs(a.mean()) < 4.9 / np.sqrt(4096)  # two-sided z = 4.9
    assert not np.array_equal(a, random_signs(10, 4096))


def test_next_pow2_and_errors():
    assert [next_pow2(d) for d in (1, 2, 3, 4, 5, 1000, 1024)] == [1, 2, 4, 4, 8, 1024, 1024]
    with pytest.raises(InvalidInputError, match="power-of-two"):
        fwht(np.ones(6))
    with pytest.raises(InvalidInputError):
        next_pow2(0)
    with pytest.raises(InvalidInputError):
        rotate(np.ones(9), random_signs(0, 8))
