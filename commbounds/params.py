"""Parameters declared as data, the way scipy.stats' new distribution infrastructure does.

A :class:`Param` names a parameter by the paper's symbol in ASCII and gives its LaTeX form,
its kind (real, integer, boolean or a choice of strings), its domain (an interval whose
endpoints may name other parameters of the same owner), its default and a typical value for
tests and examples.  Bounds, schemes, protocols and constructions all declare their
parameters with it; :func:`check_declaration` checks a declaration once, when its owner is
defined (an endpoint naming an undeclared parameter or a typical value outside the domain
fails at import), and :func:`check_arguments` checks given values against it with one
message shape: ``"<owner>: parameter <name> must <condition>, got <value>"``.

Domains are parsed by a small arithmetic grammar (numbers, parameter names, ``oo``,
``+ - * / **``, ``log2``, ``sqrt``, ``min``, ``max``), never by ``eval`` or ``sympify``.

Examples
--------
>>> from commbounds.params import Param, check_arguments, check_declaration
>>> decl = check_declaration("demo", (Param("n", integer=True, domain="[1, oo)", typical=4),
...                                   Param("C", domain="[n, oo)", typical=64.0)))
>>> check_arguments("demo", decl, {"n": 4, "C": 64.0})
{'n': 4, 'C': 64.0}
>>> try:
...     check_arguments("demo", decl, {"n": 4, "C": 2.0})
... except InvalidInputError as exc:
...     print(exc)
demo: parameter C must satisfy C >= n = 4, got 2.0
"""

from __future__ import annotations

import ast
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from .errors import DeclarationError, InvalidInputError

__all__ = ["Param", "REQUIRED", "KINDS", "Declared", "check_declaration", "check_arguments",
           "typical_of", "Endpoint"]

#: The kinds of parameter a declaration may hold.
KINDS = ("real", "integer", "boolean", "choice", "vector")


class _Required:
    """The default of a parameter that has none (it must be given)."""

    def __repr__(self) -> str:
        return "REQUIRED"

    def __reduce__(self) -> str:
        return "REQUIRED"


#: Marks a parameter without a default.
REQUIRED: Any = _Required()

_DOMAIN_RE = re.compile(r"^\s*([\[\(])\s*(.+?)\s*,\s*(.+?)\s*([\]\)])\s*$")

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow,
}
_FUNCTIONS = ("log2", "sqrt", "min", "max")
_NUMERIC_FUNCTIONS: dict[str, Callable[..., float]] = {
    "log2": math.log2, "sqrt": math.sqrt, "min": min, "max": max,
}


@dataclass(frozen=True)
class Endpoint:
    """One endpoint of a domain: a parsed arithmetic expression over other parameters.

    Parameters
    ----------
    text : str
        The endpoint as declared (``"0"``, ``"oo"``, ``"n*d/2"``, ``"log2(m)"``).

    Examples
    --------
    >>> e = Endpoint("n*d/2")
    >>> sorted(e.names), e.value({"n": 4, "d": 10})
    (['d', 'n'], 20.0)
    >>> Endpoint("oo").value({})
    inf
    """

    text: str

    @cached_property
    def tree(self) -> ast.expr:
        """The parsed expression; only the grammar of the module docstring is accepted."""
        try:
            tree = ast.parse(self.text, mode="eval").body
        except SyntaxError as exc:
            raise DeclarationError(f"cannot parse domain endpoint {self.text!r}") from exc
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                if not (isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS) or node.keywords:
                    raise DeclarationError(f"domain endpoint {self.text!r}: only {_FUNCTIONS} may be called")
            elif isinstance(node, ast.Constant):
                if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                    raise DeclarationError(f"domain endpoint {self.text!r}: {node.value!r} is not a number")
            elif isinstance(node, ast.BinOp):
                if type(node.op) not in _BINARY:
                    raise DeclarationError(f"domain endpoint {self.text!r}: operator not allowed")
            elif isinstance(node, ast.UnaryOp):
                if not isinstance(node.op, ast.USub | ast.UAdd):
                    raise DeclarationError(f"domain endpoint {self.text!r}: operator not allowed")
            elif not isinstance(node, ast.Name | ast.Load | ast.operator | ast.unaryop):
                raise DeclarationError(f"domain endpoint {self.text!r}: {type(node).__name__} not allowed")
        return tree

    @cached_property
    def names(self) -> frozenset[str]:
        """The parameters the endpoint names (``oo`` and the functions excluded)."""
        called = {n.func.id for n in ast.walk(self.tree) if isinstance(n, ast.Call)}
        return frozenset(n.id for n in ast.walk(self.tree)
                         if isinstance(n, ast.Name) and n.id != "oo" and n.id not in called)

    def value(self, values: Mapping[str, Any]) -> float:
        """The endpoint's number at ``values`` (a mapping that holds every name it uses)."""
        return float(self._fold(self.tree, values, _NUMERIC_FUNCTIONS, math.inf, float))

    def symbolic(self, namespace: Mapping[str, Any]):
        """The endpoint as a sympy expression in the symbols of ``namespace``."""
        import sympy as sp

        from .special.symbolic import log2

        functions = {"log2": log2, "sqrt": sp.sqrt, "min": sp.Min, "max": sp.Max}
        number = lambda v: sp.Integer(v) if isinstance(v, int) else sp.Float(v)  # noqa: E731
        return self._fold(self.tree, namespace, functions, sp.oo, number)

    def _fold(self, node, values, functions, infinity, number):
        fold = lambda n: self._fold(n, values, functions, infinity, number)  # noqa: E731
        if isinstance(node, ast.Constant):
            return number(node.value)
        if isinstance(node, ast.Name):
            return infinity if node.id == "oo" else values[node.id]
        if isinstance(node, ast.UnaryOp):
            return -fold(node.operand) if isinstance(node.op, ast.USub) else fold(node.operand)
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](fold(node.left), fold(node.right))
        return functions[node.func.id](*(fold(a) for a in node.args))


@dataclass(frozen=True)
class Param:
    """A parameter declared as data (scipy.stats' new infrastructure is the model).

    Parameters
    ----------
    name : str
        The paper's symbol in ASCII (``n``, ``d``, ``C``, ``sigma`` ...).
    latex : str, optional
        LaTeX for the symbol; defaults to sympy's rendering of ``name``.
    domain : str
        An interval such as ``"(0, oo)"`` or ``"[n, n*d/2]"``; endpoints may name other
        parameters of the same owner.  Brackets say whether an endpoint is included.
        Only real and integer parameters have one.
    integer : bool
        Whether the parameter must be an integer (the same as ``kind="integer"``).
    typical : float, optional
        A value inside the domain used by generic tests and examples.
    description : str
        What the parameter is, in words.
    kind : {"real", "integer", "boolean", "choice", "vector"}
        The parameter's kind; ``options`` makes it a choice, ``integer`` an integer.  A
        vector is a finite real array (its shape is the owner's to check).
    options : tuple of str or tuple of int
        The admissible values of a choice (strings, or integers such as float widths).
    default : optional
        The value used when the parameter is not given; :data:`REQUIRED` when it must be.
    nullable : bool
        Whether ``None`` is admissible ("derive it from the others"); implied by a default
        of ``None``.
    aliases : tuple of (str, float) pairs
        Spellings accepted for a real value (``("inf", math.inf)``), case-insensitively.
    why : str
        Why the domain ends where it does, quoted in error messages.

    Examples
    --------
    >>> Param("k", integer=True, domain="[1, 2**53]", typical=16).kind
    'integer'
    >>> Param("norm", options=("l2", "linf"), default="l2").kind
    'choice'
    """

    name: str
    latex: str | None = None
    domain: str = "(0, oo)"
    integer: bool = False
    typical: Any = None
    description: str = ""
    kind: str = "real"
    options: tuple = ()
    default: Any = field(default=REQUIRED, compare=False)
    nullable: bool = False
    aliases: tuple[tuple[str, float], ...] = ()
    why: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise DeclarationError(f"parameter name must be an identifier, got {self.name!r}")
        kind = "choice" if self.options else "integer" if self.integer else self.kind
        if kind not in KINDS:
            raise DeclarationError(f"parameter {self.name}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.kind not in ("real", kind):
            raise DeclarationError(f"parameter {self.name}: kind {self.kind!r} contradicts "
                                   f"{'options' if self.options else 'integer=True'}")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "integer", kind == "integer")
        object.__setattr__(self, "options", tuple(self.options))
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "nullable", self.nullable or self.default is None)
        if self.options and len({type(o) for o in self.options}) > 1:
            raise DeclarationError(f"parameter {self.name}: options mix types {self.options}")
        if kind in ("real", "integer"):
            _ = self.endpoints  # parse now: a malformed domain fails where it is declared

    @property
    def required(self) -> bool:
        """Whether the parameter has no default."""
        return self.default is REQUIRED

    @cached_property
    def symbol(self):
        """The sympy symbol (positive; integer where the parameter is)."""
        import sympy as sp

        return sp.Symbol(self.name, positive=True, integer=self.integer or None)

    @property
    def admits_infinity(self) -> bool:
        """Whether the domain includes ``oo`` (written ``"[2, oo]"``): then ``numpy.inf`` is a
        value, not an error, and the expression is evaluated in that limit as numpy does
        (``d**(1/p)`` is 1 at ``p = inf``)."""
        m = _DOMAIN_RE.match(self.domain)
        return bool(m) and m.group(3) == "oo" and m.group(4) == "]"

    @cached_property
    def endpoints(self) -> tuple[Endpoint, bool, Endpoint, bool]:
        """The parsed domain: ``(lo, lo_closed, hi, hi_closed)``."""
        m = _DOMAIN_RE.match(self.domain)
        if not m:
            raise DeclarationError(f"parameter {self.name}: cannot parse domain {self.domain!r}")
        left, lo, hi, right = m.groups()
        return Endpoint(lo), left == "[", Endpoint(hi), right == "]"

    def bounds(self, namespace: Mapping[str, Any]):
        """The domain as sympy expressions: ``(lo, lo_closed, hi, hi_closed)``.

        Parameters
        ----------
        namespace : mapping
            Symbols by name for the parameters the endpoints may name.

        Returns
        -------
        tuple
            ``(lo, lo_closed, hi, hi_closed)`` with ``lo`` and ``hi`` sympy expressions.
        """
        lo, lo_closed, hi, hi_closed = self.endpoints
        return lo.symbolic(namespace), lo_closed, hi.symbolic(namespace), hi_closed

    def interval(self, values: Mapping[str, Any]) -> tuple[float, float] | None:
        """The numeric domain ``(lo, hi)`` at ``values``, or None if an endpoint names a
        parameter that has no number there (not given, or ``None``)."""
        lo, _, hi, _ = self.endpoints
        names = lo.names | hi.names
        if any(not _is_number(values.get(n)) for n in names):
            return None
        given = {n: float(values[n]) for n in names}
        return lo.value(given), hi.value(given)

    def check(self, value: Any, owner: str, values: Mapping[str, Any] | None = None) -> Any:
        """Check one value; return it normalised (``int``, ``float``, ``bool`` or ``str``).

        Parameters
        ----------
        value
            The given value.
        owner : str
            Who declares the parameter (a registry name or bound id), for the message.
        values : mapping, optional
            The other parameters' values, for endpoints that name them.

        Returns
        -------
        int, float, bool, str or None
            The value normalised to the parameter's kind.

        Raises
        ------
        InvalidInputError
            ``"<owner>: parameter <name> must <condition>, got <value>"``, the condition
            being the violated side of the domain (``k >= 2``) or the kind.

        Examples
        --------
        >>> Param("q", integer=True, domain="[2, oo)").check(16.0, "lattice")
        16
        """
        if value is None and self.nullable:
            return None
        if self.kind == "boolean":
            if not isinstance(value, bool | np.bool_):
                self._fail(owner, "be True or False", value)
            return bool(value)
        if self.kind == "choice":
            textual = isinstance(self.options[0], str)
            if (not isinstance(value, str) if textual else
                    isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer)) \
                    or value not in self.options:
                self._fail(owner, f"be one of {self.options}", value)
            return value if textual else int(value)
        if self.kind == "vector":
            return self._vector(value, owner)
        if isinstance(value, str) and self.aliases:
            spelled = dict(self.aliases).get(value.strip().lower())
            if spelled is None:
                self._fail(owner, f"be a real number or one of {tuple(a for a, _ in self.aliases)}", value)
            value = spelled
        what = "an integer" if self.integer else "a real number"
        if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.integer | np.floating):
            self._fail(owner, f"be {what}", value)
        v = float(value)
        if math.isnan(v):
            self._fail(owner, f"be {what}, not NaN", value)
        if self.integer and not (math.isfinite(v) and v == int(v)):
            self._fail(owner, "be an integer", value)
        interval = self.interval(values or {})
        if interval is not None:
            lo, lo_closed, hi, hi_closed = self.endpoints
            a, b = interval
            if not (a <= v if lo_closed else a < v):
                self._fail(owner, f"satisfy {self.name} {'>=' if lo_closed else '>'} {_side(lo, a)}", value)
            if not (v <= b if hi_closed else v < b):
                self._fail(owner, f"satisfy {self.name} {'<=' if hi_closed else '<'} {_side(hi, b)}", value)
        return int(v) if self.integer else v

    def _vector(self, value: Any, owner: str) -> np.ndarray:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):
            self._fail(owner, "be an array of real numbers", value)
        if arr.dtype.kind not in "iuf" or arr.ndim == 0:
            self._fail(owner, "be an array of real numbers", value)
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            self._fail(owner, "be finite (no NaN or inf)", value)
        return arr

    def _fail(self, owner: str, condition: str, value: Any) -> None:
        reason = f" ({self.why})" if self.why else ""
        raise InvalidInputError(f"{owner}: parameter {self.name} must {condition}{reason}, got {value!r}")


class Declared:
    """What every registered scheme, protocol and construction shares: declared parameters.

    A subclass sets ``params``, a tuple of :class:`Param` in the order of its ``__init__``
    arguments.  The declaration is checked when the class is defined
    (:func:`check_declaration`), ``typical`` is derived from it, and every construction of
    an instance first checks its arguments against it (:func:`check_arguments`), so a
    missing, unknown or out-of-domain parameter is reported from the declaration with one
    message shape, before the subclass's own ``__init__`` runs.  The given arguments are
    kept in ``arguments``.  Classes that declare nothing (abstract bases) check nothing.

    Parameters
    ----------
    **arguments
        The declared parameters' values, by name.

    Examples
    --------
    >>> class Box(Declared):
    ...     name = "box"
    ...     params = (Param("side", domain="(0, oo)", typical=1.0),)
    ...     def __init__(self, side):
    ...         super().__init__(side=side)
    >>> Box.typical, Box(2.0).arguments
    ({'side': 1.0}, {'side': 2.0})
    >>> try:
    ...     Box(side=-1.0)
    ... except InvalidInputError as exc:
    ...     print(exc)
    box: parameter side must satisfy side > 0, got -1.0
    """

    #: registry name (set by the registry's decorator)
    name: ClassVar[str] = ""
    #: the declared parameters, in the order of ``__init__``'s arguments
    params: ClassVar[tuple[Param, ...]] = ()
    #: the typical point, derived from ``params``
    typical: ClassVar[dict[str, Any]] = {}

    def __init__(self, **arguments: Any) -> None:
        self.arguments = dict(arguments)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "params" in cls.__dict__:
            if "typical" in cls.__dict__:
                raise DeclarationError(f"{cls.__name__}: typical is derived from params; declare "
                                       f"typical values on the Params")
            cls.params = check_declaration(cls.__name__, cls.params)
            cls.typical = typical_of(cls.params)
        if "__init__" in cls.__dict__:
            cls.__init__ = _checked_init(cls.__dict__["__init__"])

    @classmethod
    def check_arguments(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Check constructor arguments against ``params``; return them by name, normalised.

        Parameters
        ----------
        *args, **kwargs
            The arguments as the constructor would receive them.

        Returns
        -------
        dict

        Raises
        ------
        InvalidInputError
            For an unknown, missing or out-of-domain parameter, naming the owner and it.
        """
        owner = cls.name or cls.__name__
        if len(args) > len(cls.params):
            raise InvalidInputError(f"{owner}: takes at most {len(cls.params)} positional "
                                    f"parameters ({', '.join(p.name for p in cls.params)}), got {len(args)}")
        given = dict(zip((p.name for p in cls.params), args, strict=False))
        twice = sorted(set(given) & set(kwargs))
        if twice:
            raise InvalidInputError(f"{owner}: parameter {twice[0]} given twice")
        given.update(kwargs)
        return check_arguments(owner, cls.params, given)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.arguments.items())
        return f"{type(self).__name__}({args})"


def _checked_init(init: Callable) -> Callable:
    """Wrap a subclass's ``__init__`` so that the outermost call checks the arguments."""

    @functools.wraps(init)
    def checked(self, *args: Any, **kwargs: Any) -> None:
        if type(self).params and "_checked" not in self.__dict__:
            self.__dict__["_checked"] = type(self).check_arguments(*args, **kwargs)
        init(self, *args, **kwargs)

    return checked


def check_declaration(owner: str, params: Iterable[Param], others: Iterable[str] = ()) -> tuple[Param, ...]:
    """Check a declaration once, when its owner is defined; return it as a tuple.

    Every parameter is a :class:`Param`, names are unique, every domain endpoint names only
    declared parameters (or ``others``, e.g. a bound's hidden constants), every typical
    value and every default other than ``None`` lies in its domain at the typical point.

    Parameters
    ----------
    owner : str
        Who declares the parameters, for the message.
    params : iterable of Param
        The declaration.
    others : iterable of str
        Further names the endpoints may use.

    Returns
    -------
    tuple of Param

    Raises
    ------
    DeclarationError
        Naming the owner, the parameter and what is wrong with its declaration.

    Examples
    --------
    >>> try:
    ...     check_declaration("demo", (Param("C", domain="[n, oo)", typical=4),))
    ... except DeclarationError as exc:
    ...     print(exc)
    demo: the domain of C names undeclared parameters ['n']
    """
    params = tuple(params)
    for p in params:
        if not isinstance(p, Param):
            raise DeclarationError(f"{owner}: params must hold Param objects, got {p!r}")
    names = [p.name for p in params]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise DeclarationError(f"{owner}: parameters declared twice: {dup}")
    known = set(names) | set(others)
    for p in params:
        if p.kind not in ("real", "integer"):
            continue
        lo, _, hi, _ = p.endpoints
        unknown = sorted((lo.names | hi.names) - known)
        if unknown:
            raise DeclarationError(f"{owner}: the domain of {p.name} names undeclared parameters {unknown}")
    point = typical_of(params)
    for p in params:
        for label, value in (("typical value", p.typical), ("default", p.default)):
            if value is None or value is REQUIRED:
                continue
            try:
                p.check(value, owner, {**point, p.name: value})
            except InvalidInputError as exc:
                raise DeclarationError(f"{owner}: the {label} of {p.name} is not admissible: {exc}") from None
    return params


def check_arguments(owner: str, params: Sequence[Param], given: Mapping[str, Any]) -> dict[str, Any]:
    """Check given values against a declaration; return them normalised (given ones only).

    Parameters
    ----------
    owner : str
        Who declares the parameters, for the message.
    params : sequence of Param
        The declaration (see :func:`check_declaration`).
    given : mapping
        The values given, by name.

    Returns
    -------
    dict
        The given values, normalised by :meth:`Param.check`, in the order given.

    Raises
    ------
    InvalidInputError
        For an unknown name, a missing required parameter or a value outside its domain.

    Examples
    --------
    >>> decl = (Param("F", typical=0.25),)
    >>> try:
    ...     check_arguments("sar", decl, {"G": 1.0})
    ... except InvalidInputError as exc:
    ...     print(exc)
    sar: unknown parameter G (declared: F)
    """
    by_name = {p.name: p for p in params}
    unknown = [k for k in given if k not in by_name]
    if unknown:
        declared = ", ".join(by_name) or "none"
        raise InvalidInputError(f"{owner}: unknown parameter{'s' if len(unknown) > 1 else ''} "
                                f"{', '.join(map(str, unknown))} (declared: {declared})")
    missing = [p for p in params if p.required and p.name not in given]
    if missing:
        what = "; ".join(p.name + (f" ({p.description})" if p.description else "") for p in missing)
        raise InvalidInputError(f"{owner}: missing parameter{'s' if len(missing) > 1 else ''} {what}")
    values = {p.name: p.default for p in params if not p.required}
    values.update(given)
    # parameters that other domains name are checked first, so that an endpoint is only
    # evaluated at values that are themselves admissible
    named = set().union(*(p.endpoints[0].names | p.endpoints[2].names for p in params
                          if p.kind in ("real", "integer")))
    out = {k: by_name[k].check(given[k], owner, values) for k in given if k in named}
    values.update(out)
    out.update({k: by_name[k].check(v, owner, values) for k, v in given.items() if k not in named})
    return {k: out[k] for k in given}


def typical_of(params: Iterable[Param]) -> dict[str, Any]:
    """The typical point of a declaration: ``{name: typical}`` where one is declared.

    Parameters
    ----------
    params : iterable of Param

    Returns
    -------
    dict

    Examples
    --------
    >>> typical_of((Param("n", integer=True, typical=4), Param("C")))
    {'n': 4}
    """
    return {p.name: p.typical for p in params if p.typical is not None}


def _is_number(v: Any) -> bool:
    return (not isinstance(v, bool | np.bool_) and isinstance(v, int | float | np.integer | np.floating)
            and not math.isnan(float(v)))


def _side(end: Endpoint, value: float) -> str:
    """An endpoint as declared, with its number where it names other parameters."""
    text = end.text.strip()
    return f"{text} = {_show(value)}" if end.names else text


def _show(v: float) -> str:
    if math.isinf(v):
        return "oo" if v > 0 else "-oo"
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else f"{v:g}"
