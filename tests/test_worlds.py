"""Claims over the plausible worlds (sim.analysis.worlds): the verdict from the verdicts in
each world, the run rule, and the same verdicts as `sim explore` over the plausible sets."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.claims import Verdict, load_claim, load_claims
from sim.analysis.evaluate import select_claims
from sim.analysis.robustness import robustness
from sim.analysis.sampling import sample
from sim.analysis.worlds import WorldsResult, verdict_over_worlds, world_values
from sim.errors import SpaceError
from sim.report.studies import evaluate, explore
from sim.scenarios.loading import load_scenario
from sim.scenarios.params import PARAMS
from sim.scenarios.plausible import shipped
from sim.scenarios.space import load_space
from tests.conftest import ROOT

CLAIMS = load_claims([ROOT / "claims"])
S, N, I, U, C = (Verdict.SUPPORTED.code, Verdict.NOT_SUPPORTED.code,
                 Verdict.INCONCLUSIVE.code, Verdict.UNTESTABLE.code, Verdict.CALIBRATED.code)


@pytest.mark.parametrize("codes, expected", [
    ([S] * 32, "supported"),                        # Wilson lower bound 0.89
    ([S] * 31 + [N] * 1, "supported"),              # 97%: lower bound 0.84
    ([S] * 30 + [N] * 2, "inconclusive"),           # 94%: lower bound 0.799
    ([N] * 32, "not supported"),
    ([N] * 28 + [I] * 4, "not supported"),          # holds nowhere
    ([U] * 28 + [N] * 4, "untestable"),             # cannot tell in most worlds
    ([S] * 16 + [N] * 16, "inconclusive"),          # holds in some worlds, fails in others
    ([C] * 32, "calibrated"),
    ([S] * 8, "inconclusive"),                      # 8 of 8: too few worlds (0.68)
    ([I] * 32, "inconclusive"),                     # open everywhere: no evidence against
    ([I] * 16 + [U] * 16, "inconclusive"),
    ([N] * 10 + [U] * 11 + [I] * 11, "inconclusive"),
    ([N] * 16 + [U] * 8 + [I] * 8, "inconclusive"),   # fails in only as many as are open
    ([N] * 17 + [U] * 8 + [I] * 7, "not supported"),
    ([U] * 16 + [N] * 8 + [I] * 8, "inconclusive"),
    ([U] * 17 + [N] * 8 + [I] * 7, "untestable"),
    ([S] * 1 + [U] * 31, "untestable"),
])
def test_the_verdict_over_worlds_follows_the_share_of_worlds_where_it_holds(codes, expected):
    assert verdict_over_worlds(np.array(codes, dtype=np.int8)) == expected


def result(widths, margins, reps=200):
    codes = np.full(8, S, dtype=np.int8)
    return WorldsResult(robustness("X", codes, np.zeros(8, bool)), Verdict.SUPPORTED, reps,
                        tuple(widths), tuple(margins))


@pytest.mark.parametrize("verdict, expected", [
    (Verdict.NOT_SUPPORTED, 1),   # the check that fails in the most worlds
    (Verdict.INCONCLUSIVE, 0),
    (Verdict.UNTESTABLE, 2),
    (Verdict.SUPPORTED, None),    # all hold: the headline check
])
def test_the_deciding_check_over_worlds_is_the_one_with_the_verdict_in_most(verdict, expected):
    codes = np.array([[I, I, I, N, S], [N, N, N, U, S], [U, U, U, N, S]], dtype=np.int8)
    worlds = WorldsResult(robustness("X", codes[0], np.zeros(5, bool)), verdict, 200,
                          (0.0,) * 3, (0.1,) * 3, codes)
    assert worlds.deciding_check() == expected


def test_the_run_rule_asks_for_runs_until_each_check_is_half_its_margin_wide():
    assert result([0.02], [0.05]).meets_run_rule
    assert result([0.02], [0.05]).reps_wanted(1600) == 200
    narrowish = result([0.04], [0.05])        # (0.04 / 0.025)^2 = 2.56: two doublings
    assert not narrowish.meets_run_rule and narrowish.reps_wanted(1600) == 800
    hopeless = result([2.0], [0.1])           # 1,600 times the runs: out of reach
    assert hopeless.reps_needed() == 200 * 2 ** 11 and hopeless.reps_wanted(1600) == 200
    assert result([0.0], [4.0]).meets_run_rule  # a check that cannot move
    undefined = result([0.0, float("nan")], [4.0, 0.05])  # a rate with nothing to break
    assert not undefined.meets_run_rule and undefined.reps_wanted(1600) == 200
    assert undefined.reps_needed() is None
    level_at_zero = result([0.01], [0.0])  # a level "above 0": only a zero width meets it
    assert not level_at_zero.meets_run_rule and level_at_zero.reps_needed() is None
    assert result([0.0], [0.0]).meets_run_rule


def test_a_width_undefined_in_most_worlds_is_undefined():
    from sim.analysis.worlds import _typical_half_width

    nan = float("nan")
    assert _typical_half_width(np.array([0.0, 0.0, nan]),
                               np.array([0.2, 0.4, nan])) == pytest.approx(0.15)
    assert np.isnan(_typical_half_width(np.array([0.0, nan, nan]), np.array([0.2, nan, nan])))


def test_more_worlds_than_plausible_sets_are_as_many_as_there_are():
    claims = select_claims(CLAIMS, ["C6"])
    found = evaluate(claims, reps=20, sets=10_000, set_reps=10)
    assert found.sets == len(shipped(()).sets) == found.results[0].worlds.robustness.points


def test_each_world_is_a_plausible_set_the_arm_would_draw():
    baseline = load_scenario(ROOT / "scenarios" / "baseline.toml")
    values = world_values(baseline, 5, seed=3)
    calibration = shipped(())
    assert sorted(values) == sorted(calibration.keys) and all(len(v) == 5 for v in values.values())
    rows = {tuple(round(x, 6) for x in row) for row in calibration.sets}
    for world in range(5):
        assert tuple(round(float(values[k][world]), 6) for k in calibration.keys) in rows
    assert all(np.array_equal(values[k], world_values(baseline, 5, seed=3)[k]) for k in values)
    pinned = baseline.with_values({"world.front_speed_km2_per_week": 200.0})
    assert "world.front_speed_km2_per_week" not in world_values(pinned, 5, seed=3)


def test_a_plausible_space_takes_its_points_from_the_calibration(write_toml):
    space = load_space(write_toml("p.toml", '[explore]\nmethod = "plausible"\npoints = 5000\n'))
    calibration = shipped(())
    assert space.keys == list(calibration.keys)
    drawn = sample(space)
    assert drawn.points == len(calibration.sets) and "plausible sets" in drawn.note
    with pytest.raises(SpaceError, match="drop the \\[uncertain\\] table"):
        load_space(write_toml("q.toml", '[explore]\nmethod = "plausible"\n[uncertain]\n'
                                        '"world.unity" = [0.2, 0.9]\n'))


def test_sim_claims_and_sim_explore_give_the_same_verdicts_in_each_world(write_toml):
    """The worlds of `sim claims --sets 6 --set-reps 40` are the points of `sim explore` over
    the plausible sets with the same seed and runs: the same verdict shares."""
    claims = select_claims(CLAIMS, ["C8", "C11"])
    seed = 7
    evaluation = evaluate(claims, reps=50, seed=seed, sets=6, set_reps=40)
    space = load_space(write_toml("w.toml", f'[explore]\nmethod = "plausible"\npoints = 6\n'
                                            f'reps = 40\nseed = {seed}\n'))
    found = {r.claim: r for r in explore(space, claims, boxes=False).robustness}
    for result_ in evaluation.results:
        if result_.worlds.reps == 40:  # explore does not add runs for the run rule
            shares = {v: e.value for v, e in result_.worlds.robustness.shares.items()}
            assert shares == {v: e.value for v, e in found[result_.claim.id].shares.items()}
    assert any(r.worlds.reps == 40 for r in evaluation.results)


RARE_TALKS = """
id = "X4"
claim = "Serious talks are rare."
[arms.baseline]
[[checks]]
metric = "serious_talks"
effect = { baseline = 1 }
direction = "below"
margin = 0.1
"""


def test_a_verdict_that_flips_within_a_judgement_range_is_assumed(write_toml, monkeypatch):
    """Serious talks are rare at the default threshold of Russia's belief (0.3); with a
    plausible range for it reaching 0.6, they are not (32% of runs), so the verdict is
    assumed; a range that stops short of a flip leaves it supported."""
    from sim.analysis import assumed

    claim = [load_claim(write_toml("x4.toml", RARE_TALKS))]
    reaching = write_toml("j.toml", '[uncertain]\n"russia.serious_talks_belief" = [0.25, 0.6]\n')
    monkeypatch.setattr(assumed, "JUDGEMENT_SPACE", reaching)
    [found] = evaluate(claim, reps=300, assumed=True).results
    assert found.decided == "supported" and found.verdict == "assumed"
    assert [(f.end.key, f.end.value, f.verdict) for f in found.flips] == [
        ("russia.serious_talks_belief", 0.6, "not supported")]
    short = write_toml("k.toml", '[uncertain]\n"russia.serious_talks_belief" = [0.25, 0.32]\n')
    monkeypatch.setattr(assumed, "JUDGEMENT_SPACE", short)
    [kept] = evaluate(claim, reps=300, assumed=True).results
    assert kept.verdict == "supported" and kept.flips == ()


def test_the_judgements_moved_are_the_open_assumptions_not_the_calibrated_ones():
    from sim.analysis.assumed import judgement_ends

    ends = judgement_ends()
    keys = {end.key for end in ends}
    assert "russia.serious_talks_belief" in keys and "world.aid_to_power" not in keys
    assert len(ends) == 2 * len(keys) and len(keys) >= 15
    assert "russia.weight_front" not in {e.key for e in judgement_ends(["russia.weight_front"])}


def test_a_critics_values_at_a_strength_move_part_of_the_way():
    from sim.analysis.tipping import at_strength

    critic = {"russia.provocation_weight": 2.0, "world.us_guarantee_credibility": 0.2,
              "united_states.backs_guarantees": True}
    half = at_strength(critic, 0.5)
    assert half["world.us_guarantee_credibility"] == pytest.approx(
        0.5 * (0.2 + PARAMS["world.us_guarantee_credibility"].default))
    assert PARAMS["united_states.backs_guarantees"].default is False
    assert half["united_states.backs_guarantees"] is True  # a switch: the critic's from 0.5
    assert "united_states.backs_guarantees" not in at_strength(critic, 0.25)
    assert at_strength(critic, 0.0) == {} and at_strength(critic, 1.0) == critic


def test_the_tipping_strength_is_the_weakest_that_flips_the_verdict():
    from sim.analysis.tipping import tipping_strength

    S_, N_, I_ = Verdict.SUPPORTED, Verdict.NOT_SUPPORTED, Verdict.INCONCLUSIVE
    assert tipping_strength([S_, S_, I_, N_, N_]) == 0.75
    assert tipping_strength([S_, I_, I_, I_, I_]) is None  # open is no flip
    assert tipping_strength([N_, N_, N_, S_, S_]) == 0.75
    assert tipping_strength([N_, N_, N_, N_, N_]) is None


def test_security_dilemma_tips_c7_before_its_full_strength():
    from sim.analysis.evaluate import load_assumption_set

    critic = load_assumption_set(ROOT / "scenarios" / "assumptions" / "security_dilemma.toml")
    [c7] = evaluate(select_claims(CLAIMS, ["C7"]), reps=200, assumptions=critic,
                    tipping=True).results
    assert c7.strengths[0] == "supported" and c7.strengths[-1] == "not supported"
    assert c7.tipping is not None and 0 < c7.tipping <= 1
