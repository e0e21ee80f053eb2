"""The exceptions sim raises for problems a user can fix.

The CLI turns every :class:`SimError` into one line on stderr and exit status 2;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``), so an
    error naming a user's key or value stays one line whatever they typed."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


class SimError(Exception):
    """Base class for errors caused by user input; its message is always one line."""

    def __init__(self, message: str = "") -> None:
        super().__init__(one_line(str(message)))


class ScenarioError(SimError):
    """A scenario file, key or value is invalid.

    The message names the source (file or ``--set``), the key, what was given,
    what is allowed and, where one is close, a did-you-mean.
    """

    def __init__(self, source: str, message: str, key: str | None = None) -> None:
        self.source = source
        self.key = key
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(where + message)


class ResultsError(SimError):
    """A results folder cannot be written or read."""
