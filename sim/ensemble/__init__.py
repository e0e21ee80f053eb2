"""Running: every command's runs, planned, estimated, scheduled and gathered here, and
result folders written and read back.

Modules: ``runner`` (``sim.run``: one scenario's runs in one vectorized model),
``batch`` (many points' runs in one model), ``plan`` (each distinct set of runs once),
``cost`` (how long work takes, to choose where it runs), ``tasks`` (the shapes of
work: tasks, sinks, a piece's work), ``options`` (results' formats and defaults, cheap
to import), ``executors`` (this process,
local workers or a Dask cluster), ``helper`` (a forked process importing a slow
library, PRIM's, while this one works), ``schedule`` (tasks: sources feeding sinks, gathered
in order), ``pieces`` (long work in checkpointed pieces), ``checkpoints`` (finished
pieces on disk), ``progress`` (what long work tells whoever watches), ``jobs`` (what
`sim run` does), ``continuing`` (saved runs continued from a date under new levers:
`sim run --from`), ``results`` (a run's tables), ``writer`` (results folders, the
manifest), ``csv_format`` (fast CSV with pandas' bytes), ``parquet_format`` (Parquet
encoded as quickly: dictionaries only where values repeat), ``folders`` (checked, atomic,
locked folder writes) and ``resultsets`` (result folders read back, checked).

May import: :mod:`sim.model`, :mod:`sim.scenarios`, :mod:`sim.errors`, numpy, pandas,
pyarrow and Dask. Never analysis or reports: what is computed from the runs comes in
as functions (a sink's, a reducer's).
"""
