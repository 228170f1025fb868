"""Mathematics from a result store, typeset without letting the store write LaTeX.

The errata table prints the stated and derived forms of each symbolic check as
mathematics.  Those forms arrive as LaTeX strings in the store, which may come from
anyone, so :func:`safe_math` accepts a string only when every token is harmless inside
math mode -- letters, digits, operators, balanced braces and a closed list of control
words (fractions, roots, logarithms, Greek letters, delimiters, spacing) -- and refuses
everything else (``\\input``, ``\\write18``, ``\\catcode``, ``\\def``, ``$``, ``%``,
``#``, ``&``, ``^^`` escapes, unbalanced braces, over-long strings).  A refused string is
printed as escaped text by the caller, so nothing from the store ever runs as LaTeX.

Examples
--------
>>> safe_math(r"\\frac{\\sigma^{2}}{80 \\cdot 2^{\\frac{2 b}{d}}}")
'\\\\frac{\\\\sigma^{2}}{80 \\\\cdot 2^{\\\\frac{2 b}{d}}}'
>>> safe_math(r"\\input{/etc/passwd}") is None
True
"""

from __future__ import annotations

import re

__all__ = ["safe_math", "SAFE_COMMANDS", "MAX_LENGTH"]

#: the longest formula accepted (a sympy LaTeX of a long proof step is well below it)
MAX_LENGTH = 4000

#: control words allowed inside math mode (no command that reads files, defines macros,
#: changes catcodes or writes)
SAFE_COMMANDS = frozenset("""
frac dfrac tfrac sqrt log ln lg exp sin cos tan min max sup inf lim sum prod int binom
left right middle big Big bigg Bigg cdot times div pm mp le leq ge geq lt gt ne neq approx
sim simeq equiv propto infty partial nabla in notin subset subseteq cup cap setminus
mathrm mathbf mathit mathsf mathcal mathbb operatorname text textrm boldsymbol
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
lfloor rfloor lceil rceil langle rangle lvert rvert lVert rVert vert Vert
quad qquad ldots cdots dots mid to rightarrow leftarrow mapsto hat bar tilde overline widehat
widetilde dot ddot prime ast star circ
""".split())

_TOKEN = re.compile(r"\\([A-Za-z]+)|\\([,;:! {}|_])|([A-Za-z0-9 .,;:+\-*/=<>()\[\]'!|^_{}\n])")


def safe_math(latex: str) -> str | None:
    """``latex`` when it is safe to place inside ``$...$`` as written, else ``None``.

    Parameters
    ----------
    latex : str
        A formula in LaTeX (sympy's output, from a result store).

    Returns
    -------
    str or None
        The formula unchanged, or ``None`` when any token is outside the whitelist or the
        braces do not balance.
    """
    if not isinstance(latex, str) or not latex or len(latex) > MAX_LENGTH:
        return None
    if "^^" in latex:  # TeX's character-code escapes
        return None
    depth, pos = 0, 0
    while pos < len(latex):
        m = _TOKEN.match(latex, pos)
        if m is None:
            return None
        word, symbol, char = m.groups()
        if word is not None and word not in SAFE_COMMANDS:
            return None
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        pos = m.end()
    return latex if depth == 0 else None
