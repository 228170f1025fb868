"""quantize holds at most three input-sizes of memory (tracemalloc, output included) for
the schemes whose whole-array temporaries were removed: index arrays in the smallest integer
type, int8 rotation signs, in-place inverse rotations, estimates formed in one array,
dithers computed inline and lattice closest points written into one output."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.quantizers.registry import scheme_class

SCHEMES = ["bernoulli-subsample", "closest-lattice", "cuq", "drive", "eden", "lattice-cubic", "lp-composite", "ratq", "simq", "simq-plus",
           "suresh-rotated", "suresh-vlc", "wangni"]


@pytest.mark.parametrize("name", SCHEMES)
def test_quantize_peak_memory_is_at_most_three_inputs(name):
    d = 100_000                                   # padded to 2^17 = 1.31 d by the rotations
    cls = scheme_class(name)
    q = quantizers.get(name, **cls.typical)
    x = np.asarray(cls.sample_input(np.random.default_rng(0), d, cls.typical), dtype=np.float64)
    shared = 3 if q.randomness == "public" else None
    side = q.sample_side(x, np.random.default_rng(4)) if q.needs_side else None
    # compiled kernels (one per index dtype, which depends on d) and caches outside the count
    q.quantize(x, rng=np.random.default_rng(2), shared=shared, side=side)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        res = q.quantize(x, rng=np.random.default_rng(1), shared=shared, side=side)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert res.estimate.shape == x.shape
    assert peak <= 3 * x.nbytes, f"{name}: {peak / x.nbytes:.2f} x the input"
