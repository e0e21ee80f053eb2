"""Intervals checked against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.stats import mean_interval, wilson


def test_wilson_matches_hand_computation():
    # 10 of 100: centre (0.1 + 1.92/100)/(1.0384), half-width from the Wilson formula
    est = wilson(10, 100)
    assert est.value == 0.1
    assert est.low == pytest.approx(0.05523, abs=1e-4)
    assert est.high == pytest.approx(0.17437, abs=1e-4)


def test_wilson_edge_cases():
    none, every = wilson(0, 200), wilson(200, 200)
    assert none.low == 0 and 0 < none.high < 0.02
    assert every.high == 1 and 0.98 < every.low < 1
    one = wilson(1, 1)
    assert one.value == 1 and one.low == pytest.approx(0.2065, abs=1e-3)
    assert math.isnan(wilson(0, 0).value)


def test_mean_interval():
    est = mean_interval(np.array([1.0, 2.0, 3.0, 4.0]))
    # t(0.975, 3) = 3.182; sd = 1.291; half = 3.182 * 1.291 / 2 = 2.054
    assert est.value == 2.5 and est.low == pytest.approx(0.446, abs=1e-3)
    single = mean_interval(np.array([0.3]))
    assert single.value == 0.3 and math.isnan(single.low)
