"""Intervals checked against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.stats import (
    _medians_from_counts,
    excludes_zero,
    mean_difference,
    mean_interval,
    median_difference,
    paired_share_difference,
    share_difference,
    wilson,
)


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


def test_share_difference_matches_newcombe_published_example():
    # Newcombe (1998, Stat Med 17:873), table II: 56/70 - 48/80 = 0.2, method 10 gives
    # 0.0524 to 0.3339.
    est = share_difference(48, 80, 56, 70)
    assert est.value == pytest.approx(0.2)
    assert est.low == pytest.approx(0.0524, abs=1e-4)
    assert est.high == pytest.approx(0.3339, abs=1e-4)


def test_share_difference_at_the_edges():
    same = share_difference(50, 50, 50, 50)  # all runs one outcome in both
    assert same.value == 0 and same.low < 0 < same.high
    assert not excludes_zero(same)
    full_swing = share_difference(0, 50, 50, 50)
    assert full_swing.value == 1 and full_swing.high == 1 and full_swing.low > 0.85
    assert excludes_zero(full_swing)
    assert math.isnan(share_difference(0, 0, 1, 2).value)


def test_paired_share_difference_by_hand():
    # Paired 2x2: both 2, first only 6, second only 1, neither 11 (n = 20).
    # ad - bc = 16 > n/2, so phi = (16 - 10) / sqrt(8*12*3*17) = 0.085749; D = 3/20 - 8/20.
    # Wilson: 8/20 -> [0.21879, 0.61335]; 3/20 -> [0.05236, 0.36042].
    first = np.array([1] * 2 + [1] * 6 + [0] * 1 + [0] * 11, dtype=bool)
    second = np.array([1] * 2 + [0] * 6 + [1] * 1 + [0] * 11, dtype=bool)
    est = paired_share_difference(first, second)
    assert est.value == pytest.approx(-0.25)
    assert est.low == pytest.approx(-0.476949, abs=1e-5)
    assert est.high == pytest.approx(0.015647, abs=1e-5)


def test_paired_share_difference_is_tight_when_runs_agree():
    first = np.arange(200) < 60
    second = np.arange(200) < 70  # the same runs, plus ten more
    paired = paired_share_difference(first, second)
    independent = share_difference(60, 200, 70, 200)
    assert paired.value == pytest.approx(0.05) == independent.value
    assert paired.low > 0 > independent.low
    identical = paired_share_difference(first, first)
    assert identical.value == 0 and identical.low < 0 < identical.high


def test_mean_difference_welch_and_paired_by_hand():
    first, second = np.array([1.0, 2, 3, 4]), np.array([2.0, 4, 6, 8])
    # Welch: se^2 = 1.6667/4 + 6.6667/4, dof = 4.4118, t = 2.6862 -> 2.5 +- 3.8642
    welch = mean_difference(first, second, paired=False)
    assert welch.value == 2.5
    assert welch.low == pytest.approx(-1.364167, abs=1e-5)
    assert welch.high == pytest.approx(6.364167, abs=1e-5)
    # Paired: differences 1..4, as in test_mean_interval.
    paired = mean_difference(first, second, paired=True)
    assert paired.low == pytest.approx(0.445741, abs=1e-5)
    assert paired.high == pytest.approx(4.554259, abs=1e-5)


def test_mean_difference_small_samples():
    one = mean_difference(np.array([0.1]), np.array([0.4]), paired=False)
    assert one.value == pytest.approx(0.3) and math.isnan(one.low)
    constant = mean_difference(np.zeros(5), np.ones(5), paired=False)
    assert (constant.low, constant.high) == (1.0, 1.0)


def test_medians_from_counts_by_hand():
    values = np.array([7.0, np.nan, 3.0, 5.0])  # NaN: the event never happened
    counts = np.array([[1, 5, 1, 1],    # 3, 5, 7 -> 5
                       [2, 0, 2, 0],    # 3, 3, 7, 7 -> 5
                       [0, 3, 0, 0],    # no events -> NaN
                       [0, 0, 0, 4]])   # 5 -> 5
    medians = _medians_from_counts(values, counts)
    np.testing.assert_array_equal(medians[[0, 1, 3]], [5.0, 5.0, 5.0])
    assert math.isnan(medians[2])


def test_median_difference():
    first = np.array([10.0, 12, 14, np.nan, 16, 18])
    est = median_difference(first, first + 4, paired=True)
    assert (est.value, est.low, est.high) == (4.0, 4.0, 4.0)  # every resample shifts by 4
    again = median_difference(first, first + 4, paired=False)
    assert again.value == 4.0 and again.low <= 4.0 <= again.high
    assert median_difference(first, first + 4, paired=False) == again  # fixed seed
    never = median_difference(first, np.full(6, np.nan), paired=True)
    assert math.isnan(never.value) and math.isnan(never.low)
    once = median_difference(first, np.array([np.nan] * 5 + [9.0]), paired=True)
    assert once.value == -5.0 and math.isnan(once.low)
