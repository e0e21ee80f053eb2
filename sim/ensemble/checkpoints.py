"""Work in progress kept on disk, so an interrupted job resumes where it stopped.

A checkpoint folder holds ``fingerprint.json`` (what the work is: a long job must
not resume from another job's pieces) and one ``piece-NNNNN.npz`` per finished piece
of work, each written atomically (a temporary file renamed into place), so a piece is
either whole or absent whatever moment the job is stopped at.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.ensemble.parquet_format import write_parquet
from sim.errors import ResultsError, SimError, argument

_RESUME, _RESTART = argument("resume"), argument("restart")


class Checkpoint:
    """The finished pieces of one job, in ``folder``."""

    def __init__(self, folder: str | Path, fingerprint: dict[str, Any]) -> None:
        self.folder = Path(folder)
        self.fingerprint = json.loads(json.dumps(fingerprint, sort_keys=True, default=str))

    @classmethod
    def open(cls, folder: str | Path, fingerprint: dict[str, Any], resume: bool,
             restart: bool, hint: str) -> Checkpoint:
        """The checkpoint for this job: resumed, restarted, or new.

        An unfinished job of the same fingerprint is continued only with ``resume`` and
        discarded only with ``restart``: without either it is an error, so that finished
        work is never thrown away unasked (nor when its fingerprint is damaged, which
        only ``restart`` gets past). Resuming a different job is an error too.
        """
        checkpoint = cls(folder, fingerprint)
        found, damaged = checkpoint.stored_fingerprint()
        where, pieces = checkpoint.folder, checkpoint.done_count()
        if restart:
            checkpoint.create()
            return checkpoint
        if damaged:
            raise SimError(f"{where}: the interrupted {hint}'s fingerprint.json is damaged, "
                           f"so it cannot be told what its {pieces} finished pieces are; "
                           f"pass {_RESTART} to discard them and start over")
        if resume:
            if found is None:
                raise SimError(f"{_RESUME}: no interrupted {hint} in {where}; run without "
                               f"{_RESUME} to start")
            if found != checkpoint.fingerprint:
                changed = sorted(k for k in set(found) | set(checkpoint.fingerprint)
                                 if found.get(k) != checkpoint.fingerprint.get(k))
                raise SimError(f"{_RESUME}: the interrupted {hint} in {where} was made with a "
                               f"different {', '.join(changed)}; resume with the same "
                               f"inputs, or pass {_RESTART} to start over")
            return checkpoint
        if found is not None:
            raise SimError(f"an interrupted {hint} with {pieces} finished pieces is in "
                           f"{where}: pass {_RESUME} to continue it or {_RESTART} to start over")
        checkpoint.create()
        return checkpoint

    def stored_fingerprint(self) -> tuple[dict[str, Any] | None, bool]:
        """The fingerprint kept in the folder (None when there is none), and whether the
        folder holds one that cannot be read (or pieces without one)."""
        path = self.folder / "fingerprint.json"
        if not path.exists():
            return None, self.folder.is_dir() and self.done_count() > 0
        try:
            found = json.loads(path.read_text())
        except (OSError, ValueError):
            return None, True
        return (found, False) if isinstance(found, dict) else (None, True)

    def create(self) -> None:
        """An empty checkpoint (any previous one is removed)."""
        try:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            self._write(self.folder / "fingerprint.json",
                        json.dumps(self.fingerprint, indent=1, sort_keys=True).encode())
        except OSError as exc:
            raise ResultsError(f"{self.folder}: cannot keep work in progress here "
                               f"({exc.strerror}); choose another {argument('out')}") from None

    def _path(self, piece: int) -> Path:
        return self.folder / f"piece-{piece:05d}.npz"

    def done_count(self) -> int:
        return len(list(self.folder.glob("piece-*.npz")))

    def has(self, piece: int, tables: tuple[str, ...] = ()) -> bool:
        """Whether the piece is finished (its arrays, and its tables of these kinds)."""
        return self._path(piece).is_file() and all(self.table_path(piece, kind).is_file()
                                                   for kind in tables)

    def restore(self, piece: int, tables: tuple[str, ...] = (),
                whole: Callable[[dict[str, np.ndarray]], bool] | None = None
                ) -> tuple[dict[str, np.ndarray] | None, bool]:
        """A finished piece's arrays (None if not finished), and whether it was found
        damaged: unreadable, or not ``whole`` (then it is removed, to be computed again)."""
        if not self.has(piece, tables):
            return None, False
        arrays = self.load(piece, tables)
        if arrays is not None and whole is not None and not whole(arrays):
            self.discard(piece, tables)
            arrays = None
        return arrays, arrays is None

    def discard(self, piece: int, tables: tuple[str, ...] = ()) -> None:
        """Remove a piece (and its tables), to be computed again."""
        self._path(piece).unlink(missing_ok=True)
        for kind in tables:
            self.table_path(piece, kind).unlink(missing_ok=True)

    def keep(self, piece: int, arrays: dict[str, np.ndarray],
             tables: dict[str, pd.DataFrame]) -> None:
        """Keep a finished piece: its tables first, then its arrays (the arrays mark it
        finished, so a piece stopped between the two is simply not finished)."""
        for kind, frame in tables.items():
            self.save_table(piece, kind, frame)
        self.save(piece, arrays)

    def save(self, piece: int, arrays: dict[str, np.ndarray]) -> None:
        """Keep one finished piece (atomically: whole or not at all)."""
        handle, tmp = tempfile.mkstemp(prefix=".piece-", suffix=".npz", dir=self.folder)
        try:
            with os.fdopen(handle, "wb") as file:
                np.savez(file, **arrays)
            os.replace(tmp, self._path(piece))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def save_table(self, piece: int, kind: str, frame: pd.DataFrame) -> None:
        """Keep one piece's per-run table of ``kind`` as Parquet (atomically)."""
        import pyarrow as pa

        handle, tmp = tempfile.mkstemp(prefix=".piece-", suffix=".parquet", dir=self.folder)
        os.close(handle)
        try:
            write_parquet(pa.Table.from_pandas(frame, preserve_index=False), tmp)
            os.replace(tmp, self.table_path(piece, kind))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def table_path(self, piece: int, kind: str) -> Path:
        return self.folder / f"piece-{piece:05d}.{kind}.parquet"

    def load(self, piece: int, tables: tuple[str, ...] = ()) -> dict[str, np.ndarray] | None:
        """A finished piece's arrays, or None when the piece (or one of its tables of
        these kinds) is damaged: then it is removed, to be computed again."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            with open(self._path(piece), "rb") as file, np.load(file,
                                                               allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            for kind in tables:
                pq.read_metadata(self.table_path(piece, kind))
            return arrays
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, pa.ArrowException):
            self.discard(piece, tables)
            return None

    def _write(self, path: Path, data: bytes) -> None:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(tmp, path)

    def remove(self) -> None:
        """The job is done: its pieces are no longer needed."""
        shutil.rmtree(self.folder, ignore_errors=True)
