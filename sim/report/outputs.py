"""Writing report files: checked before anything is computed, each written atomically."""

from __future__ import annotations

import fcntl
import glob
import os
import re
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
    """Write several outputs of one command: each whole, and all of them or none.

    Files are staged as temporary siblings first; only when every one is staged are
    they renamed into place. A failure (a full disk, say) names the file, removes the
    staged files and leaves every target as it was. Standard output ("-") is written last.
    A staged file is locked while its writer lives, so one a killed writer left behind is
    removed by the next write of the same file.
    """
    staged: list[tuple[str, int, Path]] = []
    try:
        for path, content in contents.items():
            if str(path) != STDOUT:
                staged.append((*_stage(Path(path), content), Path(path)))
        for tmp, _, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise ResultsError(f"{path}: cannot write ({exc.strerror}); nothing was "
                                   "written") from None
    finally:
        for tmp, lock, _ in staged:
            Path(tmp).unlink(missing_ok=True)
            os.close(lock)
    for path, content in contents.items():
        if str(path) == STDOUT:
            data = content.encode() if isinstance(content, str) else content
            sys.stdout.buffer.write(data)
            sys.stdout.flush()


def _stage(path: Path, content: str | bytes) -> tuple[str, int]:
    """``content`` in a new temporary file beside ``path``, locked (removed again if that
    fails). Returns its name and the descriptor holding its lock."""
    data = content.encode() if isinstance(content, str) else content
    parent = path.parent or Path(".")
    remove_abandoned_files(parent, path.name)
    try:
        handle, made = tempfile.mkstemp(prefix=f".{path.name}.new-", dir=parent)
    except OSError as exc:
        raise ResultsError(f"{path}: cannot write in {path.parent} ({exc.strerror}); choose "
                           "another file; nothing was written") from None
    tmp = str(parent / f".{path.name}.tmp-{Path(made).name[-8:]}")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # before it has its staged name
        os.rename(made, tmp)
        with open(handle, "wb", closefd=False) as file:
            file.write(data)
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes files private; be like open()
    except OSError as exc:
        for name in (made, tmp):
            Path(name).unlink(missing_ok=True)
        os.close(handle)
        raise ResultsError(f"{path}: cannot write ({exc.strerror}); nothing was "
                           "written") from None
    return tmp, handle


def remove_abandoned_files(parent: Path, name: str) -> list[Path]:
    """Remove the staged copies of ``name`` in ``parent`` that no live writer holds (a
    writer killed between staging and renaming leaves one; its lock died with it)."""
    pattern = re.compile(re.escape(f".{name}.tmp-") + r"[A-Za-z0-9_]{8}")
    removed = []
    for entry in parent.glob(f".{glob.escape(name)}.tmp-*"):
        if not pattern.fullmatch(entry.name) or entry.is_symlink() or not entry.is_file():
            continue
        try:
            lock = os.open(entry, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            entry.unlink(missing_ok=True)
            removed.append(entry)
        except OSError:
            pass  # a live writer's
        finally:
            os.close(lock)
    return removed


def write_output(path: str | Path, content: str | bytes) -> None:
    """Write one output atomically (see :func:`write_outputs`)."""
    write_outputs({path: content})
