"""A plugin as a researcher would write one: a 1-bit sign quantizer and one check."""

import numpy as np

from commbounds.errors import DecodeError
from commbounds.quantizers.base import Scheme
from commbounds.quantizers.registry import register_scheme
from commbounds.verify.engine import Outcome, check


@register_scheme("plugin-sign")
class Sign(Scheme):
    """Signs and the mean magnitude: 64 + d bits, biased."""

    unbiased = False

    def _draw(self, X, rng, shared):
        return {"scale": np.abs(X).mean(axis=1), "neg": X < 0}

    def _bits(self, rep, d):
        return np.full(rep["neg"].shape[0], 64 + d)

    def _estimate(self, rep, d, shared, side):
        return np.where(rep["neg"], -1.0, 1.0) * rep["scale"][..., None]

    def _write(self, w, rep, d):
        w.write_uint(int(np.float64(rep["scale"]).view(np.uint64)), 64)
        w.write_bits(rep["neg"].astype(np.uint8))

    def _read(self, r, d, shared, side):
        scale = np.uint64(r.read_uint(64)).view(np.float64)
        if not np.isfinite(scale):
            raise DecodeError(f"scale {scale} is not finite")
        return {"scale": scale, "neg": r.read_bits(d).astype(bool)}


@check("sign-plugin/bits-per-coordinate", paper="sign-plugin", claim="exact",
       grids={"smoke": [{"d": 64}]})
def bits_per_coordinate(p, rng, trials):
    """The sign quantizer sends exactly 1 + 64/d bits per coordinate."""
    x = rng.standard_normal(p["d"])
    bits = Sign().encode(x, rng=rng).nbits / p["d"]
    want = 1 + 64 / p["d"]
    return Outcome(measured=bits, ci=None, reference=want, verdict="pass" if bits == want else "fail",
                   rule="exact equality")
