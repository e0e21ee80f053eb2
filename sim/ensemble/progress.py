"""Progress for long work: what every command that runs many runs is told, and the
default when nobody watches."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

#: Makes a progress context for (label, total): it yields a callback told how much more
#: is done each time (runs, or claims). The CLI's gives a bar on a terminal.
ProgressFactory = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


def no_progress(label: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
    """A progress context that shows nothing."""
    return nullcontext(lambda done: None)
