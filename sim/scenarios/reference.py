"""The parameter reference, rendered from :mod:`sim.scenarios.params` (`sim params`, docs)."""

from __future__ import annotations

from sim.scenarios.params import SECTIONS, Param, in_section
from sim.scenarios.values import SCENARIO_KEYS, toml_value


def _range(p: Param) -> str:
    if p.kind is bool:
        return "true/false"
    if p.kind is str:
        return " | ".join(p.choices)
    fmt = (lambda x: str(int(x))) if p.kind is int else (lambda x: f"{x:g}")
    return f"{fmt(p.low)}..{fmt(p.high)}"


def render_text(section: str | None = None) -> str:
    """Plain-text reference, one block per parameter."""
    lines = []
    for name in SECTIONS if section is None else (section,):
        lines.append(f"[{'world' if name == 'world' else 'actors.' + name}]")
        for p in in_section(name):
            tags = [p.kind.__name__, _range(p), p.unit]
            if p.claims:
                tags.append(" ".join(p.claims))
            if p.init_only:
                tags.append("week 0 only")
            if p.policy:
                tags.append("policy")
            lines.append(f"  {p.name} = {toml_value(p.default)}    ({'; '.join(tags)})")
            lines.append(f"      {p.meaning}")
            lines.append(f"      Why this default: {p.reason}")
            if p.source:
                lines.append(f"      Source: {p.source}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_markdown() -> str:
    """The Markdown reference in docs/parameters.md (a test keeps it in sync)."""
    out = ["# Parameter reference", "",
           "Generated from `sim/scenarios/params.py` by `sim params --markdown`; do not edit by hand.",
           "Every key can be set in a scenario file (`[world]`, `[actors.<key>]`), in an",
           "`[[events]]` table (unless marked *week 0 only*) or with `--set key=value`.", "",
           "## `[scenario]`", "", "| key | type | range | default | meaning |",
           "|---|---|---|---|---|"]
    for key, (kind, low, high, default, meaning) in SCENARIO_KEYS.items():
        rng = f"{low}..{high}" if low is not None else ""
        shown_default = "" if default is None else toml_value(default)
        out.append(f"| `{key}` | {kind.__name__} | {rng} | {shown_default} | {meaning} |")
    for name in SECTIONS:
        title = "world" if name == "world" else f"actors.{name}"
        out += ["", f"## `[{title}]`", "",
                "| key | type | range | default | unit | claims | meaning | why this default |",
                "|---|---|---|---|---|---|---|---|"]
        for p in in_section(name):
            meaning = (p.meaning + (" *Week 0 only.*" if p.init_only else "")
                       + (f" Source: {p.source}." if p.source else ""))
            kind = p.kind.__name__ + (" (policy)" if p.policy else "")
            out.append(f"| `{p.key}` | {kind} | {_range(p)} | {toml_value(p.default)} | {p.unit} | "
                       f"{' '.join(p.claims)} | {meaning} | {p.reason} |")
    return "\n".join(out) + "\n"
