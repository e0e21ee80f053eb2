"""The record's units where a user writes them: aid in EUR bn a year, a start date."""

from __future__ import annotations

import datetime

import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.errors import ClaimError, ScenarioError, SpaceError
from sim.scenarios.space import load_space
from sim.scenarios.units import AID_EUR_BN_A_YEAR, FULL_AID_EUR_BN_A_YEAR, week_dates
from tests.conftest import ROOT

US = "united_states.military_aid"


def test_the_aid_scales_split_full_aid_in_the_default_weights():
    from sim.scenarios.params import PARAMS
    weights = {"united_states": "world.aid_weight_us", "european_union": "world.aid_weight_eu"}
    for actor, weight in weights.items():
        assert AID_EUR_BN_A_YEAR[f"{actor}.military_aid"] == pytest.approx(
            PARAMS[weight].default * FULL_AID_EUR_BN_A_YEAR)
    coalition = AID_EUR_BN_A_YEAR["france.military_aid"] + AID_EUR_BN_A_YEAR[
        "united_kingdom.military_aid"]
    assert coalition == pytest.approx(2 * PARAMS["world.aid_weight_coalition"].default
                                      * FULL_AID_EUR_BN_A_YEAR / 2)


def test_an_amount_in_eur_bn_is_its_lever(write_toml):
    path = write_toml("s.toml", "[actors.united_states]\nmilitary_aid_eur_bn_a_year = 27\n"
                                "[[events]]\nweek = 3\nset = { actors.european_union."
                                "military_aid_eur_bn_a_year = 15 }\n")
    scenario = sim.load_scenario(path, ["france.military_aid_eur_bn_a_year=9"])
    assert scenario.params[US] == 0.5
    assert scenario.events[0].changes == {"european_union.military_aid": 0.5}
    assert scenario.params["france.military_aid"] == 0.5


@pytest.mark.parametrize("text, expected", [
    ("[actors.united_states]\nmilitary_aid_eur_bn_a_year = 60\n",
     "actors.united_states.military_aid_eur_bn_a_year: got 60, out of range; allowed: EUR bn "
     "a year from 0 to 54"),
    ("[actors.united_states]\nmilitary_aid_eur_bn_a_year = \"lots\"\n",
     "got \"lots\"; allowed: EUR bn a year, a number from 0 to 54"),
    ("[actors.united_states]\nmilitary_aid_eur_bn_a_year = 20\nmilitary_aid = 0.3\n",
     "actors.united_states.military_aid: given twice"),
    ("[[events]]\nweek = 3\nset = { united_states.military_aid = 0.1, "
     "united_states.military_aid_eur_bn_a_year = 5 }\n",
     "events.set.united_states.military_aid: given twice"),
    ("[scenario]\nstart = \"2023-01-05\"\n",
     "scenario.start: got \"2023-01-05\"; allowed: a TOML date (no quotes) from 2014-01-01"),
    ("[scenario]\nstart = 2023-01-05T10:00:00\n", "scenario.start: got"),
    ("[scenario]\nstart = 9999-06-01\n", "allowed: a TOML date (no quotes) from 2014-01-01 "
                                         "to 2100-12-31"),
])
def test_bad_units_name_the_file_and_key(write_toml, text, expected):
    path = write_toml("bad.toml", text)
    with pytest.raises(ScenarioError) as error:
        sim.load_scenario(path)
    assert expected in str(error.value) and str(path) in str(error.value)


def test_set_refuses_an_amount_out_of_range_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["run", str(ROOT / "scenarios/baseline.toml"), "--set",
                                       f"{US}_eur_bn_a_year=100", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: --set: {US}_eur_bn_a_year: got 100, out of range; allowed: EUR bn a year "
        f"from 0 to 54 ({US} 1.0 = EUR 54 bn a year)"]
    assert not (tmp_path / "o").exists()


def test_a_claim_refuses_a_lever_given_twice(tmp_path):
    claim = (ROOT / "claims" / "C11.toml").read_text().replace(
        "[arms.aid_cut]", "[arms.aid_cut]\nset = { united_states.military_aid_eur_bn_a_year "
        "= 20, united_states.military_aid = 0.3 }\n[arms._unused]", 1)
    path = tmp_path / "C11.toml"
    path.write_text(claim)
    from sim.analysis.claims import load_claims
    with pytest.raises(ClaimError, match="given twice"):
        load_claims([path])


def test_a_space_takes_an_aid_range_in_eur_bn(tmp_path):
    path = tmp_path / "space.toml"
    path.write_text('[explore]\nscenario = "baseline"\npoints = 8\nreps = 5\n[uncertain]\n'
                    '"united_states.status_quo_military_aid_eur_bn_a_year" = [5.4, 27.0]\n')
    (uncertain,) = load_space(path).uncertain
    assert uncertain.param.key == "united_states.status_quo_military_aid"
    assert (uncertain.low, uncertain.high) == pytest.approx((0.1, 0.5))
    path.write_text(path.read_text().replace("27.0", "99.0"))
    with pytest.raises(SpaceError, match="out of range"):
        load_space(path)


def test_the_start_date_labels_the_weeks(write_toml):
    scenario = sim.load_scenario(write_toml("s.toml", "[scenario]\nstart = 2023-01-05\n"
                                                      'weeks = 3\n[world]\nstart = "status_quo"\n'))
    assert scenario.start == datetime.date(2023, 1, 5)
    results = sim.run(scenario, reps=2, actors=False)
    dates = results.timeseries["date"].astype(str).unique().tolist()
    assert dates == week_dates(3, datetime.date(2023, 1, 5)) == [
        "2023-01-05", "2023-01-12", "2023-01-19", "2023-01-26"]
    assert scenario.identity != sim.load_scenario(write_toml(
        "t.toml", '[scenario]\nweeks = 3\n[world]\nstart = "status_quo"\n')).identity
