"""`sim run --from FOLDER --at DATE`: saved runs continued from a date under new levers (a
move in a wargame), paired one to one with the runs they continue."""

from __future__ import annotations

import datetime
import json
import shutil

import pytest
from click.testing import CliRunner

from cli import main
from sim.scenarios.loading import load_scenario
from sim.scenarios.moves import MOVE_LEVERS, continued, move_week
from tests.conftest import SCENARIOS, one_line_error

US_COMMITS = str(SCENARIOS / "us_commits.toml")
#: Week 9 of the runs (2025-09-04 + 63 days), and a date inside that week's run-up.
MOVE_DATE, MOVE_WEEK = "2025-11-06", 9
DATA_FILES = ("summary.csv", "timeseries.csv", "actors.csv")


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A small saved `sim run` folder: us_commits, 6 runs, 20 weeks."""
    folder = tmp_path_factory.mktemp("saved") / "us_commits"
    result = CliRunner().invoke(main, ["run", US_COMMITS, "-n", "6", "--set",
                                       "scenario.weeks=20", "-q", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def continue_run(saved, out, *args: str):
    return CliRunner().invoke(main, ["run", "--from", str(saved), "--at", MOVE_DATE,
                                     "-q", "-o", str(out), *args])


def rows_by_week(path) -> dict[int, list[str]]:
    """Each week's rows of a weekly table, as the bytes (lines) the file holds."""
    lines = path.read_text().splitlines()
    header, rows = lines[0], lines[1:]
    week = header.split(",").index("week")
    grouped: dict[int, list[str]] = {}
    for row in rows:
        grouped.setdefault(int(row.split(",")[week]), []).append(row)
    return grouped


def column(path, name: str, week: int) -> list[str]:
    lines = path.read_text().splitlines()
    index = lines[0].split(",").index(name)
    return [row.split(",")[index] for row in rows_by_week(path)[week]]


def test_a_move_keeps_the_runs_before_its_date_and_changes_them_after(saved, tmp_path):
    out = tmp_path / "moved"
    result = continue_run(saved, out, "--set", "united_states.military_aid=0")
    assert result.exit_code == 0, result.output
    assert f"is week {MOVE_WEEK}" in result.output
    before, after = rows_by_week(saved / "timeseries.csv"), rows_by_week(out / "timeseries.csv")
    for week in range(MOVE_WEEK):
        assert after[week] == before[week], week
    for table in ("timeseries.csv", "actors.csv"):
        assert rows_by_week(out / table)[0] == rows_by_week(saved / table)[0]
    late = MOVE_WEEK + 10  # once aid's delivery lag has passed, US aid is down in every run
    moved = column(out / "timeseries.csv", "aid_us_eur_bn", late)
    kept = column(saved / "timeseries.csv", "aid_us_eur_bn", late)
    assert all(float(m) < float(k) for m, k in zip(moved, kept, strict=True))
    # the same runs: every run's seed, in order
    seeds = [line.split(",")[2] for line in (out / "summary.csv").read_text().splitlines()]
    assert seeds == [line.split(",")[2] for line in (saved / "summary.csv").read_text()
                     .splitlines()]


def test_the_manifest_records_the_move_and_its_command_reproduces_it(saved, tmp_path):
    out = tmp_path / "moved"
    assert continue_run(saved, out, "--set", "european_union.military_aid=0.2").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    continues = manifest["continues"]
    assert continues["folder"] == str(saved)
    assert continues["move"] == {"at": MOVE_DATE, "week": MOVE_WEEK, "week_starts": MOVE_DATE,
                                 "levers": {"european_union.military_aid": 0.2},
                                 "already_in_force": []}
    saved_manifest = json.loads((saved / "manifest.json").read_text())
    assert continues["summary_sha256"] == saved_manifest["files"]["summary.csv"]["sha256"]
    again = tmp_path / "again"
    arguments = manifest["reproduce"]["arguments"]
    assert arguments[:2] == ["sim", "run"]
    assert CliRunner().invoke(main, [*arguments[1:], "-q", "--out", str(again)]).exit_code == 0
    for name in DATA_FILES:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_a_move_that_changes_nothing_gives_the_saved_runs_byte_for_byte(saved, tmp_path):
    out = tmp_path / "same"
    result = continue_run(saved, out, "--set", "united_states.military_aid=0.8",
                          "--set", "united_states.stance=commits")
    assert result.exit_code == 0, result.output
    assert "changes no lever" in result.output
    for name in DATA_FILES:
        assert (out / name).read_bytes() == (saved / name).read_bytes(), name


def test_a_date_is_snapped_to_the_first_week_starting_on_or_after_it():
    scenario = load_scenario(US_COMMITS)
    assert move_week(scenario, "2025-11-06") == (datetime.date(2025, 11, 6), 9)
    assert move_week(scenario, "2025-11-07")[1] == 10
    unchanged, move = continued(scenario, "2025-11-07", {"united_states.sanctions": 0.8})
    assert unchanged is scenario and move.unchanged == ("united_states.sanctions",)
    moved, move = continued(scenario, "2025-11-07", {"united_states.sanctions": 0.2})
    assert moved.events[-1].week == 10 and dict(moved.events[-1].changes) == {
        "united_states.sanctions": 0.2}
    assert move.date == datetime.date(2025, 11, 13)
    assert "world.unity" not in MOVE_LEVERS and "united_states.stance" in MOVE_LEVERS


def _changed_timeseries(folder):
    path = folder / "timeseries.csv"
    path.write_text(path.read_text().replace(",0,1,", ",0,2,", 1))


def _other_model_version(folder):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["model_version"] = "6"
    path.write_text(json.dumps(manifest))


def _no_manifest(folder):
    (folder / "manifest.json").unlink()


def _edited_scenario(folder):
    """The manifest's scenario edited (its own hashes cover the data files, not itself)."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["scenario"]["params"]["world.unity"] = 0.3
    path.write_text(json.dumps(manifest))


def _move_file_with_a_seed(folder):
    (folder / "move.toml").write_text('[scenario]\nseed = 5\n\n[actors.united_states]\n'
                                      'military_aid = 0.2\n')


@pytest.mark.parametrize("args, damage, message", [
    (["--at", "2030-01-01"], None, ("--at: got 2030-01-01; allowed: a date after the runs' "
                                    "start 2025-09-04 and by 2026-01-15")),
    (["--at", "2025-09-04"], None, "--at: got 2025-09-04; allowed: a date after"),
    (["--at", "2026-02-30"], None, '--at: got "2026-02-30"; allowed: a date as YYYY-MM-DD'),
    (["--at", "next spring"], None, '--at: got "next spring"'),
    (["--at", MOVE_DATE, "--set", "world.unity=0.9"], None,
     "world.unity: a setting of the world, not one actor's choice, so not a lever"),
    (["--at", MOVE_DATE, "--set", "china.economic_support=0"], None,
     "China's choice, not the West's"),
    (["--at", MOVE_DATE, "--set", "united_states.militray_aid=0"], None,
     'did you mean "united_states.military_aid"?'),
    (["--at", MOVE_DATE, "--reps", "3"], None, "--reps: a continuation reruns the saved runs"),
    (["--at", MOVE_DATE, str(SCENARIOS / "aid_cut.toml")], None, "may hold no events"),
    (["--at", MOVE_DATE], _changed_timeseries, "timeseries.csv: damaged or changed"),
    (["--at", MOVE_DATE], _other_model_version, "made by model version 6"),
    (["--at", MOVE_DATE], _no_manifest, "not a results folder of `sim run`"),
    (["--at", MOVE_DATE], _edited_scenario, ("its runs are not what the scenario in its "
                                             "manifest.json gives")),
    (["--at", MOVE_DATE, "MOVE"], _move_file_with_a_seed, ("scenario.seed: a move keeps the "
                                                           "saved runs' own runs, seed")),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(saved, tmp_path, monkeypatch, args,
                                                          damage, message):
    monkeypatch.chdir(tmp_path)
    folder = saved
    if damage is not None:
        folder = tmp_path / "copy"
        shutil.copytree(saved, folder)
        damage(folder)
    args = [str(folder / "move.toml") if a == "MOVE" else a for a in args]
    result = CliRunner().invoke(main, ["run", "--from", str(folder), *args])
    assert message in one_line_error(result)
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize("make", ["missing", "file", "empty"])
def test_a_folder_that_is_not_a_run_folder_is_refused(tmp_path, monkeypatch, make):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "runs"
    if make == "file":
        folder.write_text("not a folder")
    elif make == "empty":
        folder.mkdir()
    result = CliRunner().invoke(main, ["run", "--from", str(folder), "--at", MOVE_DATE])
    assert "runs: " in one_line_error(result)
    assert not (tmp_path / "results").exists()


def test_from_and_at_go_together(saved, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "--from needs --at" in one_line_error(
        CliRunner().invoke(main, ["run", "--from", str(saved)]))
    assert "--at needs --from" in one_line_error(
        CliRunner().invoke(main, ["run", "--at", MOVE_DATE]))
    assert not (tmp_path / "results").exists()
