"""Washington: the President (with his envoy) and Congress (C4, C5, C7, C9, C10, C12)."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
from mesa.time import Event

from sim.model.agents.actor import Actor, Array
from sim.model.agents.rules import CONGRESS, CONGRESS_IDLE, UNITED_STATES, UNITED_STATES_IDLE
from sim.model.mechanisms import nonzero, politics
from sim.model.mechanisms.politics import mean_of


class UnitedStates(Actor):
    """The President: a disposition (commit, hesitate, decline) that the war can move.

    State per run: whether he has committed or declined, the sanctions and
    military aid in force and the signal Russia reads from them.
    """

    key = "united_states"
    inert_rules = UNITED_STATES
    idle_rules = UNITED_STATES_IDLE

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.committed = self.full(False, bool)
        self.declined = self.full(False, bool)
        self.declined_at = self.full(-1, int)  # model.unity_updates when he last declined
        self._decisions: list[tuple[Event, partial]] = []
        self.set_levels()

    @property
    def pending(self) -> Array:
        return ~self.committed & ~self.declined

    def plan_decision(self) -> None:
        """Schedule the President's decision (a Mesa event) at ``decision_delay_weeks``.

        Called at the start and whenever an event changes his stance or delay; a
        decision already due takes effect now. A hesitating President reaches none: the
        week only marks when he promised one (``us_decision_week``, where C4 measures
        from). Runs whose delays differ (in an exploration) get one event per delay.
        """
        for event, _ in self._decisions:
            event.cancel()
        self._decisions = []
        delay = np.broadcast_to(self.p("decision_delay_weeks"), (self.runs,))
        due_now = delay + self.model.branch_week <= self.model.week
        if due_now.any():
            self.decision_due(due_now)
        for week in np.unique(delay[~due_now]):
            call = partial(self.decision_due, delay == week)
            at = self.model.branch_week + int(week)  # the delay counts from the branch
            self._decisions.append((self.model.schedule_event(call, at=at), call))

    def decision_due(self, runs: Array) -> None:
        """His disposition becomes policy in these runs: he commits, or his refusal becomes
        plain; a hesitating President lets the week pass. # C4 C12"""
        self.model.record_first("us_decision", runs)  # the treatment's week (C4's window)
        stance = np.broadcast_to(self.p("stance"), (self.runs,))
        commits, declines = runs & (stance == "commits"), runs & (stance == "declines")
        if not (commits.any() or declines.any()):
            return
        self.declined_at = np.where(declines & ~self.declined, self.model.unity_updates,
                                    self.declined_at)
        self.committed = (self.committed | commits) & ~declines
        self.declined = (self.declined | declines) & ~commits
        self.set_levels()

    def decide(self) -> None:
        """A President who has not committed may still do so. # C4 C10 C12

        Audience costs: each tenth of ``world.ground_scale_km2`` Russia has taken adds
        ``responsiveness`` to his weekly chance of committing; once Congress has acted,
        a President who declined follows it with chance ``follows_congress``.
        """
        lost = politics.ground_lost(self.model.ground_shift)
        following = self.declined & self.model.us_congress.active
        if lost.any() or following.any():
            chance = politics.commit_chance(self.p("responsiveness"), lost)
            chance = np.where(following,
                              1.0 - (1.0 - chance) * (1.0 - self.p("follows_congress")), chance)
            turns = ~self.committed & (self.model.draws.uniform["president"] < chance)
            if turns.any():
                self.committed = self.committed | turns
                self.declined = self.declined & ~turns
                self.set_levels()

    def set_levels(self) -> None:
        """Sanctions and military aid in force, and the signal Russia reads. # C4 C5

        Recomputed when his decision or (by an event) his parameters change.
        """
        self.sanctions = np.where(self.committed, self.p("sanctions"),
                                  self.p("status_quo_sanctions"))
        self.military_aid = np.where(self.committed, self.p("military_aid"),
                                     self.p("status_quo_military_aid"))
        self.signal = (1.0 - self.p("ambiguity")) * mean_of((self.sanctions, self.military_aid))

    @property
    def threat(self) -> Array:
        """What a pending decision threatens: committed measures above those in force. # C4"""
        committed = mean_of((self.p("sanctions"), self.p("military_aid")))
        in_force = mean_of((self.p("status_quo_sanctions"), self.p("status_quo_military_aid")))
        return self.pending * np.maximum(0.0, committed - in_force)

    def unity_push(self, updates: int | None) -> Array | float:
        """Hesitation erodes unity, clear commitment builds it, a refusal shocks it once.
        # C4 C12"""
        erosion = self.w("hesitation_unity_erosion")
        if not (self.committed.any() or self.declined.any()):
            return -erosion  # the same in every run: all still pending
        push = (np.where(self.pending, -erosion, 0.0)
                + self.committed * (self.w("commitment_unity_push") * (1.0 - self.p("ambiguity"))))
        refused = self.declined_at == updates
        if updates is not None and refused.any():
            push = push - self.w("decline_unity_shock") * refused
        return push

    def observe(self) -> dict[str, Array | float]:
        return {"sanctions_in_force": self.sanctions, "military_aid_in_force": self.military_aid,
                "committed": self.committed, "declined": self.declined, "signal": self.signal}


class Congress(Actor):
    """Congress: after a refusal it may legislate, at its own pace, partly implemented (C12)."""

    key = "us_congress"
    inert_rules = CONGRESS
    idle_rules = CONGRESS_IDLE

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.active = self.full(False, bool)
        self.refused_at = self.full(-1, int)
        self.sanctions_added = self.full(0.0)
        self.military_aid_added = self.full(0.0)
        self.signal = self.full(0.0)

    def decide(self) -> None:
        """Pass the measures, or not, this week; then what they add. # C12

        Only after the President has declined, only if Congress acts at all, no
        sooner than half its mean lag; then each week with a chance that makes the
        mean ``legislative_lag_weeks`` at today's unity, faster as unity rises or
        Russia advances (``responsiveness``).
        """
        president = self.model.united_states
        week = self.model.week
        self.refused_at = np.where(president.declined & (self.refused_at < 0), week,
                                   self.refused_at)
        lag = self.p("legislative_lag_weeks")
        acts = self.p("acts_if_president_declines")
        if nonzero(acts):
            waiting = (president.declined & ~self.active & (week - self.refused_at >= lag / 2)
                       & acts)
            chance = politics.congress_pass_chance(
                lag / 2, self.p("responsiveness"), self.model.unity, self.model.start.unity,
                politics.ground_lost(self.model.ground_shift))
            self.active = self.active | (waiting & (self.model.draws.uniform["congress"] < chance))
        self.decide_levels()

    def decide_levels(self) -> None:
        """What its measures add on top of the President's, and the signal they send. # C12"""
        if not self.active.any():
            return  # nothing added (the arrays start at zero and Congress never repeals)
        president = self.model.united_states
        share = np.where(self.active, self.p("effectiveness"), 0.0)
        self.sanctions_added = np.maximum(0.0, share * self.p("sanctions") - president.sanctions)
        self.military_aid_added = np.maximum(0.0, share * self.p("military_aid")
                                             - president.military_aid)
        self.signal = self.p("signal_weight") * mean_of((self.sanctions_added,
                                                         self.military_aid_added))

    def observe(self) -> dict[str, Array | float]:
        return {"active": self.active, "sanctions_added": self.sanctions_added,
                "military_aid_added": self.military_aid_added}
