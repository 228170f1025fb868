"""The ``commbounds`` command line (``python -m commbounds`` is the same).

::

    commbounds --version
    commbounds bounds list [--paper P] [--kind K] [--problem WORDS] [--text WORDS]
    commbounds bounds show ID
    commbounds bounds eval ID n=16 d=10000 C=4000 [--constants unit]
    commbounds bounds compare UPPER LOWER n=16 d=10000 C=4000
    commbounds bounds check [--paper P]
    commbounds verify [--profile P] [--only PATTERN] [--out FILE] [--executor E] [--resume]
    commbounds report [--profile P] [--out DIR] [--from RESULTS.jsonl] [--force] [--executor E]
    commbounds explore lp|worst-case|gaps|all [--profile P] [--out FILE] [--only NAME] [--executor E]

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


def _require_constants(b, constants: str | None) -> None:
    """An asymptotic bound needs ``--constants``: say so in the command line's own syntax."""
    if b.asymptotic and constants is None:
        names = [c.name for c in b.constants]
        raise InvalidInputError(
            f"{b.id} is asymptotic: its hidden constant(s) {', '.join(names)} are unknown; "
            f"pass --constants unit or --constants {','.join(n + '=1' for n in names)}"
        )


def _bounds(args) -> int:
    from . import bounds

    if args.action == "list":
        rows = bounds.search(paper=args.paper, kind=args.kind, quantity=args.quantity,
                             problem=args.problem, text=args.text)
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
        _require_constants(b, args.constants)
        value = b(constants=_constants(args.constants), **_params(args.params))
        print(f"{value:.10g}")
        return 0
    if args.action == "compare":
        for bid in (args.upper, args.lower):
            _require_constants(bounds.get(bid), args.constants)
        c = bounds.compare(bounds.get(args.upper), bounds.get(args.lower),
                           constants=_constants(args.constants), **_params(args.params))
        print(f"upper {c.upper} = {c.upper_value:.10g}")
        print(f"lower {c.lower} = {c.lower_value:.10g}")
        print(f"ratio = {c.ratio:.10g}")
        print(f"ratio (symbolic) = {c.ratio_expr}")
        for k, v in c.limits.items():
            print(f"  limit {k} -> infinity: {v}")
        return 0
    if args.action == "check":
        from .bounds import checks

        outs = checks.run_all(paper=args.paper)
        for o in outs:
            print(f"{o.verdict:<8} {o.id:<45} {o.location}")
            if not o.holds:
                print(f"         kind:    {o.kind}")
                print(f"         stated:  {o.stated}")
                print(f"         derived: {o.derived}")
                if o.corrected:
                    print(f"         corrected bound: {o.corrected}")
                if o.measurement:
                    print(f"         measured: {o.measurement}")
        n_err = sum(not o.holds for o in outs)
        kinds = ", ".join(f"{sum(o.kind == k for o in outs)} {k}" for k in checks.ERRATUM_KINDS)
        print(f"{len(outs)} symbolic checks, {n_err} errata ({kinds})")
        return 0
    raise InvalidInputError(f"unknown bounds action {args.action!r}")


def _verify(args) -> int:
    from . import plugins, verify
    from .verify import store as _store

    if args.repair:
        dropped = _store.repair(args.repair)
        print(f"dropped {len(dropped)} line(s) from {args.repair}")
        for d in dropped:
            print(f"  {d}")
        return 0
    plugins.load(args.plugin)
    if args.list:
        for c in verify.checks(args.only):
            print(f"{c.id:<50} {c.claim:<28} {c.bound or ''}")
        return 0
    recs = verify.run(args.profile, only=args.only, executor=args.executor, store=args.out,
                      seed=args.seed, resume=args.resume, workers=args.workers, force=args.force,
                      scheduler=args.scheduler, progress=None if not args.quiet else False)
    print(verify.format_summary(recs))
    bad = [r for r in recs if r["verdict"] in ("fail", "error")]
    for r in bad:
        print(f"{r['verdict'].upper()}: {r['check']} {r['params']} {r.get('error') or ''}", file=sys.stderr)
    return 1 if bad else 0


def _report(args) -> int:
    from . import plugins
    from .reports import build

    plugins.load(args.plugin)
    result = build(profile=args.profile, out=args.out, results=args.from_, force=args.force,
                   executor=args.executor, workers=args.workers, seed=args.seed, pdf=not args.no_pdf,
                   scheduler=args.scheduler, progress=not args.quiet)
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


def _explore(args) -> int:
    from . import explore

    recs = explore.run(args.profile, None if args.section == "all" else args.section, only=args.only,
                       executor=args.executor, store=args.out, seed=args.seed, workers=args.workers,
                       scheduler=args.scheduler, progress=None if not args.quiet else False)
    print(explore.format_rows(recs))
    print(f"LP solver: {explore.SOLVER} (through cvxpy)")
    bad = [r for r in recs if r["verdict"] in ("fail", "error")]
    return 1 if bad else 0


#: what each profile runs and roughly how long it takes on a 2-core machine
PROFILE_HELP = {
    "smoke": "smoke: every check at its smallest point (about 500 records, about a minute on 2 cores)",
    "quick": "quick: the report's default grids (about 950 records, about 3 minutes on 2 idle cores)",
    "full": "full: paper-scale grids and trials (about 1 240 records; CPU hours: "
            "meant for a cluster, or a long local run continued with --resume)",
}


def _profiles_help() -> str:
    from .verify.engine import PROFILES

    return "suite profile; " + "; ".join(PROFILE_HELP.get(p, p) for p in PROFILES)


def _add_point_options(p: argparse.ArgumentParser, constants_help: str) -> None:
    """A parameter point (``NAME=VALUE ...``) and the hidden constants to evaluate at."""
    p.add_argument("params", nargs="*", metavar="NAME=VALUE", help="one value per parameter")
    p.add_argument("--constants", metavar="unit|c1=V,...", help=constants_help)


def _add_run_options(p: argparse.ArgumentParser) -> None:
    """The options that run the suite, shared by ``verify`` and ``report``."""
    from .verify.engine import PROFILES

    p.add_argument("--profile", default="quick", choices=list(PROFILES), help=_profiles_help())
    p.add_argument("--executor", default="process", choices=["process", "inprocess", "dask"],
                   help="where tasks run: a local process pool (default), this process, or a "
                        "Dask cluster (needs --scheduler)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="process-pool size (default: the number of CPU cores)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://host:8786 (with --executor dask)")
    p.add_argument("--seed", type=int, default=0,
                   help="root seed; the same seed reproduces every record (default 0)")
    p.add_argument("--plugin", action="append", metavar="MODULE", default=[],
                   help="import MODULE first: its schemes and checks join the suite under its own "
                        "heading (repeatable; installed commbounds.schemes / commbounds.checks "
                        "entry points are always loaded)")


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    p = _Parser(prog="commbounds", description=__doc__.split("\n")[0],
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"commbounds {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("bounds", help="query the bound registry")
    bsub = b.add_subparsers(dest="action", required=True, parser_class=_Parser)
    bl = bsub.add_parser("list", help="list bounds (filters combine)")
    bl.add_argument("--paper", help="paper key, e.g. huang2019")
    bl.add_argument("--kind", choices=["upper", "lower", "equality", "step"],
                    help="upper, lower, equality or step (a proof-level quantity)")
    bl.add_argument("--quantity", help="bounded quantity, e.g. total_bits, mse, variance")
    bl.add_argument("--problem", help="words of the problem, e.g. 'mean estimation' "
                                      "(case, spaces and hyphens ignored)")
    bl.add_argument("--text", help="words anywhere in id, statement, problem, notes or formula "
                                   "(case, spaces and hyphens ignored)")
    bs = bsub.add_parser("show", help="statement, conditions, LaTeX and citation of a bound")
    bs.add_argument("id", help="bound id, e.g. huang2019:thm3.1")
    be = bsub.add_parser("eval", help="evaluate a bound: ID NAME=VALUE ...")
    be.add_argument("id", help="bound id, e.g. huang2019:thm3.1")
    _add_point_options(be, "hidden constants of an asymptotic bound: 'unit' sets all to 1")
    bc = bsub.add_parser("compare", help="compare an upper and a lower bound: UPPER LOWER NAME=VALUE ...")
    bc.add_argument("upper", help="id of the upper bound")
    bc.add_argument("lower", help="id of the lower bound")
    _add_point_options(bc, "hidden constants of asymptotic bounds: 'unit' sets all to 1")
    bk = bsub.add_parser("check", help="run the symbolic checks and print the errata")
    bk.add_argument("--paper", help="only this paper's checks")

    v = sub.add_parser("verify", help="run the verification suite")
    _add_run_options(v)
    v.add_argument("--only", action="append", metavar="PATTERN",
                   help="glob or substring of check ids (repeatable)")
    v.add_argument("--out", metavar="FILE", help="JSONL result store to write")
    v.add_argument("--resume", action="store_true",
                   help="continue the run stored in --out (same seed, profile and versions)")
    v.add_argument("--force", action="store_true", help="replace the results already in --out")
    v.add_argument("--repair", metavar="FILE",
                   help="drop every line of a result store that is not a record, listing each")
    v.add_argument("--list", action="store_true", help="list the checks and exit")
    v.add_argument("--quiet", action="store_true", help="no progress bar")

    r = sub.add_parser("report", help="write the LaTeX/PDF report")
    _add_run_options(r)
    r.add_argument("--out", default="report", metavar="DIR",
                   help="output directory (default: report)")
    r.add_argument("--from", dest="from_", metavar="RESULTS.jsonl",
                   help="build from stored results instead of running the suite")
    r.add_argument("--force", action="store_true",
                   help="replace an existing report (and its results.jsonl) in --out")
    r.add_argument("--no-pdf", action="store_true", help="write the .tex only")
    r.add_argument("--quiet", action="store_true",
                   help="print no stage lines (suite run, each figure, the PDF build) to stderr")
    x = sub.add_parser("explore", help="exact small-instance optima, worst-case inputs and gap maps")
    x.add_argument("section", choices=["lp", "worst-case", "gaps", "all"],
                   help="lp: certified exact optima; worst-case: inputs against upper bounds; "
                        "gaps: upper/lower bound maps; all: the three")
    _add_run_options(x)
    for act in x._actions:
        if "--profile" in act.option_strings:
            act.help = ("exploration profile; smoke: the tiniest instances and a short search (tens of "
                        "seconds); quick: larger instances, 4000-trial searches (minutes); full: longer searches")
    x.add_argument("--out", metavar="FILE", help="JSONL result store to append to")
    x.add_argument("--only", metavar="NAME", help="substring of task names (paper keys, scheme names, map names)")
    x.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "bounds":
            return _bounds(args)
        if args.command == "verify":
            return _verify(args)
        if args.command == "explore":
            return _explore(args)
        return _report(args)
    except CommboundsError as exc:
        print(f"commbounds: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("commbounds: interrupted", file=sys.stderr)
        return 130
