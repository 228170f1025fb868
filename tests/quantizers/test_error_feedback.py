"""Error compensation (barnes2020 Algorithm 1): memory bookkeeping and path agreement."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers.error_feedback import ErrorFeedback


def test_nothing_is_lost_sent_plus_memory_equals_inputs():
    rng = np.random.default_rng(0)
    ef = ErrorFeedback(quantizers.get("rtop-k", k=2, r=6, precision=64))
    G = rng.standard_normal((20, 4, 30))
    sent = np.zeros((4, 30))
    for g in G:
        sent += ef.step(g, rng=rng).estimate
    np.testing.assert_allclose(sent + ef.memory, G.sum(axis=0), atol=1e-12)


def test_encode_path_matches_the_fast_path():
    x = np.random.default_rng(1).standard_normal((5, 16))
    a = ErrorFeedback(quantizers.get("top-k", k=3, precision=32))
    b = ErrorFeedback(quantizers.get("top-k", k=3, precision=32))
    for t, g in enumerate(x):
        fast = a.step(g[None], rng=t)
        msg = b.encode(g, rng=t)
        assert msg.nbits == int(fast.bits[0])
        np.testing.assert_array_equal(a.memory[0], b.memory)


def test_shape_change_needs_reset():
    ef = ErrorFeedback(quantizers.get("top-k", k=1))
    ef.step(np.ones((2, 3)), rng=0)
    with pytest.raises(InvalidInputError, match="reset"):
        ef.step(np.ones((3, 3)), rng=0)
    ef.reset()
    ef.step(np.ones((3, 3)), rng=0)
    with pytest.raises(InvalidInputError):
        ErrorFeedback("top-k")
