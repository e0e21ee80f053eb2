"""The held-out year: `sim predict` commits the 2025 predictions with their digest, and
`sim validate` scores only predictions its manifest vouches for."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from sim.analysis.validation import interval_score, naive_forecasts, predictable
from sim.scenarios.record import Role, load_record
from tests.conftest import ROOT

RECORD = load_record(ROOT / "record")
TARGETS = {t.id: t for t in RECORD.targets}


@pytest.mark.parametrize("low, high, observed, expected", [
    (10.0, 20.0, 15.0, 10.0),             # inside: the width
    (10.0, 20.0, 25.0, 10.0 + 20 * 5.0),  # above: width + 2/alpha x the miss
    (10.0, 20.0, 8.0, 10.0 + 20 * 2.0),   # below
    (12.0, 12.0, 15.0, 60.0),             # a point forecast: 20 x its miss
])
def test_the_interval_score(low, high, observed, expected):
    assert interval_score(low, high, observed) == pytest.approx(expected)


def test_the_naive_forecasts_come_from_the_fit_years_alone():
    gain_2023, gain_2024 = TARGETS["gain-2023"].value, TARGETS["gain-2024"].value
    naive = naive_forecasts(RECORD, TARGETS["gain-2025"])
    assert naive == {"2024 repeated": gain_2024,
                     "2023-24 trend": pytest.approx(gain_2024 + (gain_2024 - gain_2023), rel=1e-3)}
    for target in RECORD.with_role(Role.VALIDATE):
        if target.id in ("gain-2025", "held-2026-01", "revenue-2025-05", "revenue-2025-09"):
            assert set(naive_forecasts(RECORD, target)) == {"2024 repeated", "2023-24 trend"}


def test_sim_predict_and_validate(tmp_path):
    runner = CliRunner()
    out = tmp_path / "predictions"
    made = runner.invoke(main, ["predict", "-n", "40", "-q", "--out", str(out)])
    assert made.exit_code == 0, made.output
    frame = pd.read_csv(out / "predictions.csv")
    assert list(frame["target"]) == ["gain-2025", "held-2026-01", "revenue-2025-05",
                                     "revenue-2025-09"]
    assert (frame["p5"] <= frame["p50"]).all() and (frame["p50"] <= frame["p95"]).all()
    again = runner.invoke(main, ["predict", "-n", "40", "-q", "--out", str(tmp_path / "again")])
    assert again.exit_code == 0
    assert (tmp_path / "again" / "predictions.csv").read_bytes() == \
        (out / "predictions.csv").read_bytes()  # deterministic
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["predictions_sha256"] and manifest["calibration"]
    scored = runner.invoke(main, ["validate", str(out), "--out", str(tmp_path / "scores")])
    assert scored.exit_code == 0, scored.output
    assert "inside the 90% interval" in scored.output
    assert "Conditional projections, not forecasts" in scored.output
    scores = pd.read_csv(tmp_path / "scores" / "scores.csv")
    assert set(scores["target"]) == set(frame["target"])
    assert (scores["interval_score"] >= scores["p95"] - scores["p5"] - 1e-9).all()


def test_edited_predictions_are_refused(tmp_path):
    runner = CliRunner()
    out = tmp_path / "predictions"
    assert runner.invoke(main, ["predict", "-n", "20", "-q", "--out", str(out)]).exit_code == 0
    text = (out / "predictions.csv").read_text()
    (out / "predictions.csv").write_text(text.replace("gain-2025,20,", "gain-2025,21,"))
    refused = runner.invoke(main, ["validate", str(out), "--out", str(tmp_path / "s")])
    assert refused.exit_code == 2
    assert "predictions.csv" in refused.output and "changed after" in refused.output
    assert not (tmp_path / "s").exists()
    missing = runner.invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "sim predict" in missing.output


def test_every_predictable_target_is_held_out():
    dates = [TARGETS["gain-2025"].period.start.replace(year=2022), TARGETS["held-2026-01"].period.end]
    assert {t.role for t in predictable(RECORD, dates)} == {Role.VALIDATE}


def test_a_full_disk_keeps_the_previous_predictions_and_scores(tmp_path):
    from tests.test_robustness import _left_behind, _with_a_full_disk

    out, scores = tmp_path / "predictions", tmp_path / "scores"
    runner = CliRunner()
    assert runner.invoke(main, ["predict", "-n", "20", "-q", "--out", str(out)]).exit_code == 0
    assert runner.invoke(main, ["validate", str(out), "-q", "--out", str(scores)]).exit_code == 0
    before = {p: p.read_bytes() for folder in (out, scores) for p in folder.iterdir()}
    for args in (["predict", "-n", "30", "-q", "--out", str(out)],
                 ["validate", str(out), "-q", "--out", str(scores)]):
        done = _with_a_full_disk(args, limit=200)
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "writing failed" in done.stderr
    assert {p: p.read_bytes() for folder in (out, scores) for p in folder.iterdir()} == before
    assert _left_behind(tmp_path) == []


def test_every_output_cites_the_held_out_years_score(tmp_path):
    """The note every output carries says how many 2025 targets the 90% intervals covered,
    from the shipped scores; without a scores file it leaves the score out."""
    from sim.ensemble.writer import PROJECTION_NOTE, SCORES_FILE, projection_note

    scores = pd.read_csv(SCORES_FILE)
    assert (f"scored on 2025 ({int(scores['covered'].sum())} of {len(scores)} held-out "
            "targets inside its 90% intervals)") in PROJECTION_NOTE
    one_missed = tmp_path / "scores.csv"
    one_missed.write_text("target,covered\na,True\nb,False\n")
    assert "(1 of 2 held-out targets" in projection_note(one_missed)
    alone = projection_note(tmp_path / "missing.csv")
    assert alone.startswith("Conditional projections, not forecasts") and "scored" not in alone
