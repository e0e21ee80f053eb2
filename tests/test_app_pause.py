"""`sim app`'s pause: the page stops its runs at a date, shows the war there, and "Go on"
continues those same runs under the player's levers, with the continuation `sim run
--from` runs (sim.scenarios.moves.continued)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.app import session
from sim.errors import SimError
from sim.scenarios.moves import continued
from tests.conftest import ROOT
from tests.test_app import (  # noqa: F401 - the browser fixtures, reused
    APP_REPS,
    app_url,
    browser,
    expected_share,
    page,
    settled_share,
)

PAUSE, PAUSE_WEEK = "2026-03-05", 26
REPS = 20
MOVE = {"united_states.military_aid": 0.0}


def played_and_reference(reps: int = REPS) -> tuple[sim.Scenario, sim.Scenario]:
    base = sim.load_scenario(ROOT / "scenarios/us_commits.toml")
    reference = sim.load_scenario(ROOT / "scenarios/baseline.toml")
    return (session.build(base, session.lever_values(base), "none", reps),
            session.build(reference, session.lever_values(reference), "none", reps))


def test_a_pause_shows_the_war_at_its_date_and_the_runs_up_to_it():
    played, reference = played_and_reference()
    when, week = session.pause_week(played, PAUSE)
    assert week == PAUSE_WEEK
    view = session.compute(played, reference, REPS)
    state = session.state_at(view.results, week)
    at = view.results.timeseries.query(f"week == {week}")
    assert state["russia_held_km2"] == pytest.approx(at["russia_held_km2"].median())
    table = session.state_markdown(view, week, when)
    assert f"week {week}" in table and f"{state['russia_held_km2']:,.0f}" in table
    cut = session.up_to(view, week)
    assert all(f.weeks.max() == week for fans in cut.fans.values() for f in fans)


def test_going_on_continues_the_same_runs_as_sim_run_from(tmp_path):
    played, _ = played_and_reference()
    levers = session.lever_values(played) | MOVE
    went_on, move = session.go_on(played, PAUSE, levers)
    assert went_on == continued(played, PAUSE, MOVE)[0]  # the CLI's continuation
    assert dict(move.changes) == MOVE and move.week == PAUSE_WEEK
    view = session.compute(went_on, played, REPS, session.WENT_ON_LABELS)
    assert view.comparison.paired == [True, True]
    before, after = view.fans["russia_held_km2"]
    assert (before.bands[:, :PAUSE_WEEK] == after.bands[:, :PAUSE_WEEK]).all()
    # the same runs `sim run --from` writes for the same move on the saved runs
    saved, out = tmp_path / "saved", tmp_path / "moved"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(ROOT / "scenarios/us_commits.toml"), "-n",
                                str(REPS), "-q", "-o", str(saved)]).exit_code == 0
    assert runner.invoke(main, ["run", "--from", str(saved), "--at", PAUSE, "-q", "-o",
                                str(out), "--set", "united_states.military_aid=0"]
                         ).exit_code == 0
    written = pd.read_csv(out / "summary.csv")
    page_runs = view.results.summary
    assert list(written["seed"].astype("uint64")) == list(page_runs["seed"])
    assert written["russia_gain_km2"].to_numpy() == pytest.approx(
        page_runs["russia_gain_km2"].to_numpy(), rel=1e-5)


def test_a_move_the_west_cannot_make_and_a_bad_date_are_refused():
    played, _ = played_and_reference()
    with pytest.raises(SimError, match="world.unity: a setting of the world"):
        session.go_on(played, PAUSE, session.lever_values(played) | {"world.unity": 0.9})
    with pytest.raises(SimError, match="allowed: a date after"):
        session.pause_week(played, "2031-01-01")
    with pytest.raises(SimError, match="YYYY-MM-DD"):
        session.pause_week(played, "soon")


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_pausing_and_going_on_in_the_browser(page):  # noqa: F811 - the fixture
    played, _ = played_and_reference(APP_REPS)
    field = page.locator(".pause-at input")
    field.fill(PAUSE)
    field.press("Enter")
    page.wait_for_selector(".pause-note", timeout=60_000)
    assert f"week {PAUSE_WEEK}" in page.inner_text(".pause-note")
    assert "territory Russia holds" in page.content()
    css = ".lever-united_states-military_aid"
    page.locator(f"{css} [role=slider]").focus()
    for _ in range(16):  # 0.8 - 16 x 0.05
        page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"/: 0(\\n|$)/.test(document.querySelector('{css}').innerText)",
                           timeout=30_000)
    page.locator(".go-on").click()
    page.wait_for_selector(".went-on-note", timeout=60_000)
    went_on, _ = session.go_on(played, PAUSE, session.lever_values(played) | MOVE)
    assert settled_share(page) == expected_share(went_on)
