"""The :class:`Bound` object: a theorem's inequality as an executable, printable value.

A bound is declared once, as data: its sympy expression in the paper's own symbols,
the parameters with their domains and typical values, the theorem's validity
conditions and any hidden O/Ω constants.  Everything else (evaluation on scalars or
numpy grids, LaTeX, inversion, comparison) is derived from that declaration.

Examples
--------
>>> import sympy as sp
>>> from commbounds.bounds.core import Bound, Param, log2
>>> n, C = Param("n", integer=True, typical=4), Param("C", domain="[n, oo)", typical=64)
>>> b = Bound(id="demo:lem1", paper="demo", statement="Lemma 1", kind="lower",
...           quantity="total_bits", problem="toy", params=[n, C],
...           expr=C.symbol * log2(C.symbol / n.symbol), conditions=[])
>>> b(n=4, C=64)
256.0
>>> b.latex()
'C \\\\log_{2}{\\\\left(\\\\frac{C}{n} \\\\right)}'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from ..errors import BoundDomainError, InvalidInputError
from ..params import Param, check_declaration
from ..special.symbolic import log2

__all__ = ["Bound", "Param", "Const", "Comparison", "log2", "compare"]

KINDS = ("upper", "lower", "equality", "step")

#: how each kind relates its quantity to its expression (a step says its own, ``relation``)
_OPS = {"upper": "<=", "lower": ">=", "equality": "=="}
_LATEX_OPS = {"<=": r"\le", ">=": r"\ge", "==": "="}


@dataclass(frozen=True)
class Const:
    """A hidden constant of an O/Ω/Θ statement, kept as a positive symbol.

    Parameters
    ----------
    name : str
        The constant's symbol.
    description : str
        What it is, in words.

    Examples
    --------
    >>> Const("c1").symbol.is_positive
    True
    """

    name: str
    description: str = "unspecified absolute constant"

    @cached_property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name, positive=True)


@dataclass(eq=False)
class Bound:
    """One bound of one paper as an executable, printable value.

    Parameters
    ----------
    id : str
        ``"{paper}:{statement}"`` with an optional ``/suffix`` (``huang2019:thm2.3/mse``).
    paper, statement : str
        Paper key and the statement as printed (``"Theorem 3.1"``).
    kind : {"upper", "lower", "equality", "step"}
        ``"step"`` is a proof-level quantity (a named constant, an intermediate bound a
        proof chains, a parameter choice such as delta or K), queryable and printable
        like a theorem; its ``relation`` says how the quantity relates to ``expr``.
    quantity : str
        What is bounded (``total_bits``, ``bits_per_machine``, ``mse``, ``variance`` ...).
    problem : str
        The problem in words (``"distributed mean estimation"``).
    params : sequence of Param
    expr : sympy expression
        The bound in the symbols of ``params`` (and of ``constants``).
    conditions : sequence of sympy relationals
        The theorem's validity region.
    constants : sequence of Const
        Hidden constants; a bound with any is *asymptotic* and can only be evaluated
        with the constants given explicitly.
    model, randomness : str
        Communication model and randomness (deterministic / private / public / n/a).
    citation : str
        Where in the paper the statement stands.
    monotone : mapping name -> +1 / -1
        Declared monotonicity of ``expr`` in a parameter, confirmed by generic tests.
    pair : str, optional
        Id of the bound this one is paired with as tight (an upper with its lower).
    notes : str
        Reconstructions, assumptions and remarks.
    examples : sequence of mapping
        Extra parameter points (beyond the typical one) that satisfy the conditions.
    variant : {"as stated", "corrected"}
        Whether the expression is the paper's text or a corrected form (see the errata).
    impl : callable, optional
        An exact numerical implementation taking the parameters positionally (used
        where floating point would be wrong, e.g. ceil(log2) of huge binomials); the
        sympy expression remains the printed and symbolic form.
    relation : {"<=", ">=", "=="}, optional
        For a ``"step"``: the quantity is at most, at least, or exactly ``expr``
        (default ``"=="``, a definition or parameter choice).  Other kinds imply theirs.

    Examples
    --------
    >>> import commbounds as cb
    >>> b = cb.bound("huang2019:thm2.3/mse")
    >>> b.kind, b.quantity, b(F1=2.0, C=4.0, n=2)
    ('upper', 'mse', 0.25)
    """

    id: str
    paper: str
    statement: str
    kind: str
    quantity: str
    problem: str
    params: Sequence[Param]
    expr: sp.Expr
    conditions: Sequence[sp.Basic] = ()
    constants: Sequence[Const] = ()
    model: str = "n/a"
    randomness: str = "n/a"
    citation: str = ""
    monotone: Mapping[str, int] = field(default_factory=dict)
    pair: str | None = None
    notes: str = ""
    examples: Sequence[Mapping[str, float]] = ()
    variant: str = "as stated"
    impl: Callable | None = None
    relation: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: kind must be one of {KINDS}, got {self.kind!r}")
        if self.kind == "step":
            self.relation = self.relation or "=="
            if self.relation not in _LATEX_OPS:
                raise ValueError(f"{self.id}: a step's relation is one of {tuple(_LATEX_OPS)}, "
                                 f"got {self.relation!r}")
        elif self.relation not in (None, _OPS[self.kind]):
            raise ValueError(f"{self.id}: a {self.kind} bound's relation is {_OPS[self.kind]!r}")
        if ":" not in self.id or not self.id.startswith(self.paper + ":"):
            raise ValueError(f"bound id {self.id!r} must read '{self.paper}:<statement>'")
        self.params = check_declaration(self.id, self.params, others=[c.name for c in self.constants])
        self.expr = sp.sympify(self.expr)
        self.conditions = tuple(self._condition(c) for c in self.conditions)
        free = {s.name for s in self.expr.free_symbols}
        known = {p.name for p in self.params} | {c.name for c in self.constants}
        missing = free - known
        if missing:
            raise ValueError(f"{self.id}: expression uses undeclared symbols {sorted(missing)}")
        by_name = {s.name: s for s in self.expr.free_symbols}
        for p in self.params:
            if p.name in by_name and by_name[p.name] != p.symbol:
                raise ValueError(
                    f"{self.id}: symbol {p.name!r} in the expression has other assumptions than "
                    f"its Param; build the expression from Param.symbol"
                )
        for m in self.monotone:
            if m not in known:
                raise ValueError(f"{self.id}: monotone names unknown parameter {m!r}")

    def _condition(self, c) -> sp.Basic:
        """Parse a condition; strings (``"n <= C"``) are parsed on plain symbols so that the
        parameters' assumptions cannot silently turn a condition into ``True``."""
        if isinstance(c, str):
            loc = {k: sp.Symbol(k) for k in [p.name for p in self.params] + [k.name for k in self.constants]}
            loc["log2"] = log2
            with sp.evaluate(False):
                rel = sp.sympify(c, locals=loc)
        else:
            rel = sp.sympify(c)
        if rel in (sp.true, sp.false) or not isinstance(rel, sp.core.relational.Relational):
            raise ValueError(
                f"{self.id}: condition {c!r} is not a relation between parameters (it evaluated to "
                f"{rel}); give it as a string such as 'n <= C'"
            )
        return rel

    # ------------------------------------------------------------------ metadata
    @property
    def asymptotic(self) -> bool:
        """True when the statement hides constants (O, Ω, Θ)."""
        return bool(self.constants)

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    @cached_property
    def namespace(self) -> dict[str, sp.Symbol]:
        ns = {p.name: p.symbol for p in self.params}
        ns.update({c.name: c.symbol for c in self.constants})
        return ns

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise InvalidInputError(f"{self.id} has no parameter {name!r}; it has {', '.join(self.param_names)}")

    @property
    def typical(self) -> dict[str, float]:
        """The typical parameter point (from the parameters' declared typical values)."""
        return {p.name: p.typical for p in self.params if p.typical is not None}

    @property
    def points(self) -> list[dict[str, float]]:
        """The typical point followed by the declared examples."""
        return [self.typical, *map(dict, self.examples)]

    # ------------------------------------------------------------------ compiled forms
    @cached_property
    def _order(self) -> tuple[sp.Symbol, ...]:
        return tuple(p.symbol for p in self.params) + tuple(c.symbol for c in self.constants)

    @cached_property
    def _fn(self) -> Callable:
        if self.impl is not None:
            return self.impl
        return sp.lambdify(self._order, self.expr, modules="numpy")

    @cached_property
    def _checks(self) -> list[tuple[str, Callable]]:
        """Domain and condition predicates, each with the text that names it."""
        # Assumptions are not validation: relations are built on plain symbols so that
        # "n > 0" for a positive n is a real test, not the constant True.
        plain = {s: sp.Symbol(s.name) for s in self._order}
        order = tuple(plain[s] for s in self._order)
        out = []
        for p in self.params:
            lo, lo_c, hi, hi_c = (e.xreplace(plain) if isinstance(e, sp.Basic) else e
                                  for e in p.bounds(self.namespace))
            x = plain[p.symbol]
            if lo is not sp.S.NegativeInfinity:
                out.append((f"{p.name} {'>=' if lo_c else '>'} {lo}",
                            sp.GreaterThan(x, lo, evaluate=False) if lo_c
                            else sp.StrictGreaterThan(x, lo, evaluate=False)))
            if hi is not sp.S.Infinity:
                out.append((f"{p.name} {'<=' if hi_c else '<'} {hi}",
                            sp.LessThan(x, hi, evaluate=False) if hi_c
                            else sp.StrictLessThan(x, hi, evaluate=False)))
        for c in self.conditions:
            out.append((sp.sstr(c), type(c)(c.lhs.xreplace(plain), c.rhs.xreplace(plain), evaluate=False)))
        return [(text, _compile_relation(order, rel)) for text, rel in out]

    # ------------------------------------------------------------------ evaluation
    def __call__(self, *, constants: Mapping[str, float] | str | None = None,
                 nan_policy: str = "raise", **params: Any) -> float | np.ndarray:
        """Evaluate the bound.

        Parameters
        ----------
        constants : mapping or ``"unit"``, optional
            Values of the hidden constants of an asymptotic bound.  Required for such a
            bound (``"unit"`` sets them all to 1); an explicit choice, never silent.
        nan_policy : {"raise", "propagate"}
            ``"raise"`` (default) raises :class:`BoundDomainError` at the first point that
            violates a domain or condition; ``"propagate"`` returns NaN at such points of
            a grid.
        **params
            One value (scalar or numpy array; arrays broadcast) per parameter.

        Returns
        -------
        float or numpy.ndarray
            The bound's value: a float at a scalar point, an array over a grid.

        Examples
        --------
        >>> import commbounds as cb
        >>> cb.bound("huang2019:thm2.3/mse")(F1=2.0, C=4.0, n=2)
        0.25
        """
        if nan_policy not in ("raise", "propagate"):
            raise InvalidInputError(f"nan_policy must be 'raise' or 'propagate', got {nan_policy!r}")
        args, scalar = self._arguments(params, constants)
        ok = self._valid(args, raise_=nan_policy == "raise")
        with np.errstate(all="ignore"):
            value = np.asarray(self._fn(*args), dtype=float)
        value = np.broadcast_to(value, np.broadcast_shapes(*(np.shape(a) for a in args))).copy() \
            if value.ndim == 0 and not scalar else value
        if ok is not True:
            value = np.where(ok, value, np.nan)
        if nan_policy == "raise" and not np.all(np.isfinite(value)):
            raise BoundDomainError(f"{self.id} is not finite at {self._fmt(params)}")
        return float(value) if scalar else value

    def _arguments(self, params: Mapping[str, Any], constants) -> tuple[list, bool]:
        unknown = set(params) - set(self.param_names)
        if unknown:
            raise InvalidInputError(
                f"{self.id} has no parameter(s) {sorted(unknown)}; its parameters are "
                f"{', '.join(self.param_names)}"
            )
        missing = [p for p in self.param_names if p not in params]
        if missing:
            raise InvalidInputError(
                f"{self.id} needs parameter(s) {', '.join(missing)} "
                f"(all: {', '.join(self.param_names)})"
            )
        args, scalar = [], True
        for p in self.params:
            v = _as_number(params[p.name], f"{self.id}: parameter {p.name}",
                           allow_inf=p.admits_infinity)
            v = np.float64(v) if np.ndim(v) == 0 else v  # numpy semantics: 1/0 -> inf, not an exception
            scalar &= np.ndim(v) == 0
            if p.integer and not np.all(np.equal(np.mod(v, 1), 0)):
                raise BoundDomainError(f"{self.id}: parameter {p.name} must be an integer, got {v}")
            args.append(v)
        args += self._constant_values(constants)
        return args, scalar

    def _constant_values(self, constants) -> list[float]:
        if not self.constants:
            if constants not in (None, "unit") and constants:
                raise InvalidInputError(f"{self.id} has no hidden constants; got {constants!r}")
            return []
        names = [c.name for c in self.constants]
        if constants is None:
            raise BoundDomainError(
                f"{self.id} is asymptotic: its hidden constant(s) {', '.join(names)} are unknown. "
                f"Pass constants={{{', '.join(repr(n) + ': 1' for n in names)}}} or "
                f"constants='unit' to set them explicitly"
            )
        if constants == "unit":
            return [1.0] * len(names)
        if not isinstance(constants, Mapping):
            raise InvalidInputError(f"constants must be a mapping or 'unit', got {constants!r}")
        miss = [n for n in names if n not in constants]
        if miss:
            raise BoundDomainError(f"{self.id}: constants {', '.join(miss)} not given")
        return [_as_number(constants[n], f"{self.id}: constant {n}") for n in names]

    def _valid(self, args, raise_: bool):
        ok: Any = True
        for text, pred in self._checks:
            with np.errstate(all="ignore"):
                held = np.asarray(pred(*args), dtype=bool)
            if raise_ and not np.all(held):
                values = dict(zip(self.param_names, args, strict=False))
                if held.ndim:
                    index = tuple(int(i) for i in np.argwhere(~held)[0])
                    shape = held.shape
                    point = {k: np.broadcast_to(v, shape)[index] for k, v in values.items()}
                    where = f"{self._fmt(point)} (grid index {index if len(index) > 1 else index[0]}, " \
                            f"the first of {int(np.count_nonzero(~held))} violating points)"
                else:
                    where = self._fmt(values)
                raise BoundDomainError(f"{self.id} ({self.statement}) requires {text}; violated at {where}")
            ok = held if ok is True else (ok & held)
        return True if ok is True or np.all(ok) else ok

    def check_domain(self, **params) -> None:
        """Raise :class:`BoundDomainError` naming the first violated condition, if any."""
        args, _ = self._arguments(params, "unit" if self.constants else None)
        self._valid(args, raise_=True)

    def _fmt(self, params: Mapping[str, Any]) -> str:
        def short(v):
            return f"array{np.shape(v)}" if np.ndim(v) else f"{float(v):g}"
        return ", ".join(f"{k}={short(v)}" for k, v in params.items() if k in self.param_names)

    # ------------------------------------------------------------------ printing
    @cached_property
    def _symbol_names(self) -> dict[sp.Symbol, str]:
        names = {}
        for p in self.params:
            if p.latex:
                names[p.symbol] = p.latex
                names[sp.Symbol(p.name)] = p.latex  # the plain symbols of the conditions
        return names

    def latex(self) -> str:
        """The bound's expression in LaTeX (``log`` base 2 printed as ``\\log_2``; parameters
        with a declared LaTeX symbol printed with it)."""
        return sp.latex(self.expr, ln_notation=True, symbol_names=self._symbol_names)

    def latex_conditions(self) -> list[str]:
        return [sp.latex(c, ln_notation=True, symbol_names=self._symbol_names) for c in self.conditions]

    def relation_latex(self) -> str:
        """``quantity >= expr`` / ``<=`` / ``=`` as LaTeX."""
        op = _LATEX_OPS[self.op]
        q = r"\mathrm{" + self.quantity.replace("_", r"\_") + "}"
        return f"{q} {op} {self.latex()}"

    def _repr_latex_(self) -> str:
        return f"${self.relation_latex()}$"

    @property
    def op(self) -> str:
        """``"<="``, ``">="`` or ``"=="``: how the quantity relates to the expression."""
        return self.relation if self.kind == "step" else _OPS[self.kind]

    def __repr__(self) -> str:
        op = self.op
        tag = " (asymptotic)" if self.asymptotic else ""
        return f"<Bound {self.id}: {self.quantity} {op} {sp.sstr(self.expr)}{tag}>"

    def describe(self) -> str:
        """A multi-line plain-text summary: statement, conditions, model, citation."""
        op = self.op
        what = "proof step" if self.kind == "step" else f"{self.kind} bound"
        lines = [
            f"{self.id}  [{self.paper}, {self.statement}; {self.variant}]",
            f"  {what} on {self.quantity} for {self.problem}",
            f"  {self.quantity} {op} {sp.sstr(self.expr)}",
            f"  model: {self.model}; randomness: {self.randomness}",
        ]
        for p in self.params:
            lines.append(f"  param {p.name} in {p.domain}{' integer' if p.integer else ''}"
                         f"{' - ' + p.description if p.description else ''}")
        for c in self.conditions:
            lines.append(f"  condition: {sp.sstr(c)}")
        for c in self.constants:
            lines.append(f"  hidden constant {c.name}: {c.description}")
        if self.pair:
            lines.append(f"  paired with: {self.pair}")
        if self.citation:
            lines.append(f"  citation: {self.citation}")
        if self.notes:
            lines.append(f"  notes: {self.notes}")
        return "\n".join(lines)

    # ------------------------------------------------------------------ algebra
    def subs(self, **values) -> sp.Expr:
        """The expression with parameters substituted through the stored symbols.

        Each value is a real number or a sympy expression; strings are refused before sympy
        sees them (sympy would evaluate a string as Python).
        """
        return self.expr.subs(self._substitution(values, allow_expr=True))

    def _substitution(self, values: Mapping[str, Any], *, allow_expr: bool = False) -> dict:
        """``{symbol: value}`` for :meth:`subs` and :meth:`solve_for`, every name and value
        checked before any sympy call."""
        unknown = sorted(set(values) - set(self.namespace))
        if unknown:
            raise InvalidInputError(f"{self.id} has no parameter(s) {unknown}; its parameters are "
                                    f"{', '.join(self.param_names)}")
        out = {}
        for k, v in values.items():
            if not (allow_expr and isinstance(v, sp.Basic)):
                v = _as_number(v, f"{self.id}: parameter {k}")
                if np.ndim(v):
                    raise InvalidInputError(f"{self.id}: parameter {k} must be a single number here, "
                                            f"got an array of shape {np.shape(v)}")
            out[self.namespace[k]] = v
        return out

    def solve_for(self, symbol: str, target: float, *, constants=None, branch: str | int | None = None,
                  resolution: int = 4096, **params) -> float:
        """Invert the bound: the value of ``symbol`` at which it equals ``target``.

        Every root inside ``symbol``'s declared domain and the validity conditions is
        found (see :meth:`roots`); a bound that is not monotone in ``symbol`` can reach
        ``target`` more than once, and then ``branch`` says which root is meant.

        Parameters
        ----------
        symbol : str
            The parameter to solve for.
        target : float
            The value the bound must take.
        constants : mapping or ``"unit"``, optional
            Hidden constants of an asymptotic bound, as in :meth:`__call__`.
        branch : {"lowest", "highest"} or int, optional
            Which root to return when there are several: the smallest, the largest, or
            the ``branch``-th in increasing order.  Without it, several roots are an error
            that lists them.
        resolution : int
            Number of scan points over the domain (see :meth:`roots`).
        **params
            The other parameters.

        Returns
        -------
        float
            The root (continuous even for integer parameters).

        Raises
        ------
        BoundDomainError
            When no value in the domain gives ``target``, or several do and no ``branch``
            is named.

        Examples
        --------
        >>> from commbounds import bound
        >>> b = bound("huang2019:thm2.3/mse")
        >>> round(b.solve_for("C", 1e-3, n=16, F1=100.0), 1)
        39062.5
        >>> lb = bound("huang2019:thm3.1")          # rises, then falls, in C
        >>> [round(c) for c in lb.roots("C", 8000, n=16, d=10000)]
        [3565, 67953]
        >>> round(lb.solve_for("C", 8000, n=16, d=10000, branch="lowest"))
        3565
        """
        found = self.roots(symbol, target, constants=constants, resolution=resolution, **params)
        if not found:
            lo, hi = self._scan_interval(symbol, params)
            raise BoundDomainError(
                f"{self.id}: no {symbol} in its domain [{lo:g}, {hi:g}] gives {self.quantity} = "
                f"{float(target):g} (scanned {resolution} points)"
            )
        if branch is None:
            if len(found) == 1:
                return found[0]
            raise BoundDomainError(
                f"{self.id}: {len(found)} values of {symbol} give {self.quantity} = {float(target):g}: "
                f"{', '.join(f'{r:.6g}' for r in found)}; name one with branch='lowest', "
                f"branch='highest' or branch=<index>"
            )
        if branch == "lowest":
            return found[0]
        if branch == "highest":
            return found[-1]
        if isinstance(branch, int | np.integer) and not isinstance(branch, bool) \
                and -len(found) <= int(branch) < len(found):
            return found[int(branch)]
        raise InvalidInputError(
            f"branch must be 'lowest', 'highest' or an index below {len(found)}, got {branch!r}"
        )

    def roots(self, symbol: str, target: float, *, constants=None, resolution: int = 4096,
              **params) -> tuple[float, ...]:
        """Every value of ``symbol`` in its domain at which the bound equals ``target``.

        The domain (with the validity conditions) is scanned at ``resolution`` points,
        log-spaced where it spans more than a factor of 100 and linear otherwise (an
        unbounded domain is scanned up to ``2**200`` times its lower end); every sign
        change of ``bound - target`` between neighbouring valid points is refined by
        Brent's method to a relative tolerance of ``1e-12``.  Two roots closer than one
        scan cell (a relative spacing of about ``ln(span)/resolution``) can be missed:
        raise ``resolution`` to resolve them.

        Returns
        -------
        tuple of float
            The roots in increasing order (empty when there are none).

        Examples
        --------
        >>> from commbounds import bound
        >>> len(bound("huang2019:thm3.1").roots("C", 30000, n=16, d=10000))   # above its maximum
        0
        """
        from scipy.optimize import brentq

        self.param(symbol)  # an unknown symbol is an error here
        target = float(_as_number(target, "target"))
        resolution = int(_as_number(resolution, "resolution"))
        if not 16 <= resolution <= 10**7:
            raise InvalidInputError(f"resolution must be in [16, 1e7], got {resolution}")
        fixed = {k: v for k, v in params.items() if k != symbol}
        a, b = self._scan_interval(symbol, fixed)
        if b / max(a, 1e-300) > 100 and a > 0:
            grid = np.geomspace(a, b, resolution)
        else:
            grid = np.linspace(a, b, resolution)

        def values(x):
            probe = dict(fixed, **{symbol: x})
            args, _ = self._arguments_relaxed(probe, constants)
            ok = self._valid(args, raise_=False)
            with np.errstate(all="ignore"):
                v = np.asarray(self._fn(*args), dtype=float) - target
            v = np.broadcast_to(v, np.shape(x)).copy() if np.ndim(x) else v
            if ok is not True:
                v = np.where(ok, v, np.nan)
            return v

        v = values(grid)
        found: list[float] = []
        for i in range(len(grid)):
            if v[i] == 0.0:
                found.append(float(grid[i]))
        change = np.isfinite(v[:-1]) & np.isfinite(v[1:]) & (v[:-1] * v[1:] < 0)
        for i in np.flatnonzero(change):
            found.append(float(brentq(lambda x: float(values(x)), grid[i], grid[i + 1],
                                      xtol=1e-300, rtol=1e-12, maxiter=500)))
        return tuple(sorted(found))

    def _scan_interval(self, symbol: str, fixed: Mapping[str, Any]) -> tuple[float, float]:
        """The finite interval of ``symbol``'s domain that :meth:`roots` scans."""
        p = self.param(symbol)
        values = {}
        for k, v in fixed.items():
            if k not in self.namespace:
                raise InvalidInputError(
                    f"{self.id} has no parameter {k!r}; its parameters are {', '.join(self.param_names)}"
                )
            x = _as_number(v, f"{self.id}: parameter {k}")
            if np.ndim(x):
                raise InvalidInputError(f"{self.id}: solve_for takes scalar parameters; {k} is an array")
            values[self.namespace[k]] = sp.Float(x)
        lo, lo_c, hi, hi_c = p.bounds(self.namespace)
        try:
            lo_v = float(lo.xreplace(values)) if lo.is_finite is not False else -math.inf
            hi_v = float(hi.xreplace(values)) if hi.is_finite is not False else math.inf
        except TypeError:
            free = sorted(s.name for s in (lo.free_symbols | hi.free_symbols) - set(values))
            raise InvalidInputError(
                f"{self.id}: the domain of {symbol} depends on {', '.join(free)}; give them"
            ) from None
        if not math.isfinite(lo_v):
            lo_v = -1.0
        a = lo_v if lo_c else lo_v + max(abs(lo_v), 1.0) * 1e-9
        b = hi_v if math.isfinite(hi_v) else max(abs(a), 1.0) * 2.0**200
        if not hi_c and math.isfinite(hi_v):
            b = hi_v - max(abs(hi_v), 1.0) * 1e-9
        if not a < b:
            raise BoundDomainError(f"{self.id}: the domain of {symbol} is empty at these parameters")
        return a, b

    def _arguments_relaxed(self, params, constants):
        """Arguments without the integrality check (used when inverting continuously)."""
        args = [_as_number(params[p.name], p.name) for p in self.params]
        return args + self._constant_values(constants), True


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`: the two values, their ratio, and its symbolic behaviour.

    Parameters
    ----------
    upper, lower : str
        The two bounds' ids.
    upper_value, lower_value : float
        Their values at the point.
    ratio : float
        ``upper_value / lower_value``.
    ratio_expr : sympy expression
        The ratio, symbolically.
    limits : mapping of str to sympy expression
        The ratio's limit as each shared parameter tends to infinity.

    Examples
    --------
    >>> from commbounds import bound
    >>> c = compare(bound("huang2019:thm2.3/main"), bound("huang2019:thm3.1"), n=16, d=10000, C=4000)
    >>> c.upper, c.lower
    ('huang2019:thm2.3/main', 'huang2019:thm3.1')
    """

    upper: str
    lower: str
    upper_value: float
    lower_value: float
    ratio: float
    ratio_expr: sp.Expr
    limits: Mapping[str, sp.Expr]

    def __repr__(self) -> str:
        lim = ", ".join(f"{k}->oo: {sp.sstr(v)}" for k, v in self.limits.items())
        return (f"<Comparison {self.upper} / {self.lower} = {self.ratio:.6g} "
                f"(upper {self.upper_value:.6g}, lower {self.lower_value:.6g}); limits {lim}>")


def compare(upper: Bound, lower: Bound, *, constants=None, limits: bool = True, **params) -> Comparison:
    """Compare an upper and a lower bound at a point, and symbolically.

    Parameters shared by name are identified (the papers' symbols coincide).  The ratio
    is returned as a number and as a sympy expression, with its limit as each shared
    parameter tends to infinity, the others held at the given values (only for the
    parameters whose domains are unbounded above in both bounds).

    Parameters
    ----------
    upper, lower : Bound
        The two bounds (of the same quantity).
    constants : mapping or "unit", optional
        Hidden constants, for asymptotic bounds.
    limits : bool
        Whether to compute the limits (sympy; slower).
    **params
        The point, one value per parameter of either bound.

    Returns
    -------
    Comparison
        The values, the ratio and its limits.

    Examples
    --------
    >>> from commbounds import bound
    >>> from commbounds.bounds import compare
    >>> c = compare(bound("huang2019:thm2.3/main"), bound("huang2019:thm3.1"), n=16, d=10000, C=4000)
    >>> round(c.ratio, 3)
    2.479
    """
    if upper.quantity != lower.quantity:
        raise InvalidInputError(
            f"cannot compare {upper.id} ({upper.quantity}) with {lower.id} ({lower.quantity})"
        )
    up_params = {k: v for k, v in params.items() if k in upper.param_names}
    lo_params = {k: v for k, v in params.items() if k in lower.param_names}
    uv = upper(constants=constants if upper.asymptotic else None, **up_params)
    lv = lower(constants=constants if lower.asymptotic else None, **lo_params)
    # identify symbols by name through one namespace
    ns = dict(lower.namespace)
    ns.update(upper.namespace)
    ren = {s: ns[s.name] for s in lower.expr.free_symbols}
    ratio = sp.simplify(upper.expr / lower.expr.xreplace(ren))
    lims: dict[str, sp.Expr] = {}
    if limits:
        shared = sorted(set(upper.param_names) & set(lower.param_names))
        for name in shared:
            if not (_unbounded_above(upper, name) and _unbounded_above(lower, name)):
                continue  # the limit would leave the parameter's domain
            others = {ns[k]: v for k, v in params.items() if k != name and k in ns}
            e = ratio.rewrite(sp.log).xreplace(others)
            try:
                lims[name] = sp.limit(e, ns[name], sp.oo)
            except (NotImplementedError, ValueError, TypeError):  # pragma: no cover
                lims[name] = sp.nan
    ratio_v = float(uv / lv) if np.ndim(uv) == 0 else uv / lv
    return Comparison(upper.id, lower.id, float(uv), float(lv), ratio_v, ratio, lims)


def _unbounded_above(b: Bound, name: str) -> bool:
    """Whether parameter ``name`` of ``b`` may tend to infinity inside its declared domain."""
    _, _, hi, _ = b.param(name).bounds(b.namespace)
    return hi == sp.oo


def _compile_relation(order, rel) -> Callable:
    """Compile a relational into a vectorised predicate with a relative tolerance of 1e-12
    on non-strict comparisons (so ``C <= n*d/2`` holds at equality despite rounding)."""
    op = type(rel)
    if op not in (sp.GreaterThan, sp.StrictGreaterThan, sp.LessThan, sp.StrictLessThan, sp.Eq, sp.Ne):
        raise TypeError(f"unsupported condition {rel!r}")
    f = sp.lambdify(order, [rel.lhs - rel.rhs, rel.rhs], modules="numpy")

    def pred(*args):
        diff, rhs = (np.asarray(a, dtype=float) for a in f(*args))
        slack = 1e-12 * (1.0 + np.abs(rhs))
        if op is sp.GreaterThan:
            return diff >= -slack
        if op is sp.StrictGreaterThan:
            return diff > 0
        if op is sp.LessThan:
            return diff <= slack
        if op is sp.StrictLessThan:
            return diff < 0
        if op is sp.Eq:
            return np.abs(diff) <= slack
        return np.abs(diff) > slack

    return pred


def _as_number(v: Any, what: str, *, allow_inf: bool = False):
    """Validate a scalar or array of real numbers (no NaN, no strings, no complex; no inf
    unless ``allow_inf``, and then only ``+inf``)."""
    if isinstance(v, bool | np.bool_):
        raise InvalidInputError(f"{what} must be a real number, got a boolean")
    if isinstance(v, numbers.Real) and not isinstance(v, np.ndarray):
        f = float(v)
        if not (math.isfinite(f) or (allow_inf and f == math.inf)):
            raise InvalidInputError(f"{what} must be finite{' or +inf' if allow_inf else ''}, got {v}")
        return f
    try:
        arr = np.asarray(v)
    except Exception as exc:  # pragma: no cover - defensive
        raise InvalidInputError(f"{what} must be a real number or array, got {type(v).__name__}") from exc
    if arr.dtype.kind not in "iuf":
        raise InvalidInputError(f"{what} must be a real number or array, got {arr.dtype} ({v!r:.60})")
    if arr.size == 0:
        raise InvalidInputError(f"{what} is an empty array; give at least one value")
    arr = arr.astype(float)
    ok = np.isfinite(arr) | (allow_inf & (arr == np.inf))
    if not np.all(ok):
        raise InvalidInputError(f"{what} must be finite{' or +inf' if allow_inf else ''}; got NaN or inf")
    return arr if arr.ndim else float(arr)
