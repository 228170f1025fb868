"""Compiled top-k selection equals a stable-sort reference, ties included, and refuses NaN."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.top_k import TopK, top_indices


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


@pytest.mark.parametrize("where", [0, 4097 * 3, 19_999])      # in the strided sample or not
@pytest.mark.parametrize("k", [20, 19_999])                    # threshold pass, or every entry
def test_selection_refuses_nan(where, k):
    X = np.random.default_rng(1).standard_normal((2, 20_000))
    X[1, where] = np.nan
    with pytest.raises(InvalidInputError, match="NaN"):
        top_indices(X, k)


@pytest.mark.parametrize("name, params", [("top-k", {"k": 3}), ("rtop-k", {"k": 2, "r": 5}),
                                          ("random-k", {"k": 3})])
@pytest.mark.parametrize("bad, match", [(np.nan, "NaN"), (-np.inf, "NaN or inf"), (1e151, "above"),
                                        (1e39, "precision=32")])
def test_quantize_refuses_what_validation_refuses(name, params, bad, match):
    # top-k and rtop-k leave the entry checks to the selection; random-k to validation
    X = np.random.default_rng(2).standard_normal((2, 9000))
    X[0, 77] = bad
    with pytest.raises(InvalidInputError, match=match):
        quantizers.get(name, **params).quantize(X, rng=0)


def test_an_overriding_draw_loses_the_mark():
    class Plain(TopK):
        def _draw(self, X, rng, shared):
            return super()._draw(X, rng, shared)

    assert TopK._draw.checks_values and not hasattr(Plain._draw, "checks_values")
    with pytest.raises(InvalidInputError, match="NaN"):
        Plain(k=1).quantize(np.array([1.0, np.nan]), rng=0)
