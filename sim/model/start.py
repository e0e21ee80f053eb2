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

Number = float | np.ndarray  # one value for every run, or one per run (an exploration)


@dataclass(frozen=True)
class Start:
    """The starting balance, which responsive decisions are measured against (a value per
    run where runs differ in their parameters)."""

    unity: Number
    capacity: Number
    pressure: Number
    us_sanctions: Number
    us_measures: Number
    ambiguous_measures: Number
    us_threat: Number
    aid_flow: Number
    log_force_ratio: Number
    belief: Number
    russia_power: Number


def eu_package_cycle(target: Number, interval: int, evasion: Number, passes: Number,
                     lands_late: Number, delay: Number) -> tuple[Number, Number]:
    """Expected EU sanctions in force right after a package, and averaged over a cycle. # C8

    Each package closes the gap to ``target`` with chance ``passes``; with chance
    ``lands_late`` (already scaled by its dilution) a blocked one closes its share
    of the gap ``delay`` weeks later; each week Russia evades ``evasion`` of what
    is in force. A cycle maps the level it starts from affinely, ``a x level + b``;
    its periodic rest point is ``b / (1 - a)`` (the target itself when nothing decays
    or restores).
    """
    def cycle(level: Number) -> tuple[Number, list[Number]]:
        level = level + passes * (target - level)
        after, weeks = level, []
        for week in range(interval):
            level = level * (1.0 - evasion)
            level = level + np.where(np.equal(week, delay), lands_late, 0.0) * (target - level)
            weeks.append(level)
        return after, weeks

    zero_end = cycle(0.0 * target)[1][-1]
    slope = cycle(1.0 + 0.0 * target)[1][-1] - zero_end
    with np.errstate(invalid="ignore", divide="ignore"):
        rest = np.where(np.isclose(slope, 1.0), target, zero_end / (1.0 - slope))
    after, weeks = cycle(rest)
    return _plain(after), _plain(np.mean(weeks, axis=0))


def _plain(value: Number) -> Number:
    """One value for every run as a float (fast in the weekly arithmetic), an array of
    per-run values as it is. Runs share a value when every element is the same."""
    if np.ndim(value) == 0:
        return float(value)
    flat = np.ravel(value)
    return float(flat[0]) if np.all(flat == flat[0]) else value


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
    _policies_in_force(model, params)
    cycle = veto_outcomes(params["hungary.resistance"], params["slovakia.resistance"],
                          params["european_union.side_payments"], params["world.veto_dilution"])
    unity = _unity_at_rest(model, params)
    after = _eu_over_a_cycle(model, params, cycle)
    pressure, capacity = _economy_at_rest(model, params)
    aid_flow, u_power, r_power = _forces_at_rest(model, params)
    us_measures = model.us_measures
    model.start = Start(unity=unity, capacity=_plain(capacity), pressure=_plain(pressure),
                        us_sanctions=_plain(model.us_sanctions), us_measures=us_measures,
                        ambiguous_measures=params["united_states.ambiguity"] * us_measures,
                        us_threat=_plain(model.united_states.threat), aid_flow=aid_flow,
                        log_force_ratio=_plain(np.log(u_power / r_power)), belief=0.0,
                        russia_power=_plain(r_power))
    belief = model.russia.belief_target()  # read over the package cycle's mean
    model.russia.belief = model.full(0.0) + belief
    # week 0 is the start of a package cycle
    eu = model.european_union
    eu.sanctions, eu.military_aid = (model.full(0.0) + level for level in after)
    eu.instruments_blocked = model.full(False, bool)
    model.start = Start(**{**model.start.__dict__, "belief": belief})
    return model.start


def _policies_in_force(model: Any, params: Any) -> None:
    """The President's stance and Congress's measures as the policies say, at once."""
    us, congress = model.united_states, model.us_congress
    stance = params["united_states.stance"]
    us.committed[:] = np.equal(stance, "commits")
    us.declined[:] = np.equal(stance, "declines")
    us.set_levels()
    congress.active[:] = us.declined & np.asarray(
        params["us_congress.acts_if_president_declines"], dtype=bool)
    congress.decide_levels()
    model.coalition.do("decide")


def _unity_at_rest(model: Any, params: Any) -> Number:
    """Unity where the actors' weekly pushes (and the expected vetoes') balance its pull
    back to ``world.unity``."""
    hungary, slovakia = params["hungary.resistance"], params["slovakia.resistance"]
    interval = params["european_union.package_interval_weeks"]
    veto_push = -params["world.veto_unity_shock"] * (hungary + slovakia) / interval
    push = sum(model.unity_movers.map("unity_push", None)) + veto_push
    reversion = params["world.unity_reversion_rate"]
    held = params["world.unity"] + push / np.where(np.equal(reversion, 0), 1.0, reversion)
    unity = _plain(np.where(np.equal(reversion, 0), params["world.unity"],
                            np.clip(held, 0.0, 1.0)))
    model.unity = model.full(0.0) + unity
    return unity


def _eu_over_a_cycle(model: Any, params: Any,
                     cycle: tuple[float, float, float]) -> tuple[Number, Number]:
    """EU sanctions and aid at their mean over a package cycle (set in force), and right
    after a package (returned: week 0 starts a cycle)."""
    passes, lands_late, blocked = cycle
    eu = model.european_union
    eu.resolve = politics.eu_resolve(params["european_union.resolve"], 0.0, 0.0,
                                     params["european_union.follows_us_lead"],
                                     model.united_states.committed)
    target_sanctions, target_aid = eu.targets()
    interval = params["european_union.package_interval_weeks"]
    sanctions_after, sanctions_mean = eu_package_cycle(
        target_sanctions, interval, params["world.sanctions_adaptation_rate"],
        passes, lands_late, params["world.veto_delay_weeks"])
    aid_after, aid_mean = eu_package_cycle(
        target_aid, interval, params["world.eu_aid_rundown_rate"],
        passes, lands_late, params["world.veto_delay_weeks"])
    eu.instruments_blocked = model.full(0.0) + blocked  # the expected share of the time
    eu.sanctions, eu.military_aid = model.full(0.0) + sanctions_mean, model.full(0.0) + aid_mean
    return sanctions_after, aid_after


def _economy_at_rest(model: Any, params: Any) -> tuple[Number, Number]:
    """Sanctions pressure at its target and Russia's capacity where erosion and recovery
    balance."""
    russia = model.russia
    pressure = model.sanctions_target()
    capacity = economy.steady_capacity(
        pressure, params["world.sanctions_bite"],
        params["russia.capacity_recovery"] * model.china.recovery_multiplier)
    russia.pressure, russia.capacity = model.full(0.0) + pressure, model.full(0.0) + capacity
    return pressure, capacity


def _forces_at_rest(model: Any, params: Any) -> tuple[Number, Number, Number]:
    """The aid pipeline full, and both sides' combat power at their Lanchester balance."""
    commitment = model.aid_commitment()
    aid_flow = commitment * economy.unity_multiplier(model.unity, params["world.unity_floor"])
    model.fill_aid_pipeline(commitment, aid_flow)
    u_power, r_power = battlefield.balance_of_forces(
        model.ukraine.inflow(aid_flow), model.russia.inflow(),
        params["world.depreciation_rate"], params["world.attrition_rate"],
        params["world.loss_exchange_ratio"])
    model.ukraine.power, model.russia.power = model.full(0.0) + u_power, model.full(0.0) + r_power
    return aid_flow, u_power, r_power
