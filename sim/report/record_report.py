"""What `sim record` prints: the record's targets (or inputs) as a table, and as JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

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
