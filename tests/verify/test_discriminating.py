"""Checks that used to be unable to fail, fed samples that violate their claims."""

from __future__ import annotations

import numpy as np

from commbounds.quantizers.lattice import convex_hull_weights
from commbounds.verify.claims import all_hold
from commbounds.verify.suite import davies2021


def test_lp_check_fails_weights_that_do_not_average_to_x():
    def shifted(lat, x, radius):
        C, w = convex_hull_weights(lat, x, radius)
        return C, np.roll(w, 1)               # a distribution, but with the wrong mean

    def unnormalised(lat, x, radius):
        C, w = convex_hull_weights(lat, x, radius)
        return C, 0.9 * w

    good = davies2021._hull_properties(3, np.random.default_rng(0), 2)
    assert all_hold(good).verdict == "pass"
    for bad in (shifted, unnormalised):
        props = davies2021._hull_properties(3, np.random.default_rng(0), 2, weights=bad)
        assert all_hold(props).verdict == "fail"


def test_lp_check_is_reproducible():
    """No wall time in the record's measured values: one seed, one outcome."""
    a = davies2021.lp_time({"d": 2}, np.random.default_rng(5), 2)
    b = davies2021.lp_time({"d": 2}, np.random.default_rng(5), 2)
    assert (a.measured, a.verdict, a.extra) == (b.measured, b.verdict, b.extra)
