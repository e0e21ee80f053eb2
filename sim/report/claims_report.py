"""What `sim claims` writes: claims.csv, checks.csv, claims.md with a chart per claim,
and manifest.json, into one results folder (replaced atomically)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.claims import Verdict
from sim.analysis.evaluate import CLAIMS_WORLD_NOTE, ClaimResult, Evaluation
from sim.analysis.measures import MEASURES
from sim.analysis.tipping import STRENGTHS
from sim.ensemble.folders import write_folder_atomically
from sim.ensemble.writer import FLOAT_FORMAT, PROJECTION_NOTE, package_versions
from sim.model import MODEL_VERSION

MEANING = ("A verdict says whether the claim holds *within this model and these "
           "assumptions*. A check is supported when the whole 95% interval of its effect "
           "clears the margin in the direction the essay asserts, not supported when it "
           "wholly misses it, inconclusive when it straddles the margin, untestable when "
           "the measure is the same in every run (it cannot move) or a share sits at a "
           "floor or ceiling in every arm; a claim holds where all its checks do. Decided "
           "in each plausible world (a parameter set of the calibration), a claim is "
           "supported when it holds in at least 80% of the worlds and not supported when "
           "in at most 20% (the 95% interval of that share) and it fails in most of the "
           "others (untestable instead when its checks cannot tell in most worlds), "
           "inconclusive otherwise; assumed when that "
           "verdict flips at an end of one judgement's plausible range; calibrated when "
           "the defaults were tuned to show the pattern (so it is no evidence). Reversed "
           "marks an effect clearly the other way. It is not a finding about the world. "
           + CLAIMS_WORLD_NOTE)


def claims_frame(evaluation: Evaluation) -> pd.DataFrame:
    """One row per claim, summarised by the check that decides its verdict."""
    rows = []
    for result in evaluation.results:
        deciding = result.deciding
        supported = sum(c.verdict in (Verdict.SUPPORTED, Verdict.CALIBRATED)
                        for c in result.checks)
        rows.append({
            "id": result.claim.id, "paragraph": result.claim.paragraph,
            "verdict": result.verdict, "metric": deciding.check.metric,
            "effect": deciding.effect.value, "ci_low": deciding.effect.low,
            "ci_high": deciding.effect.high, "reps": evaluation.reps,
            "direction": deciding.check.direction, "margin": deciding.check.margin,
            "check": deciding.check.name or deciding.check.describe(),
            "checks_supported": f"{supported}/{len(result.checks)}",
            "reversed": result.reversed,
            "assumptions": _assumption_name(evaluation),
            "pooled_verdict": result.pooled_verdict,
            **_over_worlds(result),
            **({"assumed_by": "; ".join(f"{f.verdict} at {f.end.describe()}"
                                        for f in result.flips)} if evaluation.ends else {}),
            **({"tipping_strength": result.tipping,
                "verdict_by_strength": "; ".join(f"{s:g}: {v}" for s, v in
                                                 zip(STRENGTHS, result.strengths, strict=True))}
               if evaluation.tipped else {}),
        })
    return pd.DataFrame(rows)


def _over_worlds(result: ClaimResult) -> dict[str, Any]:
    """The claim over the plausible worlds: how many, the share where it holds with its
    interval, each verdict's share, the runs per arm in each and the run rule."""
    worlds = result.worlds
    if worlds is None:
        return {}
    holding = worlds.holding
    return {"worlds": worlds.robustness.points, "holds": holding.value,
            "holds_low": holding.low, "holds_high": holding.high,
            **{f"worlds_{v.replace(' ', '_')}": est.value
               for v, est in worlds.robustness.shares.items()},
            "worlds_reversed": worlds.robustness.reversed.value,
            "world_reps": worlds.reps, "run_rule_met": worlds.meets_run_rule}


def checks_frame(evaluation: Evaluation) -> pd.DataFrame:
    """One row per check of every claim."""
    rows = []
    for result in evaluation.results:
        for number, check in enumerate(result.checks, start=1):
            rows.append({
                "id": result.claim.id, "check": number, "name": check.check.name,
                "metric": check.check.metric, "effect_of": check.check.describe(),
                "direction": check.check.direction, "margin": check.check.margin,
                "effect": check.effect.value, "ci_low": check.effect.low,
                "ci_high": check.effect.high, "verdict": check.verdict,
                "reversed": check.reversed, "reason": check.reason, "reps": evaluation.reps,
            })
    return pd.DataFrame(rows)


def _assumption_name(evaluation: Evaluation) -> str:
    return "defaults" if evaluation.assumptions is None else evaluation.assumptions.name


def _number(x: float, digits: int = 3) -> str:
    return "n/a" if math.isnan(x) else f"{x:+.{digits}f}"


def _interval(effect: Any) -> str:
    return f"[{_number(effect.low)}, {_number(effect.high)}]"


def claims_markdown(evaluation: Evaluation, charts: dict[str, str]) -> str:
    """A readable report: the table, then each claim with what was compared and a chart."""
    assumptions = evaluation.assumptions
    lines = ["# The essay's claims, checked", "",
             f"> {PROJECTION_NOTE}", ">", f"> {MEANING}", "",
             f"- Runs per arm: {evaluation.reps}, seed {evaluation.seed} (every arm shares "
             "the same random streams run by run).",
             "- Assumptions: " + ("the model's defaults." if assumptions is None else
                                  f"**{assumptions.name}** (`{assumptions.source}`): "
                                  f"{assumptions.description} Sets: "
                                  + ", ".join(f"`{k} = {v!r}`"
                                              for k, v in assumptions.values.items()) + "."),
             "- Intervals: 95% percentile bootstrap over runs (2,000 resamples, fixed seed), "
             "resampling runs jointly across arms.",
             *([] if not evaluation.sets else
               [(f"- Worlds: each claim decided in {evaluation.sets} plausible parameter "
                 f"sets of the calibration, {evaluation.set_reps} runs per arm in each to "
                 "start with (more, up to 8 times, for a claim whose checks are wider than "
                 "half their margin); the verdict is over the worlds, the effects shown are "
                 "pooled over every run.")]),
             *([] if evaluation.world_fit is None else
               [(f"- This world against the record: {evaluation.world_fit.summary()}: the "
                 "record's replay under these assumptions (docs/claims.md).")]), "",
             ("| claim | paragraph | verdict | holds in (worlds) | deciding check | effect | "
              "95% interval | needs |"),
             "|---|---|---|---|---|---:|---|---|"]
    for result in evaluation.results:
        d = result.deciding
        lines.append(f"| [{result.claim.id}](#{result.claim.id.lower()}) | "
                     f"{result.claim.paragraph} | **{result.verdict}** | "
                     f"{_holding_text(result)} | "
                     f"{d.check.name or d.check.metric} | {_number(d.effect.value)} | "
                     f"{_interval(d.effect)} | {d.check.direction} {d.check.margin:g} |")
    for result in evaluation.results:
        lines += [""] + _claim_section(result, charts.get(result.claim.id))
    return "\n".join(lines) + "\n"


def _claim_section(result: ClaimResult, chart: str | None) -> list[str]:
    claim = result.claim
    lines = [f"## {claim.id}", "", f"**{claim.title}** ({claim.paragraph}): "
             f"**{result.verdict}**", ""]
    if claim.essay:
        lines += [f"> {claim.essay}", ""]
    lines += [f"*In our words:* {claim.claim}", "", f"*Compared:* {claim.compares}", ""]
    if result.worlds is not None:
        shares = result.worlds.robustness.shares
        lines += [f"*Over {result.worlds.robustness.points} plausible worlds* "
                  f"({result.worlds.reps} runs per arm in each): holds in "
                  f"{_holding_text(result)}; "
                  + ", ".join(f"{v} in {est.value:.0%}" for v, est in shares.items()
                              if est.value > 0)
                  + f"; clearly the other way in {result.worlds.robustness.reversed.value:.0%}"
                  + ("" if result.worlds.meets_run_rule else
                     "; some check is wider than half its margin in a typical world, or "
                     "undefined there (" + _needed_text(result.worlds.reps_needed())
                     + "), so some worlds' verdicts may be open for want of runs")
                  + f". On the pooled runs below: {result.pooled_verdict}.", ""]
    if result.strengths:
        lines += ["*The critic's strength:* the pooled verdict at each strength of the "
                  "assumption set's mechanism (0 the defaults, 1 the whole set; for a set "
                  "that swaps a sub-model, the share of the runs in its world): "
                  + "; ".join(f"{s:g} {v}" for s, v in zip(STRENGTHS, result.strengths,
                                                            strict=True))
                  + (f"; it tips at {result.tipping:g}." if result.tipping is not None
                     else "; no strength flips it."), ""]
    if result.flips:
        lines += ["*Assumed:* the verdict flips within the plausible range of a judgement "
                  "(one at a time, the others as here): "
                  + "; ".join(f"{f.verdict} at `{f.end.describe()}`" for f in result.flips)
                  + ".", ""]
    lines += ["| check | measure | effect | 95% interval | needs | verdict |",
              "|---|---|---:|---|---|---|"]
    for check in result.checks:
        shown = check.verdict + (" (reversed)" if check.reversed else "")
        lines.append(f"| {check.check.name or '-'} | `{check.check.describe()}` | "
                     f"{_number(check.effect.value)} | {_interval(check.effect)} | "
                     f"{check.check.direction} {check.check.margin:g} | {shown} |")
    lines += [f"*Untestable:* {check.reason}" for check in result.checks if check.reason]
    lines += ["", "Arms (the measure in each, with its 95% interval):", ""]
    for check in result.checks:
        unit = MEASURES[check.check.metric].unit
        levels = "; ".join(f"{arm} {_number(est.value)} {_interval(est)}"
                           for arm, est in check.levels.items())
        lines.append(f"- `{check.check.metric}` ({unit}): {levels}")
    for arm in claim.arms.values():
        changes = ", ".join(f"`{k} = {v!r}`" for k, v in arm.changes.items()) or "no changes"
        where = f"; runs where `{arm.where_text}`" if arm.where_text else ""
        lines.append(f"- arm `{arm.name}`: `{arm.scenario}` with {changes}{where}")
    if chart:
        lines += ["", f"![{claim.id}: each check's effect and 95% interval against its "
                      f"margin]({chart})"]
    return lines


def _needed_text(needed: int | None) -> str:
    return ("more runs would not get there" if needed is None
            else f"it would need {needed:,} runs per arm in each")


def _holding_text(result: ClaimResult) -> str:
    if result.worlds is None:
        return "n/a"
    share = result.worlds.holding
    return f"{share.value:.0%} [{share.low:.0%}, {share.high:.0%}]"


def write_claims(evaluation: Evaluation, folder: str | Path, command: list[str]) -> Path:
    """Write the claims folder atomically (charts drawn from the evaluation, no re-runs)."""
    from sim.report.figures import claim_figure, render

    target = Path(folder)
    charts = {r.claim.id: f"charts/{r.claim.id}.png" for r in evaluation.results}
    csv: dict[str, Any] = {"float_format": FLOAT_FORMAT, "index": False, "lineterminator": "\n"}

    def fill(tmp: Path) -> None:
        claims_frame(evaluation).to_csv(tmp / "claims.csv", **csv)
        checks_frame(evaluation).to_csv(tmp / "checks.csv", **csv)
        (tmp / "charts").mkdir()
        for result in evaluation.results:
            (tmp / charts[result.claim.id]).write_bytes(render(claim_figure(result), "png"))
        (tmp / "claims.md").write_text(claims_markdown(evaluation, charts))
        (tmp / "manifest.json").write_text(json.dumps(_manifest(evaluation, command),
                                                      indent=2) + "\n")

    write_folder_atomically(target, fill)
    return target


def _manifest(evaluation: Evaluation, command: list[str]) -> dict[str, Any]:
    assumptions = evaluation.assumptions
    return {
        "note": PROJECTION_NOTE,
        "meaning": MEANING,
        "model_version": MODEL_VERSION,
        "reps": evaluation.reps,
        "seed": evaluation.seed,
        "judgement_ends": evaluation.ends,
        "worlds": {"sets": evaluation.sets, "first_reps": evaluation.set_reps,
                   "reps": {r.claim.id: r.worlds.reps for r in evaluation.results
                            if r.worlds}} if evaluation.sets else None,
        "assumptions": None if assumptions is None else {
            "name": assumptions.name, "source": assumptions.source,
            "description": assumptions.description, "values": dict(assumptions.values)},
        "claims": {r.claim.id: r.claim.source for r in evaluation.results},
        "arms_run": len(evaluation.scenarios),
        "world_fit": None if evaluation.world_fit is None else evaluation.world_fit.to_dict(),
        "command_line": command or None,
        "versions": package_versions(),
    }

