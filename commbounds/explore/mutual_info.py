"""The exact maximum of ``I(V; Q(Y))`` over ``r``-bit quantizers (mayekar2020 Theorem 6.1);
it lives in :mod:`commbounds.special.mutual_info` (below every layer, so the suite's
mutual-information checks use the same exhaustive search)."""

from ..special.mutual_info import (
                                   MIResult,
                                   _mi,
                                   bernoulli_channel,
                                   max_mutual_information,
                                   paninski_channel,
)

__all__ = ["MIResult", "max_mutual_information", "paninski_channel", "bernoulli_channel", "_mi"]
