"""Symbolic bounds: one module per paper, the registry and the symbolic checks.

>>> import commbounds as cb
>>> b = cb.bound("huang2019:thm3.1")
>>> round(b(n=16, d=10_000, C=4000), 1)
8643.9
"""

from .core import Bound, Comparison, Const, Param, compare, log2
from .paper import Paper, register_paper
from .registry import all, get, ids, paper, papers, register, search  # noqa: A004

__all__ = ["Bound", "Comparison", "Const", "Param", "Paper", "compare", "log2",
           "all", "get", "ids", "paper", "papers", "register", "register_paper", "search"]
