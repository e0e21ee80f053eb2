"""Reports: what people read. Terminal tables, figures, the claims and exploration
reports, and the library calls behind `sim compare`, `sim plot`, `sim claims` and
`sim explore`.

Holds ``tables`` (80-column text), ``figures`` (matplotlib, Agg), ``claims_report``
(claims.csv, checks.csv, claims.md, charts), ``outputs`` (checked, atomic file
writes) and ``commands`` (one function per CLI command).

May import every lower layer: :mod:`sim.analysis`, :mod:`sim.ensemble`,
:mod:`sim.model`, :mod:`sim.scenarios`, :mod:`sim.errors`.
"""
