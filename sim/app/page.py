"""The `sim app` page (Solara, Mesa's web stack): the essay's levers on the left, the
consequences on the right, recomputed on every change. "Pause at" stops the runs at a
date, shows the war there and takes the player's levers; "Go on" continues those same
runs from the date under them (:func:`session.go_on`, the continuation `sim run --from`
runs)."""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets
import solara

from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SET_REPS, CLAIMS_SETS
from sim.app import session
from sim.app.figures import page_figure
from sim.ensemble.results import PROJECTION_NOTE
from sim.errors import SimError
from sim.model.outcomes import OUTCOME_LABELS, OUTCOMES
from sim.scenarios.loading import load_scenario
from sim.scenarios.moves import Move, levers_in
from sim.scenarios.scenario import Scenario

REPS = int(os.environ.get("SIM_APP_REPS", session.DEFAULT_REPS))
START, REFERENCE = "us_commits", "baseline"


def comparison_markdown(view: session.View) -> str:
    """The comparison as a table: reference, this setting, and the paired difference."""
    reference, current = (s.label for s in view.comparison.sets)
    lines = [f"| | {reference} | this setting | difference (95% interval) |",
             "|---|---:|---:|---|"]
    labels = {f"share.{o}": OUTCOME_LABELS[o] for o in OUTCOMES}
    labels |= {"share.serious_talks": "reached serious talks",
               "weeks_to_talks": "median weeks to talks",
               "weeks_to_ceasefire": "median weeks to cease-fire",
               "russia_gain_km2": "ground Russia gained, mean (km2)",
               "aid_us_eur_bn_a_year": "US military aid, mean (EUR bn a year)",
               "aid_europe_eur_bn_a_year": "European military aid, mean (EUR bn a year)",
               "russia_fossil_revenue_eur_bn_a_month":
                   "Russia's fossil export revenue, mean (EUR bn a month)",
               "russia_shells_produced_a_month": "Russia's shell output, mean (a month)"}
    for metric, label in labels.items():
        ref, row = view.comparison.row(reference, metric), view.comparison.row(current, metric)
        lines.append(f"| {label} | {session.estimate_text(ref, with_interval=False)} | "
                     f"{session.estimate_text(row)} | {session.difference_text(row)} |")
    return "\n".join(lines)


_NOTE_STYLES = {"warning": "background:#fff4e5;border-left:4px solid #ef6c00;",
                "error": "background:#fdecea;border-left:4px solid #c62828;",
                "info": "background:#e8f4fd;border-left:4px solid #1f77b4;"}


@solara.component
def Note(text: str, kind: str = "info", classes: list[str] | None = None) -> None:
    """A coloured one-line message (Solara's alerts do not render with this ipyvuetify)."""
    solara.Text(text, classes=classes or [],
                style="display:block;padding:6px 10px;margin:4px 0;" + _NOTE_STYLES[kind])


@solara.component
def LeverControl(lever: session.Lever, value: Any, on_value, disabled: bool = False) -> None:
    """One lever; hovering shows its meaning, unit and the reason for its default.
    ``disabled``: not a move's lever while the page is paused (the West's policies only)."""
    param = lever.param
    css = f"lever-{lever.key.replace('.', '-')}"
    hint = (f"{lever.hint} Fixed while paused: a move sets the West's policies only."
            if disabled else lever.hint)
    with solara.Tooltip(hint), solara.Div(classes=[css]):
        if param.kind is bool:
            solara.Switch(label=lever.label, value=bool(value), on_value=on_value,
                          disabled=disabled)
        elif param.kind is str:
            solara.Select(label=lever.label, values=list(param.choices), value=value,
                          on_value=on_value, disabled=disabled)
        elif param.kind is int:
            low, high = lever.slider_range
            solara.SliderInt(f"{lever.label}: {value}", value=int(value), min=int(low),
                             max=int(high), step=1, on_value=on_value, disabled=disabled)
        else:
            low, high = lever.slider_range
            solara.SliderFloat(f"{lever.label}: {value:g}", value=float(value),
                               min=float(low), max=float(high), step=lever.step,
                               on_value=on_value, disabled=disabled)


#: How a pause's errors name the library's arguments.
_PAUSE_NAMES = {"at": "Pause at", "overrides": "the levers moved"}


@dataclass
class Pause:
    """The page's pause: the date asked for, the scenario as played to it (None: no
    pause), the continuation after "Go on" (its scenario and move) and what went wrong."""

    at: str
    played: Scenario | None
    went_on: tuple[Scenario, Move] | None
    error: str
    set_at: Callable[[str], None]
    set_played: Callable[[Scenario | None], None]
    set_went_on: Callable[[tuple[Scenario, Move] | None], None]
    set_error: Callable[[str], None]

    def pause(self, text: str, scenario: Scenario | None) -> None:
        """Pause the page's runs at the date ``text`` (empty: run through)."""
        text = text.strip()
        self.set_at(text)
        self.set_went_on(None)
        self.set_played(None)
        self.set_error("")
        if not text or scenario is None:
            return
        try:
            session.pause_week(scenario, text)
        except SimError as exc:
            self.set_error(exc.render(_PAUSE_NAMES))
            return
        self.set_played(scenario)

    def go_on(self, levers: dict[str, Any]) -> None:
        """Continue the runs played to the pause under the levers as they are now."""
        try:
            self.set_went_on(session.go_on(self.played, self.at, levers))
            self.set_error("")
        except SimError as exc:
            self.set_error(exc.render(_PAUSE_NAMES))

    @property
    def week(self) -> tuple[datetime.date, int]:
        return session.pause_week(self.played, self.at)

    def sides(self, scenario: Scenario | None, reference: Scenario | None) -> tuple:
        """What the page runs: the scenario, its reference and their labels."""
        if self.went_on is not None:
            return self.went_on[0], self.played, session.WENT_ON_LABELS
        if self.played is not None:
            return self.played, reference, None
        return scenario, reference, None


def use_pause() -> Pause:
    """The pause's state (Solara hooks, called in the same order on every render)."""
    at, set_at = solara.use_state("")
    played, set_played = solara.use_state(None)
    went_on, set_went_on = solara.use_state(None)
    error, set_error = solara.use_state("")
    return Pause(at, played, went_on, error, set_at, set_played, set_went_on, set_error)


@solara.component
def Page() -> None:
    shipped = session.shipped_scenarios()
    base_name, set_base_name = solara.use_state(START)
    uploaded, set_uploaded = solara.use_state(None)
    upload_error, set_upload_error = solara.use_state("")
    reference_name, set_reference_name = solara.use_state(REFERENCE)
    assumptions, set_assumptions = solara.use_state("none")
    base = uploaded if uploaded is not None else load_scenario(shipped[base_name])
    levers, set_levers = solara.use_state(session.lever_values(base))

    def choose_base(name: str) -> None:
        set_uploaded(None)
        set_base_name(name)
        set_levers(session.lever_values(load_scenario(shipped[name])))

    def on_upload(files) -> None:
        if not files:
            return
        file = files[0]
        try:
            scenario = session.load_upload(file["name"], bytes(file["content"]))
        except SimError as exc:
            set_upload_error(str(exc))
            return
        except Exception:  # a bug: logged here, never shown to whoever uploaded
            logging.getLogger("sim.app").exception("checking an upload failed")
            set_upload_error(session.upload_failed(file["name"]))
            return
        set_upload_error("")
        set_uploaded(scenario)
        set_levers(session.lever_values(scenario))

    def set_lever(key: str, lever: session.Lever):
        return lambda sent: set_levers(
            {**levers, key: session.slider_change(lever, levers[key], sent)})

    pause = use_pause()
    error, scenario, reference = _built(base, levers, assumptions, shipped[reference_name])
    shown, against, labels = pause.sides(scenario, reference)
    view = solara.use_memo(
        lambda: session.compute(shown, against, REPS, labels) if shown and against else None,
        dependencies=[shown, against])

    solara.Title("sim: the essay's levers")
    with solara.Columns([1, 2.6]):
        with solara.Column():
            PauseControl(pause, scenario, levers)
            Controls(shipped, base_name, choose_base, reference_name, set_reference_name,
                     assumptions, set_assumptions, levers, set_lever, on_upload,
                     upload_error, uploaded, paused=pause.played is not None)
        with solara.Column():
            if pause.played is not None and pause.went_on is None and view is not None:
                Paused(view, pause)
            else:
                Results(view, error if pause.went_on is None else "", against, shown,
                        assumptions, pause)


def _built(base: Scenario, levers: dict[str, Any], assumptions: str,
           reference_file) -> tuple[str, Scenario | None, Scenario | None]:
    """The page's scenario and its reference, or why they cannot be built."""
    try:
        reference = load_scenario(reference_file)
        return ("", session.build(base, levers, assumptions, REPS),
                session.build(reference, session.lever_values(reference), assumptions, REPS))
    except SimError as exc:
        return str(exc), None, None


@solara.component
def PauseControl(pause: Pause, scenario: Scenario | None, levers: dict[str, Any]) -> None:
    """Where the player pauses the runs at a date, and goes on from it under new levers."""
    with solara.Column(style="max-width: 380px"):
        solara.InputText("Pause at (a date, YYYY-MM-DD; empty: run through)",
                         value=pause.at, on_value=lambda text: pause.pause(text, scenario),
                         continuous_update=False, classes=["pause-at"])
        if pause.error:
            Note(pause.error, "error", ["pause-error"])
        if pause.played is not None:
            solara.Button("Go on", on_click=lambda: pause.go_on(levers), color="primary",
                          classes=["go-on"])


@solara.component
def Paused(view: session.View, pause: Pause) -> None:
    """The runs at the pause: the state there, and the runs up to it (the horizon's
    outcomes are still to come)."""
    when, week = pause.week
    Note(PROJECTION_NOTE, "warning", ["projection-note"])
    snapped = (f"week {week}" if when.isoformat() == pause.at
               else f"in week {week}, which starts {when.isoformat()}")
    Note(f"Paused at {pause.at} ({snapped}): move the West's "
         "levers (those of the US, Congress, the EU, France, the UK and NATO) and press Go "
         "on; the same runs go on from this date under them.", "info", ["pause-note"])
    solara.Markdown(session.state_markdown(view, week, when))
    solara.FigureMatplotlib(page_figure(session.up_to(view, week), outcomes=False),
                            dependencies=[view.scenario, view.reference, week], format="png")


@solara.component
def Controls(shipped, base_name, choose_base, reference_name, set_reference_name,
             assumptions, set_assumptions, levers, set_lever, on_upload, upload_error,
             uploaded, paused: bool = False) -> None:
    """The left column: where to start, what to compare with, and the levers (while
    paused, only a move's levers: the West's policies)."""
    movable = set(levers_in(levers)) if paused else set(levers)
    with solara.Column(style="max-width: 380px"):
        solara.Select("Start from", values=list(shipped), value=base_name,
                      on_value=choose_base)
        solara.Select("Compare with (reference)", values=list(shipped), value=reference_name,
                      on_value=set_reference_name)
        solara.Select("Assumptions (a critic's set, under both)",
                      values=["none", *session.assumption_sets()], value=assumptions,
                      on_value=set_assumptions)
        for group, group_levers in session.LEVERS.items():
            solara.Markdown(f"**{group}**")
            for lever in group_levers:
                LeverControl(lever, levers[lever.key], set_lever(lever.key, lever),
                             disabled=lever.key not in movable)
        solara.Markdown("**Your own scenario file** (TOML, at most 1 MiB)")
        ipywidgets.FileUpload.element(accept=".toml", multiple=False, on_value=on_upload)
        if upload_error:
            Note(upload_error, "error", ["upload-error"])
        elif uploaded is not None:
            Note(f"Started from {uploaded.source}", "info", ["upload-ok"])



@solara.component
def Headline(label: str, value: str, difference: str, css: str) -> None:
    """One headline number and its difference from the reference (CSS classes
    ``{css}-value`` and ``{css}-diff``)."""
    with solara.Row():
        solara.Markdown(f"### {label}: ")
        solara.Text(value, classes=[f"{css}-value"],
                    style={"font-size": "1.6em", "font-weight": "bold"})
        solara.Text(difference, classes=[f"{css}-diff"])


@solara.component
def Results(view, error, reference, scenario, assumptions, pause: Pause) -> None:
    """The right column: the consequences of the levers, against the reference (after
    going on from a pause: against the runs as played)."""
    Note(PROJECTION_NOTE, "warning", ["projection-note"])
    if error or view is None:
        Note(error, "error", ["setting-error"])
        return
    if pause.went_on is not None:
        Note(f"Went on from the pause: {pause.went_on[1].describe()}; against the same runs "
             "as played without the move.", "info", ["went-on-note"])
    gained, holding = view.row("russia_gain_km2"), view.row("share.ceasefire")
    against = "the runs as played" if pause.went_on is not None else reference.name
    paired = f"against {against}, {REPS} runs each, paired"
    Headline("Ground Russia gains (km2, mean over the runs)", f"{gained.value:+,.0f}",
             f"({gained.diff:+,.0f} km2 {paired})", "ground")
    Headline("Cease-fire holding at the horizon", f"{100 * holding.value:.1f}%",
             f"({100 * holding.diff:+.1f} pp {paired})", "ceasefire")
    solara.FigureMatplotlib(page_figure(view), dependencies=[scenario, reference],
                            format="png")
    solara.Markdown(comparison_markdown(view))
    with solara.Row():
        solara.FileDownload(lambda: session.download_toml(view.scenario),
                            filename=f"{view.scenario.name}-app.toml",
                            label="Download scenario", mime_type="application/toml")
        solara.FileDownload(lambda: session.results_zip(view),
                            filename=f"{view.scenario.name}-app-results.zip",
                            label="Download results (the CSVs of sim run)",
                            mime_type="application/zip")
        solara.FileDownload(lambda: session.report_html(view),
                            filename=f"{view.scenario.name}-app-report.html",
                            label="Report (one HTML document, as sim report writes it)",
                            mime_type="text/html")
    with solara.Card("The essay's claims under these assumptions"):
        ClaimsPanel(assumptions)


@solara.lab.task
def check_claims(assumptions: str) -> tuple[str, Any]:
    """The claims under the page's assumption set, decided as `sim claims` decides them
    (in the background: it takes about a minute)."""
    return assumptions, session.claims_panel(assumptions)


@solara.component
def ClaimsPanel(assumptions: str) -> None:
    """C1..C14 with the verdicts `sim claims` gives under the same assumptions."""
    solara.Markdown(f"Decided as `sim claims` decides them: {CLAIMS_REPS:,} pooled runs per "
                    f"arm, and each claim in each of {CLAIMS_SETS} worlds that fit the record "
                    f"({CLAIMS_SET_REPS} runs per arm in each), its verdict over them (about "
                    "two minutes: it runs in this page's process). " + PROJECTION_NOTE)
    solara.Button("Check the claims", on_click=lambda: check_claims(assumptions),
                  disabled=check_claims.pending, classes=["check-claims"])
    if check_claims.pending:
        solara.ProgressLinear(True)
    elif check_claims.error:
        solara.Error(str(check_claims.exception))
    elif check_claims.finished and check_claims.value is not None:
        used, evaluation = check_claims.value
        if used != assumptions:
            solara.Warning(f"These verdicts are under {used}; the page's assumptions are now "
                           f"{assumptions}: check the claims again.")
        solara.Markdown(f"Assumptions: **{used}**\n\n" + session.claims_table(evaluation))
