"""The war as it stands: the balance every run starts from (see ``world.start``).

The start is the rest point of the model's own dynamics under the starting
policies, so that with no policy change and no noise nothing moves: unity where
the actors' pushes and its pull back to ``world.unity`` balance; EU sanctions on
the expected cycle of packages, vetoes and evasion; sanctions pressure at its
target; Russia's capacity where erosion and recovery balance; the aid pipeline
full; both sides' combat power at their Lanchester balance (so the lines hold);
Russia's belief where the evidence of that war puts it. It is computed with the
agents' and mechanisms' own code, not a copy of their formulas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model.mechanisms import battlefield, economy, politics


@dataclass(frozen=True)
class Start:
    """The starting balance, which responsive decisions are measured against."""

    unity: float
    capacity: float
    pressure: float
    us_sanctions: float
    us_measures: float
    ambiguous_measures: float
    us_threat: float
    aid_flow: float
    log_force_ratio: float
    belief: float


def _same_in_every_run(values) -> float:
    """The one value an array over runs holds at the start (every run starts alike).

    Its first element, not its mean: a mean's rounding depends on how many runs
    there are, and run i must be the same alone or among 10,000.
    """
    return float(np.ravel(values)[0])


def eu_package_cycle(target: float, interval: int, evasion: float, passes: float,
                     lands_late: float, delay: int) -> tuple[float, float]:
    """Expected EU sanctions in force right after a package, and averaged over a cycle. # C8

    Each package closes the gap to ``target`` with chance ``passes``; with chance
    ``lands_late`` (already scaled by its dilution) a blocked one closes its share
    of the gap ``delay`` weeks later; each week Russia evades ``evasion`` of what
    is in force. Iterated to its periodic rest point.
    """
    level = target
    after_package = mean = target
    for _ in range(500):
        level += passes * (target - level)
        after_package = level
        weeks = []
        for week in range(interval):
            level *= 1.0 - evasion
            if week == delay:
                level += lands_late * (target - level)
            weeks.append(level)
        previous, mean = mean, float(np.mean(weeks))
        if abs(previous - mean) < 1e-12:
            break
    return after_package, mean


def veto_outcomes(hungary: float, slovakia: float, side_payments: float,
                  dilution: float) -> tuple[float, float, float]:
    """Chances a package passes on time, lands late (times its share), or is blocked. # C8"""
    none = (1.0 - hungary) * (1.0 - slovakia)
    one = hungary * (1.0 - slovakia) + slovakia * (1.0 - hungary)
    two = hungary * slovakia
    blocked = 1.0 - none
    passes = none + blocked * side_payments
    lands_late = (1.0 - side_payments) * (one * (1.0 - dilution) + two * (1.0 - dilution) ** 2)
    return passes, lands_late, blocked


def settle_the_war(model: Any) -> Start:
    """Put every agent and the world at the rest point of the policies in ``model.params``.

    Sets the model's and agents' state in place and returns the :class:`Start`.
    """
    params = model.params
    us, eu = model.united_states, model.european_union
    stance = params["united_states.stance"]
    us.committed[:] = stance == "commits"
    us.declined[:] = stance == "declines"
    us.set_levels()
    congress = model.us_congress
    congress.active[:] = bool(us.declined.all()
                              and params["us_congress.acts_if_president_declines"])
    congress.decide_levels()
    for member in (model.france, model.united_kingdom):
        member.decide()

    hungary, slovakia = params["hungary.resistance"], params["slovakia.resistance"]
    interval = params["european_union.package_interval_weeks"]
    passes, lands_late, blocked = veto_outcomes(
        hungary, slovakia, params["european_union.side_payments"], params["world.veto_dilution"])
    veto_push = -params["world.veto_unity_shock"] * (hungary + slovakia) / interval
    push = _same_in_every_run(sum(model.unity_movers.map("unity_push"))) + veto_push
    reversion = params["world.unity_reversion_rate"]
    unity = params["world.unity"] if reversion == 0 else float(
        np.clip(params["world.unity"] + push / reversion, 0.0, 1.0))
    model.unity = model.full(unity)

    eu.resolve = politics.eu_resolve(params["european_union.resolve"], 0.0, 0.0,
                                     params["european_union.follows_us_lead"], us.committed)
    target_sanctions, target_aid = eu.targets()
    sanctions_after, sanctions_mean = eu_package_cycle(
        float(target_sanctions[0]), interval, params["world.sanctions_adaptation_rate"],
        passes, lands_late, params["world.veto_delay_weeks"])
    aid_after, aid_mean = eu_package_cycle(
        float(target_aid[0]), interval, params["world.eu_aid_rundown_rate"],
        passes, lands_late, params["world.veto_delay_weeks"])
    eu.instruments_blocked = model.full(blocked)  # expected share of the time, for the balance
    eu.sanctions, eu.military_aid = model.full(sanctions_mean), model.full(aid_mean)

    russia = model.russia
    pressure = _same_in_every_run(model.sanctions_target())
    capacity = economy.steady_capacity(
        pressure, params["world.sanctions_bite"],
        params["russia.capacity_recovery"] * _same_in_every_run(model.china.recovery_multiplier))
    russia.pressure, russia.capacity = model.full(pressure), model.full(capacity)

    commitment = model.aid_commitment()
    aid_flow = _same_in_every_run(commitment * economy.unity_multiplier(
        model.unity, params["world.unity_floor"]))
    model.fill_aid_pipeline(commitment, aid_flow)
    u_power, r_power = battlefield.balance_of_forces(
        _same_in_every_run(model.ukraine.inflow(aid_flow)), _same_in_every_run(russia.inflow()),
        params["world.depreciation_rate"], params["world.attrition_rate"],
        params["world.loss_exchange_ratio"])
    model.ukraine.power, russia.power = model.full(u_power), model.full(r_power)

    us_measures = _same_in_every_run(0.5 * (model.us_sanctions + model.us_military_aid))
    model.start = Start(unity=unity, capacity=capacity, pressure=pressure,
                        us_sanctions=_same_in_every_run(model.us_sanctions),
                        us_measures=us_measures,
                        ambiguous_measures=params["united_states.ambiguity"] * us_measures,
                        us_threat=_same_in_every_run(us.threat),
                        aid_flow=aid_flow, log_force_ratio=float(np.log(u_power / r_power)),
                        belief=0.0)
    belief = _same_in_every_run(russia.belief_target())  # over the package cycle's mean
    russia.belief = model.full(belief)
    # week 0 is the start of a package cycle
    eu.sanctions, eu.military_aid = model.full(sanctions_after), model.full(aid_after)
    eu.instruments_blocked = model.full(False, bool)
    model.start = Start(**{**model.start.__dict__, "belief": belief})
    return model.start
