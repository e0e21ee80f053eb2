"""Russia's backers: China's economic support and North Korea's munitions (C11, C13)."""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.model.agents.actor import Actor, Array
from sim.model.agents.rules import CHINA, CHINA_IDLE, NORTH_KOREA
from sim.model.mechanisms import politics
from sim.model.mechanisms.politics import mean_of


class China(Actor):
    """Economic support that offsets sanctions and speeds recovery, and may restrain (C13).

    State per run: the support it gives, which falls as US secondary sanctions
    rise above today's (conditional sanctions busting); under ``model.china = "stakes"``
    it also rises as the balance of forces moves against Russia (its survival stake).
    """

    key = "china"
    inert_rules = CHINA
    idle_rules = CHINA_IDLE

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.support = self.full(self.p("economic_support"))

    def decide(self) -> None:
        """Support after weighing the cost of US secondary sanctions (its Western trade)
        and, under ``model.china = "stakes"``, Russia's survival. # C11 C13"""
        model = self.model
        rise = model.us_sanctions - model.start.us_sanctions
        self.support = politics.china_support(self.wanted_support(),
                                              self.p("sanctions_sensitivity"), rise)

    def wanted_support(self) -> Array | float:
        """What Beijing would give before secondary sanctions: its disposition, or under
        ``model.china = "stakes"`` as much more as Russia's losing position calls for.
        # C11 C13"""
        disposition = self.p("economic_support")
        if self.model.params["model.china"] != "stakes":
            return disposition
        losing = self.model.russia_losing()
        self.model.engaged["russia_losing"] |= bool(losing.any())
        return politics.china_wanted_support(disposition, self.p("survival_stake"), losing)

    @property
    def sanctions_offset(self) -> Array:
        return self.support * self.w("china_offset_max")

    @property
    def recovery_multiplier(self) -> Array:
        return 1.0 + self.w("china_recovery_boost") * self.support

    @property
    def restraint(self) -> Array:
        """Log-odds China adds to Russia's willingness to talk (the critic's C13). # C13"""
        return self.p("restraint") * self.support

    def observe(self) -> dict[str, Array | float]:
        return {"support": self.support, "sanctions_offset": self.sanctions_offset}


class NorthKorea(Actor):
    """Munitions and troops for Russia, paid for by Russia (C13)."""

    key = "north_korea"
    inert_rules = NORTH_KOREA

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        self.share = self.full(self.p("munitions_support"))

    def decide(self) -> None:
        """What it ships this week: its support, as far as Russia can pay. # C13"""
        russia = self.model.russia
        self.share = politics.nk_supply(self.p("munitions_support"), russia.capacity,
                                        self.model.start.capacity,
                                        self.p("payment_sensitivity"))

    @property
    def power(self) -> Array:
        return self.share * self.w("nk_power_per_week")

    def observe(self) -> dict[str, Array | float]:
        return {"power_supplied": self.power}


def axis_support(china: China, north_korea: NorthKorea) -> Array:
    """The backing Russia reads from Beijing and Pyongyang, 0..1. # C13"""
    return mean_of((china.support, np.minimum(north_korea.share, 1.0)))
