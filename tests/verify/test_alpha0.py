"""The alpha_0 measurement: exact where the second moment is deterministic, intervals that
cover a known value, clear errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.simq_plus import dual_norm
from commbounds.verify.alpha0 import candidate_inputs, measure_alpha0


def test_candidates_lie_on_the_lq_sphere():
    for p in (1.0, 1.5, 2.0, 4.0, np.inf):
        Y = candidate_inputs(20, p, 3.0, rng=0)
        np.testing.assert_allclose(dual_norm(Y, p), 3.0)


def test_simq_plus_second_moment_is_measured_within_its_interval():
    # E||Q(Y)||^2 = ||Y||^2 + (E||Q_1(Y) - Y||^2)/k = ||Y||^2 + (R ||Y||_1 - ||Y||^2)/k
    d, k, B = 16, 4, 1.0
    q = quantizers.get("simq-plus", B=B, k=k, p=2)
    y = candidate_inputs(d, 2.0, B, rng=1)[1]  # the flat vector
    R = B * math.sqrt(d)
    exact = (y @ y) + (R * np.abs(y).sum() - y @ y) / k
    est = measure_alpha0(q, p=2, inputs=y, trials=20_000, rng=3)
    assert est.ci[0] <= math.sqrt(exact) <= est.ci[1]


def test_bad_arguments():
    q = quantizers.get("simq", B=1.0)
    with pytest.raises(InvalidInputError, match="p >= 1"):
        measure_alpha0(q, p=0.5, B=1.0, d=4)
    with pytest.raises(InvalidInputError, match="inputs"):
        measure_alpha0(q, p=2)
    with pytest.raises(InvalidInputError, match="trials"):
        measure_alpha0(q, p=2, B=1.0, d=4, trials=1)
