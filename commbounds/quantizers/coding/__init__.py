"""The lossless coding layer's former address, kept so that existing imports keep working.

The codes live in :mod:`commbounds.coding` (the ground floor every layer may use) and the
Walsh-Hadamard transform in :mod:`commbounds.quantizers.hadamard`; this package re-exports
both under their old names, and its submodules (``bits``, ``elias``, ``constant_weight``,
``multinomial``, ``hadamard``) are the very same module objects.

Examples
--------
>>> from commbounds.quantizers.coding import BitWriter
>>> from commbounds.quantizers.coding.multinomial import multinomial_bits
>>> import commbounds.coding
>>> BitWriter is commbounds.coding.BitWriter
True
"""

import sys

from ... import coding as _coding
from ...coding import *  # noqa: F403 - the old address re-exports the whole coding layer
from ...coding import bits, constant_weight, elias, multinomial
from .. import hadamard

__all__ = list(_coding.__all__)

for _module in (bits, constant_weight, elias, hadamard, multinomial):
    sys.modules[f"{__name__}.{_module.__name__.rsplit('.', 1)[1]}"] = _module
del _module
