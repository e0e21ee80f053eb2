"""Europe and its neighbours: the EU, its veto players, the coalition, Turkey, NATO (C1, C2,
C8, C9)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.agents.actor import Actor, Array
from sim.model.agents.rules import COALITION_MEMBERS, EUROPEAN_UNION, EUROPEAN_UNION_IDLE
from sim.model.mechanisms import is_scalar, politics


class EuropeanUnion(Actor):
    """Sanctions and aid by unanimity: packages that vetoes delay and dilute (C1, C8).

    State per run: its resolve, the sanctions and aid in force, a blocked package
    waiting to land, and whether its instruments are frozen by a veto.
    """

    key = "european_union"
    inert_rules = EUROPEAN_UNION
    idle_rules = EUROPEAN_UNION_IDLE

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.resolve = self.full(self.p("resolve"))
        self.sanctions = self.full(0.0)
        self.military_aid = self.full(0.0)
        self.pending_week = self.full(-1, int)
        self.pending_share = self.full(0.0)
        self.instruments_blocked = self.full(False, bool)

    def targets(self) -> tuple[Array, Array]:
        """What a package would bring sanctions and aid to: the aims times resolve."""
        return self.p("sanctions") * self.resolve, self.p("military_aid") * self.resolve

    def package_interval(self, model: Any = None) -> int:
        """Weeks to the next package (read when each package is due, so events count)."""
        return self.p("package_interval_weeks")

    def decide(self) -> None:
        """Resolve responds to the war and to Washington; Russia evades sanctions and aid
        funding runs down; late packages land.

        # C1 C2 C8
        """
        self.resolve = politics.eu_resolve(
            self.p("resolve"), self.p("threat_response"),
            politics.ground_lost(self.model.ground_shift),
            self.p("follows_us_lead"), self.model.united_states.committed)
        self.sanctions = self.sanctions * (1.0 - self.w("sanctions_adaptation_rate"))
        self.military_aid = self.military_aid * (1.0 - self.w("eu_aid_rundown_rate"))
        landing = self.pending_week == self.model.week
        if landing.any():
            self._adopt(landing, self.pending_share)
            self.pending_week = np.where(landing, -1, self.pending_week)

    def propose_package(self) -> None:
        """A package is due (a recurring Mesa event): the veto players vote. # C8

        A package no member blocks closes the gap to the targets at once; a blocked
        one is bought off with chance ``side_payments`` (then passes whole), or
        lands ``veto_delay_weeks`` later, diluted by each holdout. A veto also
        freezes the EU instruments that fund coalition aid until the next vote,
        whatever is paid to lift it.
        """
        draws = self.model.draws.uniform
        holdouts = (self.model.hungary.vote(draws["hungary"]).astype(int)
                    + self.model.slovakia.vote(draws["slovakia"]))
        blocked = holdouts > 0
        bought = blocked & (draws["side_payment"] < self.p("side_payments"))
        self._adopt(~blocked | bought, 1.0)
        delayed = blocked & ~bought
        self.pending_week = np.where(delayed, self.model.week + self.w("veto_delay_weeks"),
                                     self.pending_week)
        self.pending_share = np.where(
            delayed, politics.package_share(holdouts, self.w("veto_dilution")), self.pending_share)
        self.instruments_blocked = blocked
        self.model.engaged["vetoed"] |= bool(blocked.any())

    def _adopt(self, mask: Array, share: Array | float) -> None:
        gain = np.where(mask, share, 0.0)
        sanctions, aid = self.targets()
        self.sanctions = self.sanctions + gain * (sanctions - self.sanctions)
        self.military_aid = self.military_aid + gain * (aid - self.military_aid)

    def observe(self) -> dict[str, Array | float]:
        return {"sanctions_in_force": self.sanctions, "military_aid_in_force": self.military_aid,
                "resolve": self.resolve}


class VetoPlayer(Actor):
    """A member state that can block EU packages (Hungary, Slovakia) (C8).

    State per run: its odds of blocking at the last vote (lower as unity isolates
    it), whether it blocked the last package and in which week, and how many it has
    blocked.
    """

    def __init__(self, model: Any, key: str) -> None:
        self.key = key
        super().__init__(model)
        self.odds = self.full(self.p("resistance"))
        self.blocking = self.full(False, bool)
        self.voted_at = -1  # the model's unity_updates when it last voted
        self.blocks = self.full(0.0)

    def vote(self, uniform: Array) -> Array:
        """Whether it blocks the package now due, per run, at today's unity. # C8"""
        self.odds = politics.veto_odds(self.p("resistance"), self.model.unity,
                                       self.model.start.unity, self.w("veto_unity_response"))
        self.blocking = politics.vetoes(uniform, self.odds)
        self.voted_at = self.model.unity_updates
        self.blocks = self.blocks + self.blocking
        return self.blocking

    def at_branch(self) -> None:
        """Its tally of blocked packages counts from the essay's date, as the scenario's
        other counts do (the replay's vetoes are the record's, not the scenario's)."""
        self.blocks = self.full(0.0)

    def unity_push(self, updates: int | None) -> Array | float:
        """A veto is public evidence of division, once. # C8"""
        if self.voted_at != updates or not self.blocking.any():
            return 0.0
        return -self.w("veto_unity_shock") * self.blocking

    def observe(self) -> dict[str, Array | float]:
        return {"blocks": self.blocks, "odds": self.odds}


class CoalitionMember(Actor):
    """A leading member of the coalition of the willing, outside EU vetoes (C8, C9)."""

    inert_rules = COALITION_MEMBERS

    def __init__(self, model: Any, key: str) -> None:
        self.key = key
        super().__init__(model)
        self.decide()

    def decide(self) -> None:
        """Membership and the aid it sends; allies may free-ride on a US endorsement. # C9"""
        member = self.p("in_coalition")
        self.member = float(member) if is_scalar(member) else np.asarray(member, float)
        endorsed = self.model.params["united_states.endorses_coalition"]
        self.aid = self.member * politics.coalition_effort(
            self.p("military_aid"), endorsed, self.w("endorsement_crowding_out"))

    def unity_push(self, updates: int | None) -> Array | float:
        """Leading the coalition pulls Europe together (its push shared among its
        members). # C9"""
        return (1.0 / len(self.model.coalition)) * self.w("coalition_unity_push") * self.member

    def observe(self) -> dict[str, Array | float]:
        return {"member": self.member, "coalition_aid": self.aid}


class Turkey(Actor):
    """Balancing between NATO and Russia, leaning toward whoever is gaining (C8, C13)."""

    key = "turkey"

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.decide()

    def decide(self) -> None:
        """How far it balances this week. # C8"""
        self.balancing = politics.turkey_balancing(self.p("balancing"), self.p("bandwagoning"),
                                                   self.model.ground_shift)

    @property
    def sanctions_leakage(self) -> Array:
        return self.balancing * self.w("turkey_sanctions_leakage")

    def observe(self) -> dict[str, Array | float]:
        return {"balancing": self.balancing, "sanctions_leakage": self.sanctions_leakage}


class Nato(Actor):
    """NATO-level coordination, by consensus: Turkey can hold it back (C8)."""

    key = "nato"

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.decide()

    def decide(self) -> None:
        """Coordination that survives Turkey's balancing this week. # C8"""
        self.coordination = politics.nato_coordination(
            self.p("coordination"), self.model.turkey.balancing, self.w("turkey_nato_block"))

    def observe(self) -> dict[str, Array | float]:
        return {"effective_coordination": self.coordination}
