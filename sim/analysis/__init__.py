"""Analysis: numbers computed from runs, never written or drawn here.

Holds interval statistics (``stats``), run-level measures and subgroups
(``measures``), scenario comparison (``compare``), claim files (``claims``) and
their evaluation, which runs each arm once (``evaluate``).

May import: :mod:`sim.ensemble`, :mod:`sim.model`, :mod:`sim.scenarios`,
:mod:`sim.errors`. Never reports.
"""
