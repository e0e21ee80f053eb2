"""The record's inputs as a scenario: what actors did in 2023-2025, as dated events.

:func:`history_toml` writes ``scenarios/history.toml`` from ``record/inputs.toml`` (a
test keeps the two in step): week 0 is 29 December 2022, the war starts at the balance of
its own week-0 policies, Russia holds what the record's ``russia_held_km2_initial`` says
(ISW's maps, February 2023), and each recorded input becomes the lever it sets for the
weeks its period covers (:func:`week_of`). The
decision rules that would decide what the record fixes are off (:data:`FIXED`). The
mapping, one rule per quantity (:data:`LEVERS`):

- a donor's military aid (EUR bn over a period) is its lever at the period's annual rate
  (:mod:`sim.scenarios.units`): the US's aid in force while the President neither commits
  nor declines (``united_states.status_quo_military_aid``), France's and the UK's
  coalition aid, and the EU's aim, set so that a package at the default resolve brings
  the EU's aid to the recorded rate (vetoes still delay and dilute a new aim; the aid in
  force does not run down between packages in the replay, because the record's yearly
  allocations are already net of what ran out and was renewed);
- North Korea's shells: ``north_korea.munitions_support`` 1.0 from the first recorded
  delivery (1.0 is the record's rate of about 430,000 shells a month, August 2023 to
  February 2024); later deliveries continued at about that rate (South Korea counted 4.8
  million by June 2024 and more than 6 million by August 2024), and the record is silent
  after that, so the replay holds it.

Inputs no mechanism reads yet (shells the West made or sent, the price cap, which was $60
throughout the replay, North Korean troops, the supplemental request, Ukraine's
mobilisation law, the Kursk offensive, the EU's package proposals: packages come on the
model's own cycle) are listed in the file's header as not replayed.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sim.errors import RecordError
from sim.scenarios.params import PARAMS
from sim.scenarios.record import Observation, Record
from sim.scenarios.units import AID_EUR_BN_A_YEAR, START_DATE
from sim.scenarios.values import toml_value

#: The replay as the checkout ships it, which the essay's scenarios start from
#: (sim.scenarios.branch): read from the package's own checkout, never the working folder.
REPLAY_FILE = Path(__file__).resolve().parents[2] / "scenarios" / "history.toml"
#: The shipped baseline beside it: the essay's date under the record's 2025 policies.
BASELINE_FILE = REPLAY_FILE.parent / "baseline.toml"
#: Week 0 of the replay: the last Thursday of 2022, a whole number of weeks before the
#: essay's date (140 weeks), so that the essay's scenarios can branch on a week, and
#: early enough that targets from 1 January 2023 are covered.
REPLAY_START = datetime.date(2022, 12, 29)
#: Weeks from the replay's start to the essay's date (4 September 2025).
BRANCH_WEEK = (START_DATE - REPLAY_START).days // 7
#: The record's quantity the replay starts from (the territory Russia held).
INITIAL = "russia_held_km2_initial"
#: Days in a year, for a period's annual rate.
_YEAR_DAYS = 365.25


@dataclass(frozen=True)
class Lever:
    """How one recorded quantity sets a parameter: the key, and the value an observation
    gives it (the module's docstring says why each maps as it does)."""

    key: str
    value: Callable[[Observation], float]


def _aid(lever: str, divisor: float = 1.0) -> Callable[[Observation], float]:
    def value(observation: Observation) -> float:
        assert observation.period is not None
        days = (observation.period.end - observation.period.start).days + 1
        rate = observation.value * _YEAR_DAYS / days
        return round(rate / AID_EUR_BN_A_YEAR[lever] / divisor, 4)
    return value


_EU_RESOLVE = float(PARAMS["european_union.resolve"].default)

LEVERS: dict[str, Lever] = {
    "aid_us_eur_bn": Lever("united_states.status_quo_military_aid",
                           _aid("united_states.status_quo_military_aid")),
    "aid_eu_eur_bn": Lever("european_union.military_aid",
                           _aid("european_union.military_aid", _EU_RESOLVE)),
    "aid_france_eur_bn": Lever("france.military_aid", _aid("france.military_aid")),
    "aid_uk_eur_bn": Lever("united_kingdom.military_aid", _aid("united_kingdom.military_aid")),
    "north_korea_shells_delivered": Lever("north_korea.munitions_support", lambda _: 1.0),
}


#: What the replay holds fixed, because the record decides it: the President's aid is the
#: record's (he neither committed nor declined in 2023-25: no responsiveness), the EU's
#: aim is the record's at its default resolve (no threat response) and does not run down
#: between packages (the yearly allocations are net of it), North Korea shipped nothing
#: before August 2023, and no talks led anywhere: no cease-fire was agreed or forced
#: between January 2023 and the essay's date (the direct talks of May-July 2025 in
#: Istanbul exchanged prisoners and agreed nothing else), so the replay opens no talks,
#: neither talks nor serious talks straight away (the two ways out of no talks), and
#: forces no capitulation. Nor did Moscow mobilize again after the autumn of 2022, so under
#: the escalation risk process (model.escalation = "risk") it never escalates in the
#: replay. Russia's belief still moves with the war, so the essay's scenarios inherit
#: what the replay taught it; their talks and escalation start at the branch.
FIXED: dict[str, dict[str, float]] = {
    "russia": {"escalation_rate": 0.0},
    "united_states": {"responsiveness": 0.0},
    "european_union": {"threat_response": 0.0},
    "north_korea": {"munitions_support": 0.0},
    "ukraine": {"capitulation_rate": 0.0},
    "world": {"eu_aid_rundown_rate": 0.0, "serious_talks_rate": 0.0, "talks_start_rate": 0.0},
}


@cache
def replay_digest() -> str:
    """What runs that start from the replay depend on beyond their scenario: the shipped
    replay file's bytes (part of such a scenario's identity)."""
    return hashlib.sha256(REPLAY_FILE.read_bytes()).hexdigest()[:16]


def week_of(day: datetime.date) -> int:
    """The week of the event that governs ``day``: an event at week *w* sets what is in
    force for the week after row *w* (its seven days up to row *w* + 1: the model applies
    events after a week's fighting), so a setting starting on ``day`` is applied at the
    last row before it (0 for days up to the first week's end)."""
    return max(0, -(-(day - REPLAY_START).days // 7) - 1)


def replay_settings(record: Record) -> tuple[dict[int, dict[str, float]], list[str]]:
    """Each replay week's lever settings from the record's inputs (week -> key -> value),
    up to the branch, and the inputs a lever's range cut (said in the scenario's header:
    no silent caps)."""
    weeks: dict[int, dict[str, float]] = {}
    capped: list[str] = []
    in_force: dict[str, float] = {}
    for observation in sorted(record.inputs, key=lambda o: (o.period.start, o.id)):
        lever = LEVERS.get(observation.quantity.name)
        week = week_of(observation.period.start)
        if lever is None or week >= BRANCH_WEEK:
            continue
        value, high = lever.value(observation), float(PARAMS[lever.key].high)
        if value > high:
            capped.append(f"{observation.id} ({lever.key} {value:g}, set to {high:g})")
        value = min(value, high)
        if in_force.get(lever.key) != value:  # a setting already in force is no event
            weeks.setdefault(week, {})[lever.key] = in_force[lever.key] = value
    return dict(sorted(weeks.items())), capped


def initial_held_km2(record: Record) -> Observation:
    """The record's starting territory (the latest observation of it)."""
    held = [o for o in record.inputs if o.quantity.name == INITIAL]
    if not held:
        raise RecordError("record/inputs.toml", f"no {INITIAL} input: the replay needs the "
                          "territory Russia held when it starts", "input")
    return max(held, key=lambda o: o.period.end)


def not_replayed(record: Record) -> list[str]:
    """The inputs no lever reads (named in the scenario's header)."""
    return sorted({o.quantity.name for o in record.inputs
                   if o.quantity.name not in LEVERS and o.quantity.name != INITIAL})


def history_toml(record: Record) -> str:
    """scenarios/history.toml: the replay of 2023 to the essay's date as a scenario."""
    settings, capped = replay_settings(record)
    held = initial_held_km2(record)
    actors: dict[str, dict[str, float]] = {section: dict(values)
                                           for section, values in FIXED.items()
                                           if section != "world"}
    for key, value in settings.pop(0, {}).items():
        section, name = key.split(".", 1)
        actors.setdefault(section, {})[name] = value
    lines = [
        "# The war's record, 2023 to the essay's date, replayed: generated from",
        "# record/inputs.toml by `sim record --history`; do not edit by hand (a test keeps",
        "# the two in step). Each recorded input sets its lever for the weeks its period",
        "# covers (sim/scenarios/history.py says how each maps).",
        f"# Not replayed (no mechanism reads them yet): {', '.join(not_replayed(record))}.",
        *(["# Beyond a lever's range, so cut to its most: " + "; ".join(capped) + "."]
          if capped else []),
        f"# Record version {record.version}.",
        "",
        "[scenario]",
        'name = "history"',
        'description = "What actors did from January 2023 to 4 September 2025, from the '
        'record (record/inputs.toml)"',
        f"start = {REPLAY_START.isoformat()}",
        f"weeks = {BRANCH_WEEK}",
        "",
        "[world]",
        'start = "scenario_balance"  # the war at the balance of its January 2023 policies',
        f"russia_held_km2 = {held.value:.1f}  # {held.id}: {held.source.citation}",
        *(f"{name} = {toml_value(value)}" for name, value in sorted(FIXED["world"].items())),
    ]
    for section, values in sorted(actors.items()):
        lines += ["", f"[actors.{section}]"]
        lines += [f"{name} = {toml_value(value)}" for name, value in sorted(values.items())]
    for week, changes in settings.items():
        when = REPLAY_START + datetime.timedelta(days=7 * week)
        shown = ", ".join(f"{key} = {toml_value(value)}" for key, value in changes.items())
        lines += ["", "[[events]]", f"week = {week}", f"set = {{ {shown} }}",
                  f'note = "{when.isoformat()}"']
    return "\n".join(lines) + "\n"
