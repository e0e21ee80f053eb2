"""Results folders on disk: checked before any work, written whole or not at all.

A command that writes a folder first checks that it can (so a long run is not
thrown away at the end), then fills a temporary sibling folder and renames it into
place: an interrupted or failed write leaves the previous folder as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sim.errors import ResultsError


def umask() -> int:
    """The process's file-creation mask (read without changing it for long)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_writable_folder(target: str | Path, option: str = "--out") -> None:
    """Fail now, with one line, if the results folder ``target`` could not be written.

    Probes the nearest existing ancestor by creating (and removing) a temporary
    folder in it: the only test that a read-only file system, a full disk or a
    pseudo file system like /proc cannot fool. Nothing is left behind.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ResultsError(f"{target}: exists and is not a folder; choose another {option}")
    ancestor = _nearest_existing(target.parent)
    if not ancestor.is_dir():
        raise ResultsError(f"{target}: {ancestor} is not a folder; choose another {option}")
    try:
        probe = tempfile.mkdtemp(prefix=".sim-probe-", dir=ancestor)
    except OSError as exc:
        raise ResultsError(f"{target}: cannot write in {ancestor} ({exc.strerror}); choose "
                           f"another {option}") from None
    os.rmdir(probe)


def write_folder_atomically(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a temporary sibling folder, then swap it in for ``target``.

    If ``fill`` fails, the temporary folder is removed and ``target`` is untouched.
    The folder gets the usual permissions (0777 less the umask), not the private
    ones of a temporary folder. File-system errors become one-line ResultsErrors.
    """
    check_writable_folder(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=parent))
    except OSError as exc:
        raise ResultsError(f"{target}: cannot create the output folder: {exc.strerror}") from None
    old: Path | None = None
    try:
        fill(tmp)
        os.chmod(tmp, 0o777 & ~umask())
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=parent))
            os.replace(target, old / target.name)
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old / target.name, target)
        raise ResultsError(f"{target}: writing failed ({exc.strerror or exc}); the previous "
                           "results, if any, are unchanged") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists():
            os.replace(old / target.name, target)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes, in hex (manifests record it; readers check it)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
