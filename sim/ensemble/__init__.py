"""Ensemble runs: a scenario's runs, their ``Results``, and result folders on disk.

Holds ``sim.run`` (``runner``), the ``Results`` tables, CSVs, manifest and
atomic folder writes (``results``), what `sim run` does for several scenarios
(``jobs``) and reading result folders back with checks (``resultsets``).

May import: :mod:`sim.model`, :mod:`sim.scenarios`, :mod:`sim.errors`, numpy and
pandas. Never analysis or reports.
"""
