"""Tables for people: what `sim run`, `sim compare`, `sim claims` and `sim explore` print
(80 columns)."""

from __future__ import annotations

import math
import textwrap

from sim.analysis.claims import VERDICTS
from sim.analysis.compare import METRICS, Comparison, Metric, MetricRow, describe
from sim.analysis.evaluate import Evaluation
from sim.analysis.explore import SENSITIVITY_MEASURES, Exploration
from sim.analysis.mixtures import swaps_a_sub_model
from sim.analysis.sensitivity import RANKING_INDEX, noise_floor, ranked, unsure_places
from sim.analysis.worlds import WorldsResult
from sim.ensemble.results import PROJECTION_NOTE, Results
from sim.ensemble.writer import Written
from sim.report.claims_report import MEANING

NAME_WIDTH = 16
HEADINGS = {
    "share": "{label} (share of runs)",
    "median": "{label} (median and IQR over the runs where it happened)",
    "mean": "{label}, mean ({unit})",
}


def _pct(x: float) -> str:
    return "    -" if math.isnan(x) else f"{100 * x:4.1f}%"


def _points(x: float) -> str:
    return "-" if math.isnan(x) else f"{100 * x:+.1f}"


def _signed(x: float, digits: int = 3) -> str:
    return "-" if math.isnan(x) else f"{x:+,.{digits}f}"


def _fit(name: str, width: int = NAME_WIDTH) -> str:
    return name if len(name) <= width else name[:width - 1] + "~"


def _estimate(row: MetricRow) -> str:
    """The scenario's own number, 24 characters wide."""
    if row.statistic == "share":
        return f"{_pct(row.value)}  [{_pct(row.ci_low)}, {_pct(row.ci_high)}]"
    if row.statistic == "median":
        if row.n == 0:
            return f"{'never':>6}{'':18}"
        iqr = f"IQR {row.q1:.0f}-{row.q3:.0f}"
        return f"{row.value:6.0f}  {iqr:<10}n={row.n:<4}"
    interval = ("" if math.isnan(row.ci_low)
                else f" [{_signed(row.ci_low, row.digits)}, {_signed(row.ci_high, row.digits)}]")
    return f"{_signed(row.value, row.digits):>6}{interval}"


def _difference(row: MetricRow) -> str:
    """The difference from the reference with its interval and marker."""
    if row.diff_method == "reference":
        return "reference"
    if math.isnan(row.diff):
        return "      -"
    marker = " *" if row.excludes_zero else ""
    if row.statistic == "share":
        value, low, high = _points(row.diff), _points(row.diff_low), _points(row.diff_high)
        return f"{value:>6} pp [{low:>5}, {high:>5}]{marker}"
    if row.statistic == "median":
        value = f"{row.diff:+.1f}"
        low, high = f"{row.diff_low:+.1f}", f"{row.diff_high:+.1f}"
        interval = "" if math.isnan(row.diff_low) else f" [{low:>5}, {high:>5}]"
        return f"{value:>6} wk{interval}{marker}"
    low, high = _signed(row.diff_low, row.digits), _signed(row.diff_high, row.digits)
    interval = "" if math.isnan(row.diff_low) else f" [{low}, {high}]"
    return f"{_signed(row.diff, row.digits):>6}{interval}{marker}"


def _illustrative() -> list[str]:
    return textwrap.wrap(PROJECTION_NOTE, width=78, initial_indent="  ", subsequent_indent="  ")


def _named(label: str, rest: str) -> list[str]:
    """A table row led by a scenario's label, in full: a long label gets its own line."""
    if len(label) <= NAME_WIDTH:
        return [f"  {label:<{NAME_WIDTH}}  {rest}"]
    return [f"  {label}", f"  {'':<{NAME_WIDTH}}  {rest}"]


def comparison_table(comparison: Comparison) -> str:
    """Each metric as a block: one line per scenario, its estimate and its difference."""
    ref = comparison.reference
    lines = [f"Each scenario against {ref.label}: difference = scenario - reference, with",
             "its 95% interval; * = the interval excludes zero.", ""]
    for result, is_paired in zip(comparison.sets, comparison.paired, strict=True):
        how = ("reference" if result is ref
               else "paired runs (same seeds)" if is_paired else "independent runs")
        horizon = "? weeks" if result.weeks is None else f"{result.weeks} weeks"
        lines += _named(result.label, f"{result.reps:>6} runs x {horizon:<9} {how}")
    for metric in METRICS:
        lines += ["", HEADINGS[metric.statistic].format(label=metric.label, unit=metric.unit)]
        for result in comparison.sets:
            row = comparison.row(result.label, metric.key)
            lines += _named(result.label, f"{_estimate(row):<25} {_difference(row)}".rstrip())
    lines += [""] + _illustrative()
    return "\n".join(lines)


def _summary_line(metric: Metric, row: MetricRow) -> str:
    if metric.statistic == "share":
        interval = f"[{_pct(row.ci_low)}, {_pct(row.ci_high)}]"
        return f"  {metric.label:<26}{_pct(row.value):>7}   {interval}"
    if metric.statistic == "median":
        if row.n == 0:
            return f"  median {metric.label:<23}never"
        return (f"  median {metric.label:<23}{row.value:5.0f}   "
                f"(IQR {row.q1:.0f}-{row.q3:.0f}; in {runs(row.n)})")
    digits = row.digits
    interval = ("" if math.isnan(row.ci_low)
                else f"  (95% interval {row.ci_low:,.{digits}f} to {row.ci_high:,.{digits}f})")
    return (f"  {metric.label + ', mean':<32}{row.value:>8,.{digits}f}{interval}\n"
            f"  {'':<32}({metric.unit})")


def runs(n: int) -> str:
    """'1 run', '200 runs', '10,000 runs'."""
    return f"{n:,} run" + ("" if n == 1 else "s")


def summary_table(results: Results | Written) -> str:
    """Outcome shares with 95% intervals, weeks to talks and cease-fire, ground in km2 and
    aid and revenue in EUR bn."""
    summary = results.summary
    name = results.scenario.name
    lines = [f"{name}: {runs(len(summary))} x {results.scenario.weeks} weeks, "
             f"seed {results.seed}", "", f"  {'outcome':<26}{'share':>7}   95% interval"]
    for metric in METRICS:
        if metric.key in ("share.serious_talks", "weeks_to_talks", "russia_gain_km2"):
            lines.append("")
        lines.append(_summary_line(metric, describe(summary, name, metric)))
    lines += [""] + _illustrative()
    return "\n".join(lines)


def _size(nbytes: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if nbytes >= scale:
            return f"{nbytes / scale:.1f} {unit}"
    return f"{nbytes} bytes"


def files_table(written: Written) -> str:
    """Where the results went: each file written, its rows and size."""
    lines = [f"  results: {written.folder}/"]
    extension = next(iter(written.files)).rsplit(".", 1)[-1]
    width = max(len(name) for name in [*written.files, f"actors.{extension}"]) + 2
    for name, info in written.files.items():
        lines.append(f"    {name:<{width}}{info['rows']:>12,} rows  {_size(info['bytes']):>9}")
    if not any(name.startswith("actors.") for name in written.files):
        lines.append(f"    {'actors.' + extension:<{width}}not written (sim run --actors "
                     "writes it)")
    return "\n".join(lines)


def _effect(x: float, size: float) -> str:
    """An effect in its measure's unit: three decimals for shares, beliefs and weeks,
    whole numbers for km2 (``size``: the largest number of its row, so that an effect
    and its interval share one precision)."""
    return f"{x:+,.0f}" if size >= 100 else f"{x:+.3f}"


def _holding(worlds: WorldsResult | None) -> str:
    """The share of worlds where a claim holds, with its interval: ``75% [58-87]``."""
    if worlds is None:
        return "n/a"
    share = worlds.holding
    return f"{share.value:.0%} [{share.low * 100:.0f}-{share.high * 100:.0f}]"


def _tipping(strength: float | None) -> str:
    return "-" if strength is None else f"{strength:g}"


def _needed(worlds: WorldsResult) -> str:
    """The runs per world a claim's checks would need, or "?" when a check is undefined in
    most worlds (a rate with nothing to break)."""
    needed = worlds.reps_needed()
    return "?" if needed is None else f"{needed:,}"


def _claims_notes(evaluation: Evaluation) -> list[str]:
    """What the columns over the worlds, the judgements and the critic's strength mean,
    and which claims the run rule or a judgement singles out."""
    lines: list[str] = []
    if evaluation.sets:
        loose = [f"{r.claim.id} ({_needed(r.worlds)})" for r in evaluation.results
                 if r.worlds is not None and not r.worlds.meets_run_rule]
        lines += textwrap.wrap(
            "  holds in: the share of worlds where the claim holds, with its 95% interval; "
            "the effect is pooled over every run. Claims whose checks stay wider than half "
            "their margin in a typical world (the runs per world that would need): "
            + (", ".join(loose) or "none"), width=78, subsequent_indent="  ")
    if evaluation.ends:
        flipped = [f"{r.claim.id} ("
                   + "; ".join(f"{f.verdict} at {f.end.describe()}" for f in r.flips) + ")"
                   for r in evaluation.results if r.verdict == "assumed"]
        lines += textwrap.wrap(
            f"  assumed: a verdict that flips at one of {evaluation.ends} ends of the "
            "judgements' plausible ranges (open_assumptions.toml, one at a time): "
            + ("; ".join(flipped) or "none"), width=78, subsequent_indent="  ")
    if evaluation.tipped:
        name = evaluation.assumptions.name
        strength = (f"share of the runs in {name}'s world (it swaps a sub-model; 0 none, 1 "
                    "all)" if swaps_a_sub_model(evaluation.assumptions) else
                    f"strength of {name}'s mechanism (0 the defaults, 1 the whole set)")
        lines += textwrap.wrap(
            f"  tips at: the weakest {strength} at which the claim's pooled verdict is the "
            "opposite of the defaults'; - where none flips it", width=78,
            subsequent_indent="  ")
    return lines


def claims_table(evaluation: Evaluation) -> str:
    """One line per claim: its verdict and the check that decided it."""
    assumptions = ("the model's defaults" if evaluation.assumptions is None
                   else f"{evaluation.assumptions.name} ({evaluation.assumptions.source})")
    lines = [f"{len(evaluation.results)} claims, {evaluation.reps} runs per arm, "
             f"seed {evaluation.seed}", f"assumptions: {assumptions}"]
    if evaluation.sets:
        used = sorted({r.worlds.reps for r in evaluation.results if r.worlds})
        runs = f"{used[0]:,}" if len(used) == 1 else f"{used[0]:,}-{used[-1]:,}"
        lines += textwrap.wrap(
            f"each claim decided in {evaluation.sets} plausible worlds ({runs} runs per arm "
            "in each): supported when it holds in at least 80% of them, not supported when "
            "in at most 20% and it fails in most others (95% intervals)", width=78,
            subsequent_indent="  ")
    if evaluation.world_fit is not None:
        lines += textwrap.wrap("this world against the record: "
                               + evaluation.world_fit.summary(), width=78,
                               subsequent_indent="  ")
    worlds, tipped = bool(evaluation.sets), evaluation.tipped
    lines += ["",
             f"  {'id':<5}{'verdict':<15}" + (f"{'holds in':<14}" if worlds else "")
             + (f"{'tips at':<8}" if tipped else "")
             + f"{'deciding measure':<22}{'effect':>8}  {'95% interval':<18} needs"]
    for result in evaluation.results:
        d = result.deciding
        size = max((abs(x) for x in (d.effect.value, d.effect.low, d.effect.high)
                    if not math.isnan(x)), default=0.0)
        interval = ("n/a" if math.isnan(d.effect.low)
                    else f"[{_effect(d.effect.low, size)}, {_effect(d.effect.high, size)}]")
        effect = "n/a" if math.isnan(d.effect.value) else _effect(d.effect.value, size)
        verdict = result.verdict + ("*" if result.reversed else "")
        holds = f"{_holding(result.worlds):<14}" if worlds else ""
        holds += f"{_tipping(result.tipping):<8}" if tipped else ""
        lines.append(f"  {result.claim.id:<5}{verdict:<15}{holds}{_fit(d.check.metric, 21):<22}"
                     f"{effect:>8}  {interval:<18} {d.check.direction} {d.check.margin:g}")
    counts = {v: sum(r.verdict == v for r in evaluation.results) for v in VERDICTS}
    shown = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    flipped = [r.claim.id for r in evaluation.results if r.reversed]
    lines += ["", "  " + shown, "  reversed (clearly the other way): "
              + (", ".join(flipped) if flipped else "none")]
    lines += _claims_notes(evaluation)
    lines += [""]
    lines += textwrap.wrap(MEANING.replace("*", ""), width=78, initial_indent="  ",
                           subsequent_indent="  ")
    return "\n".join(lines + [""] + _illustrative())


def exploration_table(exploration: Exploration) -> str:
    """What an exploration found, in brief: what decides the headline measures, where
    the outcomes of interest happen, and how robust each claim is."""
    space, method = exploration.space, exploration.space.method
    index = RANKING_INDEX[method]
    rate = exploration.runs / exploration.seconds if exploration.seconds > 0 else 0.0
    resumed = (f", {exploration.resumed_points:,} points resumed"
               if exploration.resumed_points else "")
    lines = [*textwrap.wrap(
                 f"{exploration.sample.points:,} points ({method}) x {space.reps} runs x "
                 f"{exploration.scenarios} scenario{'s' if exploration.scenarios > 1 else ''}"
                 f": {exploration.runs:,} runs simulated in {exploration.seconds:.1f} s "
                 f"({rate:,.0f} runs/s){resumed}", width=80), "",
             f"  what decides each measure ({index}, largest first; ? = not told apart "
             "from", "  the next, or from what a parameter that cannot act scores):"]
    if not exploration.sensitivity:
        lines[-2:] = ["  what decides each measure: not computed (--no-sensitivity)"]
    floors = []
    for measure in SENSITIVITY_MEASURES:
        whole = ranked(exploration.indices, measure, method)
        if whole:
            floor = noise_floor(exploration.indices, measure, method, exploration.inert_keys)
            floors += [] if floor is None else [floor]
            unsure = unsure_places(whole[:4], floor)
            text = f"{measure}: " + ", ".join(
                f"{r.parameter} {r.value:.2f}{'?' if doubt else ''}"
                for r, doubt in zip(whole[:3], unsure, strict=False))
            lines += textwrap.wrap(text, width=78, initial_indent="    ",
                                   subsequent_indent="        ")
    if floors:
        lines += textwrap.wrap(
            f"({', '.join(exploration.inert_keys)} cannot act in this space, yet "
            f"score{'s' if len(exploration.inert_keys) == 1 else ''} up to {max(floors):.2f}: "
            "an index no larger is noise; more points narrow it)", width=78,
            initial_indent="    ", subsequent_indent="    ")
    for box in exploration.boxes:
        if box.claim is not None:
            continue  # one box per claim: in report.md and boxes.csv
        lines += ["", f"  where {box.target} (in {box.base_rate:.0%} of the space):"]
        if box.note:
            lines += textwrap.wrap(box.note, width=78, initial_indent="    ",
                                   subsequent_indent="    ")
            continue
        lines.append(f"    box covers {box.coverage:.0%} of the cases with density "
                     f"{box.density:.0%}:")
        for key, limit in box.limits.items():
            shown = ("{" + ", ".join(limit) + "}" if isinstance(limit[0], str)
                     else f"{limit[0]:.3g} .. {limit[1]:.3g}")
            lines.append(f"      {key:<40} {shown}")
    if exploration.claims:
        shown = ("supported", "calibrated", "not supported", "inconclusive", "untestable")
        heads = ("supported", "calibr.", "not supp.", "inconcl.", "untest.")
        lines += ["", "  how robust each claim is (share of the space; "
                      + ("what decides it, and where" if exploration.sensitivity else "where"),
                  "  each fails: report.md)",
                  f"  {'claim':<6}" + "".join(f"{h:>10}" for h in heads)]
        for claim, result in zip(exploration.claims, exploration.robustness, strict=True):
            lines.append(f"  {claim.id:<6}" + "".join(
                f"{_pct(result.shares[v].value):>10}" for v in shown))
    return "\n".join(lines + [""] + _illustrative())
