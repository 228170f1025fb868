"""huang2019's families: the block-basis family of Theorem 3.1 and the Section 4.1 data."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import constructions
from commbounds.errors import BoundDomainError, InvalidInputError


@pytest.mark.parametrize("n,d,C", [(1, 8, 4), (4, 100, 40), (16, 1000, 16), (8, 50, 200)])
def test_block_basis_properties_are_exact(n, d, C):
    c = constructions.get("block-basis", n=n, d=d, C=C)
    inst = c.sample(rng=3, size=5)
    assert inst.inputs.shape == (5, n, d)
    assert all(c.check(inst).values())
    assert np.all(inst.properties["F1"] == C) and np.all(inst.properties["F2"] == C)
    np.testing.assert_allclose(inst.properties["s"], C / (n * d))
    assert c.source == "huang2019:thm3.1"


def test_block_basis_is_uniform_within_blocks():
    # each of the b positions of a block is hit with probability 1/b; chi-square-free check:
    # counts over T samples lie within z * sqrt(T p (1-p)) of T p, z = 4.9 (1 - 1e-6 each)
    c = constructions.get("block-basis", n=2, d=20, C=8)  # t = 4 blocks of b = 5
    T = 20_000
    X = c.sample(rng=0, size=T).inputs
    counts = X.sum(axis=0)  # (n, d)
    p = 1 / 5
    assert np.all(np.abs(counts - T * p) <= 4.9 * np.sqrt(T * p * (1 - p)))


@pytest.mark.parametrize("kw,match", [
    (dict(n=4, d=100, C=3), "n <= C"),
    (dict(n=4, d=100, C=201), "C <= n d / 2"),
    (dict(n=4, d=100, C=42), "C/n"),
    (dict(n=4, d=100, C=48), "n d / C"),
])
def test_block_basis_rejects_parameters_outside_the_proof(kw, match):
    with pytest.raises(BoundDomainError, match=match):
        constructions.get("block-basis", **kw)


def test_block_basis_rejects_non_integers():
    with pytest.raises(InvalidInputError):
        constructions.get("block-basis", n=4, d=100.5, C=40)


@pytest.mark.parametrize("variant,target,tol", [("plain", 0.60, 0.02), ("keep10", 0.06, 0.01),
                                                ("keep30", 0.18, 0.02)])
def test_student_t_sparseness_near_the_paper(variant, target, tol):
    # population sparseness at df=10 is 0.598; the sample value at n d = 160000 has sd ~1e-3
    c = constructions.get("student-t", n=16, d=10_000, variant=variant)
    inst = c.sample(rng=1)
    assert abs(inst.properties["s"] - target) <= tol
    assert all(c.check(inst).values())


def test_student_t_scaling_makes_data_sparser():
    plain = constructions.get("student-t", n=16, d=2000).sample(rng=2, size=10).properties["s"]
    scaled = constructions.get("student-t", n=16, d=2000, variant="scaled").sample(rng=2, size=10).properties["s"]
    assert np.all(scaled < plain)


def test_registry_lists_and_rejects():
    assert {"block-basis", "student-t"} <= set(constructions.available())
    with pytest.raises(InvalidInputError):
        constructions.get("student-t", variant="keep50")
