"""Every family of davies2021, barnes2020, mayekar2020 and korhonen2021: registered under its
public name, its ``source`` a registered bound id, and its ``typical`` parameters sample and check."""

from __future__ import annotations

import pytest

import commbounds as cb
from commbounds import constructions

NAMES = ["mean-estimation-adversary", "vr-ball", "vr-mixture", "sparse-bernoulli",
         "bernoulli-cube", "hamming-packing", "paninski-oracle", "bernoulli-oracle",
         "point-packing", "equality-reduction", "mean-2bits-reduction", "disjointness-reduction"]


@pytest.mark.parametrize("name", NAMES)
def test_registered_with_a_bound_source_and_typical_parameters(name):
    assert name in constructions.available()
    cls = constructions.construction_class(name)
    assert cls.source in cb.bounds.ids()
    c = constructions.get(name, **cls.typical)
    inst = c.sample(rng=0)
    assert inst.source == cls.source
    assert all(c.check(inst).values())
