"""The base class of every actor: parameters as in force, and the stage methods."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.model.agents.rules import IdleRule, InertRule

Array = np.ndarray


class Actor(mesa.Agent):
    """An actor of the essay, identified by its scenario key.

    Stage methods (no-ops here, overridden where the actor has something to do):
    :meth:`decide` once a week after the week's events; :meth:`unity_push` when
    Western unity is updated (a query: it changes nothing).

    ``inert_rules`` and ``idle_rules`` are the actor's no-silent-no-op rules
    (:mod:`sim.model.agents.rules`): when its parameters cannot act, and which act only
    through a mechanism that may never engage.
    """

    key: str = ""
    inert_rules: tuple[InertRule, ...] = ()
    idle_rules: tuple[IdleRule, ...] = ()

    def __init__(self, model: Any) -> None:
        super().__init__(model)
        #: What Mesa keeps on the agent (never run state: sim.model.shared_replay).
        self.mesa_attributes = frozenset(vars(self))
        self.runs: int = model.runs
        self._prefix = self.key + "."

    def p(self, name: str) -> Any:
        """This actor's parameter ``name`` as in force this week."""
        return self.model.params[self._prefix + name]

    def w(self, name: str) -> Any:
        """A world parameter as in force this week."""
        return self.model.params[f"world.{name}"]

    def full(self, value: float, dtype: type = float) -> Array:
        """An array over runs filled with ``value``."""
        return np.full(self.runs, value, dtype=dtype)

    def decide(self) -> None:
        """This week's choices, from the world as it stands at the week's start."""

    def at_branch(self) -> None:
        """The scenario takes over from the replay: reset what counts since the start."""

    def unity_push(self, updates: int | None) -> Array | float:
        """Unity gained (or lost) from this actor's conduct: this week's, and what it did
        once (a veto, a refusal) since unity was last updated, i.e. while the model had
        made ``updates`` updates (``model.unity_updates``; None: no one-off conduct)."""
        return 0.0

    def observe(self) -> dict[str, Array | float]:
        """State written to actors.csv each week (column names get the key prefix)."""
        return {}

    def columns(self) -> tuple[str, ...]:
        """The actors.csv column names of :meth:`observe`, ``key.variable``."""
        try:
            return self._columns
        except AttributeError:
            self._columns = tuple(f"{self.key}.{name}" for name in self.observe())
            return self._columns
