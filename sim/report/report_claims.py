"""The claims in a report: one card per claim, each critic's verdict and tipping strength.

Read from `sim claims` folders: the one under the model's defaults gives each card's
verdict, effect and robustness over the plausible worlds; every folder run under a
critic's assumptions (`sim claims --assume FILE`) adds that critic's verdict and the
strength at which it tips the claim. Each folder's claims.md follows, folded, in full.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from sim.errors import ResultsError
from sim.report.document import (
    Block,
    Card,
    Figure,
    Markdown,
    Paragraph,
    Section,
    Table,
    Tone,
    slug,
)
from sim.report.report_html import folder_image
from sim.report.study_folders import StudyFolder, read_folder_csv, read_folder_text

TONES = {"supported": Tone.GOOD, "not supported": Tone.BAD, "inconclusive": Tone.MIXED,
         "assumed": Tone.MIXED, "calibrated": Tone.NEUTRAL, "untestable": Tone.NEUTRAL}
WHERE_IT_FAILS = (("worlds_not_supported", "not supported"),
                  ("worlds_inconclusive", "inconclusive"), ("worlds_untestable", "untestable"),
                  ("worlds_reversed", "clearly the other way"))
DEFAULTS = "defaults"


@dataclass(frozen=True)
class ClaimsFolder:
    study: StudyFolder
    claims: pd.DataFrame  # claims.csv, indexed by claim id
    report: str  # claims.md
    titles: dict[str, str]

    @property
    def assumptions(self) -> str:
        names = self.claims["assumptions"].unique()
        return str(names[0]) if len(names) else DEFAULTS


#: The columns a card reads, and those that must hold numbers (empty where undefined).
CLAIM_COLUMNS = ("id", "paragraph", "verdict", "metric", "effect", "ci_low", "ci_high", "reps",
                 "direction", "margin", "check", "checks_supported", "reversed", "assumptions")
NUMBER_COLUMNS = ("effect", "ci_low", "ci_high", "reps", "margin", "worlds", "holds",
                  "holds_low", "holds_high", "world_reps", "tipping_strength",
                  *(column for column, _ in WHERE_IT_FAILS))
CLAIM_ID = re.compile(r"C\d{1,3}")


def read_claims(study: StudyFolder) -> ClaimsFolder:
    """claims.csv and claims.md of one folder, or one line saying what is wrong."""
    frame = _claims_table(study)
    report = read_folder_text(study, "claims.md")
    titles = dict(re.findall(r"^## (C\d+)\n\n\*\*(.+?)\*\*", report, flags=re.MULTILINE))
    return ClaimsFolder(study, frame.set_index("id", drop=False), report, titles)


def _claims_table(study: StudyFolder) -> pd.DataFrame:
    where = f"{study.path}/claims.csv"
    frame = read_folder_csv(study, "claims.csv", "claims", dtype=str, keep_default_na=False)
    missing = [c for c in CLAIM_COLUMNS if c not in frame]
    if missing:
        raise ResultsError(f"{where}: not the table sim claims writes (no column "
                           f"{', '.join(missing)}); write the folder again with sim claims")
    bad = [i for i in frame["id"] if not CLAIM_ID.fullmatch(i)]
    if bad or frame["id"].duplicated().any() or len(frame["assumptions"].unique()) > 1:
        raise ResultsError(f"{where}: claim ids must be C1, C2, ... each once, under one set "
                           f"of assumptions (found {bad[:1] or 'repeats'}); write the folder "
                           "again with sim claims")
    for column in (c for c in NUMBER_COLUMNS if c in frame):
        numbers = pd.to_numeric(frame[column].replace("", "nan"), errors="coerce")
        if (numbers.isna() & ~frame[column].isin(["", "nan", "NaN"])).any():
            raise ResultsError(f"{where}: column {column} must hold numbers; write the folder "
                               "again with sim claims")
        frame[column] = numbers
    return frame


def claims_sections(studies: Sequence[StudyFolder]) -> list[Section]:
    """The claims at a glance, one card per claim, then each folder's detail (folded).

    The folder under the model's defaults gives the cards and each other folder is a
    critic; without one, the first folder gives them and says under what."""
    folders = [read_claims(s) for s in studies]
    _one_folder_per_assumption_set(folders)
    main = next((f for f in folders if f.assumptions == DEFAULTS), folders[0])
    critics = [f for f in folders if f is not main]
    try:
        cards = [claim_card(main, critics, claim_id) for claim_id in main.claims.index]
        glance = glance_table(main, critics)
    except (ValueError, TypeError, KeyError) as exc:  # a number missing where one must be
        raise ResultsError(f"{main.study.path}/claims.csv: cannot be shown ({exc}); write the "
                           "folder again with sim claims") from None
    sections = [Section("claims", "The essay's claims", (_reading(main), glance, *cards))]
    for folder in folders:
        name = "" if folder.assumptions == DEFAULTS else f" under {folder.assumptions}"
        sections.append(Section(detail_anchor(folder, main), f"The claims in detail{name}",
                                (Markdown(_drop_title(folder.report), folder.study.path,
                                          detail_anchor(folder, main)),), folded=True))
    return sections


def detail_anchor(folder: ClaimsFolder, main: ClaimsFolder) -> str:
    return "claims-detail" if folder is main else f"claims-{slug(folder.assumptions)}"


def _one_folder_per_assumption_set(folders: Sequence[ClaimsFolder]) -> None:
    seen: dict[str, ClaimsFolder] = {}
    for folder in folders:
        if folder.assumptions in seen:
            raise ResultsError(f"{folder.study.path}: its claims are under the same assumptions "
                               f"({folder.assumptions}) as {seen[folder.assumptions].study.path}"
                               "'s; give one claims folder per assumption set")
        seen[folder.assumptions] = folder


def _under(folder: ClaimsFolder) -> str:
    return ("the model's defaults" if folder.assumptions == DEFAULTS
            else f"the assumptions {folder.assumptions}")


def _drop_title(text: str) -> str:
    first, _, rest = text.partition("\n")
    return rest if first.startswith("# ") else text


def _reading(main: ClaimsFolder) -> Paragraph:
    meaning = main.study.manifest.get("meaning")
    return Paragraph(str(meaning).replace("*", "") if meaning else "a verdict holds within this model and "
                     "these assumptions; it is not a finding about the world.",
                     strong="How to read a verdict: ")


def glance_table(main: ClaimsFolder, critics: Sequence[ClaimsFolder]) -> Table:
    rows = []
    for claim_id, row in main.claims.iterrows():
        cells = [str(claim_id), main.titles.get(str(claim_id), ""), str(row["verdict"]),
                 _holds(row)]
        for critic in critics:
            cells.append(_critic_cell(critic, str(claim_id)))
        rows.append(tuple(cells))
    return Table(("claim", "what the essay says", "verdict", "holds in (worlds)",
                  *(f"under {c.assumptions}" for c in critics)), tuple(rows),
                 caption=f"Each claim's verdict under {_under(main)}, the share of the "
                         "plausible worlds where it holds (95% interval), and each other "
                         "folder's verdict (its tipping strength, where one was looked for).")


def _holds(row: pd.Series) -> str:
    holds = row.get("holds")
    if holds is None or _missing(holds):
        return "-"
    return f"{holds:.0%} [{row['holds_low']:.0%}, {row['holds_high']:.0%}]"


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _critic_cell(critic: ClaimsFolder, claim_id: str) -> str:
    if claim_id not in critic.claims.index:
        return "not run"
    row = critic.claims.loc[claim_id]
    return f"{row['verdict']}{_tipping(row)}"


def _tipping(row: pd.Series) -> str:
    if "verdict_by_strength" not in row or _missing(row.get("verdict_by_strength")):
        return ""
    strength = row.get("tipping_strength")
    return " (no strength tips it)" if _missing(strength) else f" (tips at {strength:g})"


def claim_card(main: ClaimsFolder, critics: Sequence[ClaimsFolder], claim_id: str) -> Card:
    """One claim: its verdict and where it comes from, its effect with interval, its
    robustness over the worlds and where it fails, each critic, and its chart."""
    row = main.claims.loc[claim_id]
    verdict = str(row["verdict"])
    blocks: list[Block] = [_source(row, _under(main)), _effect(row)]
    failing = _where_it_fails(row)
    if failing is not None:
        blocks.append(failing)
    if critics:
        blocks.append(_critics_table(critics, claim_id))
    chart = folder_image(main.study.path, f"charts/{claim_id}.png")
    if chart is not None:
        blocks.append(Figure(chart, alt=f"{claim_id}: each check's effect and its 95% interval "
                             "against the margin the essay's claim needs"))
    blocks.append(Paragraph("", link=f"#claims-detail-{slug(claim_id)}",
                            link_text=f"{claim_id} in detail: every check and arm"))
    title = f"{claim_id} ({row['paragraph']}): {main.titles.get(claim_id, row['check'])}"
    return Card(f"card-{slug(claim_id)}", title, verdict, TONES.get(verdict, Tone.NEUTRAL),
                tuple(blocks))


def _source(row: pd.Series, under: str) -> Paragraph:
    worlds = row.get("worlds")
    if worlds is None or _missing(worlds) or int(worlds) == 0:
        text = f"the pooled runs ({int(row['reps']):,} per arm) under {under}."
    else:
        text = (f"the plausible worlds: decided in each of {int(worlds)} parameter sets of the "
                f"calibration ({int(row['world_reps']):,} runs per arm in each), it holds in "
                f"{_holds(row)}; the pooled runs say {row['pooled_verdict']}.")
    if str(row["verdict"]) == "calibrated":
        text += " The defaults were tuned to show this pattern, so it is no evidence."
    assumed = row.get("assumed_by")
    if not _missing(assumed):
        text += f" Assumed: the verdict flips within a judgement's plausible range ({assumed})."
    return Paragraph(text, strong="Where the verdict comes from: ")


def _effect(row: pd.Series) -> Paragraph:
    needs = f"{row['direction']} {row['margin']:g}"
    if _missing(row["effect"]):
        return Paragraph(f"{row['check']}: no effect could be measured (needs {needs}).",
                         strong="Deciding check: ")
    reversed_note = " (clearly the other way)" if str(row["reversed"]) == "True" else ""
    return Paragraph(f"{row['check']}: {row['effect']:+.4g} [{row['ci_low']:+.4g}, "
                     f"{row['ci_high']:+.4g}] in {row['metric']}; the essay needs {needs}"
                     f"{reversed_note}. Checks supported: {row['checks_supported']}.",
                     strong="Deciding check (effect, 95% interval): ")


def _where_it_fails(row: pd.Series) -> Paragraph | None:
    parts = [f"{label} in {row[column]:.0%}" for column, label in WHERE_IT_FAILS
             if column in row and not _missing(row[column]) and row[column] > 0]
    if not parts:
        return None
    return Paragraph("; ".join(parts) + " of the worlds.", strong="Where it fails: ")


def _critics_table(critics: Sequence[ClaimsFolder], claim_id: str) -> Table:
    rows = []
    for critic in critics:
        if claim_id not in critic.claims.index:
            rows.append((critic.assumptions, "not run", "-", "-"))
            continue
        row = critic.claims.loc[claim_id]
        strength = row.get("tipping_strength")
        tipping = ("not looked for" if _missing(row.get("verdict_by_strength"))
                   else "none tips it" if _missing(strength) else f"{strength:g}")
        rows.append((critic.assumptions, str(row["verdict"]), _holds(row), tipping))
    return Table(("critic's assumptions", "verdict", "holds in (worlds)", "tipping strength"),
                 tuple(rows), caption="Under each critic's assumptions: the verdict and the "
                 "strength of the critic's mechanism (0 none, 1 full) at which it tips.")
