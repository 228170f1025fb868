"""Which protocols each lower bound constrains, as data.

A lower bound is a statement about a class of protocols on a problem: "any MEANESTIMATION
algorithm in which every machine receives fewer than ``b`` bits", "any one-round broadcast
protocol with public randomness".  :data:`APPLICABILITY` records, per bound id, the
problem, the quantity bounded, the class (:class:`ProtocolClass`: the problems a protocol
must solve, the randomness it may use, whether it must be unbiased, in the paper's words),
the hard family the bound is measured on, and which of the bound's symbols is set from the
cost a scheme actually measures (``budget``).  Schemes and protocols declare what they are
(``problems``, ``randomness``, ``model``, ``unbiased``); the suite joins the two
(:func:`commbounds.verify.applicability.relation`) to generate one check per applicable
pair, and the report prints the matrix.

A bound that no implemented protocol can be checked against says why (``why_none``):
a hidden constant (an ``Omega`` with no explicit form cannot fail), a statement about a
proof's random variables rather than a protocol's cost, or a problem nothing implements.

Examples
--------
>>> a = APPLICABILITY["davies2021:thm13/explicit"]
>>> a.problem, a.family, a.budget, a.protocols.admits(problems=("mean-estimation",), randomness="public")
('mean-estimation', 'mean-estimation-adversary', 'b', True)
>>> APPLICABILITY["korhonen2021:thm4"].protocols is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ProtocolClass", "Applicability", "APPLICABILITY", "applicability"]

ANY_RANDOMNESS = ("deterministic", "private", "public")


@dataclass(frozen=True)
class ProtocolClass:
    """The protocols a bound constrains: those that solve one of ``problems``, use only
    randomness in ``randomness`` and, where ``unbiased`` is True, are unbiased."""

    problems: tuple[str, ...]
    randomness: tuple[str, ...] = ANY_RANDOMNESS
    unbiased: bool = False
    text: str = ""

    def admits(self, *, problems, randomness: str, unbiased: bool = False) -> bool:
        """Whether a protocol with these declared properties is in the class."""
        return (bool(set(problems) & set(self.problems)) and randomness in self.randomness
                and (unbiased or not self.unbiased))

    def why_not(self, *, problems, randomness: str, unbiased: bool = False) -> str:
        """Why a protocol with these properties is outside the class ('' when it is inside)."""
        if not set(problems) & set(self.problems):
            return f"solves {', '.join(problems)}, not {' or '.join(self.problems)}"
        if randomness not in self.randomness:
            return f"uses {randomness} randomness; the bound covers {', '.join(self.randomness)}"
        if self.unbiased and not unbiased:
            return "biased; the bound covers unbiased protocols"
        return ""


@dataclass(frozen=True)
class Applicability:
    """What one bound constrains (see the module docstring)."""

    bound: str
    problem: str
    quantity: str
    protocols: ProtocolClass | None
    family: str | None = None
    budget: str | None = None
    why_none: str = ""


def _asym(bound: str, problem: str, quantity: str, where: str = "") -> Applicability:
    """An Omega statement: no class (no measurement can contradict a hidden constant), and the
    reason says where its unit-constant form meets the schemes, or why no scheme is in it."""
    drawn = where or "drawn with unit constant in the frontier figures"
    return Applicability(bound, problem, quantity, None,
                         why_none=f"an Omega statement with a hidden constant: no measurement can contradict it ({drawn})")


_KOR_FRONTIER = "drawn with unit constant against quantized GD's measured bits in korhonen2021-frontier"
_KOR_BUMP = ("quantized GD solves strongly convex quadratics, not problem (1) on non-convex bump functions; the "
             "reduction is decided by the full-information protocol in korhonen2021/thm9-disjointness")
_KOR_MEAN = "MEAN/2-BITS reduced to quantized GD and decided in korhonen2021/reductions"
_MAY_FRONTIER = ("drawn with unit constant against every scheme's measured bits per step in mayekar2020-frontier "
                 "(Bernoulli oracle)")


_RECEIVES = "any protocol in which every machine receives fewer than b bits (public randomness allowed)"

APPLICABILITY: dict[str, Applicability] = {a.bound: a for a in (
    # huang2019: sparse distributed mean estimation
    Applicability("huang2019:thm3.1", "dme", "total_bits",
                  ProtocolClass(("dme",), text="any (multi-round) broadcast protocol, public randomness, "
                                               "reaching MSE F1^2/(4 n^2 C) on the block-basis family"),
                  family="block-basis", budget="C"),
    Applicability("huang2019:cor3.2", "dme", "total_bits", None,
                  why_none="Theorem 3.1 at C = F1^2/F2 = s n d (the same bound in the sparseness s); "
                           "measured through the Theorem 3.1 checks"),
    Applicability("huang2019:lem3.4", "dme", "mse", None,
                  why_none="a step of Theorem 3.1's proof (MSE of the proof's deterministic protocol in "
                           "terms of its variance V), not a cost of a protocol"),
    Applicability("huang2019:lem3.7", "dme", "mutual_information", None,
                  why_none="a step of Theorem 3.1's proof (mutual information of the proof's transcript)"),
    # davies2021: mean estimation and variance reduction
    Applicability("davies2021:thm13/explicit", "mean-estimation", "variance",
                  ProtocolClass(("mean-estimation",), text=_RECEIVES),
                  family="mean-estimation-adversary", budget="b"),
    Applicability("davies2021:cor14/explicit", "mean-estimation", "variance",
                  ProtocolClass(("mean-estimation",), text="any protocol in which any machine receives at "
                                                           "most b bits in expectation"),
                  family="mean-estimation-adversary", budget="b"),
    Applicability("davies2021:thm15/explicit", "variance-reduction", "variance",
                  ProtocolClass(("variance-reduction",), text=_RECEIVES), family="vr-ball", budget="b"),
    Applicability("davies2021:thm16/explicit", "variance-reduction", "variance",
                  ProtocolClass(("variance-reduction",), text=_RECEIVES), family="vr-mixture", budget="b"),
    _asym("davies2021:thm13", "mean-estimation", "variance"),
    _asym("davies2021:cor14", "mean-estimation", "variance"),
    _asym("davies2021:thm13/bits", "mean-estimation", "bits_per_machine"),
    _asym("davies2021:thm15", "variance-reduction", "variance"),
    _asym("davies2021:thm15/corrected", "variance-reduction", "variance"),
    _asym("davies2021:thm16", "variance-reduction", "variance"),
    _asym("davies2021:thm16/bits", "variance-reduction", "bits_per_machine"),
    _asym("davies2021:thm16/any-reduction", "variance-reduction", "bits_per_machine"),
    # barnes2020: sparse Bernoulli estimation
    _asym("barnes2020:thm2", "sparse-bernoulli", "risk"),
    _asym("barnes2020:thm2/comm", "sparse-bernoulli", "risk"),
    _asym("barnes2020:thm2/centralized", "sparse-bernoulli", "risk"),
    _asym("barnes2020:thm4", "sub-gaussian-estimation", "risk"),
    # mayekar2020: l_p stochastic optimisation with quantized oracles
    _asym("mayekar2020:thm2.2/lower-p-ge-2", "lp-sgd", "opt_error", _MAY_FRONTIER),
    _asym("mayekar2020:thm2.2/lower-p-lt-2", "lp-sgd", "opt_error", _MAY_FRONTIER),
    _asym("mayekar2020:thm3.1/lower-p-ge-2", "lp-sgd", "precision_bits", _MAY_FRONTIER),
    _asym("mayekar2020:thm3.1/lower-p-lt-2", "lp-sgd", "precision_bits", _MAY_FRONTIER),
    _asym("mayekar2020:thm3.1/lower-p-inf", "lp-sgd", "precision_bits"),
    _asym("mayekar2020:thm6.1", "lp-sgd", "opt_error"),
    _asym("mayekar2020:thm6.1/bernoulli", "lp-sgd", "opt_error", _MAY_FRONTIER),
    _asym("mayekar2020:thm6.1/paninski", "lp-sgd", "opt_error"),
    _asym("mayekar2020:thm6.1/fano-bernoulli", "lp-sgd", "opt_error"),
    _asym("mayekar2020:thm6.1/fano-paninski", "lp-sgd", "opt_error"),
    _asym("mayekar2020:thm6.1/fano-paninski/corrected", "lp-sgd", "opt_error"),
    _asym("mayekar2020:thm6.2", "lp-sgd", "opt_error", _MAY_FRONTIER),
    # korhonen2021: distributed convex optimisation
    _asym("korhonen2021:thm3", "convex-opt", "total_bits", _KOR_FRONTIER),
    _asym("korhonen2021:thm3/corrected", "convex-opt", "total_bits", _KOR_FRONTIER),
    _asym("korhonen2021:thm4", "convex-opt", "total_bits", _KOR_FRONTIER),
    _asym("korhonen2021:thm4/corrected", "convex-opt", "total_bits", _KOR_FRONTIER),
    _asym("korhonen2021:thm9", "bump-opt", "total_bits", _KOR_BUMP),
    _asym("korhonen2021:thm9/packing", "bump-opt", "total_bits", _KOR_BUMP),
    _asym("korhonen2021:lem8", "mean-2bits", "total_bits", _KOR_MEAN),
    _asym("korhonen2021:lem8/corrected", "mean-2bits", "total_bits", _KOR_MEAN),
    _asym("korhonen2021:thm12", "set-disjointness", "total_bits"),
    _asym("korhonen2021:tsitsiklis-luo", "convex-opt", "total_bits", _KOR_FRONTIER),
    _asym("korhonen2021:zhang-et-al", "convex-opt", "total_bits", _KOR_FRONTIER),
    _asym("korhonen2021:braverman-et-al", "gaussian-mean", "total_bits"),
    _asym("korhonen2021:garg-et-al", "gaussian-mean", "total_bits"),
    _asym("korhonen2021:vempala-et-al", "equality", "total_bits"),
    _asym("korhonen2021:lem7", "2-bits", "expected_bits"),
)}


def applicability(bound_id: str) -> Applicability | None:
    """The declared applicability of ``bound_id`` (None for bounds that are not about a
    protocol's cost, such as lattice counting lemmas or success probabilities)."""
    return APPLICABILITY.get(bound_id)
