"""Trials in bounded batches: how many trials fit a memory budget, and per-coordinate moments
merged over batches, so a check's peak memory does not grow with its trials.

A check that simulates ``trials`` independent runs on an input of ``entries`` numbers makes
float temporaries of ``trials * entries``; at the full profile's trials and the papers' sizes
that is tens of GiB.  :func:`trial_batches` splits the trials so that one batch holds at
most :data:`BATCH_ENTRIES` numbers; the random stream is drawn batch after batch, so a run
whose trials fit one batch draws exactly what an unbatched run draws.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError

__all__ = ["BATCH_ENTRIES", "trial_batches", "Moments"]

#: numbers per batch (2^25 float64: 256 MiB per temporary of the batch's size)
BATCH_ENTRIES = 1 << 25


def trial_batches(trials: int, entries: int, budget: int | None = None) -> list[int]:
    """Sizes of consecutive batches of ``trials`` with at most ``budget`` numbers each.

    Parameters
    ----------
    trials : int
        Trials in all.
    entries : int
        Numbers one trial's input holds (e.g. ``n * d``).
    budget : int, optional
        Most numbers in one batch (default :data:`BATCH_ENTRIES`; at least one trial a batch).

    Returns
    -------
    list of int
        Batch sizes, all equal but the last; their sum is ``trials``.

    Examples
    --------
    >>> trial_batches(10, 4, budget=12)
    [3, 3, 3, 1]
    >>> trial_batches(2000, 16_000)
    [2000]
    """
    budget = BATCH_ENTRIES if budget is None else budget
    for name, v in (("trials", trials), ("entries", entries), ("budget", budget)):
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 1:
            raise InvalidInputError(f"trial_batches: {name} must be a positive integer, got {v!r}")
    size = max(1, int(budget) // int(entries))
    full, rest = divmod(int(trials), size)
    return [size] * full + ([rest] if rest else [])


class Moments:
    """Count, per-coordinate mean and sum of squared deviations, merged batch by batch
    (Chan, Golub and LeVeque's pairwise update); one batch gives numpy's own ``mean`` and
    ``std(ddof=1)`` bit for bit.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(10, 3))
    >>> m = Moments()
    >>> m.add(x[:4]); m.add(x[4:])
    >>> bool(np.allclose(m.mean, x.mean(axis=0)) and np.allclose(m.std(), x.std(axis=0, ddof=1)))
    True
    """

    def __init__(self) -> None:
        self.count = 0
        self.mean: np.ndarray | None = None
        self.m2: np.ndarray | None = None

    def add(self, batch) -> None:
        """Merge the rows of ``batch`` (``(t, ...)``: ``t`` samples of one shape)."""
        x = np.asarray(batch, dtype=float)
        t = x.shape[0]
        if t == 0:
            return
        mean = x.mean(axis=0)
        m2 = ((x - mean) ** 2).sum(axis=0)
        if self.count == 0:
            self.count, self.mean, self.m2 = t, mean, m2
            return
        if mean.shape != self.mean.shape:
            raise InvalidInputError(f"Moments: batch rows have shape {mean.shape}, earlier ones {self.mean.shape}")
        n = self.count + t
        delta = mean - self.mean
        self.mean = self.mean + delta * (t / n)
        self.m2 = self.m2 + m2 + delta**2 * (self.count * t / n)
        self.count = n

    def std(self) -> np.ndarray:
        """Per-coordinate standard deviation with ``ddof=1`` (NaN below two samples)."""
        if self.count == 0:
            raise InvalidInputError("Moments: no samples")
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.sqrt(self.m2 / (self.count - 1))
