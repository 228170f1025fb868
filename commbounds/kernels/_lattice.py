"""Compiled closest points of ``D_n`` and of its cosets ``colour + q D_n``, row by row.

The numpy path (:class:`commbounds.quantizers.lattices.DnLattice`) builds the rounded
point, its coordinates by a reversed cumulative sum and an ``int64`` copy, each a whole
array; these kernels write the coordinates (or the decoded points) into one output and
keep the rounded point in that output while they work.  Conway & Sloane's rule is the
same: round every coordinate, and when the rounded sum is odd round the coordinate
farthest from its integer (the first such) the other way.

Coordinates are in Conway & Sloane's basis (rows ``(-1, -1, 0, ..)``, ``(1, -1, 0, ..)``,
``e_{k-1} - e_k``): ``c_m = -(p_m + .. + p_{n-1})`` for ``m >= 2``,
``c_1 = (c_2 - p_1 + p_0)/2``, ``c_0 = (c_2 - p_1 - p_0)/2``, summed in ``int64`` (exact;
the numpy reference sums in doubles, which agree while the sums stay below 2^51).
"""

from __future__ import annotations

import numpy as np

from ._jit import njit

_LIMIT = 2**62       # coordinates beyond it are refused by the caller
_FLIMIT = 2.0**62


@njit(inline="always")
def _round_into(y, j, f, parity, far, jfar, dfar):
    """Round ``y`` into ``f[j]``; update the parity of the sum and the farthest coordinate."""
    r = np.rint(y)
    a = abs(r)
    ok = a <= _FLIMIT
    r = r if ok else 0.0
    k = np.int64(r)
    f[j] = k
    diff = y - r
    if abs(diff) > far:
        far, jfar, dfar = abs(diff), j, diff
    return parity ^ (k & 1), far, jfar, dfar, ok


@njit(inline="always")
def _coordinates(f, parity, jfar, dfar):
    """Fix the parity of the rounded point ``f`` (int64, in place), then replace it by its
    coordinates; returns False when a coordinate leaves ``[-2^62, 2^62]``."""
    n = f.size
    if parity:
        f[jfar] += 1 if dfar > 0 else -1
    acc = 0
    for m in range(n - 1, 1, -1):
        acc += f[m]
        if acc > _LIMIT or acc < -_LIMIT:
            return False
        f[m] = -acc
    c2 = f[2] if n > 2 else 0
    p0, p1 = f[0], f[1]
    # the range is checked in doubles first: the int64 sums below could wrap beyond it
    if not (abs((np.float64(c2) - p1 + p0) / 2) <= _FLIMIT and abs((np.float64(c2) - p1 - p0) / 2) <= _FLIMIT):
        return False
    f[1] = (c2 - p1 + p0) // 2
    f[0] = (c2 - p1 - p0) // 2
    return True


@njit
def dn_closest_coords(X, scale, out):
    """Coordinates (int64, into ``out``) of the point of ``scale D_n`` closest to each row of
    ``X``; returns True when some coordinate is beyond 2^62 (the caller refuses it)."""
    rows, n = X.shape
    refused = False
    for i in range(rows):
        f = out[i]
        parity, far, jfar, dfar, fine = 0, -1.0, 0, 0.0, True
        for j in range(n):
            parity, far, jfar, dfar, ok = _round_into(X[i, j] / scale, j, f, parity, far, jfar, dfar)
            fine &= ok
        if not (fine and _coordinates(f, parity, jfar, dfar)):
            refused = True
    return refused


@njit(inline="always")
def _point(c, m, n):
    """Coordinate ``m`` of the point with (float) coordinates ``c`` (before scaling), in the
    numpy reference's order of operations."""
    if m == 0:
        return -np.float64(c[0]) + np.float64(c[1])
    if m == 1:
        p = -np.float64(c[0]) - np.float64(c[1])
        return p + np.float64(c[2]) if n > 2 else p
    if m == n - 1:
        return 0.0 - np.float64(c[m])
    return -np.float64(c[m]) + np.float64(c[m + 1])


@njit
def dn_coset_points(C, side, scale, q, out):
    """Algorithm 2 on ``scale D_n``: the point of colour ``C`` (coordinates mod ``q``) closest
    to ``side``, written into ``out`` (float64; its bytes hold the integer work on the way);
    returns True when some coordinate is beyond 2^62."""
    rows, n = C.shape
    refused = False
    for i in range(rows):
        c = C[i]
        f = out[i].view(np.int64)
        parity, far, jfar, dfar, fine = 0, -1.0, 0, 0.0, True
        for j in range(n):
            z = (side[i, j] - scale * _point(c, j, n)) / q
            parity, far, jfar, dfar, ok = _round_into(z / scale, j, f, parity, far, jfar, dfar)
            fine &= ok
        if not (fine and _coordinates(f, parity, jfar, dfar)):
            refused = True
        for j in range(n):
            f[j] = c[j] + q * f[j]
        # the point from its coordinates, in place: coordinate m of the point needs
        # coordinates m and m + 1 (rows 0 and 1 also 0..2), so those two are kept aside
        p0, p1 = scale * _point(f, 0, n), scale * _point(f, 1, n)
        for m in range(2, n):
            out[i, m] = scale * _point(f, m, n)
        out[i, 0], out[i, 1] = p0, p1
    return refused
