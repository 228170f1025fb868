"""Compiled top-k selection equals a stable-sort reference, ties included."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.quantizers.top_k import top_indices


def _reference(X, k):
    """The k largest magnitudes, lowest index first among ties, in increasing index order."""
    return np.sort(np.argsort(-np.abs(X), axis=-1, kind="stable")[..., :k], axis=-1)


@pytest.mark.parametrize("case", ["normal", "ties", "zeros", "sorted", "spike"])
@pytest.mark.parametrize("d, k", [(50, 3), (20_000, 20), (20_000, 19_999)])
def test_selection_equals_reference(case, d, k):
    rng = np.random.default_rng(d + k)
    X = {"normal": lambda: rng.standard_normal((3, d)),
         "ties": lambda: np.round(rng.standard_normal((3, d))),          # few distinct values
         "zeros": lambda: np.zeros((3, d)),
         "sorted": lambda: np.sort(rng.standard_normal((3, d)))[..., ::-1].copy(),
         "spike": lambda: np.where(np.arange(d) % 997 == 0, 1e3, rng.random((3, d)))}[case]()
    np.testing.assert_array_equal(top_indices(X, k), _reference(X, k))


def test_selection_keeps_leading_axes():
    X = np.random.default_rng(0).standard_normal((2, 3, 40))
    np.testing.assert_array_equal(top_indices(X, 4), _reference(X, 4))
