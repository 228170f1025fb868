"""Tolerances for statistical tests, derived from the sample size.

Each helper states its confidence: with ``z = 4.9`` a two-sided normal interval has a
false-alarm probability below 1e-6 per assertion, so a test file with hundreds of
statistical assertions still fails spuriously with probability below 1e-3 (and, with
fixed seeds, deterministically either always or never).
"""

from __future__ import annotations

import numpy as np

#: normal quantile for a two-sided 1 - 1e-6 interval
Z = 4.9


def mean_ci(samples, axis=0, z: float = Z):
    """Mean and half-width ``z * sd / sqrt(T)`` along ``axis``."""
    s = np.asarray(samples, dtype=float)
    t = s.shape[axis]
    return s.mean(axis=axis), z * s.std(axis=axis, ddof=1) / np.sqrt(t)


def assert_mean_equals(samples, expected, axis=0, z: float = Z, rtol: float = 1e-9):
    """Assert ``|mean - expected| <= z * se`` (two-sided, confidence 1 - 1e-6 per entry).

    ``rtol`` absorbs floating-point summation error where the variance is (near) zero.
    """
    m, h = mean_ci(samples, axis=axis, z=z)
    bad = np.abs(m - expected) > h + rtol * (1 + np.abs(expected))
    assert not np.any(bad), f"mean {m[bad] if np.ndim(m) else m} vs expected {np.asarray(expected)[bad] if np.ndim(expected) else expected} (half-width {h})"


def assert_mean_at_most(samples, bound, z: float = Z):
    """One-sided: fail only when the whole interval lies above ``bound``."""
    m, h = mean_ci(samples, z=z)
    assert m - h <= bound, f"mean {m} (lower limit {m - h}) exceeds the bound {bound}"
