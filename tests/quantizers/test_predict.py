"""Exact predictions: every scheme's ``predict`` against its own Monte Carlo (tight,
two-sided, at the 1 - 1e-5 confidence of :mod:`commbounds.verify.exact`), against the
papers' closed forms, and against planted faults it must expose."""

from __future__ import annotations

import numpy as np
import pytest

from commbounds import quantizers
from commbounds.errors import InvalidInputError
from commbounds.quantizers import suresh_vlc
from commbounds.quantizers.base import Scheme
from commbounds.quantizers.drive import Rotation, drive_coefficients
from commbounds.quantizers.prediction import (
    Prediction,
    PredictionUnavailable,
    gap_omega_mean,
    given_rotation,
)
from commbounds.quantizers.qsgd import omega_length
from commbounds.quantizers.wangni import wangni_lambda, wangni_probabilities
from commbounds.verify.exact import compare, compare_protocol

#: schemes without a prediction (a scheme registered later, until it has one)
PENDING = {n for n in quantizers.available() if quantizers.registry.scheme_class(n).predict is Scheme.predict}
DIM = {"lattice": 8, "lp-composite": 32, "lattice-sublinear": 3}
#: parameters at which a scheme's prediction is exact, where its typical point has none
EXACT = {"lattice-sublinear": {"block": 1, "q": 0.3}}
#: schemes whose typical point states why it cannot predict
UNPREDICTABLE = {"lattice-sublinear"}
#: trials for schemes whose fast path loops per row and block in Python
TRIALS = {"lattice-sublinear": 600}


def _case(name, seed=3):
    cls = quantizers.registry.scheme_class(name)
    q = quantizers.get(name, **{**cls.typical, **EXACT.get(name, {})})
    x = cls.sample_input(np.random.default_rng(seed), DIM.get(name, 24), cls.typical)
    return q, x


def test_every_scheme_predicts():
    assert not PENDING


@pytest.mark.parametrize("name", sorted(set(quantizers.available()) - PENDING))
def test_monte_carlo_agrees_with_the_prediction(name):
    q, x = _case(name)
    p = q.predict(x, shared=5)
    assert isinstance(p, Prediction)
    assert p.bias.shape == p.mse_coord.shape == x.shape
    assert p.mse == pytest.approx(float(p.mse_coord.sum()))
    if q.unbiased:   # up to the rounding of values sent as 16/32-bit floats
        assert p.bias_norm <= 1e-3 * np.linalg.norm(x)
    res = compare(q, x, trials=TRIALS.get(name, 3000), rng=np.random.default_rng(11), shared=5, prediction=p)
    assert [r.verdict for r in res] == ["pass"] * 3, [r.as_extra() for r in res]


@pytest.mark.parametrize("name", sorted(set(quantizers.available()) - PENDING))
def test_planted_faults_fail(name):
    """An estimate scaled by 1.1 (or shifted, for a deterministic one) and bits 3 % short
    are caught at the same trial count."""
    q, x = _case(name)
    p = q.predict(x, shared=5)
    scale = 1.1 if p.mse > 0 else 1.0

    def plant(est, bits):
        shift = 0.0 if p.mse > 0 else 1e-3 * (1 + np.abs(x).max())
        return x + scale * (est - x) + shift, np.floor(bits * 0.97)

    res = {r.quantity: r.verdict for r in compare(q, x, trials=TRIALS.get(name, 3000), rng=np.random.default_rng(11),
                                                  shared=5, prediction=p, transform=plant)}
    assert res["bits"] == "fail"
    assert res["mse"] == "fail" or p.mse == 0
    assert "fail" in (res["mse"], res["bias"])


def test_unpredictable_schemes_say_why():
    for name in UNPREDICTABLE:
        cls = quantizers.registry.scheme_class(name)
        q = quantizers.get(name, **cls.typical)
        with pytest.raises(PredictionUnavailable, match="closed form"):
            q.predict(cls.sample_input(np.random.default_rng(0), 8, cls.typical))


def test_sar_matches_lemma_2_1():
    x = np.random.default_rng(0).standard_normal(50)
    F = 0.3
    f = x / F - np.floor(x / F)
    assert quantizers.get("sar", F=F).predict(x).mse == pytest.approx(F**2 * np.sum(f * (1 - f)), rel=1e-12)


def test_qsgd_matches_lemma_3_1_variance():
    x = np.random.default_rng(1).standard_normal(40)
    s = 3
    a = np.abs(x) / np.linalg.norm(x)
    ell = np.floor(a * s)
    want = np.linalg.norm(x) ** 2 * np.sum((a * s - ell) * (ell + 1 - a * s)) / s**2
    assert quantizers.get("qsgd", s=s).predict(x).mse == pytest.approx(want, rel=1e-10)


def test_sparsifiers_match_proposition_1():
    x = np.random.default_rng(2).standard_normal(30)
    w = np.sort(np.abs(x))[::-1] ** 2
    k, r = 4, 10
    want = (1 - k / r) * w[:r].sum() + w[r:].sum()
    assert quantizers.get("rtop-k", k=k, r=r, precision=64).predict(x).mse == pytest.approx(want, rel=1e-12)
    assert quantizers.get("top-k", k=k, precision=64).predict(x).mse == pytest.approx(w[k:].sum(), rel=1e-12)
    rk = quantizers.get("random-k", k=k, precision=64, rescale=True).predict(x)
    assert rk.mse == pytest.approx((30 / k - 1) * np.sum(x**2), rel=1e-12)


def test_closed_forms_of_the_mean_estimators():
    rng = np.random.default_rng(4)
    x = rng.standard_normal(20)
    assert quantizers.get("lattice-cubic", q=8, s=0.2).predict(x).mse == pytest.approx(20 * 0.04 / 12)
    B = 2 * np.abs(x).sum()
    assert quantizers.get("simq", B=B).predict(x).mse == pytest.approx(B * np.abs(x).sum() - x @ x)


def test_gap_code_expectation_by_enumeration():
    """The O(d log d) expectation of the gap codes equals the sum over all 2^d patterns."""
    q = np.array([0.3, 1.0, 0.0, 0.7, 0.5, 0.2, 0.9, 0.1, 0.6])
    total = 0.0
    for mask in range(1 << q.size):
        nz = [(mask >> i) & 1 for i in range(q.size)]
        prob = np.prod([qi if b else 1 - qi for qi, b in zip(q, nz, strict=True)])
        prev, bits = 0, 0
        for i, b in enumerate(nz):
            if b:
                bits += int(omega_length(i + 1 - prev))
                prev = i + 1
        total += prob * bits
    assert gap_omega_mean(q) == pytest.approx(total, rel=1e-12)


def test_vlc_prediction_is_exact_at_small_d(monkeypatch):
    """suresh-vlc's expected bits by enumerating all 2^d roundings of a small input: the
    histogram enumeration is exact, the large-d expectation within its half-bit slack."""
    x = np.array([0.0, 0.13, 0.52, 0.77, 1.0, 0.35])
    q = quantizers.get("suresh-vlc", k=3)
    p = q.predict(x)
    u = x * 2
    fl = np.minimum(np.floor(u), 1)
    f = u - fl
    want = 0.0
    for mask in range(1 << x.size):
        up = np.array([(mask >> i) & 1 for i in range(x.size)])
        levels = (fl + up).astype(np.int64)
        prob = np.prod(np.where(up == 1, f, 1 - f))
        want += prob * int(q._bits({"levels": levels[None], "lo": np.zeros(1), "hi": np.ones(1)}, x.size)[0])
    assert p.bits_slack == 0 and p.method == "enumeration"
    assert p.bits == pytest.approx(want, rel=1e-12)
    monkeypatch.setattr(suresh_vlc, "MAX_HISTOGRAMS", 1)
    wide = q.predict(x)
    assert wide.bits_slack == 0.5 and abs(wide.bits - want) <= wide.bits_slack


#: protocols whose typical point states why it cannot predict, and their exact point
UNPREDICTABLE_PROTOCOLS = {"sublinear-broadcast": {"block": 1}}
#: protocols whose fast path decodes per machine in Python: a smaller input
PROTOCOL_SHAPE = {"sublinear-broadcast": (3, 2)}


@pytest.mark.parametrize("name", sorted(quantizers.protocols()))
def test_protocol_monte_carlo_agrees_with_the_prediction(name):
    cls = quantizers.registry.protocol_class(name)
    pr = quantizers.protocol(name, **{**cls.typical, **UNPREDICTABLE_PROTOCOLS.get(name, {})})
    n, d = PROTOCOL_SHAPE.get(name, (5, 24))
    X = cls.sample_input(np.random.default_rng(2), n, d, cls.typical)
    res = compare_protocol(pr, X, trials=600, rng=np.random.default_rng(4), shared=3)
    assert [r.verdict for r in res] == ["pass"] * 3, [r.as_extra() for r in res]


def test_unpredictable_protocols_say_why():
    for name in UNPREDICTABLE_PROTOCOLS:
        cls = quantizers.registry.protocol_class(name)
        pr = quantizers.protocol(name, **cls.typical)
        with pytest.raises(PredictionUnavailable, match="closed form"):
            pr.predict(cls.sample_input(np.random.default_rng(0), 4, 8, cls.typical))


def test_qsgd_bits_by_enumeration():
    """QSGD's expected payload length (count code, gaps, signs, levels) equals the sum over
    all level patterns of a small input, each costed by the scheme's own code lengths."""
    x = np.array([0.3, -1.2, 0.0, 0.8, 2.0, -0.05, 0.6])
    q = quantizers.get("qsgd", s=2)
    p = q.predict(x)
    u = np.abs(x) / np.linalg.norm(x) * 2
    fl = np.minimum(np.floor(u), 1)
    f = u - fl
    want = 0.0
    for mask in range(1 << x.size):
        up = np.array([(mask >> i) & 1 for i in range(x.size)])
        zeta = (fl + up).astype(np.int64)
        prob = np.prod(np.where(up == 1, f, 1 - f))
        want += prob * int(q._bits({"zeta": zeta[None]}, x.size)[0])
    assert p.bits_slack == 0
    assert p.bits == pytest.approx(want, rel=1e-12)


def test_wangni_bit_distribution_by_enumeration():
    """wangni's exact bit distribution equals the law over all keep patterns."""
    g = np.array([4.0, 0.0, -1.0, 0.5, 0.0, 2.0, -0.7])
    q = quantizers.get("wangni", budget=3)
    p = q.predict(g)
    lam = wangni_lambda(g[None], wangni_probabilities(g[None], 3.0))[0]
    prob = np.where(g != 0, np.minimum(lam * np.abs(g), 1.0), 0.0)
    law = {}
    mse = 0.0
    for mask in range(1 << g.size):
        keep = np.array([(mask >> i) & 1 for i in range(g.size)], dtype=bool)
        pr = np.prod(np.where(keep, prob, 1 - prob))
        if pr == 0:
            continue
        sat = keep & (prob >= 1)
        rep = {"keep": keep[None], "sat": sat[None], "neg": (keep & ~sat & (g < 0))[None],
               "vals": np.where(sat, g, 0.0)[None], "inv": np.array([1 / lam])}
        b = int(q._bits(rep, g.size)[0])
        law[b] = law.get(b, 0.0) + pr
        mse += pr * float(np.sum((q._estimate(rep, g.size, None, None)[0] - g) ** 2))
    values, probs = p.bits_pmf
    got = {}
    for v, w in zip(values.tolist(), probs.tolist(), strict=True):
        got[int(v)] = got.get(int(v), 0.0) + w
    assert got.keys() == law.keys()
    assert all(got[k] == pytest.approx(law[k], rel=1e-12) for k in law)
    assert p.mse == pytest.approx(mse, rel=1e-12)


def test_rotation_schemes_are_exact_given_the_seed():
    """DRIVE's and EDEN's unbiased scale makes <x, x_hat> = ||x||^2 for every rotation, so
    the predicted error is orthogonal to x; the Haar rotation predicts given its seed but
    has no enumeration over rotations."""
    x = np.random.default_rng(6).standard_normal(11)
    for name, kw in (("drive", {}), ("eden", {"bits": 3}), ("drive", {"rotation": "uniform"})):
        q = quantizers.get(name, **kw)
        p = q.predict(x, shared=9)
        assert abs(float(p.bias @ x)) <= 1e-10 * float(x @ x)
        assert p.bits_constant and p.mse > 0
        est = q.quantize(x[None], rng=np.random.default_rng(0), shared=9).estimate[0]
        assert np.allclose(est - x, p.bias, rtol=0, atol=1e-12 * np.abs(x).max())
    with pytest.raises(PredictionUnavailable, match="continuous"):
        quantizers.get("drive", rotation="uniform").predict_over_rotations(x)
    with pytest.raises(PredictionUnavailable, match="2\\^D"):
        quantizers.get("eden", bits=2).predict_over_rotations(np.ones(17))


def test_rotation_average_is_the_mean_over_sign_patterns():
    """The enumeration over sign patterns equals averaging the seed-given prediction over
    rotations built with each pattern (the rotation's signs replaced one by one)."""
    x = np.array([0.4, -1.0, 2.0])
    q = quantizers.get("drive", unbiased=False)
    want = []
    for mask in range(16):
        rot = Rotation("hadamard", 0, x.size)
        rot._signs = np.where((mask >> np.arange(4)) & 1, -1.0, 1.0)
        want.append(given_rotation(x, rot, lambda X, Z: drive_coefficients(X, Z, False), 68).mse)
    assert q.predict_over_rotations(x).mse == pytest.approx(np.mean(want), rel=1e-12)


def test_sublinear_acceptance_against_the_schemes_own_neighbourhoods():
    """The closed-form acceptance of a one-coordinate block against the neighbour counts of
    the scheme's own Vor+ enumeration at the midpoints of a fine grid of offsets."""
    for qq in (0.3, 1.0, 1.7):
        q = quantizers.get("lattice-sublinear", eps=0.5, q=qq, block=1)
        A, second = q.acceptance(1)
        v = (np.arange(4000) + 0.5) / 4000 - 0.5
        keep = 1 - 1 / q.n_colours(1)
        N = np.array([len(q._near(np.array([q.s * t]), 2 * q.q * q.eps)[0]) - 1 for t in v])
        w = keep ** N
        assert A == pytest.approx(w.mean(), abs=2e-3)
        assert second == pytest.approx((w * v * v).mean(), abs=2e-4)
    with pytest.raises(PredictionUnavailable, match="spheres"):
        quantizers.get("lattice-sublinear", eps=0.5, q=1.0, block=2).predict(np.zeros(4))


@pytest.mark.parametrize("kw, shape", [({"sampling": "clients", "p": 0.4}, (4, 12)),
                                       ({"sampling": "coordinates", "p": 0.6, "C": 10}, (3, 5)),
                                       ({"sampling": "clients", "p": 0.5, "sync": False, "delta_w": "gamma"}, (3, 16))])
def test_sparse_dme_sampling_is_the_mixture_over_kept_sets(kw, shape):
    """Each row draws its own public coins: the exact mixture over the kept sets agrees
    with the Monte Carlo (and stays unbiased for the mean)."""
    pr = quantizers.protocol("sparse-dme", **{"C": 40, **kw})
    X = np.random.default_rng(7).standard_t(3, size=shape)
    p = pr.predict(X)
    assert p.method == "enumeration" and p.unbiased
    res = compare_protocol(pr, X, trials=1500, rng=np.random.default_rng(8), shared=1, prediction=p)
    assert [r.verdict for r in res] == ["pass"] * 3, [r.as_extra() for r in res]


def test_sparse_dme_sampling_too_many_kept_sets_says_why():
    with pytest.raises(PredictionUnavailable, match="kept sets"):
        quantizers.protocol("sparse-dme", C=40, sampling="coordinates", p=0.5).predict(np.ones((2, 40)))


def test_rows_keyed_by_index_run_in_one_batch(monkeypatch):
    """A dithered scheme keys each row's shared randomness by its index in the call, so a
    second batch would repeat the first: its trials run in one batch (every row distinct),
    and more than one batch holds is refused; private randomness may batch."""
    from commbounds.verify import exact

    monkeypatch.setattr(exact, "_BATCH", 64)
    q = quantizers.get("lattice-cubic", q=8, s=0.25)
    x = np.random.default_rng(0).standard_normal(8)
    seen = []

    def keep(est, bits):
        seen.append(est.copy())
        return est, bits

    compare(q, x, trials=40, rng=np.random.default_rng(1), shared=3, transform=keep)
    assert len(seen) == 1 and len({row.tobytes() for row in seen[0]}) == 40
    assert exact.max_trials(quantizers.get("sar", F=0.5), 8) is None
    monkeypatch.setattr(exact, "_KEYED_BATCH", 160)
    with pytest.raises(InvalidInputError, match="one batch"):
        compare(q, x, trials=40, rng=np.random.default_rng(1), shared=3)
