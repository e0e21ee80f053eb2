"""Independent random streams per run, drawn for a whole ensemble at once.

Each run has a 64-bit key derived from the master seed with
``numpy.random.SeedSequence``. A draw is a SplitMix64 hash of (run key, week,
slot): counter-based, like Philox, so run *i* sees the same numbers whether it
is run alone or among 10,000 others, and no Python loop over runs is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
#: Counter stride per week: slots may be added below it without changing
#: the numbers existing slots draw.
_SLOTS_PER_WEEK = 64

#: Named uniform draws, one row each per week (append only).
UNIFORM_SLOTS: tuple[str, ...] = ("talks", "capitulation", "relapse", "hungary", "slovakia")
#: Named standard-normal draws (append only).
NORMAL_SLOTS: tuple[str, ...] = ("front", "ukraine_power", "russia_power", "unity")


def run_keys(seed: int, reps: int) -> np.ndarray:
    """One 64-bit key per run; run i's key depends only on (seed, i)."""
    return np.random.SeedSequence(seed).generate_state(reps, np.uint64)


def _splitmix64(counter: np.ndarray) -> np.ndarray:
    z = counter.copy()
    z ^= z >> np.uint64(30)
    z *= _MIX1
    z ^= z >> np.uint64(27)
    z *= _MIX2
    z ^= z >> np.uint64(31)
    return z


def _to_unit(bits: np.ndarray) -> np.ndarray:
    """Map 64 random bits to floats strictly inside (0, 1)."""
    return ((bits >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53


@dataclass(frozen=True)
class WeekDraws:
    """The random numbers every run uses in one week, by slot name."""

    uniform: dict[str, np.ndarray]
    normal: dict[str, np.ndarray]


class RunStreams:
    """Per-run random streams for an ensemble of runs."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = np.asarray(keys, dtype=np.uint64)
        n_uniform = len(UNIFORM_SLOTS) + 2 * ((len(NORMAL_SLOTS) + 1) // 2)
        self._slot_offsets = np.arange(n_uniform, dtype=np.uint64)[:, None]

    def week(self, week: int) -> WeekDraws:
        """All draws of ``week`` as arrays of shape (runs,)."""
        base = np.uint64(week * _SLOTS_PER_WEEK + 1)
        counter = self.keys[None, :] + (self._slot_offsets + base) * _GOLDEN
        unit = _to_unit(_splitmix64(counter))
        n_u = len(UNIFORM_SLOTS)
        uniform = dict(zip(UNIFORM_SLOTS, unit[:n_u], strict=True))
        # Box-Muller: each pair of uniforms gives two independent normals.
        u1, u2 = unit[n_u::2], unit[n_u + 1::2]
        radius = np.sqrt(-2.0 * np.log(u1))
        angle = 2.0 * np.pi * u2
        normals = np.concatenate([radius * np.cos(angle), radius * np.sin(angle)])
        normal = dict(zip(NORMAL_SLOTS, normals[: len(NORMAL_SLOTS)], strict=True))
        return WeekDraws(uniform, normal)
