"""Print the figure table of a run as Markdown: ``python -m benchmarks._table FIGURES.json``.

The JSON is what ``python -m pytest benchmarks --benchmark-only --figures FIGURES.json``
writes; BENCHMARKS.md's table is this output.
"""

from __future__ import annotations

import json
import math
import sys


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and not math.isfinite(v):
        return "-"
    return f"{v:.3g}"


def markdown(figures: list[dict]) -> str:
    lines = ["| case | figure | unit | target | met | note |", "|---|---:|---|---|---|---|"]
    for f in figures:
        target = "" if f["target"] is None else f"{f['op']} {_fmt(f['target'])}"
        met = {True: "yes", False: "**no**", None: ""}[f["met"]]
        lines.append(f"| {f['case']} | {_fmt(f['value'])} | {f['unit']} | {target} | {met} | {f['note']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    with open(sys.argv[1]) as fh:
        print(markdown(json.load(fh)))
