"""Compiled sublinear lattice quantization (davies2021 Algorithms 5 and 6), block by block.

The same arithmetic as the numpy reference in
:mod:`commbounds.quantizers.lattice_sublinear`, in the same order, so both give the same
colours, retry indices and estimates bit for bit: the shared randomness is the counter hash
of (seed, row, block, retry, index), the neighbourhood of ``p`` is enumerated in the
reference's lexicographic order with its bounds and tolerances, and the squared gaps are
summed in the order numpy's reduction uses.  Each kernel returns the largest ``|lattice
coordinate|`` it met, which the caller refuses beyond ``2^62`` as the reference does.
"""

from __future__ import annotations

import numpy as np

from ._jit import njit

_H0 = np.uint64(0x243F6A8885A308D3)
_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_LIMIT = 2.0**62
_TOL = 1e-12
_MAXB = 8


@njit(inline="always")
def _splitmix(h):
    h = h + _GAMMA
    h = (h ^ (h >> np.uint64(30))) * _M1
    h = (h ^ (h >> np.uint64(27))) * _M2
    return h ^ (h >> np.uint64(31))


@njit(inline="always")
def _prefix(seed, row, blk, i):
    """The hash state after the keys (seed, row, block, retry)."""
    h = _splitmix(_H0 ^ seed)
    h = _splitmix(h ^ np.uint64(row))
    h = _splitmix(h ^ np.uint64(blk))
    return _splitmix(h ^ np.uint64(i))


@njit(inline="always")
def _theta(pre, t, s):
    u = np.float64(np.int64(_splitmix(pre ^ np.uint64(t)) >> np.uint64(11))) * 1.1102230246251565e-16
    return s * (u - 0.5)


@njit(inline="always")
def _colour(pre, z, m, M, K):
    cls = np.uint64(0)
    for t in range(m):
        cls = cls * np.uint64(M) + np.uint64(z[t] % M)
    return np.int64(_splitmix(pre ^ (np.uint64(1) + cls)) % np.uint64(K))


@njit(inline="always")
def _sum_sq(g, m):
    """``(g**2).sum()`` as numpy reduces a row of ``m <= 8`` doubles: in order below 8
    elements, as a pairwise tree at 8."""
    if m == 8:
        return (((g[0] * g[0] + g[1] * g[1]) + (g[2] * g[2] + g[3] * g[3]))
                + ((g[4] * g[4] + g[5] * g[5]) + (g[6] * g[6] + g[7] * g[7])))
    r = 0.0
    for t in range(m):
        r += g[t] * g[t]
    return r


@njit(inline="always")
def _bounds(p, m, s, radius, lo, hi):
    """Per coordinate, the lattice indices whose cell can be within ``radius`` of ``p``;
    returns the largest |index| bound (for the caller's 2^62 check)."""
    top = 0.0
    for t in range(m):
        a = np.ceil((p[t] - s / 2 - radius) / s - _TOL)
        b = np.floor((p[t] + s / 2 + radius) / s + _TOL)
        top = max(top, abs(a), abs(b))
        if not top <= _LIMIT:
            return top
        lo[t] = np.int64(a)
        hi[t] = np.int64(b)
    return top


@njit(inline="always")
def _dist(p, Z, m, s, g):
    for t in range(m):
        g[t] = max(abs(p[t] - s * np.float64(Z[t])) - s / 2, 0.0)
    return np.sqrt(_sum_sq(g, m))


@njit(inline="always")
def _advance(Z, lo, hi, m):
    """Next index in lexicographic order (last coordinate fastest); False when done."""
    t = m - 1
    while t >= 0:
        if Z[t] < hi[t]:
            Z[t] += 1
            return True
        Z[t] = lo[t]
        t -= 1
    return False


@njit(inline="always")
def _block(b, nb, size, d):
    """Row, block, first coordinate and length of the ``b``-th block in row-major order."""
    r, j = divmod(b, nb)
    a = j * size
    return r, j, a, min(size, d - a)


@njit(inline="always")
def _scratch():
    """Per-block work arrays: two float, four index and the gaps (one block at most 8)."""
    return (np.empty(_MAXB), np.empty(_MAXB), np.empty(_MAXB, dtype=np.int64), np.empty(_MAXB, dtype=np.int64),
            np.empty(_MAXB, dtype=np.int64), np.empty(_MAXB, dtype=np.int64), np.empty(_MAXB))


@njit
def sublinear_encode(X, seed, size, s, radius, M, K, max_retries, col, ret):
    """Algorithm 5 on every row and block of ``X`` (blocks of ``size`` coordinates, the
    last one shorter; ``K[j]`` colours in block ``j``) into ``col`` and ``ret``."""
    n, d = X.shape
    nb = col.shape[1]
    p, _, z, Z, lo, hi, g = _scratch()
    top = 0.0
    for b in range(n * nb):
        r, j, a, m = _block(b, nb, size, d)
        c0 = np.int64(0)
        for i in range(max_retries):
            pre = _prefix(seed, r, j, i)
            for t in range(m):
                p[t] = X[r, a + t] + _theta(pre, t, s)
                v = np.rint(p[t] / s)
                top = max(top, abs(v))
                z[t] = np.int64(v) if abs(v) <= _LIMIT else 0
            top = max(top, _bounds(p, m, s, radius, lo, hi))
            if not top <= _LIMIT:
                return top
            c0 = _colour(pre, z, m, M, K[j])
            clash = False
            for t in range(m):
                Z[t] = lo[t]
            while True:
                if _dist(p, Z, m, s, g) <= radius * (1 + _TOL):
                    same = True
                    for t in range(m):
                        if Z[t] != z[t]:
                            same = False
                    if not same and _colour(pre, Z, m, M, K[j]) == c0:
                        clash = True
                        break
                if not _advance(Z, lo, hi, m):
                    break
            if not clash:
                col[r, j] = c0
                ret[r, j] = i
                break
            col[r, j] = c0
            ret[r, j] = max_retries - 1
    return top


@njit
def sublinear_decode(col, ret, side, seed, size, s, radius, M, K, out):
    """Algorithm 6 on every row and block into ``out`` (the reference's fallbacks: the
    nearest qualifying point of the received colour, else the closest lattice point)."""
    n, nb, d = col.shape[0], col.shape[1], out.shape[1]
    p, th, best, Z, lo, hi, g = _scratch()
    top = 0.0
    for b in range(n * nb):
        r, j, a, m = _block(b, nb, size, d)
        pre = _prefix(seed, r, j, ret[r, j])
        for t in range(m):
            th[t] = _theta(pre, t, s)
            p[t] = side[r, a + t] + th[t]
        top = max(top, _bounds(p, m, s, radius, lo, hi))
        if not top <= _LIMIT:
            return top
        found = False
        bd = 0.0
        for t in range(m):
            Z[t] = lo[t]
        while True:
            dist = _dist(p, Z, m, s, g)
            if dist <= radius * (1 + _TOL) and _colour(pre, Z, m, M, K[j]) == col[r, j]:
                if not found or dist < bd:
                    found = True
                    bd = dist
                    for t in range(m):
                        best[t] = Z[t]
            if not _advance(Z, lo, hi, m):
                break
        for t in range(m):
            if found:
                out[r, a + t] = s * np.float64(best[t]) - th[t]
            else:
                out[r, a + t] = s * np.rint(p[t] / s) - th[t]
    return top
