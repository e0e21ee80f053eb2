"""Independent random streams per run, drawn for a whole ensemble at once.

Each run has a 64-bit key derived from the master seed with
``numpy.random.SeedSequence``. A draw is a SplitMix64 hash of (run key, week,
slot): counter-based, like Philox, so run *i* sees the same numbers whether it
is run alone or among 10,000 others, and no Python loop over runs is needed.
Each 64-bit hash gives two 32-bit uniforms (ample resolution for weekly
chances), which halves the hashing.

Why not Mesa's ``model.rng``: it is one stream for the whole model, so run *i*'s
numbers would depend on how many runs share the model. The model leaves it
unseeded and unused.
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
UNIFORM_SLOTS: tuple[str, ...] = ("talks", "capitulation", "relapse", "hungary", "slovakia",
                                  "president", "congress", "side_payment")
#: Named standard-normal draws (append only).
NORMAL_SLOTS: tuple[str, ...] = ("front", "ukraine_power", "russia_power", "unity")
#: Named uniform draws that only a sub-model reads (append only): each the high half of a
#: hash counted down from the top of the week's counter stride, drawn only when asked for
#: (:meth:`RunStreams.late_uniform`), so the week's other numbers, and what they cost, are
#: the same with or without them, and slots added above do not move them.
LATE_UNIFORM_SLOTS: tuple[str, ...] = ("escalation",)


def run_keys(seed: int, reps: int) -> np.ndarray:
    """One 64-bit key per run; run i's key depends only on (seed, i)."""
    return np.random.SeedSequence(seed).generate_state(reps, np.uint64)


def parameter_draws(keys: np.ndarray, count: int) -> np.ndarray:
    """Which of ``count`` parameter sets each run draws: a hash of its key alone (counter
    0, which no week's draws use), so run i draws the same set in every scenario and
    whatever else the model draws. The modulo's bias is below 2**-50 for any count here."""
    return (_splitmix64(np.asarray(keys, dtype=np.uint64)) % np.uint64(count)).astype(np.int64)


def _splitmix64(counter: np.ndarray) -> np.ndarray:
    return _mix_in_place(counter.copy(), np.empty_like(counter))


_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))


def _mix_in_place(z: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer on ``z``, in place, with ``scratch`` (same shape) for the
    shifted copies: no array is allocated, which the week's hashing did three times."""
    for shift, multiplier in zip(_SHIFTS, (_MIX1, _MIX2, None), strict=True):
        np.right_shift(z, shift, out=scratch)
        z ^= scratch
        if multiplier is not None:
            z *= multiplier
    return z


_LOW32 = np.uint64(0xFFFFFFFF)
_TWO_PI = np.float32(2.0 * np.pi)


@dataclass(frozen=True)
class WeekDraws:
    """The random numbers every run uses in one week, by slot name."""

    uniform: dict[str, np.ndarray]
    normal: dict[str, np.ndarray]


class RunStreams:
    """Per-run random streams for an ensemble of runs."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = np.asarray(keys, dtype=np.uint64)
        n_pairs = (len(NORMAL_SLOTS) + 1) // 2
        self._n_uniform = len(UNIFORM_SLOTS) + 2 * n_pairs
        self._hashes = np.arange((self._n_uniform + 1) // 2, dtype=np.uint64)[:, None]
        assert len(self._hashes) + len(LATE_UNIFORM_SLOTS) <= _SLOTS_PER_WEEK
        first = len(UNIFORM_SLOTS)
        # Box-Muller pairs: rows (first, first + 1), (first + 2, first + 3), ...
        self._radius_rows = slice(first, first + 2 * n_pairs, 2)
        self._angle_rows = slice(first + 1, first + 2 * n_pairs, 2)
        # the hashing's working arrays, reused week after week (never handed out)
        self._bits = np.empty((len(self._hashes), len(self.keys)), np.uint64)
        self._scratch = np.empty_like(self._bits)

    def week(self, week: int) -> WeekDraws:
        """All draws of ``week`` as arrays of shape (runs,).

        Uniforms are float64 in (0, 1) with 32-bit resolution: row ``2i`` is the high
        half of hash ``i``, row ``2i + 1`` its low half. Normals are float32, from
        Box-Muller on the rows after the uniform slots.
        """
        base = np.uint64(week * _SLOTS_PER_WEEK + 1)
        bits, scratch = self._bits, self._scratch
        np.add(self.keys[None, :], (self._hashes + base) * _GOLDEN, out=bits)
        _mix_in_place(bits, scratch)
        units = np.empty((2 * len(bits), len(self.keys)))
        units[0::2] = np.right_shift(bits, np.uint64(32), out=scratch)
        units[1::2] = np.bitwise_and(bits, _LOW32, out=scratch)
        units += 0.5
        units *= 2.0**-32
        uniform = dict(zip(UNIFORM_SLOTS, units, strict=False))
        return WeekDraws(uniform, dict(zip(NORMAL_SLOTS, self._box_muller(units), strict=False)))

    def _box_muller(self, units: np.ndarray) -> np.ndarray:
        """Standard normals (float32) from the rows after the uniform slots: the cosines'
        then the sines' (in place, each step the same float32 operation as written out)."""
        radius = units[self._radius_rows].astype(np.float32)
        np.log(radius, out=radius)
        radius *= np.float32(-2.0)
        np.sqrt(radius, out=radius)
        angle = units[self._angle_rows].astype(np.float32)
        angle *= _TWO_PI
        pairs = len(radius)
        normals = np.empty((2 * pairs, len(self.keys)), np.float32)
        np.cos(angle, out=normals[:pairs])
        np.sin(angle, out=normals[pairs:])
        normals[:pairs] *= radius
        normals[pairs:] *= radius
        return normals

    def late_uniform(self, week: int, slot: str) -> np.ndarray:
        """One of :data:`LATE_UNIFORM_SLOTS` for ``week``, shape (runs,): the high half of a
        hash at a fixed counter from the top of the week's stride, past any :meth:`week`
        uses, with the same resolution as its uniforms."""
        index = _SLOTS_PER_WEEK - 1 - LATE_UNIFORM_SLOTS.index(slot)
        counter = np.full(1, week * _SLOTS_PER_WEEK + 1 + index, dtype=np.uint64)
        bits = _splitmix64(self.keys + counter * _GOLDEN)  # wraps modulo 2**64, as in week()
        return ((bits >> np.uint64(32)).astype(np.float64) + 0.5) * 2.0**-32
