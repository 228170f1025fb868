"""The quantizer contract: real payloads, exact bit counts, and a vectorised fast path.

A scheme implements four small hooks and inherits the three public entry points:

``_draw(X, rng, shared)``
    The randomised quantization itself, vectorised over leading axes of ``X``
    (``(..., d)``): returns a *representation*, a dict of arrays with the leading shape,
    holding exactly what the encoder transmits (integers, signs, norms as sent).
``_bits(rep, d)``
    Exact payload bits per row, computed from the representation.
``_estimate(rep, d, shared, side)``
    The decoder's reconstruction from the representation (so it can only use what is
    transmitted, the shared seed and the declared side information).
``_write(writer, row, d)`` / ``_read(reader, d, shared, side)``
    Serialise one row of the representation to bits and back.  A format whose payload
    does not back ``d`` (a sparse one: the zeros cost no bits) may have ``_read`` return
    the estimate itself, a float64 array of shape ``(d,)``, so that a receiver's large
    ``d`` costs the output once and no dense representation beside it.
``_extra(rep, d, shared, side)`` (optional)
    Per-row diagnostics returned in ``Quantized.extra`` (e.g. decode failures).
``@checks_values`` on ``_draw`` (optional)
    Its first pass over ``X`` refuses NaN, inf and too-large entries itself, so
    :meth:`Scheme.quantize` skips :func:`validate_vectors`' two reductions.
``predict(x, *, shared=None)``
    The exact expected squared error, bias and expected bits on one input, without
    sampling: a :class:`~commbounds.quantizers.prediction.Prediction` (the stable return
    type; see :mod:`commbounds.quantizers.prediction`).  A scheme that cannot predict an
    input raises :class:`~commbounds.quantizers.prediction.PredictionUnavailable` saying why.

The base class then guarantees the consistency contract (docs/architecture.md,
"Contracts"): from the same generator state, ``decode(encode(x))`` equals
``quantize(x).estimate`` and ``encode(x).nbits`` equals ``quantize(x).bits`` -- both paths
call the same ``_draw``.

Examples
--------
>>> import numpy as np
>>> from commbounds import quantizers
>>> q = quantizers.get("sar", F=0.25)
>>> x = np.array([0.3, -1.1, 0.0, 2.0])
>>> msg = q.encode(x, rng=np.random.default_rng(1))
>>> fast = q.quantize(x, rng=np.random.default_rng(1))
>>> bool(np.array_equal(q.decode(msg), fast.estimate)) and msg.nbits == int(fast.bits)
True
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import networkx as nx
import numpy as np
from numpy.typing import ArrayLike

from ..coding import BitReader, BitWriter
from ..errors import DecodeError, InvalidInputError
from ..params import Declared
from ..validation import as_generator, as_shared, validate_vectors
from .channel import Channel
from .ledger import Transcript
from .prediction import Prediction, PredictionUnavailable

__all__ = ["Message", "Quantized", "Scheme", "Protocol", "Rounds", "as_generator", "validate_vectors", "row",
           "Prediction", "machines", "checks_values"]

Rep = dict[str, np.ndarray]
#: what ``rng=`` accepts (see :func:`~commbounds.validation.as_generator`)
RngLike = int | np.integer | np.random.Generator | np.random.SeedSequence | None
#: what ``shared=`` accepts (see :func:`~commbounds.validation.as_shared`)
SharedLike = int | np.integer | None


@dataclass(frozen=True)
class Message:
    """One encoded vector.

    ``payload`` holds the bits (most significant first, zero-padded to whole bytes);
    ``nbits`` is the exact number of meaningful bits.  ``d`` (the dimension) and
    ``scheme`` are public knowledge agreed before communication and are not counted.

    Parameters
    ----------
    payload : bytes
        The bits, most significant first, zero-padded to whole bytes.
    nbits : int
        The exact number of meaningful bits.
    d : int
        The dimension of the encoded vector.
    scheme : str
        The registry name of the scheme that wrote it.

    Examples
    --------
    >>> Message(bytes([0b10100000]), 3, d=2, scheme="sar").nbits
    3
    """

    payload: bytes
    nbits: int
    d: int
    scheme: str

    def __post_init__(self):
        payload = self.payload
        if isinstance(payload, bytearray | memoryview):
            payload = bytes(payload)
        if not isinstance(payload, bytes):
            raise DecodeError(f"payload must be bytes, got {type(payload).__name__}")
        nbits = _message_int(self.nbits, "nbits")
        d = _message_int(self.d, "d")
        if not isinstance(self.scheme, str):
            raise DecodeError(f"scheme must be a registry name (a string), got {type(self.scheme).__name__}")
        if nbits < 0 or (nbits + 7) // 8 != len(payload):
            raise DecodeError(f"nbits={nbits} does not match a payload of {len(payload)} bytes")
        if d < 1:
            raise DecodeError(f"dimension must be >= 1, got {d}")
        if d > MAX_DIM:
            raise DecodeError(f"dimension d={d} exceeds {MAX_DIM} (2^40): no decoder could allocate it")
        # normalised: Python ints and bytes, whatever integer or buffer type was passed
        object.__setattr__(self, "payload", payload)
        object.__setattr__(self, "nbits", nbits)
        object.__setattr__(self, "d", d)


#: largest dimension a message may declare (a decoder's output has d entries)
MAX_DIM = 2**40


def _message_int(value, name: str) -> int:
    """A Message's integer field: Python and numpy integers, nothing else (not bool, not an
    integral float: a float d or nbits is a sender's bug, not a rounding to guess)."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise DecodeError(f"Message.{name} must be an integer, got {type(value).__name__} {value!r:.40}")
    return int(value)


@dataclass(frozen=True)
class Quantized:
    """Fast-path result: estimates ``(..., d)`` and exact payload bits ``(...)`` per row.

    Parameters
    ----------
    estimate : numpy.ndarray, shape (..., d)
        The decoder's estimates.
    bits : numpy.ndarray of int64, shape (...)
        Exact payload bits per row.
    extra : mapping of str to numpy.ndarray
        Per-row diagnostics (decode failures, a protocol's per-party bits).

    Examples
    --------
    >>> import numpy as np
    >>> int(Quantized(np.zeros((2, 3)), np.array([4, 4])).bits.sum())
    8
    """

    estimate: np.ndarray
    bits: np.ndarray
    extra: Mapping[str, np.ndarray] = field(default_factory=dict)


def checks_values(draw):
    """Mark a scheme's ``_draw`` whose first pass over ``X`` refuses NaN, inf and entries
    above :data:`~commbounds.validation.MAX_ABS` itself, raising
    :func:`~commbounds.validation.validate_vectors`' own errors, so that :meth:`Scheme.quantize`
    skips those whole-array reductions.  A subclass that overrides ``_draw`` loses the mark.

    Examples
    --------
    >>> from commbounds.quantizers.sar import SaR
    >>> SaR._draw.checks_values
    True
    """
    draw.checks_values = True
    return draw


def row(rep: Rep, i: int = 0) -> Rep:
    """The ``i``-th row of a flattened representation."""
    return {k: v[i] for k, v in rep.items()}


class _Registered(Declared):
    """What schemes and protocols share: registry metadata and declared parameters
    (:class:`~commbounds.params.Declared`)."""

    #: whether E[estimate] = x (checked statistically by the tests and the suite)
    unbiased: ClassVar[bool] = True
    #: bound ids this scheme's guarantees come from
    bounds: ClassVar[tuple[str, ...]] = ()
    #: the problems it solves (the tags of :mod:`commbounds.bounds.applicability`); a
    #: single-vector scheme run by every machine, each decoding the others' messages, is a
    #: one-round protocol for distributed mean estimation and for variance reduction
    problems: ClassVar[tuple[str, ...]] = ("dme", "mean-estimation", "variance-reduction")
    #: the randomness it uses: "deterministic", "private" (each party its own generator) or
    #: "public" (a seed the parties share)
    randomness: ClassVar[str] = "private"
    #: its communication model, in words
    model: ClassVar[str] = "one round: every machine sends one message"


class Scheme(_Registered, ABC):
    """Base class of single-vector quantizers (see the module docstring).

    Parameters
    ----------
    **arguments
        The declared ``params``, by name (checked before the subclass's ``__init__``).

    Examples
    --------
    >>> from commbounds import quantizers
    >>> isinstance(quantizers.get("sar", F=0.5), Scheme)
    True
    """

    #: whether decode needs the receiver's own vector as side information
    needs_side: ClassVar[bool] = False

    @classmethod
    def sample_input(cls, rng: np.random.Generator, d: int, params: Mapping[str, Any]) -> np.ndarray:
        """An input inside the scheme's range, for generic tests (standard normal by default)."""
        return rng.standard_normal(d)

    def sample_side(self, x: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
        """Side information for :meth:`decode` in generic tests (None unless ``needs_side``)."""
        return None

    # ----------------------------------------------------------------- hooks
    @abstractmethod
    def _draw(self, X: np.ndarray, rng: np.random.Generator, shared: Any) -> Rep: ...

    @abstractmethod
    def _bits(self, rep: Rep, d: int) -> np.ndarray: ...

    @abstractmethod
    def _estimate(self, rep: Rep, d: int, shared: Any, side: np.ndarray | None) -> np.ndarray: ...

    @abstractmethod
    def _write(self, w: BitWriter, rep: Rep, d: int) -> None: ...

    @abstractmethod
    def _read(self, r: BitReader, d: int, shared: Any, side: np.ndarray | None) -> Rep: ...

    # ----------------------------------------------------------------- public
    def quantize(self, X: ArrayLike, *, rng: RngLike = None, shared: SharedLike = None,
                 side: ArrayLike | None = None) -> Quantized:
        """Vectorised fast path over leading axes: estimates and exact bit counts per row.

        Parameters
        ----------
        X : array_like, shape (..., d)
            The vectors, one per row of the leading axes.
        rng : None, int or numpy.random.Generator
            The private randomness (a seed or a generator, validated by
            :func:`~commbounds.validation.as_generator`).
        shared : None or int
            The shared seed, for schemes with public randomness.
        side : array_like, optional
            The receivers' side information (only for schemes with ``needs_side``).

        Returns
        -------
        Quantized
            Estimates of shape ``(..., d)``, exact payload bits of shape ``(...)`` and the
            scheme's per-row diagnostics.

        Examples
        --------
        >>> import numpy as np
        >>> from commbounds import quantizers
        >>> out = quantizers.get("sar", F=0.5).quantize(np.ones((3, 4)), rng=0)
        >>> out.estimate.shape, out.bits.shape
        ((3, 4), (3,))
        """
        rng, shared = as_generator(rng), as_shared(shared)
        X = validate_vectors(X, name="X", values=not getattr(self._draw, "checks_values", False))
        side = self._check_side(side, X.shape)
        lead, d = X.shape[:-1], X.shape[-1]
        # C order whatever the caller's layout: reductions along rows round the same way
        flat = np.ascontiguousarray(X.reshape(-1, d))
        rep = self._draw(flat, rng, shared)
        est = self._estimate(rep, d, shared, None if side is None else np.ascontiguousarray(side.reshape(-1, d)))
        bits = np.asarray(self._bits(rep, d), dtype=np.int64)
        extra = {k: np.asarray(v).reshape(*lead, *np.shape(v)[1:])
                 for k, v in self._extra(rep, d, shared, side).items()}
        return Quantized(est.reshape(*lead, d), bits.reshape(lead), extra)

    def _extra(self, rep: Rep, d: int, shared: Any, side: np.ndarray | None) -> dict[str, np.ndarray]:
        """Per-row diagnostics for the fast path (decode failures, overflow counts); the first
        axis of each array is the flattened row axis.  None by default."""
        return {}

    def encode(self, x: ArrayLike, *, rng: RngLike = None, shared: SharedLike = None) -> Message:
        """Encode one vector into a :class:`Message` with a real payload.

        Parameters
        ----------
        x : array_like, shape (d,)
            The vector.
        rng : None, int or numpy.random.Generator
            The private randomness.
        shared : None or int
            The shared seed, for schemes with public randomness.

        Returns
        -------
        Message
            The payload bytes, their exact count of meaningful bits, ``d`` and the scheme.

        Examples
        --------
        >>> import numpy as np
        >>> from commbounds import quantizers
        >>> msg = quantizers.get("sar", F=0.5).encode(np.array([1.0, -0.25]), rng=0)
        >>> msg.d, msg.scheme, msg.nbits == 8 * len(msg.payload) - (-msg.nbits % 8)
        (2, 'sar', True)
        """
        rng, shared = as_generator(rng), as_shared(shared)
        x = np.ascontiguousarray(validate_vectors(x, name="x", max_ndim=1))
        d = x.shape[0]
        rep = self._draw(x[None, :], rng, shared)
        w = BitWriter()
        self._write(w, row(rep), d)
        payload, nbits = w.getvalue()
        return Message(payload, nbits, d, self.name)

    def decode(self, message: Message, *, shared: SharedLike = None, side: ArrayLike | None = None) -> np.ndarray:
        """Decode from the payload, the shared seed and the declared side information only.

        Parameters
        ----------
        message : Message
            What :meth:`encode` produced (or any payload claiming to be this scheme's).
        shared : None or int
            The shared seed the sender used.
        side : array_like, optional
            The receiver's own vector, for schemes with ``needs_side``.

        Returns
        -------
        numpy.ndarray, shape (d,)
            The estimate.

        Raises
        ------
        DecodeError
            When the payload is corrupted or not this scheme's.

        Examples
        --------
        >>> import numpy as np
        >>> from commbounds import quantizers
        >>> q = quantizers.get("sar", F=0.5)
        >>> q.decode(q.encode(np.array([1.0, -0.5]), rng=0)).tolist()
        [1.0, -0.5]
        """
        if not isinstance(message, Message):
            raise DecodeError(f"decode takes a Message, got {type(message).__name__}")
        shared = as_shared(shared)
        if message.scheme != self.name:
            raise DecodeError(f"message was produced by {message.scheme!r}, not {self.name!r}")
        d = message.d
        side = self._check_side(side, (d,))
        r = BitReader(message.payload, message.nbits)
        try:
            rep = self._read(r, d, shared, None if side is None else side[None, :])
        except (ValueError, OverflowError, IndexError, MemoryError, InvalidInputError) as exc:
            if isinstance(exc, DecodeError):
                raise
            raise DecodeError(f"{self.name}: corrupted payload or a dimension it cannot decode at "
                              f"({exc})") from exc
        _expect_padding(r, self.name)
        if isinstance(rep, np.ndarray):  # a sparse format's estimate, allocated once
            return rep
        rep = {k: np.asarray(v)[None, ...] for k, v in rep.items()}
        est = self._estimate(rep, d, shared, None if side is None else side[None, :])
        return est[0]

    def _check_side(self, side, shape):
        if not self.needs_side:
            return None
        if side is None:
            raise InvalidInputError(f"{self.name} decodes against side information; pass side=")
        side = validate_vectors(side, name="side")
        if side.shape != tuple(shape):  # one receiver vector may serve a whole batch
            try:
                ok = np.broadcast_shapes(side.shape, tuple(shape)) == tuple(shape)
            except ValueError:
                ok = False
            if not ok:
                raise InvalidInputError(f"side has shape {side.shape}, which does not broadcast to "
                                        f"the input's {tuple(shape)}")
            side = np.broadcast_to(side, tuple(shape))
        return side

    def predict(self, x: ArrayLike, *, shared: SharedLike = None) -> Prediction:
        """Exact expected squared error, bias and bits of :meth:`quantize` on ``x``.

        Computed without sampling; see :mod:`commbounds.quantizers.prediction`.

        Parameters
        ----------
        x : array_like, shape (d,)
            One vector.
        shared : None or int
            The shared seed, for schemes whose law depends on it.

        Returns
        -------
        Prediction
            Mean squared error, bias, variance and the law of the bits.

        Raises
        ------
        PredictionUnavailable
            When the scheme has no exact prediction on this input (it says why).

        Examples
        --------
        >>> import numpy as np
        >>> from commbounds import quantizers
        >>> p = quantizers.get("sar", F=0.5).predict(np.array([0.25, 1.0]))
        >>> p.unbiased, round(p.mse, 4)
        (True, 0.0625)
        """
        raise PredictionUnavailable(f"{self.name} has no exact prediction")


def _expect_padding(r: BitReader, name: str) -> None:
    """The payload ends here: what is left is at most the byte's zero padding.

    Every payload is self-delimiting, so a receiver that knows only the byte length
    (``nbits = 8 * len(payload)``) decodes the same vector; up to 7 trailing zero bits are
    that padding, anything else is corruption.
    """
    left = r.remaining
    if left and (left >= 8 or r.read_uint(left) != 0):
        raise DecodeError(f"{name}: {left} unread bits at the end of the payload")


@dataclass(frozen=True)
class Rounds:
    """What a protocol's ``_core`` returns for ``T`` trials (the leading axis of every array).

    Parameters
    ----------
    estimate : ndarray, shape (T, d)
        The protocol's estimate per trial.
    bits : ndarray, shape (T,)
        Total bits per trial, as :meth:`Protocol.simulate` reports them.
    failures : ndarray, shape (T,)
        Decode failures per trial.
    outputs : dict
        Per-party outputs for the transcript (each value's first axis is the trial).
    extra : dict
        Per-trial diagnostics for ``simulate(...).extra``.
    info : dict
        What a transcript says about its one trial (the topology used, the leader, ...).

    Examples
    --------
    >>> import numpy as np
    >>> r = Rounds(np.zeros((1, 2)), np.array([3]), np.array([0]))
    >>> r.estimate.shape, int(r.bits[0])
    ((1, 2), 3)
    """

    estimate: np.ndarray
    bits: np.ndarray
    failures: np.ndarray
    outputs: Mapping[str, np.ndarray] = field(default_factory=dict)
    extra: Mapping[str, np.ndarray] = field(default_factory=dict)
    info: Mapping[str, Any] = field(default_factory=dict)


class Protocol(_Registered, ABC):
    """Base class of multi-party protocols.

    A protocol implements one hook, ``_core(X, rng, shared, channel)``: the protocol on
    ``T`` trials ``X`` of shape ``(T, n, d)``, returning :class:`Rounds`.  With a
    :class:`~commbounds.quantizers.channel.Channel` (``T = 1``) every message crosses it as
    a real payload and the receiver continues from what it decoded; with ``channel=None``
    the same computation runs vectorised over trials and the bits come from the
    representation.  The base class writes the public entry points once:

    ``run(X, rng=, shared=)`` executes the protocol with real payloads on one input ``X``
    of shape ``(n, d)`` over :meth:`topology` and returns a
    :class:`~commbounds.quantizers.ledger.Transcript` whose ledger holds every bit any party
    sent.  ``simulate(X, rng=, shared=)`` is the vectorised fast path over leading (trial)
    axes of ``X`` (``(..., n, d)``), returning estimates ``(..., d)`` and total bits
    ``(...)``; from the same generator state it agrees exactly with ``run``.

    Parameters
    ----------
    **arguments
        The declared ``params``, by name (checked before the subclass's ``__init__``).

    Examples
    --------
    >>> from commbounds import quantizers
    >>> proto = quantizers.protocol("star", eps=0.05, q=32)
    >>> isinstance(proto, Protocol), sorted(proto.topology(3).nodes)
    (True, ['machine0', 'machine1', 'machine2'])
    """

    def __init_subclass__(cls, **kwargs):
        """A protocol that writes its own ``run`` or ``simulate`` still validates ``rng`` and
        ``shared`` the one way schemes do (:func:`~commbounds.validation.as_generator`,
        :func:`~commbounds.validation.as_shared`)."""
        super().__init_subclass__(**kwargs)
        for name in ("run", "simulate"):
            fn = cls.__dict__.get(name)
            if fn is not None and not getattr(fn, "_seeds_checked", False):
                setattr(cls, name, _checked_seeds(fn))

    @classmethod
    def sample_input(cls, rng: np.random.Generator, n: int, d: int, params: Mapping[str, Any]) -> np.ndarray:
        """An ``(n, d)`` input inside the protocol's range, for generic tests."""
        return rng.standard_normal((n, d))

    def topology(self, n: int) -> nx.Graph:
        """The network a run on ``n`` parties uses: every pair of ``machine0 .. machine{n-1}``
        linked (a protocol that draws its tree inside the run needs every link available)."""
        return nx.complete_graph(machines(n))

    @abstractmethod
    def _core(self, X: np.ndarray, rng: np.random.Generator, shared: Any, channel: Channel | None) -> Rounds: ...

    def run(self, X: ArrayLike, *, rng: RngLike = None, shared: SharedLike = None) -> Transcript:
        """Execute the protocol on one input with real payloads.

        Parameters
        ----------
        X : array_like, shape (n, d)
            One vector per party.
        rng : None, int or numpy.random.Generator
            The parties' private randomness.
        shared : None or int
            The shared seed.

        Returns
        -------
        Transcript
            The estimate, every party's output, the ledger of every message and the decode
            failures.

        Examples
        --------
        >>> import numpy as np
        >>> from commbounds import quantizers
        >>> t = quantizers.protocol("sparse-dme", C=8).run(np.ones((2, 4)), rng=0)
        >>> t.estimate.tolist(), t.total_bits == sum(t.ledger.per_link().values())
        ([1.0, 1.0, 1.0, 1.0], True)
        """
        rng, shared = as_generator(rng), as_shared(shared)
        X = validate_vectors(X, name="X", min_ndim=2, max_ndim=2)
        channel = Channel(self.topology(X.shape[0]))
        r = self._core(X[None], rng, shared, channel)
        return Transcript(r.estimate[0], channel.ledger, outputs={k: v[0] for k, v in r.outputs.items()},
                          failures=int(r.failures[0]), info=dict(r.info))

    def simulate(self, X: ArrayLike, *, rng: RngLike = None, shared: SharedLike = None) -> Quantized:
        """Vectorised fast path over leading (trial) axes of ``X``.

        Parameters
        ----------
        X : array_like, shape (..., n, d)
            Trials of one vector per party.
        rng : None, int or numpy.random.Generator
            The parties' private randomness.
        shared : None or int
            The shared seed.

        Returns
        -------
        Quantized
            Estimates ``(..., d)``, total bits ``(...)`` and the protocol's diagnostics; from
            the same generator state they equal :meth:`run`'s.

        Examples
        --------
        >>> import numpy as np
        >>> from commbounds import quantizers
        >>> out = quantizers.protocol("sparse-dme", C=8).simulate(np.ones((5, 2, 4)), rng=0)
        >>> out.estimate.shape, out.bits.shape
        ((5, 4), (5,))
        """
        rng, shared = as_generator(rng), as_shared(shared)
        X = validate_vectors(X, name="X", min_ndim=2)
        lead, (n, d) = X.shape[:-2], X.shape[-2:]
        r = self._core(X.reshape(-1, n, d), rng, shared, None)
        extra = {k: np.asarray(v).reshape(lead + np.shape(v)[1:]) for k, v in r.extra.items()}
        return Quantized(r.estimate.reshape(lead + (d,)), np.asarray(r.bits).reshape(lead), extra=extra)

    def predict(self, X: ArrayLike, *, shared: SharedLike = None) -> Prediction:
        """Exact expected squared error, bias and expected total bits of :meth:`simulate`.

        Computed on one input from the parts' predictions; see
        :mod:`commbounds.quantizers.prediction`.

        Parameters
        ----------
        X : array_like, shape (n, d)
            One vector per party.
        shared : None or int
            The shared seed.

        Returns
        -------
        Prediction
            Mean squared error of the mean estimate, its bias and the law of the bits.

        Raises
        ------
        PredictionUnavailable
            When the protocol has no exact prediction on this input.

        Examples
        --------
        >>> import numpy as np
        >>> from commbounds import quantizers
        >>> quantizers.protocol("sparse-dme", C=8).predict(np.ones((2, 4))).unbiased
        True
        """
        raise PredictionUnavailable(f"{self.name} has no exact prediction")


def machines(n: int) -> list[str]:
    """The parties' names of a protocol among ``n`` equal machines."""
    return [f"machine{i}" for i in range(n)]


def _checked_seeds(fn):
    @functools.wraps(fn)
    def wrapper(self, X, *args, rng=None, shared=None, **kwargs):
        return fn(self, X, *args, rng=as_generator(rng), shared=as_shared(shared), **kwargs)
    wrapper._seeds_checked = True
    return wrapper
