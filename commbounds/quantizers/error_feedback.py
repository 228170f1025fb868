"""Error compensation (error feedback) around any scheme, barnes2020 Algorithm 1.

Algorithm
---------
Each node keeps a memory ``m`` (initially 0).  For an input ``g`` it compresses the
compensated vector and remembers what was not sent::

    g <- g + m;   g_hat <- Q(g);   m <- g - g_hat

and sends ``g_hat``'s payload.  The wrapper is vectorised over nodes: a ``(n, d)`` input
updates ``n`` memories at once through the scheme's fast path; :meth:`encode` sends one
node's real payload and updates its memory from the decoded vector, so both paths keep the
same memory from the same generator state.

This is stateful, so it is not a registered :class:`~commbounds.quantizers.base.Scheme`
(whose ``decode(encode(x))`` must not depend on history); the receiver decodes the
messages with the wrapped scheme alone.

Theoretical guarantee
---------------------
With a compression operator (barnes2020 Definition 4, ``gamma = k/d`` for rTop-k by
Proposition 1), distributed SGD with error compensation converges at vanilla SGD's rate
for smooth non-convex losses (Theorem 3, Corollary 1; Basu et al. 2019, Theorem 1).

References
----------
Barnes, Inan, Isik, Özgür, IEEE JSAIT 2020, Algorithm 1, Theorem 3 and Corollary 1.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> from commbounds.quantizers.error_feedback import ErrorFeedback
>>> ef = ErrorFeedback(quantizers.get("top-k", k=1, precision=64))
>>> ef.step(np.array([[3.0, 2.0, 0.5]]), rng=0).estimate.tolist()
[[3.0, 0.0, 0.0]]
>>> ef.memory.tolist()
[[0.0, 2.0, 0.5]]
>>> ef.step(np.array([[0.0, 1.0, 0.0]]), rng=0).estimate.tolist()
[[0.0, 3.0, 0.0]]
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from .base import Message, Quantized, Scheme, as_generator, validate_vectors

__all__ = ["ErrorFeedback"]


class ErrorFeedback:
    """Error-compensation wrapper (``scheme``: any single-vector scheme)."""

    def __init__(self, scheme: Scheme) -> None:
        if not isinstance(scheme, Scheme):
            raise InvalidInputError(f"ErrorFeedback wraps a Scheme, got {type(scheme).__name__}")
        self.scheme = scheme
        self.memory: np.ndarray | None = None

    def __repr__(self) -> str:
        return f"ErrorFeedback({self.scheme!r})"

    def reset(self) -> None:
        """Forget the memories (a new run)."""
        self.memory = None

    def _compensated(self, G: np.ndarray) -> np.ndarray:
        if self.memory is None:
            self.memory = np.zeros_like(G)
        if self.memory.shape != G.shape:
            raise InvalidInputError(
                f"error feedback memory has shape {self.memory.shape}, input has {G.shape}; "
                "call reset() to start a run with another shape")
        return G + self.memory

    def step(self, G, *, rng=None, shared=None) -> Quantized:
        """Compress ``G`` (``(..., d)``, one row per node) with compensation; update memories."""
        G = validate_vectors(G, name="G")
        C = self._compensated(G)
        out = self.scheme.quantize(C, rng=as_generator(rng), shared=shared)
        self.memory = C - out.estimate
        return out

    def encode(self, g, *, rng=None, shared=None) -> Message:
        """One node's real payload (the memory must hold a single row, shape ``(d,)``)."""
        g = validate_vectors(g, name="g", max_ndim=1)
        c = self._compensated(g)
        msg = self.scheme.encode(c, rng=as_generator(rng), shared=shared)
        self.memory = c - self.scheme.decode(msg, shared=shared)
        return msg
