"""Generic tests over every registered scheme, protocol and construction, driven only by
their declared parameters (``params``), in the manner of scipy.stats' generic tests.

For every declared parameter, with the others at their typical values: an in-domain value
and a closed endpoint construct (or meet a theorem's condition, a BoundDomainError); an open
endpoint, a value outside the domain, NaN, a value of the wrong kind and a fractional
integer are refused with an InvalidInputError naming the owner and the parameter.  Missing
and unknown names are reported from the declaration.  Deterministic: no randomness; every construction runs under a time limit, so one whose
work is not bounded by its declared domain fails instead of stalling the run.
"""

from __future__ import annotations

import contextlib
import inspect
import math
import re
import signal

import pytest

from commbounds import constructions, quantizers
from commbounds.errors import BoundDomainError, DeclarationError, InvalidInputError
from commbounds.params import REQUIRED, Declared, Param, check_declaration
from commbounds.quantizers import registry as qreg


def _entries():
    out = [("scheme", n, qreg.scheme_class(n)) for n in quantizers.available()]
    out += [("protocol", n, qreg.protocol_class(n)) for n in quantizers.protocols()]
    out += [("construction", n, constructions.construction_class(n)) for n in constructions.available()]
    return out


ENTRIES = _entries()
IDS = [f"{kind}:{name}" for kind, name, _ in ENTRIES]


LIMIT_S = 5


class Hang(Exception):
    """No answer within LIMIT_S seconds (deliberately not a CommboundsError)."""


@contextlib.contextmanager
def time_limit(seconds: int = LIMIT_S):
    def _alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _create(kind, name, **params):
    """Construct under a time limit: work must be bounded by the declared domain."""
    with time_limit():
        if kind == "scheme":
            return quantizers.get(name, **params)
        if kind == "protocol":
            return quantizers.protocol(name, **params)
        return constructions.get(name, **params)


def _names(exc, owner, param) -> bool:
    text = str(exc)
    return text.startswith(f"{owner}: ") and re.search(rf"(?<![\w]){re.escape(param)}(?![\w])", text) is not None


def _base(cls) -> dict:
    """The typical point, plus every required parameter (all have typical values)."""
    return dict(cls.typical)


def _interval(cls, p: Param):
    return p.interval({**{q.name: q.default for q in cls.params if not q.required}, **cls.typical})


def _inside(cls, p: Param) -> list:
    """Admissible values drawn from the declaration."""
    if p.kind == "boolean":
        return [True, False]
    if p.kind == "choice":
        return list(p.options)
    if p.kind == "vector":
        return []
    vals = [] if p.typical is None else [p.typical]
    iv = _interval(cls, p)
    if iv is None:
        return vals
    lo, hi = iv
    lo_closed, hi_closed = p.endpoints[1], p.endpoints[3]
    # a value between the lower endpoint and the typical one (or the middle of a short
    # domain), so that the work a construction does stays that of the typical point
    if math.isfinite(lo) and math.isfinite(hi) and hi - lo <= 64:
        mid = (lo + hi) / 2
    elif p.typical is not None and math.isfinite(lo):
        mid = (lo + p.typical) / 2
    elif p.typical is not None:
        mid = p.typical - 1.0
    else:
        mid = lo + 1.0 if math.isfinite(lo) else 0.0
    if p.integer:
        mid = math.floor(mid) if math.floor(mid) > lo or lo_closed else math.ceil(mid)
    if not ((mid > lo or (lo_closed and mid == lo)) and (mid < hi or (hi_closed and mid == hi))):
        return vals
    if mid not in vals:
        vals.append(mid)
    return vals


def _endpoints(cls, p: Param) -> list[tuple[float, bool]]:
    """(finite endpoint, closed) pairs at the typical point."""
    iv = _interval(cls, p)
    if p.kind not in ("real", "integer") or iv is None:
        return []
    (lo, hi), lo_closed, hi_closed = iv, p.endpoints[1], p.endpoints[3]
    out = [(lo, lo_closed)] if math.isfinite(lo) else []
    out += [(hi, hi_closed)] if math.isfinite(hi) else []
    return out


def _outside(cls, p: Param) -> list:
    """Values no declaration of that kind admits."""
    if p.kind == "boolean":
        return [2, "yes", math.nan]
    if p.kind == "choice":
        return [math.nan, "no-such-option" if isinstance(p.options[0], str) else 3, 1.5]
    if p.kind == "vector":
        return [[1.0, math.nan], "abc"]
    out = [math.nan, "abc", [1.0], True]
    iv = _interval(cls, p)
    if iv is not None:
        lo, hi = iv
        if math.isfinite(lo):
            out.append(lo - max(1.0, abs(lo)))
        if math.isfinite(hi):
            out.append(hi + max(1.0, abs(hi)) if hi < 1e300 else math.inf)
    if p.integer and p.typical is not None:
        out.append(p.typical + 0.5)
    return out


def _accepts(kind, name, cls, params, param):
    """The declaration admits ``params``: the construction succeeds, or only a condition on
    several parameters refuses it -- a theorem's (BoundDomainError) or the owner's own (an
    InvalidInputError that is not the declaration's and names another declared parameter)."""
    try:
        _create(kind, name, **params)
    except BoundDomainError:
        pass
    except InvalidInputError as exc:
        text = str(exc)
        assert f"parameter {param} must" not in text, text
        others = [p.name for p in cls.params if p.name != param]
        assert any(re.search(rf"(?<![\w]){re.escape(o)}(?![\w])", text) for o in others), text


def _cases(pick):
    out = []
    for (kind, name, cls), id_ in zip(ENTRIES, IDS, strict=True):
        for p in cls.params:
            for value in pick(cls, p):
                out.append(pytest.param(kind, name, p.name, value, id=f"{id_}-{p.name}-{value!r}"))
    return out


@pytest.mark.parametrize("kind, name, cls", ENTRIES, ids=IDS)
def test_every_entry_declares_params_matching_its_signature(kind, name, cls):
    assert cls.params, f"{name} declares no params"
    assert all(isinstance(p, Param) for p in cls.params)
    sig = inspect.signature(cls.__init__)
    args = [a for a in list(sig.parameters.values())[1:] if a.kind is not a.VAR_KEYWORD]
    assert [a.name for a in args] == [p.name for p in cls.params]
    for a, p in zip(args, cls.params, strict=True):
        want = REQUIRED if a.default is inspect.Parameter.empty else a.default
        assert p.default == want or (p.default is want), (p.name, p.default, want)
    assert cls.typical == {p.name: p.typical for p in cls.params if p.typical is not None}
    assert all(p.typical is not None for p in cls.params if p.required)


@pytest.mark.parametrize("kind, name, cls", ENTRIES, ids=IDS)
def test_typical_point_constructs(kind, name, cls):
    obj = _create(kind, name, **_base(cls))
    assert set(_base(cls)) <= set(obj.arguments) <= {p.name for p in cls.params}


@pytest.mark.parametrize("kind, name, param, value", _cases(_inside))
def test_in_domain_value_is_accepted(kind, name, param, value):
    cls = dict((n, c) for _, n, c in ENTRIES)[name]
    _accepts(kind, name, cls, {**_base(cls), param: value}, param)


def _closed_or_open(cls, p):
    return [(v, closed) for v, closed in _endpoints(cls, p)]


@pytest.mark.parametrize("kind, name, param, value", _cases(_closed_or_open))
def test_endpoint_is_accepted_exactly_when_closed(kind, name, param, value):
    cls = dict((n, c) for _, n, c in ENTRIES)[name]
    end, closed = value
    if cls.params[[p.name for p in cls.params].index(param)].integer:
        end = int(end) if float(end).is_integer() else end
    params = {**_base(cls), param: end}
    if closed:
        _accepts(kind, name, cls, params, param)
    else:
        with pytest.raises(InvalidInputError) as info:
            _create(kind, name, **params)
        assert _names(info.value, name, param), str(info.value)


@pytest.mark.parametrize("kind, name, param, value", _cases(_outside))
def test_out_of_domain_value_is_refused_naming_owner_and_parameter(kind, name, param, value):
    cls = dict((n, c) for _, n, c in ENTRIES)[name]
    with pytest.raises(InvalidInputError) as info:
        _create(kind, name, **{**_base(cls), param: value})
    assert _names(info.value, name, param), str(info.value)
    assert f"parameter {param} must" in str(info.value), str(info.value)


@pytest.mark.parametrize("kind, name, cls", ENTRIES, ids=IDS)
def test_missing_and_unknown_names_come_from_the_declaration(kind, name, cls):
    for p in cls.params:
        if p.required:
            with pytest.raises(InvalidInputError, match=rf"^{re.escape(name)}: missing parameter {p.name}\b"):
                _create(kind, name, **{k: v for k, v in _base(cls).items() if k != p.name})
    with pytest.raises(InvalidInputError, match=rf"^{re.escape(name)}: unknown parameter zz_unknown \(declared: "):
        _create(kind, name, **_base(cls), zz_unknown=1)


def test_an_undeclared_endpoint_fails_where_the_class_is_defined():
    with pytest.raises(DeclarationError, match="the domain of C names undeclared parameters"):
        class Bad(Declared):  # noqa: F841 - defining it is the test
            params = (Param("C", domain="[n, oo)", typical=4.0),)


def test_an_out_of_domain_typical_value_fails_where_the_class_is_defined():
    with pytest.raises(DeclarationError, match="typical value of k is not admissible"):
        class Bad(Declared):  # noqa: F841
            params = (Param("k", integer=True, domain="[2, oo)", typical=1),)


@pytest.mark.parametrize("domain", ["0, 1", "[0, 1", "[0, __import__('os')]", "[0, n.attr]", "[0, 1 if n else 2]"])
def test_a_malformed_domain_fails_where_it_is_declared(domain):
    with pytest.raises(DeclarationError):
        check_declaration("demo", (Param("n", typical=0.5), Param("x", domain=domain)))


def test_a_typed_out_default_fails_where_the_class_is_defined():
    with pytest.raises(DeclarationError, match="default of norm"):
        class Bad(Declared):  # noqa: F841
            params = (Param("norm", options=("l2", "linf"), default="l1"),)


def test_positional_arguments_are_checked_by_declaration_order():
    cls = qreg.scheme_class("sar")
    with pytest.raises(InvalidInputError, match="^sar: parameter F must satisfy F > 0"):
        cls(-1.0)
    with pytest.raises(InvalidInputError, match="^sar: takes at most 1 positional"):
        cls(0.25, 0.5)
