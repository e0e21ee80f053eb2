"""`sim compare`'s statistics, checked by hand on small synthetic summaries."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from sim.analysis.compare import METRIC_KEYS, compare
from sim.ensemble.resultsets import compatibility_warnings, load_result_set, load_result_sets
from sim.errors import ResultsError
from sim.model import MODEL_VERSION

NAN = math.nan


def write_summary(folder, name, outcomes, talks, ceasefires, gains, seeds=None,
                  weeks=104, model_version=MODEL_VERSION, manifest=True, aid_us=None):
    """A results folder holding a synthetic summary.csv (and manifest.json); ``gains`` is
    the ground Russia gained in each run (km2), ``aid_us`` US aid (EUR bn a year)."""
    folder.mkdir(parents=True)
    n = len(outcomes)
    pd.DataFrame({
        "scenario": name, "run": range(n), "seed": seeds or range(1, n + 1),
        "outcome": outcomes, "talks_week": talks, "serious_talks_week": ceasefires,
        "ceasefire_week": ceasefires, "relapse_week": [NAN] * n,
        "russia_gain_km2": gains, "aid_us_eur_bn_a_year": aid_us or [10.8] * n,
        "aid_europe_eur_bn_a_year": [17.0] * n,
        "russia_fossil_revenue_eur_bn_a_month": [22.5] * n,
        "russia_shells_produced_a_month": [250_000.0] * n,
    }).to_csv(folder / "summary.csv", index=False)
    if manifest:
        record(folder, model_version, weeks)
    return folder


def record(folder, model_version=MODEL_VERSION, weeks=104):
    """A manifest.json for the summary.csv in ``folder`` as it is now."""
    from sim.ensemble.folders import file_digest

    summary = folder / "summary.csv"
    (folder / "manifest.json").write_text(json.dumps(
        {"model_version": model_version, "weeks": weeks, "seed": 1, "reproduce": {},
         "files": {"summary.csv": {"rows": 0, "bytes": summary.stat().st_size,
                                   "sha256": file_digest(summary)}}}))


@pytest.fixture
def reference(tmp_path):
    return write_summary(tmp_path / "ref", "ref",
                         ["ceasefire", "ceasefire", "stalemate", "talks_without_agreement"],
                         [3, 5, NAN, 10], [8, 12, NAN, NAN], [-2_000, -6_000, 4_000, 0],
                         aid_us=[10.8, 10.8, 28.8, 28.8])


def test_estimates_match_hand_computation(reference, tmp_path):
    other = write_summary(tmp_path / "other", "other", ["ceasefire"] * 4, [2, 4, 6, 8],
                          [5, 6, 7, 9], [-4_000, -8_000, 2_000, -2_000])
    comparison = compare(load_result_sets([reference, other]))
    share = comparison.row("ref", "share.ceasefire")
    # Wilson 2/4: centre 0.5, half-width 1.96 * sqrt(1/16 + 3.8415/64) / 1.9604 = 0.34997
    assert share.value == 0.5
    assert share.ci_low == pytest.approx(0.150039, abs=1e-6)
    assert share.ci_high == pytest.approx(0.849961, abs=1e-6)
    talks = comparison.row("ref", "weeks_to_talks")  # weeks 3, 5, 10 in three runs of four
    assert (talks.value, talks.q1, talks.q3, talks.n, talks.runs) == (5, 4, 7.5, 3, 4)
    gain = comparison.row("ref", "russia_gain_km2")
    # mean -1000, sd 4163.332, t(0.975, 3) = 3.182446 -> half-width 6624.82
    assert gain.value == pytest.approx(-1_000)
    assert gain.ci_low == pytest.approx(-7_624.82, abs=0.2)
    assert gain.ci_high == pytest.approx(5_624.82, abs=0.2)
    assert gain.digits == 0  # whole km2
    aid = comparison.row("ref", "aid_us_eur_bn_a_year")
    # mean 19.8, sd 10.392305 -> half-width 16.536
    assert aid.value == pytest.approx(19.8) and aid.digits == 1
    assert aid.ci_low == pytest.approx(19.8 - 16.536, abs=1e-3)
    # Same run seeds: paired. Russia gains 2000 km2 less in every run -> paired t
    # interval of zero width.
    assert comparison.paired == [True, True]
    diff = comparison.row("other", "russia_gain_km2")
    assert diff.diff == pytest.approx(-2_000) and diff.diff_method == "t-paired"
    assert diff.diff_high == pytest.approx(-2_000) and diff.excludes_zero


def test_all_runs_one_outcome_and_no_ceasefires(tmp_path):
    a = write_summary(tmp_path / "a", "a", ["stalemate"] * 5, [NAN] * 5, [NAN] * 5,
                      [0, 2_000, -2_000, 0, -1_000])
    b = write_summary(tmp_path / "b", "b", ["stalemate"] * 5, [NAN] * 5, [NAN] * 5,
                      [0, 2_000, -2_000, 0, -1_000], seeds=[9, 8, 7, 6, 5])
    comparison = compare(load_result_sets([a, b]))
    assert comparison.paired == [True, False]
    stalemate = comparison.row("b", "share.stalemate")
    assert stalemate.value == 1 and stalemate.ci_high == 1
    assert stalemate.diff == 0 and stalemate.diff_method == "newcombe"
    assert stalemate.diff_low < 0 < stalemate.diff_high and not stalemate.excludes_zero
    ceasefire = comparison.row("b", "weeks_to_ceasefire")
    assert ceasefire.n == 0 and math.isnan(ceasefire.value) and math.isnan(ceasefire.diff)
    assert comparison.row("b", "russia_gain_km2").diff_method == "welch"


def test_one_run(tmp_path):
    a = write_summary(tmp_path / "a", "a", ["ceasefire"], [4], [9], [-4_000])
    b = write_summary(tmp_path / "b", "b", ["stalemate"], [NAN], [NAN], [2_000])
    comparison = compare(load_result_sets([a, b]))
    gain = comparison.row("b", "russia_gain_km2")
    assert gain.diff == pytest.approx(6_000) and math.isnan(gain.diff_low)
    assert math.isnan(comparison.row("a", "russia_gain_km2").ci_low)
    share = comparison.row("b", "share.ceasefire")
    assert share.diff == -1 and share.diff_low >= -1


def test_tidy_frame_has_one_row_per_scenario_and_metric(reference, tmp_path):
    other = write_summary(tmp_path / "o", "o", ["stalemate"] * 4, [NAN] * 4, [NAN] * 4,
                          [0] * 4)
    frame = compare(load_result_sets([reference, other])).frame()
    assert len(frame) == 2 * len(METRIC_KEYS)
    assert set(frame["metric"]) == set(METRIC_KEYS)
    assert list(frame.columns[:3]) == ["scenario", "reference", "metric"]
    assert (frame.loc[frame["scenario"] == "ref", "diff_method"] == "reference").all()


def test_results_of_another_model_version_are_refused(reference, tmp_path):
    old = write_summary(tmp_path / "old", "old", ["stalemate"], [NAN], [NAN], [0],
                        model_version="2")
    for force in (False, True):  # --force reads what has no manifest, not another model's
        with pytest.raises(ResultsError) as refused:
            load_result_sets([reference, old], force=force)
        message = str(refused.value)
        assert message.startswith(f"{old}: made by model version 2") and "\n" not in message


def test_warnings_for_horizons_and_missing_manifests(reference, tmp_path):
    short = write_summary(tmp_path / "short", "short", ["stalemate"], [NAN], [NAN], [0],
                          weeks=52)
    bare = write_summary(tmp_path / "bare", "bare", ["stalemate"], [NAN], [NAN], [0],
                         manifest=False)
    with pytest.raises(ResultsError, match="bare: no manifest.json beside it, so these "
                                           "results cannot be checked"):
        load_result_sets([reference, bare])
    text = "\n".join(compatibility_warnings(load_result_sets([reference, short, bare],
                                                              force=True)))
    assert "different horizons in weeks (ref: 104, short: 52)" in text
    assert "bare: USED UNCHECKED (`force=True`): no manifest.json beside it" in text
    assert "different model versions" not in text  # one version, or refused


def test_same_scenario_twice_gets_distinct_labels(reference, tmp_path):
    again = write_summary(tmp_path / "again", "ref", ["stalemate"], [NAN], [NAN], [0])
    labels = [s.label for s in load_result_sets([reference, again])]
    assert labels == ["ref", "again"]  # their folders, in full


def test_a_long_label_is_shown_in_full_within_80_columns(reference, tmp_path):
    from sim.analysis.compare import compare
    from sim.report.tables import comparison_table
    name = "us_commits_with_a_much_longer_folder_name"
    again = write_summary(tmp_path / name, "ref", ["stalemate"], [NAN], [NAN], [0])
    table = comparison_table(compare(load_result_sets([reference, again])))
    assert f"  {name}\n" in table and "~" not in table
    assert max(len(line) for line in table.splitlines()) <= 80


@pytest.mark.parametrize("mutate, message", [
    (lambda f: f.drop(columns=["russia_gain_km2", "outcome"]),
     "missing column(s) outcome, russia_gain_km2"),
    (lambda f: f.assign(outcome="victory"), "unknown value 'victory'"),
    (lambda f: f.assign(scenario=["a", "b", "a", "b"]), "holds several scenarios (a, b)"),
    (lambda f: f.iloc[:0], "has no runs"),
])
def test_bad_summaries_are_refused(reference, mutate, message):
    path = reference / "summary.csv"
    mutate(pd.read_csv(path)).to_csv(path, index=False)
    record(reference)  # as if written so: the content is what is wrong
    with pytest.raises(ResultsError, match=f"^{re.escape(str(path))}: .*{re.escape(message)}"):
        load_result_set(reference)


def test_not_a_result_and_the_same_result_twice(reference, tmp_path):
    with pytest.raises(ResultsError, match="not a results folder"):
        load_result_set(tmp_path)
    with pytest.raises(ResultsError, match="no such results folder"):
        load_result_set(tmp_path / "nope")
    with pytest.raises(ResultsError, match="is the same results as"):
        load_result_sets([reference, reference / "summary.csv"])
