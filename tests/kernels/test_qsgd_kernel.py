"""QSGD's compiled rounding and estimate equal the numpy reference on the stream."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.kernels import stream
from commbounds.quantizers.qsgd import row_scale


def _reference(X, s, norm, rng):
    scale = row_scale(X, norm)
    keys = stream.row_keys(rng, X.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(scale[:, None] > 0, np.abs(X) / scale[:, None], 0.0)
    u = np.clip(a, 0.0, 1.0) * s
    fl = np.minimum(np.floor(u), s - 1)
    zeta = (fl + (stream.uniforms(keys, X.shape[1]) < u - fl)).astype(np.int64)
    sign = np.where((X < 0) & (zeta > 0), -1.0, 1.0)
    est = np.where(zeta > 0, scale[:, None] * (sign * zeta / s), 0.0)
    return zeta, est


@pytest.mark.parametrize("norm", ["l2", "linf"])
@pytest.mark.parametrize("s", [1, 3, 16])
def test_compiled_qsgd_equals_reference(norm, s):
    X = np.random.default_rng(s).standard_normal((4, 300))
    X[1] = 0.0                                           # a zero row: scale 0, all levels 0
    q = quantizers.get("qsgd", s=s, norm=norm)
    rep = q._draw(X, np.random.default_rng(9), None)
    zeta, est = _reference(X, s, norm, np.random.default_rng(9))
    np.testing.assert_array_equal(rep["zeta"], zeta)
    out = q._estimate(rep, X.shape[1], None, None)
    np.testing.assert_array_equal(out, est)
    assert not np.signbit(out[zeta == 0]).any()          # zeros are +0.0
