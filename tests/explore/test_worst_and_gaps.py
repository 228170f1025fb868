"""Worst-case search finds planted violations; gap maps flag contradictions."""

import dataclasses

import numpy as np

from commbounds.explore import gaps, runner, worst_case
from commbounds.explore.runner import _verdict


def test_search_finds_a_planted_violation(monkeypatch):
    t = worst_case.TARGETS["top-k"]
    halved = dataclasses.replace(t, bound_params=lambda x, q: {"k": 2, "r": 2, "d": 8, "W": 0.25 * float(x @ x)})
    monkeypatch.setitem(worst_case.TARGETS, "top-k", halved)
    row = worst_case.search("top-k", rng=np.random.default_rng(1), restarts=7, evals=0, trials=200)[0]
    assert row["ratio"] > 3  # top-k on a constant vector loses 3/4 of its energy: 0.75 / 0.1875 = 4
    assert _verdict("worst-case", row)[0] == "fail"


def test_honest_bound_is_not_violated_and_replays():
    row = worst_case.search("top-k", rng=np.random.default_rng(1), restarts=7, evals=10, trials=200)[0]
    assert row["ratio"] <= 1 + 1e-12  # top-k is deterministic: the Monte Carlo mean is exact
    assert _verdict("worst-case", row)[0] == "pass"
    assert np.isclose(worst_case.replay(row), row["ratio"])


def test_explicit_gap_maps_have_upper_above_lower():
    for name in ("sparse-dme", "variance-reduction"):
        row = gaps.gap_map(name)[0]
        R = np.array(row["grid"]["ratio"], dtype=float)
        assert row["constants"] == "explicit" and np.isfinite(R).any()
        assert np.nanmin(R) >= 1 and not row["contradiction"]


def test_swapped_bounds_are_a_contradiction(monkeypatch):
    m = gaps.MAPS["sparse-dme"]
    swapped = dataclasses.replace(m, upper=m.lower, lower=m.upper)
    monkeypatch.setitem(gaps.MAPS, "sparse-dme", swapped)
    row = gaps.gap_map("sparse-dme")[0]
    assert row["contradiction"] and _verdict("gaps", row)[0] == "fail"


def test_cells_outside_the_family_are_blank():
    row = gaps.gap_map("sparse-dme-tiny")[0]
    R = np.array(row["grid"]["ratio"], dtype=float)
    assert np.isnan(R).any()  # s = 1/2 puts C = nd/2, where Theorem 3.1's bound is 0
    assert runner.SECTIONS["gaps"]()["sparse-dme-tiny"][1]["smoke"] == [{}]


def test_exact_prediction_is_used_when_a_scheme_has_one():
    class Exact:
        def predict(self, x):
            return {"mse": 0.5, "bits": 7.0}

    assert worst_case.expected_cost(Exact(), np.zeros(3), "mse", trials=10) == (0.5, 0.0, "predict")


def test_without_prediction_the_estimate_is_labelled_monte_carlo():
    from commbounds import quantizers

    q = quantizers.get("top-k", k=1, precision=64)
    if hasattr(q, "predict"):
        return  # once every scheme predicts, the Monte Carlo branch is only for third-party schemes
    v, hw, src = worst_case.expected_cost(q, np.array([3.0, 4.0]), "mse", trials=50)
    assert src == "monte-carlo (50 trials)" and v == 9.0 and hw == 0.0


def test_rounding_of_a_tight_bound_is_not_a_counterexample():
    row = {"ratio": 1.0000000000000002, "status": "ok"}
    assert _verdict("worst-case", row)[0] == "pass"
    assert _verdict("worst-case", {"ratio": 1.001, "status": "ok"})[0] == "fail"


def test_every_registered_scheme_is_searched_or_skipped_with_a_reason():
    from commbounds import quantizers

    targets, skipped = set(worst_case.TARGETS), set(worst_case.SKIPPED)
    assert not targets & skipped
    assert set(quantizers.available()) <= targets | skipped, set(quantizers.available()) - targets - skipped
    assert all(isinstance(why, str) and len(why) >= 10 for why in worst_case.SKIPPED.values())


def test_worst_case_costs_are_the_exact_predictions():
    """Every searched scheme has predict(): the search's objective is exact, not sampled."""
    for name in worst_case.TARGETS:
        row = worst_case.search(name, rng=np.random.default_rng(0), restarts=1, evals=0, trials=50)[0]
        assert row["cost_source"].startswith("predict"), (name, row["cost_source"])
