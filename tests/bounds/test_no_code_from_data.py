"""No parameter value reaches sympy unvalidated: sympy evaluates strings as Python, so a
string parameter must be refused before any sympy call, not after it ran."""

from __future__ import annotations

import pytest
import sympy as sp

from commbounds import bound
from commbounds.errors import InvalidInputError

BOUND = "huang2019:thm2.3/mse"


@pytest.fixture
def payload(tmp_path):
    marker = tmp_path / "MARKER"
    return marker, f"__import__('pathlib').Path({str(marker)!r}).touch() or 1000"


@pytest.mark.parametrize("call", [
    lambda b, s: b.solve_for("C", 1e-3, n=s, F1=100.0),
    lambda b, s: b.solve_for("C", 1e-3, n=16, F1=s),
    lambda b, s: b.solve_for("C", s, n=16, F1=100.0),
    lambda b, s: b.subs(n=s),
    lambda b, s: b(n=s, F1=100.0, C=1000),
])
def test_a_python_expression_as_a_parameter_runs_nothing(payload, call):
    marker, expr = payload
    with pytest.raises(InvalidInputError, match="must be a real number"):
        call(bound(BOUND), expr)
    assert not marker.exists()


@pytest.mark.parametrize("value", ["16", None, [16, 17], True, float("nan"), 1j])
def test_solve_for_refuses_anything_but_numbers(value):
    with pytest.raises(InvalidInputError):
        bound(BOUND).solve_for("C", 1e-3, n=value, F1=100.0)


def test_unknown_names_are_refused():
    b = bound(BOUND)
    with pytest.raises(InvalidInputError, match="no parameter"):
        b.subs(nope=1)
    with pytest.raises(InvalidInputError, match="no parameter"):
        b.solve_for("C", 1e-3, n=16, F1=100.0, nope=1)


def test_numbers_and_sympy_expressions_still_substitute():
    b = bound(BOUND)
    n = b.namespace["n"]
    assert b.subs(n=16).free_symbols == b.expr.free_symbols - {n}
    assert b.subs(n=2 * b.namespace["C"]).free_symbols == b.expr.free_symbols - {n}
    assert isinstance(b.subs(n=16), sp.Expr)
    assert round(b.solve_for("C", 1e-3, n=16, F1=100.0), 1) == 39062.5
