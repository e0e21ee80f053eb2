"""Long work in pieces: each piece's runs simulated as tasks, decided as soon as they are
done, and kept at once in a checkpoint, so an interrupted job resumes where it stopped
and gives the same bytes as one never interrupted (`sim explore`, and what comes after
it: every piece is a pure function of its arguments).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from sim.ensemble.checkpoints import Checkpoint
from sim.ensemble.executors import Executor
from sim.ensemble.schedule import fan_in
from sim.ensemble.tasks import PieceWork, Sink


class Finished(Protocol):
    """What deciding a piece gives: per-point columns, and per-run tables to keep."""

    number: int
    columns: dict[str, np.ndarray]
    tables: dict[str, pd.DataFrame]


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
