"""How sim writes Parquet: dictionary encoding only where values repeat.

Arrow's writer dictionary-encodes every column by default. A float column of a model's
state (a weekly series, a per-run measure) rarely repeats a value, so the writer builds a
dictionary, outgrows its page limit and falls back to plain encoding, having paid for
both: the weekly table of 10,000 runs took 1.53 s to write with the default and 0.22 s
without dictionaries for its floats, and its file was 71.1 MiB against 48.7 MiB
(``python bench/bench_write.py``, best of three, 2026-12-03). The data read back are the same; only the encoding
differs, and the same table still gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def dictionary_columns(schema: Any) -> list[str]:
    """The columns worth dictionary-encoding: every one but the floating-point ones (run
    and week numbers, dates, categories repeat; measured values do not)."""
    import pyarrow as pa

    return [field.name for field in schema if not pa.types.is_floating(field.type)]


def parquet_writer(where: str | Path | Any, schema: Any) -> Any:
    """A ``pyarrow.parquet.ParquetWriter`` for tables of ``schema``, sim's encoding."""
    import pyarrow.parquet as pq

    return pq.ParquetWriter(where, schema, use_dictionary=dictionary_columns(schema))


def write_parquet(table: Any, where: str | Path | Any) -> None:
    """One Arrow table as a Parquet file, sim's encoding."""
    import pyarrow.parquet as pq

    pq.write_table(table, where, use_dictionary=dictionary_columns(table.schema))
