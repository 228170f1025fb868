"""safe_math passes sympy's LaTeX of every registered bound and refuses every hostile
construct a store could carry."""

from __future__ import annotations

import pytest

from commbounds import bounds
from commbounds.reports.mathtex import MAX_LENGTH, safe_math


@pytest.mark.parametrize("b", bounds.all(), ids=lambda b: b.id)
def test_every_registered_bound_typesets(b):
    assert safe_math(b.latex()) == b.latex()


@pytest.mark.parametrize("hostile", [
    r"\input{/etc/passwd}", r"x \write18{id}", r"\catcode`\^=7", r"\def\x{1}", r"\openout1=f",
    r"a $ b", r"50 % comment", r"# 1", r"a & b", r"^^5cinput", r"{x", r"x}", r"\\ x",
    r"\csname input\endcsname", r"\text{\input{f}}", "x" * (MAX_LENGTH + 1), "", r"\immediate",
])
def test_hostile_strings_are_refused(hostile):
    assert safe_math(hostile) is None


def test_non_strings_are_refused():
    assert safe_math(None) is None and safe_math(42) is None
