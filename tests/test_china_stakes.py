"""China with its own stakes (model.china = "stakes"): Beijing gives more as the balance
of forces moves against Russia, within what US secondary sanctions leave it (C11 C13)."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.model.mechanisms import politics
from sim.model.model import WarModel
from sim.model.relevance import inert_parameters
from sim.model.streams import run_keys
from tests.conftest import scenario

STAKES = {"model__china": "stakes"}


def test_beijing_gives_more_as_russia_loses_up_to_all_it_can():
    losing = np.array([0.0, 0.2, 0.4, 5.0])
    wanted = politics.china_wanted_support(0.6, 0.5, losing)
    assert wanted == pytest.approx([0.6, 0.7, 0.8, 1.0])
    cut = politics.china_support(wanted, 1.0, np.full(4, 0.5))
    assert cut == pytest.approx(wanted * np.exp(-0.5))  # its Western trade still counts


def _china_after_a_shift(shift: float, **params) -> np.ndarray:
    model = WarModel(scenario(weeks=10, **params), run_keys(0, 5))
    model.ukraine.power = model.ukraine.power * np.exp(shift)  # the balance moves by `shift`
    model.china.decide()
    return model.china.support


def test_only_a_china_with_stakes_answers_the_balance_and_only_when_russia_loses():
    fixed_losing, fixed_gaining = _china_after_a_shift(0.4), _china_after_a_shift(-0.4)
    assert fixed_losing == pytest.approx(fixed_gaining)
    stakes_losing = _china_after_a_shift(0.4, **STAKES)
    stakes_gaining = _china_after_a_shift(-0.4, **STAKES)
    assert np.all(stakes_losing > fixed_losing)
    assert stakes_gaining == pytest.approx(fixed_gaining)


def test_the_survival_stake_is_flagged_where_it_cannot_act():
    assert "china.survival_stake" in {i.key for i in inert_parameters(
        scenario(china__survival_stake=1.5))}
    stakes = scenario(china__survival_stake=1.5, china__economic_support=0.0,
                      china__sanctions_sensitivity=2.0, **STAKES)
    assert not {"china.survival_stake", "china.sanctions_sensitivity"} & {
        i.key for i in inert_parameters(stakes)}  # with no disposition, it still props Russia
    full = scenario(china__survival_stake=1.5, china__economic_support=1.0, **STAKES)
    assert "china.survival_stake" in {i.key for i in inert_parameters(full)}  # at the cap
    assert "model.china" in {i.key for i in inert_parameters(
        scenario(china__survival_stake=0.0, **STAKES))}


def test_the_survival_stake_is_idle_where_russia_never_loses_the_balance():
    gaining = sim.run(scenario(weeks=20, china__survival_stake=1.5,
                               ukraine__domestic_production=0.0, **STAKES), reps=40, seed=2)
    assert not gaining.engaged["russia_losing"]
    assert {"model.china", "china.survival_stake"} <= {i.key for i in gaining.idle()}
