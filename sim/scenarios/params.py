"""Every scenario parameter, declared once: the registry.

Each :class:`~sim.scenarios.param.Param` carries its key, type, range, default, unit, meaning, the
essay claims it bears on and the reason for its default. Validation, ``--set``,
``sim params``, the docs and the tests all read this table; no default is
written anywhere else.

Defaults describe the situation the essay describes (September 2025): a US
President who keeps deferring decisions, an EU slowed by Hungarian and Slovak
vetoes, a France/UK coalition without US endorsement, and a Russia sustained by
China and North Korea. They are assumptions chosen to be plausible and legible,
not estimates: every one can be changed in a scenario file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from sim.scenarios.param import Param
from sim.scenarios.params_actors import ACTOR_PARAMS
from sim.scenarios.params_world import MODEL, WORLD

#: The actors the essay names, in the order the model steps them.
ACTORS: tuple[str, ...] = (
    "united_states",
    "us_congress",
    "european_union",
    "hungary",
    "slovakia",
    "france",
    "united_kingdom",
    "turkey",
    "nato",
    "ukraine",
    "russia",
    "china",
    "north_korea",
)

#: How text names each actor in the middle of a sentence.
ACTOR_NAMES: dict[str, str] = {
    "united_states": "the US President", "us_congress": "the US Congress",
    "european_union": "the EU", "hungary": "Hungary", "slovakia": "Slovakia",
    "france": "France", "united_kingdom": "the UK", "turkey": "Turkey", "nato": "NATO",
    "ukraine": "Ukraine", "russia": "Russia", "china": "China", "north_korea": "North Korea",
}

#: The coalition of the willing's leading members (each a CoalitionMember in the model).
COALITION: tuple[str, ...] = ("france", "united_kingdom")

#: Top-level sections a parameter can live in (``[model]``: the sub-models chosen whole).
SECTIONS: tuple[str, ...] = ("model", "world", *ACTORS)


_DECLARED: tuple[Param, ...] = MODEL + WORLD + ACTOR_PARAMS

#: What actors choose (as opposed to how the world works and how actors decide):
#: the war starts from these at their defaults (see ``world.start``).
POLICY_KEYS: frozenset[str] = frozenset({
    "world.unity", "world.terms_cede_km2", "world.imposed_ceasefire_week",
    "united_states.stance", "united_states.decision_delay_weeks", "united_states.sanctions",
    "united_states.military_aid", "united_states.status_quo_sanctions",
    "united_states.status_quo_military_aid", "united_states.ambiguity",
    "united_states.backs_guarantees", "united_states.endorses_coalition",
    "us_congress.acts_if_president_declines", "us_congress.sanctions",
    "us_congress.military_aid",
    "european_union.sanctions", "european_union.military_aid", "european_union.resolve",
    "european_union.package_interval_weeks",
    "hungary.resistance", "slovakia.resistance",
    "france.in_coalition", "france.military_aid", "united_kingdom.in_coalition",
    "united_kingdom.military_aid", "united_kingdom.sanctions",
    "nato.coordination", "turkey.balancing",
    "china.economic_support", "north_korea.munitions_support",
})

PARAMS: dict[str, Param] = {p.key: replace(p, policy=p.key in POLICY_KEYS) for p in _DECLARED}
if not POLICY_KEYS <= PARAMS.keys():  # pragma: no cover - a typo in the list above
    raise RuntimeError(f"unknown policy keys: {sorted(POLICY_KEYS - PARAMS.keys())}")


def defaults() -> dict[str, bool | int | float | str]:
    """Every parameter's default, keyed by ``section.name``."""
    return {key: p.default for key, p in PARAMS.items()}


def status_quo(params: dict[str, bool | int | float | str]) -> dict[str, bool | int | float | str]:
    """``params`` with every policy at its default: the war as it stands."""
    return {key: PARAMS[key].default if PARAMS[key].policy else value
            for key, value in params.items()}


def in_section(section: str) -> Iterator[Param]:
    """Parameters of one section (``model``, ``world`` or an actor key)."""
    return (p for p in PARAMS.values() if p.section == section)


def table_name(section: str) -> str:
    """The scenario file's table a section's parameters are written in."""
    return section if section in ("model", "world") else f"actors.{section}"
