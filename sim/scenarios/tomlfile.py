"""Reading TOML a user wrote (a scenario, an assumption set, a space, a claim): one clear
line for every way the file can fail, and the same parsing for files and uploaded text."""

from __future__ import annotations

import errno
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.errors import ScenarioError, SimError

#: Makes the error for (source, message): ScenarioError and its kin take these first.
ErrorFactory = Callable[[str, str], SimError]

#: The byte-order mark some editors put at the start of a UTF-8 file.
BYTE_ORDER_MARK = "\ufeff"


def read_toml(path: Path, hint: str, error: ErrorFactory = ScenarioError) -> dict[str, Any]:
    """The tables of the TOML file at ``path``; ``hint`` ends the error for a missing file
    (what to give instead)."""
    source = str(path)
    problem = unreadable(path)
    if problem is not None:
        raise error(source, f"{problem}; {hint}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(source, f"cannot read ({exc.strerror})") from None
    return parse_toml(data, source, error)


def parse_toml(data: bytes | str, source: str,
               error: ErrorFactory = ScenarioError) -> dict[str, Any]:
    """TOML text (UTF-8 bytes or str, with or without a byte-order mark) as tables."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error(source, f"not UTF-8 text (byte {exc.start:,} cannot be read); "
                                "save the file as UTF-8") from None
    try:
        return tomllib.loads(data.removeprefix(BYTE_ORDER_MARK))
    except tomllib.TOMLDecodeError as exc:
        raise error(source, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise error(source, "not valid TOML here: arrays or tables nested too deeply") from None


def unreadable(path: Path) -> str | None:
    """Why ``path`` is not a file that can be read, or None when it is one."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return ("a broken symbolic link (what it points to does not exist)"
                if path.is_symlink() else "no such file")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop (the link leads back to itself)"
        return f"cannot be read ({exc.strerror})"
    return None if stat.S_ISREG(info.st_mode) else "not a file"
