"""The replay of the record (scenarios/history.toml) and how its runs meet the targets."""

from __future__ import annotations

import datetime
import json

import numpy as np
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.analysis.replay import COLUMNS, PRODUCED, Status, check_target, check_targets, simulated
from sim.scenarios.history import (
    BRANCH_WEEK,
    REPLAY_START,
    history_toml,
    initial_held_km2,
    replay_settings,
    week_of,
)
from sim.scenarios.record import Role, load_record
from sim.scenarios.units import START_DATE
from tests.conftest import ROOT

RECORD = load_record(ROOT / "record")


def test_the_shipped_history_is_the_records_inputs():
    assert (ROOT / "scenarios" / "history.toml").read_text() == history_toml(RECORD), (
        "regenerate with: sim record --history > scenarios/history.toml")


def test_the_replay_ends_on_the_essays_date():
    assert REPLAY_START + datetime.timedelta(days=7 * BRANCH_WEEK) == START_DATE
    scenario = sim.load_scenario(ROOT / "scenarios" / "history.toml")
    assert scenario.start == REPLAY_START and scenario.weeks == BRANCH_WEEK
    assert scenario.params["world.russia_held_km2"] == initial_held_km2(RECORD).value == 105_154


def test_an_input_governs_the_weeks_its_period_covers():
    """An event at week w sets what is in force for the seven days up to row w + 1."""
    assert week_of(REPLAY_START - datetime.timedelta(days=30)) == 0
    assert week_of(datetime.date(2023, 1, 1)) == 0   # in (29 Dec, 5 Jan]: week 0's
    assert week_of(datetime.date(2023, 1, 5)) == 0
    assert week_of(datetime.date(2023, 1, 6)) == 1   # in (5 Jan, 12 Jan]
    assert week_of(datetime.date(2024, 4, 1)) == 65  # the supplemental's quarter
    row = REPLAY_START + datetime.timedelta(days=7 * 65)
    assert row < datetime.date(2024, 4, 1) <= row + datetime.timedelta(days=7)


def test_the_pause_and_the_2025_cut_are_in_the_replay():
    settings, capped = replay_settings(RECORD)
    us = {week: changes["united_states.status_quo_military_aid"]
          for week, changes in settings.items()
          if "united_states.status_quo_military_aid" in changes}
    pause, supplemental = us[week_of(datetime.date(2024, 1, 1))], us[65]
    assert pause < 0.05 < 0.5 < supplemental     # Q1 2024 next to nothing, Q2 2024 large
    assert us[max(us)] == 0.0                     # nothing in the summer of 2025
    assert any("aid-eu-2025" in text for text in capped)  # said, not silently cut


@pytest.fixture(scope="module")
def replay():
    scenario = sim.load_scenario(ROOT / "scenarios" / "history.toml")
    return sim.run(scenario, reps=40, actors=False)


@pytest.mark.parametrize("column, quantity", [
    ("aid_us_eur_bn", "aid_us_eur_bn"), ("aid_eu_eur_bn", "aid_eu_eur_bn"),
    ("aid_coalition_eur_bn", ("aid_france_eur_bn", "aid_uk_eur_bn"))])
def test_the_replay_allocates_the_recorded_aid(replay, column, quantity):
    """What each donor allocated in 2023 and in 2024, in the runs (the mean: vetoes delay
    the EU's new aims), is the record's: the replay feeds it in."""
    names = quantity if isinstance(quantity, tuple) else (quantity,)
    weekly = replay.world[column].astype(float).mean(axis=1)
    days = np.array([(REPLAY_START + datetime.timedelta(days=7 * w)).toordinal()
                     for w in range(len(weekly))], float)
    accrued = np.concatenate([[0.0], np.cumsum(weekly[1:])])
    for year in (2023, 2024):
        recorded = sum(o.value for o in RECORD.inputs if o.quantity.name in names
                       and o.period.start.year == year)
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        total = (np.interp(last.toordinal(), days, accrued)
                 - np.interp(first.toordinal() - 1, days, accrued))
        # within 3%: a setting changes at a week's end, up to six days off its date
        assert total == pytest.approx(recorded, rel=0.03)


def test_the_replay_produces_the_territory_and_revenue_targets(replay):
    dates = [REPLAY_START + datetime.timedelta(days=7 * w)
             for w in range(replay.scenario.weeks + 1)]
    weekly = {c: replay.world[c].astype(float) for c in COLUMNS}
    checks = {c.target.id: c for c in check_targets(RECORD, weekly, dates)}
    assert checks["gain-2024"].status is Status.COMPARED and checks["gain-2024"].runs == 40
    for produced in ("revenue-2024-06", "shells-2024", "gain-monthly-sd-2024"):
        check = checks[produced]
        assert check.status is Status.COMPARED
        values = simulated(check.target, weekly, dates)
        within = np.abs(values - check.target.value) <= 2 * check.target.uncertainty
        assert check.inside == within.mean()
    assert checks["losses-2024"].status is Status.NOT_PRODUCED
    assert all(c.status is Status.HELD_OUT for c in checks.values()
               if c.target.role is Role.VALIDATE)
    assert all(c.target.quantity.name in PRODUCED for c in checks.values()
               if c.status is Status.COMPARED)


def _weeks(count: int, start: datetime.date = datetime.date(2024, 1, 4)) -> list[datetime.date]:
    return [start + datetime.timedelta(days=7 * w) for w in range(count)]


def test_a_gain_is_read_off_the_calendar_by_interpolation():
    target = next(t for t in RECORD.targets if t.id == "gain-2024-05")  # 1-31 May 2024
    dates = _weeks(30)
    days = np.array([(d - dates[0]).days for d in dates], float)
    held = (100_000.0 + 10.0 * days)[:, None] * np.ones((1, 3))  # 10 km2 a day, every run
    check = check_target(target, {"russia_held_km2": held,
                                  "russia_fossil_revenue_eur_bn": held * 0}, dates)
    assert check.median == pytest.approx(310.0)  # 31 days x 10 km2
    assert check.sd == 0.0 and check.covered is False


def test_the_fronts_monthly_variability_is_the_spread_of_calendar_months_gains():
    target = next(t for t in RECORD.targets if t.id == "gain-monthly-sd-2024")  # Aug-Nov
    dates = _weeks(60)
    days = np.array([(d - dates[0]).days for d in dates], float)
    held = 100_000.0 + days[:, None] * np.array([10.0, 20.0])  # km2 a day, two runs
    weekly = {"russia_held_km2": held}
    values = simulated(target, weekly, dates)
    # months of 31, 30, 31 and 30 days: gains of 310, 300, 310, 300 km2 at 10 a day
    np.testing.assert_allclose(values, np.std([31, 30, 31, 30], ddof=1) * np.array([10, 20]))
    assert check_target(target, weekly, dates).inside == 0.0  # against 124.6 +- 80


def test_the_share_inside_the_observation_interval_counts_runs_within_two_sd():
    target = next(t for t in RECORD.targets if t.id == "gain-2024-05")  # 449 +- 2 x 60
    dates = _weeks(30)
    days = np.array([(d - dates[0]).days for d in dates], float)
    rates = np.array([449.0, 449.0 + 119.0, 449.0 - 121.0, 0.0]) / 31  # km2 a day in May
    held = 100_000.0 + days[:, None] * rates[None, :]
    check = check_target(target, {"russia_held_km2": held}, dates)
    assert check.inside == pytest.approx(0.5)


def test_a_weekly_amount_accrues_over_its_days():
    target = next(t for t in RECORD.targets if t.id == "revenue-2024-06")  # June 2024
    dates = _weeks(40)
    revenue = np.full((40, 2), 7.0)  # 1 EUR bn a day
    check = check_target(target, {"russia_held_km2": revenue * 0,
                                  "russia_fossil_revenue_eur_bn": revenue}, dates)
    assert check.median == pytest.approx(30.0)
    assert check.implausibility == pytest.approx(abs(30.0 - target.value)
                                                 / np.hypot(target.uncertainty,
                                                            target.discrepancy))


def test_a_target_outside_the_runs_dates_is_not_guessed():
    target = next(t for t in RECORD.targets if t.id == "gain-2023")
    dates = _weeks(20)  # from January 2024
    held = np.zeros((20, 2))
    check = check_target(target, {"russia_held_km2": held,
                                  "russia_fossil_revenue_eur_bn": held}, dates)
    assert check.status is Status.OUTSIDE and np.isnan(check.median)


def run_cli(args: list[str]):
    return CliRunner().invoke(main, args)


def test_sim_record_against_a_replay(tmp_path):
    out = tmp_path / "history"
    assert run_cli(["run", str(ROOT / "scenarios" / "history.toml"), "-n", "20", "-q",
                    "--no-actors", "--out", str(out)]).exit_code == 0
    result = run_cli(["record", str(ROOT / "record"), "--against", str(out)])
    assert result.exit_code == 0, result.output
    assert "gain-2024" in result.output and "held out (2025)" in result.output
    document = json.loads(run_cli(["record", str(ROOT / "record"), "--against", str(out),
                                   "--json"]).output)
    compared = [t for t in document["targets"] if t["status"] == "compared"]
    assert len(compared) >= 8 and all("implausibility" in t for t in compared)
    assert not any("median" in t for t in document["targets"] if t["role"] == "validate")


def test_sim_record_history_prints_the_shipped_file():
    result = run_cli(["record", str(ROOT / "record"), "--history"])
    assert result.exit_code == 0
    assert result.output == (ROOT / "scenarios" / "history.toml").read_text()
