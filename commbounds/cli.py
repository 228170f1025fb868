"""The ``commbounds`` command line (``python -m commbounds`` is the same).

::

    commbounds bounds list [--paper P] [--kind K]
    commbounds bounds show ID
    commbounds bounds eval ID n=16 d=10000 C=4000 [--constants unit]
    commbounds bounds compare UPPER LOWER n=16 d=10000 C=4000
    commbounds bounds check [--paper P]
    commbounds verify [--profile P] [--only PATTERN] [--out FILE] [--executor E] [--resume]
    commbounds report [--profile P] [--out DIR] [--from RESULTS.jsonl] [--force]

Errors are reported in one line on stderr with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import CommboundsError, InvalidInputError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _params(items: Sequence[str]) -> dict[str, float]:
    out = {}
    for it in items:
        if "=" not in it:
            raise InvalidInputError(f"parameters are NAME=VALUE, got {it!r}")
        k, v = it.split("=", 1)
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise InvalidInputError(f"parameter {k.strip()} must be a number, got {v!r}") from None
    return out


def _constants(text: str | None):
    if text is None or text == "unit":
        return text
    return _params(text.split(","))


def _bounds(args) -> int:
    from . import bounds

    if args.action == "list":
        rows = bounds.search(paper=args.paper, kind=args.kind, quantity=args.quantity, text=args.text)
        for b in rows:
            tag = " (asymptotic)" if b.asymptotic else ""
            print(f"{b.id:<48} {b.kind:<9} {b.quantity:<20} {b.statement}{tag}")
        print(f"{len(rows)} bounds")
        return 0
    if args.action == "show":
        b = bounds.get(args.id)
        print(b.describe())
        print(f"  LaTeX: {b.relation_latex()}")
        return 0
    if args.action == "eval":
        b = bounds.get(args.id)
        value = b(constants=_constants(args.constants), **_params(args.params))
        print(f"{value:.10g}")
        return 0
    if args.action == "compare":
        c = bounds.compare(bounds.get(args.upper), bounds.get(args.lower),
                           constants=_constants(args.constants), **_params(args.params))
        print(f"upper {c.upper} = {c.upper_value:.10g}")
        print(f"lower {c.lower} = {c.lower_value:.10g}")
        print(f"ratio = {c.ratio:.10g}")
        print(f"ratio (symbolic) = {c.ratio_expr}")
        for k, v in c.limits.items():
            print(f"  limit {k} -> oo: {v}")
        return 0
    if args.action == "check":
        from .bounds import checks

        outs = checks.run_all(paper=args.paper)
        for o in outs:
            print(f"{o.verdict:<8} {o.id:<45} {o.location}")
            if not o.holds:
                print(f"         stated:  {o.stated}")
                print(f"         derived: {o.derived}")
                if o.corrected:
                    print(f"         corrected bound: {o.corrected}")
        n_err = sum(not o.holds for o in outs)
        print(f"{len(outs)} symbolic checks, {n_err} errata")
        return 0
    raise InvalidInputError(f"unknown bounds action {args.action!r}")


def _verify(args) -> int:
    from . import verify
    from .verify import store as _store

    if args.repair:
        dropped = _store.repair(args.repair)
        print(f"dropped {dropped} truncated line(s) from {args.repair}")
        return 0
    if args.list:
        for c in verify.checks(args.only):
            print(f"{c.id:<50} {c.claim:<28} {c.bound or ''}")
        return 0
    recs = verify.run(args.profile, only=args.only, executor=args.executor, store=args.out,
                      seed=args.seed, resume=args.resume, workers=args.workers,
                      scheduler=args.scheduler, progress=None if not args.quiet else False)
    print(verify.format_summary(recs))
    bad = [r for r in recs if r["verdict"] in ("fail", "error")]
    for r in bad:
        print(f"{r['verdict'].upper()}: {r['check']} {r['params']} {r.get('error') or ''}", file=sys.stderr)
    return 1 if bad else 0


def _report(args) -> int:
    from .reports import build

    result = build(profile=args.profile, out=args.out, results=args.from_, force=args.force,
                   executor=args.executor, workers=args.workers, seed=args.seed, pdf=not args.no_pdf)
    print(f"wrote {result.tex}")
    if result.pdf:
        print(f"wrote {result.pdf}")
    elif result.pdf_failed:
        print(f"commbounds: error: the PDF did not build: {result.pdf_reason}", file=sys.stderr)
        return 2
    else:
        print(f"no PDF: {result.pdf_reason}")
    bad = result.failures
    return 1 if bad else 0


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="commbounds", description=__doc__.split("\n")[0],
                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("bounds", help="query the bound registry")
    bsub = b.add_subparsers(dest="action", required=True, parser_class=_Parser)
    bl = bsub.add_parser("list", help="list bounds")
    bl.add_argument("--paper")
    bl.add_argument("--kind", choices=["upper", "lower", "equality"])
    bl.add_argument("--quantity")
    bl.add_argument("--text")
    bs = bsub.add_parser("show", help="statement, conditions, LaTeX and citation of a bound")
    bs.add_argument("id")
    be = bsub.add_parser("eval", help="evaluate a bound: ID NAME=VALUE ...")
    be.add_argument("id")
    be.add_argument("params", nargs="*")
    be.add_argument("--constants", help="'unit' or c1=1,c2=2 for asymptotic bounds")
    bc = bsub.add_parser("compare", help="compare an upper and a lower bound: UPPER LOWER NAME=VALUE ...")
    bc.add_argument("upper")
    bc.add_argument("lower")
    bc.add_argument("params", nargs="*")
    bc.add_argument("--constants")
    bk = bsub.add_parser("check", help="run the symbolic checks and print the errata")
    bk.add_argument("--paper")

    v = sub.add_parser("verify", help="run the verification suite")
    v.add_argument("--profile", default="quick", choices=["smoke", "quick", "full"])
    v.add_argument("--only", action="append", help="glob or substring of check ids (repeatable)")
    v.add_argument("--out", help="JSONL result store to append to")
    v.add_argument("--executor", default="process", choices=["process", "inprocess", "dask"])
    v.add_argument("--workers", type=int)
    v.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786)")
    v.add_argument("--seed", type=int, default=0)
    v.add_argument("--resume", action="store_true", help="skip checks already in --out")
    v.add_argument("--repair", metavar="FILE", help="drop a truncated last line from a result store")
    v.add_argument("--list", action="store_true", help="list the checks and exit")
    v.add_argument("--quiet", action="store_true", help="no progress bar")

    r = sub.add_parser("report", help="write the LaTeX/PDF report")
    r.add_argument("--profile", default="quick", choices=["smoke", "quick", "full"])
    r.add_argument("--out", default="report")
    r.add_argument("--from", dest="from_", metavar="RESULTS.jsonl", help="build from stored results")
    r.add_argument("--force", action="store_true", help="overwrite an existing report")
    r.add_argument("--executor", default="process", choices=["process", "inprocess", "dask"])
    r.add_argument("--workers", type=int)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--no-pdf", action="store_true", help="write the .tex only")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "bounds":
            return _bounds(args)
        if args.command == "verify":
            return _verify(args)
        return _report(args)
    except CommboundsError as exc:
        print(f"commbounds: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("commbounds: interrupted", file=sys.stderr)
        return 130
