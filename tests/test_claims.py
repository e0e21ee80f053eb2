"""Claims as data: the verdict logic, claim files, every shipped claim, and assumptions."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

from cli import main
from sim.analysis.claims import VERDICTS, combine, load_claim, load_claims, verdict
from sim.analysis.evaluate import load_assumption_set, select_claims
from sim.analysis.stats import bootstrap_counts, combination_of_ratios
from sim.errors import ClaimError, SimError
from sim.report.studies import evaluate
from tests.conftest import ROOT

CLAIMS = load_claims([ROOT / "claims"])
ASSUMPTIONS = ROOT / "scenarios" / "assumptions"


@pytest.mark.parametrize("direction, margin, low, high, expected", [
    ("above", 0.05, 0.06, 0.20, "supported"),
    ("above", 0.05, 0.01, 0.04, "not supported"),
    ("above", 0.05, -0.10, 0.05, "not supported"),   # touching the margin is not clearing it
    ("above", 0.05, 0.03, 0.09, "inconclusive"),
    ("below", -0.02, -0.10, -0.03, "supported"),
    ("below", -0.02, -0.01, 0.30, "not supported"),
    ("below", -0.02, -0.05, 0.00, "inconclusive"),
    ("within", 0.05, -0.04, 0.04, "supported"),
    ("within", 0.05, 0.06, 0.10, "not supported"),
    ("within", 0.05, -0.20, -0.06, "not supported"),
    ("within", 0.05, -0.01, 0.08, "inconclusive"),
    ("above", 0.0, math.nan, math.nan, "inconclusive"),
])
def test_verdict_on_synthetic_intervals(direction, margin, low, high, expected):
    assert verdict(direction, margin, low, high) == expected


def test_a_claim_needs_all_its_checks():
    assert combine(["supported", "supported"]) == "supported"
    assert combine(["supported", "inconclusive"]) == "inconclusive"
    assert combine(["inconclusive", "not supported", "supported"]) == "not supported"
    assert combine(["supported", "untestable"]) == "untestable"
    assert combine(["untestable", "inconclusive"]) == "inconclusive"


def test_combination_of_ratios_by_hand():
    runs = 6
    first = np.array([1, 0, 1, 0, 1, 1.0])        # share 4/6
    second = np.array([1, 1, 1, 0, 1, 1.0])       # share 5/6: second - first = 1/6
    ones = np.ones(runs)
    est = combination_of_ratios([(1, second, ones), (-1, first, ones)], bootstrap_counts(runs))
    # Per-run differences are 0 or 1, so every resample lies in [0, 1].
    assert est.value == pytest.approx(1 / 6) and 0 <= est.low < est.value < est.high <= 1
    # A rate: 2 relapses over 10 + 30 exposure weeks.
    rate = combination_of_ratios([(1, np.array([1.0, 1, 0]), np.array([10.0, 30, 0]))])
    assert rate.value == pytest.approx(2 / 40)
    shifted = combination_of_ratios([(1, first + 0.5, ones), (-1, first, ones)])
    assert (shifted.value, shifted.low, shifted.high) == pytest.approx((0.5, 0.5, 0.5))
    nothing = combination_of_ratios([(1, np.zeros(4), np.zeros(4))])
    assert math.isnan(nothing.value) and math.isnan(nothing.low)


def test_all_fourteen_claims_are_encoded():
    assert [c.id for c in CLAIMS] == [f"C{i}" for i in range(1, 15)]
    for claim in CLAIMS:
        assert claim.paragraph.startswith("P") and claim.essay and claim.claim and claim.compares
        assert claim.checks


@pytest.fixture(scope="module")
def default_evaluation():
    return evaluate(CLAIMS, reps=200)


@pytest.mark.parametrize("claim_id", [f"C{i}" for i in range(1, 15)])
def test_each_claims_check_runs(default_evaluation, claim_id):
    result = next(r for r in default_evaluation.results if r.claim.id == claim_id)
    assert result.verdict in VERDICTS
    for check in result.checks:
        assert not math.isnan(check.effect.value), check.check.describe()
        assert set(check.levels) == set(check.check.effect)


def test_shared_arms_run_once(default_evaluation):
    arms = sum(len(c.arms) for c in CLAIMS)
    assert len(default_evaluation.scenarios) < arms  # e.g. us_commits serves many claims


def test_assumptions_apply_under_the_arms_own_changes():
    from sim.analysis.evaluate import arm_scenario
    assumptions = load_assumption_set(ASSUMPTIONS / "sanctions_barely_bite.toml")
    c13 = select_claims(CLAIMS, ["C13"])[0]
    scenario = arm_scenario(c13.arms["package_axis_low"], assumptions)
    assert scenario.params["world.sanctions_bite"] == 0.005
    assert scenario.params["china.economic_support"] == 0.1  # the arm's condition wins


CLAIM = """
id = "X1"
paragraph = "P4"
claim = "Delay hurts."
[arms.now]
scenario = "us_commits"
[arms.later]
scenario = "us_commits"
set = { united_states.decision_delay_weeks = 26 }
[[checks]]
metric = "agreement"
effect = { later = 1, now = -1 }
direction = "below"
margin = -0.05
"""


def test_a_users_own_claim(write_toml):
    # half a year's delay: Russia more sure that time is on its side
    belief = CLAIM.replace('metric = "agreement"', 'metric = "mean_time_belief"').replace(
        'direction = "below"\nmargin = -0.05', 'direction = "above"\nmargin = 0.005')
    assert belief.count("mean_time_belief") == 1 and "margin = 0.005" in belief
    result = evaluate([load_claim(write_toml("mine.toml", belief))], reps=100).results[0]
    assert result.verdict in ("supported", "inconclusive")
    assert result.checks[0].effect.value > 0


@pytest.mark.parametrize("old, new, message", [
    ('metric = "agreement"', 'metric = "agreemnt"',
     'checks[0].metric: got "agreemnt" (did you mean "agreement"?)'),
    ("effect = { later = 1, now = -1 }", "effect = { latr = 1, now = -1 }",
     'unknown arm "latr" (did you mean "later"?)'),
    ('direction = "below"', 'direction = "lower"', 'checks[0].direction: got "lower"'),
    ('scenario = "us_commits"\n[arms.later]', 'scenario = "us_comits"\n[arms.later]',
     'no scenario "us_comits" (did you mean "us_commits"?)'),
    ("decision_delay_weeks = 26", "decision_delay_weeks = -1",
     "decision_delay_weeks: got -1, out of range"),
    ("margin = -0.05", "margin = 0.0",
     "checks[0].margin: got 0 for a difference \"below\"; allowed: a negative margin"),
    ('direction = "below"\nmargin = -0.05', 'direction = "above"\nmargin = -0.05',
     "allowed: a positive margin"),
    ('claim = "Delay hurts."', 'claim = "Delay hurts."\nwhere = 1', "unknown key"),
    ('[arms.later]\n', '[arms.later]\nweeks = 0\n',
     "arms.later.weeks: got 0; allowed: an integer from 1 to 1040"),
])
def test_bad_claim_files_name_the_file_and_key(write_toml, old, new, message):
    path = write_toml("bad.toml", CLAIM.replace(old, new))
    with pytest.raises(ClaimError) as error:
        load_claim(path)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)


def test_an_arm_runs_to_its_own_horizon_and_a_window_must_fit_it(write_toml):
    window = CLAIM.replace('metric = "agreement"', 'metric = "russia_gain_km2_after_decision"'
                           ).replace('direction = "below"\nmargin = -0.05',
                                     'direction = "above"\nmargin = 400')
    assert "after_decision" in window and "margin = 400" in window
    with pytest.raises(ClaimError, match="arms.later.weeks: runs 104 weeks, but its measure "
                                         "after the decision needs 104 weeks after week 26; "
                                         "allowed: weeks = 130 or more"):
        load_claim(write_toml("short.toml", window))
    roomy = window.replace("[arms.now]\n", "[arms.now]\nweeks = 130\n").replace(
        "[arms.later]\n", "[arms.later]\nweeks = 130\n")
    result = evaluate([load_claim(write_toml("roomy.toml", roomy))], reps=20).results[0]
    assert math.isfinite(result.checks[0].effect.value)


def test_bad_where_is_refused(write_toml):
    path = write_toml("w.toml", CLAIM.replace('[arms.now]\n', '[arms.now]\nwhere = "front > 0"\n'))
    with pytest.raises(ClaimError, match='arms.now.where: unknown column "front"'):
        load_claim(path)


def test_cli_writes_the_report(tmp_path):
    out = tmp_path / "claims"
    result = CliRunner().invoke(main, ["claims", "--only", "C7", "--only", "c10", "-n", "60",
                                       "--sets", "4", "--set-reps", "20", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "C7 " in result.output and "C10" in result.output
    assert "not a finding" in " ".join(result.output.split())
    import pandas as pd
    table = pd.read_csv(out / "claims.csv")
    assert list(table.columns[:8]) == ["id", "paragraph", "verdict", "metric", "effect",
                                       "ci_low", "ci_high", "reps"]
    assert list(table["id"]) == ["C7", "C10"] and (table["reps"] == 60).all()
    report = (out / "claims.md").read_text()
    assert "charts/C7.png" in report and "Conditional projections, not forecasts" in report
    assert (out / "charts" / "C10.png").stat().st_size > 10_000
    assert len(pd.read_csv(out / "checks.csv")) == 3
    # over the plausible worlds: 4 of them, their shares, the pooled verdict beside
    assert "each claim decided in 4 plausible worlds" in result.output
    assert (table["worlds"] == 4).all() and (table["holds_low"] <= table["holds"]).all()
    assert set(table["pooled_verdict"]) <= {"supported", "not supported", "inconclusive",
                                            "untestable", "calibrated"}
    assert "*Over 4 plausible worlds*" in report
    # beside the verdicts: whether the world they run in reproduces the record
    assert "this world against the record: fits 2023-24" in result.output
    assert "- This world against the record: fits 2023-24" in report
    fit = json.loads((out / "manifest.json").read_text())["world_fit"]
    assert fit["fits"] is True and fit["largest_implausibility"] <= 3


@pytest.mark.parametrize("args, message", [
    (["--only", "C99"], '--only: no claim "C99"'),
    (["--assume", "nope.toml"], "nope.toml: no such file"),
    (["--assume", str(ROOT / "scenarios" / "aid_cut.toml")],
     "an assumption set cannot have events"),
    (["--claims", "nowhere"], "nowhere: no such claims file or folder"),
])
def test_cli_bad_input(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["claims", "--claims", str(ROOT / "claims"), *args]
                                if "--claims" not in args else ["claims", *args])
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output and not (tmp_path / "results").exists()


def test_select_claims_unknown_id():
    with pytest.raises(SimError, match='did you mean "C1"'):
        select_claims(CLAIMS, ["C1x"])


def test_same_claims_same_seed_same_bytes(tmp_path):
    for name in ("a", "b"):
        result = CliRunner().invoke(main, ["claims", "--claims", str(ROOT / "claims"), "--only",
                                           "C14", "-n", "80", "--sets", "3", "--set-reps", "20", "-q",
                                           "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    for file in ("claims.csv", "checks.csv", "claims.md"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
