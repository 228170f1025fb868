"""The report's Exploration chapter is built from exploration records in the store alone."""

from commbounds.explore import run
from commbounds.reports import build
from commbounds.verify import store


def test_chapter_from_an_exploration_store(tmp_path):
    path = tmp_path / "explore.jsonl"
    run("smoke", "lp", only="korhonen2021", executor="inprocess", store=path, progress=False)
    run("smoke", "gaps", only="sparse-dme-tiny", executor="inprocess", store=path, progress=False)
    run("smoke", "worst-case", only="simq", executor="inprocess", store=path, progress=False)
    assert len(store.read(path)) == 4  # simq and simq-plus match "simq"
    res = build(out=tmp_path / "r", results=path, pdf=False)
    tex = res.tex.read_text()
    body = tex[tex.index(r"\section{Exploration}"):]
    assert r"\subsection*{Counterexamples}" in body  # SimQ's integral bits exceed log2(2d + 1)
    assert body.index("Counterexamples") < body.index("Exact constants") < body.index("Gap maps")
    assert "korhonen2021:vempala" in body and "exhaustive" in body
    assert (tmp_path / "r" / "figures" / "exploration-gaps-explicit.pdf").exists()
    # exploration records stay out of the per-paper measurement tables
    assert "explore/lp" not in tex[:tex.index(r"\section{Exploration}")]
