"""Results folders on disk: checked before any work, written whole or not at all.

A command that writes a folder first checks that it can (so a long run is not
thrown away at the end), then fills a temporary sibling folder and renames it into
place: an interrupted or failed write leaves the previous folder as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sim.errors import ResultsError, argument


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


def check_writable_folder(target: str | Path, option: str = "out") -> None:
    """Fail now, with one line, if the results folder ``target`` could not be written.

    Probes the nearest existing ancestor by creating (and removing) a temporary
    folder in it: the only test that a read-only file system, a full disk or a
    pseudo file system like /proc cannot fool. Nothing is left behind.
    """
    target = Path(target)
    if target.is_symlink():
        raise ResultsError(f"{target}: a symbolic link; a results folder replaces what is "
                           f"there, so give a real folder as {argument(option)}")
    if target.exists() and not target.is_dir():
        raise ResultsError(f"{target}: exists and is not a folder; choose another "
                           f"{argument(option)}")
    if target.name in ("", ".", "..") or Path.cwd().resolve().is_relative_to(target.resolve()):
        raise ResultsError(f"{target}: holds the working folder, and a results folder is "
                           f"replaced whole; choose a folder of its own as {argument(option)}")
    if target.is_dir() and any(target.iterdir()) and not (target / "manifest.json").is_file():
        raise ResultsError(f"{target}: a folder that sim did not write (no manifest.json in "
                           "it), and a results folder is replaced whole; choose another "
                           f"{argument(option)}, or empty it first")
    ancestor = _nearest_existing(target.parent)
    if not ancestor.is_dir():
        raise ResultsError(f"{target}: {ancestor} is not a folder; choose another "
                           f"{argument(option)}")
    try:
        probe = tempfile.mkdtemp(prefix=".sim-probe-", dir=ancestor)
    except OSError as exc:
        raise ResultsError(f"{target}: cannot write in {ancestor} ({exc.strerror}); choose "
                           f"another {option}") from None
    os.rmdir(probe)


#: A staging folder: ``.<target name>.tmp-<8 random characters>`` (tempfile's suffix),
#: holding this marker (so a folder of that name that sim did not make is never touched).
_STAGING = re.compile(r"\.(?P<target>.+)\.tmp-[A-Za-z0-9_]{8}")
_MARKER = ".sim-staging"


def write_folder_atomically(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a staging folder beside ``target``, then swap it in for ``target``.

    If ``fill`` fails, the staging folder is removed and ``target`` is untouched. The
    folder gets the usual permissions (0777 less the umask), not the private ones of a
    temporary folder. File-system errors become one-line ResultsErrors. A staging folder
    is locked while its writer lives, so one left by a killed writer is known as such and
    removed by the next write into the same parent (:func:`remove_abandoned`).
    """
    check_writable_folder(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(parent)
        stage = _locked_stage(parent, target.name)
    except OSError as exc:
        raise ResultsError(f"{target}: cannot create the output folder: {exc.strerror}") from None
    path, lock = stage
    new, old = path / "new", path / "old"
    try:
        new.mkdir()
        fill(new)
        os.chmod(new, 0o777 & ~umask())
        if target.exists():
            os.replace(target, old)
        os.replace(new, target)
    except OSError as exc:
        _restore(old, target)
        raise ResultsError(f"{target}: writing failed ({exc.strerror or exc}); the previous "
                           "results, if any, are unchanged") from None
    except BaseException:
        _restore(old, target)
        raise
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(lock)  # unlocked only once removed


def _locked_stage(parent: Path, name: str) -> tuple[Path, int]:
    """A new staging folder for ``name`` in ``parent``, locked (flock) from the moment it
    has its staging name: made under another name, locked, then renamed, so a sweeper
    never finds one unlocked while its writer lives. Returns (folder, lock descriptor)."""
    made = Path(tempfile.mkdtemp(prefix=f".{name}.new-", dir=parent))
    lock = os.open(made, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        (made / _MARKER).write_text("a sim results folder being written; removed when done\n")
        stage = parent / f".{name}.tmp-{made.name[-8:]}"
        os.rename(made, stage)
    except BaseException:
        os.close(lock)
        shutil.rmtree(made, ignore_errors=True)
        raise
    return stage, lock


def remove_abandoned(parent: Path) -> list[Path]:
    """Remove the staging folders in ``parent`` that no live writer holds.

    A writer holds its staging folder's lock until it is done, and the system releases a
    lock when its holder dies however it died (SIGKILL, a crash), whatever process ids are
    reused later. So a staging folder whose lock can be taken is abandoned. If a swap was
    cut short after the old results were moved aside, they are put back first. Nothing
    but staging folders is touched. Returns the folders removed.
    """
    removed: list[Path] = []
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return removed  # a folder one can write in but not list: nothing to sweep
    for entry in entries:
        found = _STAGING.fullmatch(entry.name)
        if (found is None or entry.is_symlink() or not entry.is_dir()
                or not (entry / _MARKER).is_file()):
            continue
        try:
            lock = os.open(entry, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)  # a live writer's
            continue
        try:
            _restore(entry / "old", parent / found["target"])
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        finally:
            os.close(lock)
    return removed


def _restore(old: Path, target: Path) -> None:
    """Put previous results moved aside back, if they are not back already."""
    if old.is_dir() and not target.exists():
        os.replace(old, target)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes, in hex (manifests record it; readers check it)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
