"""The report's summary: what the study found, in a few lines, before the detail.

Each line is computed from the folders as the sections below show them (the runs'
outcomes with their intervals, the claims' verdicts, the strategies' satisficing, the
held-out year's score) and says where in the document its detail is. Nothing here is
written by hand: a study that finds something else says something else.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.errors import ResultsError
from sim.report.document import Items, Paragraph, Section
from sim.report.study_folders import Kind, StudyFolder, read_folder_csv

VERDICT_ORDER = ("supported", "assumed", "calibrated", "inconclusive", "not supported",
                 "untestable")


def summary_section(studies: Sequence[StudyFolder]) -> Section | None:
    """The key findings, or None when the folders hold nothing to summarise."""
    by_kind = {kind: [s for s in studies if s.kind is kind] for kind in Kind}
    lines = [*_runs(by_kind[Kind.RUN]), *_claims(by_kind[Kind.CLAIMS]),
             *_strategies(by_kind[Kind.ROBUST]), *_held_out(by_kind[Kind.VALIDATE])]
    if not lines:
        return None
    return Section("summary", "Summary", (
        Paragraph("each line is computed from the folders below, under their assumptions; "
                  "the sections that follow give the detail and the sources.",
                  strong="What this study finds: "),
        Items(tuple(lines))))


def _runs(runs: Sequence[StudyFolder]) -> list[str]:
    """Ground Russia gains and a holding cease-fire, scenario by scenario (95% intervals)."""
    if not runs:
        return []
    from sim.analysis.compare import METRICS, describe
    from sim.ensemble.resultsets import load_result_sets

    gain = next(m for m in METRICS if m.key == "russia_gain_km2")
    ceasefire = next(m for m in METRICS if m.key == "share.ceasefire")
    parts = []
    for result in load_result_sets([s.path for s in runs]):
        g, c = describe(result.summary, result.label, gain), describe(result.summary,
                                                                       result.label, ceasefire)
        parts.append(f"{result.label}: {g.value:,.0f} km2 [{g.ci_low:,.0f}, {g.ci_high:,.0f}], "
                     f"a cease-fire holding at the horizon in {c.value:.0%} [{c.ci_low:.0%}, "
                     f"{c.ci_high:.0%}] of runs")
    weeks = runs[0].manifest.get("weeks")
    span = f" over {weeks} weeks" if isinstance(weeks, int) else ""
    return [f"Ground Russia gains{span} (mean, 95% interval): " + "; ".join(parts)
            + " (Outcomes of the scenarios)."]


def _claims(folders: Sequence[StudyFolder]) -> list[str]:
    """How many of the essay's claims each verdict holds, under the defaults."""
    if not folders:
        return []
    from sim.report.report_claims import DEFAULTS, read_claims

    read = [read_claims(s) for s in folders]
    main = next((f for f in read if f.assumptions == DEFAULTS), read[0])
    verdicts = main.claims["verdict"].astype(str)
    counts = [f"{v} {', '.join(main.claims.index[verdicts == v])}"
              for v in VERDICT_ORDER if (verdicts == v).any()]
    under = "the model's defaults" if main.assumptions == DEFAULTS else main.assumptions
    return [f"The essay's claims under {under}, decided over the plausible worlds: "
            + "; ".join(counts) + " (The essay's claims)."]


def _strategies(folders: Sequence[StudyFolder]) -> list[str]:
    """Each study's strategies by satisficing, best first, with their intervals."""
    lines = []
    for study in folders:
        frame = read_folder_csv(study, "strategies.csv", "robust")
        try:
            ranked = frame.sort_values("satisficing", ascending=False, kind="stable")
            parts = [f"{r.strategy} {r.satisficing:.0%} [{r.satisficing_low:.0%}, "
                     f"{r.satisficing_high:.0%}]" for r in ranked.itertuples()]
            futures = int(frame["worlds"].iloc[0])
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
            raise ResultsError(f"{study.path}/strategies.csv: not the table sim robust writes "
                               f"({exc}); write the folder again with sim robust") from None
        lines.append(f"Strategies meeting every threshold, share of {futures} futures (95% "
                     f"interval): {'; '.join(parts)} (Robust decision).")
    return lines


def _held_out(folders: Sequence[StudyFolder]) -> list[str]:
    """The held-out year's score: how many 2025 targets the 90% intervals covered."""
    lines = []
    for study in folders:
        frame = read_folder_csv(study, "scores.csv", "validate", dtype=str)
        if "covered" not in frame:
            raise ResultsError(f"{study.path}/scores.csv: not the table sim validate writes "
                               "(no column covered); write the folder again with sim validate")
        covered = int((frame["covered"] == "True").sum())
        lines.append(f"Scored on the held-out year 2025: {covered} of {len(frame)} targets "
                     "inside the model's 90% intervals (The held-out year).")
    return lines
