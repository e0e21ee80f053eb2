"""Reports: what people read, and what each command does as one call.

Modules: ``commands`` (one function per CLI command), ``studies`` (the claims, an
exploration, a calibration and the 2025 prediction run: the analysis's description of the work handed to the
ensemble's executors and checkpointed pieces), ``console`` (where a command's
words go: tables or JSON, warnings, notes), ``tables`` (80-column text), ``json_views``
(the same numbers as JSON), ``check`` (what `sim check` reports), ``figures`` (fan
charts and comparisons, matplotlib's Agg), ``claims_report`` (claims.csv, checks.csv,
claims.md, charts), ``explore_report`` and ``explore_figures`` (an exploration's folder),
``robust_report`` and ``robust_figures`` (a robust-decision study's folder, table
and figure), ``record_report`` (what `sim record` lists, and a replay against the targets),
``calibrate_report`` (a calibration's folder and table), ``validation_report`` (the
committed predictions and their scores), ``outputs`` (checked, atomic
file writes), and `sim report`'s document of a study: ``study_folders`` (which command
wrote each folder), ``document`` (the document as data), ``report_sections`` and
``report_claims`` (what it says of each kind of folder), ``report_summary`` (its
summary of what the study found), ``report_html`` (one
self-contained page) and ``report_pdf`` (the same document as a PDF).

May import every lower layer: :mod:`sim.analysis`, :mod:`sim.ensemble`,
:mod:`sim.model`, :mod:`sim.scenarios`, :mod:`sim.errors`.
"""
