"""One Mesa agent per actor the essay names.

Each agent holds its state as numpy arrays over runs (one model steps a whole
ensemble), reads its parameters as in force this week (events change them), and
decides in :meth:`~sim.model.agents.actor.Actor.decide`, which the model
activates through Mesa's ``AgentSet`` once a week in the order of
:data:`sim.scenarios.params.ACTORS`. The mechanisms they apply are small pure
functions in :mod:`sim.model.mechanisms`.

Modules: ``actor`` (the base class), ``washington`` (the President and Congress),
``europe`` (the EU, its veto players, the coalition, Turkey, NATO), ``belligerents``
(Ukraine and Russia), ``backers`` (China and North Korea), and ``rules`` (each actor's
no-silent-no-op rules, which load without Mesa, for `sim check`). The classes load on
first use (PEP 562), so importing ``rules`` does not load Mesa.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sim.model.agents.actor import Actor  # noqa: F401
    from sim.model.agents.backers import China, NorthKorea  # noqa: F401
    from sim.model.agents.belligerents import Russia, Ukraine  # noqa: F401
    from sim.model.agents.europe import CoalitionMember, EuropeanUnion, Nato, Turkey, VetoPlayer  # noqa: F401
    from sim.model.agents.washington import Congress, UnitedStates  # noqa: F401

_HOMES = {"Actor": "actor", "China": "backers", "NorthKorea": "backers",
          "Russia": "belligerents", "Ukraine": "belligerents", "CoalitionMember": "europe",
          "EuropeanUnion": "europe", "Nato": "europe", "Turkey": "europe",
          "VetoPlayer": "europe", "Congress": "washington", "UnitedStates": "washington"}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(import_module(f"sim.model.agents.{_HOMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim.model.agents' has no attribute {name!r}")
