"""The quantities of the war's public record, each in its own unit: what the record
dataset (record/inputs.toml, record/targets.toml) may speak of.

A quantity is either an **input** (what an actor did: aid allocated, a package
proposed, shells delivered, a price cap set), replayed as dated events, or an
**output** (what the model must produce: ground taken, revenue earned, losses, days a
package took), held against the record as a target, or a **base rate** from the
literature (a pattern that runs of the model reproduce or not, checked by their own
runs rather than by the replay). The split is what keeps a calibration honest: a
target may never be something the replay feeds in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What the record says a quantity is."""

    INPUT = "input"          # what an actor did: replayed as events
    OUTPUT = "output"        # what the model produces: a replay target
    BASE_RATE = "base_rate"  # a pattern from the literature: a pattern target


class Measure(StrEnum):
    """How an observation reads the quantity over its period."""

    TOTAL = "total"    # summed over the period (km2 gained, EUR bn allocated, shells)
    LEVEL = "level"    # the value at the period's end (km2 held, a price cap in force)
    EVENT = "event"    # one per dated event (the days a package took; a proposal)
    RATE = "rate"      # a share or ratio over many wars or runs (base rates)
    SPREAD = "spread"  # the standard deviation of its monthly totals over the period


class Level(StrEnum):
    """Where in the war a quantity lives (a calibration must fit more than one)."""

    BATTLEFIELD = "battlefield"
    ECONOMY = "economy and production"
    POLITICS = "politics and diplomacy"
    TERMINATION = "war termination"
    SUPPORT = "western support"


@dataclass(frozen=True)
class Quantity:
    """One quantity of the record: its name (the model's column, when it has one), kind,
    unit, how an observation reads it, its level, and what it means."""

    name: str
    kind: Kind
    unit: str
    measure: Measure
    level: Level
    meaning: str


KM2 = "km2"
EUR_BN = "EUR bn"
SHELLS = "shells"
PEOPLE = "people"
DAYS = "days"
SHARE = "share 0..1"

_QUANTITIES = (
    # ---- outputs: what the model must produce -------------------------------------------
    Quantity("russia_gain_km2", Kind.OUTPUT, KM2, Measure.TOTAL, Level.BATTLEFIELD,
             "Ukrainian territory Russia took, net of what it lost, over the period"),
    Quantity("russia_gain_km2_monthly_sd", Kind.OUTPUT, KM2, Measure.SPREAD,
             Level.BATTLEFIELD, "the standard deviation (n - 1) of Russia's net gains over "
             "the period's calendar months: how unevenly the front moves month to month"),
    Quantity("russia_held_km2", Kind.OUTPUT, KM2, Measure.LEVEL, Level.BATTLEFIELD,
             "Ukrainian territory (of 603,550 km2) Russia holds at the period's end"),
    Quantity("russia_losses", Kind.OUTPUT, PEOPLE, Measure.TOTAL, Level.BATTLEFIELD,
             "Russian soldiers killed or wounded over the period"),
    Quantity("russia_recruits", Kind.OUTPUT, PEOPLE, Measure.TOTAL, Level.BATTLEFIELD,
             "soldiers Russia signed up (contracts and volunteers) over the period"),
    Quantity("russia_shells_produced", Kind.OUTPUT, SHELLS, Measure.TOTAL, Level.ECONOMY,
             "artillery shells Russia's industry made over the period"),
    Quantity("russia_fossil_revenue_eur_bn", Kind.OUTPUT, EUR_BN, Measure.TOTAL,
             Level.ECONOMY, "Russia's fossil-fuel export revenue over the period"),
    Quantity("eu_package_days", Kind.OUTPUT, DAYS, Measure.EVENT, Level.POLITICS,
             "days from the Commission's proposal of an EU sanctions package to its "
             "adoption (vetoes and holdouts lengthen it)"),
    # ---- inputs: what actors did, replayed as dated events -----------------------------
    Quantity("aid_us_eur_bn", Kind.INPUT, EUR_BN, Measure.TOTAL, Level.SUPPORT,
             "military aid the US allocated to Ukraine over the period (Kiel definitions)"),
    Quantity("aid_eu_eur_bn", Kind.INPUT, EUR_BN, Measure.TOTAL, Level.SUPPORT,
             "military aid the EU's institutions and members other than France allocated "
             "to Ukraine over the period (Kiel definitions; the model's EU)"),
    Quantity("aid_france_eur_bn", Kind.INPUT, EUR_BN, Measure.TOTAL, Level.SUPPORT,
             "military aid France allocated to Ukraine over the period (Kiel definitions)"),
    Quantity("aid_uk_eur_bn", Kind.INPUT, EUR_BN, Measure.TOTAL, Level.SUPPORT,
             "military aid the United Kingdom allocated to Ukraine over the period (Kiel "
             "definitions)"),
    Quantity("aid_europe_eur_bn", Kind.INPUT, EUR_BN, Measure.TOTAL, Level.SUPPORT,
             "military aid Europe (EU institutions and members, the UK, Norway, "
             "Switzerland, Iceland) allocated to Ukraine over the period (Kiel)"),
    Quantity("aid_total_eur_bn", Kind.INPUT, EUR_BN, Measure.TOTAL, Level.SUPPORT,
             "military aid all donors allocated to Ukraine over the period (Kiel)"),
    Quantity("russia_held_km2_initial", Kind.INPUT, KM2, Measure.LEVEL, Level.BATTLEFIELD,
             "Ukrainian territory Russia held on a date before the replay's targets: the "
             "replay's starting point, never a target"),
    Quantity("eu_shells_delivered", Kind.INPUT, SHELLS, Measure.TOTAL, Level.SUPPORT,
             "artillery shells delivered to Ukraine under the EU's one-million pledge"),
    Quantity("west_shells_produced", Kind.INPUT, SHELLS, Measure.TOTAL, Level.SUPPORT,
             "artillery shells the US and EU industries made over the period"),
    Quantity("north_korea_shells_delivered", Kind.INPUT, SHELLS, Measure.TOTAL,
             Level.ECONOMY, "artillery shells North Korea shipped to Russia over the period"),
    Quantity("north_korea_troops", Kind.INPUT, PEOPLE, Measure.LEVEL, Level.BATTLEFIELD,
             "North Korean soldiers fighting for Russia at the period's end"),
    Quantity("eu_package_proposed", Kind.INPUT, "package number", Measure.EVENT,
             Level.POLITICS, "the Commission proposes an EU sanctions package (its number)"),
    Quantity("oil_price_cap_usd", Kind.INPUT, "USD per barrel", Measure.LEVEL,
             Level.ECONOMY, "the G7/EU price cap on Russian seaborne crude in force"),
    Quantity("us_oil_major_sanctions", Kind.INPUT, "in force 0/1", Measure.LEVEL,
             Level.ECONOMY, "US blocking sanctions on Rosneft and Lukoil in force"),
    Quantity("us_supplemental_requested", Kind.INPUT, "USD bn", Measure.EVENT,
             Level.POLITICS, "the President asks Congress for a Ukraine supplemental"),
    Quantity("ukraine_mobilisation_law", Kind.INPUT, "in force 0/1", Measure.LEVEL,
             Level.BATTLEFIELD, "Ukraine's 2024 mobilisation law in force"),
    Quantity("ukraine_offensive_abroad", Kind.INPUT, "under way 0/1", Measure.EVENT,
             Level.BATTLEFIELD, "a Ukrainian offensive into Russia begins (Kursk)"),
    # ---- base rates: patterns from the literature, checked by their own runs ------------
    Quantity("ceasefire_relapse_share", Kind.BASE_RATE, SHARE, Measure.RATE,
             Level.TERMINATION, "share of cease-fires in interstate wars followed by renewed "
             "war over the whole period after them"),
    Quantity("war_end_hazard_shape", Kind.BASE_RATE, "Weibull shape", Measure.RATE,
             Level.TERMINATION, "the shape of the hazard of a war ending: 1 is a constant "
             "hazard (no duration dependence), above 1 rising with the war's length"),
    Quantity("supplemental_days_to_law", Kind.BASE_RATE, DAYS, Measure.EVENT,
             Level.POLITICS, "days from a President's request for war funding to its "
             "signature under a divided Congress"),
)

#: Every quantity the record may name, by name.
QUANTITIES: dict[str, Quantity] = {q.name: q for q in _QUANTITIES}
