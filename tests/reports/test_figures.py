"""Every registered figure reads checks that exist and draws something from the smoke records."""

from __future__ import annotations

import pytest

from commbounds import bounds, verify
from commbounds.errors import InvalidInputError
from commbounds.reports.figures import figure, figures

FIGURES = figures()


def test_figures_are_registered_for_every_paper():
    assert {f.paper for f in FIGURES} == set(bounds.papers())


@pytest.mark.parametrize("fig", FIGURES, ids=[f.id for f in FIGURES])
def test_figure_declares_checks_that_run_in_the_smoke_profile(fig):
    smoke = {c.id for c in verify.checks() if c.grid("smoke")}
    missing = [c for c in fig.checks if c not in smoke]
    assert not missing, f"{fig.id} reads checks that do not exist or have no smoke grid: {missing}"


@pytest.mark.parametrize("fig", FIGURES, ids=[f.id for f in FIGURES])
def test_figure_draws_from_the_smoke_records(fig, smoke_records, figure_draws, tmp_path):
    path = tmp_path / f"{fig.id}.pdf"
    caption = figure_draws.draw(fig, smoke_records, path).caption
    assert caption, f"{fig.id} drew nothing from the smoke records"
    assert path.stat().st_size > 1000


def test_a_figure_sees_only_the_records_of_its_checks(smoke_records, tmp_path):
    seen = []
    fig = FIGURES[0]
    type(fig)(fig.id, fig.paper, lambda recs, path: seen.extend(recs), fig.checks).draw(smoke_records, tmp_path)
    assert seen and {r.check for r in seen} <= set(fig.checks)


def test_a_figure_must_declare_its_checks():
    with pytest.raises(InvalidInputError, match="at least one check"):
        figure("x-none", "huang2019", checks=())
