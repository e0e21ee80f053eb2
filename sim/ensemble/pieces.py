"""Long work in pieces: each piece's runs simulated as tasks, decided as soon as they are
done, and kept at once in a checkpoint, so an interrupted job resumes where it stopped
and gives the same bytes as one never interrupted (`sim explore`, and what comes after
it: every piece is a pure function of its arguments).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from sim.ensemble.checkpoints import Checkpoint
from sim.ensemble.executors import Executor
from sim.ensemble.schedule import Sink, Task, fan_in

#: Runs one model steps at once: large enough that NumPy's per-call costs nearly vanish
#: (4% slower than 20,000 here), small enough that the shipped space with claims makes
#: seven pieces to share among workers, and light on memory (about 40 MB of state).
PIECE_RUNS = 8_000


def piece_points(reps: int) -> int:
    """Points per piece: about PIECE_RUNS runs (fixed by reps, so resuming matches)."""
    return max(1, PIECE_RUNS // reps)


def pieces_of(points: int, reps: int) -> list[range]:
    """The pieces of ``points`` points of ``reps`` runs each, in order."""
    per_piece = piece_points(reps)
    return [range(start, min(start + per_piece, points)) for start in range(0, points, per_piece)]


class Finished(Protocol):
    """What deciding a piece gives: per-point columns, and per-run tables to keep."""

    number: int
    columns: dict[str, np.ndarray]
    tables: dict[str, pd.DataFrame]


@dataclass(frozen=True)
class PieceWork:
    """One piece: its runs' tasks (by name), the decision made from their results (called
    as ``decide.fn(*decide.args, {name: result})``), and what a kept piece must look like
    to be trusted (``whole``)."""

    number: int
    runs: int
    simulate: Mapping[str, Task]
    decide: Task
    whole: Callable[[dict[str, np.ndarray]], bool] | None = None


@dataclass
class Done:
    """Every piece's columns (by number), and which were resumed or found damaged."""

    columns: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    resumed: list[int] = field(default_factory=list)
    damaged: list[int] = field(default_factory=list)


def run_pieces(executor: Executor, work: Sequence[PieceWork], checkpoint: Checkpoint | None,
               tables: tuple[str, ...], tick: Callable[[int], None]) -> Done:
    """Each piece the checkpoint does not hold, simulated and decided on ``executor``, kept
    as it finishes (in any order); ``tick`` hears the runs of each piece done or resumed.
    A KeyboardInterrupt passes through as it comes: finished pieces are already kept."""
    done, todo = Done(), []
    for piece in work:
        kept, damaged = (checkpoint.restore(piece.number, tables, piece.whole)
                         if checkpoint is not None else (None, False))
        if kept is not None:
            done.columns[piece.number] = kept
            done.resumed.append(piece.number)
            tick(piece.runs)
            continue
        if damaged:
            done.damaged.append(piece.number)
        todo.append(piece)

    def keep(index: int, result: Finished) -> None:
        if checkpoint is not None:
            checkpoint.keep(result.number, result.columns, result.tables)
        done.columns[result.number] = result.columns
        tick(todo[index].runs)

    sources = {(p.number, name): task for p in todo for name, task in p.simulate.items()}
    sinks = [Sink(p.decide.fn, p.decide.args, {name: (p.number, name) for name in p.simulate})
             for p in todo]
    fan_in(executor, sources, sinks, keep)
    return done
