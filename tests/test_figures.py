"""Figures tell the truth about scale and stay readable with many scenarios."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import PolyCollection

import sim
from sim.analysis.compare import compare
from sim.ensemble.resultsets import load_result_sets
from sim.report import figures
from tests.conftest import SCENARIOS

SHIPPED = sorted(p for p in SCENARIOS.glob("*.toml"))


def _redmean(a: str, b: str) -> float:
    (r1, g1, b1), (r2, g2, b2) = (tuple(int(h.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
                                  for h in (a, b))
    mean = (r1 + r2) / 2
    return ((2 + mean / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2
            + (2 + (255 - mean) / 256) * (b1 - b2) ** 2) ** 0.5


def test_no_scenario_colour_looks_like_an_outcome_colour():
    for color in figures.PALETTE:
        for outcome, other in figures.OUTCOME_COLORS.items():
            assert _redmean(color, other) > 100, (color, outcome)


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    root = tmp_path_factory.mktemp("eight")
    folders = []
    for path in SHIPPED:
        folders.append(sim.run(sim.load_scenario(path), reps=30).write(root / path.stem))
    return load_result_sets(folders)


def _front_fans(sets):
    from sim.ensemble.resultsets import read_timeseries
    return [figures.fan(read_timeseries(s, ["russia_held_km2"]), "russia_held_km2")
            for s in sets]


def test_many_scenarios_keep_the_title_whole_and_the_bands_out(eight):
    fig = figures.comparison_figure(compare(eight), _front_fans(eight))
    fig.canvas.draw()
    width = fig.bbox.width
    title = fig._suptitle.get_window_extent()
    assert title.x0 >= 0 and title.x1 <= width
    front_ax = fig.axes[0]
    assert not [c for c in front_ax.collections if isinstance(c, PolyCollection)]
    few = eight[:3]
    fig = figures.comparison_figure(compare(few), _front_fans(few))
    assert len([c for c in fig.axes[0].collections if isinstance(c, PolyCollection)]) == 3


def test_a_narrow_variable_is_zoomed_and_says_so():
    from matplotlib.figure import Figure
    ax = Figure().subplots()
    weeks = np.arange(5)
    narrow = figures.Fan(weeks, np.array([[0.81, 0.812, 0.82, 0.828, 0.83]] * 5).T.T)
    note = figures.honest_scale(ax, [narrow], (0.0, 1.0))
    assert "axis zoomed to 0.81..0.83" in note and "2% of the 0..1 scale" in note
    assert any("axis zoomed" in t.get_text() for t in ax.texts)
    wide = figures.Fan(weeks, np.array([np.linspace(-0.5, 0.4, 5)] * 5))
    ax = Figure().subplots()
    assert figures.honest_scale(ax, [wide], (-1.0, 1.0)) == ""
    assert ax.get_ylim() == (-1.0, 1.0)
