"""Size checks of the packings and hard families the lower-bound proofs rely on:
mayekar2020's Hamming packing against the Gilbert-Varshamov bound, korhonen2021 Lemma 2's
point packings against the lemma's size, and huang2019 Theorem 3.1's block family's sparseness.

Lemma 2 is an existence statement: a constructed packing at least as large as its bound is a
witness (pass); a smaller one refutes nothing (inconclusive), unless the bound exceeds the
volume bound ``|S| <= (1 + delta)^d / Vol(B_{delta/2})`` that every packing obeys (fail: the
lemma would be false there).
"""

from __future__ import annotations

import math

import numpy as np

import commbounds as cb

from ... import constructions
from ...constructions._balls import log2_ball_volume
from ...constructions.hamming_packing import C_GV, hamming_distances
from ...constructions.point_packing import min_distance
from ..claims import mean_close
from ..engine import Outcome, check


@check("mayekar2020/hamming-packing-gv", paper="mayekar2020", claim="size >= GV bound",
       bound="mayekar2020:thm6.1", construction="hamming-packing",
       grids={"smoke": [{"d": d} for d in (4, 6, 8, 10, 12, 24)],
              "quick": [{"d": d} for d in (*range(4, 17), 20, 24, 28, 32)],
              "full": [{"d": d} for d in (*range(4, 17), 20, 24, 28, 32, 40, 48)]},
       trials={"smoke": 1, "quick": 3, "full": 10})
def hamming_gv(p, rng, trials):
    """The Hamming packing (distance >= ceil(d/4)) has log2|V|/d against the Gilbert-Varshamov
    rate 1 - h(1/4): maximal packings (exact maximum for d <= 7, lexicode for d <= 16) must reach
    2^d / sum_{i < d/4} C(d, i) points; the random method (larger d) lists m points by design and
    must keep the distance."""
    c = constructions.get("hamming-packing", d=p["d"])
    sizes, ok = [], True
    for _ in range(trials):
        inst = c.sample(rng=rng)
        V = inst.inputs
        dist = hamming_distances(V)[np.triu_indices(len(V), 1)].min(initial=p["d"])
        ok &= bool(dist >= c.r)
        sizes.append(len(V))
    size = min(sizes)
    gv = 2.0**c.log2_gv
    maximal = c.method != "random"
    target = gv if maximal else float(c.m)
    verdict = "pass" if ok and size >= target else "fail"
    rule = ("pass if every sample keeps distance >= ceil(d/4) and has at least "
            + ("the GV bound's points (a maximal packing)" if maximal else "the m points the random method asks for"))
    return Outcome(float(size), (float(size), float(max(sizes))), target, verdict, rule,
                   extra={"method": c.method, "rate": math.log2(size) / p["d"], "gv_rate_finite": c.log2_gv / p["d"],
                          "gv_rate": C_GV, "maximal": maximal})


@check("korhonen2021/lem2-packing-size", paper="korhonen2021", claim="size >= lower", bound="korhonen2021:lem2/corrected",
       construction="point-packing",
       grids={"smoke": [{"d": d, "delta": dl} for d, dl in ((2, 0.1), (2, 0.2), (3, 0.25), (3, 0.4))],
              "quick": [{"d": d, "delta": dl} for d, dl in ((1, 0.05), (2, 0.05), (2, 0.1), (2, 0.2), (3, 0.15),
                                                            (3, 0.25), (4, 0.4), (5, 0.6), (6, 0.8), (24, 0.1))]},
       trials={"smoke": 1, "quick": 2, "full": 5})
def lem2_size(p, rng, trials):
    """A packing of [0,1]^d with pairwise distances > delta (the better of the grid and greedy
    constructions) has at least (d^{1/2}/(C delta))^d points, C = (2 pi e)^{1/2} (Lemma 2 as
    corrected: the printed C = (pi e/2)^{1/2} exceeds Blichfeldt's bound from d = 11, erratum
    korhonen2021:lem2-blichfeldt)."""
    d, delta = p["d"], p["delta"]
    c = constructions.get("point-packing", d=d, delta=delta)
    greedy, valid, capped = 0, True, False
    for _ in range(trials):
        inst = c.sample(rng=rng)
        valid &= bool(min_distance(inst.inputs) > delta and np.all((inst.inputs >= 0) & (inst.inputs <= 1)))
        greedy = max(greedy, len(inst.inputs))
        capped |= bool(inst.properties["capped"])
    log2_grid = c.grid.log2_size
    log2_size = max(math.log2(greedy), log2_grid)
    log2_lemma = math.log2(cb.bound("korhonen2021:lem2/corrected")(d=d, delta=delta))
    log2_volume = d * math.log2(1 + delta) - log2_ball_volume(d, delta / 2)
    extra = {"log2_size": log2_size, "log2_lemma2": log2_lemma, "log2_volume_bound": log2_volume,
             "greedy": greedy, "log2_grid": log2_grid, "capped": capped}
    size, ref = 2.0**log2_size, 2.0**log2_lemma
    if not valid:
        return Outcome(size, None, ref, "fail", "a packing violates distance > delta or leaves [0,1]^d", extra=extra)
    if log2_size >= log2_lemma:
        return Outcome(size, (size, size), ref, "pass", "pass: a constructed packing reaches Lemma 2's size", extra=extra)
    if log2_lemma > log2_volume:
        return Outcome(size, (size, size), ref, "fail", "Lemma 2's size exceeds the volume bound", extra=extra)
    return Outcome(size, (size, size), ref, "inconclusive",
                   "the constructions stay below Lemma 2's size, which the volume bound does not rule out", extra=extra)


@check("huang2019/block-basis-sparseness", paper="huang2019", claim="tight", bound="huang2019:thm3.1",
       construction="block-basis",
       grids={"smoke": [{"n": 4, "d": 64, "C": C} for C in (4, 16, 32, 64, 128)],
              "quick": [{"n": 8, "d": 512, "C": C} for C in (8, 32, 128, 512, 2048)]},
       trials={"smoke": 20, "quick": 100, "full": 500})
def block_sparseness(p, rng, trials):
    """Theorem 3.1's block-basis family has Hoyer sparseness F1^2/(n d F2) = C/(nd) exactly."""
    n, d, C = p["n"], p["d"], p["C"]
    inst = constructions.get("block-basis", n=n, d=d, C=C).sample(rng=rng, size=trials)
    s = np.broadcast_to(np.asarray(inst.properties["s"], dtype=float), (trials,))
    return mean_close(s, C / (n * d), rtol=1e-9, t=C // n, b=n * d // C, F1=float(np.mean(inst.properties["F1"])))
