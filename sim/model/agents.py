"""One Mesa agent per actor the essay names.

Each agent holds its state as numpy arrays over runs (or as scalars where its
conduct is the same in every run), so one model steps a whole ensemble. An
agent reads its parameters through :meth:`Actor.p`, which sees events' changes.
The mechanisms themselves live in :mod:`sim.mechanisms`.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.model.mechanisms import beliefs, economy, politics

Array = np.ndarray


class Actor(mesa.Agent):
    """An actor of the essay, identified by its scenario key."""

    key: str = ""

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.runs = model.runs

    def p(self, name: str):
        """This actor's parameter ``name`` as in force this week."""
        return self.model.params[f"{self.key}.{name}"]

    def w(self, name: str):
        """A world parameter as in force this week."""
        return self.model.params[f"world.{name}"]

    def observe(self) -> dict[str, Array | float]:
        """State written to actors.csv each week (column names get the key prefix)."""
        return {}


class UnitedStates(Actor):
    """The President and his envoy: decision delay, ambiguity, guarantees (C4 C5 C7 C10)."""

    key = "united_states"

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.declined_week: int | None = None
        self.just_declined = False

    def decide(self, week: int) -> None:
        """Which US policy is in force this week. # C4 C10 C12

        Until ``decision_delay_weeks`` the decision is pending and the status quo
        holds. Then a committing President's levels take effect; a declining
        one's refusal becomes plain (Congress may act on it).
        """
        stance = self.p("stance")
        due = week >= self.p("decision_delay_weeks")
        self.committed = stance == "commits" and due
        self.pending = stance == "hesitates" or not due
        if stance != "declines":
            self.declined_week = None
        elif due and self.declined_week is None:
            self.declined_week = week
        # Deciding twice in one week (as at week 0) must not lose the shock.
        self.just_declined = self.declined_week == week
        prefix = "" if self.committed else "status_quo_"
        self.sanctions = self.p(prefix + "sanctions")
        self.military_aid = self.p(prefix + "military_aid")
        self.signal = (1.0 - self.p("ambiguity")) * 0.5 * (self.sanctions + self.military_aid)

    def unity_push(self) -> float:
        """Unity gained or lost from US conduct this week. # C4 C12"""
        push = -self.w("hesitation_unity_erosion") if self.pending else 0.0
        if self.committed:
            push += self.w("commitment_unity_push") * (1.0 - self.p("ambiguity"))
        if self.just_declined:
            push -= self.w("decline_unity_shock")
        return push

    def observe(self) -> dict[str, Array | float]:
        return {"sanctions_in_force": self.sanctions, "military_aid_in_force": self.military_aid,
                "decision_pending": float(self.pending), "signal": self.signal}


class Congress(Actor):
    """Congress acting when the President declines: lagged, partial (C12)."""

    key = "us_congress"

    def decide(self, week: int, president: UnitedStates) -> None:
        """Measures Congress adds on top of the President's. # C12

        Only after the President has declined, only if Congress acts, only after
        its legislative lag, and only the share a reluctant executive implements.
        """
        declined = president.declined_week
        self.active = (declined is not None and self.p("acts_if_president_declines")
                       and week >= declined + self.p("legislative_lag_weeks"))
        share = self.p("effectiveness") if self.active else 0.0
        self.sanctions_added = max(0.0, share * self.p("sanctions") - president.sanctions)
        self.military_aid_added = max(0.0, share * self.p("military_aid") - president.military_aid)
        self.signal = self.p("signal_weight") * 0.5 * (self.sanctions_added
                                                       + self.military_aid_added)

    def observe(self) -> dict[str, Array | float]:
        return {"active": float(self.active), "sanctions_added": self.sanctions_added,
                "military_aid_added": self.military_aid_added}


class EuropeanUnion(Actor):
    """Sanctions and aid by unanimity: packages that vetoes delay and dilute (C1 C8)."""

    key = "european_union"

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.sanctions = np.full(self.runs, self._target("sanctions"))
        self.military_aid = np.full(self.runs, self._target("military_aid"))
        self.pending_week = np.full(self.runs, -1)
        self.pending_share = np.zeros(self.runs)

    def _target(self, name: str) -> float:
        return self.p(name) * self.p("resolve")

    def package_due(self, week: int) -> bool:
        return week > 0 and week % self.p("package_interval_weeks") == 0

    def decide(self, week: int, holdouts: Array) -> None:
        """Russia evades the sanctions in force; packages restore them. # C8

        A package no member blocks closes the gap to the EU's aims (times its
        resolve) at once; a blocked one lands ``veto_delay_weeks`` later,
        diluted by each holdout.
        """
        self.sanctions = self.sanctions * (1.0 - self.w("sanctions_adaptation_rate"))
        if self.package_due(week):
            passed = holdouts == 0
            self._adopt(passed, 1.0)
            blocked = ~passed
            self.pending_week = np.where(blocked, week + self.w("veto_delay_weeks"),
                                         self.pending_week)
            self.pending_share = np.where(
                blocked, politics.package_share(holdouts, self.w("veto_dilution")),
                self.pending_share)
        landing = self.pending_week == week
        self._adopt(landing, self.pending_share)
        self.pending_week = np.where(landing, -1, self.pending_week)

    def _adopt(self, mask: Array, share: Array | float) -> None:
        gain = np.where(mask, share, 0.0)
        self.sanctions = self.sanctions + gain * (self._target("sanctions") - self.sanctions)
        self.military_aid = self.military_aid + gain * (self._target("military_aid")
                                                        - self.military_aid)

    def observe(self) -> dict[str, Array | float]:
        return {"sanctions_in_force": self.sanctions, "military_aid_in_force": self.military_aid}


class VetoPlayer(Actor):
    """A member state that can block EU packages (Hungary, Slovakia) (C8)."""

    def __init__(self, model: mesa.Model, key: str) -> None:
        self.key = key
        super().__init__(model)
        self.blocking = np.zeros(self.runs, dtype=bool)
        self.blocks = np.zeros(self.runs)

    def vote(self, package_due: bool, uniform: Array) -> Array:
        """Whether it blocks this week's package, per run. # C8"""
        self.blocking = (politics.vetoes(uniform, self.p("resistance")) if package_due
                         else np.zeros(self.runs, dtype=bool))
        self.blocks = self.blocks + self.blocking
        return self.blocking

    def observe(self) -> dict[str, Array | float]:
        return {"blocks": self.blocks}


class CoalitionMember(Actor):
    """France or the UK leading the coalition of the willing, outside EU vetoes (C8 C9)."""

    def __init__(self, model: mesa.Model, key: str) -> None:
        self.key = key
        super().__init__(model)

    @property
    def member(self) -> float:
        return float(self.p("in_coalition"))

    @property
    def aid(self) -> float:
        """Military aid it routes through the coalition. # C8 C9"""
        return self.member * self.p("military_aid")

    def observe(self) -> dict[str, Array | float]:
        return {"member": self.member, "coalition_aid": self.aid}


class Nato(Actor):
    """NATO-level coordination, by consensus (C8)."""

    key = "nato"

    def coordination(self, turkey: Turkey) -> float:
        """Coordination that survives Turkey's balancing. # C8"""
        return politics.nato_coordination(self.p("coordination"), turkey.p("balancing"),
                                          self.w("turkey_nato_block"))

    def observe(self) -> dict[str, Array | float]:
        return {"effective_coordination": self.coordination(self.model.turkey)}


class Turkey(Actor):
    """Balancing between NATO and Russia: blocks NATO action, leaks sanctions (C8 C13)."""

    key = "turkey"

    @property
    def sanctions_leakage(self) -> float:
        return self.p("balancing") * self.w("turkey_sanctions_leakage")

    def observe(self) -> dict[str, Array | float]:
        return {"sanctions_leakage": self.sanctions_leakage}


class Ukraine(Actor):
    """Ukraine's combat power, fed by its own production and Western aid (C1 C11)."""

    key = "ukraine"

    def inflow(self, aid_flow: Array | float) -> Array | float:
        """Mean weekly combat power added. # C1 C11"""
        return self.p("domestic_production") + self.w("aid_to_power") * aid_flow

    def observe(self) -> dict[str, Array | float]:
        return {"power": self.power}


class Russia(Actor):
    """Russia's combat power, war economy and belief that time is on its side."""

    key = "russia"

    def inflow(self, north_korea: NorthKorea) -> Array:
        """Mean weekly combat power: capacity-limited production plus NK munitions. # C11 C13"""
        return self.p("production") * self.capacity + north_korea.power

    def squeeze(self, target: Array | float, china: China) -> None:
        """Sanctions pressure builds toward its target and erodes capacity. # C11 C13"""
        self.pressure = economy.pressure_step(self.pressure, target,
                                              self.w("sanctions_lag_weeks"))
        self.capacity = economy.capacity_step(
            self.capacity, self.pressure, self.w("sanctions_bite"),
            self.p("capacity_recovery") * china.recovery_multiplier)

    def update_belief(self, momentum: Array, resolve: Array, axis_support: float) -> None:
        """Russia reads the trend, its economy and Western resolve. # C1 C5 C6 C11 C13"""
        speed = max(self.w("front_speed"), 1e-9)
        target = beliefs.time_belief_target(
            self.p("belief_bias"), np.clip(momentum / speed, -1.0, 1.0),
            1.0 - self.capacity, resolve, axis_support,
            {"front": self.p("weight_front"), "economy": self.p("weight_economy"),
             "resolve": self.p("weight_resolve"), "axis": self.p("weight_axis")})
        self.belief = beliefs.belief_step(self.belief, target, self.p("belief_update_rate"))

    def observe(self) -> dict[str, Array | float]:
        return {"power": self.power, "capacity": self.capacity}


class China(Actor):
    """Economic support that offsets sanctions and speeds recovery (C13)."""

    key = "china"

    @property
    def sanctions_offset(self) -> float:
        return self.p("economic_support") * self.w("china_offset_max")

    @property
    def recovery_multiplier(self) -> float:
        return 1.0 + self.w("china_recovery_boost") * self.p("economic_support")

    def observe(self) -> dict[str, Array | float]:
        return {"sanctions_offset": self.sanctions_offset}


class NorthKorea(Actor):
    """Munitions and troops for Russia (C13)."""

    key = "north_korea"

    @property
    def power(self) -> float:
        return self.p("munitions_support") * self.w("nk_power_per_week")

    def observe(self) -> dict[str, Array | float]:
        return {"power_supplied": self.power}
