"""The record's units in the model: the calendar, territory in km2, aid in EUR bn.

The model's policy levers stay intensities 0..1 (what a scenario writes), but each
maps to a stated amount: a donor's military aid at 1.0 is :data:`AID_EUR_BN_A_YEAR`
of its own (EUR bn a year, in the Kiel Ukraine Support Tracker's definition:
military aid allocated). A scenario may write the amount instead, as the lever's
name with ``_eur_bn_a_year`` appended (``united_states.military_aid_eur_bn_a_year =
20``); :func:`lever_setting` turns it into the lever.

Sources: Ukraine's area is the State Statistics Service of Ukraine's 603,550 km2
(within its internationally recognised borders, Crimea included). The aid scales are
a judgement stated in docs/model.md ("Units"): full Western aid is EUR 120 bn a year,
about three times the EUR 41.6 bn a year all donors allocated on average in 2022-24
(Kiel), so that the US's largest quarter on record (EUR 42 bn a year in early 2023)
and every donor's largest year but the EU's 2025 stay within its 1.0; it is split
between donors in the shares ``world.aid_weight_*`` give them by default, so that at the
default weights a euro is a euro whoever gives it.
"""

from __future__ import annotations

import datetime

#: Ukraine's area within its internationally recognised borders (km2).
UKRAINE_AREA_KM2 = 603_550.0
#: The calendar date of week 0: the essay's date (4 September 2025).
START_DATE = datetime.date(2025, 9, 4)
#: Full Western military aid (every donor's lever at 1.0), EUR bn a year.
FULL_AID_EUR_BN_A_YEAR = 120.0
#: A lever's suffix when a scenario writes its amount in EUR bn a year.
EUR_SUFFIX = "_eur_bn_a_year"
#: EUR bn a year of military aid allocated at each donor's lever 1.0: its default
#: share of full aid (world.aid_weight_us 0.45, _eu 0.25, _coalition 0.30 shared by
#: the coalition's two members) times FULL_AID_EUR_BN_A_YEAR. Congress's aid adds to
#: the President's, in the same unit.
AID_EUR_BN_A_YEAR: dict[str, float] = {
    "united_states.military_aid": 0.45 * FULL_AID_EUR_BN_A_YEAR,
    "united_states.status_quo_military_aid": 0.45 * FULL_AID_EUR_BN_A_YEAR,
    "us_congress.military_aid": 0.45 * FULL_AID_EUR_BN_A_YEAR,
    "european_union.military_aid": 0.25 * FULL_AID_EUR_BN_A_YEAR,
    "france.military_aid": 0.15 * FULL_AID_EUR_BN_A_YEAR,
    "united_kingdom.military_aid": 0.15 * FULL_AID_EUR_BN_A_YEAR,
}
#: Weeks in a year and in a month (for amounts a year or a month, per week).
WEEKS_A_YEAR = 365.25 / 7.0
WEEKS_A_MONTH = WEEKS_A_YEAR / 12.0


def week_dates(weeks: int, start: datetime.date = START_DATE) -> list[str]:
    """The ISO calendar date of weeks 0..weeks (week *w* is ``start`` + 7 *w* days)."""
    return [(start + datetime.timedelta(days=7 * week)).isoformat() for week in range(weeks + 1)]


def amount_key(lever: str) -> str:
    """The key that writes ``lever``'s amount in EUR bn a year."""
    return lever + EUR_SUFFIX


def lever_setting(key: str, value: object) -> tuple[str, object, float]:
    """``(lever key, value as the lever, scale)`` for a key that may write an amount.

    ``united_states.military_aid_eur_bn_a_year = 27`` is ``united_states.military_aid =
    0.5`` (27 / 54); any other key comes back as it is, with scale 1. A value that is
    not a number is passed on unchanged (the lever's own check refuses it).
    """
    key = key.removeprefix("actors.")
    lever = key.removesuffix(EUR_SUFFIX)
    if lever == key or lever not in AID_EUR_BN_A_YEAR:
        return key, value, 1.0
    scale = AID_EUR_BN_A_YEAR[lever]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return lever, value / scale, scale
    return lever, value, scale
