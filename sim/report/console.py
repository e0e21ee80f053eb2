"""Where a command's words go: what it prints (standard output: tables or JSON), and its
warnings and notes (standard error), kept apart from how a command computes them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def _stdout(text: str) -> None:
    print(text)


def _stderr(text: str) -> None:
    print(text, file=sys.stderr)


@dataclass(frozen=True)
class Console:
    """A command's channels. ``quiet`` keeps its tables (not its warnings) to itself;
    ``as_json`` prints one JSON document instead of tables."""

    out: Callable[[str], None] = _stdout
    err: Callable[[str], None] = _stderr
    quiet: bool = False
    as_json: bool = False
    #: How messages name arguments (the CLI: its flags); see sim.errors.rendered.
    options: dict[str, str] = field(default_factory=dict)

    def table(self, text: str) -> None:
        """A table for people (not with ``quiet`` or ``as_json``)."""
        if not (self.quiet or self.as_json):
            self.out(text)

    def document(self, data: Any) -> None:
        """The command's result as JSON (only with ``as_json``)."""
        if self.as_json:
            self.out(json.dumps(data, indent=2, default=str))

    def warn(self, text: str) -> None:
        self.err(f"Warning: {self.named(text)}")

    def note(self, text: str) -> None:
        self.err(f"Note: {self.named(text)}")

    def said(self, text: str) -> None:
        """A line about where output went (standard error, so standard output stays the
        table or the JSON)."""
        self.err(self.named(text))

    def named(self, text: str) -> str:
        from sim.errors import rendered, template_of

        return rendered(template_of(text), self.options)


#: A console that prints nothing but warnings (the Python API's default).
QUIET = Console(quiet=True)
