"""The result record: JSON round trips, schema-1 lines, and strict refusal of bad data."""

from __future__ import annotations

import json
import math

import pytest

from commbounds import verify
from commbounds.errors import ResultStoreError
from commbounds.verify import Record, Symbolic
from commbounds.verify.record import REQUIRED, SCHEMA_VERSION, VERDICTS


@pytest.fixture(scope="module")
def records():
    """A Monte Carlo check and a symbolic check that finds an erratum."""
    return verify.run("smoke", only=["huang2019/lem2.2-bits", "huang2019/symbolic-cor3.2-mse"],
                      executor="inprocess", progress=False)


def test_json_round_trip_of_real_records(records):
    assert {r.claim for r in records} >= {"symbolic"} and len(records) >= 2
    for r in records:
        line = r.to_json()
        assert "\n" not in line
        back = Record.from_json(line)
        assert back == r and back.to_json() == line


def test_symbolic_outcome_travels_with_the_record(records):
    (sym,) = [r for r in records if r.claim == "symbolic"]
    s = Record.from_json(sym.to_json()).symbolic
    assert isinstance(s, Symbolic) and not s.holds and s.erratum in ("statement", "proof-step")
    assert s.id == "huang2019:cor3.2-mse" and s.stated != s.derived and s.location


def test_infinities_survive_and_the_ratio_is_derived():
    r = Record(check="a/b", verdict="fail", measured=math.inf, interval=(1.0, math.inf), reference=2.0)
    back = Record.from_json(r.to_json())
    assert back.measured == math.inf and back.interval == (1.0, math.inf) and back.ratio == math.inf
    assert Record(check="a/b", verdict="pass", measured=3.0, reference=0.0).ratio is None


@pytest.mark.parametrize("verdict", VERDICTS)
def test_every_verdict_is_a_record_verdict(verdict):
    assert Record.from_json(Record(check="a/b", verdict=verdict).to_json()).verdict == verdict


def test_schema_1_lines_are_read_into_records():
    old = {"check": "huang2019/symbolic-cor3.2-mse", "paper": "huang2019", "claim": "symbolic", "bound": None,
           "params": {}, "measured": 0.0, "ci": None, "reference": 1.0, "ratio": 0.0, "verdict": "pass",
           "trials": 1, "seed": {"entropy": 0, "spawn_key": [1, 0, 0]}, "seconds": 0.1, "versions": {},
           "schema": 1, "extra": {"stated": "a", "derived": "b", "location": "Cor. 3.2", "erratum": True,
                                   "corrected": "huang2019:cor3.2/corrected", "description": "why"}}
    r = Record.from_json(json.dumps(old))
    assert r.schema == SCHEMA_VERSION and r.interval is None
    assert r.symbolic == Symbolic("huang2019:cor3.2-mse", "Cor. 3.2", "a", "b", holds=False,
                                  corrected="huang2019:cor3.2/corrected", erratum="statement",
                                  description="why")
    assert Record.from_dict({**old, "ci": [1, 2], "claim": "mse"})["ci"] == [1, 2]


@pytest.mark.parametrize(("change", "message"), [
    ({"schema": SCHEMA_VERSION + 1}, "newer"),
    ({"schema": "2"}, "positive integer"),
    ({"verdict": "passed"}, "verdict must be one of"),
    ({"check": ""}, "non-empty"),
    ({"colour": "red"}, "unknown field.*colour"),
    ({"measured": "3.0"}, "measured has the wrong type"),
    ({"interval": [1.0]}, "pair"),
    ({"symbolic": {"id": "x", "location": "l", "stated": "a", "derived": "b", "holds": False}},
     "erratum kind"),
    ({"symbolic": {"id": "x", "where": "l"}}, "malformed symbolic"),
])
def test_bad_lines_are_refused_with_the_reason(change, message):
    good = Record(check="a/b", verdict="pass", measured=1.0).to_dict()
    with pytest.raises(ResultStoreError, match=message):
        Record.from_dict({**good, **change})


@pytest.mark.parametrize("name", REQUIRED)
def test_a_missing_required_field_is_named(name):
    good = Record(check="a/b", verdict="pass").to_dict()
    with pytest.raises(ResultStoreError, match=f"missing field.*{name}"):
        Record.from_dict({k: v for k, v in good.items() if k != name})


def test_records_are_frozen_and_read_as_mappings():
    r = Record(check="a/b", verdict="pass", interval=(0.0, 1.0), params={"n": 2})
    with pytest.raises(AttributeError):
        r.verdict = "fail"
    assert r["interval"] == [0.0, 1.0] and r.get("paper") is None and "check" in r
    assert set(r) == set(r.to_dict()) and r.replace(verdict="fail").verdict == "fail"
    with pytest.raises(KeyError):
        r["colour"]
