"""A paper: the one record every layer uses to name where a bound, check or figure comes from.

Each paper module of :mod:`commbounds.bounds` declares its :class:`Paper` with
:func:`register_paper`; the suite, the symbolic checks, the figures and the report take the
key, the title and the authors from it, so adding a paper is one bounds module (and its
checks).

Examples
--------
>>> from commbounds import bounds
>>> p = bounds.paper("huang2019")
>>> p.year, p.heading
(2019, 'Huang et al. 2019: sparsity-sensitive distributed mean estimation')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InvalidInputError

__all__ = ["Paper", "register_paper"]

_KEY = re.compile(r"[a-z]+[0-9]{4}[a-z]?")


@dataclass(frozen=True)
class Paper:
    """Bibliographic facts of one paper and the file its module was written from.

    Parameters
    ----------
    key : str
        First author's surname and year, lower case (``"huang2019"``); the prefix of every
        bound id, check id and figure id of the paper.
    title : str
        The title as printed.
    authors : tuple of str
        Full names, in the paper's order.
    venue : str
        Where it appeared (or was submitted).
    year : int
        Year of that version.
    seed_file : str
        Name of the plain-text extraction of the paper the module was written from.
    topic : str
        A few lower-case words for headings (``"sparsity-sensitive distributed mean
        estimation"``).

    Examples
    --------
    >>> p = Paper("doe2020", "A Title", ("Jane Doe", "Max Roe"), "ICML", 2020, "doe.txt", "a topic")
    >>> p.lead
    'Doe and Roe'
    """

    key: str
    title: str
    authors: tuple[str, ...]
    venue: str
    year: int
    seed_file: str
    topic: str

    def __post_init__(self):
        if not isinstance(self.key, str) or not _KEY.fullmatch(self.key):
            raise InvalidInputError(f"paper key must be a surname and a year in lower case "
                                    f"(like 'huang2019'), got {self.key!r}")
        if not isinstance(self.year, int) or str(self.year) not in self.key:
            raise InvalidInputError(f"paper {self.key}: year must be the integer in its key, got {self.year!r}")
        if not isinstance(self.authors, tuple) or not self.authors or \
                not all(isinstance(a, str) and a.strip() for a in self.authors):
            raise InvalidInputError(f"paper {self.key}: authors must be a non-empty tuple of names")
        for name in ("title", "venue", "seed_file", "topic"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise InvalidInputError(f"paper {self.key}: {name} must be a non-empty string")

    @property
    def lead(self) -> str:
        """Surnames as a heading cites them: one, two joined by "and", or "et al."."""
        names = [a.split()[-1] for a in self.authors]
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} and {names[1]}"
        return f"{names[0]} et al."

    @property
    def heading(self) -> str:
        """The report's section title: lead authors, year and topic."""
        return f"{self.lead} {self.year}: {self.topic}"

    @property
    def citation(self) -> str:
        """Surnames, venue and year (``"Huang, Huang, Wang, Yi, NeurIPS 2019"``)."""
        return f"{', '.join(a.split()[-1] for a in self.authors)}, {self.venue} {self.year}"


#: key -> Paper; the paper modules of this package fill it at import
PAPERS: dict[str, Paper] = {}


def register_paper(paper: Paper) -> Paper:
    """Register a paper (keys are unique) and return it.

    Parameters
    ----------
    paper : Paper
        The paper's record.

    Returns
    -------
    Paper
        The same record (so a module can write ``PAPER = register_paper(Paper(...))``).

    Examples
    --------
    >>> from commbounds.bounds.paper import PAPERS
    >>> register_paper(PAPERS["davies2021"]) is PAPERS["davies2021"]
    True
    """
    if not isinstance(paper, Paper):
        raise InvalidInputError(f"register_paper takes a Paper, got {type(paper).__name__}")
    if PAPERS.get(paper.key, paper) != paper:
        raise InvalidInputError(f"paper {paper.key!r} registered twice")
    PAPERS[paper.key] = paper
    return paper
