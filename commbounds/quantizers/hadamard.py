"""Fast Walsh-Hadamard transform and the randomized Hadamard rotation ``HD``.

``fwht`` applies the orthonormal Walsh-Hadamard matrix ``H_D / sqrt(D)`` (Sylvester order,
the order of :func:`scipy.linalg.hadamard`) along the last axis in ``O(D log D)``
operations, vectorised over all leading axes.  Each of the ``log2 D`` butterfly stages
reshapes the array to ``(..., D / 2h, 2, h)`` and replaces the pair ``(a, b)`` by
``(a + b, a - b)``; every stage is elementwise, so a row gives bit-identical results alone
or inside a batch (the consistency contract of the quantizers relies on it).

The randomized rotation of Suresh et al. (2017, Section 3) is ``R = H D`` with ``D`` a
diagonal of independent uniform signs; vectors whose dimension is not a power of two are
padded with zeros to the next one, and the inverse ``R^T = D H`` is followed by truncation.

Examples
--------
>>> import numpy as np
>>> x = np.array([1.0, 2.0, 3.0, 4.0])
>>> np.round(fwht(x), 6).tolist()
[5.0, -1.0, -2.0, 0.0]
>>> bool(np.allclose(fwht(fwht(x)), x))
True
>>> s = random_signs(7, 8)
>>> z = rotate(np.arange(5.0), s)
>>> z.shape, bool(np.allclose(unrotate(z, s, 5), np.arange(5.0)))
((8,), True)
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError

__all__ = ["fwht", "fwht_reference", "next_pow2", "random_signs", "rotate", "unrotate"]


def fwht(X, out: np.ndarray | None = None) -> np.ndarray:
    """Orthonormal Walsh-Hadamard transform of every row of ``X`` (last axis a power of two).

    ``fwht(x) = H x / sqrt(D)`` with ``H`` the Sylvester Hadamard matrix; it is symmetric
    and orthogonal, hence its own inverse.  ``out`` (a C-contiguous float64 array of
    ``X``'s shape, which may be ``X`` itself) receives the result without allocating.

    Notes
    -----
    ``O(D log D)`` in two compiled passes over memory (``commbounds.kernels._fwht``): one
    reads each cache block of 2^16 elements of ``X`` into ``out`` and runs the stages inside
    it, one runs the remaining stages on tiles across the blocks and scales; bit-identical
    to :func:`fwht_reference`, the plain stage-by-stage butterfly scheduled for the cache in
    numpy.
    """
    from ..kernels._fwht import fwht_into

    X, D = _fwht_input(X)
    if out is None:
        out = np.empty(X.shape, dtype=np.float64)
    elif not (isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == X.shape
              and out.flags.c_contiguous and out.flags.writeable):
        raise InvalidInputError(f"fwht: out must be a writeable C-contiguous float64 array of shape {X.shape}")
    if out.size:
        src = out if out is X else np.ascontiguousarray(X)
        if src is not out and np.shares_memory(src, out):
            src = src.copy()                     # a partial overlap: read from a copy
        fwht_into(src.reshape(-1, D), out.reshape(-1, D), 1.0 / np.sqrt(D))
    return out


def _fwht_input(X) -> tuple[np.ndarray, int]:
    """``X`` as float64 with a power-of-two last axis, and that length."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 0:
        raise InvalidInputError("fwht needs at least one axis")
    D = X.shape[-1]
    if D < 1 or D & (D - 1):
        raise InvalidInputError(f"fwht needs a power-of-two length, got {D}")
    return X, D


def fwht_reference(X) -> np.ndarray:
    """:func:`fwht` in numpy (the test oracle of the compiled transform).

    ``fwht(x) = H x / sqrt(D)`` with ``H`` the Sylvester Hadamard matrix; it is symmetric
    and orthogonal, hence its own inverse.

    Notes
    -----
    ``O(D log D)``.  The stages run in the order ``h = 1, 2, 4, ...`` and each replaces
    ``(a, b)`` by ``(a + b, a - b)``; they are scheduled for the cache without changing a
    single operation: stages with ``2h <= B`` (``B = 2^16`` elements) run block by block
    inside contiguous blocks of ``B`` (they never pair elements of different blocks); the
    remaining stages stream over the array two at a time (radix 4: quarters ``a, b, c, d``
    give ``(a+b)+(c+d), (a-b)+(c-d), (a+b)-(c+d), (a-b)-(c-d)``, exactly the two radix-2
    stages' sums) in sub-blocks of ``B`` held in cache, and the final scaling by
    ``1/sqrt(D)`` is applied to each sub-block of the last stage while it is in cache.
    Results are bit-identical to the plain stage-by-stage butterfly.
    """
    X, D = _fwht_input(X)
    lead = X.shape[:-1]
    flat = X.reshape(-1).copy()
    scale = 1.0 / np.sqrt(D)
    if flat.size == 0:
        return flat.reshape(*lead, D)
    B = min(D, _BLOCK)
    inner = B.bit_length() - 1                      # stages h = 1 .. B/2 inside blocks
    scratch = np.empty(B)
    for start in range(0, flat.size, B):
        cur, nxt = flat[start:start + B], scratch
        for k in range(inner):
            _stage(cur, nxt, 1 << k)
            cur, nxt = nxt, cur
        if cur is scratch:
            flat[start:start + B] = scratch
    if B == D:
        flat *= scale
        return flat.reshape(*lead, D)
    cur, nxt = flat, np.empty_like(flat)
    h = B
    while h < D:
        if 4 * h <= D:
            _radix4(cur, nxt, h, B, scale if 4 * h == D else None)
            h *= 4
        else:
            _radix2(cur, nxt, h, B, scale)
            h *= 2
        cur, nxt = nxt, cur
    return cur.reshape(*lead, D)


def _radix2(src: np.ndarray, dst: np.ndarray, h: int, S: int, scale) -> None:
    """The last stage ``h = D/2`` over the whole array in sub-blocks of ``S``, then scaled."""
    a = src.reshape(-1, 2, h)
    o = dst.reshape(-1, 2, h)
    for i in range(a.shape[0]):
        for s0 in range(0, h, S):
            a0, a1 = a[i, 0, s0:s0 + S], a[i, 1, s0:s0 + S]
            o0, o1 = o[i, 0, s0:s0 + S], o[i, 1, s0:s0 + S]
            np.add(a0, a1, out=o0)
            np.subtract(a0, a1, out=o1)
            o0 *= scale
            o1 *= scale


def _radix4(src: np.ndarray, dst: np.ndarray, h: int, S: int, scale) -> None:
    """Stages ``h`` and ``2h`` in one pass: the same sums as two radix-2 stages.

    With quarters ``a, b, c, d`` of a block of ``4h``: stage ``h`` gives ``a + b, a - b,
    c + d, c - d``; stage ``2h`` pairs the first with the third and the second with the
    fourth.  Intermediates live in sub-block buffers of ``S`` elements.
    """
    q = src.reshape(-1, 4, h)
    o = dst.reshape(-1, 4, h)
    t = np.empty((4, min(S, h)))
    for i in range(q.shape[0]):
        for s0 in range(0, h, S):
            sl = slice(s0, s0 + S)
            a, b, c, d = q[i, 0, sl], q[i, 1, sl], q[i, 2, sl], q[i, 3, sl]
            t0, t1, t2, t3 = t[0, :a.size], t[1, :a.size], t[2, :a.size], t[3, :a.size]
            np.add(a, b, out=t0)
            np.subtract(a, b, out=t1)
            np.add(c, d, out=t2)
            np.subtract(c, d, out=t3)
            np.add(t0, t2, out=o[i, 0, sl])
            np.add(t1, t3, out=o[i, 1, sl])
            np.subtract(t0, t2, out=o[i, 2, sl])
            np.subtract(t1, t3, out=o[i, 3, sl])
            if scale is not None:
                o[i, :, sl] *= scale


#: elements per cache block of :func:`fwht` (two 512 KiB buffers)
_BLOCK = 1 << 16


def _stage(src: np.ndarray, dst: np.ndarray, h: int) -> None:
    """One butterfly stage on contiguous 1-d ``src`` into ``dst``: ``(a, b) -> (a + b, a - b)``."""
    if h >= 8:
        a = src.reshape(-1, 2, h)
        o = dst.reshape(-1, 2, h)
        np.add(a[:, 0], a[:, 1], out=o[:, 0])
        np.subtract(a[:, 0], a[:, 1], out=o[:, 1])
        return
    # short halves: one long strided loop per offset j instead of many length-h loops
    a = src.reshape(-1, 2 * h)
    o = dst.reshape(-1, 2 * h)
    for j in range(h):
        np.add(a[:, j], a[:, j + h], out=o[:, j])
        np.subtract(a[:, j], a[:, j + h], out=o[:, j + h])


def next_pow2(d: int) -> int:
    """The smallest power of two ``>= d`` (``d >= 1``)."""
    d = int(d)
    if d < 1:
        raise InvalidInputError(f"dimension must be >= 1, got {d}")
    return 1 << (d - 1).bit_length()


#: signs drawn per call of the generator (the draws are the same in any chunking)
_SIGN_CHUNK = 1 << 16


def random_signs(seed, D: int, dtype=np.float64) -> np.ndarray:
    """The diagonal of ``D``: ``D`` independent uniform signs drawn from ``seed`` (shared).

    Drawn in chunks straight into an array of ``dtype`` (``int8`` holds them in a byte
    each); every chunking gives the values of one ``integers(0, 2, size=D)`` call.
    """
    rng = np.random.default_rng(seed)
    D = int(D)
    out = np.empty(D, dtype=dtype)
    for a in range(0, D, _SIGN_CHUNK):
        b = min(a + _SIGN_CHUNK, D)
        bits = rng.integers(0, 2, size=b - a)
        np.multiply(bits, 2, out=bits)
        bits -= 1
        out[a:b] = bits
    return out


def rotate(X, signs: np.ndarray) -> np.ndarray:
    """``H D x`` for every row of ``X``, zero-padded to ``len(signs)`` (a power of two);
    one output array, no temporaries."""
    from ..kernels._fwht import rotate_rows

    X = np.asarray(X, dtype=np.float64)
    D, d = signs.shape[-1], X.shape[-1]
    if d > D:
        raise InvalidInputError(f"cannot rotate dimension {d} with {D} signs")
    out = np.empty((*X.shape[:-1], D), dtype=np.float64)
    signs = np.ascontiguousarray(signs)              # int8 signs stay a byte each
    if signs.dtype.kind not in "if":
        signs = signs.astype(np.float64)
    rotate_rows(np.ascontiguousarray(X).reshape(-1, d), signs, out.reshape(-1, D))
    return fwht(out, out=out)


def unrotate(Z, signs: np.ndarray, d: int, inplace: bool = False) -> np.ndarray:
    """Inverse of :func:`rotate`: ``D H z`` truncated to the first ``d`` coordinates
    (a view of ``Z`` itself, transformed in place, with ``inplace=True``)."""
    out = fwht(Z, out=Z) if inplace else fwht(Z)
    out *= signs
    return out[..., :d]
