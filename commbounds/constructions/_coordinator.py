"""A small coordinator-model interface for korhonen2021's executable reductions.

Nodes hold local objectives; a *protocol* is any object with
``solve(functions, rng) -> (Output(z, r), bits)`` that returns problem (1)'s answer (a point
``z`` and an estimate ``r`` of ``sum_i f_i(z)``) and ``bits``, an integer array with the bits
exchanged on each node's link to the coordinator (``bits.sum()`` is the total).

Local objectives expose ``value(x)`` and ``gradient(x)`` (vectorised over leading axes of
``x``) and a ``family``, which is the public knowledge of the problem: how a node writes its
function into bits (:meth:`write`), how the coordinator reads it back (:meth:`read`), and the
exact minimiser of a sum (:meth:`argmin_sum`).

Protocols
---------
:class:`FullPrecisionProtocol`
    every node writes its whole function (64-bit floats, raw bits) into a
    :class:`~commbounds.coding.BitWriter`; the coordinator decodes each payload
    and minimises the sum exactly.  Only the nodes' messages carry bits.
:class:`GradientDescentProtocol`
    projected gradient descent on ``[0,1]^d`` with 64-bit floats: each round the coordinator
    sends ``x`` to every node and receives its gradient; a last round collects the values.
:class:`TruncatingProtocol`
    deliberately broken: the coordinator keeps only the first ``max_bits`` bits of each
    node's full-precision message (the rest read as zeros).

Examples
--------
>>> import numpy as np
>>> fam = QuadraticFamily(d=2)
>>> fs = [fam.function(1.0, [0.0, 0.0]), fam.function(1.0, [1.0, 0.5])]
>>> out, bits = FullPrecisionProtocol().solve(fs, rng=0)
>>> out.z.tolist(), round(out.r, 4), bits.tolist()
([0.5, 0.25], 0.625, [192, 192])
>>> out, bits = GradientDescentProtocol(rounds=1, step=0.25).solve(fs, rng=0)
>>> out.z.tolist(), int(bits.sum())
([0.5, 0.25], 896)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..coding import BitReader, BitWriter, read_floats, write_floats
from ..errors import InvalidInputError, ProtocolError

__all__ = ["Output", "Decision", "QuadraticFamily", "IsotropicQuadratic", "BumpFamily", "Bump",
           "FullPrecisionProtocol", "GradientDescentProtocol", "TruncatingProtocol"]


class Output(NamedTuple):
    """Problem (1)'s answer: a point ``z`` and an estimate ``r`` of ``sum_i f_i(z)``."""

    z: np.ndarray
    r: float


@dataclass(frozen=True)
class Decision:
    """A reduction's verdict: ``answer`` vs ``truth``, and the bits the protocol used."""

    answer: object
    truth: object
    correct: bool
    bits: int
    total_bits: int


# --------------------------------------------------------------------------- quadratics
@dataclass(frozen=True)
class IsotropicQuadratic:
    """``f(x) = beta0 ||x - center||^2``."""

    beta0: float
    center: np.ndarray
    family: QuadraticFamily

    def value(self, x) -> np.ndarray:
        return self.beta0 * ((np.asarray(x, dtype=float) - self.center) ** 2).sum(-1)

    def gradient(self, x) -> np.ndarray:
        return 2 * self.beta0 * (np.asarray(x, dtype=float) - self.center)


@dataclass(frozen=True)
class QuadraticFamily:
    """Quadratics ``beta0 ||x - c||^2`` on ``[0,1]^d``; a function is ``d + 1`` floats."""

    d: int

    def function(self, beta0: float, center) -> IsotropicQuadratic:
        c = np.asarray(center, dtype=float)
        if c.shape != (self.d,):
            raise InvalidInputError(f"center must have shape ({self.d},), got {c.shape}")
        return IsotropicQuadratic(float(beta0), c, self)

    def write(self, f: IsotropicQuadratic, w: BitWriter) -> None:
        write_floats(w, np.concatenate([[f.beta0], f.center]))

    def read(self, r: BitReader) -> IsotropicQuadratic:
        v = read_floats(r, self.d + 1)
        return IsotropicQuadratic(float(v[0]), v[1:], self)

    def argmin_sum(self, fs) -> Output:
        """``x* = sum beta0_i c_i / sum beta0_i`` and ``F(x*)``."""
        w = np.array([f.beta0 for f in fs])
        C = np.stack([f.center for f in fs])
        if not np.all(np.isfinite(w)) or not np.all(np.isfinite(C)) or w.sum() <= 0:
            z = np.full(self.d, 0.5)  # garbage in: any point of the domain
        else:
            z = np.clip(w @ C / w.sum(), 0.0, 1.0)
        return Output(z, float(sum(f.value(z) for f in fs)))


# --------------------------------------------------------------------------- bump functions
@dataclass(frozen=True)
class Bump:
    """Theorem 9's ``f_b(x) = min(eps, min_{s: b_s = 1} beta ||x - s||)``."""

    bits: np.ndarray
    family: BumpFamily

    def _dist(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        P = self.family.points[self.bits.astype(bool)]
        if len(P) == 0:
            return np.full((*x.shape[:-1], 1), np.inf)
        return np.sqrt(((x[..., None, :] - P) ** 2).sum(-1))

    def value(self, x) -> np.ndarray:
        return np.minimum(self.family.eps, self.family.beta * self._dist(x).min(-1))

    def gradient(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        P = self.family.points[self.bits.astype(bool)]
        if len(P) == 0:
            return np.zeros_like(x)
        dist = self._dist(x)
        j = dist.argmin(-1)
        s, r = P[j], np.take_along_axis(dist, j[..., None], -1)
        inside = (r < self.family.eps / self.family.beta) & (r > 0)
        return np.where(inside, self.family.beta * (x - s) / np.where(r > 0, r, 1.0), 0.0)


@dataclass(frozen=True)
class BumpFamily:
    """Bump functions over the points ``S`` (shape ``(|S|, d)``); a function is ``|S|`` bits."""

    points: np.ndarray
    beta: float
    eps: float

    def function(self, bits) -> Bump:
        b = np.asarray(bits, dtype=np.uint8)
        if b.shape != (len(self.points),) or b.max(initial=0) > 1:
            raise InvalidInputError(f"bits must be a 0/1 vector of length |S|={len(self.points)}")
        return Bump(b, self)

    def write(self, f: Bump, w: BitWriter) -> None:
        w.write_bits(f.bits)

    def read(self, r: BitReader) -> Bump:
        return Bump(r.read_bits(len(self.points)), self)

    def argmin_sum(self, fs) -> Output:
        """``inf sum f_b = eps (N - max_s #{i : b_i(s) = 1})``, attained at that ``s``."""
        counts = np.sum([f.bits for f in fs], axis=0)
        s = int(np.argmax(counts))
        z = self.points[s]
        return Output(z.copy(), float(sum(f.value(z) for f in fs)))


# --------------------------------------------------------------------------- protocols
class FullPrecisionProtocol:
    """Each node sends its whole function; the coordinator minimises the sum exactly."""

    def solve(self, functions, rng=None) -> tuple[Output, np.ndarray]:
        family = _family(functions)
        decoded, bits = [], np.zeros(len(functions), dtype=np.int64)
        for i, f in enumerate(functions):
            w = BitWriter()
            family.write(f, w)
            payload, n, sent = self._deliver(*w.getvalue())
            decoded.append(family.read(BitReader(payload, n)))
            bits[i] = sent
        return family.argmin_sum(decoded), bits

    def _deliver(self, payload: bytes, nbits: int) -> tuple[bytes, int, int]:
        """What the coordinator reads (payload, length) and the bits sent on the link."""
        return payload, nbits, nbits


class TruncatingProtocol(FullPrecisionProtocol):
    """Broken on purpose: only the first ``max_bits`` bits of each message arrive."""

    def __init__(self, max_bits: int) -> None:
        if int(max_bits) < 0:
            raise InvalidInputError(f"max_bits must be >= 0, got {max_bits}")
        self.max_bits = int(max_bits)

    def _deliver(self, payload: bytes, nbits: int) -> tuple[bytes, int, int]:
        bits = np.unpackbits(np.frombuffer(payload, np.uint8))[:nbits]
        bits[self.max_bits:] = 0  # what was cut is read as zeros
        return np.packbits(bits).tobytes(), nbits, min(nbits, self.max_bits)


class GradientDescentProtocol:
    """Projected GD on ``[0,1]^d`` with exact 64-bit messages (``x`` down, gradients up)."""

    def __init__(self, rounds: int, step: float, x0: float = 0.5) -> None:
        if int(rounds) < 0 or not step > 0:
            raise InvalidInputError(f"need rounds >= 0 and step > 0, got {rounds}, {step}")
        self.rounds, self.step, self.x0 = int(rounds), float(step), float(x0)

    def solve(self, functions, rng=None) -> tuple[Output, np.ndarray]:
        if not functions:
            raise ProtocolError("no nodes")
        d = np.shape(functions[0].gradient(np.zeros(_dim(functions))))[-1]
        bits = np.zeros(len(functions), dtype=np.int64)
        x = np.full(d, self.x0)
        for _ in range(self.rounds):
            total = np.zeros(d)
            for i, f in enumerate(functions):
                xi = _wire(x, bits, i)
                total += _wire(f.gradient(xi), bits, i)
            x = np.clip(x - self.step * total, 0.0, 1.0)
        r = 0.0
        for i, f in enumerate(functions):
            r += float(_wire(np.atleast_1d(f.value(_wire(x, bits, i))), bits, i)[0])
        return Output(x, r), bits


def _wire(v, bits: np.ndarray, i: int) -> np.ndarray:
    """Send ``v`` as raw 64-bit floats over link ``i`` (counted) and return what arrives."""
    w = BitWriter()
    write_floats(w, v)
    payload, n = w.getvalue()
    bits[i] += n
    return read_floats(BitReader(payload, n), np.size(v)).reshape(np.shape(v))


def _family(functions):
    if not functions:
        raise ProtocolError("no nodes")
    fam = functions[0].family
    if any(f.family != fam for f in functions):
        raise ProtocolError("nodes hold functions of different families")
    return fam


def _dim(functions) -> int:
    fam = functions[0].family
    return fam.d if hasattr(fam, "d") else fam.points.shape[1]
