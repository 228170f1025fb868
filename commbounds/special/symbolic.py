r"""Sympy functions that print as the papers write them: ``log2`` and ``ln_star``.

The papers write ``log`` for base 2 and ``ln^*`` for the iterated natural logarithm;
keeping both named functions keeps the LaTeX faithful to the paper while they compile to
numerical code.  Their numerical forms are in :mod:`commbounds.special`.

Examples
--------
>>> import sympy as sp
>>> from commbounds.special.symbolic import ln_star, log2
>>> log2(8), ln_star(sp.Integer(1000))
(3, 3)
>>> print(sp.latex(log2(sp.Symbol("n"))))
\log_{2}{\left(n \right)}
"""

from __future__ import annotations

import sympy as sp

from . import ln_star as ln_star_value

__all__ = ["log2", "ln_star"]


class log2(sp.Function):  # noqa: N801 - reads like the mathematical function
    """Base-2 logarithm that prints as ``\\log_2`` and compiles to ``numpy.log2``.

    The papers write ``log`` for base 2; keeping it a named function (rather than
    ``log(x)/log(2)``) keeps the LaTeX faithful to the paper.

    Parameters
    ----------
    x : sympy expression or number
        The argument.

    Examples
    --------
    >>> log2(8)
    3
    >>> float(log2(sp.Integer(10)))
    3.321928094887362
    """

    @classmethod
    def eval(cls, x):
        """Sympy's automatic simplification hook: exact values where they exist."""
        if x.is_Integer and x > 0:
            k = int(x).bit_length() - 1
            if 1 << k == int(x):
                return sp.Integer(k)
        if x == 1:
            return sp.Integer(0)
        return None

    def fdiff(self, argindex=1):
        return 1 / (self.args[0] * sp.log(2))

    def _eval_rewrite_as_log(self, x, **kwargs):
        return sp.log(x) / sp.log(2)

    def _eval_evalf(self, prec):
        return (sp.log(self.args[0]) / sp.log(2))._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_positive

    def _eval_is_positive(self):
        x = self.args[0]
        if x.is_positive and (x - 1).is_positive:
            return True
        return None

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        if exp is None:
            return r"\log_{2}{\left(" + arg + r" \right)}"
        return r"\log_{2}^{" + str(exp) + r"}{\left(" + arg + r" \right)}"

    def _numpycode(self, printer):
        return f"numpy.log2({printer._print(self.args[0])})"

    _pythoncode = _numpycode

    def _sympystr(self, printer):
        return f"log2({printer._print(self.args[0])})"


class ln_star(sp.Function):  # noqa: N801 - the paper's ln^*
    """Iterated natural logarithm: how often ln must be applied to ``a`` before the
    result is at most 1 (``ln*(a) = 0`` for ``a <= 1``).

    >>> ln_star(sp.Integer(1000)), ln_star(sp.Rational(1, 2))
    (3, 0)
    """

    @classmethod
    def eval(cls, x):
        """Sympy's automatic simplification hook: exact values where they exist."""
        if x.is_Number and x.is_real:
            return sp.Integer(ln_star_value(float(x)))
        return None

    def _eval_is_integer(self):
        return True

    def _eval_is_nonnegative(self):
        return True

    def _latex(self, printer, exp=None):
        base = r"\ln^{*}{\left(" + printer._print(self.args[0]) + r" \right)}"
        return base if exp is None else r"\left(" + base + r"\right)^{" + str(exp) + "}"

    def _sympystr(self, printer):
        return f"ln_star({printer._print(self.args[0])})"
