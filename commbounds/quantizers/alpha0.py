"""The former address of :mod:`commbounds.verify.alpha0`.

Measuring ``alpha_0(Q; p)`` is a verification procedure run on a scheme, not a scheme, so it
lives in :mod:`commbounds.verify`; its names stay importable from here.

>>> from commbounds.quantizers.alpha0 import measure_alpha0
>>> measure_alpha0.__module__
'commbounds.verify.alpha0'
"""

from __future__ import annotations

import importlib

_MOVED = ("Alpha0Estimate", "measure_alpha0", "candidate_inputs")
__all__ = list(_MOVED)


def __getattr__(name: str):
    if name in _MOVED:
        return getattr(importlib.import_module("commbounds.verify.alpha0"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
