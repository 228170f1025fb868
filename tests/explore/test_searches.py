"""Exhaustive searches: partitions, the mutual-information maximum, equality, quantizer LPs."""

import itertools
from fractions import Fraction as F

import numpy as np
import pytest

from commbounds import constructions
from commbounds.errors import InvalidInputError
from commbounds.explore.equality import min_bits
from commbounds.explore.mutual_info import _mi, max_mutual_information, paninski_channel
from commbounds.explore.partitions import count_partitions, partitions
from commbounds.explore.quantizer_lp import best_codebook, best_unbiased


@pytest.mark.parametrize(("m", "k"), [(5, 2), (6, 3), (7, 7)])
def test_partitions_are_one_per_relabelling_class(m, k):
    rows = partitions(m, k)
    canon = {_canonical(lab) for lab in itertools.product(range(k), repeat=m)}
    assert len(rows) == count_partitions(m, k) == len(canon)
    assert {tuple(r) for r in rows} == canon


def _canonical(lab):
    seen = {}
    return tuple(seen.setdefault(v, len(seen)) for v in lab)


def test_partition_limit_names_the_size():
    with pytest.raises(InvalidInputError, match="partitions of 16 symbols"):
        partitions(16, 4)


def test_mutual_information_maximum_matches_every_labelling():
    V = constructions.get("hamming-packing", d=3).sample(rng=0).inputs
    cond = paninski_channel(V, 0.1)
    res = max_mutual_information(cond, 1)
    every = np.eye(2)[np.array(list(itertools.product(range(2), repeat=cond.shape[1])))]
    brute = _mi(np.einsum("vm,bmk->bvk", cond, every)).max()
    assert res.status == "exhaustive" and np.isclose(res.value, brute, rtol=1e-12)


def test_enough_bits_keep_all_the_information():
    V = constructions.get("hamming-packing", d=3).sample(rng=0).inputs
    cond = paninski_channel(V, 0.1)
    full = _mi(cond[None])[0]
    assert np.isclose(max_mutual_information(cond, 3).value, full)
    assert max_mutual_information(cond, 1).value < full


def test_equality_needs_the_whole_input():
    assert min_bits(1, 2).bits_per_party == 1
    assert min_bits(2, 3).total_bits == 6
    with pytest.raises(InvalidInputError, match="exceed the limit"):
        min_bits(3, 2)


def test_unbiased_quantizer_lp_values():
    res = best_unbiased([[F(1, 4)], [F(1, 2)]], [[F(0)], [F(1)]])
    # unbiased rounding of x onto {0, 1} has error x (1 - x)
    assert res.status == "certified" and res.per_point == (F(3, 16), F(1, 4)) and res.worst == F(1, 4)


def test_point_outside_the_codebook_hull_is_not_an_optimum():
    res = best_unbiased([[F(2)]], [[F(0)], [F(1)]])
    assert res.status != "certified" and res.worst is None


def test_codebook_search_picks_the_tightest_hull():
    pts = [[F(1, 2)], [F(1)], [F(3, 2)]]
    cand = [[F(0)], [F(1, 2)], [F(3, 2)], [F(2)]]
    res = best_codebook(pts, cand, 1)
    assert res.codebook == ((F(1, 2),), (F(3, 2),)) and res.worst == F(1, 4)
