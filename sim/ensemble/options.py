"""What a run's output can be, declared once and cheap to import (the command line's
help shows these without loading NumPy)."""

from __future__ import annotations

from enum import StrEnum

#: Where results go when no folder is given: results/<scenario file stem>/ and so on.
RESULTS_ROOT = "results"
#: Above this many runs actors.csv (about 20 KB a run) is left out unless asked for.
ACTORS_UP_TO = 1000
#: Above this many runs the tables are Parquet unless CSV is asked for: the weekly CSV
#: of 2,000 runs is 210,000 rows and 32 MB, about a second to write; Parquet writes
#: several times faster and a half the size, and the weekly CSV of 10,000 runs would no
#: longer fit a spreadsheet (1,050,000 rows).
CSV_UP_TO = 2000


class Format(StrEnum):
    """How a results folder's tables are written."""

    CSV = "csv"
    PARQUET = "parquet"


def default_format(runs: int) -> Format:
    """CSV for up to :data:`CSV_UP_TO` runs, Parquet above."""
    return Format.CSV if runs <= CSV_UP_TO else Format.PARQUET
