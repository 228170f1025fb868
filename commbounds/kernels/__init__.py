"""Compiled kernels and the random stream they draw from.

Every randomised kernel reads its uniforms from one *counter-based* stream
(:mod:`commbounds.kernels.stream`): one 64-bit key per row, drawn from the caller's numpy
Generator, and element ``j``'s uniform a pure function of ``(key, j)``.  Chunking, the
order of the loop and the implementation (compiled or the numpy reference) therefore
cannot change a bit.  The stream and the payload formats are named by the constants
below, which records carry so a result says which stream produced it.

The compiled kernels (numba, ``cache=True``) live in private modules that import numba
on first use; importing this package costs nothing.
"""

from __future__ import annotations

__all__ = ["STREAM_VERSION", "PAYLOAD_VERSION", "smallest_uint"]

#: the random stream of every scheme: SplitMix64 in counter mode, one key per row;
#: 2 = RATQ's (and lp-composite's) rotation signs drawn from it too (the top bit of each
#: output, key from ``[shared, D]``) instead of numpy's bounded integers
STREAM_VERSION = "splitmix64-counter/2"

#: payload formats: 2 = constant-weight sets and Lemma 2.2 vectors range-coded
#: (``ceil(log2 C(m, w)) + 1`` bits, :mod:`commbounds.kernels.cw`); 3 = suresh-vlc's level
#: string range-coded too (``ceil(log2(d! / prod n_j!)) + 1`` bits,
#: :mod:`commbounds.kernels.strings`)
PAYLOAD_VERSION = 3


def smallest_uint(top: int):
    """The smallest unsigned integer type holding ``0..top`` (``int64`` beyond 32 bits):
    kernels write level and range indices in it, so index arrays cost a byte or two per
    coordinate instead of eight.

    Examples
    --------
    >>> smallest_uint(7).__name__, smallest_uint(256).__name__, smallest_uint(2**40).__name__
    ('uint8', 'uint16', 'int64')
    """
    import numpy as np

    for t in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(t).max:
            return t
    return np.int64
