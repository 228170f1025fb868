"""The report: LaTeX (and PDF when a TeX engine is installed) of bounds against measurements.

Everything comes from the result store and the bound registry, nothing from the suite or
the symbolic checks: a record carries its check's description and, for a symbolic check,
the outcome the Errata section prints, so ``report --from results.jsonl`` reports what was
stored.  The text lives in ``templates/`` (Jinja2 with LaTeX-safe delimiters ``\\VAR{...}``
and ``\\BLOCK{...}``): ``report.tex.j2`` includes every template in ``sections/`` in the
order of their names, and the per-paper section every template in ``paper/``, so a new
section is a new file there.  Figures live in ``figures/<paper>.py``.

>>> import tempfile, os
>>> from commbounds.reports import build
>>> out = tempfile.mkdtemp()
>>> res = build(profile="smoke", out=os.path.join(out, "r"), executor="inprocess", pdf=False,
...             only="huang2019/lem2.2*")
>>> os.path.basename(res.tex), res.pdf is None
('report.tex', True)
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..errors import InvalidInputError, ResultStoreError
from ..verify.record import VERDICTS, Record

__all__ = ["build", "ReportResult", "render_tex", "compile_pdf", "PAPER_TITLES"]

def __getattr__(name: str):
    if name == "PAPER_TITLES":  # paper key -> section title, from the papers the bounds register
        from .. import bounds

        return {k: bounds.paper(k).heading for k in bounds.papers()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

#: sections for the checks generated over every registry rather than from one paper
GROUP_TITLES = {
    "canary": "Lower-bound canaries over every scheme",
    "exact": "Every scheme and protocol against its exact prediction",
}


@dataclass
class ReportResult:
    """What :func:`build` wrote: the LaTeX source, the PDF if one was made, and the records.

    Parameters
    ----------
    tex : pathlib.Path
        The written ``.tex`` file.
    pdf : pathlib.Path or None
        The compiled PDF, or None when none was made.
    pdf_reason : str
        Why there is no PDF (empty when there is one).
    records : list of Record
        The records the report was written from.
    pdf_failed : bool
        Whether a TeX engine ran and failed (as opposed to no PDF requested or no engine).

    Examples
    --------
    >>> from pathlib import Path
    >>> ReportResult(Path("report.tex"), None, "no TeX engine").failures
    0
    """

    tex: Path
    pdf: Path | None
    pdf_reason: str
    records: list[Record] = field(default_factory=list)
    #: whether a TeX engine ran and failed (as opposed to no PDF requested or no engine)
    pdf_failed: bool = False

    @property
    def failures(self) -> int:
        return sum(r.verdict in ("fail", "error") for r in self.records)


def build(profile: str = "quick", out: str | os.PathLike = "report", results: str | os.PathLike | None = None,
          *, force: bool = False, executor=None, workers: int | None = None, seed: int = 0,
          pdf: bool = True, only=None, scheduler: str | None = None,
          progress: bool | None = None) -> ReportResult:
    """Run (or read) the suite, draw the figures and write ``out/report.tex`` (and ``.pdf``).

    Parameters
    ----------
    profile : {"smoke", "quick", "full"}
        Suite profile to run when ``results`` is not given.
    out : path
        Output directory; an existing report there is only replaced with ``force=True``.
    results : path, optional
        Build from a stored JSONL result file instead of running the suite.
    pdf : bool
        Compile the PDF when a TeX engine is available.
    executor, workers, scheduler, seed, only
        Passed to :func:`commbounds.verify.run` when the suite is run.
    force : bool
        Replace the files of an existing report in ``out``.
    progress : bool, optional
        Print each stage (the suite run, every figure, the PDF build) to stderr as it starts
        (default: when stderr is a terminal).

    Returns
    -------
    ReportResult
        The paths of the LaTeX source and of the PDF (None with the reason when it was not
        built) and the records reported.

    Examples
    --------
    A directory that holds another report is refused unless ``force`` is given:

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (out / "report.tex").write_text("an earlier report")
    >>> build(results="results.jsonl", out=out)
    Traceback (most recent call last):
    ...
    commbounds.errors.InvalidInputError: ... pass --force (force=True) to overwrite them

    The smoke profile's report, without the PDF (the suite and every figure: minutes):

    >>> res = build("smoke", out=out / "smoke", pdf=False)  # doctest: +SKIP
    >>> res.tex.name  # doctest: +SKIP
    'report.tex'
    """
    say = _stage_printer(progress)
    out = Path(out)
    store_path = out / "results.jsonl"
    source_is_out = results is not None and Path(results).resolve() == store_path.resolve()
    _prepare_out(out, force, keep=store_path if source_is_out else None)
    from ..verify import store

    if results is not None:
        records = store.read(results)
        if not source_is_out:
            shutil.copyfile(results, store_path)
    else:
        from .. import verify

        # _prepare_out refused an existing results.jsonl unless force was given
        say(f"running the {profile} profile")
        records = verify.run(profile, only=only, executor=executor, store=store_path, seed=seed,
                             workers=workers, scheduler=scheduler, force=True, progress=progress)
    _check_records(records)
    tex = render_tex(records, out, say=say)
    tex_path = out / "report.tex"
    tex_path.write_text(tex, encoding="utf-8")
    if not pdf:
        return ReportResult(tex_path, None, "PDF not requested (--no-pdf)", records)
    say("compiling the PDF (TeX, two or three passes)")
    started = time.perf_counter()
    pdf_path, reason = compile_pdf(tex_path)
    say(f"TeX finished in {time.perf_counter() - started:.0f} s")
    return ReportResult(tex_path, pdf_path, reason, records, pdf_failed=reason.startswith("TeX"))


def _stage_printer(progress: bool | None):
    """A function printing one line per report stage to stderr (or doing nothing)."""
    import sys

    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return lambda message: None
    start = time.perf_counter()
    return lambda message: print(f"[{time.perf_counter() - start:6.1f} s] {message}", file=sys.stderr, flush=True)


#: the files a report writes in its directory (besides figures/*.pdf, their PGF copies and
#: the PNG images a PGF copy of a raster figure needs)
_OUTPUTS = ("report.tex", "report.pdf", "results.jsonl", "report.aux", "report.log", "report.out",
            "report.toc", "report.fls", "report.fdb_latexmk")


def _prepare_out(out: Path, force: bool, keep: Path | None = None) -> None:
    """Refuse, without ``force``, a directory holding any file the report would write
    (``keep``: the store the report is built from, read and not written)."""
    if not force:
        present = [name for name in _OUTPUTS if (out / name).exists() and (out / name) != keep]
        present += [f"figures/{f.name}" for f in sorted((out / "figures").iterdir())
                    if f.suffix in (".pdf", ".pgf", ".png")] if (out / "figures").is_dir() else []
        if present:
            raise InvalidInputError(f"{out} already holds {', '.join(present[:4])}"
                                    f"{' and more' if len(present) > 4 else ''}; pass --force "
                                    f"(force=True) to overwrite them")
    try:
        (out / "figures").mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise InvalidInputError(f"cannot write the report to {out}: {exc.strerror or exc}") from None


def _check_records(records) -> None:
    if not records:
        raise ResultStoreError("no result records: nothing to report")
    for i, r in enumerate(records, 1):
        if not isinstance(r, Record):
            raise ResultStoreError(f"result record {i} is a {type(r).__name__}, not a Record")


# ----------------------------------------------------------------------------- rendering
class Tex(str):
    """LaTeX that the report itself wrote (sympy's output, formatted numbers, escaped text).

    The template layer passes a ``Tex`` through unchanged and escapes every other value
    (:func:`_finalize`), so a string from a result store can only ever print as text.
    """

    __slots__ = ()


def label(kind: str, key: str) -> str:
    """A LaTeX label for ``key`` that no store value can break out of (a hash of the key)."""
    import zlib

    return f"{kind}:{zlib.crc32(str(key).encode('utf-8', 'replace')):08x}"


#: verdicts the first page lists, in the order it lists them
NOT_PASS = ("fail", "error", "erratum", "inconclusive", "not-applicable")


_TEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
                "\n": " ", "\t": " ", "§": r"\S{}", "±": r"$\pm$", "Ω": r"$\Omega$", "Θ": r"$\Theta$",
                "×": r"$\times$", "÷": r"$\div$", "\u2212": "$-$"}
#: characters pdflatex's default UTF-8 input handles (Latin-1 letters, dashes, quotes)
_TEX_SAFE = set(range(0x20, 0x7F)) | set(range(0xC0, 0x100)) | {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D}


def tex_escape(text) -> Tex:
    """``text`` as LaTeX that prints it literally: special characters escaped, control and
    other characters LaTeX cannot typeset written as ``U+XXXX``.

    >>> print(tex_escape(r"\\input{/etc/passwd} 50% ^^5c"))
    \\textbackslash{}input\\{/etc/passwd\\} 50\\% \\textasciicircum{}\\textasciicircum{}5c
    """
    if isinstance(text, Tex):
        return text
    out = []
    for ch in str(text):
        esc = _TEX_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ord(ch) in _TEX_SAFE:
            out.append(ch)
        else:
            out.append(f"U+{ord(ch):04X}")
    return Tex("".join(out))


def _finalize(value) -> Tex:
    """What every ``\\VAR{...}`` prints: a :class:`Tex` as written, a number as a number,
    anything else escaped."""
    if isinstance(value, Tex):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Tex(_fmt(value))
    return tex_escape(value)


def _number(v, what: str):
    """A numeric record field, refused (ResultStoreError) when it is anything else."""
    if v is None or (isinstance(v, int | float) and not isinstance(v, bool)):
        return v
    raise ResultStoreError(f"result field {what} must be a number or null, got {type(v).__name__} {v!r:.60}")


def _fmt(v) -> Tex:
    if v is None:
        return Tex("--")
    _number(v, "value")
    v = float(v) if isinstance(v, float) else v
    if isinstance(v, float):
        if math.isnan(v):
            return Tex("NaN")
        if math.isinf(v):
            return Tex(r"$\infty$" if v > 0 else r"$-\infty$")
        return Tex(f"{v:.4g}")
    return Tex(str(int(v)))


def _params_text(p: dict) -> str:
    return tex_escape(", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                                for k, v in sorted(p.items())) or "--")


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("commbounds.reports", "templates"),
        block_start_string=r"\BLOCK{", block_end_string="}", variable_start_string=r"\VAR{",
        variable_end_string="}", comment_start_string=r"\#{", comment_end_string="}",
        trim_blocks=True, lstrip_blocks=True, autoescape=False, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, finalize=_finalize)
    env.filters["tt"] = breakable_tt
    return env


def render_tex(records: list[Record], out: Path, say=lambda message: None) -> str:
    """The report's LaTeX source (figures are drawn into ``out/figures``; ``say`` is told
    of each figure as it is drawn).

    Parameters
    ----------
    records : list of Record
        The stored results to report.
    out : Path
        The report's directory (its ``figures`` folder must exist).
    say : callable, optional
        Called with one line per figure as it is drawn.

    Returns
    -------
    str
        The LaTeX document.

    Examples
    --------
    Without records every section is empty and no figure is drawn (rendering every bound's
    statement still takes seconds):

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> (out / "figures").mkdir()
    >>> render_tex([], out).startswith(r"\\documentclass")  # doctest: +SKIP
    True
    """
    from .. import bounds
    from ..verify.stats import CONFIDENCE
    from .exploration import chapter, is_exploration
    from .figures import figures

    exploration = chapter(records, out)
    head = records[0] if records else None
    records = [r for r in records if not is_exploration(r)]
    all_bounds = bounds.all()
    keys = bounds.papers()
    errata = sorted({r.symbolic.id: r.symbolic for r in records
                     if r.symbolic is not None and not r.symbolic.holds}.values(), key=lambda o: o.id)
    papers = []
    total, done = sum(len(figures(k)) for k in keys), 0
    for key in keys:
        recs = [r for r in records if r.paper == key]
        counts = Counter(r.verdict for r in recs)
        figs = []
        for f in figures(key):
            done += 1
            say(f"drawing figure {done}/{total}: {f.id}")
            fname = f"figures/{f.id}.pdf"
            caption = f.draw(records, out / fname)
            if caption:
                figs.append({"file": _figure_file(fname), "caption": caption_tex(caption)})
        papers.append({
            "key": key, "title": tex_escape(bounds.paper(key).heading),
            "counts": {"total": len(recs), **{v: counts[v] for v in VERDICTS}},
            "figures": figs,
            "checks": _check_blocks(recs),
            "bounds": [_bound_block(b) for b in all_bounds if b.paper == key],
        })
    other = [r for r in records if r.paper not in keys]
    for group in sorted({r.paper or "canary" for r in other}, key=lambda g: (g not in GROUP_TITLES, g)):
        recs = [r for r in other if (r.paper or "canary") == group]
        counts = Counter(r.verdict for r in recs)
        slug = re.sub(r"[^A-Za-z0-9-]", "-", group)[:60] or "group"
        papers.append({"key": slug, "title": tex_escape(GROUP_TITLES.get(group, f"Plugin: {slug}")),
                       "counts": {"total": len(recs), **{v: counts[v] for v in VERDICTS}},
                       "figures": [], "checks": _check_blocks(recs), "bounds": []})
    totals = Counter(r.verdict for r in records)
    versions = head.versions if head is not None else {}
    slow = sorted((((Tex(tex_escape(r.check) + " (" + _params_text(r.params) + ")")), r.seconds) for r in records),
                  key=lambda t: -t[1])[:10]
    meta = {"version": tex_escape(versions.get("commbounds", "")),
            "profile": tex_escape((head.profile if head is not None else "") or ""),
            "seed": _root_seed(records), "n_bounds": len(all_bounds),
            "n_papers": len(keys),
            "n_records": len(records), "confidence": Tex(f"{CONFIDENCE:.1%}".replace("%", r"\%")),
            "totals": {v: totals[v] for v in VERDICTS},
            "seconds": f"{sum(r.seconds for r in records):.1f}",
            "versions": [(tex_escape(k), tex_escape(v)) for k, v in sorted(versions.items())],
            "slowest": [(c, f"{s:.2f}") for c, s in slow]}
    err = [_erratum_row(o, all_bounds) for o in errata]
    meta["attention"] = _attention(records, {e["id_raw"]: e["label"] for e in err})
    from .applicability import matrix_block

    env = _env()
    meta["not_applicable"] = [_verdict_row(r) for r in records if r.verdict == "not-applicable"]
    meta["erratum_records"] = [_verdict_row(r) for r in records if r.verdict == "erratum"]
    return env.get_template("report.tex.j2").render(papers=papers, errata=err, meta=meta,
                                                    sections=_parts(env, "sections"),
                                                    paper_parts=_parts(env, "paper"), exploration=exploration,
                                                    app=matrix_block(records))


def _verdict_row(r: Record) -> dict:
    """A record of a verdict class with its own section: the check, where, and why."""
    return {"check": tex_escape(r.check), "params": _params_text(r.params), "rule": tex_escape(r.rule),
            "bound": tex_escape(r.bound) if r.bound else None}


def _parts(env: jinja2.Environment, folder: str) -> list[str]:
    """The templates of one folder, in the order of their names."""
    return sorted(t for t in env.list_templates(extensions=["j2"]) if t.startswith(folder + "/"))


def _root_seed(records) -> int | str:
    """The one root seed of the records (an integer); a store mixing seeds is refused."""
    seeds = set()
    for r in records:
        seed = r.seed
        entropy = seed.get("entropy") if isinstance(seed, dict) else seed
        if isinstance(entropy, bool) or not isinstance(entropy, int):
            raise ResultStoreError(f"record {str(r.check)[:60]!r}: its seed's entropy must be an "
                                   f"integer, got {type(entropy).__name__} {entropy!r:.60}")
        seeds.add(entropy)
    if len(seeds) > 1:
        raise ResultStoreError(f"the records mix root seeds {', '.join(map(str, sorted(seeds)))}; "
                               f"report one run at a time")
    return seeds.pop() if seeds else ""


def _figure_file(name: str) -> Tex:
    """A figure's file name, which the report itself chose (letters, digits, ``-./``)."""
    if not re.fullmatch(r"figures/[A-Za-z0-9.-]+\.pdf", name):
        raise InvalidInputError(f"figure file name {name!r} has characters LaTeX would interpret")
    return Tex(name)


def _check_blocks(recs: list[Record]) -> list[dict]:
    """One block (table) per check; all symbolic checks of a paper share one table."""
    blocks: dict[str, dict] = {}
    for r in recs:
        if r.claim == "symbolic":
            b = blocks.setdefault("symbolic", {
                "id": "symbolic checks", "label": label("chk", "symbolic:" + (r.paper or "")),
                "claim": "symbolic", "bound": None,
                "description": "Corollaries re-derived from their theorems and proof steps checked with sympy "
                               "(the Errata section lists what does not follow).",
                "rule": tex_escape("pass if the statement follows; erratum (its own verdict, not a pass) "
                                   "if stated and derived differ"), "rows": []})
            b["rows"].append({"params": tex_escape(r.check.split("/symbolic-", 1)[-1]),
                              "measured": "holds" if r.measured else "erratum", "ci": "--",
                              "reference": "--", "ratio": "--", "sensitivity": "--",
                              "verdict": tex_escape(r.verdict)})
            continue
        b = blocks.get(r.check)
        if b is None:
            b = blocks[r.check] = {"id": tex_escape(r.check), "label": label("chk", r.check),
                                   "description": tex_escape(r.description),
                                   "claim": tex_escape(r.claim or ""),
                                   "bound": tex_escape(r.bound) if r.bound else None,
                                   "rule": tex_escape(r.rule), "rows": []}
        ci = r.interval
        ci_text = "--" if not ci else f"[{_fmt(ci[0])}, {_fmt(ci[1])}]"
        verdict = r.verdict if not r.error else f"error: {r.error}"
        exact = not ci and r.measured is not None and r.reference is not None and r.measured == r.reference
        b["rows"].append({"params": _params_text(r.params), "measured": _fmt(r.measured),
                          "ci": "exact" if exact else ci_text,
                          "reference": Tex("= measured") if exact else _fmt(r.reference),
                          "ratio": Tex("--") if exact else _fmt(r.ratio),
                          "sensitivity": _fmt(r.sensitivity), "verdict": tex_escape(verdict)})
        text = r.extra.get("sensitivity_text") if isinstance(r.extra, dict) else None
        if text and not b.get("sensitivity_text"):
            b["sensitivity_text"] = tex_escape(_short_numbers(str(text)))
    return list(blocks.values())


def _short_numbers(text: str) -> str:
    """Digit runs of more than twelve figures written in scientific notation."""
    import re

    return re.sub(r"\d{13,}(?:\.\d+)?", lambda m: f"{float(m.group()):.3g}", text)


def _domain_latex(b, p) -> str:
    """The declared domain of ``p`` as mathematics (infinity for an open end)."""
    import sympy as sp

    lo, lo_closed, hi, hi_closed = p.bounds(b.namespace)
    names = getattr(b, "_symbol_names", {})
    sym = p.latex or sp.latex(p.symbol)
    left, right = ("[" if lo_closed else "("), ("]" if hi_closed else ")")
    lo_t = sp.latex(lo, symbol_names=names) if lo.is_finite is not False else r"-\infty"
    hi_t = sp.latex(hi, symbol_names=names) if hi.is_finite is not False else r"\infty"
    kind = r" \cap \mathbb{Z}" if p.integer else ""
    return f"${sym} \\in {left}{lo_t}, {hi_t}{right}{kind}$"


def _bound_block(b) -> dict:
    conds = [f"${c}$" for c in b.latex_conditions()]
    conds += [_domain_latex(b, p) for p in b.params if p.domain != "(0, oo)"]
    return {"id": tex_escape(b.id), "label": label("bnd", b.id), "statement": tex_escape(b.statement), "kind": b.kind,
            "quantity": tex_escape(b.quantity), "asymptotic": b.asymptotic,
            "constants": Tex(", ".join(f"${c.symbol.name}$" for c in b.constants)),
            "variant": b.variant, "model": tex_escape(b.model), "randomness": tex_escape(b.randomness),
            "latex": Tex(b.relation_latex()), "conditions": Tex("; ".join(conds)),
            "citation": tex_escape(b.citation)}


_BREAK_AFTER = re.compile(r"(\\_|[/:\-.,*+(])")


def breakable_tt(value) -> Tex:
    """``value`` as the template prints it (:func:`_finalize`: escaped unless the report
    wrote it) in typewriter type that may wrap after ``/:-._,*+(``, so long ids and formulas
    wrap inside narrow table columns; the templates' ``tt`` filter.

    >>> print(breakable_tt("exact/top_k"))
    \\texttt{exact/\\allowbreak{}top\\_\\allowbreak{}k}
    """
    return Tex(r"\texttt{" + _BREAK_AFTER.sub(r"\1\\allowbreak{}", _finalize(value)) + "}")


def caption_tex(caption: str) -> Tex:
    """A figure's caption as LaTeX: text escaped, each ``$...$`` segment typeset as
    mathematics when :func:`~commbounds.reports.mathtex.safe_math` accepts it (else
    escaped too), so a caption that quotes a store value cannot write LaTeX.

    >>> print(caption_tex(r"error against $\\sqrt{T}$ at 50%"))
    error against $\\sqrt{T}$ at 50\\%
    >>> print(caption_tex(r"$\\input{x}$"))
    \\$\\textbackslash{}input\\{x\\}\\$
    """
    from .mathtex import safe_math

    parts = str(caption).split("$")
    if len(parts) % 2 == 0:  # an unpaired dollar: nothing is mathematics
        return tex_escape(caption)
    out = []
    for i, part in enumerate(parts):
        m = safe_math(part) if i % 2 else None
        out.append(f"${m}$" if m else tex_escape(f"${part}$" if i % 2 else part))
    return Tex("".join(out))


def _erratum_row(o, all_bounds) -> dict:
    """One row of the errata table: stated and derived typeset as mathematics where the
    stored LaTeX passes :func:`~commbounds.reports.mathtex.safe_math`, else as escaped text."""
    from .mathtex import safe_math

    def form(latex, text):
        m = safe_math(latex) if latex else None
        return Tex(f"${m}$") if m else breakable_tt(text)

    known = {b.id for b in all_bounds}
    corrected = o.corrected if o.corrected in known else None
    return {"id": breakable_tt(o.id), "id_raw": o.id, "label": label("err", o.id),
            "location": tex_escape(o.location),
            "stated": form(getattr(o, "stated_latex", None), o.stated),
            "derived": form(getattr(o, "derived_latex", None), o.derived),
            "kind": tex_escape(getattr(o, "erratum", None) or ""),
            "description": tex_escape(o.description),
            "corrected": breakable_tt(o.corrected) if o.corrected else None,
            "corrected_label": label("bnd", corrected) if corrected else None}


def _attention(records, errata_labels: dict) -> list[dict]:
    """Every check with a result that is not a pass, for the first page: its verdicts and
    a link to its table (or, for an erratum, to its row in the errata table)."""
    by_check: dict[str, Counter] = {}
    for r in records:
        if r.verdict in NOT_PASS:
            by_check.setdefault(r.check, Counter())[r.verdict] += 1
    rows = []
    for check, counts in by_check.items():
        worst = min(counts, key=NOT_PASS.index)
        sym = next((r.symbolic for r in records if r.check == check and r.symbolic is not None), None)
        target = errata_labels.get(sym.id) if sym is not None and sym.id in errata_labels else None
        if target is None:
            rec = next(r for r in records if r.check == check)
            target = label("chk", "symbolic:" + (rec.paper or "")) if rec.claim == "symbolic" else label("chk", check)
        rows.append({"check": breakable_tt(check), "worst": worst, "label": target,
                     "verdicts": tex_escape(", ".join(f"{counts[v]} {v}" for v in NOT_PASS if counts[v]))})
    rows.sort(key=lambda x: (NOT_PASS.index(x["worst"]), x["check"]))
    return rows


# ----------------------------------------------------------------------------- PDF
def compile_pdf(tex_path: Path) -> tuple[Path | None, str]:
    """Compile with latexmk (or pdflatex twice); returns ``(pdf or None, reason)``.

    TeX runs sandboxed: shell escape off (``-no-shell-escape``, ``shell_escape=f``), reads
    and writes limited to the report's directory tree (kpathsea's paranoid
    ``openin_any=p``/``openout_any=p``: no absolute paths, no ``..``, no dot files), and no
    latexmk rc file is read (``-norc``; an rc file is Perl code).

    Parameters
    ----------
    tex_path : path
        The LaTeX source; the PDF is written beside it.

    Returns
    -------
    tuple of (Path or None, str)
        The PDF (None when no TeX engine is installed or TeX failed) and why.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> tex = pathlib.Path(tempfile.mkdtemp()) / "tiny.tex"
    >>> _ = tex.write_text(r"\\documentclass{article}\\begin{document}x\\end{document}")
    >>> pdf, reason = compile_pdf(tex)
    >>> pdf is None or pdf.exists()
    True
    """
    tex_path = Path(tex_path)
    cwd = tex_path.parent
    tex_opts = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error"]
    if shutil.which("latexmk"):
        cmd = [["latexmk", "-norc", "-pdf", f"-pdflatex=pdflatex {' '.join(tex_opts)} %O %S",
                tex_path.name]]
    elif shutil.which("pdflatex"):
        cmd = [["pdflatex", *tex_opts, tex_path.name]] * 2
    else:
        return None, ("no TeX engine (latexmk/pdflatex) is installed; the .tex is written. "
                      "Install TeX Live (e.g. apt-get install texlive-latex-recommended latexmk) for the PDF")
    env = dict(os.environ, SOURCE_DATE_EPOCH="0", FORCE_SOURCE_DATE="1", openin_any="p", openout_any="p",
               shell_escape="f")
    for c in cmd:
        proc = subprocess.run(c, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
        if proc.returncode != 0:
            log = tex_path.with_suffix(".log")
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else proc.stdout[-1500:]
            return None, f"TeX failed ({c[0]} exit {proc.returncode}); see {log}:\n{tail}"
    pdf = tex_path.with_suffix(".pdf")
    return (pdf, "") if pdf.exists() else (None, "TeX ran but produced no PDF")

