"""The web page (`sim app`): the essay's levers as controls, the consequences at once.

Modules: ``session`` (the levers, the scenario they make, its runs against a reference,
the claims panel, uploads and downloads: plain Python, tested without a browser),
``page`` (the Solara page), ``figures`` (the page's figure) and ``server`` (serving it,
with its address checks).

May import every lower layer: :mod:`sim.report`, :mod:`sim.analysis`,
:mod:`sim.ensemble`, :mod:`sim.model`, :mod:`sim.scenarios`, :mod:`sim.errors`.
"""
