"""Papers: one record per paper, and every bound, check and figure names a registered one."""

from __future__ import annotations

import pytest

from commbounds import bounds, verify
from commbounds.bounds import Paper
from commbounds.bounds import checks as symbolic
from commbounds.errors import InvalidInputError, UnknownNameError
from commbounds.reports.figures import figures


def test_every_paper_is_complete_and_keys_its_ids():
    for key in bounds.papers():
        p = bounds.paper(key)
        assert p.key == key and str(p.year) in key and p.authors and p.seed_file.endswith(".txt")
        assert bounds.search(paper=key), f"{key} registers no bound"


def test_every_bound_check_and_figure_names_a_registered_paper():
    papers = set(bounds.papers())
    assert {b.paper for b in bounds.all()} == papers
    assert {b.id.split(":")[0] for b in bounds.all()} == papers
    assert {c.paper for c in verify.checks()} - {"canary"} == papers
    assert {symbolic.CHECKS.lookup(c)[0] for c in symbolic.available()} <= papers
    assert {f.paper for f in figures()} <= papers


def test_unknown_paper_names_the_closest():
    with pytest.raises(UnknownNameError, match="huang2019"):
        bounds.paper("huang2018")


@pytest.mark.parametrize(("change", "message"), [
    ({"key": "Huang 2019"}, "lower case"), ({"year": 2021}, "year"), ({"authors": ()}, "authors"),
    ({"authors": ["A B"]}, "authors"), ({"title": " "}, "title must be"),
])
def test_bad_paper_records_are_refused(change, message):
    good = dict(key="doe2020", title="T", authors=("Jane Doe",), venue="V", year=2020, seed_file="f.txt",
                topic="t")
    with pytest.raises(InvalidInputError, match=message):
        Paper(**{**good, **change})
    assert Paper(**good).heading == "Doe 2020: t"


def test_a_key_registers_once():
    p = bounds.paper("huang2019")
    with pytest.raises(InvalidInputError, match="registered twice"):
        bounds.register_paper(Paper(**{**p.__dict__, "title": "Another"}))
