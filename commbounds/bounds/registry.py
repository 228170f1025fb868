"""The bound registry: every bound of every paper, found by id or by search.

Paper modules (``commbounds/bounds/<paper>.py``) call :func:`register` at import;
:func:`load` imports every paper module found in the package once.
"""

from __future__ import annotations

from collections.abc import Iterable

from .._registry import Registry
from ..errors import UnknownNameError
from .core import Bound
from .paper import PAPERS, Paper

__all__ = ["register", "get", "search", "all", "ids", "papers", "paper"]

#: paper modules of this package register here; the infrastructure modules are skipped
BOUNDS = Registry("bound", __package__, skip={"core", "registry", "checks", "paper"})


def register(*bounds: Bound) -> None:
    """Add bounds to the registry (ids must be unique).

    Parameters
    ----------
    *bounds : Bound
        The bounds, each under its ``id``.

    Examples
    --------
    >>> get("huang2019:thm3.1") in all()
    True
    """
    for b in bounds:
        BOUNDS.add(b.id, b)


def load() -> None:
    """Import every paper module of :mod:`commbounds.bounds` (idempotent)."""
    BOUNDS.load()


def get(id: str) -> Bound:  # noqa: A002 - the public name is the papers' "id"
    """The bound with this id.

    Parameters
    ----------
    id : str
        ``"<paper>:<statement>[/suffix]"``.

    Returns
    -------
    Bound

    Examples
    --------
    >>> from commbounds.bounds import get
    >>> get("huang2019:thm3.1").kind
    'lower'
    """
    return BOUNDS.lookup(id)


def all() -> list[Bound]:  # noqa: A001 - the public name of docs/architecture.md
    """Every registered bound, sorted by id.

    Returns
    -------
    list of Bound

    Examples
    --------
    >>> len(all()) == len(ids())
    True
    """
    items = BOUNDS.items()
    return [items[k] for k in sorted(items)]


def ids() -> list[str]:
    """Ids of every registered bound, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> "huang2019:thm2.3" in ids()
    True
    """
    return BOUNDS.names()


def papers() -> list[str]:
    """Keys of every registered paper, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> papers()[:2]
    ['barnes2020', 'davies2021']
    """
    BOUNDS.load()
    return sorted(PAPERS)


def paper(key: str) -> Paper:
    """The :class:`~commbounds.bounds.paper.Paper` registered under ``key``.

    Parameters
    ----------
    key : str
        A paper key.

    Returns
    -------
    Paper

    Examples
    --------
    >>> from commbounds.bounds import paper
    >>> paper("korhonen2021").lead
    'Korhonen and Alistarh'
    """
    BOUNDS.load()
    if key not in PAPERS:
        raise UnknownNameError("paper", key, PAPERS)
    return PAPERS[key]


def search(*, paper: str | None = None, statement: str | None = None, kind: str | None = None,
           quantity: str | None = None, problem: str | None = None,
           text: str | None = None) -> list[Bound]:
    """Bounds matching every given criterion.

    ``statement``, ``problem`` and ``text`` are substrings matched after folding case and
    dropping spaces, hyphens and underscores (so ``"mean estimation"`` finds davies2021's
    ``MEANESTIMATION``); ``text`` searches id, statement, problem, quantity, notes,
    citation and expression.

    Parameters
    ----------
    paper, statement, kind, quantity, problem, text : str, optional
        The criteria (each None: any).

    Returns
    -------
    list of Bound

    Examples
    --------
    >>> from commbounds.bounds import search
    >>> [b.id for b in search(paper="huang2019", kind="lower")][:2]
    ['huang2019:cor3.2', 'huang2019:cor3.2/corrected']
    >>> len(search(paper="davies2021", kind="lower", text="Mean-Estimation")) > 0
    True
    """
    out: Iterable[Bound] = BOUNDS.items().values()
    if paper is not None:
        out = [b for b in out if b.paper == paper]
    if statement is not None:
        s = _fold(statement)
        out = [b for b in out if s in _fold(b.statement) or s in _fold(b.id)]
    if kind is not None:
        out = [b for b in out if b.kind == kind]
    if quantity is not None:
        out = [b for b in out if b.quantity == quantity]
    if problem is not None:
        s = _fold(problem)
        out = [b for b in out if s in _fold(b.problem)]
    if text is not None:
        t = _fold(text)
        out = [b for b in out if t in _fold(" ".join(
            [b.id, b.statement, b.problem, b.quantity, b.notes, b.citation, str(b.expr)]))]
    return sorted(out, key=lambda b: b.id)


def _fold(text: str) -> str:
    """Case-folded text without spaces, hyphens and underscores (the search key)."""
    return "".join(ch for ch in str(text).casefold() if ch not in " -_\t\n")
