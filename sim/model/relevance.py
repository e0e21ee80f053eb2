"""No silent no-ops: which changed parameters cannot affect a run, and why.

A parameter a scenario (or ``--set``, or an event) changes from its default must
either be able to move the run or draw a warning saying why not and what would
make it count. Two kinds of reason:

- **static**: the scenario's other settings switch the mechanism off (US
  commitment levels while the President only hesitates and cannot be moved;
  veto rules while nobody vetoes). Known before running: ``sim check`` and
  ``sim run`` print them first.
- **idle**: the mechanism could act but never did in any run (no run reached a
  cease-fire, so relapse rules never applied). Known after running: ``sim run``
  prints them with the results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.scenarios.params import PARAMS, POLICY_KEYS
from sim.scenarios.scenario import Scenario


@dataclass(frozen=True)
class Inert:
    """A changed parameter that cannot (or did not) affect the run."""

    key: str
    why: str
    fix: str

    def message(self) -> str:
        return f"{self.key} has no effect: {self.why}; {self.fix}"


@dataclass(frozen=True)
class _Rule:
    keys: tuple[str, ...]
    applies: Callable[[Mapping[str, Any]], bool]
    why: Callable[[Mapping[str, Any]], str]
    fix: str


def _can_commit(p: Mapping[str, Any]) -> bool:
    """Whether the President can come to commit in some run."""
    follows = _congress_can_act(p) and p["united_states.follows_congress"] > 0
    return (p["united_states.stance"] == "commits" or p["united_states.responsiveness"] > 0
            or follows)


def _can_decline(p: Mapping[str, Any]) -> bool:
    return p["united_states.stance"] == "declines"


def _congress_can_act(p: Mapping[str, Any]) -> bool:
    return _can_decline(p) and p["us_congress.acts_if_president_declines"]


def _nobody_vetoes(p: Mapping[str, Any]) -> bool:
    return p["hungary.resistance"] == 0 and p["slovakia.resistance"] == 0


def _no_coalition(p: Mapping[str, Any]) -> bool:
    return not p["france.in_coalition"] and not p["united_kingdom.in_coalition"]


def _credibility(p: Mapping[str, Any]) -> float:
    share = 0.5 * (p["france.in_coalition"] + p["united_kingdom.in_coalition"])
    us = p["world.us_guarantee_credibility"] if p["united_states.backs_guarantees"] else 0.0
    return min(1.0, share * p["world.european_guarantee_credibility"] + us)


_CRITIC_CHANNELS = ("russia.weight_unity", "russia.ambiguity_risk", "russia.escalation_response",
                    "russia.threat_weight", "russia.sanctions_rally")

_STATIC: tuple[_Rule, ...] = (
    _Rule(("united_states.sanctions", "united_states.military_aid",
           "world.commitment_unity_push", "european_union.follows_us_lead"),
          lambda p: not _can_commit(p),
          lambda p: f'the President never commits (stance = "{p["united_states.stance"]}" and '
                    "responsiveness = 0)",
          'set united_states.stance = "commits", or a responsiveness above 0'),
    _Rule(("united_states.decision_delay_weeks",),
          lambda p: p["united_states.stance"] == "hesitates",
          lambda p: 'a hesitating President never reaches a decision',
          'set united_states.stance = "commits" or "declines"'),
    _Rule(("world.decline_unity_shock", "us_congress.acts_if_president_declines"),
          lambda p: not _can_decline(p),
          lambda p: f'the President never declines (stance = "{p["united_states.stance"]}")',
          'set united_states.stance = "declines"'),
    _Rule(("us_congress.legislative_lag_weeks", "us_congress.sanctions", "us_congress.military_aid",
           "us_congress.effectiveness", "us_congress.signal_weight", "us_congress.responsiveness",
           "united_states.follows_congress"),
          lambda p: not _congress_can_act(p),
          lambda p: "Congress acts only after the President declines, and only if "
                    "us_congress.acts_if_president_declines = true",
          'set united_states.stance = "declines" and us_congress.acts_if_president_declines '
          "= true"),
    _Rule(("world.veto_dilution", "world.veto_delay_weeks", "world.veto_unity_shock",
           "world.veto_unity_response", "european_union.side_payments",
           "world.coalition_eu_instrument_share"),
          _nobody_vetoes,
          lambda p: "neither Hungary nor Slovakia ever blocks a package (resistance = 0)",
          "raise hungary.resistance or slovakia.resistance above 0"),
    _Rule(("world.veto_unity_response",),
          lambda p: all(p[k] in (0, 1) for k in ("hungary.resistance", "slovakia.resistance")),
          lambda p: "a resistance of 0 or 1 is a fixed decision that unity cannot move",
          "set hungary.resistance or slovakia.resistance strictly between 0 and 1"),
    _Rule(("world.coalition_unendorsed_effect",),
          lambda p: p["united_states.endorses_coalition"] or _no_coalition(p),
          lambda p: ("the US endorses the coalition" if p["united_states.endorses_coalition"]
                     else "neither France nor the UK is in the coalition"),
          "set united_states.endorses_coalition = false with a coalition member"),
    _Rule(("world.endorsement_crowding_out",),
          lambda p: not p["united_states.endorses_coalition"] or _no_coalition(p),
          lambda p: "the US does not endorse the coalition" if not p[
              "united_states.endorses_coalition"] else "there is no coalition",
          "set united_states.endorses_coalition = true"),
    _Rule(("france.military_aid",), lambda p: not p["france.in_coalition"],
          lambda p: "France is not in the coalition", "set france.in_coalition = true"),
    _Rule(("united_kingdom.military_aid",), lambda p: not p["united_kingdom.in_coalition"],
          lambda p: "the UK is not in the coalition", "set united_kingdom.in_coalition = true"),
    _Rule(("world.coalition_unity_push", "world.european_guarantee_credibility"), _no_coalition,
          lambda p: "neither France nor the UK is in the coalition",
          "set france.in_coalition or united_kingdom.in_coalition = true"),
    _Rule(("world.us_guarantee_credibility", "russia.provocation_weight"),
          lambda p: not p["united_states.backs_guarantees"],
          lambda p: "the US does not back post-war guarantees",
          "set united_states.backs_guarantees = true"),
    _Rule(("world.guarantee_threshold",),
          lambda p: (_credibility(p) >= p["world.guarantee_threshold"])
          == (_credibility(p) >= PARAMS["world.guarantee_threshold"].default),
          lambda p: f"guarantee credibility here is {_credibility(p):.2f}, on the same side of "
                    "this threshold as of the default; it only labels settlements",
          "move the threshold across the credibility, or change the guarantees"),
    _Rule(_CRITIC_CHANNELS,
          lambda p: p["russia.belief_update_rate"] == 0,
          lambda p: "Russia never updates its belief (belief_update_rate = 0), and these "
                    "channels only count changes from the start",
          "set russia.belief_update_rate above 0"),
    _Rule(("china.restraint", "china.sanctions_sensitivity"),
          lambda p: p["china.economic_support"] == 0,
          lambda p: "China gives no support (economic_support = 0)",
          "set china.economic_support above 0"),
    _Rule(("north_korea.payment_sensitivity",),
          lambda p: p["north_korea.munitions_support"] == 0 or p["world.nk_power_per_week"] == 0,
          lambda p: "North Korea supplies nothing", "set north_korea.munitions_support above 0"),
    _Rule(("world.start",),
          lambda p: all(p[k] == PARAMS[k].default for k in POLICY_KEYS),
          lambda p: "this scenario's week-0 policies are the defaults, so its own balance is the "
                    "status quo",
          "change a policy (see `sim params`; policies are marked) to start elsewhere"),
)

#: Mechanisms that may never engage in a run, and the parameters that act only through
#: them: (engagement flag, keys, why, fix).
_IDLE: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("serious_talks", ("world.agreement_rate", "world.talks_breakdown_rate",
                       "world.serious_talks_exit_margin"),
     "no run reached serious talks", "make Russia readier to talk (e.g. more pressure)"),
    ("ceasefire", ("world.relapse_base_rate", "world.deterrence_strength",
                   "world.hollow_relapse_weight", "world.guarantee_threshold",
                   "russia.relapse_balance_weight", "russia.precedent_weight",
                   "russia.satiation_weight", "russia.provocation_weight",
                   "russia.revanchism_weight"),
     "no run reached a cease-fire, so nothing could relapse",
     "raise talks or pressure, or the horizon"),
    ("concession", ("russia.precedent_weight", "russia.satiation_weight"),
     "no cease-fire ceded territory", "let Ukraine lose ground (or raise world.concession_front)"),
    ("capitulation_zone", ("ukraine.capitulation_rate",),
     "the front never fell below ukraine.capitulation_front",
     "raise ukraine.capitulation_front, or let Ukraine lose more ground"),
    ("vetoed", ("world.veto_dilution", "world.veto_delay_weeks", "world.veto_unity_shock",
                "european_union.side_payments", "world.coalition_eu_instrument_share"),
     "no EU package was ever blocked", "raise hungary.resistance or slovakia.resistance"),
    ("us_committed", ("united_states.sanctions", "united_states.military_aid",
                      "world.commitment_unity_push", "european_union.follows_us_lead"),
     "the President committed in no run", 'set united_states.stance = "commits"'),
    ("congress_active", ("us_congress.sanctions", "us_congress.military_aid",
                         "us_congress.effectiveness", "us_congress.signal_weight",
                         "united_states.follows_congress"),
     "Congress acted in no run", "shorten us_congress.legislative_lag_weeks or the delay"),
)


def changed_keys(scenario: Scenario) -> list[str]:
    """Parameters the scenario sets away from their defaults, or changes in an event."""
    keys = [k for k, v in scenario.params.items() if v != PARAMS[k].default]
    for event in scenario.events:
        keys += [k for k in event.changes if k not in keys]
    return keys


def _states(scenario: Scenario) -> list[dict[str, Any]]:
    """The parameters at the start and after each event (events accumulate)."""
    params = dict(scenario.params)
    states = [dict(params)]
    for event in scenario.events:
        params.update(event.changes)
        states.append(dict(params))
    return states


def inert_parameters(scenario: Scenario) -> list[Inert]:
    """Changed parameters the scenario's other settings switch off (known before running).

    A rule counts only if it holds at the start and after every event, since an
    event may switch the mechanism on later in the run.
    """
    changed, states = changed_keys(scenario), _states(scenario)
    found: list[Inert] = []
    for rule in _STATIC:
        if not all(rule.applies(state) for state in states):
            continue
        for key in rule.keys:
            if key in changed and all(i.key != key for i in found):
                found.append(Inert(key, rule.why(scenario.params), rule.fix))
    return found


def idle_parameters(scenario: Scenario, engaged: Mapping[str, bool],
                    already: list[Inert] = ()) -> list[Inert]:
    """Changed parameters whose mechanism never engaged in any run (known after running)."""
    known = {i.key for i in already}
    return [i for i in idle_among(changed_keys(scenario), engaged) if i.key not in known]


def idle_among(keys: Iterable[str], engaged: Mapping[str, bool]) -> list[Inert]:
    """Which of ``keys`` act only through a mechanism that never engaged in any run."""
    keys = list(keys)
    found: dict[str, Inert] = {}
    for flag, acting, why, fix in _IDLE:
        if engaged.get(flag, True):
            continue
        for key in acting:
            if key in keys and key not in found:
                found[key] = Inert(key, f"{why} (a mechanism it acts through)", fix)
    return list(found.values())

