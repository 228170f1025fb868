"""The k-level family's compiled rounding and grid values equal the numpy reference."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.kernels import stream
from commbounds.quantizers.suresh_klevel import klevel_round, klevel_values


def _reference(X, k, rng):
    lo, hi = X.min(axis=-1), X.max(axis=-1)
    span = (hi - lo)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        u = np.where(span > 0, (X - lo[..., None]) / span * (k - 1), 0.0)
    u = np.clip(u, 0.0, k - 1)
    fl = np.minimum(np.floor(u), k - 2)
    keys = stream.row_keys(rng, X.size // X.shape[-1]).reshape(X.shape[:-1])
    levels = (fl + (stream.uniforms(keys, X.shape[-1]) < u - fl)).astype(np.int64)
    values = lo[..., None] + (levels / (k - 1)) * (hi - lo)[..., None]
    return levels, values


@pytest.mark.parametrize("k", [2, 5, 2**20])
def test_compiled_klevel_equals_reference(k):
    X = np.random.default_rng(k).standard_normal((2, 3, 200))
    X[0, 1] = 1.5                                     # a constant row: every level 0
    levels, lo, hi = klevel_round(X, k, np.random.default_rng(4))
    ref_levels, ref_values = _reference(X, k, np.random.default_rng(4))
    np.testing.assert_array_equal(levels, ref_levels)
    np.testing.assert_array_equal(klevel_values(levels, lo, hi, k), ref_values)
