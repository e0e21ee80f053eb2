"""A hand-written scalar Mesa port of the model: the honest baseline for bench/bench_peers.py.

    ./venv-run python bench/scalar_mesa.py --reps 200     # time it against sim.run
    >>> from bench.scalar_mesa import run_port            # (from the checkout's root)
    >>> run_port("scenarios/baseline.toml", reps=100, seed=1)   # one summary row per run

This is the model written the way a Mesa modeller would write it without vectorizing:
one ``mesa.Model`` per run, one ``mesa.Agent`` per actor (the President, Congress, the EU,
Hungary, Slovakia, each coalition member, Turkey, NATO, Ukraine, Russia, China, North
Korea), state as Python floats, ints and bools, the actors' weekly decisions through the
model's ``AgentSet`` (``self.agents.do("decide")``), scenario events, the President's
decision and EU packages as Mesa events, the weekly series in a ``mesa.DataCollector``,
and every random number from Mesa's own ``self.random`` (a ``random.Random`` seeded from
the run's seed), drawn when a rule reads it.

What it shares with ``sim`` is setup, once per run: loading the scenario, the calibrated
parameter set the run draws (``sim.model.parameter_sets``), the replay of the record each
shipped scenario starts with (``sim.scenarios.branch``: the port replays it week by week
through its own dynamics), the two closed-form helpers of the starting balance
(``sim.model.start.veto_outcomes`` and ``eu_package_cycle``), and constants (talks states,
outcome names, units). It writes itself every weekly mechanism, in scalar Python
(``math``, ``min``/``max``), each with a comment naming the function of
``sim/model/mechanisms`` (or the agent method) it mirrors, and the starting balance
(``sim.model.start.settle_the_war``) on its own agents.

Scope: the default sub-models only (``[model]`` battle = "lanchester", bargaining =
"signals", china = "fixed_share", escalation = "none"); other settings are refused.

Results are conditional projections of a model calibrated to the 2023-25 record, not
forecasts; this file measures speed, and tests/test_scalar_mesa.py checks sim against it.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol

import mesa
import numpy as np
import pandas as pd
from mesa.time import Priority, Schedule

import sim
from sim.model.mechanisms.diplomacy import (
    CEASEFIRE,
    CONCESSION,
    FORCED,
    GUARANTEED,
    HOLLOW,
    IMPOSED,
    NEGOTIATED,
    NO_ROUTE,
    NO_SETTLEMENT,
    NO_TALKS,
    RENEWED_WAR,
    SERIOUS,
    TALKS,
    UNGUARANTEED,
)
from sim.model.outcomes import OUTCOMES
from sim.model.parameter_sets import with_parameter_sets
from sim.model.start import Start, eu_package_cycle, veto_outcomes
from sim.model.streams import run_keys
from sim.scenarios import branch
from sim.scenarios.params import COALITION, PARAMS, status_quo
from sim.scenarios.scenario import Event, Scenario
from sim.scenarios.units import UKRAINE_AREA_KM2, WEEKS_A_YEAR

Params = dict[str, Any]
ROOT = Path(__file__).resolve().parent.parent
#: The sub-models the port covers: each ``model.*`` key at its default.
MODEL_KEYS = tuple(key for key in PARAMS if key.startswith("model."))
#: Parameters whose change by an event re-plans the President's decision.
_DECISION_KEYS = ("united_states.stance", "united_states.decision_delay_weeks")
#: Where each talks state goes on its first and second competing transition
#: (diplomacy._FIRST_TO, diplomacy._SECOND_TO).
_FIRST_TO = (SERIOUS, SERIOUS, TALKS, CEASEFIRE, RENEWED_WAR)
_SECOND_TO = (TALKS, CEASEFIRE, CEASEFIRE, CEASEFIRE, RENEWED_WAR)
_MIN_POWER = 1e-9  # battlefield._MIN_POWER
#: The weekly series the summary reads (DataCollector model reporters: model attributes).
REPORTERS = {"russia_held_km2": "russia_held_km2", "russia_time_belief": "time_belief",
             "unity": "unity", "talks": "talks"}
#: Russia's evidence channels and the parameter weighting each (Russia.CHANNELS).
CHANNELS = {"front": "weight_front", "economy": "weight_economy", "resolve": "weight_resolve",
            "axis": "weight_axis", "unity": "weight_unity", "ambiguity": "ambiguity_risk",
            "escalation": "escalation_response", "threat": "threat_weight",
            "rally": "sanctions_rally"}
#: The first-week trackers (counted from the branch), as sim.model.model keeps them.
FIRST_EVENTS = ("talks", "serious_talks", "ceasefire", "relapse", "us_decision")


def logistic(x: float) -> float:
    """diplomacy.logistic, for one number (0 where exp would overflow)."""
    return 1.0 / (1.0 + math.exp(-x)) if x > -700.0 else 0.0


def clip(x: float, low: float, high: float) -> float:
    """mechanisms.bounded, for one number."""
    return min(max(x, low), high)


# ---- random numbers -------------------------------------------------------------------
class Draws(Protocol):
    """Where a run's random numbers come from, by the slot sim.model.streams names.
    ``new_week`` is called when the actors decide, where sim rolls the week's numbers."""

    def new_week(self, week: int) -> None: ...
    def uniform(self, slot: str) -> float: ...
    def normal(self, slot: str) -> float: ...


class MesaDraws:
    """Mesa's own ``model.random`` (seeded from the run's seed), each number drawn when a
    rule reads it: the same distributions as the vectorized model's counter-based streams
    (every slot is read at most once a week), not the same numbers."""

    def __init__(self, model: mesa.Model) -> None:
        self._random, self._gauss = model.random.random, model.random.gauss

    def new_week(self, week: int) -> None:
        """Nothing to roll: numbers are drawn as they are read."""

    def uniform(self, slot: str) -> float:
        return self._random()

    def normal(self, slot: str) -> float:
        return self._gauss(0.0, 1.0)


# ---- the actors -----------------------------------------------------------------------
class ScalarActor(mesa.Agent):
    """An actor: its parameters as in force this week, and the stage methods."""

    key = ""

    def __init__(self, model: ScalarWarModel, key: str | None = None) -> None:
        if key is not None:
            self.key = key
        super().__init__(model)
        self._prefix = self.key + "."

    def p(self, name: str) -> Any:
        return self.model.params[self._prefix + name]

    def w(self, name: str) -> Any:
        return self.model.params["world." + name]

    def decide(self) -> None:
        """This week's choices (no-op unless the actor has some)."""

    def at_branch(self) -> None:
        """The scenario takes over from the replay."""

    def unity_push(self, updates: int | None) -> float:
        return 0.0


class President(ScalarActor):
    """The US President (sim.model.agents.washington.UnitedStates)."""

    key = "united_states"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.committed = self.declined = False
        self.declined_at = -1  # model.unity_updates when he last declined
        self._decision: mesa.time.Event | None = None
        self.set_levels()

    @property
    def pending(self) -> bool:
        return not self.committed and not self.declined

    def plan_decision(self) -> None:
        """UnitedStates.plan_decision: a Mesa event at the decision delay (from the branch),
        or the decision now if it is already due."""
        if self._decision is not None:
            self._decision.cancel()
            self._decision = None
        model = self.model
        due = model.branch_week + int(self.p("decision_delay_weeks"))
        if due <= model.week:
            self.decision_due()
        else:
            self._decision = model.schedule_event(self.decision_due, at=due)

    def decision_due(self) -> None:
        """UnitedStates.decision_due: he commits, or declines; a hesitater lets it pass."""
        self.model.record_first("us_decision")
        stance = self.p("stance")
        commits, declines = stance == "commits", stance == "declines"
        if not (commits or declines):
            return
        if declines and not self.declined:
            self.declined_at = self.model.unity_updates
        self.committed = (self.committed or commits) and not declines
        self.declined = (self.declined or declines) and not commits
        self.set_levels()

    def decide(self) -> None:
        """UnitedStates.decide: audience costs (politics.ground_lost, commit_chance), and
        following Congress."""
        model = self.model
        lost = max(0.0, -model.ground_shift)
        following = self.declined and model.us_congress.active
        if self.committed or not (lost > 0.0 or following):
            return
        chance = min(1.0, self.p("responsiveness") * lost / 0.1)
        if following:
            chance = 1.0 - (1.0 - chance) * (1.0 - self.p("follows_congress"))
        if chance > 0.0 and model.draws.uniform("president") < chance:
            self.committed, self.declined = True, False
            self.set_levels()

    def set_levels(self) -> None:
        """UnitedStates.set_levels: sanctions and aid in force, and the signal Russia reads."""
        if self.committed:
            self.sanctions, self.military_aid = self.p("sanctions"), self.p("military_aid")
        else:
            self.sanctions = self.p("status_quo_sanctions")
            self.military_aid = self.p("status_quo_military_aid")
        self.signal = (1.0 - self.p("ambiguity")) * (self.sanctions + self.military_aid) / 2

    @property
    def threat(self) -> float:
        """UnitedStates.threat: committed measures above those in force, while pending."""
        if not self.pending:
            return 0.0
        committed = (self.p("sanctions") + self.p("military_aid")) / 2
        in_force = (self.p("status_quo_sanctions") + self.p("status_quo_military_aid")) / 2
        return max(0.0, committed - in_force)

    def unity_push(self, updates: int | None) -> float:
        """UnitedStates.unity_push: hesitation erodes, commitment builds, a refusal shocks."""
        erosion = self.w("hesitation_unity_erosion")
        if self.pending:
            return -erosion
        push = (self.w("commitment_unity_push") * (1.0 - self.p("ambiguity"))
                if self.committed else 0.0)
        if updates is not None and self.declined_at == updates:
            push -= self.w("decline_unity_shock")
        return push


class Congress(ScalarActor):
    """The US Congress (sim.model.agents.washington.Congress)."""

    key = "us_congress"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.active = False
        self.refused_at = -1
        self.sanctions_added = self.military_aid_added = self.signal = 0.0

    def decide(self) -> None:
        """Congress.decide: after a refusal, pass the measures with politics.
        congress_pass_chance, no sooner than half the lag."""
        model = self.model
        president = model.united_states
        if president.declined and self.refused_at < 0:
            self.refused_at = model.week
        half_lag = self.p("legislative_lag_weeks") / 2
        if (self.p("acts_if_president_declines") and president.declined and not self.active
                and model.week - self.refused_at >= half_lag):
            push = self.p("responsiveness") * ((model.unity - model.start.unity)
                                               + max(0.0, -model.ground_shift))
            chance = 1.0 if half_lag <= 0 else min(1.0, math.exp(push) / half_lag)
            self.active = model.draws.uniform("congress") < chance
        self.decide_levels()

    def decide_levels(self) -> None:
        """Congress.decide_levels: what its measures add on top of the President's."""
        if not self.active:
            return
        president, share = self.model.united_states, self.p("effectiveness")
        self.sanctions_added = max(0.0, share * self.p("sanctions") - president.sanctions)
        self.military_aid_added = max(0.0, share * self.p("military_aid")
                                      - president.military_aid)
        self.signal = self.p("signal_weight") * (self.sanctions_added
                                                 + self.military_aid_added) / 2


class EuropeanUnion(ScalarActor):
    """The EU: packages by unanimity (sim.model.agents.europe.EuropeanUnion)."""

    key = "european_union"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.resolve = self.p("resolve")
        self.sanctions = self.military_aid = 0.0
        self.pending_week, self.pending_share = -1, 0.0
        self.instruments_blocked: float = 0.0  # 0 or 1 (the expected share at the start)

    def targets(self) -> tuple[float, float]:
        return self.p("sanctions") * self.resolve, self.p("military_aid") * self.resolve

    def package_interval(self, model: Any = None) -> int:
        return self.p("package_interval_weeks")

    def decide(self) -> None:
        """EuropeanUnion.decide: resolve (politics.eu_resolve), evasion, late packages."""
        model = self.model
        self.resolve = clip(self.p("resolve") + self.p("threat_response")
                            * max(0.0, -model.ground_shift)
                            + self.p("follows_us_lead") * model.united_states.committed,
                            0.0, 1.0)
        self.sanctions *= 1.0 - self.w("sanctions_adaptation_rate")
        self.military_aid *= 1.0 - self.w("eu_aid_rundown_rate")
        if self.pending_week == model.week:
            self._adopt(self.pending_share)
            self.pending_week = -1

    def propose_package(self) -> None:
        """EuropeanUnion.propose_package (a recurring Mesa event): the veto players vote;
        a blocked package is bought off or lands late, diluted (politics.package_share)."""
        model = self.model
        draws = model.draws
        holdouts = (int(model.hungary.vote(draws.uniform("hungary")))
                    + int(model.slovakia.vote(draws.uniform("slovakia"))))
        blocked = holdouts > 0
        if not blocked or draws.uniform("side_payment") < self.p("side_payments"):
            self._adopt(1.0)
        else:
            self.pending_week = model.week + self.w("veto_delay_weeks")
            self.pending_share = (1.0 - self.w("veto_dilution")) ** holdouts
        self.instruments_blocked = float(blocked)

    def _adopt(self, share: float) -> None:
        sanctions, aid = self.targets()
        self.sanctions += share * (sanctions - self.sanctions)
        self.military_aid += share * (aid - self.military_aid)


class VetoPlayer(ScalarActor):
    """Hungary or Slovakia (sim.model.agents.europe.VetoPlayer)."""

    def __init__(self, model: ScalarWarModel, key: str) -> None:
        super().__init__(model, key)
        self.odds = self.p("resistance")
        self.blocking = False
        self.voted_at = -1
        self.blocks = 0

    def vote(self, uniform: float) -> bool:
        """VetoPlayer.vote with politics.veto_odds and vetoes."""
        model, resistance = self.model, self.p("resistance")
        if resistance <= 0.0 or resistance >= 1.0:
            self.odds = float(resistance)
        else:
            log_odds = (math.log(resistance / (1.0 - resistance))
                        - self.w("veto_unity_response") * (model.unity - model.start.unity))
            self.odds = 1.0 / (1.0 + math.exp(-log_odds))
        self.blocking = uniform < self.odds
        self.voted_at = model.unity_updates
        self.blocks += self.blocking
        return self.blocking

    def at_branch(self) -> None:
        self.blocks = 0

    def unity_push(self, updates: int | None) -> float:
        """VetoPlayer.unity_push: a veto is public division, once."""
        if self.voted_at != updates or not self.blocking:
            return 0.0
        return -self.w("veto_unity_shock")


class CoalitionMember(ScalarActor):
    """France or the UK (sim.model.agents.europe.CoalitionMember)."""

    def __init__(self, model: ScalarWarModel, key: str) -> None:
        super().__init__(model, key)
        self.decide()

    def decide(self) -> None:
        """CoalitionMember.decide with politics.coalition_effort."""
        self.member = float(self.p("in_coalition"))
        aid = self.p("military_aid")
        if self.model.params["united_states.endorses_coalition"]:
            aid *= 1.0 - self.w("endorsement_crowding_out")
        self.aid = self.member * aid

    def unity_push(self, updates: int | None) -> float:
        return (1.0 / len(COALITION)) * self.w("coalition_unity_push") * self.member


class Turkey(ScalarActor):
    """Turkey (sim.model.agents.europe.Turkey)."""

    key = "turkey"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.decide()

    def decide(self) -> None:
        """politics.turkey_balancing."""
        self.balancing = clip(self.p("balancing") - self.p("bandwagoning")
                              * self.model.ground_shift, 0.0, 1.0)

    @property
    def sanctions_leakage(self) -> float:
        return self.balancing * self.w("turkey_sanctions_leakage")


class Nato(ScalarActor):
    """NATO (sim.model.agents.europe.Nato)."""

    key = "nato"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.decide()

    def decide(self) -> None:
        """politics.nato_coordination."""
        self.coordination = self.p("coordination") * (
            1.0 - self.model.turkey.balancing * self.w("turkey_nato_block"))


def noisy_inflow(mean: float, noise_sd: float, normal: float) -> float:
    """battlefield.noisy_inflow: mean-preserving lognormal noise."""
    return mean * math.exp(noise_sd * normal - 0.5 * noise_sd * noise_sd)


def power_step(power: float, inflow: float, enemy: float, depreciation: float,
               attrition: float, fighting: bool) -> float:
    """battlefield.power_step: reinforcement, wear, losses to the enemy's power."""
    losses = attrition * enemy if fighting else 0.0
    return max(power + inflow - depreciation * power - losses, _MIN_POWER)


class Ukraine(ScalarActor):
    """Ukraine (sim.model.agents.belligerents.Ukraine)."""

    key = "ukraine"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.power, self.acceptance = 1.0, 0.0

    def inflow(self, aid_flow: float) -> float:
        """Ukraine.inflow with battlefield.absorbed_aid."""
        k = 5.0 * self.w("aid_saturation")
        absorbed = aid_flow if k == 0.0 else -math.expm1(-k * aid_flow) / k
        return self.p("domestic_production") + self.w("aid_to_power") * absorbed

    def fight(self, enemy: float, fighting: bool) -> None:
        inflow = noisy_inflow(self.inflow(self.model.aid_flow), self.w("power_noise"),
                              self.model.draws.normal("ukraine_power"))
        self.power = power_step(self.power, inflow, enemy, self.w("depreciation_rate"),
                                self.w("attrition_rate"), fighting)

    def decide_on_terms(self) -> float:
        """Ukraine.decide_on_terms with diplomacy.ukraine_acceptance."""
        model = self.model
        self.acceptance = logistic(
            self.p("acceptance_bias") + self.p("guarantee_weight") * model.guarantee_credibility
            - self.p("gain_weight") * model.trend
            - self.p("aid_optimism") * (model.aid_flow - model.start.aid_flow))
        return self.acceptance


class Russia(ScalarActor):
    """Russia (sim.model.agents.belligerents.Russia)."""

    key = "russia"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.power = self.capacity = self.industry = 1.0
        self.pressure, self.belief, self.willing = 0.0, 0.5, 0.0

    def inflow(self) -> float:
        return (self.p("production") * self.industry * self.capacity
                + self.model.north_korea.power)

    def grow_industry(self) -> None:
        """economy.industry_step: logistic growth toward the ceiling."""
        rate = self.p("industry_growth_per_year") / WEEKS_A_YEAR
        self.industry += rate * self.industry * (1.0 - self.industry
                                                 / self.p("industry_ceiling"))

    def fight(self, enemy: float, fighting: bool) -> None:
        inflow = noisy_inflow(self.inflow(), self.w("power_noise"),
                              self.model.draws.normal("russia_power"))
        self.power = power_step(self.power, inflow, enemy, self.w("depreciation_rate"),
                                self.w("attrition_rate") * self.w("loss_exchange_ratio"),
                                fighting)

    def absorb_sanctions(self, target: float) -> None:
        """economy.pressure_step and capacity_step."""
        self.pressure += (target - self.pressure) / self.w("sanctions_lag_weeks")
        recovery = self.p("capacity_recovery") * self.model.china.recovery_multiplier
        self.capacity = clip(self.capacity - self.w("sanctions_bite") * self.pressure
                             * self.capacity + recovery * (1.0 - self.capacity), 0.0, 1.0)

    def evidence(self, channel: str) -> float:
        """Russia.evidence: what it reads on one channel (positive raises its belief)."""
        model, start = self.model, self.model.start
        if channel == "front":
            return -model.trend
        if channel == "economy":
            return -(1.0 - self.capacity)
        if channel == "resolve":
            return -model.western_resolve()
        if channel == "axis":  # backers.axis_support
            return (model.china.support + min(model.north_korea.share, 1.0)) / 2
        if channel == "unity":
            return -(model.unity - start.unity)
        if channel == "threat":
            return -(model.united_states.threat - start.us_threat)
        if channel == "rally":
            return self.pressure - start.pressure
        if channel == "escalation":
            return max(0.0, model.us_measures - start.us_measures)
        ambiguity = model.united_states.p("ambiguity")
        return -(ambiguity * model.us_measures - start.ambiguous_measures)

    def belief_target(self) -> float:
        """beliefs.time_belief_target over the channels with a weight."""
        log_odds = 0.0
        for channel, name in CHANNELS.items():
            weight = self.p(name)
            if weight != 0:
                log_odds += weight * self.evidence(channel)
        return logistic(self.p("belief_bias") + log_odds)

    def update_belief(self) -> None:
        """beliefs.belief_step."""
        self.belief += self.p("belief_update_rate") * (self.belief_target() - self.belief)

    def decide_on_talks(self) -> float:
        """Russia.decide_on_talks with diplomacy.willingness."""
        model = self.model
        extra = self.p("war_weariness") * model.years_of_war + model.china.restraint
        self.willing = logistic((self.p("serious_talks_belief") - self.belief)
                                / self.p("talks_belief_spread") + extra)
        return self.willing

    def talks_appetite(self) -> float:
        return math.exp(self.p("stalling") * (self.model.start.belief - self.belief))

    def breakdown_chance(self) -> float:
        """diplomacy.breakdown_chance."""
        return self.w("talks_breakdown_rate") * logistic(
            (self.belief - self.p("serious_talks_belief") - self.w("serious_talks_exit_margin"))
            / self.p("talks_belief_spread"))

    def relapse_chance(self) -> float:
        """Russia.relapse_chance with diplomacy.relapse_hazard."""
        model = self.model
        hazard = (self.w("relapse_base_rate")
                  * (1.0 - self.w("deterrence_strength") * model.guarantee_credibility)
                  * (1.0 + self.w("hollow_relapse_weight") * model.belief_at_signing))
        return min(hazard * math.exp(min(self.relapse_log_hazard(), 700.0)), 1.0)

    def relapse_log_hazard(self) -> float:
        """Russia.relapse_log_hazard: its reasons, now, to break a cease-fire."""
        model = self.model
        shift = math.log(self.power / model.ukraine.power) + model.start.log_force_ratio
        reasons = self.p("relapse_balance_weight") * shift
        if model.settlement == CONCESSION:
            reasons += self.p("precedent_weight") - self.p("satiation_weight")
        reasons += self.p("provocation_weight") * float(
            model.params["united_states.backs_guarantees"])
        shift_at_signing = model.gain_at_signing_km2 / self.w("ground_scale_km2")
        reasons += self.p("revanchism_weight") * max(0.0, shift_at_signing)
        return reasons - self.p("war_weariness") * model.years_of_war


class China(ScalarActor):
    """China (sim.model.agents.backers.China), model.china = "fixed_share"."""

    key = "china"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.support = self.p("economic_support")

    def decide(self) -> None:
        """politics.china_support: less support as US secondary sanctions rise."""
        model = self.model
        rise = model.us_sanctions - model.start.us_sanctions
        self.support = self.p("economic_support") * math.exp(
            -self.p("sanctions_sensitivity") * max(0.0, rise))

    @property
    def sanctions_offset(self) -> float:
        return self.support * self.w("china_offset_max")

    @property
    def recovery_multiplier(self) -> float:
        return 1.0 + self.w("china_recovery_boost") * self.support

    @property
    def restraint(self) -> float:
        return self.p("restraint") * self.support


class NorthKorea(ScalarActor):
    """North Korea (sim.model.agents.backers.NorthKorea)."""

    key = "north_korea"

    def __init__(self, model: ScalarWarModel) -> None:
        super().__init__(model)
        self.share = self.p("munitions_support")

    def decide(self) -> None:
        """politics.nk_supply: what it ships, as far as Russia can pay."""
        model = self.model
        self.share = self.p("munitions_support") * (
            max(model.russia.capacity, 1e-9) / max(model.start.capacity, 1e-9)
        ) ** self.p("payment_sensitivity")

    @property
    def power(self) -> float:
        return self.share * self.w("nk_power_per_week")


# ---- the model ------------------------------------------------------------------------
def _scaled(params: Mapping[str, Any], scale: Mapping[str, float]) -> Params:
    """``params`` with the keys of ``scale`` multiplied (the port's perturbation hook)."""
    return {key: value * scale[key] if key in scale else value
            for key, value in params.items()}


def _with_week0(spec: Scenario) -> Params:
    params = dict(spec.params)
    for event in spec.events:
        if event.week == 0:
            params.update(event.changes)
    return params


class ScalarWarModel(mesa.Model):
    """One run of the war (sim.model.model.WarModel, for one run, in scalar Python).

    Args:
        spec: the resolved scenario.
        key: the run's seed (sim.model.streams.run_keys): it picks the run's calibrated
            parameter set, as in sim, and seeds Mesa's ``self.random``.
        scale: multiply these parameters wherever they are in force (a perturbation, for
            the tests' power check).
        draws: where the random numbers come from; default Mesa's ``self.random``.
    """

    def __init__(self, spec: Scenario, key: int,
                 scale: Mapping[str, float] | None = None,
                 draws: Callable[[ScalarWarModel], Draws] | None = None) -> None:
        check_scope(spec)
        super().__init__(rng=int(key))
        self.key = int(key)
        self.scale = dict(scale or {})
        self.draws: Draws = (draws or MesaDraws)(self)
        self.draws.new_week(0)
        spec = _one_run(with_parameter_sets(spec, np.array([key], dtype=np.uint64)))
        replay = branch.prelude(spec) if branch.branches(spec) else None
        first = replay or spec
        scenario_params = _scaled(_with_week0(first), self.scale)
        starts_now = scenario_params["world.start"] == "status_quo"
        self.params = status_quo(scenario_params) if starts_now else scenario_params
        self.branch_week = 0
        self._initialize_world()
        self._create_actors()
        self.unity_movers = self.agents.select(
            lambda agent: type(agent).unity_push is not ScalarActor.unity_push)
        self.start = self.settle()
        self.params = scenario_params
        self.united_states.set_levels()
        self.datacollector = mesa.DataCollector(model_reporters=REPORTERS)
        self._schedule(first.events)
        self.decide()
        #: Whether the weekly series are collected: from the scenario's own start (the
        #: branch, after the replay), as sim records them (row 0 is the start).
        self.collecting = replay is None
        if replay is not None:
            self._branch_call = partial(self.branch_into, spec)  # (Mesa keeps a weak ref)
            self.schedule_event(self._branch_call, at=replay.weeks)
            self.run_for(replay.weeks)
        else:
            self.datacollector.collect(self)

    def _initialize_world(self) -> None:
        self.ukraine_gain_km2 = self.momentum = self.unity = self.aid_flow = 0.0
        self.unity_updates = 0
        self.talks, self.settlement, self.route = NO_TALKS, NO_SETTLEMENT, NO_ROUTE
        self.belief_at_signing = self.gain_at_signing_km2 = self.ceded_km2 = 0.0
        self.first_week = dict.fromkeys(FIRST_EVENTS, -1)

    def _create_actors(self) -> None:
        """One agent per actor, in the order they decide (WarModel._create_actors)."""
        self.united_states = President(self)
        self.us_congress = Congress(self)
        self.european_union = EuropeanUnion(self)
        self.hungary = VetoPlayer(self, "hungary")
        self.slovakia = VetoPlayer(self, "slovakia")
        for key in COALITION:
            CoalitionMember(self, key)
        self.coalition = self.agents_by_type[CoalitionMember]
        self.turkey = Turkey(self)
        self.nato = Nato(self)
        self.ukraine = Ukraine(self)
        self.russia = Russia(self)
        self.china = China(self)
        self.north_korea = NorthKorea(self)

    # ---- the start (sim.model.start.settle_the_war, on these agents) ------------------
    def settle(self) -> Start:
        """Every agent and the world at the rest point of the policies in force."""
        params = self.params
        self._policies_in_force()
        cycle = veto_outcomes(params["hungary.resistance"], params["slovakia.resistance"],
                              params["european_union.side_payments"],
                              params["world.veto_dilution"])
        unity = self._unity_at_rest()
        sanctions_after, aid_after = self._eu_over_a_cycle(cycle)
        pressure, capacity = self._economy_at_rest()
        aid_flow, ukraine_power, russia_power = self._forces_at_rest()
        self.start = Start(
            unity=unity, capacity=capacity, pressure=pressure, us_sanctions=self.us_sanctions,
            us_measures=self.us_measures,
            ambiguous_measures=params["united_states.ambiguity"] * self.us_measures,
            us_threat=self.united_states.threat, aid_flow=aid_flow,
            log_force_ratio=math.log(ukraine_power / russia_power), belief=0.0,
            russia_power=russia_power)
        belief = self.russia.belief_target()  # over the package cycle's mean
        self.russia.belief = belief
        eu = self.european_union
        eu.sanctions, eu.military_aid, eu.instruments_blocked = sanctions_after, aid_after, 0.0
        return replace(self.start, belief=belief)

    def _policies_in_force(self) -> None:
        us, congress, stance = self.united_states, self.us_congress, self.params[
            "united_states.stance"]
        us.committed, us.declined = stance == "commits", stance == "declines"
        us.set_levels()
        congress.active = us.declined and bool(
            self.params["us_congress.acts_if_president_declines"])
        congress.decide_levels()
        self.coalition.do("decide")

    def _unity_at_rest(self) -> float:
        params = self.params
        veto_push = (-params["world.veto_unity_shock"]
                     * (params["hungary.resistance"] + params["slovakia.resistance"])
                     / params["european_union.package_interval_weeks"])
        push = sum(self.unity_movers.map("unity_push", None)) + veto_push
        reversion, anchor = params["world.unity_reversion_rate"], params["world.unity"]
        self.unity = anchor if reversion == 0 else clip(anchor + push / reversion, 0.0, 1.0)
        return self.unity

    def _eu_over_a_cycle(self, cycle: tuple[float, float, float]) -> tuple[float, float]:
        """EU sanctions and aid at their mean over a package cycle, and right after one."""
        params, eu = self.params, self.european_union
        passes, lands_late, blocked = cycle
        eu.resolve = clip(params["european_union.resolve"] + params[
            "european_union.follows_us_lead"] * self.united_states.committed, 0.0, 1.0)
        target_sanctions, target_aid = eu.targets()
        interval, delay = (params["european_union.package_interval_weeks"],
                           params["world.veto_delay_weeks"])
        sanctions_after, sanctions_mean = eu_package_cycle(
            target_sanctions, interval, params["world.sanctions_adaptation_rate"], passes,
            lands_late, delay)
        aid_after, aid_mean = eu_package_cycle(
            target_aid, interval, params["world.eu_aid_rundown_rate"], passes, lands_late,
            delay)
        eu.instruments_blocked = blocked  # the expected share of the time
        eu.sanctions, eu.military_aid = sanctions_mean, aid_mean
        return sanctions_after, aid_after

    def _economy_at_rest(self) -> tuple[float, float]:
        """economy.steady_capacity at the sanctions' target pressure."""
        russia, params = self.russia, self.params
        pressure = self.sanctions_target()
        recovery = params["russia.capacity_recovery"] * self.china.recovery_multiplier
        total = recovery + params["world.sanctions_bite"] * pressure
        capacity = 1.0 if total == 0 else recovery / total
        russia.pressure, russia.capacity = pressure, capacity
        return pressure, capacity

    def _forces_at_rest(self) -> tuple[float, float, float]:
        """The aid pipeline full; both sides at battlefield.balance_of_forces."""
        commitment = self.aid_commitment()
        aid_flow = commitment * self._unity_multiplier()
        lag = int(self.params["world.aid_delivery_lag_weeks"])
        self.aid_pipeline = deque([commitment] * (lag + 1), maxlen=lag + 1)
        self.aid_flow = aid_flow
        ukraine_power, russia_power = self._balance_of_forces(
            self.ukraine.inflow(aid_flow), self.russia.inflow())
        self.ukraine.power, self.russia.power = ukraine_power, russia_power
        return aid_flow, ukraine_power, russia_power

    def _balance_of_forces(self, ukraine_inflow: float,
                           russia_inflow: float) -> tuple[float, float]:
        """battlefield.balance_of_forces: the Lanchester steady state."""
        a = self._w("attrition_rate")
        b, d = a * self._w("loss_exchange_ratio"), self._w("depreciation_rate")
        det = d * d - a * b
        safe = det if det > 0 else 1.0
        ukraine = (d * ukraine_inflow - a * russia_inflow) / safe
        russia = (d * russia_inflow - b * ukraine_inflow) / safe
        if det > 0 and ukraine > 0 and russia > 0:
            return ukraine, russia
        return max(ukraine_inflow / d, _MIN_POWER), max(russia_inflow / d, _MIN_POWER)

    # ---- schedule and events ----------------------------------------------------------
    def _schedule(self, events: tuple[Event, ...]) -> None:
        """Scenario events, the President's decision, EU packages, weekly decisions."""
        self._schedule_events(events)
        self.united_states.plan_decision()
        eu = self.european_union
        self.schedule_recurring(eu.propose_package, Schedule(interval=eu.package_interval,
                                                              start=eu.package_interval()))
        self.schedule_recurring(self.decide, Schedule(interval=1, start=1), Priority.LOW)

    def _schedule_events(self, events: tuple[Event, ...]) -> None:
        self._event_calls = [partial(self.apply_event, event) for event in events
                             if event.week > 0]
        for call in self._event_calls:
            self.schedule_event(call, at=self.branch_week + call.args[0].week)

    def apply_event(self, event: Event) -> None:
        self.params.update(_scaled(event.changes, self.scale))
        self.united_states.set_levels()
        if any(key in event.changes for key in _DECISION_KEYS):
            self.united_states.plan_decision()

    def branch_into(self, spec: Scenario) -> None:
        """WarModel.branch_into: the scenario's own parameters take over from the state the
        replay reached; what counts since the start counts from here."""
        params = _scaled(_with_week0(spec), self.scale)
        params["world.russia_held_km2"] = self.russia_held_km2
        self.gain_at_signing_km2 -= self.ukraine_gain_km2
        self.ukraine_gain_km2 = self.ceded_km2 = 0.0
        self.params = params
        self.branch_week = self.week
        self.first_week = dict.fromkeys(FIRST_EVENTS, -1)
        self.agents.do("at_branch")
        self.united_states.set_levels()
        self.united_states.plan_decision()
        self._schedule_events(spec.events)
        self.collecting = True
        self.datacollector.collect(self)  # (the week's decisions change nothing collected)

    def decide(self) -> None:
        """Every actor decides for the coming week, in order (Mesa's AgentSet)."""
        self.draws.new_week(self.week)
        self.agents.do("decide")

    def record_first(self, name: str) -> None:
        if self.first_week[name] < 0:
            self.first_week[name] = self.week - self.branch_week

    # ---- what the decisions add up to -------------------------------------------------
    @property
    def week(self) -> int:
        return int(self.time)

    @property
    def years_of_war(self) -> float:
        return self.time / 52.0

    def _w(self, name: str) -> Any:
        return self.params["world." + name]

    @property
    def us_sanctions(self) -> float:
        return self.united_states.sanctions + self.us_congress.sanctions_added

    @property
    def us_military_aid(self) -> float:
        return self.united_states.military_aid + self.us_congress.military_aid_added

    @property
    def us_measures(self) -> float:
        return (self.us_sanctions + self.us_military_aid) / 2

    @property
    def coalition_share(self) -> float:
        return sum(member.member for member in self.coalition) / len(self.coalition)

    @property
    def coalition_aid(self) -> float:
        """WarModel.coalition_aid with politics.coalition_effect."""
        effect = (1.0 if self.params["united_states.endorses_coalition"]
                  else self._w("coalition_unendorsed_effect"))
        frozen = self._w("coalition_eu_instrument_share") * self.european_union.instruments_blocked
        aid = sum(member.aid for member in self.coalition) / len(self.coalition)
        return aid * effect * (1.0 - frozen)

    @property
    def guarantee_credibility(self) -> float:
        """diplomacy.guarantee_credibility: Europe frames, America anchors."""
        american = (self._w("us_guarantee_credibility")
                    if self.params["united_states.backs_guarantees"] else 0.0)
        return min(1.0, self.coalition_share * self._w("european_guarantee_credibility")
                   + american)

    @property
    def trend(self) -> float:
        return clip(self.momentum / max(self._w("front_speed_km2_per_week"), 1e-9), -1.0, 1.0)

    @property
    def russia_held_km2(self) -> float:
        return self._w("russia_held_km2") - self.ukraine_gain_km2

    @property
    def battle_gain_km2(self) -> float:
        return self.ukraine_gain_km2 + self.ceded_km2

    @property
    def ground_shift(self) -> float:
        return self.battle_gain_km2 / self._w("ground_scale_km2")

    @property
    def time_belief(self) -> float:
        return self.russia.belief

    def western_resolve(self) -> float:
        """beliefs.western_resolve: unity times clear US and European signals."""
        eu = self.european_union
        europe = (eu.sanctions + eu.military_aid + self.coalition_aid) / 3
        us = self.united_states.signal + self.us_congress.signal
        return self.unity * (us + europe) / 2

    def _unity_multiplier(self) -> float:
        """economy.unity_multiplier."""
        floor = self._w("unity_floor")
        return floor + (1.0 - floor) * self.unity

    def sanctions_target(self) -> float:
        """economy.combined_sanctions and sanctions_target."""
        combined = (self._w("sanctions_weight_us") * self.us_sanctions
                    + self._w("sanctions_weight_eu") * self.european_union.sanctions
                    + self._w("sanctions_weight_uk") * self.params["united_kingdom.sanctions"])
        return (combined * self._unity_multiplier() * (1.0 - self.china.sanctions_offset)
                * (1.0 - self.turkey.sanctions_leakage))

    def aid_commitment(self) -> float:
        """WarModel.aid_commitment with politics.combined_aid, boosted by NATO."""
        eu_weight, coalition_weight = self._w("aid_weight_eu"), self._w("aid_weight_coalition")
        european_weight = eu_weight + coalition_weight
        european_aid = (eu_weight * self.european_union.military_aid
                        + coalition_weight * self.coalition_aid)
        european = european_aid / european_weight if european_weight > 0 else 0.0
        us, us_weight = self.us_military_aid, self._w("aid_weight_us")
        total = us_weight + european_weight
        complementarity = self._w("aid_complementarity")
        combined = 0.0 if total == 0 else us_weight * us + european_weight * european
        if total != 0 and complementarity != 0:
            share = us_weight / total
            cobb_douglas = total * us ** share * european ** (1.0 - share)
            combined = (1.0 - complementarity) * combined + complementarity * cobb_douglas
        return combined * (1.0 + self._w("nato_aid_boost") * self.nato.coordination)

    # ---- the week ---------------------------------------------------------------------
    def step(self) -> None:
        """One week of the war, after the week's decisions (WarModel.step)."""
        self.update_unity()
        self.russia.grow_industry()
        self.russia.absorb_sanctions(self.sanctions_target())
        self.deliver_aid()
        self.fight()
        self.russia.update_belief()
        self.negotiate()
        if self.collecting:  # (the week's events and decisions change nothing collected)
            self.datacollector.collect(self)

    def update_unity(self) -> None:
        """politics.unity_step: the actors' conduct and Russian advances push unity."""
        push = (sum(self.unity_movers.map("unity_push", self.unity_updates))
                + self._w("unity_threat_response") * max(0.0, -self.ground_shift))
        noise = self._w("unity_noise") * self.draws.normal("unity")
        self.unity = clip(self.unity + self._w("unity_reversion_rate")
                          * (self._w("unity") - self.unity) + push + noise, 0.0, 1.0)
        self.unity_updates += 1

    def deliver_aid(self) -> None:
        """Commitments arrive after the delivery lag, scaled by unity (WarModel.deliver_aid)."""
        self.aid_pipeline.append(self.aid_commitment())
        self.aid_flow = self.aid_pipeline[0] * self._unity_multiplier()

    def fight(self) -> None:
        """Lanchester attrition, then battlefield.front_step and momentum_step."""
        fighting = self.talks != CEASEFIRE
        ukraine, russia = self.ukraine, self.russia
        ukraine_before, russia_before = ukraine.power, russia.power
        ukraine.fight(russia_before, fighting)
        russia.fight(ukraine_before, fighting)
        before = self.ukraine_gain_km2
        noise = self._w("front_noise_km2_per_week") * self.draws.normal("front")
        if fighting:
            drift = self._w("front_speed_km2_per_week") * math.tanh(  # battlefield.front_drift
                self._w("front_sensitivity")
                * (math.log(ukraine.power / russia.power) - self.start.log_force_ratio))
            if drift < 0:  # battlefield.breached
                drift *= 1.0 + self.breach
            held = self._w("russia_held_km2")
            self.ukraine_gain_km2 = clip(before + drift + noise, held - UKRAINE_AREA_KM2, held)
        weight = 1.0 / self._w("trend_window_weeks")
        self.momentum = (1.0 - weight) * self.momentum + weight * (self.ukraine_gain_km2
                                                                   - before)

    @property
    def breach(self) -> float:
        if self.ceded_km2 <= 0:
            return 0.0
        return self._w("ceded_defence_loss") * min(1.0, self.ceded_km2
                                                   / self._w("fortified_belt_km2"))

    def negotiate(self) -> None:
        """Talks, terms, forced and imposed cease-fires, relapse (WarModel.negotiate)."""
        before = self.talks
        willing = self.russia.decide_on_talks()
        accepts = self.ukraine.decide_on_terms()
        after = self.talks_transition(before, willing, accepts)
        ukraine = self.ukraine
        forced = (before <= SERIOUS and -self.battle_gain_km2 > ukraine.p("capitulation_km2")
                  and self.draws.uniform("capitulation") < ukraine.p("capitulation_rate"))
        imposed = (not forced and after <= SERIOUS
                   and self._w("imposed_ceasefire_week") == self.week - self.branch_week)
        if forced or imposed:
            after = CEASEFIRE
        if after == CEASEFIRE and before != CEASEFIRE:
            self.sign(before, forced, imposed)
        self._record_talks(after)
        if before == CEASEFIRE and self.draws.uniform("relapse") < self.russia.relapse_chance():
            after = RENEWED_WAR
            self.record_first("relapse")
        self.talks = after

    def talks_transition(self, state: int, willing: float, accepts: float) -> int:
        """diplomacy.talks_transition: competing chances share one uniform draw."""
        if state >= CEASEFIRE:
            return state
        serious = self._w("serious_talks_rate") * willing
        if state == NO_TALKS:
            first, second = serious, self._w("talks_start_rate") * self.russia.talks_appetite()
        elif state == TALKS:
            first, second = serious, self._w("hollow_deal_rate") * accepts
        else:
            first = self.russia.breakdown_chance()
            second = self._w("agreement_rate") * willing * accepts
        total = first + second
        if total > 1.0:
            first, total = first / total, 1.0
        if total <= 0.0:
            return state
        uniform = self.draws.uniform("talks")
        if uniform < first:
            return _FIRST_TO[state]
        return _SECOND_TO[state] if uniform < total else state

    def sign(self, before: int, forced: bool, imposed: bool) -> None:
        """WarModel._sign: what the cease-fire settles (diplomacy.settlement_kind), how it
        came about (diplomacy.ceasefire_route), and the terms' cession (WarModel._cede)."""
        concedes = (forced or self._w("terms_cede_km2") > 0
                    or -self.ukraine_gain_km2 > self._w("concession_km2"))
        if concedes:
            self.settlement = CONCESSION
        elif self.guarantee_credibility >= self._w("guarantee_threshold"):
            self.settlement = GUARANTEED
        else:
            self.settlement = UNGUARANTEED
        self.route = (FORCED if forced else IMPOSED if imposed
                      else NEGOTIATED if before == SERIOUS else HOLLOW)
        self.belief_at_signing = self.russia.belief
        self.gain_at_signing_km2 = self.ukraine_gain_km2
        self.record_first("ceasefire")
        ceded = self._w("terms_cede_km2")
        if ceded > 0:
            gain = self.ukraine_gain_km2
            held = self._w("russia_held_km2")
            self.ukraine_gain_km2 = max(gain - ceded, held - UKRAINE_AREA_KM2)
            self.ceded_km2 += gain - self.ukraine_gain_km2

    def _record_talks(self, after: int) -> None:
        if after in (TALKS, SERIOUS):
            self.record_first("talks")
        if after == SERIOUS:
            self.record_first("serious_talks")

    # ---- the run's summary ------------------------------------------------------------
    def outcome(self) -> str:
        """sim.model.outcomes.classify, for this run."""
        if self.talks == RENEWED_WAR:
            return "renewed_war"
        if self.talks == CEASEFIRE:
            return "capitulation" if self.settlement == CONCESSION else "ceasefire"
        return "talks_without_agreement" if self.first_week["talks"] >= 0 else "stalemate"

    def summary(self) -> dict[str, Any]:
        """The run's summary row: sim.ensemble.results.Results.summary's columns of the
        same names."""
        series = self.datacollector.model_vars
        held, belief = series["russia_held_km2"], series["russia_time_belief"]
        return {"outcome": self.outcome(),
                "russia_gain_km2": held[-1] - held[0],
                "talks_week": self.first_week["talks"],
                "serious_talks_week": self.first_week["serious_talks"],
                "ceasefire_week": self.first_week["ceasefire"],
                "mean_time_belief": sum(belief) / len(belief),
                "final_unity": series["unity"][-1]}


def _one_run(spec: Scenario) -> Scenario:
    """A scenario whose parameters hold one value each: the run's drawn set as floats."""
    params = {key: float(value[0]) if isinstance(value, np.ndarray) else value
              for key, value in spec.params.items()}
    return replace(spec, params=MappingProxyType(params))


def check_scope(spec: Scenario) -> None:
    """Refuse what the port does not cover: other sub-models, per-run parameters."""
    settings = [dict(spec.params)] + [dict(event.changes) for event in spec.events]
    for params in settings:
        for key in MODEL_KEYS:
            if key in params and params[key] != PARAMS[key].default:
                raise ValueError(f"the scalar port covers the default sub-models only: "
                                 f"{key} = {params[key]!r} (allowed: "
                                 f"{PARAMS[key].default!r})")
        arrays = [key for key, value in params.items() if np.ndim(value) > 0]
        if arrays:
            raise ValueError(f"the scalar port runs one value per parameter; {arrays[0]} "
                             "holds one per run (an exploration)")


def simulate_run(spec: Scenario, key: int, scale: Mapping[str, float] | None = None,
                 draws: Callable[[ScalarWarModel], Draws] | None = None) -> ScalarWarModel:
    """One run: the replay (if the scenario starts from it), then the scenario's weeks."""
    model = ScalarWarModel(spec, key, scale, draws)
    model.run_for(spec.weeks)
    return model


def run_port(scenario: str | Path | Scenario, reps: int, seed: int,
             scale: Mapping[str, float] | None = None,
             draws: Callable[[ScalarWarModel], Draws] | None = None) -> pd.DataFrame:
    """``reps`` runs of the scenario, one Mesa model each: one summary row per run.

    Columns: scenario, run, seed, outcome, russia_gain_km2, talks_week,
    serious_talks_week, ceasefire_week, mean_time_belief, final_unity (as in
    ``sim.run(...).summary``). Run ``i``'s seed is sim's (``run_keys(seed, reps)[i]``), so
    it draws the calibrated parameter set sim's run ``i`` draws; its random numbers are
    Mesa's, not sim's.
    ``scale`` multiplies parameters wherever in force (e.g. ``{"world.serious_talks_rate":
    2.0}``); ``draws`` replaces Mesa's random numbers (tests/test_scalar_mesa.py).
    """
    spec = scenario if isinstance(scenario, Scenario) else sim.load_scenario(scenario)
    keys = run_keys(seed, reps)
    rows = [simulate_run(spec, int(key), scale, draws).summary() for key in keys]
    return _as_table(spec.name, keys, rows)


def _as_table(name: str, keys: np.ndarray, rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    for column in ("talks_week", "serious_talks_week", "ceasefire_week"):
        table[column] = table[column].where(table[column] >= 0).astype("Int64")
    table["outcome"] = pd.Categorical(table["outcome"], categories=list(OUTCOMES))
    table.insert(0, "seed", keys)
    table.insert(0, "run", np.arange(len(keys)))
    table.insert(0, "scenario", pd.Categorical([name] * len(keys)))
    return table


# ---- timing ---------------------------------------------------------------------------
def runs_a_second(work: Callable[[], object], runs: int) -> float:
    start = time.perf_counter()
    work()
    return runs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200, help="runs of the port [200]")
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "baseline.toml"))
    args = parser.parse_args()
    spec = sim.load_scenario(args.scenario)
    weeks = spec.weeks + (branch.prelude(spec).weeks if branch.branches(spec) else 0)
    print(f"{spec.name}: {weeks} weeks a run (the replay first); conditional projections, "
          "not forecasts: these numbers measure speed only")
    sim.run(spec, reps=100, seed=2, actors=False)  # warm
    port = runs_a_second(lambda: run_port(spec, args.reps, 1), args.reps)
    same = runs_a_second(lambda: sim.run(spec, reps=args.reps, seed=1, actors=False).summary,
                         args.reps)
    big = runs_a_second(lambda: sim.run(spec, reps=10_000, seed=1, actors=False).summary,
                        10_000)
    print(f"scalar Mesa port:        {port:10,.1f} runs/s ({args.reps} runs)")
    print(f"sim.run at {args.reps:>6,} runs: {same:10,.1f} runs/s")
    print(f"sim.run at 10,000 runs:  {big:10,.1f} runs/s")
    print(f"ratio (sim.run at 10,000 / port): {big / port:,.0f}x")


if __name__ == "__main__":
    main()
