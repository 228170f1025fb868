"""The cubic-lattice quantizer of davies2021 Section 6 (LQSGD's practical version).

Algorithm
---------
Encoder (input ``x``, dither ``theta`` uniform in ``[-s/2, s/2]^d`` from the shared
seed, or from a private seed sent along): round to the nearest point of the shifted lattice ``theta + s Z^d``,
``k = round((x - theta)/s)``, and send the colour ``k mod q`` (``d log2 q`` bits, packed by
:func:`~commbounds.quantizers.lattices.write_colours`).  Decoder (side information
``x_v``): the point of that colour nearest to ``x_v``, coordinate-wise
``k' = c + q round(((x_v - theta)/s - c)/q)``; output ``theta + s k'``.

Without a shared seed (``shared=None``) the dither is private randomness: the encoder draws
a 64-bit seed per vector from its generator ``rng``, derives the dither from it by a
counter-based hash (:func:`seeded_dither`, computed inline by the compiled kernels) and
sends the seed in the message, counted (``d log2 q + 64`` bits); the decoder reads it
back.  So the quantizer is the randomised one of Section 6 either way, unbiased over
calls, and a seed alone never fixes the dither.
The side information broadcasts over the batch (one receiver vector for many rows).

The paper parameterises by ``y`` (a bound on ``||x - x_v||_inf``): pass ``y=`` instead of
``s`` to get ``s = 2y/(q - 1)``, the largest side whose decoding radius covers ``y`` (the
sentence choosing ``s`` is garbled in the extraction; reconstructed from the decoding
condition).  :data:`Y_UPDATES` holds the ``y``-update rules of the experiments.

Theoretical guarantee
---------------------
Unbiased (subtractive dither), per-coordinate error uniform on ``[-s/2, s/2]``, so
``E||z - x||^2 = d s^2/12`` (``davies2021:exp4/variance``); decoding succeeds whenever
``||x - x_v||_inf < (q - 1) s/2`` (``davies2021:sec6/decoding-radius``; at equality a
rounding tie can go either way).  Decoding failures are not errors: the decoder returns
the nearest point of the received colour, which is then a wrong point.

References
----------
Davies et al., ICLR 2021, Section 6 (LQSGD) and Experiments 2-5, 7 (``y`` updates).

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("lattice-cubic", q=8, s=0.1)
>>> x = np.array([100.03, -7.2, 55.5])
>>> msg = q.encode(x, rng=np.random.default_rng(0), shared=1)
>>> z = q.decode(msg, shared=1, side=x + 0.2)
>>> msg.nbits, bool(np.abs(z - x).max() <= 0.05)
(9, True)
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidInputError
from ..params import Param
from ._params import MAX_SCALE, MIN_SCALE, int_in_range, positive_float
from .base import Scheme
from .lattices import (
    COLOURS_WHY,
    MAX_COLOURS,
    colour_bits,
    int_coords,
    read_colours,
    refuse_coords,
    write_colours,
)
from .registry import register_scheme

__all__ = ["LatticeCubic", "cubic_dither", "seeded_dither", "cubic_index", "cubic_decode_index",
           "Y_UPDATES", "SEED_BITS"]

#: bits of the private dither seed a message carries when there is no shared seed
SEED_BITS = 64


def cubic_dither(shape, s: float, shared) -> np.ndarray:
    """The shared dither ``theta`` uniform in ``[-s/2, s/2)`` (one row per encoded vector):
    ``s (U(key_i, j) - 1/2)`` on the counter-based stream, row keys from the shared seed
    (:func:`commbounds.kernels.stream.shared_keys`).  The compiled paths compute it inline."""
    from ..kernels.stream import shared_keys, uniforms

    shape = tuple(np.atleast_1d(shape)) if np.ndim(shape) else (int(shape),)
    rows = int(np.prod(shape[:-1], dtype=np.int64))
    keys = shared_keys(shared, rows)
    return (s * (uniforms(keys, shape[-1]) - 0.5)).reshape(shape)


def seeded_dither(seeds, d: int, s: float) -> np.ndarray:
    """A dither uniform in ``[-s/2, s/2]^d`` per row, a function of that row's 64-bit seed only.

    Counter-based (SplitMix64 of ``seed + (i + 1) * golden``, top 53 bits), vectorised over
    rows and coordinates, so the decoder rebuilds a row's dither from the seed in its
    message without the other rows.  It is the stream of :mod:`commbounds.kernels.stream`
    keyed by the seed, ``s (uniforms(seed, d) - 1/2)``: the compiled kernels compute it
    inline, and this numpy form is their reference.
    """
    seeds = np.asarray(seeds, dtype=np.uint64).reshape(-1, 1)
    with np.errstate(over="ignore"):
        z = seeds + (np.arange(1, d + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) * 2.0**-53
    return s * (u - 0.5)


def cubic_index(X, theta, s: float) -> np.ndarray:
    """Nearest point of ``theta + s Z^d``: its integer index ``round((x - theta)/s)``
    (the numpy reference of :func:`commbounds.kernels._cubic.cubic_colours`)."""
    return int_coords(np.rint((X - theta) / s))


def cubic_decode_index(colour, theta, s: float, q: int, side) -> np.ndarray:
    """The index of colour ``colour`` (mod ``q``) nearest to ``side`` (the numpy reference
    of :func:`commbounds.kernels._cubic.cubic_decode`)."""
    return colour + q * int_coords(np.rint(((side - theta) / s - colour) / q))


#: y-update rules of Section 6 (arguments as named in the experiments)
Y_UPDATES = {
    # Experiment 2/3: y_{t+1} = 1.5 ||Q(g_0) - Q(g_1)||_inf
    "exp2": lambda Qs: 1.5 * _max_pairwise_inf(Qs),
    # Experiment 4: every 5 iterations, y = 1.6 ||g_0 - g_0'||_inf from two local batches
    "exp4": lambda g, g_other: 1.6 * float(np.abs(np.asarray(g) - np.asarray(g_other)).max()),
    # Experiment 5: the leader broadcasts y = 3 max_{i,j} ||Q(g_i) - Q(g_j)||_inf
    "exp5": lambda Qs: 3.0 * _max_pairwise_inf(Qs),
    # Experiment 7: y = 2 max over the warm-up iterations of ||u_0 - u_1||_inf
    "exp7": lambda history: 2.0 * max(float(np.abs(np.asarray(a) - np.asarray(b)).max()) for a, b in history),
}


def _max_pairwise_inf(vectors) -> float:
    V = np.asarray(vectors, dtype=np.float64)
    return float((V.max(axis=0) - V.min(axis=0)).max())


@register_scheme("lattice-cubic")
class LatticeCubic(Scheme):
    """Dithered cubic lattice with mod-``q`` colours, decoded against side information.

    Parameters
    ----------
    q : int
        Colours per coordinate, ``q >= 2``.
    s : float
        Side of the cubic lattice (or give ``y``).
    y : float
        Bound on ``||x - x_v||_inf``; sets ``s = 2y/(q - 1)``.
    """
    randomness = "public"

    unbiased = True
    needs_side = True
    bounds = ("davies2021:sec6/decoding-radius", "davies2021:exp4/variance", "davies2021:lem6/bits",
              "davies2021:lem4")
    params = (
        Param("q", integer=True, domain=f"[2, {MAX_COLOURS}]", typical=8, description="colours per coordinate",
              why=COLOURS_WHY),
        Param("s", domain=f"[{MIN_SCALE:g}, {MAX_SCALE:g}]", default=None, typical=0.25, description="cube side"),
        Param("y", domain=f"(0, {MAX_SCALE:g}]", default=None, description="distance bound"),
    )

    def __init__(self, q: int, s: float | None = None, y: float | None = None) -> None:
        q = int_in_range(q, "q", "lattice-cubic", minimum=2, maximum=MAX_COLOURS, why=COLOURS_WHY)
        if (s is None) == (y is None):
            raise InvalidInputError("lattice-cubic: give exactly one of s (side) and y (distance bound)")
        if y is not None:
            y = positive_float(y, "y", "lattice-cubic")
            s = 2 * y / (q - 1)
            if not s > 0:
                raise InvalidInputError(f"lattice-cubic: the side s = 2y/(q - 1) underflows to 0 "
                                        f"(y={y:g}, q={q}); raise y or lower q")
        s = positive_float(s, "s", "lattice-cubic", minimum=MIN_SCALE)
        super().__init__(q=q, s=s)
        self.q, self.s = q, s

    @property
    def decoding_radius(self) -> float:
        """``(q - 1) s/2`` in the infinity norm."""
        return (self.q - 1) * self.s / 2

    @classmethod
    def sample_input(cls, rng, d, params):
        return 50.0 + rng.standard_normal(d)

    def sample_side(self, x, rng):
        return x + rng.uniform(-0.5, 0.5, size=np.shape(x)) * self.decoding_radius

    def _draw(self, X, rng, shared):
        # one compiled pass: dither inline (from the shared keys, or from the private seed
        # that travels in the message), nearest point, colour (commbounds.kernels._cubic)
        from ..kernels._cubic import cubic_colours

        rep, keys = self._keys(X.shape[0], rng, shared)
        rep["c"] = np.empty(X.shape, dtype=np.int64)
        if cubic_colours(X, keys, self.s, self.q, rep["c"]):
            refuse_coords()
        return rep

    @staticmethod
    def _keys(n, rng, shared):
        """The dither's row keys: the shared keys, or private seeds put in the message."""
        from ..kernels.stream import shared_keys

        if shared is not None:
            return {}, shared_keys(shared, n)
        seed = rng.integers(0, 2**SEED_BITS, size=n, dtype=np.uint64)
        return {"seed": seed}, seed

    def _bits(self, rep, d):
        extra = SEED_BITS if "seed" in rep else 0
        return np.full(rep["c"].shape[0], colour_bits(d, self.q) + extra, dtype=np.int64)

    def _estimate(self, rep, d, shared, side):
        from ..kernels._cubic import cubic_decode
        from ..kernels.stream import shared_keys

        c = np.ascontiguousarray(rep["c"], dtype=np.int64).reshape(-1, d)
        side = np.ascontiguousarray(side, dtype=np.float64).reshape(-1, d)
        keys = (np.asarray(rep["seed"], dtype=np.uint64).reshape(-1) if "seed" in rep
                else shared_keys(shared, c.shape[0]))
        out = np.empty(c.shape)
        if cubic_decode(c, side, keys, self.s, self.q, out):
            refuse_coords()
        return out.reshape(rep["c"].shape)

    def _write(self, wr, rep, d):
        if "seed" in rep:
            wr.write_uint(int(rep["seed"]), SEED_BITS)
        write_colours(wr, rep["c"], self.q)

    def _read(self, r, d, shared, side):
        rep = {}
        if shared is None:
            rep["seed"] = np.uint64(r.read_uint(SEED_BITS))
        rep["c"] = read_colours(r, d, self.q)
        return rep

    def predict(self, x, *, shared=None):
        """Exact over the dither (each row draws its own): the error
        ``theta + s round((x - theta)/s) - x`` is uniform on ``[-s/2, s/2]`` per coordinate,
        so ``E||z - x||^2 = d s^2/12`` and the estimate is unbiased, whenever decoding
        succeeds (``||x - x_v||_inf < (q - 1) s/2``); ``d log2 q`` bits always.

        Examples
        --------
        >>> import numpy as np
        >>> p = LatticeCubic(q=4, s=0.5).predict(np.zeros(3), shared=1)
        >>> p.mse, p.unbiased, p.bits
        (0.0625, True, 6.0)
        """
        from .base import validate_vectors
        from .prediction import Prediction

        x = validate_vectors(x, name="x", max_ndim=1)
        return Prediction.build(x, x, np.full(x.size, self.s**2 / 12), bits=colour_bits(x.size, self.q) + (SEED_BITS if shared is None else 0),
                                note="decoding succeeds (side information within the decoding radius)")
