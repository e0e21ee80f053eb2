"""What a run's output can be, declared once and cheap to import (the command line's
help shows these without loading NumPy)."""

from __future__ import annotations

from enum import StrEnum

#: Where results go when no folder is given: results/<scenario file stem>/ and so on.
RESULTS_ROOT = "results"
#: Above this many runs actors.csv (about 20 KB a run) is left out unless asked for.
ACTORS_UP_TO = 1000


class Format(StrEnum):
    """How a results folder's tables are written."""

    CSV = "csv"
    PARQUET = "parquet"
