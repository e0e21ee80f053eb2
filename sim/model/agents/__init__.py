"""One Mesa agent per actor the essay names.

Each agent holds its state as numpy arrays over runs (one model steps a whole
ensemble), reads its parameters as in force this week (events change them), and
decides in :meth:`~sim.model.agents.actor.Actor.decide`, which the model
activates through Mesa's ``AgentSet`` once a week in the order of
:data:`sim.scenarios.params.ACTORS`. The mechanisms they apply are small pure
functions in :mod:`sim.model.mechanisms`.
"""

from sim.model.agents.actor import Actor
from sim.model.agents.backers import China, NorthKorea
from sim.model.agents.belligerents import Russia, Ukraine
from sim.model.agents.europe import CoalitionMember, EuropeanUnion, Nato, Turkey, VetoPlayer
from sim.model.agents.washington import Congress, UnitedStates

__all__ = ["Actor", "China", "CoalitionMember", "Congress", "EuropeanUnion", "Nato",
           "NorthKorea", "Russia", "Turkey", "Ukraine", "UnitedStates", "VetoPlayer"]
