"""`sim explore`: sampling, sensitivity, PRIM boxes, claims across a space, resuming."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.analysis.claims import load_claims
from sim.analysis.evaluate import Assumptions, select_claims
from sim.analysis.explore import prepare
from sim.analysis.sampling import sample
from sim.analysis.sensitivity import ranked
from sim.ensemble import plan as plan_module
from sim.errors import SimError
from sim.report.commands import explore_space
from sim.report.studies import evaluate, explore
from sim.scenarios.space import load_space
from tests.conftest import ROOT, SCENARIOS, Interrupt

BASELINE = str(SCENARIOS / "baseline.toml")


@pytest.fixture(autouse=True)
def fewer_resamples(monkeypatch):
    """The indices' bootstrap intervals from 10 resamples, not 100: the tests here check
    values, rankings and bytes, not interval widths (RBD-FAST's bootstrap is most of an
    exploration's fixed cost)."""
    from sim.analysis import sensitivity

    monkeypatch.setattr(sensitivity, "RESAMPLES", 10)


def write_space(folder: Path, uncertain: str, explore: str = "", name: str = "space.toml") -> Path:
    path = folder / name
    path.write_text(f'[explore]\nscenario = "{BASELINE}"\n{explore}\n[uncertain]\n{uncertain}\n')
    return path


SMALL = ('"world.sanctions_bite" = [0.005, 0.04]\n"russia.production" = [0.05, 0.075]\n'
         '"world.aid_delivery_lag_weeks" = [4, 16]\n"united_states.stance" = ["commits", '
         '"hesitates"]\n')


# ---- the space file ----------------------------------------------------------------------

@pytest.mark.parametrize(("uncertain", "explore_table", "message"), [
    ('"world.sanctions_bit" = [0.0, 0.1]', "", 'did you mean "world.sanctions_bite"'),
    ('"world.sanctions_bite" = [0.3, 0.1]', "", "an empty or inverted range"),
    ('"world.sanctions_bite" = [0.1, 0.1]', "", "an empty or inverted range"),
    ('"world.sanctions_bite" = [0.0, 0.9]', "", "out of range; allowed: a number from 0 to 0.5"),
    ('"united_states.stance" = ["commits", "dithers"]', "", 'one of "commits"'),
    ('"world.start" = ["status_quo", "scenario_balance"]', "", "cannot vary within an exploration"),
    ('"world.sanctions_bite" = [0.1]', "", "allowed: [low, high]"),
    ('"world.sanctions_bite" = [0.0, 0.1]', "pionts = 8", 'did you mean "points"'),
    ('"world.sanctions_bite" = [0.0, 0.1]', 'method = "sobel"', 'did you mean "sobol"'),
    ('"world.sanctions_bite" = [0.0, 0.1]', "reps = 0", "allowed: an integer from 2"),
])
def test_bad_space_files_are_one_line_errors(tmp_path, uncertain, explore_table, message):
    space = write_space(tmp_path, uncertain, explore_table)
    result = CliRunner().invoke(main, ["explore", str(space), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert str(space) in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_space_with_one_parameter_has_no_boxes_to_find(tmp_path):
    space = write_space(tmp_path, '"world.sanctions_bite" = [0.005, 0.04]')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["explore", str(space), "--out", str(out)])
    assert result.exit_code == 2 and "PRIM needs at least two parameters" in result.output
    assert not out.exists()
    result = CliRunner().invoke(main, ["explore", str(space), "--no-boxes", "--points", "8",
                                       "-n", "10", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert not (out / "boxes.csv").exists()  # none asked for, none written


def test_sobol_rounds_its_base_size_to_a_power_of_two_and_says_so(tmp_path):
    space = load_space(write_space(tmp_path, SMALL), method="sobol", points=12)
    drawn = sample(space)
    assert drawn.base == 16 and "rounded to 16" in drawn.note
    assert drawn.points == 16 * (len(space.uncertain) + 2)


def test_a_spaces_model_table_fixes_the_sub_models_of_every_point(tmp_path):
    path = write_space(tmp_path, SMALL)
    path.write_text(path.read_text() + '\n[model]\nbattle = "defence_dominant"\n')
    space = load_space(path, points=4)
    assert dict(space.model) == {"model.battle": "defence_dominant"}
    from sim.analysis.claims import load_claims
    from sim.analysis.explore import prepare
    prepared = prepare(space, select_claims(load_claims([ROOT / "claims"]), ["C1", "C13"]))
    assert {job.scenario.params["model.battle"] for job in prepared.jobs} == {
        "defence_dominant"}  # the space's scenario and every claim's arm
    default = path.read_text().replace('"defence_dominant"', '"lanchester"')
    path.write_text(default)
    assert dict(load_space(path).model) == {}  # choosing the default is no choice
    path.write_text(default.replace('"lanchester"', '"defence_dominant"'))
    path.write_text(path.read_text().replace('"defence_dominant"', '"trench"'))
    with pytest.raises(SimError, match='model.battle: got "trench".*allowed'):
        load_space(path)
    varied = write_space(tmp_path, SMALL + '"model.battle" = ["lanchester", "defence_dominant"]\n',
                         name="varied.toml")
    with pytest.raises(SimError, match="fixes the structure of a run"):
        load_space(varied)


def test_samples_respect_ranges_types_and_seed(tmp_path):
    space = load_space(write_space(tmp_path, SMALL), points=40)
    first, again = sample(space), sample(space)
    assert np.array_equal(first.matrix, again.matrix)
    assert first.values["world.aid_delivery_lag_weeks"].dtype.kind == "i"
    assert set(first.values["united_states.stance"]) == {"commits", "hesitates"}
    bite = first.values["world.sanctions_bite"]
    assert bite.min() >= 0.005 and bite.max() <= 0.04
    other = sample(load_space(write_space(tmp_path, SMALL, "seed = 2"), points=40))
    assert not np.array_equal(first.matrix, other.matrix)


def test_bad_find_expressions_are_errors(tmp_path):
    space = write_space(tmp_path, SMALL)
    result = CliRunner().invoke(main, ["explore", str(space), "--find", "agreemnt > median",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and 'did you mean "agreement"' in result.output


# ---- what it finds ------------------------------------------------------------------------

RANKING_SPACE = ('"russia.production" = [0.04, 0.08]\n'
                 '"turkey.bandwagoning" = [0.4, 0.6]\n'
                 '"world.unity_noise" = [0.004, 0.006]\n')


def one_at_a_time_effects(measure: str) -> dict[str, float]:
    """How far the measure moves when each parameter goes from its low to its high end
    with the others at their defaults (the same runs' seeds)."""
    scenario = sim.load_scenario(BASELINE)
    effects = {}
    for key, low, high in (("russia.production", 0.04, 0.08), ("turkey.bandwagoning", 0.4, 0.6),
                           ("world.unity_noise", 0.004, 0.006)):
        ends = [sim.run(scenario.with_values({key: v}), reps=200, seed=1, actors=False)
                .summary[measure].mean() for v in (low, high)]
        effects[key] = abs(ends[1] - ends[0])
    return effects


@pytest.mark.slow
@pytest.mark.parametrize(("method", "points", "index"), [("sobol", 32, "ST"),
                                                         ("morris", 12, "mu_star")])
def test_the_parameter_with_the_largest_effect_ranks_first(tmp_path, method, points, index):
    # The premise, checked on the real model: production moves the front (the ground
    # Russia gains) far more than the other two parameters do over their ranges.
    effects = one_at_a_time_effects("russia_gain_km2_mean")
    strongest = max(effects, key=effects.get)
    assert strongest == "russia.production"
    assert all(effects[strongest] > 5 * e for k, e in effects.items() if k != strongest)
    space = load_space(write_space(tmp_path, RANKING_SPACE), method=method, points=points,
                       reps=40)
    exploration = explore(space, boxes=False)
    top = ranked(exploration.indices, "russia_gain_km2_mean", method)
    assert top[0].parameter == "russia.production" and top[0].index == index
    assert top[0].value > 2 * top[1].value


def test_a_point_is_decided_as_sim_claims_decides_it_under_the_same_assumptions(tmp_path):
    # World parameters no arm sets: at each point the claims see exactly what
    # `sim claims --assume` sees with the point's values as the assumption set.
    space = load_space(write_space(tmp_path, '"world.sanctions_bite" = [0.005, 0.04]\n'
                                             '"russia.weight_front" = [1.5, 4.5]\n'),
                       points=2, reps=60)
    claims = select_claims(load_claims([ROOT / "claims"]), ["C4", "C7", "C9"])
    exploration = explore(space, claims, boxes=False)
    for point in range(2):
        values = {k: v[point].item() for k, v in exploration.sample.values.items()}
        alone = evaluate(claims, reps=60, seed=space.seed,
                         assumptions=Assumptions("point", "", values, "test"))
        for result in alone.results:
            code = exploration.columns[f"{result.claim.id}.verdict"][point]
            assert result.verdict == ("supported", "calibrated", "not supported",
                                      "inconclusive", "untestable")[code]
            for number, check in enumerate(result.checks, start=1):
                prefix = f"{result.claim.id}.check{number}"
                assert exploration.columns[f"{prefix}.value"][point] == pytest.approx(
                    check.effect.value, abs=1e-12)
                assert exploration.columns[f"{prefix}.low"][point] == pytest.approx(
                    check.effect.low, abs=1e-9)


def test_claims_hold_what_their_arms_compare(tmp_path):
    # C4's arms are the US committing after different delays, each against the US
    # hesitating: a space that varies the President's stance must leave each arm its own.
    space = load_space(write_space(tmp_path, SMALL), points=4, reps=10)
    claims = select_claims(load_claims([ROOT / "claims"]), ["C4"])
    prepared = prepare(space, claims)
    assert "united_states.stance" in prepared.held["C4"]
    stances = {job.changes["united_states.stance"] for job in prepared.jobs[1:]}
    assert stances == {"commits", "hesitates"}
    assert all(job.scenario.weeks == 156 for job in prepared.jobs[1:])


@pytest.mark.slow
def test_claims_on_the_shipped_space_give_robustness_for_all_fourteen(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "explored"
    exploration, folder = explore_space(ROOT / "scenarios/spaces/open_assumptions.toml",
                                        points=8, reps=20, claims=True, out=out)
    robustness = pd.read_csv(folder / "robustness.csv")
    from sim.report.tables import exploration_table

    table = exploration_table(exploration)
    assert max(len(line) for line in table.splitlines()) <= 80
    [c6] = [line.split() for line in table.splitlines() if line.startswith("  C6 ")]
    row = robustness.set_index("claim").loc["C6"]  # calibrated apart from supported
    assert c6[1:3] == [f"{100 * row['supported']:.1f}%", f"{100 * row['calibrated']:.1f}%"]
    # parameters that cannot act here show how large noise is at 8 points (the baseline
    # cedes nothing, so what ceded defences are worth cannot act either; C14's arms do)
    assert exploration.inert_keys == ["us_congress.effectiveness", "world.ceded_defence_loss",
                                      "world.us_guarantee_credibility"]
    assert "cannot act in this space, yet score up to" in " ".join(table.split())
    assert list(robustness["claim"]) == [f"C{i}" for i in range(1, 15)]
    shares = robustness[["supported", "calibrated", "not_supported", "inconclusive",
                         "untestable"]].sum(axis=1)
    assert np.allclose(shares, 1.0)
    assert (robustness["supported_low"] <= robustness["supported"]).all()
    points = pd.read_csv(folder / "points.csv")
    assert len(points) == 8 and {"C1", "C14", "agreement", "world.sanctions_bite"} <= set(points)
    boxes = pd.read_csv(folder / "boxes.csv")
    assert boxes["box"].nunique() == 15  # the cease-fire target and one per claim
    assert (folder / "robustness.png").exists() and "| C14 |" in (folder / "report.md").read_text()


def test_a_ranking_is_noise_when_intervals_overlap_or_reach_zero():
    from sim.analysis.sensitivity import Index, noise_floor, order_is_noise, unsure_places

    def index(parameter, value, half):
        return Index(parameter, "m", "lhs", "S1", value, value - half, value + half)

    assert not order_is_noise([index("a", 0.6, 0.1), index("b", 0.3, 0.1)])
    assert order_is_noise([index("a", 0.6, 0.2), index("b", 0.3, 0.2)])
    assert order_is_noise([index("a", 0.1, 0.2)])
    assert order_is_noise([index("a", 0.7, float("nan")), index("b", 0.7, float("nan"))])
    rows = [index("a", 0.6, 0.1), index("inert", 0.35, 0.1), index("b", 0.3, 0.1)]
    assert noise_floor(rows, "m", "lhs", ["inert"]) == 0.35
    assert noise_floor(rows, "m", "lhs", []) is None
    # the first is sure; the second ties with the third within intervals; the third is noise
    rows = [index("a", 0.6, 0.05), index("b", 0.32, 0.05), index("c", 0.3, 0.05)]
    assert unsure_places(rows, floor=0.31) == [False, True, True]


# ---- outputs, determinism, interruption ---------------------------------------------------

def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_cli_writes_every_output_and_the_same_bytes_twice(tmp_path):
    space = write_space(tmp_path, SMALL)
    runner = CliRunner()
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = runner.invoke(main, ["explore", str(space), "--points", "24", "-n", "20",
                                      "--out", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(folder_bytes(out))
    assert outputs[0] == outputs[1]
    assert {"points.csv", "sensitivity.csv", "boxes.csv", "report.md", "manifest.json",
            "sensitivity.png"} <= set(outputs[0])
    assert "Conditional projections, not forecasts" in result.output
    assert "what decides each measure" in result.output
    sensitivity = pd.read_csv(tmp_path / "a" / "sensitivity.csv")
    assert list(sensitivity.columns) == ["parameter", "measure", "method", "index", "value",
                                         "ci_low", "ci_high"]
    assert set(sensitivity["index"]) == {"S1", "pawn_median"}
    points = pd.read_csv(tmp_path / "a" / "points.csv")
    assert len(points) == 24 and points["share_stalemate"].between(0, 1).all()
    assert not list(tmp_path.glob(".*partial"))  # the work in progress is cleared


LEAN = ("--no-boxes", "--no-sensitivity", "--no-figures")
ANALYSIS_LIBRARIES = ("ema_workbench", "SALib.analyze.rbd_fast", "SALib.analyze.pawn", "matplotlib")


def test_only_the_analyses_asked_for_are_computed_or_imported(tmp_path):
    """--no-boxes --no-sensitivity --no-figures: the per-point measures alone, the same
    as the full exploration's, and not one of the analysis libraries imported."""
    import subprocess
    import sys

    space = write_space(tmp_path, SMALL)
    full, lean = tmp_path / "full", tmp_path / "lean"
    result = CliRunner().invoke(main, ["explore", str(space), "--points", "24", "-n", "20",
                                       "--out", str(full)])
    assert result.exit_code == 0, result.output
    args = ["explore", str(space), "--points", "24", "-n", "20", "--out", str(lean), *LEAN]
    code = ("import sys; from cli import main\n"
            f"try: main({args!r})\n"
            "except SystemExit as stop: assert stop.code == 0, stop.code\n"
            f"print(sorted(m for m in {ANALYSIS_LIBRARIES!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert sorted(p.name for p in lean.iterdir()) == ["manifest.json", "points.csv",
                                                      "report.md"]
    assert (lean / "points.csv").read_bytes() == (full / "points.csv").read_bytes()
    assert "Not computed: the exploration was run with `--no-sensitivity`." in (
        lean / "report.md").read_text()
    assert "not computed (--no-sensitivity)" in done.stdout


def test_claims_without_sensitivity_say_nothing_was_ranked(tmp_path):
    """--claims --no-sensitivity: the robustness shares, but no decided_by columns that
    could read as "nothing decides it", and the report says the ranking was not computed."""
    space = write_space(tmp_path, SMALL)
    exploration, folder = explore_space(space, points=6, reps=10, claims=True,
                                        claim_paths=[ROOT / "claims" / "C09.toml"],
                                        boxes=False, sensitivity=False, figures=False,
                                        out=tmp_path / "out")
    robustness = pd.read_csv(folder / "robustness.csv")
    assert list(robustness["claim"]) == ["C9"]
    assert not [c for c in robustness.columns if c.startswith("decided_by")]
    report = (folder / "report.md").read_text()
    assert "*decided by* is not computed" in report and "| not computed |" in report
    assert not exploration.indices and not list(folder.glob("*.png"))



def test_interrupted_then_resumed_gives_the_bytes_of_one_uninterrupted_run(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setattr(plan_module, "PIECE_RUNS", 100)  # 5 points of 20 runs a piece
    space = write_space(tmp_path, SMALL)
    claims = {"claims": True, "claim_paths": [ROOT / "claims/C07.toml"], "keep_runs": True,
              "workers": 1}  # in this process: pieces finish in order
    whole, _ = explore_space(space, points=20, reps=20, out=tmp_path / "whole", **claims)
    out = tmp_path / "resumed"
    with pytest.raises(KeyboardInterrupt):
        # Stopped (Ctrl-C) as the first piece is done: it is kept, nothing else is.
        piece = 5 * 20 * whole.scenarios
        explore_space(space, points=20, reps=20, out=out, progress=Interrupt(piece),
                      **claims)
    assert not out.exists()
    partial = tmp_path / ".resumed.partial"
    assert len(list(partial.glob("piece-*.npz"))) == 1
    with pytest.raises(SimError, match="pass `resume=True` to continue it or `restart=True`"):
        explore_space(space, points=20, reps=20, out=out, **claims)
    with pytest.raises(SimError, match="made with a different seed"):
        explore_space(space, points=20, reps=20, seed=9, out=out, resume=True, **claims)
    resumed, _ = explore_space(space, points=20, reps=20, out=out, resume=True, **claims)
    assert resumed.resumed_points == 5
    assert resumed.runs == whole.runs - 5 * 20 * whole.scenarios  # nothing done twice
    assert folder_bytes(out) == folder_bytes(tmp_path / "whole")
    assert not partial.exists()


def _reshaped(path, how):
    """A kept piece rewritten with arrays of the wrong length, keys or kind."""
    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    if how == "short arrays":
        arrays = {name: value[:1] for name, value in arrays.items()}
    elif how == "a key missing":
        arrays.pop(sorted(arrays)[0])
    elif how == "strings":
        arrays = {name: value.astype(str) for name, value in arrays.items()}
    else:  # two dimensions
        arrays = {name: value[None, :] for name, value in arrays.items()}
    with open(path, "wb") as file:
        np.savez(file, **arrays)


@pytest.fixture(scope="module")
def stopped_exploration(tmp_path_factory):
    """A folder holding an exploration done whole (whole/) and the same one stopped (Ctrl-C)
    once two of its three pieces were kept (.resumed.partial/), to copy and damage."""
    from sim.analysis import sensitivity

    folder = tmp_path_factory.mktemp("stopped")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan_module, "PIECE_RUNS", 100)  # 5 points of 20 runs a piece
        patch.setattr(sensitivity, "RESAMPLES", 10)
        space = write_space(folder, SMALL)
        explore_space(space, points=15, reps=20, out=folder / "whole", **STOPPED)
        with pytest.raises(KeyboardInterrupt):
            explore_space(space, points=15, reps=20, out=folder / "resumed",
                          progress=Interrupt(200), **STOPPED)
    return folder


STOPPED = {"keep_runs": True, "workers": 1}


@pytest.mark.parametrize("damage", ["truncated piece", "truncated table", "bad fingerprint",
                                    "short arrays", "a key missing", "strings",
                                    "two dimensions"])
def test_a_damaged_checkpoint_is_recomputed_or_refused_never_silently_lost(
        stopped_exploration, tmp_path, monkeypatch, damage):
    import shutil

    monkeypatch.setattr(plan_module, "PIECE_RUNS", 100)
    shutil.copytree(stopped_exploration, tmp_path, dirs_exist_ok=True)
    space, options, out = tmp_path / "space.toml", STOPPED, tmp_path / "resumed"
    partial = tmp_path / ".resumed.partial"
    pieces = sorted(partial.glob("piece-*.npz"))
    assert len(pieces) == 2
    if damage == "bad fingerprint":
        (partial / "fingerprint.json").write_text('{"points": 15, "se')
        for resume in (False, True):  # neither a rerun nor --resume throws the work away
            with pytest.raises(SimError, match="fingerprint.json is damaged.*its 2 finished "
                                               "pieces are; pass `restart=True`"):
                explore_space(space, points=15, reps=20, out=out, resume=resume, **options)
        assert sorted(partial.glob("piece-*.npz")) == pieces
        return
    if damage.startswith("truncated"):
        victim = (pieces[1] if damage == "truncated piece"
                  else next(partial.glob("piece-00001.*.parquet")))
        victim.write_bytes(victim.read_bytes()[:100])
    else:
        _reshaped(pieces[1], damage)
    resumed, _ = explore_space(space, points=15, reps=20, out=out, resume=True, **options)
    assert resumed.resumed_points == 5  # the damaged piece was done again
    note = "piece 1 of the interrupted exploration was damaged and has been computed again"
    assert note in resumed.notes and note in (out / "report.md").read_text()
    reported = ("report.md", "manifest.json")  # they say so; every number is the same
    assert ({k: v for k, v in folder_bytes(out).items() if k not in reported}
            == {k: v for k, v in folder_bytes(tmp_path / "whole").items() if k not in reported})


def test_resume_without_an_interrupted_exploration_is_an_error(tmp_path):
    space = write_space(tmp_path, SMALL)
    result = CliRunner().invoke(main, ["explore", str(space), "--resume",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no interrupted exploration" in result.output


def test_keep_runs_keeps_every_run_of_the_space_as_parquet(tmp_path):
    space = write_space(tmp_path, SMALL)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["explore", str(space), "--points", "6", "-n", "10",
                                       "--keep-runs", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    runs = pd.read_parquet(out / "runs.parquet")
    weekly = pd.read_parquet(out / "timeseries.parquet")
    assert len(runs) == 60 and list(runs.columns[:3]) == ["point", "run", "seed"]
    assert len(weekly) == 60 * 105 and list(weekly.columns[:3]) == ["point", "run", "week"]
    by_run = runs.pivot(index="run", columns="point", values="seed")
    assert (by_run.nunique(axis=1) == 1).all()  # every point runs the same seeds
    points = pd.read_csv(out / "points.csv")
    shares = runs.groupby("point")["ceasefire_week"].apply(lambda w: w.notna().mean())
    assert np.allclose(shares.to_numpy(), points["ceasefire_reached"].to_numpy())
    assert not (out / "runs.csv").exists()
