"""The parameter reference, rendered from :mod:`sim.scenarios.params` (`sim params`, docs),
with what each parameter's value rests on (:func:`status`)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.errors import SimError
from sim.scenarios.params import SECTIONS, Param, in_section, table_name
from sim.scenarios.plausible import Fit, shipped, shipped_choices
from sim.scenarios.values import SCENARIO_KEYS, toml_value


@dataclass(frozen=True)
class Status:
    """What a parameter's value rests on: ``policy`` (a lever a scenario chooses),
    ``calibrated`` (the record narrows it to at most half its prior: the targets that
    constrain it), ``unconstrained`` (fitted against the record, barely narrowed by it),
    ``sourced`` (a citation) or ``judgement`` (its stated reason)."""

    kind: str
    detail: str


def status(p: Param) -> Status:
    """Where ``p``'s value comes from (the shipped calibration first, then its source)."""
    if p.policy:
        return Status("policy", "a lever: what an actor chooses")
    fit, under = _fit_of(p.key)
    if fit is not None:
        targets = ", ".join(fit.constrained_by) or "no single target"
        return Status(fit.status, f"{under}runs draw it from the calibration's plausible sets "
                                  f"(5-95%: {fit.span[0]:.4g}..{fit.span[1]:.4g} of the prior "
                                  f"{fit.prior[0]:g}..{fit.prior[1]:g}; central "
                                  f"{fit.central:.4g}; constrained by {targets})")
    if p.source:
        return Status("sourced", p.source)
    return Status("judgement", p.reason)


def _fit_of(key: str) -> tuple[Fit | None, str]:
    """What the shipped calibrations say of ``key``: the default sub-models' first, then
    each other shipped choice's (a sub-model's own free parameter), and under which."""
    fit = shipped().fits.get(key)
    if fit is not None:
        return fit, ""
    for choice in shipped_choices():
        try:
            fit = shipped(choice).fits.get(key)
        except SimError:  # a damaged calibration of other sub-models says nothing of this
            continue
        if fit is not None:
            named = ", ".join(f'{k} = "{v}"' for k, v in choice)
            return fit, f"under {named}, "
    return None, ""


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
        lines.append(f"[{table_name(name)}]")
        for p in in_section(name):
            tags = [p.kind.__name__, _range(p), p.unit]
            if p.claims:
                tags.append(" ".join(p.claims))
            if p.init_only:
                tags.append("week 0 only")
            where = status(p)
            tags.append(where.kind)
            lines.append(f"  {p.name} = {toml_value(p.default)}    ({'; '.join(tags)})")
            lines.append(f"      {p.meaning}")
            lines.append(f"      Why this default: {p.reason}")
            if p.source:
                lines.append(f"      Source: {p.source}")
            if where.kind in ("calibrated", "unconstrained"):
                lines.append(f"      {where.kind.capitalize()}: {where.detail}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_markdown() -> str:
    """The Markdown reference in docs/parameters.md (a test keeps it in sync)."""
    out = ["# Parameter reference", "",
           "Generated from `sim/scenarios/params.py` by `sim params --markdown`; do not edit by hand.",
           "Every key can be set in a scenario file (`[world]`, `[actors.<key>]`), in an",
           "`[[events]]` table (unless marked *week 0 only*) or with `--set key=value`.",
           "A parameter's status says what its value rests on: `policy` (a lever),",
           "`calibrated` (the record narrows it to at most half its prior; runs draw it from",
           "the shipped calibration's plausible sets), `unconstrained` (drawn from them too,",
           "but the record barely narrows it), `sourced` (a citation) or `judgement` (its",
           "stated reason).", "",
           "## `[scenario]`", "", "| key | type | range | default | meaning |",
           "|---|---|---|---|---|"]
    for key, (kind, low, high, default, meaning) in SCENARIO_KEYS.items():
        rng = f"{low}..{high}" if low is not None else ""
        shown_default = "" if default is None else toml_value(default)
        out.append(f"| `{key}` | {kind.__name__} | {rng} | {shown_default} | {meaning} |")
    for name in SECTIONS:
        title = table_name(name)
        out += ["", f"## `[{title}]`", "",
                "| key | type | range | default | unit | claims | status | meaning | why this default |",
                "|---|---|---|---|---|---|---|---|---|"]
        for p in in_section(name):
            meaning = (p.meaning + (" *Week 0 only.*" if p.init_only else "")
                       + (f" Source: {p.source}." if p.source else ""))
            kind = p.kind.__name__ + (" (policy)" if p.policy else "")
            where = status(p)
            shown = (f"{where.kind}: {where.detail}"
                     if where.kind in ("calibrated", "unconstrained") else where.kind)
            out.append(f"| `{p.key}` | {kind} | {_range(p)} | {toml_value(p.default)} | {p.unit} | "
                       f"{' '.join(p.claims)} | {shown} | {meaning} | {p.reason} |")
    return "\n".join(out) + "\n"
