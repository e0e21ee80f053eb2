"""Each actor's no-silent-no-op rules: which of its parameters the scenario's other
settings switch off (known before running), and which act only through a mechanism that
may never engage in a run (known after). The agent classes hold their tables
(``inert_rules``, ``idle_rules``); :mod:`sim.model.relevance` applies them.

Kept apart from the agent classes so that `sim check` can apply them without loading
Mesa. The gates they test are the model's own functions and declarations (the
coalition's members, guarantee credibility), never a copy of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.model.mechanisms.diplomacy import guarantee_credibility
from sim.model.mechanisms.politics import mean_of
from sim.scenarios.params import ACTOR_NAMES, COALITION, PARAMS, POLICY_KEYS

Params = Mapping[str, Any]


@dataclass(frozen=True)
class InertRule:
    """Parameters that cannot act while ``applies`` holds of the parameters in force."""

    keys: tuple[str, ...]
    applies: Callable[[Params], bool]
    why: Callable[[Params], str]
    fix: str


@dataclass(frozen=True)
class IdleRule:
    """Parameters that act only through a mechanism the model flags when it engages."""

    flag: str
    keys: tuple[str, ...]
    why: str
    fix: str


# ---- gates: what the scenario's settings allow ---------------------------------------------
def can_commit(p: Params) -> bool:
    """Whether the President can come to commit in some run."""
    follows = congress_can_act(p) and p["united_states.follows_congress"] > 0
    return (p["united_states.stance"] == "commits" or p["united_states.responsiveness"] > 0
            or follows)


def can_decline(p: Params) -> bool:
    return p["united_states.stance"] == "declines"


def congress_can_act(p: Params) -> bool:
    return can_decline(p) and p["us_congress.acts_if_president_declines"]


def nobody_vetoes(p: Params) -> bool:
    return p["hungary.resistance"] == 0 and p["slovakia.resistance"] == 0


def no_coalition(p: Params) -> bool:
    return not any(p[f"{member}.in_coalition"] for member in COALITION)


_NO_COALITION = "neither " + " nor ".join(ACTOR_NAMES[m] for m in COALITION) + " is in the coalition"


def credibility(p: Params) -> float:
    """Guarantee credibility under these settings, as the model computes it."""
    share = mean_of([float(p[f"{member}.in_coalition"]) for member in COALITION])
    return guarantee_credibility(share, p["united_states.backs_guarantees"],
                                 p["world.european_guarantee_credibility"],
                                 p["world.us_guarantee_credibility"])


#: What only the escalation risk process reads (model.escalation = "risk").
ESCALATION_ONLY = ("russia.escalation_belief", "russia.escalation_rate",
                   "russia.mobilization_power")


# ---- each actor's rules ----------------------------------------------------------------------
UNITED_STATES = (
    InertRule(("united_states.sanctions", "united_states.military_aid",
               "world.commitment_unity_push", "european_union.follows_us_lead"),
              lambda p: not can_commit(p),
              lambda p: f'the President never commits (stance = "{p["united_states.stance"]}" '
                        "and responsiveness = 0)",
              'set united_states.stance = "commits", or a responsiveness above 0'),
    InertRule(("united_states.decision_delay_weeks",),
              lambda p: p["united_states.stance"] == "hesitates",
              lambda p: "a hesitating President never reaches a decision (the week only marks "
                        "when he promised one: us_decision_week)",
              'set united_states.stance = "commits" or "declines"'),
    InertRule(("world.decline_unity_shock", "us_congress.acts_if_president_declines"),
              lambda p: not can_decline(p),
              lambda p: f'the President never declines (stance = "{p["united_states.stance"]}")',
              'set united_states.stance = "declines"'),
)
UNITED_STATES_IDLE = (
    IdleRule("us_committed", ("united_states.sanctions", "united_states.military_aid",
                              "world.commitment_unity_push", "european_union.follows_us_lead"),
             "the President committed in no run", 'set united_states.stance = "commits"'),
)

CONGRESS = (
    InertRule(("us_congress.legislative_lag_weeks", "us_congress.sanctions",
               "us_congress.military_aid", "us_congress.effectiveness",
               "us_congress.signal_weight", "us_congress.responsiveness",
               "united_states.follows_congress"),
              lambda p: not congress_can_act(p),
              lambda p: "Congress acts only after the President declines, and only if "
                        "us_congress.acts_if_president_declines = true",
              'set united_states.stance = "declines" and '
              "us_congress.acts_if_president_declines = true"),
)
CONGRESS_IDLE = (
    IdleRule("congress_active", ("us_congress.sanctions", "us_congress.military_aid",
                                 "us_congress.effectiveness", "us_congress.signal_weight",
                                 "united_states.follows_congress"),
             "Congress acted in no run", "shorten us_congress.legislative_lag_weeks or the delay"),
)

EUROPEAN_UNION = (
    InertRule(("world.veto_dilution", "world.veto_delay_weeks", "world.veto_unity_shock",
               "world.veto_unity_response", "european_union.side_payments",
               "world.coalition_eu_instrument_share"),
              nobody_vetoes,
              lambda p: "neither Hungary nor Slovakia ever blocks a package (resistance = 0)",
              "raise hungary.resistance or slovakia.resistance above 0"),
    InertRule(("world.veto_unity_response",),
              lambda p: all(p[k] in (0, 1) for k in ("hungary.resistance", "slovakia.resistance")),
              lambda p: "a resistance of 0 or 1 is a fixed decision that unity cannot move",
              "set hungary.resistance or slovakia.resistance strictly between 0 and 1"),
)
EUROPEAN_UNION_IDLE = (
    IdleRule("vetoed", ("world.veto_dilution", "world.veto_delay_weeks", "world.veto_unity_shock",
                        "european_union.side_payments", "world.coalition_eu_instrument_share"),
             "no EU package was ever blocked", "raise hungary.resistance or slovakia.resistance"),
)

COALITION_MEMBERS = (
    InertRule(("world.coalition_unendorsed_effect",),
              lambda p: p["united_states.endorses_coalition"] or no_coalition(p),
              lambda p: ("the US endorses the coalition" if p["united_states.endorses_coalition"]
                         else _NO_COALITION),
              "set united_states.endorses_coalition = false with a coalition member"),
    InertRule(("world.endorsement_crowding_out",),
              lambda p: not p["united_states.endorses_coalition"] or no_coalition(p),
              lambda p: ("the US does not endorse the coalition"
                         if not p["united_states.endorses_coalition"] else "there is no coalition"),
              "set united_states.endorses_coalition = true"),
    *(InertRule((f"{member}.military_aid",), lambda p, m=member: not p[f"{m}.in_coalition"],
                lambda p, m=member: f"{ACTOR_NAMES[m]} is not in the coalition",
                f"set {member}.in_coalition = true") for member in COALITION),
    InertRule(("world.coalition_unity_push", "world.european_guarantee_credibility"),
              no_coalition, lambda p: _NO_COALITION,
              "set " + " or ".join(f"{m}.in_coalition" for m in COALITION) + " = true"),
)

RUSSIA = (
    InertRule(("world.us_guarantee_credibility", "russia.provocation_weight"),
              lambda p: not p["united_states.backs_guarantees"],
              lambda p: "the US does not back post-war guarantees",
              "set united_states.backs_guarantees = true"),
    InertRule(("russia.weight_unity", "russia.ambiguity_risk", "russia.escalation_response",
               "russia.threat_weight", "russia.sanctions_rally"),
              lambda p: p["russia.belief_update_rate"] == 0,
              lambda p: "Russia never updates its belief (belief_update_rate = 0), and these "
                        "channels only count changes from the start",
              "set russia.belief_update_rate above 0"),
    InertRule(("russia.industry_ceiling",),
              lambda p: p["russia.industry_growth_per_year"] == 0,
              lambda p: "Russia's war industry does not grow (industry_growth_per_year = 0)",
              "set russia.industry_growth_per_year above 0"),
)
RUSSIA_IDLE = (
    IdleRule("serious_talks", ("world.agreement_rate", "world.talks_breakdown_rate",
                               "world.serious_talks_exit_margin"),
             "no run reached serious talks", "make Russia readier to talk (e.g. more pressure)"),
    IdleRule("ceasefire", ("world.relapse_base_rate", "world.deterrence_strength",
                           "world.hollow_relapse_weight", "world.guarantee_threshold",
                           "russia.relapse_balance_weight", "russia.precedent_weight",
                           "russia.satiation_weight", "russia.provocation_weight",
                           "russia.revanchism_weight", "world.guarantee_deterrence_km2"),
             "no run reached a cease-fire, so nothing could relapse",
             "raise talks or pressure, or the horizon"),
    IdleRule("terms", ("world.terms_cede_km2", "world.fortified_belt_km2",
                       "world.ceded_defence_loss"),
             "no run signed a cease-fire, so its terms were never read",
             "raise talks or pressure, or impose one (world.imposed_ceasefire_week)"),
    IdleRule("imposed", ("world.imposed_ceasefire_week",),
             "the imposed cease-fire's week came in no run still at war (it is beyond the "
             "horizon, or every run had a cease-fire already)",
             "set world.imposed_ceasefire_week below the horizon"),
    IdleRule("escalation", ("model.escalation", *ESCALATION_ONLY),
             "Moscow escalated in no run (its belief never fell below "
             "russia.escalation_belief, or the chance never came up), so the runs are those "
             "of the default model",
             "raise russia.escalation_belief or russia.escalation_rate, or press Russia harder"),
    IdleRule("concession", ("russia.precedent_weight", "russia.satiation_weight"),
             "no cease-fire ceded territory",
             "let Ukraine lose ground (or lower world.concession_km2)"),
)

UKRAINE = (
    InertRule(("world.guarantee_threshold",),
              lambda p: (credibility(p) >= p["world.guarantee_threshold"])
              == (credibility(p) >= PARAMS["world.guarantee_threshold"].default),
              lambda p: f"guarantee credibility here is {credibility(p):.2f}, on the same side "
                        "of this threshold as of the default; it only labels settlements",
              "move the threshold across the credibility, or change the guarantees"),
)
UKRAINE_IDLE = (
    IdleRule("capitulation_zone", ("ukraine.capitulation_rate",),
             "Russia never took more than ukraine.capitulation_km2",
             "lower ukraine.capitulation_km2, or let Ukraine lose more ground"),
)

CHINA = (
    InertRule(("china.restraint", "china.sanctions_sensitivity"),
              lambda p: p["china.economic_support"] == 0 and p["model.china"] != "stakes",
              lambda p: "China gives no support (economic_support = 0)",
              "set china.economic_support above 0"),
    InertRule(("china.survival_stake",),
              lambda p: p["model.china"] != "stakes",
              lambda p: f'the China model is "{p["model.china"]}": its support does not answer '
                        "the war",
              'set model.china = "stakes"'),
    InertRule(("china.survival_stake",),
              lambda p: p["model.china"] == "stakes" and p["china.economic_support"] >= 1,
              lambda p: "China already wants to give all it can (economic_support = 1)",
              "set china.economic_support below 1"),
    InertRule(("model.china",),
              lambda p: p["model.china"] == "stakes" and p["china.survival_stake"] == 0,
              lambda p: "Beijing's survival stake is 0 (china.survival_stake), so its support "
                        "is the fixed share's",
              "set china.survival_stake above 0"),
)
CHINA_IDLE = (
    IdleRule("russia_losing", ("model.china", "china.survival_stake"),
             "the balance of forces never moved against Russia in any run, so Beijing's "
             "survival stake never called for more",
             "strengthen Ukraine (more aid) or weaken Russia (sanctions)"),
)

NORTH_KOREA = (
    InertRule(("north_korea.payment_sensitivity",),
              lambda p: (p["north_korea.munitions_support"] == 0
                         or p["world.nk_power_per_week"] == 0),
              lambda p: "North Korea supplies nothing",
              "set north_korea.munitions_support above 0"),
)

#: What only expected-value bargaining reads, and what it replaces (model.bargaining).
EXPECTED_VALUE_ONLY = ("world.bargaining_horizon_weeks", "world.bargaining_spread_km2",
                       "world.guarantee_deterrence_km2", "russia.war_cost_km2_a_week",
                       "russia.territorial_aims_km2", "russia.aims_spread_km2",
                       "ukraine.war_cost_km2_a_week", "ukraine.guarantee_value_km2",
                       "ukraine.insecurity_km2")
SIGNALS_ONLY = ("russia.serious_talks_belief", "russia.talks_belief_spread",
                "world.serious_talks_exit_margin", "ukraine.acceptance_bias",
                "ukraine.guarantee_weight", "ukraine.gain_weight", "world.deterrence_strength",
                "world.hollow_relapse_weight", "russia.relapse_balance_weight",
                "russia.precedent_weight", "russia.satiation_weight",
                "russia.provocation_weight", "russia.revanchism_weight")

def _never_escalates(p: Params) -> bool:
    return p["model.escalation"] == "risk" and p["russia.escalation_rate"] == 0


#: The model's own: where the war starts, and which sub-models read what.
WORLD = (
    InertRule(("russia.escalation_belief", "russia.mobilization_power"),
              lambda p: p["model.escalation"] != "risk",
              lambda p: f'the escalation model is "{p["model.escalation"]}": Moscow never '
                        "escalates",
              'set model.escalation = "risk"'),
    # A rate of 0 under the default model asks for what is so already (the replay sets it:
    # Moscow did not mobilize again in 2023-25), so only another rate is flagged.
    InertRule(("russia.escalation_rate",),
              lambda p: p["model.escalation"] != "risk" and p["russia.escalation_rate"] != 0,
              lambda p: f'the escalation model is "{p["model.escalation"]}": Moscow never '
                        "escalates",
              'set model.escalation = "risk"'),
    InertRule(("model.escalation", "russia.escalation_belief", "russia.mobilization_power"),
              _never_escalates,
              lambda p: "Moscow's chance of escalating is 0 (russia.escalation_rate = 0)",
              "set russia.escalation_rate above 0"),
    InertRule(EXPECTED_VALUE_ONLY,
              lambda p: p["model.bargaining"] != "expected_value",
              lambda p: f'the bargaining model is "{p["model.bargaining"]}", which weighs no '
                        "values in km2",
              'set model.bargaining = "expected_value"'),
    InertRule(SIGNALS_ONLY,
              lambda p: p["model.bargaining"] == "expected_value",
              lambda p: 'under model.bargaining = "expected_value" the sides weigh fighting on '
                        "against the terms in km2, and renewed war by what it would gain",
              'set model.bargaining = "signals"'),
    InertRule(("world.imposed_ceasefire_week",),
              lambda p: p["world.imposed_ceasefire_week"] == 0,
              lambda p: "week 0 is the start, before the first week the sides negotiate",
              "set world.imposed_ceasefire_week to 1 or later"),
    InertRule(("world.fortified_belt_km2", "world.ceded_defence_loss"),
              lambda p: p["world.terms_cede_km2"] == 0,
              lambda p: "no cease-fire cedes ground by its terms (world.terms_cede_km2 = 0)",
              "set world.terms_cede_km2 above 0"),
    InertRule(("world.defence_threshold",),
              lambda p: p["model.battle"] != "defence_dominant",
              lambda p: f'the battle model is "{p["model.battle"]}", which has no dead zone',
              'set model.battle = "defence_dominant"'),
    InertRule(("world.start",),
              lambda p: p["world.start"] == "scenario_balance"
              and all(p[k] == PARAMS[k].default for k in POLICY_KEYS),
              lambda p: "this scenario's week-0 policies are the defaults, so its own balance is "
                        "the status quo",
              "change a policy (see `sim params`; policies are marked) to start elsewhere"),
    InertRule(("world.russia_held_km2",),
              lambda p: p["world.start"] == "replay",
              lambda p: "a run that starts from the replay holds what its replay reached on "
                        "the essay's date (the replay starts from the record's February 2023 "
                        "territory)",
              'set world.start = "status_quo" to start from this territory'),
)

#: Every rule, in the order warnings are given (the order manifests record them in).
INERT_RULES: tuple[InertRule, ...] = (UNITED_STATES + CONGRESS + EUROPEAN_UNION
                                      + COALITION_MEMBERS + RUSSIA[:1] + UKRAINE + RUSSIA[1:]
                                      + CHINA + NORTH_KOREA + WORLD)
IDLE_RULES: tuple[IdleRule, ...] = (RUSSIA_IDLE + UKRAINE_IDLE + EUROPEAN_UNION_IDLE
                                    + UNITED_STATES_IDLE + CONGRESS_IDLE + CHINA_IDLE)
