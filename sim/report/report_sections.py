"""What a report says about each kind of folder: the sections of `sim report`'s document.

Everything is read from the folders (manifests, CSVs, the figures and report.md each
command wrote) and nothing is run again: a report of a study says what that study found.
The runs' outcomes and their comparison are the one exception: they are summarised from
summary.csv the way `sim run` and `sim compare` do, and their fan charts drawn from
timeseries.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.errors import ResultsError
from sim.report.document import (
    Block,
    Document,
    Figure,
    Items,
    Markdown,
    Paragraph,
    Section,
    Table,
    slug,
)
from sim.report.report_claims import claims_sections
from sim.report.report_summary import summary_section
from sim.report.study_folders import (
    Kind,
    StudyFolder,
    read_folder_csv,
    read_folder_text,
    version_warnings,
)

#: What each kind of folder is, in a reader's words.
KIND_NAMES = {Kind.RUN: "scenario runs", Kind.COMPARE: "a comparison",
              Kind.CLAIMS: "the essay's claims, checked", Kind.ROBUST: "robust decision",
              Kind.EXPLORE: "exploring the assumptions", Kind.CALIBRATE: "calibration",
              Kind.PREDICT: "predictions of the held-out year",
              Kind.VALIDATE: "scores of the held-out year"}
DEFAULT_TITLE = "What follows from the essay's argument: a study with sim"
REPORT_FILES = {Kind.ROBUST: "report.md", Kind.EXPLORE: "report.md",
                Kind.CALIBRATE: "report.md", Kind.VALIDATE: "report.md"}


def build_document(studies: Sequence[StudyFolder], note: str, command: str,
                   title: str = "") -> Document:
    """The whole document, section by section in the order a reader wants them."""
    by_kind = {kind: [s for s in studies if s.kind is kind] for kind in Kind}
    summary = summary_section(studies)
    sections = [*([summary] if summary is not None else []), what_was_run(studies)]
    if by_kind[Kind.RUN]:
        sections.append(outcomes_section(by_kind[Kind.RUN]))
    sections += [compared_section(s) for s in by_kind[Kind.COMPARE]]
    if by_kind[Kind.CLAIMS]:
        sections += claims_sections(by_kind[Kind.CLAIMS])
    for kind in (Kind.ROBUST, Kind.EXPLORE, Kind.CALIBRATE, Kind.VALIDATE):
        anchors = _anchors(kind, len(by_kind[kind]))
        sections += [study_section(s, a) for s, a in zip(by_kind[kind], anchors, strict=True)]
    anchors = _anchors(Kind.PREDICT, len(by_kind[Kind.PREDICT]))
    sections += [predictions_section(s, a)
                 for s, a in zip(by_kind[Kind.PREDICT], anchors, strict=True)]
    sections.append(assumptions_section(studies))
    return Document(title or DEFAULT_TITLE, note, tuple(sections),
                    generated_by=command, warnings=tuple(version_warnings(list(studies))))


def _anchors(kind: Kind, count: int) -> list[str]:
    """Each folder's section anchor (the prefix of its headings' ids): one of a kind has
    the kind's own, several are numbered, so that no id is given twice."""
    base = {Kind.CALIBRATE: "fit", Kind.VALIDATE: "held-out-year"}.get(kind, kind.value)
    return [base] if count == 1 else [f"{base}-{i}" for i in range(1, count + 1)]


# ---- what was run ------------------------------------------------------------------------------
def what_was_run(studies: Sequence[StudyFolder]) -> Section:
    """Each folder: what it is, the command that wrote it, its seed and runs, the versions."""
    rows = []
    for study in studies:
        manifest = study.manifest
        rows.append((study.name + (" (shipped)" if study.shipped else ""),
                     _what(study), study.command or "-",
                     _text(manifest.get("seed")), _runs(manifest),
                     _text(manifest.get("model_version")), _versions(manifest)))
    reproduce = [f"{s.name}: {s.manifest['reproduce']['command']}" for s in studies
                 if isinstance(s.manifest.get("reproduce"), dict)
                 and s.manifest["reproduce"].get("command")]
    blocks: list[Block] = [
        Table(("folder", "what", "command", "seed", "runs", "model", "versions"),
              tuple(rows), caption="The folders this report reads, and what wrote each."),
    ]
    if reproduce:
        blocks += [Paragraph("each command below writes its folder again, byte for byte, "
                             "with the same versions of sim and its packages:",
                             strong="To reproduce: "), Items(tuple(reproduce))]
    return Section("what-was-run", "What was run", tuple(blocks))


def _what(study: StudyFolder) -> str:
    """What a folder is; for runs, the scenario and the file it came from."""
    scenario = study.manifest.get("scenario")
    if study.kind is Kind.RUN and isinstance(scenario, dict) and scenario.get("name"):
        source = f" ({scenario['source']})" if scenario.get("source") else ""
        return f"{KIND_NAMES[study.kind]}: {scenario['name']}{source}"
    return KIND_NAMES[study.kind]


def _text(value: object) -> str:
    return "-" if value in (None, "") else str(value)


def _runs(manifest: dict) -> str:
    reps = manifest.get("reps")
    if isinstance(reps, int):
        return f"{reps:,} per scenario"
    runs = manifest.get("runs")
    return f"{runs:,}" if isinstance(runs, int) else "-"


def _versions(manifest: dict) -> str:
    versions = manifest.get("versions")
    if not isinstance(versions, dict):
        return "-"
    return ", ".join(f"{k} {v}" for k, v in versions.items() if k in ("sim", "mesa", "numpy",
                                                                       "python"))


# ---- outcomes of sim run -------------------------------------------------------------------
def outcomes_section(runs: Sequence[StudyFolder]) -> Section:
    """Outcome shares, weeks and the war's quantities in km2 and EUR bn, with 95%
    intervals; differences from the first folder when there are several; fan charts."""
    from sim.analysis.compare import METRICS, compare
    from sim.ensemble.resultsets import load_result_sets

    sets = load_result_sets([s.path for s in runs])
    comparison = compare(sets)
    labels = [s.label for s in sets]
    rows = [(_metric_label(m), *(_estimate(comparison.row(label, m.key)) for label in labels))
            for m in METRICS]
    blocks: list[Block] = [Table(("measure", *labels), tuple(rows), numeric=tuple(
        range(1, len(labels) + 1)), caption="Each scenario's runs: shares of runs and means "
        "with 95% intervals (Wilson for shares), medians with their interquartile range.")]
    if len(sets) > 1:
        blocks.append(_differences(comparison, labels))
    blocks += [Paragraph(w, strong="Warning: ") for w in comparison.warnings]
    blocks += _fan_figures(sets, comparison)
    return Section("outcomes", "Outcomes of the scenarios", tuple(blocks))


def _metric_label(metric) -> str:
    unit = f" ({metric.unit})" if metric.unit else ""
    if metric.statistic == "share":
        return f"{metric.label} (share of runs)"
    if metric.statistic == "median":
        return f"median {metric.label}"
    return f"{metric.label}, mean{unit}"


def _number(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}"


def _estimate(row) -> str:
    if row.statistic == "share":
        return f"{row.value:.1%} [{row.ci_low:.1%}, {row.ci_high:.1%}]"
    if row.statistic == "median":
        return "never" if row.n == 0 else f"{row.value:.0f} (IQR {row.q1:.0f}-{row.q3:.0f})"
    if math.isnan(row.ci_low):
        return _number(row.value, row.digits)
    return (f"{_number(row.value, row.digits)} [{_number(row.ci_low, row.digits)}, "
            f"{_number(row.ci_high, row.digits)}]")


def _differences(comparison, labels: list[str]) -> Table:
    from sim.analysis.compare import METRICS

    reference, others = labels[0], labels[1:]
    rows = []
    for metric in METRICS:
        cells = []
        for label in others:
            row = comparison.row(label, metric.key)
            difference, interval = _difference_cells(metric, row)
            cells.append(difference if interval == "-" else f"{difference} {interval}")
        rows.append((_metric_label(metric), *cells))
    paired = ", ".join(f"{label}: {'paired' if p else 'not paired'}"
                       for label, p in zip(others, comparison.paired[1:], strict=True))
    return Table(("measure", *(f"{label} - {reference}" for label in others)), tuple(rows),
                 numeric=tuple(range(1, len(others) + 1)),
                 caption=f"Differences from {reference}, with 95% intervals (shares in "
                         f"percentage points, weeks in weeks; {paired} run by run).")


def _fan_figures(sets, comparison) -> list[Block]:
    from sim.ensemble.resultsets import read_timeseries
    from sim.report import figures as plots

    variables = [variable for variable, *_ in plots.FAN_PANELS]
    blocks: list[Block] = []
    fronts = []
    for result in sets:
        timeseries = read_timeseries(result, variables)
        fans = [plots.fan(timeseries, v) for v in variables]
        fronts.append(fans[variables.index("russia_held_km2")])
        figure = plots.results_figure(result, fans)
        blocks.append(Figure(plots.render(figure, "png"),
                             alt=f"{result.label}: the median and 50% and 90% bands over the "
                                 f"runs of {', '.join(variables)} week by week",
                             caption=f"{result.label}: how the runs unfold (bands over runs)."))
    if len(sets) > 1:
        figure = plots.comparison_figure(comparison, fronts)
        blocks.append(Figure(plots.render(figure, "png"),
                             alt="The scenarios compared: outcome shares and the front",
                             caption="The scenarios side by side."))
    return blocks


# ---- a comparison table --------------------------------------------------------------------
def compared_section(study: StudyFolder) -> Section:
    """A `sim compare --csv` table: each scenario's difference from the reference, in the
    measure's unit (shares in percentage points), with its 95% interval."""
    from sim.analysis.compare import METRICS

    try:
        frame = pd.read_csv(study.path, keep_default_na=False,
                            na_values={c: ["", "nan"] for c in ("diff", "diff_low", "diff_high")})
        frame = frame[frame["scenario"] != frame["reference"]]
        by_key = {m.key: m for m in METRICS}
        rows = tuple((str(r.scenario), _metric_label(by_key[r.metric]) if r.metric in by_key
                      else str(r.metric), *_difference_cells(by_key.get(r.metric), r))
                     for r in frame.itertuples())
        references = sorted(set(frame["reference"].astype(str)))
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ResultsError(f"{study.path}: cannot be shown ({exc}); write it again with sim "
                           "compare --csv") from None
    return Section(f"compare-{slug(study.path.stem)}", f"Compared: {study.path.name}",
                   (Table(("scenario", "measure", "difference", "95% interval"), rows,
                          numeric=(2, 3), caption=f"Each scenario against the reference "
                          f"({', '.join(references) or '-'}), from {study.path.name}; shares "
                          "in percentage points."),))


def _difference_cells(metric, row) -> tuple[str, str]:
    values = [float(row.diff), float(row.diff_low), float(row.diff_high)]
    if any(math.isnan(v) for v in values):
        return "-", "-"
    share = metric is None or metric.statistic == "share"
    scale, digits = (100, 1) if share and metric is not None else (1, _digits(metric))
    low, high = (_signed(v * scale, digits) for v in values[1:])
    unit = " points" if share and metric is not None else ""
    return f"{_signed(values[0] * scale, digits)}{unit}", f"[{low}, {high}]"


def _digits(metric) -> int:
    return 0 if metric is None or metric.statistic == "median" else metric.digits


def _signed(value: float, digits: int) -> str:
    """A signed number with no negative zero."""
    rounded = round(value, digits) + 0.0
    return f"{rounded:+,.{digits}f}"


# ---- robust, explore, calibrate, validate: their own report -----------------------------------
def study_section(study: StudyFolder, anchor: str) -> Section:
    """A study's own report.md, its figures embedded; a line on where it comes from."""
    text = read_folder_text(study, REPORT_FILES[study.kind])
    title, text = _split_title(text, KIND_NAMES[study.kind])
    lead = ([Paragraph("the model's own calibration and the scores of its held-out year, as "
                       "shipped: every run of this study starts from them.",
                       strong="Shipped with sim: ")] if study.shipped else [])
    return Section(anchor, title, (*lead, Markdown(text, study.path, anchor)))


def predictions_section(study: StudyFolder, anchor: str) -> Section:
    """`sim predict`'s folder: each held-out target's predicted spread, as written."""
    frame = read_folder_csv(study, "predictions.csv", "predict", dtype=str,
                            keep_default_na=False)
    rows = tuple(tuple(str(v) for v in row) for row in frame.itertuples(index=False))
    return Section(anchor, "Predictions of the held-out year", (
        Paragraph(f"what the model predicted for each held-out target ({study.path}), "
                  "before the record of 2025 was scored against it (sim validate).",
                  strong="Predicted: "),
        Table(tuple(frame.columns), rows, numeric=tuple(range(1, len(frame.columns))))))


def _split_title(text: str, fallback: str) -> tuple[str, str]:
    """The report's first heading becomes the section's title (not repeated inside)."""
    first, _, rest = text.partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest
    return fallback[:1].upper() + fallback[1:], text


# ---- the assumptions -------------------------------------------------------------------------
def assumptions_section(studies: Sequence[StudyFolder]) -> Section:
    """Every parameter the model has: what it means, its unit, the value the runs used when
    they differ from the default, and what the number rests on (a source, a judgement, a
    calibration, or a free parameter)."""
    from sim.scenarios.params import PARAMS
    from sim.scenarios.reference import status

    used = _values_used(studies)
    rows = []
    for param in PARAMS.values():
        basis = status(param)
        value = _text(param.default)
        if param.key in used:
            value += f" (this study: {used[param.key]})"
        rows.append((param.key, value, param.unit or "-", basis.kind, basis.detail))
    return Section("assumptions", "Every assumption, with its source", (
        Paragraph("each of the model's parameters, its default and what that number rests on: "
                  "a lever (policy), sourced (published data), calibrated (the record narrows it), "
                  "unconstrained (fitted, barely narrowed) or judgement (an assumption, not "
                  "evidence). A verdict that rests on a judgement says "
                  "so in its card.", strong="What the numbers rest on: "),
        Table(("parameter", "default", "unit", "basis", "source or reason"), tuple(rows)),
    ), folded=True)


def _values_used(studies: Sequence[StudyFolder]) -> dict[str, str]:
    """What the study sets away from the defaults: the run folders' scenarios (one value
    when every run folder agrees, else each folder's) and each critic's assumption set
    its claims were decided under."""
    from sim.scenarios.params import PARAMS

    per_folder: dict[str, dict[str, object]] = {}
    for study in studies:
        for key, value in _set_by(study).items():
            per_folder.setdefault(key, {})[_label(study, studies)] = value
    shown = {}
    for key, values in per_folder.items():
        default = PARAMS[key].default if key in PARAMS else None
        if all(v == default for v in values.values()):
            continue
        distinct = set(values.values())
        shown[key] = (str(next(iter(distinct))) if len(distinct) == 1 and len(values) > 1
                      else "; ".join(f"{name} {v}" for name, v in values.items()))
    return shown


def _set_by(study: StudyFolder) -> dict[str, object]:
    """The parameter values a folder's manifest records it ran under."""
    if study.kind is Kind.RUN:
        scenario = study.manifest.get("scenario")
        values = scenario.get("params") if isinstance(scenario, dict) else None
    elif study.kind is Kind.CLAIMS:
        assumed = study.manifest.get("assumptions")
        values = assumed.get("values") if isinstance(assumed, dict) else None
    else:
        values = None
    return {k: v for k, v in (values if isinstance(values, dict) else {}).items()
            if isinstance(v, bool | int | float | str)}


def _label(study: StudyFolder, studies: Sequence[StudyFolder]) -> str:
    """A folder's name, or its path where two folders share a name."""
    same = [s for s in studies if s.name == study.name]
    return study.name if len(same) == 1 else str(study.path)
