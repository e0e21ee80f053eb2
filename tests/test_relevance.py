"""No silent no-ops: every lever moves the outcomes or says why it cannot."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.model.outcomes import OUTCOMES
from sim.model.relevance import inert_parameters
from sim.scenarios.params import PARAMS, Param
from sim.scenarios.scenario import Event
from tests.conftest import ROOT, SCENARIOS, scenario

BASELINE = sim.load_scenario(SCENARIOS / "baseline.toml")
#: Parameters of an output alone (Russia's fossil revenue and shell output, measures of
#: the record):
#: documented as moving nothing else, so no outcome and no warning (checked below).
OUTPUT_ONLY = {
    "world.fossil_revenue_unsanctioned_eur_bn_a_month": "russia_fossil_revenue_eur_bn_a_month",
    "world.sanctions_revenue_take": "russia_fossil_revenue_eur_bn_a_month",
    "world.shells_a_week_full_capacity": "russia_shells_produced_a_month",
}


def trace(results: sim.Results) -> np.ndarray:
    """What a lever may move in each run (runs x 4): its outcome, the weeks its cease-fire
    came and broke, and the territory Russia holds at the end. A lever that changes when
    cease-fires come or break acts, even where every run ends in the same outcome."""
    weeks = results.event_weeks
    return np.column_stack([results.outcome, weeks["ceasefire"], weeks["relapse"],
                            results.world["russia_held_km2"][-1]])


def outcome_counts(spec: sim.Scenario) -> tuple[np.ndarray, sim.Results]:
    results = sim.run(spec, reps=1000)
    return np.bincount(results.outcome, minlength=len(OUTCOMES)), results


def test_a_lever_the_scenario_switches_off_is_named_with_the_fix():
    spec = scenario(united_states__responsiveness=0.0, united_states__military_aid=0.9)
    [inert] = inert_parameters(spec)
    assert inert.message() == (
        'united_states.military_aid has no effect: the President never commits (stance = '
        '"hesitates" and responsiveness = 0); set united_states.stance = "commits", or a '
        "responsiveness above 0")


def test_an_event_that_switches_the_mechanism_on_silences_the_warning():
    spec = scenario(united_states__responsiveness=0.0, united_states__military_aid=0.9,
                    events=[Event(20, {"united_states.stance": "commits"})])
    assert inert_parameters(spec) == []


def test_a_rule_that_reads_a_drawn_parameter_holds_only_if_every_set_switches_it_off():
    """Russia's industry ceiling is inert when its growth is 0: at the defaults it is, but
    the runs draw the growth from the calibration, where it is above 0."""
    ceiling = BASELINE.with_values({"russia.industry_ceiling": 3.0})
    assert inert_parameters(ceiling) == []
    at_defaults = ceiling.with_values({"world.parameter_sets": "defaults"})
    assert [i.key for i in inert_parameters(at_defaults)] == ["russia.industry_ceiling"]
    pinned = ceiling.with_values({"russia.industry_growth_per_year": 0.0})  # kept at 0
    assert [i.key for i in inert_parameters(pinned)] == ["russia.industry_ceiling"]


def test_levers_left_at_their_defaults_are_not_flagged():
    assert inert_parameters(BASELINE) == []


def test_sim_run_and_check_warn(tmp_path):
    args = ["--set", "united_states.responsiveness=0", "--set", "united_states.military_aid=0.9"]
    run = CliRunner().invoke(main, ["run", str(SCENARIOS / "baseline.toml"), "-n", "20", "-q",
                                    "--out", str(tmp_path / "r"), *args])
    assert run.exit_code == 0
    assert "Warning: " in run.output and "military_aid has no effect" in run.output
    manifest = (tmp_path / "r" / "manifest.json").read_text()
    assert "military_aid has no effect" in manifest
    check = CliRunner().invoke(main, ["check", str(SCENARIOS / "baseline.toml"), *args])
    assert check.exit_code == 0 and "military_aid has no effect" in check.output


def test_a_mechanism_that_never_acted_is_reported_after_the_run():
    results = sim.run(BASELINE.with_values({"ukraine.capitulation_rate": 0.5,
                                            "ukraine.capitulation_km2": 150_000.0}), reps=50)
    [idle] = results.idle()
    assert idle.key == "ukraine.capitulation_rate"
    assert "Russia never took more than ukraine.capitulation_km2" in idle.message()
    reached = sim.run(BASELINE.with_values({"ukraine.capitulation_rate": 0.5,
                                            "ukraine.capitulation_km2": 200.0}), reps=50)
    assert reached.idle() == []


def _other_ends(param: Param) -> list:
    if param.kind is bool:
        return [not param.default]
    if param.kind is str:
        return [c for c in param.choices if c != param.default]
    ends = [param.low, param.high]
    return [param.kind(v) for v in ends if v != param.default]


def _moved_in_a_batch(changes: list[tuple[str, object]], reps: int) -> list[bool]:
    """Whether each single change moves some outcome in the first ``reps`` paired runs,
    all changes run as points of one batched model (sim.ensemble.batch)."""
    from sim.ensemble.batch import run_points
    from sim.scenarios.space import FIXED_IN_A_SPACE

    batched = [(k, v) for k, v in changes if k not in FIXED_IN_A_SPACE]
    keys = sorted({k for k, _ in batched})
    values = {key: np.array([v if k == key else BASELINE.params[key] for k, v in batched])
              for key in keys}
    results = run_points(BASELINE, values, reps, BASELINE.seed)
    base = trace(sim.run(BASELINE, reps=reps))
    traced = trace(results).reshape(len(batched), reps, -1)
    moved = dict(zip(batched, (traced != base).any(axis=(1, 2)), strict=True))
    return [bool(moved.get((k, v), False)) for k, v in changes]


@pytest.mark.slow
def test_every_single_lever_on_baseline_moves_an_outcome_or_warns():
    """Set each parameter alone to each end of its range: some run's outcome, cease-fire or
    relapse week or final territory moves (in at least one of 1,000 paired runs,
    :func:`trace`) or the run says why the lever could not act.

    Run i is the same whatever the number of runs (and batched or alone), so a change that
    moves a run in the first 200 runs of one batched model moves it in 1,000; only the
    rest are run alone at 1,000, with their warnings."""
    changes = [(key, value) for key, param in PARAMS.items() for value in _other_ends(param)
               if key not in OUTPUT_ONLY]
    quick = _moved_in_a_batch(changes, 200)
    reference = trace(sim.run(BASELINE, reps=1000))
    settled = {key for (key, _), moved in zip(changes, quick, strict=True) if moved}
    silent = []
    for key in dict.fromkeys(k for k, _ in changes if k not in settled):
        verdicts = []
        for value in _other_ends(PARAMS[key]):
            results = sim.run(BASELINE.with_values({key: value}), reps=1000)
            warned = any(inert.key == key for inert in results.inert())
            verdicts.append(bool(np.any(trace(results) != reference)) or warned)
        if not any(verdicts):
            silent.append(key)
    assert silent == [], silent


def test_an_output_only_parameter_moves_its_output_and_nothing_else():
    base = sim.run(BASELINE, reps=100)
    for key, measure in OUTPUT_ONLY.items():
        assert key in PARAMS
        for value in _other_ends(PARAMS[key]):
            changed = sim.run(BASELINE.with_values({key: value}), reps=100)
            np.testing.assert_array_equal(changed.outcome, base.outcome)
            np.testing.assert_array_equal(changed.world["russia_held_km2"],
                                          base.world["russia_held_km2"])
            assert changed.summary[measure].mean() != pytest.approx(base.summary[measure].mean(),
                                                                    rel=0.01), (key, value)


@pytest.mark.slow
def test_every_shipped_scenario_differs_from_baseline_by_two_points():
    """Some outcome share moves by 2 points of 1,000 runs, or the ground Russia gains by
    more than 3 standard errors of the paired difference."""
    reference, base = outcome_counts(BASELINE)
    for path in sorted(SCENARIOS.glob("*.toml")):
        if path.stem in ("baseline", "history"):
            continue
        counts, results = outcome_counts(sim.load_scenario(path))
        gained = (results.summary["russia_gain_km2"] - base.summary["russia_gain_km2"])
        apart = abs(gained.mean()) > 3 * gained.std() / len(gained) ** 0.5
        assert np.abs(counts - reference).max() >= 20 or apart, path.stem


def test_the_guides_example_lever_moves_the_war():
    """The guide's --set example changes the run (the President commits in it)."""
    readme = (ROOT / "docs" / "guide.md").read_text()
    assert "--set united_states.stance=commits --set united_states.military_aid=0.9" in readme
    base = sim.run(BASELINE.with_overrides(["united_states.stance=commits"]), reps=200)
    more = sim.run(BASELINE.with_overrides(["united_states.stance=commits",
                                            "united_states.military_aid=0.9"]), reps=200)
    # paired runs (the same seeds and parameter sets): Russia gains less, beyond noise
    fewer = (more.summary["russia_gain_km2_mean"] - base.summary["russia_gain_km2_mean"])
    assert fewer.mean() + 3 * fewer.std() / len(fewer) ** 0.5 < 0


def test_each_rule_belongs_to_the_actor_whose_parameters_it_is_about():
    from sim.model import agents
    from sim.model.agents.rules import IDLE_RULES, INERT_RULES
    from sim.model.model import WarModel

    owners = [getattr(agents, name) for name in agents.__all__] + [WarModel]
    owned = [rule for owner in owners for rule in owner.inert_rules]
    assert sorted(map(id, owned)) == sorted(map(id, INERT_RULES))  # each once, none left over
    idle = [rule for owner in owners for rule in getattr(owner, "idle_rules", ())]
    assert sorted(map(id, idle)) == sorted(map(id, IDLE_RULES))


def test_unity_pushes_are_queries_that_change_nothing():
    from sim.model.model import WarModel
    from sim.model.streams import run_keys

    model = WarModel(scenario(hungary__resistance=1.0, united_states__stance="declines",
                              united_states__decision_delay_weeks=0), run_keys(3, 20))
    for _ in range(14):  # past the first package, which Hungary blocks
        model.step()
    before = {agent: dict(vars(agent)) for agent in model.unity_movers}
    pushes = [model.unity_movers.map("unity_push", model.unity_updates) for _ in range(3)]
    assert all(np.array_equal(np.asarray(a, float), np.asarray(b, float))
               for a, b in zip(pushes[0], pushes[2], strict=True))
    for agent, state in before.items():
        assert vars(agent).keys() == state.keys()
        assert all(np.array_equal(np.asarray(vars(agent)[k], dtype=object),
                                  np.asarray(v, dtype=object)) for k, v in state.items())


def test_russia_reads_only_the_channels_it_has():
    from sim.model.model import WarModel
    from sim.model.streams import run_keys

    model = WarModel(scenario(), run_keys(1, 4))
    for channel in model.russia.CHANNELS:
        assert np.shape(model.russia.evidence(channel)) in ((), (4,))
    with pytest.raises(ValueError, match="Russia reads no evidence channel 'frnot'"):
        model.russia.evidence("frnot")
