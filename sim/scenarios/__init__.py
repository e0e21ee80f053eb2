"""Scenario input: TOML files in, a validated, frozen :class:`Scenario` out.

Holds every parameter's declaration (``params``), its reference text
(``reference``), the checks of one value (``values``), the ``Scenario`` and
``Event`` dataclasses (``scenario``) and file loading with ``extends`` and
assumption sets (``loading``).

May import: :mod:`sim.errors` and the standard library. Nothing here knows about
the model, runs or results.
"""
