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


#: words with which a description may call a printed step wrong (the audit's list)
_WRONG_WORDS = re.compile(r"\b(wrong|should (be|read)|typo|misprint|errat(um|a)|incorrect(ly)?|missing|"
                          r"reversed?|does not follow|spurious)\b", re.I)

#: holding checks whose description uses one of the words for another reason, and why
_WORD_WHITELIST: dict[str, str] = {}


def test_audit_every_description_that_calls_a_step_wrong_is_an_erratum(outcomes):
    """A check that describes a printed step as wrong reports an erratum, never ``holds``."""
    hits = {o.id: _WRONG_WORDS.findall(o.description) for o in outcomes if o.holds}
    flagged = sorted(cid for cid, words in hits.items() if words and cid not in _WORD_WHITELIST)
    assert flagged == [], {cid: hits[cid] for cid in flagged}
    # the whitelist names only holding checks that still use a listed word
    assert all(hits.get(cid) for cid in _WORD_WHITELIST), _WORD_WHITELIST
    # the scan is not vacuous: the errata use the words
    assert sum(bool(_WRONG_WORDS.search(o.description)) for o in outcomes if not o.holds) >= 5


def test_errata_table_row_of_a_finding_shows_its_measurement_and_what_is_unknown():
    from commbounds.bounds.checks import run
    from commbounds.reports import _env, _erratum_row
    from commbounds.verify.suite.symbolic import _symbolic

    o = run("mayekar2020:thm6.1-mi-paninski-constant")
    row = _erratum_row(_symbolic(o), cb.bounds.all())
    tex = _env().get_template("sections/80-errata.tex.j2").render(errata=[row])
    assert "kind: \\emph{unsettled}" in tex and "measured, not settled" in tex
    assert "What is unknown" in tex
    # every measured ratio of the check appears in the row
    for ratio in re.findall(r"I/display = ([0-9.]+)", o.measurement):
        assert f"I/display = {ratio}" in tex
    assert "2.0033" in tex


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
