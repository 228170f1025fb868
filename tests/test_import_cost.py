"""Importing commbounds, and a verify worker's start-up, leave the heavy libraries unloaded."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
HEAVY = ("numba", "llvmlite", "matplotlib", "cvxpy")


def _loaded(code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps({{m: m in sys.modules for m in {HEAVY + ('networkx', 'sympy', 'scipy')!r}}}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_commbounds_loads_no_heavy_library():
    loaded = _loaded("import commbounds\nassert commbounds.STREAM_VERSION and commbounds.bound")
    assert not any(loaded.values()), {m for m, v in loaded.items() if v}


def test_a_verify_worker_starts_without_numba_matplotlib_or_cvxpy():
    # what a pool worker does before its first task: load the check registry
    loaded = _loaded("from commbounds.verify import engine\nengine.CHECKS.load()")
    assert not any(loaded[m] for m in HEAVY), {m for m in HEAVY if loaded[m]}
