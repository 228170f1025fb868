"""The compiled D_n closest point and coset search equal the numpy reference bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds.errors import InvalidInputError
from commbounds.quantizers.lattices import DnLattice, Lattice


def _coset_reference(lat, colour, q, side):
    """Algorithm 2 in numpy: ``points(colour + q CP((side - points(colour))/q))``."""
    k = Lattice.closest_coords(lat, (side - lat.points(colour)) / q)
    return lat.points(colour + q * k)


@pytest.mark.parametrize("n", [2, 3, 4, 9, 1000])
def test_dn_closest_coords_and_coset_points_equal_reference(n):
    lat = DnLattice(n, 0.37)
    rng = np.random.default_rng(n)
    X = 40 * rng.standard_normal((64, n))
    X[:3] = np.rint(X[:3] / lat.scale) * lat.scale + 0.5 * lat.scale       # ties in every coordinate
    c = lat.closest_coords(X)
    ref = Lattice.closest_coords(lat, X)                 # coordinates(closest_points(X)), numpy
    assert c.dtype == np.int64
    np.testing.assert_array_equal(c, ref)
    odd = (np.mod(np.rint(X / lat.scale).sum(axis=1), 2) != 0).sum()
    assert 0 < odd < X.shape[0]                          # both branches of the parity rule ran
    for q, spread in ((7, 0.3), (16, 3.0)):              # near sides decode, far ones do not
        col = lat.colour(c, q)
        side = X + spread * q * lat.scale * rng.uniform(-1, 1, X.shape)
        got = lat.coset_points(col, q, side)
        np.testing.assert_array_equal(got, _coset_reference(lat, col, q, side))
    np.testing.assert_array_equal(lat.coset_points(lat.colour(c, 5), 5, X), lat.points(c))


def test_dn_broadcast_side_and_leading_axes():
    lat = DnLattice(6, 1.0)
    X = 5 * np.random.default_rng(0).standard_normal((2, 3, 6))
    c = lat.closest_coords(X)
    np.testing.assert_array_equal(c, Lattice.closest_coords(lat, X))
    col = lat.colour(c, 9)
    side = X[0, 0] + 0.1                                  # one receiver vector for every row
    np.testing.assert_array_equal(lat.coset_points(col, 9, side), _coset_reference(lat, col, 9, side))


def test_dn_coordinates_beyond_2_62_are_refused():
    lat = DnLattice(4, 1e-3)
    with pytest.raises(InvalidInputError, match="2\\^62"):
        lat.closest_coords(np.array([[0.0, 1e17, 0.0, 0.0]]))
    with pytest.raises(InvalidInputError, match="2\\^62"):
        lat.coset_points(np.zeros((1, 4), np.int64), 3, np.array([[1e17, 0.0, 0.0, 0.0]]))
    # every rounded coordinate within 2^62 but c_1 = (c_2 - p_1 + p_0)/2 = 6.5e18 beyond it,
    # where the int64 sum would wrap: refused like the numpy reference, not wrapped
    wide = np.array([[4.5e18, -4.5e18, -4e18]])
    for closest in (DnLattice(3, 1.0).closest_coords, lambda X: Lattice.closest_coords(DnLattice(3, 1.0), X)):
        with pytest.raises(InvalidInputError, match="2\\^62"):
            closest(wide)
