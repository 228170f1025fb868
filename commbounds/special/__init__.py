"""Small shared mathematics: the iterated logarithm and its inverse, numerically.

The symbolic forms (sympy functions that print as the papers write them) are in
:mod:`commbounds.special.symbolic`; this module needs no sympy, so the quantizers can use
it without importing a computer algebra system.

Examples
--------
>>> ln_star(1000.0), ln_star(0.5)
(3, 0)
>>> round(tetration(2), 6)
15.154262
"""

from __future__ import annotations

import math

__all__ = ["ln_star", "tetration"]


def ln_star(a: float) -> int:
    """The iterated natural logarithm ``ln*(a)``.

    Parameters
    ----------
    a : float
        The argument.

    Returns
    -------
    int
        How often ``ln`` must be applied to ``a`` before the result is at most 1
        (0 for ``a <= 1``).

    Examples
    --------
    >>> ln_star(10.0)
    2
    """
    n = 0
    while a > 1.0:
        a = math.log(a)
        n += 1
    return n


def tetration(j: int) -> float:
    """``e^{*j}``: ``exp`` applied ``j`` times to 1 (``inf`` once it overflows a float).

    Parameters
    ----------
    j : int
        The height of the tower.

    Returns
    -------
    float
        ``e^{*j}``, the inverse of :func:`ln_star` in the sense ``ln*(e^{*j}) = j``.

    Examples
    --------
    >>> tetration(0), round(tetration(1), 6), tetration(5)
    (1.0, 2.718282, inf)
    """
    t = 1.0
    for _ in range(j):
        if t > 709.0:
            return math.inf
        t = math.exp(t)
    return t
