"""What `sim record` prints: the record's targets (or inputs), and a replay's runs against
the targets, as tables and as JSON."""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from sim.analysis.replay import CUTOFF, INTERVAL_SDS, Status, TargetCheck
from sim.scenarios.record import FIT_UNTIL, Observation, Record, Role


def _period(item: Observation) -> str:
    if item.period is None:
        return "(base rate)"
    start, end = item.period.start, item.period.end
    return str(start) if start == end else f"{start}..{end}"


def _value(item: Observation) -> str:
    spread = f" ±{item.uncertainty:,.6g}" if item.uncertainty is not None else ""
    return f"{item.value:,.6g}{spread} {item.unit}"


def record_table(record: Record, inputs: bool = False, role: Role | None = None) -> str:
    """One line per observation: id, quantity, period, value (± uncertainty) and unit,
    role and the kind of source."""
    chosen = record.inputs if inputs else tuple(
        t for t in record.targets if role is None or t.role is role)
    lines = [f"{'id':<30} {'period':<23} value", "-" * 79]
    quantity = None
    for item in chosen:
        if item.quantity is not quantity:
            quantity = item.quantity
            lines.append(f"{quantity.name} ({quantity.level.value})")
        tag = item.role.value if item.role else "input"
        lines.append(f"  {item.id:<28} {_period(item):<23} {_value(item)} "
                     f"[{tag}, {item.source.kind.value}]")
    counts = ", ".join(f"{len(record.with_role(r))} {r.value}" for r in Role)
    lines += ["", f"Record {record.version} (sha256 {record.sha256[:12]}): "
                  f"{len(record.inputs)} inputs; {len(record.targets)} targets ({counts}) "
                  f"over {len(record.levels)} levels. Fit targets end by {FIT_UNTIL}; "
                  "2025 is held out."]
    return "\n".join(lines)


def record_json(record: Record) -> dict[str, Any]:
    def entry(item: Observation) -> dict[str, Any]:
        data = asdict(item)
        data["quantity"] = item.quantity.name
        return data

    return {"version": record.version, "sha256": record.sha256,
            "inputs": [entry(i) for i in record.inputs],
            "targets": [entry(t) for t in record.targets]}


def _short(number: float) -> str:
    """A number in a few characters: millions as M, thousands with separators."""
    if abs(number) >= 1e6:
        return f"{number / 1e6:.3g} M"
    return f"{number:,.0f}" if abs(number) >= 1_000 else f"{number:.4g}"


def replay_table(checks: list[TargetCheck], runs: int, label: str) -> str:
    """Each target against the replay's runs: the observation, the runs' median and 90%
    interval, the implausibility, whether the interval covers the observation and the
    share of runs inside its observation interval (or why there is no comparison)."""
    header = f"  {'target':<21}{'observed':>10}  {'runs: median [90%]':<29}{'I':>6}"
    lines = [f"{label}: {runs:,} runs against the record's targets", "",
             header + "  covers  inside"]
    for check in checks:
        target = check.target
        if check.status is not Status.COMPARED:
            lines.append(f"  {target.id:<21}{target.value:>10,.6g}  {check.status.value}")
            continue
        spread = f"{_short(check.median)} [{_short(check.low)}, {_short(check.high)}]"
        observed = _short(target.value) if abs(target.value) >= 1e6 else f"{target.value:,.6g}"
        inside = f"{math.floor(100 * check.inside + 1e-9)}%"  # never rounded up to a half
        lines.append(f"  {target.id:<21}{observed:>10}  {spread:<29}"
                     f"{check.implausibility:>6.2f}  {'yes' if check.covered else 'no ':<6}"
                     f"{inside:>7}")
    compared = [c for c in checks if c.status is Status.COMPARED]
    plausible = sum(c.implausibility <= CUTOFF for c in compared)
    covered = sum(c.covered for c in compared)
    worst = sorted((c.implausibility for c in compared), reverse=True)[:2]
    half = sum(c.inside >= 0.5 for c in compared)
    lines += ["", f"  {len(compared)} fit targets compared: {covered} covered by the runs' 90% "
                  "interval,", f"  {plausible} with I <= {CUTOFF:g}; the largest I: "
                  + ", ".join(f"{i:.2f}" for i in worst) + ".",
              f"  {half} with at least half the runs inside the observation interval",
              f"  (inside: the observed value +- {INTERVAL_SDS:g} observation sd).",
              "  I = |mean - observed| / sqrt(observation sd^2 + discrepancy sd^2",
              "      + the runs' variance x (1 + 1/runs)); the monthly 2024 gains lie within",
              "      the 2024 gain, so they are not independent targets.",
              "  The 2025 targets are held out: their simulated values are shown only against",
              "  predictions committed before the comparison."]
    return "\n".join(lines)


def replay_json(checks: list[TargetCheck]) -> list[dict[str, Any]]:
    return [{"id": c.target.id, "quantity": c.target.quantity.name, "role": c.target.role,
             "status": c.status.value, "observed": c.target.value,
             **({"mean": c.mean, "median": c.median, "low": c.low, "high": c.high,
                 "sd": c.sd, "implausibility": c.implausibility, "covered": c.covered,
                 "inside": c.inside}
                if c.status is Status.COMPARED else {})} for c in checks]
