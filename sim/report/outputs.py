"""Writing report files: checked before anything is computed, each written atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from sim.errors import ResultsError

STDOUT = "-"
PLOT_FORMATS = ("png", "svg", "pdf")


def check_output(path: str | Path | None, option: str, suffixes: Sequence[str],
                 inputs: Iterable[Path] = ()) -> None:
    """Fail early (before any work) if ``path`` cannot or should not be written.

    ``path`` "-" means standard output. ``suffixes`` are the allowed extensions
    (without the dot); ``inputs`` are files the output must not replace.
    """
    if path is None or str(path) == STDOUT:
        return
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in suffixes:
        allowed = ", ".join(f".{s}" for s in suffixes)
        raise ResultsError(f"{path}: {option} must name a {allowed} file")
    if path.is_dir():
        raise ResultsError(f"{path}: {option} names a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ResultsError(f"{path}: {option} folder {parent} does not exist; create it first")
    for source in inputs:
        if path.resolve() == Path(source).resolve():
            raise ResultsError(f"{path}: {option} would overwrite an input; "
                               "choose another file name")


def plot_format(path: str | Path) -> str:
    return Path(path).suffix.lower().lstrip(".")


def write_output(path: str | Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file (or to stdout for "-")."""
    data = content.encode() if isinstance(content, str) else content
    if str(path) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files private; be like open()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
