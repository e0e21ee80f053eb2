"""Writing report files: checked before anything is computed, each written atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from sim.ensemble.folders import umask
from sim.errors import ResultsError, argument

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
        raise ResultsError(f"{path}: {argument(option)} must name a {allowed} file")
    if path.is_dir():
        raise ResultsError(f"{path}: {argument(option)} names a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ResultsError(f"{path}: {argument(option)} folder {parent} does not exist; "
                           "create it first")
    for source in inputs:
        if path.resolve() == Path(source).resolve():
            raise ResultsError(f"{path}: {argument(option)} would overwrite an input; "
                               "choose another file name")
    try:  # the only sure test of writability (read-only file systems, /proc, ...)
        handle, probe = tempfile.mkstemp(prefix=f".{path.name}.", dir=parent)
    except OSError as exc:
        raise ResultsError(f"{path}: {argument(option)} cannot be written in {parent} "
                           f"({exc.strerror}); "
                           "choose another place") from None
    os.close(handle)
    os.unlink(probe)


def plot_format(path: str | Path) -> str:
    return Path(path).suffix.lower().lstrip(".")


def write_outputs(contents: dict[str | Path, str | bytes]) -> None:
    """Write several outputs of one command: all of them, or none.

    Files are staged as temporary siblings first; only when every one is staged are
    they renamed into place. A failure (a full disk, say) names the file, removes the
    staged files and leaves every target as it was. Standard output ("-") is written last.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in contents.items():
            if str(path) != STDOUT:
                staged.append((_stage(Path(path), content), Path(path)))
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise ResultsError(f"{path}: cannot write ({exc.strerror}); nothing was "
                                   "written") from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
    for path, content in contents.items():
        if str(path) == STDOUT:
            data = content.encode() if isinstance(content, str) else content
            sys.stdout.buffer.write(data)
            sys.stdout.flush()


def _stage(path: Path, content: str | bytes) -> str:
    """``content`` in a new temporary file beside ``path`` (removed again if that fails)."""
    data = content.encode() if isinstance(content, str) else content
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    except OSError as exc:
        raise ResultsError(f"{path}: cannot write in {path.parent} ({exc.strerror}); choose "
                           "another file; nothing was written") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes files private; be like open()
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ResultsError(f"{path}: cannot write ({exc.strerror}); nothing was "
                           "written") from None
    return tmp


def write_output(path: str | Path, content: str | bytes) -> None:
    """Write one output atomically (see :func:`write_outputs`)."""
    write_outputs({path: content})
