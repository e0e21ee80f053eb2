"""The belligerents: Ukraine and Russia fight, read the war and decide on its end (C1, C3,
C5, C6, C7, C11, C13, C14)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.agents.actor import Actor, Array
from sim.model.agents.backers import axis_support
from sim.model.agents.rules import RUSSIA, RUSSIA_IDLE, UKRAINE, UKRAINE_IDLE
from sim.model.mechanisms import battlefield, beliefs, diplomacy, economy, escalation, nonzero
from sim.scenarios.units import WEEKS_A_MONTH, WEEKS_A_YEAR


class Ukraine(Actor):
    """Ukraine's combat power, fed by its own production and Western aid; and its terms.

    State per run: combat power and its readiness to accept a cease-fire.
    """

    key = "ukraine"
    inert_rules = UKRAINE
    idle_rules = UKRAINE_IDLE

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.power = self.full(1.0)
        self.acceptance = self.full(0.0)

    def inflow(self, aid_flow: Array | float) -> Array | float:
        """Mean weekly combat power added: its own, plus aid as far as it can absorb it. # C1 C11"""
        absorbed = battlefield.absorbed_aid(aid_flow, self.w("aid_saturation"))
        return self.p("domestic_production") + self.w("aid_to_power") * absorbed

    def fight(self, enemy: Array, fighting: Array) -> None:
        """A week of reinforcement (noisy arrivals), wear and losses to Russia. # C1 C11"""
        inflow = battlefield.noisy_inflow(self.inflow(self.model.aid_flow), self.w("power_noise"),
                                          self.model.draws.normal["ukraine_power"])
        self.power = battlefield.power_step(self.power, inflow, enemy, self.w("depreciation_rate"),
                                            self.w("attrition_rate"), fighting)

    def decide_on_terms(self) -> Array:
        """How ready Kyiv is to accept a cease-fire on the current lines this week. # C3 C7 C11

        Less ready while fighting on looks better (its battlefield trend, or for a
        critic more aid than at the start); more ready with credible guarantees.
        """
        model = self.model
        if model.weighs_expected_value:
            self.acceptance = self.weighs_terms()
            return self.acceptance
        self.acceptance = diplomacy.ukraine_acceptance(
            self.p("acceptance_bias"), model.trend, model.guarantee_credibility,
            model.aid_flow - model.start.aid_flow,
            {"guarantee": self.p("guarantee_weight"), "gain": self.p("gain_weight"),
             "aid_optimism": self.p("aid_optimism")})
        return self.acceptance

    def weighs_terms(self) -> Array:
        """Expected-value bargaining: Kyiv settles when the terms are worth more than
        fighting on (Fearon 1995). # C3 C7 C14

        The terms: what credible guarantees add, minus the ground ceded and the insecurity
        no guarantee removes (an unguaranteed truce is a pause before the next offensive);
        fighting on: its battlefield trend over the horizon, minus the war's cost. More aid
        than at the start (a critic's optimism) makes fighting on look better.
        """
        model = self.model
        credibility = model.guarantee_credibility
        terms = (credibility * self.p("guarantee_value_km2") - model.terms_cede_km2
                 - (1.0 - credibility) * self.p("insecurity_km2"))
        fighting = diplomacy.fighting_gain(model.bargaining_horizon, 1.0, model.momentum,
                                           self.p("war_cost_km2_a_week"))
        optimism = self.p("aid_optimism") * (model.aid_flow - model.start.aid_flow)
        return diplomacy.settles(terms, fighting, model.bargaining_spread, -optimism)

    def observe(self) -> dict[str, Array | float]:
        return {"power": self.power, "acceptance": self.acceptance}


class Russia(Actor):
    """Russia: its war economy, combat power and belief that time is on its side; it decides
    whether to negotiate seriously, to accept terms and to break a cease-fire.

    State per run: combat power, war industry, war-economy capacity, sanctions pressure,
    belief, this week's willingness, and whether it has escalated.
    """

    key = "russia"
    inert_rules = RUSSIA
    idle_rules = RUSSIA_IDLE

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.power = self.full(1.0)
        self.capacity = self.full(1.0)
        self.industry = self.full(1.0)  # output in units of the start's (January 2023's)
        self.pressure = self.full(0.0)
        self.belief = self.full(0.5)
        self.willing = self.full(0.0)
        self.escalated = self.full(False, dtype=bool)

    def inflow(self) -> Array:
        """Mean weekly combat power: its industry's output, limited by capacity, plus North
        Korea's. # C11 C13"""
        return (self.p("production") * self.industry * self.capacity
                + self.model.north_korea.power)

    def grow_industry(self) -> None:
        """Russia's war industry expands toward its ceiling (time on its side, within
        limits). # C11 C13"""
        growth = self.p("industry_growth_per_year")
        if nonzero(growth):
            self.industry = economy.industry_step(self.industry, growth,
                                                  self.p("industry_ceiling"), WEEKS_A_YEAR)

    def shells_produced(self) -> Array:
        """Shells its industry makes this week (the record's unit of its output). # C11"""
        return economy.shells_produced(self.w("shells_a_week_full_capacity"), self.industry,
                                       self.capacity)

    def fight(self, enemy: Array, fighting: Array) -> None:
        """A week of reinforcement, wear and losses to Ukraine (Russia, attacking, loses
        ``loss_exchange_ratio`` times more per unit of enemy power). # C1 C11 C13"""
        inflow = battlefield.noisy_inflow(self.inflow(), self.w("power_noise"),
                                          self.model.draws.normal["russia_power"])
        self.power = battlefield.power_step(
            self.power, inflow, enemy, self.w("depreciation_rate"),
            self.w("attrition_rate") * self.w("loss_exchange_ratio"), fighting)

    def absorb_sanctions(self, target: Array | float) -> None:
        """Sanctions pressure builds toward its target and erodes capacity. # C11 C13"""
        self.pressure = economy.pressure_step(self.pressure, target,
                                              self.w("sanctions_lag_weeks"))
        self.capacity = economy.capacity_step(
            self.capacity, self.pressure, self.w("sanctions_bite"),
            self.p("capacity_recovery") * self.model.china.recovery_multiplier)

    def fossil_revenue_eur_bn(self) -> Array:
        """This week's fossil-fuel export revenue, EUR bn, under the pressure in force. # C11"""
        monthly = economy.fossil_revenue(self.w("fossil_revenue_unsanctioned_eur_bn_a_month"),
                                         self.w("sanctions_revenue_take"), self.pressure)
        return monthly / WEEKS_A_MONTH

    #: Russia's evidence channels and the parameter weighting each.
    CHANNELS: dict[str, str] = {
        "front": "weight_front", "economy": "weight_economy", "resolve": "weight_resolve",
        "axis": "weight_axis", "unity": "weight_unity", "ambiguity": "ambiguity_risk",
        "escalation": "escalation_response", "threat": "threat_weight",
        "rally": "sanctions_rally"}

    def evidence(self, channel: str) -> Array:
        """What Russia reads on one channel, signed so that positive raises its belief.

        The essay's channels (the trend, lost capacity, Western resolve, axis support)
        set where the belief stands; the critics' channels (unity as a signal,
        ambiguity as risk, escalation, the threat of a pending decision, rally) count
        only changes from the start, so a critic disagrees about how Moscow responds,
        not about where the war stands. # C1 C2 C4 C5 C10 C11 C13
        """
        if channel not in self.CHANNELS:
            raise ValueError(f"Russia reads no evidence channel {channel!r}; its channels: "
                             + ", ".join(self.CHANNELS))
        return getattr(self, f"_{channel}_evidence")()

    def _front_evidence(self) -> Array:
        return -self.model.trend

    def _economy_evidence(self) -> Array:
        return -(1.0 - self.capacity)

    def _resolve_evidence(self) -> Array:
        return -self.model.western_resolve()

    def _axis_evidence(self) -> Array:
        return axis_support(self.model.china, self.model.north_korea)

    def _unity_evidence(self) -> Array:
        return -(self.model.unity - self.model.start.unity)

    def _threat_evidence(self) -> Array:
        return -(self.model.united_states.threat - self.model.start.us_threat)

    def _rally_evidence(self) -> Array:
        return self.pressure - self.model.start.pressure

    def _escalation_evidence(self) -> Array:
        return np.maximum(0.0, self.model.us_measures - self.model.start.us_measures)

    def _ambiguity_evidence(self) -> Array:
        ambiguity = self.model.united_states.p("ambiguity")
        return -(ambiguity * self.model.us_measures - self.model.start.ambiguous_measures)

    def belief_target(self) -> Array:
        """Where the evidence puts Russia's belief that time is on its side. # C5 C6

        Channels with weight 0 are not read at all (most critics' channels, by default).
        """
        weights = {channel: self.p(name) for channel, name in self.CHANNELS.items()}
        weights = {channel: weight for channel, weight in weights.items() if nonzero(weight)}
        return beliefs.time_belief_target(
            self.p("belief_bias"), {channel: self.evidence(channel) for channel in weights},
            weights)

    def update_belief(self) -> None:
        """Russia reads the trend, its economy, Western resolve and its backers. # C5 C6"""
        self.belief = beliefs.belief_step(self.belief, self.belief_target(),
                                          self.p("belief_update_rate"))

    def consider_escalation(self, fighting: Array) -> None:
        """Under ``model.escalation = "risk"``: a Moscow losing its belief that time is on
        its side may escalate (once a run, while fighting), adding the power a second
        partial mobilization brings. # C4 C10"""
        model = self.model
        chance = escalation.escalation_chance(self.belief, self.p("escalation_belief"),
                                              self.p("escalation_rate"))
        escalates = fighting & ~self.escalated & (model.late_uniform("escalation") < chance)
        if not escalates.any():
            return
        self.power = escalation.mobilized(self.power, escalates, self.p("mobilization_power"),
                                          model.start.russia_power)
        self.escalated = self.escalated | escalates
        model.engaged["escalation"] = True
        model.record_first("escalation", escalates)

    def decide_on_talks(self) -> Array:
        """Russia's willingness this week to negotiate seriously and accept terms. # C1 C6 C13

        Graded in its belief; war weariness (a critic's ripeness) and China's
        restraint add to it.
        """
        model = self.model
        extra = self.p("war_weariness") * model.years_of_war + model.china.restraint
        if model.weighs_expected_value:
            terms = self.ground_worth() * model.terms_cede_km2
            fighting = self.fighting_on(self.projected_advance())
            self.willing = diplomacy.settles(terms, fighting, model.bargaining_spread, extra)
            return self.willing
        self.willing = diplomacy.willingness(self.belief, self.p("serious_talks_belief"),
                                             self.p("talks_belief_spread"), extra)
        return self.willing

    # ---- expected-value bargaining (model.bargaining = "expected_value") -------------
    def ground_worth(self) -> Array:
        """What one more km2 is worth to Moscow now, given its aims. # C14"""
        return diplomacy.ground_worth(self.model.russia_held_km2, self.p("territorial_aims_km2"),
                                      self.p("aims_spread_km2"))

    def projected_advance(self) -> Array:
        """The advance (km2 a week) Moscow expects if it fights on: the front's top speed
        times how sure it is that time is on its side (0 at a belief of 1/2). # C5 C6"""
        return self.model.front_speed * (2.0 * self.belief - 1.0)

    def war_cost(self) -> Array:
        """What a week of war costs Moscow (km2): more as sanctions erode capacity. # C11"""
        return self.p("war_cost_km2_a_week") * (2.0 - self.capacity)

    def fighting_on(self, advance_km2: Array) -> Array:
        """What fighting for the horizon at ``advance_km2`` a week is worth to Moscow. # C6"""
        return diplomacy.fighting_gain(self.model.bargaining_horizon, self.ground_worth(),
                                       advance_km2, self.war_cost())

    def renewed_war_gain(self) -> Array:
        """What breaking a cease-fire would gain Moscow now (km2): fighting at the balance
        renewed war would return to under today's inflows (a settlement that ceded the
        fortified belt left Ukraine's defence weaker), valued by its aims, minus the war's
        cost and what the guarantors' deterrence would cost it. # C3 C7 C14"""
        model = self.model
        return (self.fighting_on(model.renewed_war_advance())
                - model.guarantee_credibility * self.w("guarantee_deterrence_km2"))

    def talks_appetite(self) -> Array:
        """How much more often than at the start Russia opens (choreographed) talks. # C3 C6

        Stalling: as its belief falls it offers talks to buy time, as it rises it
        shuns them.
        """
        return np.exp(self.p("stalling") * (self.model.start.belief - self.belief))

    def relapse_chance(self, settlement: Array, shift_at_signing: Array) -> Array:
        """This week's chance Russia breaks a cease-fire. # C3 C7 C14

        Under expected-value bargaining, when renewed war pays (Powell 2006); else the
        base rate, less what credible guarantees deter, times Russia's named reasons.
        """
        model = self.model
        if model.weighs_expected_value:
            return diplomacy.renewed_war_chance(
                self.w("relapse_base_rate"), self.renewed_war_gain(), model.bargaining_spread,
                -self.p("war_weariness") * model.years_of_war)
        return diplomacy.relapse_hazard(
            self.w("relapse_base_rate"), self.w("deterrence_strength"),
            model.guarantee_credibility, self.relapse_log_hazard(settlement, shift_at_signing),
            self.w("hollow_relapse_weight"), model.belief_at_signing)

    def relapse_log_hazard(self, settlement: Array, shift_at_signing: Array) -> Array:
        """Russia's reasons, now, to break a cease-fire (log-hazard). # C3 C7 C14

        The balance of forces shifted its way since the start; a deal that ceded
        territory (a precedent, or for a critic satiation); US-backed guarantees read
        as a threat (a critic's provocation); ground it lost before signing
        (``shift_at_signing``, Ukraine's gain in units of ``world.ground_scale_km2``: a
        critic's revanchism); war weariness (a critic's ripeness).
        """
        model = self.model
        reasons = 0.0
        balance = self.p("relapse_balance_weight")
        if nonzero(balance):
            shift = np.log(self.power / model.ukraine.power) + model.start.log_force_ratio
            reasons = balance * shift
        terms = self.p("precedent_weight") - self.p("satiation_weight")
        if nonzero(terms) and model.engaged["concession"]:
            reasons = reasons + terms * (settlement == diplomacy.CONCESSION)
        backed = model.params["united_states.backs_guarantees"]
        if nonzero(backed):
            reasons = reasons + self.p("provocation_weight") * np.asarray(backed, dtype=float)
        revanchism = self.p("revanchism_weight")
        if nonzero(revanchism):
            reasons = reasons + revanchism * np.maximum(0.0, shift_at_signing)
        return reasons - self.p("war_weariness") * model.years_of_war

    def observe(self) -> dict[str, Array | float]:
        return {"power": self.power, "capacity": self.capacity, "industry": self.industry,
                "willingness": self.willing}
