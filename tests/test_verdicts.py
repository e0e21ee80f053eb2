"""Honest verdicts: untestable measures, calibrated patterns, reversals, and a model that
can say no to every claim under some shipped critic's assumptions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.claims import Check, at_a_bound, load_claim, load_claims, reversed_effect
from sim.analysis.evaluate import load_assumption_set, select_claims
from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SEED, CLAIMS_SET_REPS, CLAIMS_SETS
from sim.model.calibration import CALIBRATION, calibrated_claims
from sim.report.studies import evaluate
from sim.scenarios.params import PARAMS
from tests.conftest import ROOT

CLAIMS = load_claims([ROOT / "claims"])
ASSUMPTIONS = ROOT / "scenarios" / "assumptions"

#: For each claim, a shipped critic's assumption set under which it reverses (docs/claims.md),
#: or None where none does: the claim is not supported under the defaults already.
REVERSED_BY = {
    "C1": "absorption_limits", "C2": None, "C3": None,
    "C4": "threat_stage", "C5": "strategic_ambiguity", "C6": "ripe_stalemate",
    "C7": "security_dilemma", "C8": "vetoes_bought_off", "C9": "free_riding",
    "C10": "threat_stage", "C11": "china_restrains", "C12": "china_restrains",
    "C13": "threat_stage", "C14": "bounded_aims",
}

#: Claims no critic can reverse, and a critic under which their support vanishes: C3's
#: serious talks while Russia advances almost never end in an agreement, so no world can
#: make them outdo talks after a stall (docs/claims.md).
VANISHES_UNDER = {"C3": "russia_does_not_update"}

INERT_LEVER = """
id = "X2"
claim = "The delay of a decision that never comes matters."
[arms.soon]
set = { united_states.decision_delay_weeks = 0 }
[arms.late]
set = { united_states.decision_delay_weeks = 52 }
[[checks]]
metric = "russia_gain_km2_mean"
effect = { late = 1, soon = -1 }
direction = "above"
margin = 400
"""


def test_a_measure_that_cannot_move_is_untestable_not_supported(write_toml):
    # the baseline's President hesitates: his decision delay cannot matter, so both arms
    # are the same run by run and the effect is exactly 0 with a zero-width interval
    result = evaluate([load_claim(write_toml("inert.toml", INERT_LEVER))], reps=50).results[0]
    check = result.checks[0]
    assert (check.effect.value, check.effect.low, check.effect.high) == (0.0, 0.0, 0.0)
    assert check.verdict == result.verdict == "untestable"
    assert "no evidence" in check.reason


def test_a_within_check_on_a_dead_lever_is_not_supported(write_toml):
    within = INERT_LEVER.replace('direction = "above"\nmargin = 400',
                                 'direction = "within"\nmargin = 400')
    assert within != INERT_LEVER
    result = evaluate([load_claim(write_toml("w.toml", within))], reps=50).results[0]
    assert result.verdict == "untestable"  # "no change" on a lever that cannot change anything


def test_a_calibrated_pattern_is_not_reported_as_support():
    assert calibrated_claims() == {"C6"}
    c6 = select_claims(CLAIMS, ["C6"])
    assert evaluate(c6, reps=1000).results[0].verdict == "calibrated"
    critic = load_assumption_set(ASSUMPTIONS / "ripe_stalemate.toml")
    assert evaluate(c6, reps=400, assumptions=critic).results[0].verdict == "not supported"


def test_calibration_targets_name_real_parameters():
    for target in CALIBRATION:
        assert target.pattern and target.why
        assert all(key in PARAMS for key in target.parameters), target.parameters


@pytest.mark.parametrize("direction, margin, low, high, weights, expected", [
    ("above", 0.05, -0.20, -0.01, {"a": 1, "b": -1}, True),     # clearly the other way
    ("above", 0.05, -0.20, 0.01, {"a": 1, "b": -1}, False),     # touches zero
    ("below", -0.05, 0.01, 0.20, {"a": 1, "b": -1}, True),
    ("within", 0.05, 0.11, 0.30, {"a": 1, "b": -1}, True),      # beyond twice the margin
    ("within", 0.05, 0.06, 0.30, {"a": 1, "b": -1}, False),     # outside, but not well outside
    ("below", 0.10, 0.12, 0.20, {"a": 1}, True),                # a level on the wrong side
])
def test_reversed_means_clearly_the_other_way(direction, margin, low, high, weights, expected):
    check = Check("", "agreement", weights, direction, margin)
    assert reversed_effect(check, "not supported", low, high) is expected
    assert reversed_effect(check, "inconclusive", low, high) is False


@pytest.mark.parametrize("direction, margin, lows, highs, unit, expected", [
    ("below", -0.05, [0.0, 0.002], [0.003, 0.011], "share", True),   # both arms at a floor
    ("above", 0.2, [0.0, 0.035], [0.0, 0.061], "share", False),      # the treated arm moved
    ("above", 0.05, [0.985, 0.99], [0.995, 1.0], "share", True),     # both at a ceiling
    ("above", 0.05, [0.0, 0.985], [0.01, 1.0], "share", False),      # one low, one high
    ("above", 400, [0.0, 1.0], [1.0, 5.0], "km2", False),            # not a share: no bound
    ("above", 0.005, [0.0, 0.0], [0.004, 0.004], "share", True),     # below a small margin
    ("above", 0.005, [0.0, 0.0], [0.006, 0.006], "share", False),
])
def test_a_difference_of_shares_at_a_floor_or_ceiling_is_flagged(direction, margin, lows,
                                                                 highs, unit, expected):
    check = Check("", "agreement", {"a": 1, "b": -1}, direction, margin)
    bounded = at_a_bound(check, unit, np.array(lows)[:, None], np.array(highs)[:, None])
    assert bounded.tolist() == [expected]


def test_a_level_is_never_at_a_bound():
    level = Check("", "serious_talks", {"baseline": 1}, "below", 0.1)
    assert not at_a_bound(level, "share", np.array([[0.0]]), np.array([[0.01]]))[0]


FLOOR = """
id = "X3"
claim = "Delay lowers agreements that almost never happen."
base = "us_commits"
[arms.soon]
set = { united_states.decision_delay_weeks = 0 }
[arms.late]
set = { united_states.decision_delay_weeks = 26 }
[[checks]]
metric = "agreement"
effect = { late = 1, soon = -1 }
direction = "below"
margin = -0.05
"""


def test_a_claim_at_a_floor_is_untestable_with_its_reason(write_toml):
    # in the plausible worlds a negotiated agreement is rare within two years whenever the
    # US decides: the arms' shares differ a little, but both sit at the floor
    check = evaluate([load_claim(write_toml("floor.toml", FLOOR))], reps=400).results[0].checks[0]
    assert max(level.high for level in check.levels.values()) < 0.02, check.levels
    assert max(level.high - level.low for level in check.levels.values()) > 0  # it can move
    assert check.verdict == "untestable" and "floor" in check.reason, check.reason


def test_every_claim_has_a_documented_critic_that_ships():
    assert set(REVERSED_BY) == {c.id for c in CLAIMS}
    for name in {critic for critic in REVERSED_BY.values() if critic}:
        critic = load_assumption_set(ASSUMPTIONS / f"{name}.toml")
        assert "counter" in critic.description  # each set states the claim it counters


@pytest.mark.slow
@pytest.mark.parametrize("claim_id", list(REVERSED_BY))
def test_the_model_can_say_no_to_each_claim(claim_id):
    """Every claim fails: under the defaults already, or clearly the other way under a
    critic's assumptions, at the claims' default 1,000 runs per arm; or, for a claim no
    critic can reverse (docs/claims.md says why), its support vanishes under one."""
    if claim_id in VANISHES_UNDER:
        critic = load_assumption_set(ASSUMPTIONS / f"{VANISHES_UNDER[claim_id]}.toml")
        result = evaluate(select_claims(CLAIMS, [claim_id]), reps=1000,
                          assumptions=critic).results[0]
        assert result.verdict in ("not supported", "untestable")
        return
    critic = REVERSED_BY[claim_id]
    assumptions = load_assumption_set(ASSUMPTIONS / f"{critic}.toml") if critic else None
    result = evaluate(select_claims(CLAIMS, [claim_id]), reps=1000,
                      assumptions=assumptions).results[0]
    assert result.verdict == "not supported", [
        (c.check.name, c.verdict, c.effect) for c in result.checks]
    assert result.reversed or critic is None


@pytest.mark.slow
@pytest.mark.parametrize("critic", [None, *sorted(p.stem for p in ASSUMPTIONS.glob("*.toml"))])
def test_nothing_is_supported_on_a_zero_width_interval(critic):
    assumptions = None if critic is None else load_assumption_set(ASSUMPTIONS / f"{critic}.toml")
    # few runs: a degenerate interval is likelier, so the check is the stricter for it
    for result in evaluate(CLAIMS, reps=150, assumptions=assumptions).results:
        for check in result.checks:
            if check.verdict == "supported":
                width = check.effect.high - check.effect.low
                assert width > 0 and not math.isnan(width), (result.claim.id, check.check.name)


def test_the_calibration_table_in_the_docs_matches_the_code():
    doc = (ROOT / "docs" / "model.md").read_text()
    for target in CALIBRATION:
        assert target.pattern in doc, target.pattern


def test_the_measures_table_in_the_docs_matches_the_code():
    from sim.analysis.measures import MEASURES
    doc = (ROOT / "docs" / "claims.md").read_text()
    for measure in MEASURES.values():
        assert f"| `{measure.name}` | {measure.meaning} | {measure.unit} |" in doc, measure.name


@pytest.mark.slow
@pytest.mark.parametrize("seed", [CLAIMS_SEED, 1, 2])
def test_the_readme_claims_table_is_what_sim_claims_gives_at_three_seeds(seed):
    """README's table of verdicts is `sim claims` at its defaults (each claim decided in 32
    plausible worlds and at the ends of the judgement ranges, seed 20250904): each claim
    in the row of its verdict, marked
    "(reversed" where it is; and every verdict over the worlds is the same at seeds 1 and 2
    (other worlds drawn, other runs). The pooled runs do not enter the verdicts, so the
    other seeds pool fewer (and do not move the judgements, which flip nothing here)."""
    import re
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| verdict | claims |"):].split("\n\n")[0]
    rows, decided = {}, {}
    for line in table.splitlines()[2:]:
        verdict, claims = (cell.strip() for cell in line.strip("|").split("|"))
        # "assumed (supported over the worlds, ...)": the verdict a judgement flips
        over_worlds = re.match(r"assumed \((supported|not supported) over the worlds", verdict)
        for item in re.findall(r"C\d+(?: \(reversed)?", claims):
            claim_id, reversed_ = item.split()[0], "reversed" in item
            rows[claim_id] = (verdict.split(" (")[0], reversed_)
            decided[claim_id] = (over_worlds[1] if over_worlds else rows[claim_id][0],
                                 reversed_)
    shipped = seed == CLAIMS_SEED
    results = evaluate(CLAIMS, reps=CLAIMS_REPS if shipped else 50, seed=seed,
                       sets=CLAIMS_SETS, set_reps=CLAIMS_SET_REPS, assumed=shipped).results
    if shipped:
        assert rows == {r.claim.id: (r.verdict, r.reversed) for r in results}
        assert decided == {r.claim.id: (r.decided, r.reversed) for r in results}
    else:  # the verdicts over the worlds (the judgements' ends are tried at the shipped seed)
        assert decided == {r.claim.id: (r.decided, r.reversed) for r in results}
