"""Parameters declared as data, the way scipy.stats' new distribution infrastructure does.

A :class:`Param` names a parameter by the paper's symbol in ASCII, gives its LaTeX form,
its domain (an interval whose endpoints may name other parameters of the same owner) and a
typical value for tests and examples.  Every layer declares its parameters with it.

Examples
--------
>>> from commbounds.params import Param
>>> C = Param("C", domain="[n, oo)", integer=True, typical=64)
>>> C.symbol
C
>>> lo, lo_closed, hi, hi_closed = C.bounds({"n": Param("n").symbol})
>>> lo, lo_closed, hi
(n, True, oo)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from .special.symbolic import log2

__all__ = ["Param"]

_DOMAIN_RE = re.compile(r"^\s*([\[\(])\s*(.+?)\s*,\s*(.+?)\s*([\]\)])\s*$")


@dataclass(frozen=True)
class Param:
    """A parameter of a bound, declared as data (scipy.stats' new infrastructure is the model).

    Parameters
    ----------
    name : str
        The paper's symbol in ASCII (``n``, ``d``, ``C``, ``sigma`` ...).
    latex : str, optional
        LaTeX for the symbol; defaults to sympy's rendering of ``name``.
    domain : str
        An interval such as ``"(0, oo)"`` or ``"[n, n*d/2]"``; endpoints may name other
        parameters of the same bound.  Brackets say whether an endpoint is included.
    integer : bool
        Whether the parameter must be an integer.
    typical : float
        A value inside the domain used by generic tests and examples.
    description : str
        What the parameter is, in words.
    """

    name: str
    latex: str | None = None
    domain: str = "(0, oo)"
    integer: bool = False
    typical: float | None = None
    description: str = ""

    @cached_property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.name, positive=True, integer=self.integer or None)

    def bounds(self, namespace: Mapping[str, sp.Symbol]):
        """Parse the domain into ``(lo, lo_closed, hi, hi_closed)`` sympy expressions."""
        m = _DOMAIN_RE.match(self.domain)
        if not m:
            raise ValueError(f"parameter {self.name}: cannot parse domain {self.domain!r}")
        left, lo, hi, right = m.groups()
        loc = dict(namespace)
        loc.setdefault("log2", log2)
        return (sp.sympify(lo, locals=loc), left == "[", sp.sympify(hi, locals=loc), right == "]")
