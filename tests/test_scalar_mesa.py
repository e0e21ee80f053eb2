"""The hand-written scalar Mesa port (bench/scalar_mesa.py) against the vectorized model.

From the strictest check to the statistical one:

1. Fed the vectorized model's own random numbers (sim.model.streams, through the port's
   ``draws`` hook), the port reproduces runs of every shipped scenario and of the rules
   they leave idle: the same outcome and event weeks, and the same numbers to the float32
   that sim records.
2. With every source of chance off (noise, votes that matter, talks, the President's
   choice), the port on its own Mesa RNG reproduces sim's runs of the same parameter sets.
3. With independent seeds, the port's outcome shares and mean Russian gain agree with
   ``sim.run``'s within sampling error, and ports with one rule perturbed are caught by
   the same statistics at the same sample sizes (the test has power).

Results are conditional projections, not forecasts.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import sim
from bench.scalar_mesa import ScalarWarModel, check_scope, run_port
from sim.model.outcomes import OUTCOMES
from sim.model.streams import RunStreams
from tests.conftest import SCENARIOS

SHIPPED = ("baseline", "us_commits", "eu_vetoed", "us_hesitates", "aid_cut", "europe_alone",
           "congress_acts", "axis_surge")
#: Scenarios compared statistically: the war as it stands, a committed President (other
#: outcome shares), and a refusing one that Congress overrides (other mechanisms).
COMPARED = ("baseline", "us_commits", "congress_acts")
#: Runs of the port (about 50 a second: its 1,000 runs are most of this file's ~27 s) and
#: of sim.run per scenario, with independent seeds.
PORT_RUNS, SIM_RUNS = 200, 5_000
PORT_SEED, SIM_SEED = 7, 8
#: Each comparison makes one Fisher exact test per outcome and one Welch test of the mean
#: gain: a correct port would fail the file with chance below FAMILY_ALPHA (Bonferroni over
#: all of them, halved again for the Welch test's normal approximation at small p). The
#: seeds are fixed, so the file is deterministic either way; the level sets how large a
#: disagreement counts. At these sample sizes the statistics catch gross errors only (about
#: 0.1 in an outcome share, 1,000 km2 in the mean gain); the exact replays on sim's own
#: numbers above are the fine check.
FAMILY_ALPHA = 0.01
ALPHA = FAMILY_ALPHA / (len(COMPARED) * (len(OUTCOMES) + 1)) / 2
GAIN = "mean russia_gain_km2"
#: Every source of chance off: noise, votes (bought off, and no unity shock), talks and
#: capitulation, the President's response to ground lost (Congress does not act).
NO_CHANCE = ("world.front_noise_km2_per_week=0", "world.unity_noise=0", "world.power_noise=0",
             "european_union.side_payments=1", "world.veto_unity_shock=0",
             "world.talks_start_rate=0", "world.serious_talks_rate=0",
             "ukraine.capitulation_rate=0", "united_states.responsiveness=0")
WEEK_COLUMNS = ("talks_week", "serious_talks_week", "ceasefire_week")
#: Rules the shipped scenarios leave idle, switched on over the baseline, so that the
#: port's code for them is checked run by run too.
IDLE_IN_SHIPPED = {
    "serious_talks": ("world.serious_talks_rate=0.6", "russia.serious_talks_belief=0.9",
                      "world.hollow_deal_rate=0.05", "world.agreement_rate=0.5"),
    "terms": ("world.terms_cede_km2=3000", "world.imposed_ceasefire_week=30",
              "united_states.backs_guarantees=true", "russia.provocation_weight=0.5",
              "russia.revanchism_weight=0.8", "russia.satiation_weight=0.3"),
    "critics": ("russia.weight_unity=1.5", "russia.ambiguity_risk=0.7",
                "russia.escalation_response=0.8", "russia.threat_weight=0.6",
                "russia.sanctions_rally=0.9", "russia.war_weariness=0.2", "china.restraint=0.5",
                "european_union.side_payments=0.5", "world.coalition_eu_instrument_share=0.6",
                "world.aid_saturation=0.4", "world.endorsement_crowding_out=0.3",
                "united_states.endorses_coalition=true", "ukraine.aid_optimism=0.5",
                "world.start=status_quo"),
}


class SimStreams:
    """sim's own random numbers for the port's run (its key), week by week, by slot: so the
    port and the vectorized model see the same numbers."""

    def __init__(self, model: ScalarWarModel) -> None:
        self.streams = RunStreams(np.array([model.key], dtype=np.uint64))
        self.week = -1

    def new_week(self, week: int) -> None:
        if week != self.week:
            draws, self.week = self.streams.week(week), week
            self.uniforms = {slot: float(v[0]) for slot, v in draws.uniform.items()}
            self.normals = {slot: float(v[0]) for slot, v in draws.normal.items()}

    def uniform(self, slot: str) -> float:
        return self.uniforms[slot]

    def normal(self, slot: str) -> float:
        return self.normals[slot]


@cache
def scenario(name: str) -> sim.Scenario:
    return sim.load_scenario(SCENARIOS / f"{name}.toml")


@cache
def sim_sample(name: str) -> pd.DataFrame:
    return sim.run(scenario(name), reps=SIM_RUNS, seed=SIM_SEED, actors=False).summary


@cache
def port_sample(name: str, scale: tuple[tuple[str, float], ...] = ()) -> pd.DataFrame:
    return run_port(scenario(name), PORT_RUNS, PORT_SEED, scale=dict(scale))


def p_values(port: pd.DataFrame, ref: pd.DataFrame) -> dict[str, float]:
    """Two-sided p-values: each outcome's share (Fisher's exact test, valid for the rare
    outcomes too) and the mean gain (Welch's t-test)."""
    n, m = len(port), len(ref)
    found = {}
    for outcome in OUTCOMES:
        x, y = int((port.outcome == outcome).sum()), int((ref.outcome == outcome).sum())
        found[f"share of {outcome}"] = stats.fisher_exact([[x, n - x], [y, m - y]]).pvalue
    found[GAIN] = stats.ttest_ind(port.russia_gain_km2, ref.russia_gain_km2,
                                  equal_var=False).pvalue
    return found


def flagged(port: pd.DataFrame, ref: pd.DataFrame) -> dict[str, float]:
    """The statistics on which the port and sim disagree beyond sampling error."""
    return {name: p for name, p in p_values(port, ref).items() if p < ALPHA}


def assert_same_runs(port: pd.DataFrame, ref: pd.DataFrame, gain_km2: float,
                     relative: float) -> None:
    assert list(port.outcome.astype(str)) == list(ref.outcome.astype(str))
    for column in WEEK_COLUMNS:
        assert port[column].fillna(-1).tolist() == ref[column].fillna(-1).tolist(), column
    np.testing.assert_allclose(port.russia_gain_km2, ref.russia_gain_km2, rtol=0,
                               atol=gain_km2)
    np.testing.assert_allclose(port.mean_time_belief, ref.mean_time_belief, rtol=relative)
    np.testing.assert_allclose(port.final_unity, ref.final_unity, rtol=0, atol=relative)


@pytest.mark.parametrize("name", SHIPPED + tuple(IDLE_IN_SHIPPED))
def test_the_port_on_sims_numbers_reproduces_its_runs(name: str) -> None:
    spec = (scenario(name) if name in SHIPPED
            else scenario("baseline").with_overrides(IDLE_IN_SHIPPED[name]))
    # sim records float32: ~0.008 km2 at 1e5 km2 held, ~6e-8 in unity and belief
    port = run_port(spec, 3, 11, draws=SimStreams)
    ref = sim.run(spec, reps=3, seed=11, actors=False).summary
    assert (port.seed == ref.seed).all()
    assert_same_runs(port, ref, gain_km2=0.05, relative=1e-6)


def test_without_chance_the_port_on_its_own_rng_reproduces_sims_runs() -> None:
    quiet = scenario("baseline").with_overrides(NO_CHANCE)
    port, ref = run_port(quiet, 3, 9), sim.run(quiet, reps=3, seed=9, actors=False).summary
    assert port.russia_gain_km2.std() > 1000  # the parameter sets differ, and they count
    assert_same_runs(port, ref, gain_km2=0.05, relative=1e-6)
    other_numbers = run_port(quiet, 3, 9, draws=SimStreams)
    assert (port.russia_gain_km2 == other_numbers.russia_gain_km2).all()  # chance is off


@pytest.mark.parametrize("name", COMPARED)
def test_outcome_shares_and_gain_agree_within_sampling_error(name: str) -> None:
    port, ref = port_sample(name), sim_sample(name)
    assert not flagged(port, ref), p_values(port, ref)


def test_the_compared_scenarios_differ() -> None:
    """The same statistics, at the port's sample size, tell two scenarios apart."""
    baseline, commits = sim_sample("baseline"), sim_sample("us_commits")
    assert flagged(commits.head(PORT_RUNS), baseline)


@pytest.mark.parametrize(("key", "factor", "caught_by"), [
    # a front 30% faster: expected z of the mean gain about 8.5 (the threshold is 3.6)
    ("world.front_speed_km2_per_week", 1.3, GAIN),
    # Kyiv capitulating only after twice the ground lost: fewer forced cease-fires, so
    # fewer renewed wars (expected z about 6.7); the gain barely moves
    ("ukraine.capitulation_km2", 2.0, "share of"),
])
def test_a_port_with_one_rule_perturbed_is_caught(key: str, factor: float,
                                                   caught_by: str) -> None:
    perturbed = port_sample("baseline", ((key, factor),))
    caught = flagged(perturbed, sim_sample("baseline"))
    assert any(name.startswith(caught_by) for name in caught), p_values(
        perturbed, sim_sample("baseline"))


def test_the_port_refuses_other_sub_models() -> None:
    with pytest.raises(ValueError, match="default sub-models only: model.battle"):
        check_scope(scenario("baseline").with_overrides(["model.battle=defence_dominant"]))
