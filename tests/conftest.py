"""Shared helpers: scenarios built from the defaults, and small ensembles."""

from __future__ import annotations

import os

# The suite runs on as many workers as cores (pytest-xdist): each worker's BLAS then uses
# one thread, rather than every worker a thread per core fighting over the same cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from pathlib import Path
from types import MappingProxyType

import pytest

import sim
from sim.scenarios.params import defaults
from sim.scenarios.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


#: Where the mechanisms' tests start: the war at rest under the default policies (the
#: record's levels at the essay's date), not the replay's momentum (tests/test_branch.py
#: tests that start), with every parameter at its stated default rather than drawn from
#: the calibration (tests/test_parameter_sets.py tests the draws), so that each test sees
#: one mechanism act.
MECHANISM_START = {"world.start": "status_quo", "world.parameter_sets": "defaults"}


def scenario(weeks: int = 104, events=(), **params) -> Scenario:
    """A scenario at the defaults and :data:`MECHANISM_START`, with ``section__name=value``
    overrides."""
    values = defaults() | MECHANISM_START
    for key, value in params.items():
        dotted = key.replace("__", ".", 1)
        assert dotted in values, dotted
        values[dotted] = value
    return Scenario("test", "", weeks, 100, 0, MappingProxyType(values), tuple(events))


def simulate(reps: int = 400, seed: int = 11, weeks: int = 104, events=(), **params):
    return sim.run(scenario(weeks, events, **params), reps=reps, seed=seed)


COMMITS = dict(united_states__stance="commits", united_states__decision_delay_weeks=0,
               united_states__ambiguity=0.1, united_states__backs_guarantees=True,
               united_states__endorses_coalition=True)


@pytest.fixture
def write_toml(tmp_path):
    """Write a TOML file into tmp_path and return its path."""
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path
    return write


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first (in their own order), so the test workers start the longest
    work first and finish together rather than one waiting out a minute-long test at the
    end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def one_line_error(result) -> str:
    """A CLI result that is bad input: exit status 2, no traceback, one "Error: " line (returned)."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


class Interrupt:
    """A progress factory that stops a long job (a Ctrl-C) once ``after`` runs are done."""

    def __init__(self, after: int) -> None:
        self.after, self.done = after, 0

    def __call__(self, label: str, total: int):
        from contextlib import contextmanager

        @contextmanager
        def bar():
            def tick(n: int) -> None:
                self.done += n
                if self.done >= self.after:
                    raise KeyboardInterrupt
            yield tick
        return bar()
