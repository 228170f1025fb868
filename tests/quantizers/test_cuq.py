"""CUQ: unbiased inside [-M, M], error at most 2M/(k-1), d ceil(log2(k+1)) bits.

Statistical tolerances: z * sd / sqrt(T), z = 4.9 (two-sided 1 - 1e-6 per entry).
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from tests.stats import assert_mean_equals

X = np.array([-2.0, -1.3, -0.2, 0.0, 0.37, 1.0, 1.999, 2.0])


@pytest.mark.parametrize("k", [2, 3, 7, 16])
def test_unbiased_bounded_error_and_exact_variance(k):
    M = 2.0
    q = quantizers.get("cuq", M=M, k=k)
    out = q.quantize(np.broadcast_to(X, (50_000, X.size)), rng=np.random.default_rng(k))
    assert_mean_equals(out.estimate, X)
    assert np.all(np.abs(out.estimate - X) <= 2 * M / (k - 1) + 1e-12)
    step = 2 * M / (k - 1)
    lo = -M + step * np.floor((X + M) / step)
    assert_mean_equals((out.estimate - X) ** 2, (X - lo) * (lo + step - X))
    assert np.all(out.bits == X.size * int(np.ceil(np.log2(k + 1))))


def test_out_of_range_is_rejected_and_parameters_checked():
    with pytest.raises(InvalidInputError, match=r"\|\|Y\|\|_inf <= M"):
        quantizers.get("cuq", M=1.0, k=4).quantize(np.array([0.5, -1.5]), rng=0)
    with pytest.raises(InvalidInputError, match="k >= 2"):
        quantizers.get("cuq", M=1.0, k=1)
    with pytest.raises(InvalidInputError, match="M"):
        quantizers.get("cuq", M=0.0, k=3)
