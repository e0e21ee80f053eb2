"""The `sim app` page (Solara, Mesa's web stack): the essay's levers on the left, the
consequences on the right, recomputed on every change."""

from __future__ import annotations

import logging
import os
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
def LeverControl(lever: session.Lever, value: Any, on_value) -> None:
    """One lever; hovering shows its meaning, unit and the reason for its default."""
    param = lever.param
    css = f"lever-{lever.key.replace('.', '-')}"
    with solara.Tooltip(lever.hint), solara.Div(classes=[css]):
        if param.kind is bool:
            solara.Switch(label=lever.label, value=bool(value), on_value=on_value)
        elif param.kind is str:
            solara.Select(label=lever.label, values=list(param.choices), value=value,
                          on_value=on_value)
        elif param.kind is int:
            low, high = lever.slider_range
            solara.SliderInt(f"{lever.label}: {value}", value=int(value), min=int(low),
                             max=int(high), step=1, on_value=on_value)
        else:
            low, high = lever.slider_range
            solara.SliderFloat(f"{lever.label}: {value:g}", value=float(value),
                               min=float(low), max=float(high), step=lever.step,
                               on_value=on_value)


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

    error = ""
    try:
        scenario = session.build(base, levers, assumptions, REPS)
        reference = session.build(load_scenario(shipped[reference_name]),
                                  session.lever_values(load_scenario(shipped[reference_name])),
                                  assumptions, REPS)
    except SimError as exc:
        error, scenario, reference = str(exc), None, None
    view = solara.use_memo(
        lambda: session.compute(scenario, reference, REPS) if scenario else None,
        dependencies=[scenario, reference])

    solara.Title("sim: the essay's levers")
    with solara.Columns([1, 2.6]):
        with solara.Column():
            Controls(shipped, base_name, choose_base, reference_name, set_reference_name,
                     assumptions, set_assumptions, levers, set_lever, on_upload,
                     upload_error, uploaded)
        with solara.Column():
            Results(view, error, reference, scenario, assumptions)


@solara.component
def Controls(shipped, base_name, choose_base, reference_name, set_reference_name,
             assumptions, set_assumptions, levers, set_lever, on_upload, upload_error,
             uploaded) -> None:
    """The left column: where to start, what to compare with, and the levers."""
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
                LeverControl(lever, levers[lever.key], set_lever(lever.key, lever))
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
def Results(view, error, reference, scenario, assumptions) -> None:
    """The right column: the consequences of the levers, against the reference."""
    Note(PROJECTION_NOTE, "warning", ["projection-note"])
    if error:
        Note(error, "error", ["setting-error"])
        return
    gained, holding = view.row("russia_gain_km2"), view.row("share.ceasefire")
    paired = f"against {reference.name}, {REPS} runs each, paired"
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
