"""The Mesa model: world state and the weekly schedule for an ensemble of runs.

One :class:`WarModel` steps every run of a scenario at once: each agent holds
arrays over runs, and each run has its own random stream
(:mod:`sim.model.streams`). One step is one week.
"""

from __future__ import annotations

from collections import deque

import mesa
import numpy as np

from sim.model.agents import (
    China,
    CoalitionMember,
    Congress,
    EuropeanUnion,
    Nato,
    NorthKorea,
    Russia,
    Turkey,
    Ukraine,
    UnitedStates,
    VetoPlayer,
)
from sim.model.mechanisms import battlefield, beliefs, diplomacy, economy, politics
from sim.model.streams import RunStreams
from sim.scenarios.params import status_quo
from sim.scenarios.scenario import Scenario


class WarModel(mesa.Model):
    """The essay's actors and the war, for ``len(keys)`` runs in parallel.

    Args:
        spec: the resolved scenario (parameters and events).
        keys: one 64-bit random key per run (see :func:`sim.model.streams.run_keys`).
        rng: Mesa's generator, derived from the same master seed.
    """

    def __init__(self, spec: Scenario, keys: np.ndarray, rng: np.random.Generator) -> None:
        super().__init__(rng=rng)
        self.spec = spec
        self.runs = len(keys)
        self.streams = RunStreams(keys)
        self.week = 0
        self._events_by_week: dict[int, list] = {}
        for event in spec.events:
            self._events_by_week.setdefault(event.week, []).append(event)
        scenario_params = dict(spec.params)
        for event in self._events_by_week.get(0, ()):
            scenario_params.update(event.changes)
        # The war starts from the balance of the starting policies; then the
        # scenario's own policies take over (and act through their lags).
        starts_now = scenario_params["world.start"] == "status_quo"
        self.params = status_quo(scenario_params) if starts_now else scenario_params
        self._create_actors()
        self.decide_policies(0)
        self._initialize_war()
        self.params = scenario_params
        self.decide_policies(0)
        self.unity = np.full(self.runs, self._w("unity"))

    def _create_actors(self) -> None:
        """One agent per actor the essay names."""
        self.united_states = UnitedStates(self)
        self.us_congress = Congress(self)
        self.european_union = EuropeanUnion(self)
        self.hungary = VetoPlayer(self, "hungary")
        self.slovakia = VetoPlayer(self, "slovakia")
        self.france = CoalitionMember(self, "france")
        self.united_kingdom = CoalitionMember(self, "united_kingdom")
        self.nato = Nato(self)
        self.turkey = Turkey(self)
        self.ukraine = Ukraine(self)
        self.russia = Russia(self)
        self.china = China(self)
        self.north_korea = NorthKorea(self)

    # ---- week 0 ------------------------------------------------------------------
    def _initialize_war(self) -> None:
        """The balance of the war under the policies now in force (see ``world.start``).

        Sanctions pressure at its target, Russia's capacity where erosion and
        recovery balance, the aid pipeline full of current commitments, and the
        forces at their Lanchester balance.
        """
        n = self.runs
        self.unity = np.full(n, self._w("unity"))
        self.front = np.zeros(n)
        self.momentum = np.zeros(n)
        russia = self.russia
        russia.pressure = np.full(n, float(np.mean(self.sanctions_target())))
        self.start_capacity = economy.steady_capacity(
            float(russia.pressure[0]), self._w("sanctions_bite"),
            russia.p("capacity_recovery") * self.china.recovery_multiplier)
        russia.capacity = np.full(n, self.start_capacity)
        russia.belief = np.full(n, russia.p("initial_time_belief"))
        lag = self._w("aid_delivery_lag_weeks")
        commitment = self.aid_commitment()
        self.aid_pipeline = deque([commitment] * (lag + 1), maxlen=lag + 1)
        self.aid_flow = commitment * economy.unity_multiplier(self.unity, self._w("unity_floor"))
        u_power, r_power = battlefield.balance_of_forces(
            float(np.mean(self.ukraine.inflow(self.aid_flow))),
            float(np.mean(russia.inflow(self.north_korea))),
            self._w("depreciation_rate"), self._w("attrition_rate"),
            self._w("loss_exchange_ratio"))
        self.ukraine.power, russia.power = np.full(n, u_power), np.full(n, r_power)
        self.talks = np.full(n, diplomacy.NO_TALKS, dtype=np.int8)
        self.settlement = np.full(n, diplomacy.NO_SETTLEMENT, dtype=np.int8)
        self.belief_at_signing = np.zeros(n)
        self.first_week = {name: np.full(n, -1) for name in
                           ("talks", "serious_talks", "ceasefire", "relapse")}

    # ---- the weekly schedule ----------------------------------------------------------
    def step(self) -> None:
        """One week: politics already decided, then unity, economy, aid, war, beliefs, talks."""
        self.update_unity()
        self.squeeze_economy()
        self.deliver_aid()
        self.fight()
        self.update_beliefs()
        self.negotiate()
        self.week += 1
        self.apply_events(self.week)
        self.decide_policies(self.week)

    # ---- policies ----------------------------------------------------------------------
    def apply_events(self, week: int) -> None:
        """Parameter changes scheduled for ``week`` take effect."""
        for event in self._events_by_week.get(week, ()):
            self.params.update(event.changes)

    def decide_policies(self, week: int) -> None:
        """The US, Congress and the EU (with its veto players) decide what is in force."""
        self.draws = self.streams.week(week)
        self.united_states.decide(week)
        self.us_congress.decide(week, self.united_states)
        due = self.european_union.package_due(week)
        self.holdouts = (self.hungary.vote(due, self.draws.uniform["hungary"]).astype(int)
                         + self.slovakia.vote(due, self.draws.uniform["slovakia"]))
        self.european_union.decide(week, self.holdouts)

    @property
    def us_sanctions(self) -> float:
        return self.united_states.sanctions + self.us_congress.sanctions_added

    @property
    def us_military_aid(self) -> float:
        return self.united_states.military_aid + self.us_congress.military_aid_added

    @property
    def coalition_aid(self) -> float:
        """Coalition aid that counts, given US endorsement. # C9"""
        members = self.france.aid + self.united_kingdom.aid
        effect = politics.coalition_effect(self.united_states.p("endorses_coalition"),
                                           self._w("coalition_unendorsed_effect"))
        return 0.5 * members * effect

    @property
    def coalition_share(self) -> float:
        return 0.5 * (self.france.member + self.united_kingdom.member)

    def _w(self, name: str):
        return self.params[f"world.{name}"]

    # ---- mechanisms, in schedule order ----------------------------------------------
    def update_unity(self) -> None:
        """Hesitation, refusals and vetoes erode unity; commitment and the coalition build it."""
        push = (self.united_states.unity_push()
                - self._w("veto_unity_shock") * self.holdouts
                + self._w("coalition_unity_push") * self.coalition_share)
        self.unity = politics.unity_step(
            self.unity, self._w("unity"), self._w("unity_reversion_rate"), push,
            self._w("unity_noise"), self.draws.normal["unity"])

    def sanctions_target(self) -> np.ndarray | float:
        """Pressure the sanctions in force would reach (C2 C8 C11 C13)."""
        combined = economy.combined_sanctions(
            {"us": self.us_sanctions, "eu": self.european_union.sanctions,
             "uk": self.united_kingdom.p("sanctions")},
            {"us": self._w("sanctions_weight_us"), "eu": self._w("sanctions_weight_eu"),
             "uk": self._w("sanctions_weight_uk")})
        return economy.sanctions_target(
            combined, economy.unity_multiplier(self.unity, self._w("unity_floor")),
            self.china.sanctions_offset, self.turkey.sanctions_leakage)

    def squeeze_economy(self) -> None:
        self.russia.squeeze(self.sanctions_target(), self.china)

    def aid_commitment(self) -> np.ndarray | float:
        """Aid committed this week: US and European, combined, boosted by NATO. # C1 C8 C9"""
        eu_weight, coalition_weight = self._w("aid_weight_eu"), self._w("aid_weight_coalition")
        european_weight = eu_weight + coalition_weight
        european = ((eu_weight * self.european_union.military_aid
                     + coalition_weight * self.coalition_aid) / european_weight
                    if european_weight > 0 else 0.0 * self.european_union.military_aid)
        total = politics.combined_aid(self.us_military_aid, european, self._w("aid_weight_us"),
                                      european_weight, self._w("aid_complementarity"))
        return total * (1.0 + self._w("nato_aid_boost") * self.nato.coordination(self.turkey))

    def deliver_aid(self) -> None:
        """Commitments arrive after the delivery lag, scaled by unity. # C2 C11"""
        self.aid_pipeline.append(self.aid_commitment())
        arriving = self.aid_pipeline[0]
        self.aid_flow = arriving * economy.unity_multiplier(self.unity, self._w("unity_floor"))

    def fight(self) -> None:
        """Reinforcement, Lanchester attrition, and the front's move. # C1 C11 C13"""
        fighting = self.talks != diplomacy.CEASEFIRE
        normal = self.draws.normal
        noise = self._w("power_noise")
        u_in = battlefield.noisy_inflow(self.ukraine.inflow(self.aid_flow), noise,
                                        normal["ukraine_power"])
        r_in = battlefield.noisy_inflow(self.russia.inflow(self.north_korea), noise,
                                        normal["russia_power"])
        self.ukraine.power, self.russia.power = battlefield.lanchester_step(
            self.ukraine.power, self.russia.power, u_in, r_in, self._w("depreciation_rate"),
            self._w("attrition_rate"), self._w("loss_exchange_ratio"), fighting)
        old_front = self.front
        self.front = battlefield.front_step(
            self.front, self.ukraine.power, self.russia.power, self._w("front_speed"),
            self._w("front_sensitivity"), self._w("front_noise"), normal["front"], fighting)
        self.momentum = battlefield.momentum_step(self.momentum, self.front - old_front,
                                                  self._w("trend_window_weeks"))

    def update_beliefs(self) -> None:
        """Russia updates its belief that time is on its side. # C5 C6"""
        europe_signal = (self.european_union.sanctions + self.european_union.military_aid
                         + self.coalition_aid) / 3.0
        resolve = beliefs.western_resolve(
            self.unity, self.united_states.signal + self.us_congress.signal, europe_signal)
        axis = 0.5 * (self.china.p("economic_support")
                      + self.north_korea.p("munitions_support"))
        self.russia.update_belief(self.momentum, resolve, axis)

    @property
    def guarantee_credibility(self) -> float:
        return diplomacy.guarantee_credibility(
            self.coalition_share, self.united_states.p("backs_guarantees"),
            self._w("european_guarantee_credibility"), self._w("us_guarantee_credibility"))

    def negotiate(self) -> None:
        """Talks, forced concessions, cease-fires and relapses (C1 C3 C6 C7 C14)."""
        russia, uniform = self.russia, self.draws.uniform
        threshold = russia.p("serious_talks_belief")
        eroding = diplomacy.position_eroding(self.momentum, russia.capacity,
                                             self.start_capacity,
                                             self._w("capacity_erosion_margin"))
        willing = diplomacy.willingness(russia.belief, eroding, threshold,
                                        russia.p("talks_belief_spread"))
        walks_out = russia.belief > threshold + self._w("serious_talks_exit_margin")
        before = self.talks
        after = diplomacy.talks_transition(
            before, uniform["talks"], willing, walks_out,
            {"serious": self._w("serious_talks_rate"), "start": self._w("talks_start_rate"),
             "hollow": self._w("hollow_deal_rate"), "agree": self._w("agreement_rate")})
        forced = ((before <= diplomacy.SERIOUS) & (self.front < self.ukraine.p("capitulation_front"))
                  & (uniform["capitulation"] < self.ukraine.p("capitulation_rate")))
        after[forced] = diplomacy.CEASEFIRE
        self._sign(before, after, forced)
        self._relapse(before, after, uniform["relapse"])
        self.talks = after

    def _sign(self, before: np.ndarray, after: np.ndarray, forced: np.ndarray) -> None:
        signing = (after == diplomacy.CEASEFIRE) & (before != diplomacy.CEASEFIRE)
        kind = diplomacy.settlement_kind(
            self.front, self.guarantee_credibility, self._w("concession_front"),
            self._w("guarantee_threshold"), forced)
        self.settlement = np.where(signing, kind, self.settlement).astype(np.int8)
        self.belief_at_signing = np.where(signing, self.russia.belief, self.belief_at_signing)
        week = self.week + 1
        self._first("talks", np.isin(after, (diplomacy.TALKS, diplomacy.SERIOUS)), week)
        self._first("serious_talks", after == diplomacy.SERIOUS, week)
        self._first("ceasefire", signing, week)

    def _relapse(self, before: np.ndarray, after: np.ndarray, uniform: np.ndarray) -> None:
        """Russia may break a cease-fire; credible guarantees deter it. # C3 C7 C14"""
        hazard = diplomacy.relapse_hazard(
            self.guarantee_credibility, self.settlement, self.belief_at_signing,
            {"base": self._w("relapse_base_rate"), "deterrence": self._w("deterrence_strength"),
             "concession": self._w("concession_relapse_multiplier"),
             "hollow": self._w("hollow_relapse_weight")})
        breaks = (before == diplomacy.CEASEFIRE) & (uniform < hazard)
        after[breaks] = diplomacy.RENEWED_WAR
        self._first("relapse", breaks, self.week + 1)

    def _first(self, name: str, happened: np.ndarray, week: int) -> None:
        weeks = self.first_week[name]
        self.first_week[name] = np.where(happened & (weeks < 0), week, weeks)

    # ---- what is recorded -------------------------------------------------------------
    def observe_world(self) -> dict[str, np.ndarray | float]:
        """The world state written to timeseries.csv each week."""
        return {
            "front": self.front,
            "russia_capacity": self.russia.capacity,
            "sanctions_pressure": self.russia.pressure,
            "aid_flow": self.aid_flow,
            "unity": self.unity,
            "russia_time_belief": self.russia.belief,
            "talks": self.talks,
            "ukraine_power": self.ukraine.power,
            "russia_power": self.russia.power,
            "momentum": self.momentum,
            "guarantee_credibility": self.guarantee_credibility,
        }

    def observe_actors(self) -> dict[str, np.ndarray | float]:
        """Each actor's key state, as ``actor.variable`` columns for actors.csv."""
        return {f"{agent.key}.{name}": value
                for agent in self.agents for name, value in agent.observe().items()}
