"""The report's applicability matrix: every lower bound with a declared protocol class
against every scheme and protocol, with the verdicts of the checks that measured the pair.

Rows are schemes and protocols, columns the bounds whose class admits some protocol; a
cell holds the verdict counts of the pair's checks, "not run" where the pair applies but
the run has no record of it, or "n/a" with a numbered reason where the bound does not apply
to it.  Bounds that constrain no implemented protocol are listed with the reason.

>>> block = matrix_block([])
>>> "davies2021:thm13/explicit" in block["columns"] and block["rows"][0]["cells"][0]["text"] != ""
True
"""

from __future__ import annotations

from ..verify.applicability import matrix

__all__ = ["matrix_block"]

_SHORT = {"pass": "pass", "fail": "FAIL", "inconclusive": "inconcl.", "error": "ERROR",
          "not-applicable": "n/a at point"}


def _escape(text: str) -> str:
    from . import tex_escape

    return tex_escape(text)


def matrix_block(records: list[dict]) -> dict:
    """Template data: ``columns`` (bound ids), ``rows`` (name, kind, cells), numbered
    ``reasons``, the bounds that apply to nothing with why, and the counts."""
    cells = matrix(records)
    columns = sorted({c.bound for c in cells if c.applies}
                     | {c.bound for c in cells if not c.applies and c.reason.startswith(("solves", "uses", "biased",
                                                                                         "in the class"))})
    reasons: list[str] = []
    rows: dict[str, dict] = {}
    nowhere: dict[str, str] = {}
    checked = not_applicable = 0
    for c in cells:
        if c.bound not in columns:
            nowhere[c.bound] = c.reason
            continue
        row = rows.setdefault(c.scheme, {"name": _escape(c.scheme), "kind": c.kind, "cells": {}})
        if c.applies:
            checked += 1
            text = ", ".join(f"{n} {_SHORT.get(v, v)}" if n > 1 else _SHORT.get(v, v)
                             for v, n in sorted(c.verdicts.items())) or "not run"
        else:
            not_applicable += 1
            if c.reason not in reasons:
                reasons.append(c.reason)
            text = f"n/a ({reasons.index(c.reason) + 1})"
        row["cells"][c.bound] = text
    out_rows = [{"name": r["name"], "kind": r["kind"], "cells": [{"text": _escape(r["cells"][b])} for b in columns]}
                for _, r in sorted(rows.items(), key=lambda kv: (kv[1]["kind"], kv[0]))]
    return {"columns": columns, "headers": [_escape(b) for b in columns], "rows": out_rows,
            "reasons": [_escape(r) for r in reasons],
            "nowhere": [(_escape(b), _escape(w)) for b, w in sorted(nowhere.items())],
            "checked": checked, "not_applicable": not_applicable,
            "n_bounds": len(columns) + len(nowhere), "n_participants": len(rows)}
