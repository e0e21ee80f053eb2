"""The fast CSV writer gives exactly the bytes pandas writes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import sim
from sim.ensemble import csv_format
from sim.ensemble.writer import CSV_OPTIONS, long_csv


def pandas_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(**CSV_OPTIONS).encode()


def fast_bytes(values: np.ndarray) -> bytes:
    return csv_format.header(["a", "b"]) + csv_format.rows(
        [csv_format.float_field(values), csv_format.int_field(np.arange(len(values)) - 3)])


HARD = np.array([
    0.0, -0.0, np.nan, np.inf, -np.inf, 1e6, 999999.5, 999999.4, 9.999995, 99999.95,
    1e-4, 1e-5, 9.99999e-5, 0.000099999949, 13 / 128, -13 / 128, 0.5, 100000.5, 123456.5,
    1.5e-5, 1e-300, 1e300, 1e100, 1e-100, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3,
    -2.5, 2.5e10, 123456789.0, 0.00012345650000000001])


def test_hard_floats_match_pandas_in_both_precisions():
    # Exact ties (13/128 = 0.1015625), roundings that carry (999999.5 -> 1e+06), the
    # switch between fixed and scientific notation, signed zeros, infinities, subnormals.
    ties = np.arange(1, 50_000) / 128.0
    for dtype in (np.float32, np.float64):
        with np.errstate(over="ignore"):
            values = np.concatenate([HARD, ties, -ties]).astype(dtype)
        frame = pd.DataFrame({"a": values, "b": np.arange(len(values)) - 3})
        assert fast_bytes(values) == pandas_bytes(frame)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float32, st.integers(1, 300),
                  elements=st.floats(width=32, allow_nan=True, allow_infinity=True)))
def test_any_float32_column_matches_pandas(values):
    frame = pd.DataFrame({"a": values, "b": np.arange(len(values)) - 3})
    assert fast_bytes(values) == pandas_bytes(frame)


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 300),
                  elements=st.floats(allow_nan=True, allow_infinity=True)))
def test_any_float64_column_matches_pandas(values):
    frame = pd.DataFrame({"a": values, "b": np.arange(len(values)) - 3})
    assert fast_bytes(values) == pandas_bytes(frame)


def test_a_single_empty_field_is_quoted_as_the_csv_module_does():
    values = np.array([np.nan, 1.0])
    expected = pd.DataFrame({"a": values}).to_csv(**CSV_OPTIONS).encode()
    assert csv_format.header(["a"]) + csv_format.rows([csv_format.float_field(values)]) == \
        expected


def test_texts_are_quoted_as_the_csv_module_quotes_them():
    labels = ["plain", "with, comma", 'with "quote"', "new\nline"]
    codes = np.array([0, 1, 2, 3, -1, 0])
    frame = pd.DataFrame({"t": pd.Categorical.from_codes(codes, categories=labels),
                          "n": np.arange(6)})
    fast = csv_format.header(["t", "n"]) + csv_format.rows(
        [csv_format.text_field(codes, labels), csv_format.int_field(np.arange(6))])
    assert fast == pandas_bytes(frame)


def test_weekly_tables_match_pandas_for_real_runs():
    results = sim.run(sim.load_scenario("scenarios/eu_vetoed.toml"), reps=40, seed=3)
    for columns in (results.world, results.actors):
        for runs in (slice(None), slice(5, 17)):
            expected = pandas_bytes(results.long_table(columns, runs))
            assert long_csv(results, columns, runs, header=True) == expected
