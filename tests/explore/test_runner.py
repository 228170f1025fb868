"""The smoke profile of ``commbounds explore``: every section, records in the store, the CLI."""

import pytest

from commbounds.cli import main
from commbounds.errors import InvalidInputError
from commbounds.explore import run, tasks_for
from commbounds.verify import store


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    path = tmp_path_factory.mktemp("explore") / "results.jsonl"
    recs = run("smoke", executor="inprocess", store=path, progress=False)
    return recs, path


def test_smoke_records_are_in_the_store(smoke):
    recs, path = smoke
    stored = store.read(path)
    assert [r["check"] for r in stored] == [r["check"] for r in recs]
    assert {r["extra"]["section"] for r in recs} == {"lp", "worst-case", "gaps"}
    assert not [r["check"] for r in recs if r["verdict"] == "error"]


def test_every_paper_has_an_exact_result(smoke):
    recs, _ = smoke
    lp = [r for r in recs if r["extra"]["section"] == "lp"]
    papers = {r["extra"]["source_paper"] for r in lp if r["extra"]["status"] in ("certified", "exhaustive")}
    assert papers == {"huang2019", "barnes2020", "davies2021", "mayekar2020", "korhonen2021"}
    by = {r["check"]: r for r in lp}
    eq = by["explore/lp/korhonen2021/equality-bits"]
    assert eq["measured"] == 2 and eq["extra"]["lower"]["value"] == 2
    bits = by["explore/lp/huang2019/bits-for-thm3.1-mse"]
    assert bits["measured"] >= bits["extra"]["lower"]["value"]
    # one bit for {0, 1/2, 1}: the codebook {0, 1}, whose worst error (at 1/2) is 1/4
    q = by["explore/lp/davies2021/best-unbiased-quantizer"]
    assert q["extra"]["status"] == "certified" and q["measured"] == 0.25
    assert q["measured"] >= q["extra"]["lower"]["value"]


def test_known_findings(smoke):
    """The exact MI of Paninski's oracle beats Theorem 6.1's stated delta^2 min{2^r, d}/d, and
    SimQ's integral bit count exceeds log2(2d + 1) (the bound as registered, without a ceiling)."""
    recs, _ = smoke
    by = {r["check"]: r for r in recs}
    assert by["explore/lp/mayekar2020/mi-paninski"]["verdict"] == "fail"
    simq = by["explore/worst-case/simq/bits"]
    assert simq["verdict"] == "fail" and simq["measured"] > 1.2


def test_a_seed_reproduces_the_search(smoke):
    recs, _ = smoke
    again = run("smoke", "worst-case", only="suresh-vlc", executor="inprocess", progress=False)
    first = next(r for r in recs if r["check"] == again[0]["check"])
    assert again[0]["measured"] == first["measured"]
    assert again[0]["extra"]["worst_input"] == first["extra"]["worst_input"]


def test_unknown_section_is_refused():
    with pytest.raises(InvalidInputError, match="unknown exploration section"):
        tasks_for("smoke", "everything")


def test_cli_writes_the_store(tmp_path, capsys):
    out = tmp_path / "gaps.jsonl"
    rc = main(["explore", "gaps", "--profile", "smoke", "--executor", "inprocess", "--only", "tiny",
               "--out", str(out), "--quiet"])
    assert rc == 0
    assert "explore/gaps/sparse-dme-tiny" in capsys.readouterr().out
    assert len(store.read(out)) == 1
