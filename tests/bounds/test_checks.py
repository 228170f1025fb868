"""The symbolic-check outcome type: erratum kinds, corrected bounds, and step bounds."""

from __future__ import annotations

import re

import pytest

import commbounds as cb
from commbounds.bounds import ids, search
from commbounds.bounds.checks import ERRATUM_KINDS, CheckOutcome, errata, findings, outcome, run_all

#: words with which a check's description says a printed line is wrong
_ADMITS = re.compile(r"\b(typo|misprint|the printed step is wrong|does not follow|prints .* for)\b", re.I)


@pytest.fixture(scope="module")
def outcomes():
    return run_all()


def test_every_erratum_has_a_kind_and_statement_errata_a_registered_correction(outcomes):
    bad = [o for o in outcomes if not o.holds]
    assert len(bad) >= 24
    registered = set(ids())
    for o in bad:
        assert o.kind in ERRATUM_KINDS, o.id
        assert o.verdict == ("finding" if o.kind == "unsettled" else "erratum")
        if o.kind == "statement":
            assert o.corrected in registered, o.id
            assert cb.bound(o.corrected).variant == "corrected"
        if o.corrected is not None:
            assert o.corrected in registered, o.id
    assert all(o.kind is None for o in outcomes if o.holds)
    assert {o.id for o in errata()} == {o.id for o in bad}
    assert [o.id for o in findings()] == ["mayekar2020:thm6.1-mi-paninski-constant"]


def test_no_check_holds_for_a_step_its_description_calls_wrong(outcomes):
    admitted = [o.id for o in outcomes if o.holds and _ADMITS.search(o.description)]
    assert admitted == []


def test_outcome_refuses_inconsistent_kinds():
    with pytest.raises(ValueError, match="needs a kind"):
        CheckOutcome("x:y", "x", "here", "what", "1", "2", False)
    with pytest.raises(ValueError, match="no erratum kind"):
        CheckOutcome("x:y", "x", "here", "what", "1", "1", True, kind="statement")
    with pytest.raises(ValueError, match="corrected bound"):
        CheckOutcome("x:y", "x", "here", "what", "1", "2", False, kind="statement")
    with pytest.raises(ValueError, match="measurement"):
        CheckOutcome("x:y", "x", "here", "what", "1", "2", False, kind="unsettled")
    # the builder: equal sides hold (and drop any kind); unequal ones default to proof-step
    assert outcome("x:y", "x", "here", "what", 2, 2, kind="statement").kind is None
    assert outcome("x:y", "x", "here", "what", 1, 2).kind == "proof-step"


def test_step_bounds_are_queryable_and_print_their_relation():
    steps = search(kind="step")
    assert {"mayekar2020:thm6.1/mi-paninski/chi-square", "mayekar2020:lem5.1/cuq-error",
            "mayekar2020:thm3.1/k-choice"} <= {b.id for b in steps}
    chi = cb.bound("mayekar2020:thm6.1/mi-paninski/chi-square")
    assert chi.op == "<=" and chi(delta=0.1) == pytest.approx(0.04)
    assert r"\le" in chi.relation_latex() and "proof step" in chi.describe()
    assert cb.bound("mayekar2020:thm3.1/k-choice")(d=1024, p=4) == pytest.approx(32.0)
    with pytest.raises(ValueError, match="relation"):
        cb.bounds.Bound(id="demo:x", paper="demo", statement="s", kind="step", relation="<",
                        quantity="q", problem="p", params=[], expr=1)


def test_every_suite_check_lists_its_constants_and_each_support_exists():
    from commbounds.bounds.checks import available, run
    from commbounds.bounds.checks.constants import CONSTANTS, for_check
    from commbounds.verify.engine import checks

    symbolic = set(available())
    for u in CONSTANTS:
        for cid in u.supporting_checks:
            assert cid in symbolic, (u.check, cid)
            assert run(cid).kind != "unsettled", (u.check, cid)  # a finding supports nothing
        if u.status == "assumption":
            assert len(u.support) > 40, u  # says why, in words
    monte_carlo = [c.id for c in checks() if c.claim != "symbolic"]
    assert len(monte_carlo) >= 40
    missing = [c for c in monte_carlo if not for_check(c)]
    assert missing == []
    # the lower-bound canaries use the proof-supported corrected forms
    assert {u.bound for u in for_check("canary/sar-thm3.1")} == {"huang2019:thm3.1/corrected"}
    assert all(u.status == "proof-supported" for u in for_check("huang2019/thm3.1-canary"))
    assert any(u.status == "assumption" for u in for_check("korhonen2021/thm3-canary"))
