"""Lattice geometry: radii, coordinates, closest points, colourings (Lemma 4), colour code."""

from __future__ import annotations

import numpy as np
import pytest

import commbounds as cb
from commbounds.coding import BitReader, BitWriter
from commbounds.errors import DecodeError, InvalidInputError
from commbounds.quantizers.lattices import (
    GenericLattice,
    colour_bits,
    eps_lattice,
    read_colours,
    write_colours,
)

LATTICES = [("cubic", 4), ("cubic", 9), ("Dn", 3), ("Dn", 6), ("E8", 8)]


@pytest.mark.parametrize("kind,d", LATTICES)
def test_eps_lattice_radii_and_closest_point(kind, d):
    lat = eps_lattice(kind, d, eps=0.3)
    assert lat.packing_radius == pytest.approx(0.3)
    assert lat.is_eps_lattice
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, d)) * 2
    c = lat.closest_coords(X)
    P = lat.points(c)
    np.testing.assert_array_equal(lat.coordinates(P), c)
    dist = np.linalg.norm(P - X, axis=1)
    assert dist.max() <= lat.covering_radius + 1e-12
    for x, r in zip(X[:8], dist[:8], strict=True):  # brute force: nothing closer in the ball
        pts = lat.points(lat.points_in_ball(x, r + 1e-9))
        assert np.linalg.norm(pts - x, axis=1).min() >= r - 1e-9


@pytest.mark.parametrize("kind,d", LATTICES)
def test_lemma4_same_colour_points_are_2q_eps_apart(kind, d):
    """On sampled pairs of points with equal colours (coordinates differing by q k, k != 0)."""
    eps, q = 0.25, 3
    lat = eps_lattice(kind, d, eps)
    rng = np.random.default_rng(4)
    c1 = rng.integers(-50, 50, size=(4000, d))
    k = rng.integers(-1, 2, size=(4000, d))
    k[np.all(k == 0, axis=1), 0] = 1
    c2 = c1 + q * k
    np.testing.assert_array_equal(lat.colour(c1, q), lat.colour(c2, q))
    dist = np.linalg.norm(lat.points(c1) - lat.points(c2), axis=1)
    assert dist.min() >= cb.bound("davies2021:lem4")(q=q, eps=eps) - 1e-9


def test_generic_basis_and_bad_bases():
    lat = GenericLattice(np.array([[1.0, 0.0], [0.5, np.sqrt(3) / 2]]))  # hexagonal
    assert lat.packing_radius == pytest.approx(0.5)
    assert lat.covering_radius >= 1 / np.sqrt(3) - 1e-12  # a bound, not the exact value
    x = np.array([0.2, 0.7])
    np.testing.assert_array_equal(lat.coset_closest(lat.colour(lat.closest_coords(x), 5), 5, x + 0.1),
                                  lat.closest_coords(x))
    with pytest.raises(InvalidInputError, match="singular"):
        GenericLattice(np.ones((2, 2)))
    with pytest.raises(InvalidInputError):
        eps_lattice("cubic", 3, eps=0.0)
    with pytest.raises(InvalidInputError):
        eps_lattice("E8", 4, eps=1.0)


@pytest.mark.parametrize("q", [2, 3, 8, 100, 2**33 + 1])
def test_colour_code_round_trip_and_length(q):
    cols = np.random.default_rng(1).integers(q, size=41)
    w = BitWriter()
    write_colours(w, cols, q)
    payload, nb = w.getvalue()
    assert nb == colour_bits(41, q) and nb >= 41 * np.log2(q) - 1e-9
    r = BitReader(payload, nb)
    np.testing.assert_array_equal(read_colours(r, 41, q), cols)
    with pytest.raises(DecodeError):
        read_colours(BitReader(payload, nb), 42 + 64, q)


def test_colour_code_rejects_values_out_of_range():
    w = BitWriter()
    w.write_uint(3**5 - 1 + 1, (3**5 - 1).bit_length())  # 243 does not fit 5 colours mod 3
    payload, nb = w.getvalue()
    with pytest.raises(DecodeError):
        read_colours(BitReader(payload, nb), 5, 3)
