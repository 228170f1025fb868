"""The verification suite: every measurable claim checked with confidence intervals.

>>> from commbounds import verify
>>> "huang2019/thm2.3-mse" in [c.id for c in verify.checks()]
True
"""

from .engine import PROFILES, Check, Outcome, check, checks, get_check
from .record import Record, Symbolic
from .runner import format_summary, run, summary

__all__ = ["PROFILES", "Check", "Outcome", "Record", "Symbolic", "check", "checks", "get_check", "run",
           "summary", "format_summary"]
