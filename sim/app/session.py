"""What `sim app` computes, apart from how it is shown: the levers, the scenario they
make, its runs against a reference, the claims, and the files a reader downloads.

Everything here is plain Python (no Solara), so it is tested directly and the page
only lays it out.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import shlex
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sim.analysis.claims import load_claims
from sim.analysis.compare import Comparison, compare
from sim.analysis.evaluate import Assumptions, Evaluation, load_assumption_set
from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SET_REPS, CLAIMS_SETS
from sim.ensemble.results import PROJECTION_NOTE, Results
from sim.ensemble.resultsets import ResultSet
from sim.ensemble.runner import run
from sim.errors import SimError
from sim.model import MODEL_VERSION
from sim.report.figures import Fan, fan
from sim.report.studies import evaluate
from sim.scenarios.loading import load_scenario_text
from sim.scenarios.moves import Move, continued, in_force, move_week
from sim.scenarios.param import Param
from sim.scenarios.params import PARAMS
from sim.scenarios.scenario import Scenario
from sim.scenarios.values import DEFAULT_REPLICATIONS, Value, plain_name
from sim.scenarios.writing import scenario_toml

#: Runs per ensemble on the page (each change reruns them); `sim app --reps` changes it.
DEFAULT_REPS = DEFAULT_REPLICATIONS
#: Largest scenario file the page accepts.
MAX_UPLOAD_BYTES = 1 << 20


#: The longest delay a weeks slider offers (a scenario may set more; the slider then
#: shows its end while the value stays).
SLIDER_MAX_WEEKS = 104


@dataclass(frozen=True)
class Lever:
    """A control on the page: a parameter the essay argues about."""

    key: str
    label: str
    step: float = 0.05

    @property
    def param(self) -> Param:
        return PARAMS[self.key]

    @property
    def slider_range(self) -> tuple[float, float]:
        """The ends of the lever's slider (numbers only)."""
        low, high = self.param.low, self.param.high
        assert low is not None and high is not None
        return low, min(high, SLIDER_MAX_WEEKS) if self.param.kind is int else high

    def on_slider(self, value: float) -> float:
        """Where the slider can show ``value``: within its ends, on its steps, rounded as
        the browser's slider rounds it (Vuetify: ``Math.round``, halves up, then to the
        step's decimals)."""
        low, high = self.slider_range
        step = 1 if self.param.kind is int else self.step
        offset = math.fmod(low, step)
        snapped = math.floor((min(max(value, low), high) - offset) / step + 0.5) * step + offset
        decimals = len(repr(float(step)).split(".")[1].rstrip("0")) if step % 1 else 0
        return round(min(max(snapped, low), high), decimals)

    @property
    def hint(self) -> str:
        """What hovering the control says: meaning, unit, and why the default."""
        p = self.param
        unit = f" ({p.unit})" if p.unit else ""
        return f"{self.key}{unit}: {p.meaning} Default {p.default!r}: {p.reason}"


#: The essay's levers, grouped as the page shows them.
LEVERS: dict[str, tuple[Lever, ...]] = {
    "The US President": (
        Lever("united_states.stance", "stance"),
        Lever("united_states.decision_delay_weeks", "weeks until he decides", 1),
        Lever("united_states.ambiguity", "ambiguity of US signals"),
        Lever("united_states.sanctions", "US sanctions once committed"),
        Lever("united_states.military_aid", "US military aid once committed"),
        Lever("united_states.backs_guarantees", "US backs post-war guarantees"),
        Lever("united_states.endorses_coalition", "US endorses the coalition"),
    ),
    "Europe": (
        Lever("european_union.sanctions", "EU sanctions"),
        Lever("european_union.military_aid", "EU military aid"),
        Lever("european_union.resolve", "EU resolve"),
        Lever("france.military_aid", "France's aid (coalition)"),
        Lever("united_kingdom.military_aid", "UK's aid (coalition)"),
        Lever("world.unity", "Western unity"),
        Lever("hungary.resistance", "Hungary's veto resistance"),
        Lever("slovakia.resistance", "Slovakia's veto resistance"),
        Lever("turkey.balancing", "Turkey's balancing"),
    ),
    "Russia's backers": (
        Lever("china.economic_support", "China's economic support"),
        Lever("north_korea.munitions_support", "North Korea's munitions"),
    ),
}
LEVER_KEYS = tuple(lever.key for group in LEVERS.values() for lever in group)


def project_root() -> Path:
    """Where the shipped scenarios, assumption sets and claims are: the working folder
    if it holds them, else the checkout this package runs from."""
    here = Path.cwd()
    if (here / "scenarios").is_dir() and (here / "claims").is_dir():
        return here
    return Path(__file__).resolve().parents[2]


def shipped_scenarios() -> dict[str, Path]:
    return {p.stem: p for p in sorted((project_root() / "scenarios").glob("*.toml"))}


def assumption_sets() -> dict[str, Path]:
    return {p.stem: p for p in sorted((project_root() / "scenarios/assumptions").glob("*.toml"))}


def clean(lever: Lever, value: Any) -> Value:
    """A control's value as the parameter takes it (sliders send floats like
    0.8000000000000002; the page rounds them to the lever's step)."""
    kind = lever.param.kind
    if kind is bool:
        return bool(value)
    if kind is str:
        return str(value)
    if kind is int:
        return round(float(value))
    return round(float(value), 6)


def slider_change(lever: Lever, current: Value, sent: Any) -> Value:
    """The lever's value after its control sent ``sent``.

    A value between the slider's steps or beyond its ends (from an uploaded file) is kept
    exactly: the browser's slider answers it by sending where it can show it, and that
    echo is not the reader's move (the page reproduces `sim run` of the file).
    """
    kind = lever.param.kind
    if kind in (int, float) and not isinstance(current, bool):
        shown = lever.on_slider(float(current))
        if shown != current and abs(float(sent) - shown) < 1e-9:
            return current
    return clean(lever, sent)


def lever_values(scenario: Scenario) -> dict[str, Value]:
    """The levers' values in a scenario (what the controls start at)."""
    return {key: scenario.params[key] for key in LEVER_KEYS}


def assumption_set(name: str) -> Assumptions | None:
    return None if name in ("", "none") else load_assumption_set(assumption_sets()[name])


def build(base: Scenario, levers: dict[str, Value], assumptions: str, reps: int) -> Scenario:
    """The scenario on the page: the base, under the assumption set, with the levers on top,
    run ``reps`` times. Raises SimError for values out of range (as ``--set`` does)."""
    scenario = base
    chosen = assumption_set(assumptions)
    if chosen is not None:
        scenario = scenario.with_values(chosen.values)
    changed = {k: v for k, v in levers.items() if scenario.params[k] != v}
    if changed:
        scenario = scenario.with_values(changed)
    return scenario.with_overrides([f"scenario.replications={reps}"])


@dataclass
class View:
    """What the page shows for one setting: the comparison and the fan charts."""

    scenario: Scenario
    reference: Scenario
    comparison: Comparison
    fans: dict[str, tuple[Fan, Fan]]  # variable -> (reference, scenario)
    results: Results
    reference_results: Results | None = None

    def row(self, metric: str):
        return self.comparison.row(self.comparison.sets[1].label, metric)


def _result_set(label: str, results: Results) -> ResultSet:
    manifest = {"weeks": results.scenario.weeks, "model_version": MODEL_VERSION,
                "seed": results.seed}
    return ResultSet(label, Path("."), Path(f"<{label}>"), results.summary, manifest)


_REFERENCE_CACHE: dict[tuple[str, int, int], Results] = {}


def _reference_runs(reference: Scenario, reps: int, seed: int) -> Results:
    """The reference's runs, kept while the page changes only the other side."""
    key = (scenario_toml(reference), reps, seed)
    if key not in _REFERENCE_CACHE:
        if len(_REFERENCE_CACHE) > 16:
            _REFERENCE_CACHE.clear()
        _REFERENCE_CACHE[key] = run(reference, reps=reps, seed=seed)
    return _REFERENCE_CACHE[key]


def compute(scenario: Scenario, reference: Scenario, reps: int,
            labels: tuple[str, str] | None = None) -> View:
    """Run the page's scenario and its reference on the same seeds (paired runs);
    ``labels`` names the reference and the scenario (default: by their names)."""
    seed = scenario.seed
    results = run(scenario, reps=reps, seed=seed)
    base = _reference_runs(reference, reps, seed)
    label = "this setting" if scenario.name == reference.name else scenario.name
    named = labels or (f"{reference.name} (reference)", label)
    sets = [_result_set(named[0], base), _result_set(named[1], results)]
    comparison = compare(sets)
    fans = {variable: (fan(base.timeseries, variable), fan(results.timeseries, variable))
            for variable in ("russia_held_km2", "russia_time_belief")}
    return View(scenario, reference, comparison, fans, results, base)


# ---- pausing at a date and going on under the player's levers (a move) ----------------

#: How the page names the two sides once the player has gone on from a pause.
WENT_ON_LABELS = ("as played", "after the move")
#: What the page shows of the war at a pause (the median over the runs at that week):
#: variable, label, format.
PAUSE_STATE = (("russia_held_km2", "territory Russia holds (km2)", "{:,.0f}"),
               ("russia_trend_km2_per_week", "Russia's advance (km2 a week)", "{:,.0f}"),
               ("russia_time_belief", "Russia's belief that time is on its side", "{:.2f}"),
               ("unity", "Western unity", "{:.2f}"),
               ("aid_effective_eur_bn", "aid reaching the front (EUR bn)", "{:.2f}"))


def pause_week(scenario: Scenario, at: str) -> tuple[datetime.date, int]:
    """The pause's date and week (the first week starting on or after it), refused as
    `sim run --at` refuses a date (:func:`sim.scenarios.moves.move_week`)."""
    return move_week(scenario, at)


def state_at(results: Results, week: int) -> dict[str, float]:
    """The war at ``week``: each of :data:`PAUSE_STATE`'s medians over the runs, and the
    share of runs in talks."""
    table = results.timeseries
    now = table[table["week"] == week]
    return ({variable: float(now[variable].median()) for variable, *_ in PAUSE_STATE}
            | {"talks": float((now["talks"] != "none").mean())})


def state_markdown(view: View, week: int, when: datetime.date) -> str:
    """The state at a pause as a table: the reference's runs and the page's, at ``week``."""
    reference, current = (s.label for s in view.comparison.sets)
    states = [state_at(_reference_runs(view.reference, view.results.reps, view.results.seed),
                       week), state_at(view.results, week)]
    lines = [f"**The war on {when.isoformat()} (week {week}), the median of the runs**", "",
             f"| | {reference} | {current} |", "|---|---:|---:|"]
    for variable, label, shown in PAUSE_STATE:
        lines.append(f"| {label} | {shown.format(states[0][variable])} | "
                     f"{shown.format(states[1][variable])} |")
    lines.append(f"| runs in talks | {states[0]['talks']:.0%} | {states[1]['talks']:.0%} |")
    return "\n".join(lines)


def up_to(view: View, week: int) -> View:
    """The view with its fan charts cut at ``week`` (what a pause shows of the runs)."""
    cut = {variable: tuple(Fan(f.weeks[f.weeks <= week], f.bands[:, f.weeks <= week])
                           for f in fans) for variable, fans in view.fans.items()}
    return replace(view, fans=cut)


def go_on(played: Scenario, at: str, levers: dict[str, Value]) -> tuple[Scenario, Move]:
    """The runs played to the pause ``at``, continued under the page's levers: those the
    player moved (that differ from the ones in force then) are the move, continued by
    :func:`sim.scenarios.moves.continued`, the continuation `sim run --from` runs (the
    same runs, paired one to one). A moved control that is not a lever is refused."""
    _, week = move_week(played, at)
    now = in_force(played, week)
    return continued(played, at, {key: value for key, value in levers.items()
                                  if now[key] != value})


#: Decimals per statistic: shares in percent (points for differences), medians in weeks
#: (a difference of medians can be half a week), ground in whole km2.
_DIGITS = {"share": 1, "median": 0, "mean": 0}


def _formatted(value: float, statistic: str, signed: bool = False,
               digits: int | None = None) -> str:
    """A number as the page shows a statistic: every number of a row in one precision,
    whatever its sign."""
    if math.isnan(value):
        return "-"
    scale = 100 if statistic == "share" else 1
    digits = (_DIGITS[statistic] if digits is None else digits) + (
        1 if signed and statistic == "median" else 0)
    return f"{scale * value:{'+' if signed else ''}.{digits}f}"


_UNITS = {"share": ("%", " pp"), "median": ("", " wk"), "mean": ("", "")}


def estimate_text(row: Any, with_interval: bool = True) -> str:
    """'45.5% [38.8%, 52.4%]': a scenario's estimate (and its 95% interval)."""
    unit = _UNITS[row.statistic][0]
    digits = row.digits if row.statistic == "mean" else None
    text = (_formatted(row.value, row.statistic, digits=digits)
            + ("" if math.isnan(row.value) else unit))
    if with_interval and row.statistic != "median" and not math.isnan(row.ci_low):
        text += (f" [{_formatted(row.ci_low, row.statistic, digits=digits)}{unit}, "
                 f"{_formatted(row.ci_high, row.statistic, digits=digits)}{unit}]")
    return text


def difference_text(row: Any) -> str:
    """'-4.0 pp [-8.7, +0.4] pp *': the difference from the reference and its 95%
    interval, in one unit and precision whether or not the interval spans zero."""
    if math.isnan(row.diff):
        return "-"
    unit = _UNITS[row.statistic][1]
    digits = row.digits if row.statistic == "mean" else None
    text = f"{_formatted(row.diff, row.statistic, True, digits)}{unit}"
    if not math.isnan(row.diff_low):
        text += (f" [{_formatted(row.diff_low, row.statistic, True, digits)}, "
                 f"{_formatted(row.diff_high, row.statistic, True, digits)}]{unit}")
    return text + (" *" if row.excludes_zero else "")


def claims_panel(assumptions: str, reps: int = CLAIMS_REPS, sets: int = CLAIMS_SETS,
                 set_reps: int = CLAIMS_SET_REPS, assumed: bool = True) -> Evaluation:
    """C1..C14 under the assumption set, decided as `sim claims` decides them by default
    (the same pooled runs, plausible worlds, judgement ends and critic's strengths, so the
    same verdicts); smaller numbers are for tests."""
    claims = load_claims([project_root() / "claims"])
    return evaluate(claims, reps=reps, assumptions=assumption_set(assumptions), sets=sets,
                    set_reps=set_reps, assumed=assumed, tipping=True)


def claims_table(evaluation: Evaluation) -> str:
    """The page's table of verdicts: each claim's verdict over the worlds (a * where it is
    clearly the other way), the share of worlds where it holds and the deciding check."""
    rows = ["| claim | verdict | holds in | deciding check |", "|---|---|---|---|"]
    for r in evaluation.results:
        holds = r.worlds.holding if r.worlds else None
        share = (f"{holds.value:.0%} [{holds.low:.0%}-{holds.high:.0%}]" if holds is not None
                 else "-")
        rows.append(f"| {r.claim.id} | {r.verdict}{'*' if r.reversed else ''} | {share} | "
                    f"{r.deciding.check.name or r.deciding.check.metric} |")
    return "\n".join(rows)


def results_zip(view: View) -> bytes:
    """The same files `sim run` writes for the page's scenario, zipped."""
    buffer = io.BytesIO()
    stem = plain_name(view.scenario.name)  # a plain name already; never a path
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / stem
        view.results.write(folder)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, f"{stem}/{path.name}")
    return buffer.getvalue()


def report_html(view: View) -> bytes:
    """The page's setting as `sim report` writes it: the reference's runs and this
    setting's, compared, with the model's fit, its held-out year and every assumption.
    The runs go to a temporary folder the page makes (never a path anyone typed)."""
    from sim.report.commands import report_command
    from sim.report.console import Console

    sides = [("reference", view.reference_results), (plain_name(view.scenario.name) or
                                                     "setting", view.results)]
    with tempfile.TemporaryDirectory() as tmp:
        folders = [_without_server_paths(results.write(Path(tmp) / f"{i}-{name}",
                                                       actors=False))
                   for i, (name, results) in enumerate(sides, start=1) if results is not None]
        out = Path(tmp) / "report.html"
        report_command(folders, out=out, command=["sim", "app", "(Report)"],
                       title=f"{view.scenario.name} against {view.reference.name}: a study "
                             "with sim app", console=Console(out=_silent, err=_silent))
        return out.read_bytes()


def _without_server_paths(folder: Path) -> Path:
    """The folder's manifest without the server's folders: its rerun command is the one
    anyone can type in a checkout (no --out, the project's own paths), so a visitor learns
    nothing of the server and the page's report is the same each time and anywhere."""
    manifest_path = folder / "manifest.json"
    manifest = _relative_to_project(json.loads(manifest_path.read_text()),
                                    f"{project_root()}/")
    reproduce = manifest.get("reproduce")
    if isinstance(reproduce, dict) and isinstance(reproduce.get("arguments"), list):
        reproduce["command"] = shlex.join(str(a) for a in reproduce["arguments"])
    manifest["command_line"] = ["sim", "app"]
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def _relative_to_project(value: Any, root: str) -> Any:
    """Every path of the server's checkout in a manifest, as the project names it
    (scenarios/baseline.toml, not where the server keeps it)."""
    if isinstance(value, str):
        return value.replace(root, "")
    if isinstance(value, list):
        return [_relative_to_project(v, root) for v in value]
    if isinstance(value, dict):
        return {k: _relative_to_project(v, root) for k, v in value.items()}
    return value


def _silent(text: str) -> None:
    """The page's report says nothing on the server's console."""


def download_toml(scenario: Scenario) -> str:
    """The page's scenario as a file `sim run` accepts and reproduces exactly."""
    return scenario_toml(scenario, "Made with `sim app`. " + PROJECTION_NOTE + "\n"
                         f"Reproduce: sim run {scenario.name}.toml")


def upload_failed(name: str) -> str:
    """What the page says when checking an upload failed for a reason that is not the
    file's (the details stay in the server's log)."""
    return (f"{Path(name).name or 'upload.toml'}: could not be checked (an error on the "
            "server, logged there); check the file with `sim check`")


def load_upload(name: str, data: bytes) -> Scenario:
    """An uploaded scenario file, checked as `sim run` checks a file, in the untrusted
    mode: nothing is written anywhere, and it may extend only the shipped scenarios, by
    name (docs/app.md). Errors name the file as the reader named it."""
    label = Path(name).name or "upload.toml"
    if len(data) > MAX_UPLOAD_BYTES:
        raise SimError(f"{label}: {len(data):,} bytes; allowed: a scenario file of at most "
                       f"{MAX_UPLOAD_BYTES:,} bytes")
    return load_scenario_text(data, label, shipped_scenarios())
