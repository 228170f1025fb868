"""DRIVE (Vargaftik et al. 2021): published vNMSE of both scales, exact identities.

Seeds are fixed; Monte Carlo tolerances are z * sd / sqrt(T) with z = 4.9 (two-sided
1 - 1e-6 per assertion), see ``tests/stats.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers import Message
from tests.quantizers.test_eden import vnmse
from tests.stats import assert_mean_equals, mean_ci

#: the paper's limits for large d: pi/2 - 1 (unbiased), 1 - 2/pi (biased)
LIMIT = {True: np.pi / 2 - 1, False: 1 - 2 / np.pi}


@pytest.mark.parametrize("unbiased", [True, False])
def test_reproduces_the_published_vnmse(unbiased):
    """Mean over 64 vectors of dimension 2^15 within z * se plus a 0.5 % allowance for the
    finite-dimension correction (the paper's values are limits as d grows)."""
    m, h = mean_ci(vnmse(quantizers.get("drive", unbiased=unbiased)))
    assert abs(m - LIMIT[unbiased]) <= h + 5e-3 * LIMIT[unbiased], (m, h)


def test_uniform_rotation_is_unbiased():
    x = np.array([1.0, -2.0, 0.25, 4.0, 0.0])
    q = quantizers.get("drive", rotation="uniform")
    assert q.unbiased
    est = np.stack([q.quantize(x, rng=0, shared=s).estimate for s in range(4000)])
    assert_mean_equals(est, x)


def test_scale_identities_and_bits():
    X = np.random.default_rng(1).standard_normal((6, 64))
    out = quantizers.get("drive").quantize(X, rng=0, shared=2)
    np.testing.assert_allclose((out.estimate * X).sum(-1), (X * X).sum(-1), rtol=1e-10)
    assert out.bits.tolist() == [64 + 64] * 6
    b = quantizers.get("drive", unbiased=False).quantize(X, rng=0, shared=2).estimate
    np.testing.assert_allclose(((X - b) * b).sum(-1), 0.0, atol=1e-9)


def test_decoder_refuses_a_negative_or_infinite_scale():
    q = quantizers.get("drive")
    msg = q.encode(np.ones(8), rng=0)
    for first in (b"\xff\xf0", b"\x80\x10"):  # -inf, a negative number
        bad = first + msg.payload[2:]
        with pytest.raises(DecodeError, match="scale"):
            q.decode(Message(bad, msg.nbits, 8, "drive"))
    with pytest.raises(InvalidInputError):
        quantizers.get("drive", unbiased=1)
