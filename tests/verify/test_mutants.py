"""The suite must fail every mutant in :mod:`tests.verify.mutants` (and pass the real
objects on the same checks, at the same seeds): a check that cannot fail is no check."""

from __future__ import annotations

import pytest

from commbounds.verify import engine

from .mutants import MUTANTS


def _verdicts(checks, seed=0):
    out = []
    for cid, params in checks:
        c = engine.get_check(cid)
        task = engine.Task(cid, 0, dict(params), c.n_trials("smoke"), seed, "smoke")
        rec = engine.execute(task)
        out.append((cid, rec["verdict"], rec.get("error")))
    return out


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_the_suite_fails_the_mutant(mutant, monkeypatch):
    install, checks = MUTANTS[mutant]
    install(monkeypatch)
    got = _verdicts(checks)
    assert all(v == "fail" for _, v, _ in got), got


def test_the_same_checks_pass_the_real_objects():
    checks = sorted({(cid, tuple(sorted(p.items()))) for _, cs in MUTANTS.values() for cid, p in cs})
    got = _verdicts([(cid, dict(p)) for cid, p in checks])
    assert all(v == "pass" for _, v, _ in got), got
