"""Set partitions as restricted growth strings; the searches' enumeration lives in
:mod:`commbounds.special.partitions` (below every layer, so the suite uses it too)."""

from ..special.partitions import count_partitions, partitions

__all__ = ["count_partitions", "partitions"]
