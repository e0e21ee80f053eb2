"""Planning work: each distinct set of runs once, however many ask for it.

Claims' arms, and an exploration's scenarios, are often the same runs written in
different ways (different files and changes that resolve to the same parameters and
events): they are simulated once. What makes two the same is a key: for a scenario,
its :attr:`~sim.scenarios.scenario.Scenario.identity`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

Label = TypeVar("Label", bound=Hashable)
Item = TypeVar("Item")


@dataclass(frozen=True)
class Plan(Generic[Label, Item]):
    """The distinct items to run (by key, first seen first), and each label's key."""

    items: dict[str, Item]
    key_of: dict[Label, str]

    def item(self, label: Label) -> Item:
        return self.items[self.key_of[label]]


def _identity(scenario: Item) -> str:
    return scenario.identity  # type: ignore[attr-defined]


def distinct(labelled: Iterable[tuple[Label, Item]],
             key: Callable[[Item], str] = _identity) -> Plan[Label, Item]:
    """Each labelled item, kept once per key (by default scenarios, by their identity)."""
    items: dict[str, Item] = {}
    key_of: dict[Label, str] = {}
    for label, item in labelled:
        found = key(item)
        items.setdefault(found, item)
        key_of[label] = found
    return Plan(items, key_of)



#: Runs one model steps at once in a long job (an exploration's piece): large enough that
#: NumPy's per-call costs nearly vanish (4% slower than 20,000 here), small enough that the
#: shipped space with claims makes seven pieces to share among workers, and light on
#: memory (about 40 MB of state).
PIECE_RUNS = 8_000


def piece_points(reps: int) -> int:
    """Points per piece: about PIECE_RUNS runs (fixed by reps, so resuming matches)."""
    return max(1, PIECE_RUNS // reps)


def pieces_of(points: int, reps: int) -> list[range]:
    """The pieces of ``points`` points of ``reps`` runs each, in order."""
    per_piece = piece_points(reps)
    return [range(start, min(start + per_piece, points)) for start in range(0, points, per_piece)]
