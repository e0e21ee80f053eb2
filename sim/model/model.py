"""The Mesa model: the world's state and the weekly schedule for an ensemble of runs.

One :class:`WarModel` steps every run of a scenario at once: each agent holds
arrays over runs, and each run has its own random stream
(:mod:`sim.model.streams`). One step is one week; ``model.time`` is the clock.

Each ``model.step()`` advances Mesa's clock by one week, to time *w*, and runs what is
due at *w* in Mesa's priority order:

1. ``step()`` (Mesa's own step, high priority): the week's unity, sanctions, aid, the
   fighting, Russia's belief and talks, under the decisions in force;
2. scenario events due at *w* change parameters (one-off Mesa events), the President's
   decision if due at *w* (an event he schedules), an EU package if due (a recurring
   event every ``package_interval_weeks``), in the order they were scheduled;
3. every actor decides for the next week (a low-priority recurring event that activates
   the ``AgentSet``).

The model is built at time 0 with week-0 events applied and a first round of
decisions. So the row of week *w* in the outputs shows the world after week *w*'s
fighting and the decisions in force for week *w* + 1; row 0 is the start.
"""

from __future__ import annotations

from functools import partial

import mesa
import numpy as np
from mesa.time import Priority, Schedule

from sim.model.agents import (
    Actor,
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
from sim.model.agents.rules import WORLD
from sim.model.mechanisms import (
    battlefield,
    beliefs,
    bounded,
    diplomacy,
    economy,
    is_scalar,
    politics,
)
from sim.model.mechanisms.politics import mean_of
from sim.model.parameter_sets import with_parameter_sets
from sim.model.shared_replay import shared_replay, widen_attributes
from sim.model.start import Start, settle_the_war
from sim.model.streams import RunStreams, WeekDraws
from sim.scenarios import branch
from sim.scenarios.params import COALITION, status_quo
from sim.scenarios.scenario import Event, Scenario
from sim.scenarios.units import (
    AID_EUR_BN_A_YEAR,
    FULL_AID_EUR_BN_A_YEAR,
    UKRAINE_AREA_KM2,
    WEEKS_A_YEAR,
)

#: The gated mechanisms whose engagement (in any run) is recorded, for the no-silent-no-ops
#: checks of sim.model.relevance.
ENGAGEMENT = ("serious_talks", "ceasefire", "concession", "capitulation_zone", "vetoed",
              "us_committed", "congress_active", "imposed", "terms", "escalation",
              "russia_losing")
#: Parameters whose change by an event re-plans the President's decision.
_DECISION_KEYS = ("united_states.stance", "united_states.decision_delay_weeks")


class WarModel(mesa.Model):
    """The essay's actors and the war, for ``len(keys)`` runs in parallel.

    ``inert_rules`` are the model's own no-silent-no-op rules (where the war starts);
    each actor's are on its agent class.

    Args:
        spec: the resolved scenario (parameters and events).
        keys: one 64-bit random key per run (see :func:`sim.model.streams.run_keys`).

    Mesa's own ``rng`` is not seeded and not used: every draw comes from the
    per-run streams, so run *i* is the same alone or among 10,000 runs.
    """

    inert_rules = WORLD

    def __init__(self, spec: Scenario, keys: np.ndarray) -> None:
        super().__init__()
        self._mesa_attributes = frozenset(vars(self))  # Mesa's own, never run state
        self.spec = spec
        spec = with_parameter_sets(spec, keys)  # the calibrated parameters, run by run
        replay = branch.prelude(spec) if branch.branches(spec) else None
        first = replay or spec  # what the run starts with: the replay, or the scenario
        scenario_params = dict(first.params)
        for event in first.events:
            if event.week == 0:
                scenario_params.update(event.changes)
        #: Runs that replay alike replay once, until the branch widens them to every run.
        self._shared = shared_replay(scenario_params, keys) if replay is not None else None
        self._keys = keys
        replay_keys = keys
        if self._shared is not None:
            scenario_params = self._shared.subset(scenario_params)
            replay_keys = keys[self._shared.first]
        self.runs = len(replay_keys)
        self.streams = RunStreams(replay_keys)
        self._draws_week = -1
        self.draws: WeekDraws = self.roll()
        starts_now = scenario_params["world.start"] == "status_quo"
        self.params = status_quo(scenario_params) if starts_now else scenario_params
        #: The week the scenario's own policies took over (the essay's date): outputs and
        #: the scenario's events count from it.
        self.branch_week = 0
        self._initialize_world()
        self._create_actors()
        # The actors whose conduct moves unity (an AgentSet, activated each week).
        self.unity_movers = self.agents.select(
            lambda agent: type(agent).unity_push is not Actor.unity_push)
        self.start: Start = settle_the_war(self)
        self.params = scenario_params
        self.united_states.set_levels()  # the scenario's own policies take over
        self._schedule(first.events)
        self.decide()
        if replay is not None:
            self._branch_call = partial(self._branch, spec)  # (Mesa keeps a weak reference)
            self.schedule_event(self._branch_call, at=replay.weeks)
            for _ in range(replay.weeks):
                self.step()
        #: The aid allocated in the week last fought (at the start: in force for week 1).
        self.week_aid = self.aid_allocated_eur_bn()

    def _create_actors(self) -> None:
        """One agent per actor the essay names, in the order they decide."""
        self.united_states = UnitedStates(self)
        self.us_congress = Congress(self)
        self.european_union = EuropeanUnion(self)
        self.hungary = VetoPlayer(self, "hungary")
        self.slovakia = VetoPlayer(self, "slovakia")
        for key in COALITION:
            CoalitionMember(self, key)
        self.coalition = self.agents_by_type[CoalitionMember]  # Mesa's own AgentSet
        self.turkey = Turkey(self)
        self.nato = Nato(self)
        self.ukraine = Ukraine(self)
        self.russia = Russia(self)
        self.china = China(self)
        self.north_korea = NorthKorea(self)

    def _initialize_world(self) -> None:
        n = self.runs
        #: The front: ground Ukraine has gained since the start, km2 (negative: Russia
        #: has advanced); Russia holds ``world.russia_held_km2`` minus it.
        self.ukraine_gain_km2 = np.zeros(n)
        self.momentum = np.zeros(n)  # km2 a week, Ukraine +
        self.unity = np.zeros(n)
        #: Unity updates made so far: one-off conduct (a veto, a refusal) is stamped with it,
        #: so each counts in exactly the next update.
        self.unity_updates = 0
        self.aid_flow = np.zeros(n)
        self.aid_pipeline = np.zeros((1, n))
        self.talks = np.full(n, diplomacy.NO_TALKS, dtype=np.int8)
        self.settlement = np.full(n, diplomacy.NO_SETTLEMENT, dtype=np.int8)
        self.route = np.full(n, diplomacy.NO_ROUTE, dtype=np.int8)
        self.belief_at_signing = np.zeros(n)
        self.gain_at_signing_km2 = np.zeros(n)
        self.ceded_km2 = np.zeros(n)  # ground the terms of a cease-fire ceded (C14)
        self.first_week = {name: np.full(n, -1) for name in
                           ("talks", "serious_talks", "ceasefire", "relapse", "us_decision",
                            "escalation")}
        #: Whether each gated mechanism acted in any run (for sim.model.relevance).
        self.engaged = dict.fromkeys(ENGAGEMENT, False)

    def _schedule(self, events: tuple[Event, ...]) -> None:
        """Scenario events, the President's decision, EU packages and the weekly decisions,
        as Mesa events."""
        self._schedule_events(events)
        self.united_states.plan_decision()
        eu = self.european_union
        self.schedule_recurring(eu.propose_package,
                                Schedule(interval=eu.package_interval,
                                         start=eu.package_interval()))
        self.schedule_recurring(self.decide, Schedule(interval=1, start=1), Priority.LOW)

    def _schedule_events(self, events: tuple[Event, ...]) -> None:
        """A scenario's events after week 0, counted from the branch."""
        self._event_calls = [partial(self.apply_event, event) for event in events
                             if event.week > 0]
        for call in self._event_calls:
            self.schedule_event(call, at=self.branch_week + call.args[0].week)

    def _branch(self, spec: Scenario) -> None:
        """The branch: every run takes the state its replay reached, then the scenario
        takes over."""
        if self._shared is not None:
            self._widen_to_every_run()
        self.branch_into(spec)

    def _widen_to_every_run(self) -> None:
        """Each run takes the state of the run it replayed alike with
        (sim.model.shared_replay): the model's and every actor's per-run arrays."""
        shared, self._shared = self._shared, None
        distinct = self.runs
        skip = self._mesa_attributes | {"streams", "spec", "_keys"}
        widen_attributes(self, shared.inverse, distinct, skip)
        for agent in self.agents:
            widen_attributes(agent, shared.inverse, distinct, agent.mesa_attributes)
            agent.runs = shared.runs
        self.runs = shared.runs
        self.streams = RunStreams(self._keys)

    def branch_into(self, spec: Scenario) -> None:
        """The scenario's own parameters and week-0 events take over from the state the
        replay reached (sim.scenarios.branch): nothing is reset to the record.

        What counts "since the start" counts from here: the ground gained (so
        ``world.concession_km2``, ``ukraine.capitulation_km2`` and the actors' responses
        to ground are measured from the essay's date, as each run reached it), the weeks
        of the first talks and cease-fire, the President's decision delay and the
        scenario's events, which gated mechanisms engaged, and each actor's own tallies
        (:meth:`Actor.at_branch`: the vetoes cast). The balance the front moves
        against (``start.log_force_ratio``) and the other references of ``self.start``
        stay the replay's, so the war keeps the momentum the replay gave it.
        """
        params = dict(spec.params)
        for event in spec.events:
            if event.week == 0:
                params.update(event.changes)
        params["world.russia_held_km2"] = self.russia_held_km2  # this run's own territory
        self.gain_at_signing_km2 = self.gain_at_signing_km2 - self.ukraine_gain_km2
        self.ukraine_gain_km2 = np.zeros(self.runs)
        self.ceded_km2 = np.zeros(self.runs)
        self.params = params
        self.branch_week = self.week
        self.first_week = {name: np.full(self.runs, -1) for name in self.first_week}
        self.engaged = dict.fromkeys(ENGAGEMENT, False)
        self.agents.do("at_branch")
        self.united_states.set_levels()
        self.united_states.plan_decision()
        self._schedule_events(spec.events)

    # ---- time and randomness ----------------------------------------------------------
    @property
    def week(self) -> int:
        return int(self.time)

    @property
    def years_of_war(self) -> float:
        """Years since the start, for war weariness."""
        return self.time / 52.0

    def roll(self) -> WeekDraws:
        """This week's random numbers (drawn once per week, whoever asks first)."""
        if self._draws_week != self.week:
            self.draws = self.streams.week(self.week)
            self._draws_week = self.week
        return self.draws

    def late_uniform(self, slot: str) -> np.ndarray:
        """A sub-model's own uniform draw for this week's draws (drawn only when read)."""
        return self.streams.late_uniform(self._draws_week, slot)

    def full(self, value: float, dtype: type = float) -> np.ndarray:
        return np.full(self.runs, value, dtype=dtype)

    # ---- events and decisions --------------------------------------------------------
    def apply_event(self, event: Event) -> None:
        """A scenario event: its parameter changes take effect now."""
        self.params.update(event.changes)
        self.united_states.set_levels()
        if any(key in event.changes for key in _DECISION_KEYS):
            self.united_states.plan_decision()

    def decide(self) -> None:
        """Every actor decides for the coming week, in the order of ``ACTORS``."""
        self.roll()
        self.agents.do("decide")
        engaged = self.engaged
        engaged["us_committed"] |= bool(self.united_states.committed.any())
        engaged["congress_active"] |= bool(self.us_congress.active.any())

    # ---- what the actors' decisions add up to ---------------------------------------
    @property
    def us_sanctions(self) -> np.ndarray:
        return self.united_states.sanctions + self.us_congress.sanctions_added

    @property
    def us_military_aid(self) -> np.ndarray:
        return self.united_states.military_aid + self.us_congress.military_aid_added

    @property
    def us_measures(self) -> np.ndarray:
        """US sanctions and military aid in force (the President's and Congress's), as one
        level. # C4 C5 C10"""
        return mean_of((self.us_sanctions, self.us_military_aid))

    @property
    def coalition_share(self) -> float:
        """How much of the coalition is in it (the members' mean). # C7 C9"""
        return mean_of(self.coalition.get("member"))

    @property
    def coalition_aid(self) -> np.ndarray:
        """Coalition aid that counts: US endorsement, and EU instruments a veto froze. # C8 C9"""
        effect = politics.coalition_effect(self.params["united_states.endorses_coalition"],
                                           self._w("coalition_unendorsed_effect"))
        frozen = self._w("coalition_eu_instrument_share") * self.european_union.instruments_blocked
        return mean_of(self.coalition.get("aid")) * effect * (1.0 - frozen)

    @property
    def guarantee_credibility(self) -> float:
        return diplomacy.guarantee_credibility(
            self.coalition_share, self.params["united_states.backs_guarantees"],
            self._w("european_guarantee_credibility"), self._w("us_guarantee_credibility"))

    @property
    def trend(self) -> np.ndarray:
        """The battlefield trend as a share of the front's top speed, -1..1 (Ukraine +)."""
        speed = self._w("front_speed_km2_per_week")
        return bounded(self.momentum / np.maximum(speed, 1e-9), -1.0, 1.0)

    @property
    def russia_held_km2(self) -> np.ndarray:
        """Ukrainian territory Russia holds now (km2)."""
        return self._w("russia_held_km2") - self.ukraine_gain_km2

    @property
    def ground_shift(self) -> np.ndarray:
        """Ground Ukraine has gained since the start in units of ``world.ground_scale_km2``:
        what the actors respond to (negative as Russia advances). # C2 C4 C8"""
        return self.battle_gain_km2 / self._w("ground_scale_km2")

    @property
    def battle_gain_km2(self) -> np.ndarray:
        """Ground Ukraine has gained since the start in battle (km2): the front's move,
        leaving out what the terms of a cease-fire ceded. The actors respond to this, not to
        a transfer by treaty. # C14"""
        return self.ukraine_gain_km2 + self.ceded_km2

    def western_resolve(self) -> np.ndarray:
        """Unity times clear US and European signals, as Russia reads them. # C2 C5"""
        eu = self.european_union
        europe = mean_of((eu.sanctions, eu.military_aid, self.coalition_aid))
        us = self.united_states.signal + self.us_congress.signal
        return beliefs.western_resolve(self.unity, us, europe)

    def sanctions_target(self) -> np.ndarray:
        """Pressure the sanctions in force would reach (C2 C8 C11 C13)."""
        combined = economy.combined_sanctions(
            {"us": self.us_sanctions, "eu": self.european_union.sanctions,
             "uk": self.params["united_kingdom.sanctions"]},
            {"us": self._w("sanctions_weight_us"), "eu": self._w("sanctions_weight_eu"),
             "uk": self._w("sanctions_weight_uk")})
        return economy.sanctions_target(
            combined, economy.unity_multiplier(self.unity, self._w("unity_floor")),
            self.china.sanctions_offset, self.turkey.sanctions_leakage)

    def aid_commitment(self) -> np.ndarray:
        """Aid committed this week: US and European, combined, boosted by NATO. # C1 C8 C9"""
        eu_weight, coalition_weight = self._w("aid_weight_eu"), self._w("aid_weight_coalition")
        european_weight = eu_weight + coalition_weight
        european_aid = (eu_weight * self.european_union.military_aid
                        + coalition_weight * self.coalition_aid)
        if is_scalar(european_weight):
            european = european_aid / european_weight if european_weight > 0 else 0.0 * european_aid
        else:
            european = np.where(european_weight > 0,
                                european_aid / np.where(european_weight > 0, european_weight, 1.0),
                                0.0)
        total = politics.combined_aid(self.us_military_aid, european, self._w("aid_weight_us"),
                                      european_weight, self._w("aid_complementarity"))
        return total * (1.0 + self._w("nato_aid_boost") * self.nato.coordination)

    def fill_aid_pipeline(self, commitment: np.ndarray, flow: np.ndarray | float) -> None:
        """The delivery pipeline full of current commitments (the start).

        A ring buffer of weekly commitments, weeks x runs, deep enough for the longest
        delivery lag (runs may have different lags in an exploration).
        """
        lag = self._w("aid_delivery_lag_weeks")
        self._aid_lag = int(lag) if is_scalar(lag) else np.asarray(lag)
        depth = int(np.max(lag)) + 1
        self.aid_pipeline = np.tile(np.broadcast_to(commitment, (self.runs,)), (depth, 1))
        self._aid_written = 0
        self.aid_flow = np.broadcast_to(flow, (self.runs,)).astype(float)

    def _w(self, name: str):
        return self.params[f"world.{name}"]

    # ---- the week ---------------------------------------------------------------------
    def step(self) -> None:
        """One week of the war, after the week's decisions."""
        self.week_aid = self.aid_allocated_eur_bn()  # what this week's decisions allocate
        self.update_unity()
        self.russia.grow_industry()
        self.russia.absorb_sanctions(self.sanctions_target())
        self.deliver_aid()
        self.fight()
        self.russia.update_belief()
        if self.escalation_risk:
            self.russia.consider_escalation(self.talks != diplomacy.CEASEFIRE)
        self.negotiate()

    def russia_losing(self) -> np.ndarray:
        """How far the balance of forces has moved against Russia since the start: the log
        of Ukraine's power over Russia's above its start, 0 while Russia holds or gains.
        # C11 C13"""
        shift = np.log(self.ukraine.power / self.russia.power) - self.start.log_force_ratio
        return np.maximum(0.0, shift)

    @property
    def escalation_risk(self) -> bool:
        """Whether a cornered Moscow may escalate rather than talk (model.escalation).
        # C4 C10"""
        return self.params["model.escalation"] == "risk"

    def update_unity(self) -> None:
        """The actors' conduct (since unity was last updated) and Russian advances push
        unity; it drifts back. # C2 C4 C8 C9"""
        push = (sum(self.unity_movers.map("unity_push", self.unity_updates))
                + self._w("unity_threat_response") * politics.ground_lost(self.ground_shift))
        self.unity = politics.unity_step(
            self.unity, self._w("unity"), self._w("unity_reversion_rate"), push,
            self._w("unity_noise"), self.draws.normal["unity"])
        self.unity_updates += 1

    def deliver_aid(self) -> None:
        """Commitments arrive after the delivery lag, scaled by unity. # C2 C11"""
        depth = len(self.aid_pipeline)
        self._aid_written += 1
        self.aid_pipeline[self._aid_written % depth] = self.aid_commitment()
        oldest = (self._aid_written - self._aid_lag) % depth
        arriving = (self.aid_pipeline[oldest] if isinstance(oldest, int)
                    else self.aid_pipeline[oldest, np.arange(self.runs)])
        self.aid_flow = arriving * economy.unity_multiplier(self.unity, self._w("unity_floor"))

    def fight(self) -> None:
        """Both sides fight (each against the other's power at the week's start: Lanchester
        attrition), then the front moves with the balance. # C1 C11 C13"""
        fighting = self.talks != diplomacy.CEASEFIRE
        ukraine_before, russia_before = self.ukraine.power, self.russia.power
        self.ukraine.fight(russia_before, fighting)
        self.russia.fight(ukraine_before, fighting)
        before = self.ukraine_gain_km2
        held = self._w("russia_held_km2")
        self.ukraine_gain_km2 = battlefield.front_step(
            before, self.ukraine.power, self.russia.power, self._w("front_speed_km2_per_week"),
            self._w("front_sensitivity"), self._w("front_noise_km2_per_week"),
            self.draws.normal["front"], fighting, (held - UKRAINE_AREA_KM2, held),
            self.start.log_force_ratio, self._dead_zone(), self.breach)
        self.momentum = battlefield.momentum_step(self.momentum, self.ukraine_gain_km2 - before,
                                                  self._w("trend_window_weeks"))

    @property
    def front_speed(self) -> np.ndarray | float:
        return self._w("front_speed_km2_per_week")

    # ---- expected-value bargaining (model.bargaining) ---------------------------------
    @property
    def weighs_expected_value(self) -> bool:
        """Whether the belligerents weigh fighting on against the terms in km2. # C3 C14"""
        return self.params["model.bargaining"] == "expected_value"

    @property
    def bargaining_horizon(self) -> np.ndarray | float:
        return self._w("bargaining_horizon_weeks")

    @property
    def bargaining_spread(self) -> np.ndarray | float:
        return self._w("bargaining_spread_km2")

    @property
    def terms_cede_km2(self) -> np.ndarray | float:
        """Ground a cease-fire cedes to Russia beyond the line (the terms on the table)."""
        return self._w("terms_cede_km2")

    def _dead_zone(self) -> np.ndarray | float | None:
        """The defence's dead zone under the defence-dominant battle model, else none."""
        if self.params["model.battle"] == "defence_dominant":
            return self._w("defence_threshold")
        return None

    def negotiate(self) -> None:
        """Russia and Ukraine decide on talks and terms; forced concessions; relapse.

        # C1 C3 C6 C7 C14
        """
        russia, uniform, before = self.russia, self.draws.uniform, self.talks
        willing = russia.decide_on_talks()
        accepts = self.ukraine.decide_on_terms()
        bargaining = (before == diplomacy.SERIOUS).any()
        chances = {
            "serious": self._w("serious_talks_rate") * willing,
            "start": self._w("talks_start_rate") * russia.talks_appetite(),
            "hollow": self._w("hollow_deal_rate") * accepts * self._pause_readiness(willing),
            "breakdown": self._breakdown_chance(willing) if bargaining else 0.0,
            "agree": self._w("agreement_rate") * willing * accepts if bargaining else 0.0,
        }
        after = diplomacy.talks_transition(before, uniform["talks"], chances)
        collapsing = ((before <= diplomacy.SERIOUS)
                      & (-self.battle_gain_km2 > self.ukraine.p("capitulation_km2")))
        forced = collapsing & (uniform["capitulation"] < self.ukraine.p("capitulation_rate"))
        after[forced] = diplomacy.CEASEFIRE
        imposed = self._imposed(after)
        after[imposed] = diplomacy.CEASEFIRE
        self.engaged["capitulation_zone"] |= bool(collapsing.any())
        self.engaged["serious_talks"] |= bool(bargaining)
        self._sign(before, after, forced, imposed)
        self._relapse(before, after, uniform["relapse"])
        self.talks = after

    def _pause_readiness(self, willing: np.ndarray) -> np.ndarray | float:
        """How ready Moscow is to sign a truce it does not mean: always (signals: a pause is
        a tactic), or only as ready as it is to settle (expected value: a truce forgoes
        the advance it expects, and Moscow refused one in March 2025). # C3 C6"""
        return willing if self.weighs_expected_value else 1.0

    def _breakdown_chance(self, willing: np.ndarray) -> np.ndarray:
        """Weekly chance serious talks break down: as Russia's belief rises past its
        threshold (signals), or as its readiness to settle falls (expected value). # C3 C5"""
        rate = self._w("talks_breakdown_rate")
        if self.weighs_expected_value:
            return rate * (1.0 - willing)
        russia = self.russia
        return diplomacy.breakdown_chance(
            russia.belief, russia.p("serious_talks_belief"), self._w("serious_talks_exit_margin"),
            russia.p("talks_belief_spread"), rate)

    def _imposed(self, after: np.ndarray) -> np.ndarray:
        """Runs still at war (never in a cease-fire) in which the scenario's imposed
        cease-fire is signed this week, on the terms on the table: an experiment on what
        follows a deal, with the same runs in every arm (C14), not a decision either side
        takes. # C14"""
        week = self._w("imposed_ceasefire_week")
        due = np.asarray(week) == self.week - self.branch_week
        if not due.any():
            return np.zeros(self.runs, dtype=bool)
        imposed = due & (after <= diplomacy.SERIOUS)
        self.engaged["imposed"] |= bool(imposed.any())
        return imposed

    def _sign(self, before: np.ndarray, after: np.ndarray, forced: np.ndarray,
              imposed: np.ndarray) -> None:
        signing = (after == diplomacy.CEASEFIRE) & (before != diplomacy.CEASEFIRE)
        if signing.any():
            kind = diplomacy.settlement_kind(
                -self.ukraine_gain_km2, self.guarantee_credibility, self._w("concession_km2"),
                self._w("guarantee_threshold"), forced | (self.terms_cede_km2 > 0))
            self.engaged["ceasefire"] = True
            self.engaged["concession"] |= bool((signing & (kind == diplomacy.CONCESSION)).any())
            self.settlement = np.where(signing, kind, self.settlement).astype(np.int8)
            self.route = np.where(signing, diplomacy.ceasefire_route(before, forced, imposed),
                                  self.route).astype(np.int8)
            self.belief_at_signing = np.where(signing, self.russia.belief,
                                              self.belief_at_signing)
            self.gain_at_signing_km2 = np.where(signing, self.ukraine_gain_km2,
                                                self.gain_at_signing_km2)
            self._cede(signing)
        week = self.week - self.branch_week
        self._first("talks", (after == diplomacy.TALKS) | (after == diplomacy.SERIOUS), week)
        self._first("serious_talks", after == diplomacy.SERIOUS, week)
        self._first("ceasefire", signing, week)

    def _cede(self, signing: np.ndarray) -> None:
        """The terms hand Russia ``world.terms_cede_km2`` beyond the line (as far as the map
        allows), and with it the share of the fortified belt it covers (:attr:`breach`).
        # C14"""
        ceded = self.terms_cede_km2
        if not np.any(signing & (np.asarray(ceded) > 0)):
            return
        self.engaged["terms"] = True
        held = self._w("russia_held_km2")
        before = self.ukraine_gain_km2
        self.ukraine_gain_km2 = np.where(
            signing, np.maximum(before - ceded, held - UKRAINE_AREA_KM2), before)
        self.ceded_km2 = self.ceded_km2 + (before - self.ukraine_gain_km2)

    @property
    def breach(self) -> np.ndarray | float:
        """How much faster Russia can advance once the terms ceded the fortified belt (or a
        share of it): prepared defences hold an attacker back, so without them its top
        speed rises by that share of ``world.ceded_defence_loss``; 0 when nothing was
        ceded. # C14"""
        if not np.any(self.ceded_km2 > 0):
            return 0.0
        belt = np.minimum(1.0, self.ceded_km2 / self._w("fortified_belt_km2"))
        return self._w("ceded_defence_loss") * belt

    def renewed_war_advance(self) -> np.ndarray:
        """The weekly advance (km2, Russia +) a renewed war would settle at: the front's
        drift at the balance the fighting would return to under today's inflows (each
        side's production and aid), as fast as the defences the terms left Ukraine allow.
        # C3 C7 C14"""
        ukraine, russia = battlefield.balance_of_forces(
            self.ukraine.inflow(self.aid_flow), self.russia.inflow(),
            self._w("depreciation_rate"), self._w("attrition_rate"),
            self._w("loss_exchange_ratio"))
        ukraine, russia = (np.broadcast_to(ukraine, (self.runs,)),
                           np.broadcast_to(russia, (self.runs,)))
        drift = battlefield.front_drift(ukraine, russia, self.front_speed,
                                        self._w("front_sensitivity"), self.start.log_force_ratio,
                                        self._dead_zone())
        return -battlefield.breached(drift, self.breach)

    def _relapse(self, before: np.ndarray, after: np.ndarray, uniform: np.ndarray) -> None:
        """Russia may break a cease-fire, from the balance and its reasons now. # C3 C7 C14"""
        holding = before == diplomacy.CEASEFIRE
        if not holding.any():
            return
        hazard = self.russia.relapse_chance(
            self.settlement, self.gain_at_signing_km2 / self._w("ground_scale_km2"))
        breaks = holding & (uniform < hazard)
        after[breaks] = diplomacy.RENEWED_WAR
        self._first("relapse", breaks, self.week - self.branch_week)

    def record_first(self, name: str, happened: np.ndarray) -> None:
        """The week (counted from the branch) something first happened in these runs."""
        self._first(name, happened, self.week - self.branch_week)

    def _first(self, name: str, happened: np.ndarray, week: int) -> None:
        if happened.any():
            weeks = self.first_week[name]
            weeks[happened & (weeks < 0)] = week

    # ---- what is recorded -------------------------------------------------------------
    def observe_world(self) -> dict[str, np.ndarray | float]:
        """The world state written to timeseries.csv each week (docs/outputs.md: units)."""
        return {
            "russia_held_km2": self.russia_held_km2,
            "russia_trend_km2_per_week": 0.0 - self.momentum,  # +0.0, not -0.0, at rest
            "russia_capacity": self.russia.capacity,
            "sanctions_pressure": self.russia.pressure,
            "russia_fossil_revenue_eur_bn": self.russia.fossil_revenue_eur_bn(),
            "russia_shells_produced": self.russia.shells_produced(),
            **self.week_aid,
            "aid_effective_eur_bn": self.aid_flow * (FULL_AID_EUR_BN_A_YEAR / WEEKS_A_YEAR),
            "unity": self.unity,
            "russia_time_belief": self.russia.belief,
            "talks": self.talks,
            "ukraine_power": self.ukraine.power,
            "russia_power": self.russia.power,
            "guarantee_credibility": self.guarantee_credibility,
        }

    def aid_allocated_eur_bn(self) -> dict[str, np.ndarray | float]:
        """Military aid each donor allocates in a week under the decisions in force, EUR bn
        (Kiel's definition: what is allocated, before the delivery lag). The coalition's
        excludes what a veto froze in EU instruments. # C1 C8 C9"""
        weekly = {key: scale / WEEKS_A_YEAR for key, scale in AID_EUR_BN_A_YEAR.items()}
        frozen = self._w("coalition_eu_instrument_share") * self.european_union.instruments_blocked
        members = sum(member.aid * weekly[f"{member.key}.military_aid"]
                      for member in self.coalition)
        return {
            "aid_us_eur_bn": self.us_military_aid * weekly["united_states.military_aid"],
            "aid_eu_eur_bn": self.european_union.military_aid
            * weekly["european_union.military_aid"],
            "aid_coalition_eur_bn": members * (1.0 - frozen),
        }

    def observe_actors(self) -> dict[str, np.ndarray | float]:
        """Each actor's key state, as ``actor.variable`` columns for actors.csv."""
        return {column: value for agent in self.agents
                for column, value in zip(agent.columns(), agent.observe().values(), strict=True)}
