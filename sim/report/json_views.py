"""What the commands print with ``--json``: the numbers of their tables as one JSON
document each (NaN becomes null), for scripts.

Each view imports what it needs when it is called: `sim params` and `sim check` then
load neither the model nor pandas (tests/test_robustness.py checks it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sim.analysis.evaluate import Evaluation
    from sim.analysis.explore import Exploration
    from sim.ensemble.writer import Written
    from sim.report.check import CheckReport


def clean(value: Any) -> Any:
    """Plain JSON: NaN as null, containers cleaned all the way down."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def run_json(written: Sequence[Written]) -> dict[str, Any]:
    """`sim run`: each scenario's outcome shares, weeks and front, with 95% intervals."""
    from sim.analysis.compare import METRICS, describe
    from sim.ensemble.writer import PROJECTION_NOTE

    return clean({"note": PROJECTION_NOTE, "scenarios": [{
        "scenario": w.scenario.name, "source": w.scenario.source, "reps": w.reps,
        "weeks": w.scenario.weeks, "seed": w.seed, "folder": str(w.folder),
        "metrics": [asdict(describe(w.summary, w.scenario.name, m)) for m in METRICS],
        "files": w.files, "inert_parameters": [i.message() for i in w.inert],
    } for w in written]})


def claims_json(evaluation: Evaluation, folder: Path) -> dict[str, Any]:
    """`sim claims`: each claim's verdict and its deciding check (claims.csv's rows)."""
    from sim.ensemble.writer import PROJECTION_NOTE
    from sim.report.claims_report import claims_frame

    assumptions = evaluation.assumptions
    return clean({"note": PROJECTION_NOTE, "reps": evaluation.reps, "seed": evaluation.seed,
                  "worlds": evaluation.sets,
                  "assumptions": None if assumptions is None else assumptions.source,
                  "world_fit": None if evaluation.world_fit is None
                  else evaluation.world_fit.to_dict(),
                  "claims": claims_frame(evaluation).to_dict("records"),
                  "report": str(folder / "claims.md")})


def exploration_json(exploration: Exploration, folder: Path,
                     named: Callable[[str], str] = str) -> dict[str, Any]:
    """`sim explore`: what decides each measure, the boxes, each claim's robustness."""
    from sim.analysis.explore import SENSITIVITY_MEASURES
    from sim.analysis.sensitivity import noise_floor, ranked, unsure_places
    from sim.ensemble.writer import PROJECTION_NOTE

    method = exploration.space.method
    deciding = {}
    for measure in SENSITIVITY_MEASURES:
        whole = ranked(exploration.indices, measure, method)
        floor = noise_floor(exploration.indices, measure, method, exploration.inert_keys)
        deciding[measure] = {"top": [asdict(r) | {"unsure": doubt} for r, doubt in
                                     zip(whole[:3], unsure_places(whole[:4], floor),
                                         strict=False)],
                             "noise_floor": floor}
    return clean({
        "note": PROJECTION_NOTE, "points": exploration.sample.points, "method": method,
        "reps": exploration.space.reps, "scenarios": exploration.scenarios,
        "runs_simulated": exploration.runs, "seconds": exploration.seconds,
        "what_decides": deciding if exploration.sensitivity else None,
        "cannot_act": exploration.inert_keys,
        "boxes": [{"target": b.target, "claim": b.claim, "coverage": b.coverage,
                   "density": b.density, "limits": b.limits, "note": b.note}
                  for b in exploration.boxes],
        "robustness": [{"claim": r.claim, **{str(v): e.value for v, e in r.shares.items()}}
                       for r in exploration.robustness],
        "notes": [named(note) for note in exploration.notes],
        "report": str(folder / "report.md")})


def check_json(reports: Sequence[CheckReport]) -> dict[str, Any]:
    """`sim check`: each file, valid or with its error, what it changes (each parameter's
    value and default, each event) and its warnings."""
    return clean({"files": [{"path": r.path, "ok": not r.error, "error": r.error or None,
                             "changes": r.changes, "events": r.events,
                             "warnings": r.warnings} for r in reports]})


def params_json(section: str | None) -> dict[str, Any]:
    """`sim params`: every parameter (of one section) as its declaration says."""
    from sim.scenarios.params import PARAMS, in_section
    from sim.scenarios.reference import status

    chosen = PARAMS.values() if section is None else in_section(section)
    return {"parameters": [{**asdict(p), "claims": list(p.claims), "choices": list(p.choices),
                            "status": asdict(status(p))} for p in chosen]}
