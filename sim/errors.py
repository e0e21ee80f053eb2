"""The exceptions sim raises for problems a user can fix.

The CLI turns every :class:`SimError` into one line on stderr and exit status 2;
anything else is a bug and keeps its traceback.

A message names the library's arguments, never a command's flags: an argument is
written ``{{name}}`` in the message, which reads as `` `name` `` from Python and as the
command's option (``--name``) on the command line (:meth:`SimError.render`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

_ARGUMENT = re.compile(r"\{\{([a-z_]+)\}\}")


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``), so an
    error naming a user's key or value stays one line whatever they typed."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


def first_line(exc: BaseException) -> str:
    """The first line of ``exc``'s message (its type's name if it has none): how a
    library's error is quoted inside one of sim's one-line messages."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def argument(name: str) -> str:
    """How a message names the library argument ``name`` (see the module's note)."""
    return f"{{{{{name}}}}}"


#: How Python calls the arguments a message may name whose plain name would mislead.
_IN_PYTHON = {"no_boxes": "`boxes=False`", "force": "`force=True`", "resume": "`resume=True`",
              "restart": "`restart=True`", "no_sensitivity": "`sensitivity=False`"}


def rendered(text: str, options: Mapping[str, str]) -> str:
    """``text`` (an error, a warning or a note) with each argument named as ``options``
    names it (a command's flags, say); one not in ``options`` is named as Python calls
    it."""
    return _ARGUMENT.sub(lambda m: options.get(m[1], _IN_PYTHON.get(m[1], f"`{m[1]}`")), text)


class Text(str):
    """A warning or note that names arguments: it reads as Python names them, and keeps
    its ``template`` for a command to name its flags instead (:func:`rendered`)."""

    template: str

    def __new__(cls, template: str) -> Text:
        text = super().__new__(cls, rendered(template, {}))
        text.template = template
        return text


def template_of(text: str) -> str:
    """The template of a :class:`Text` (any other string is its own)."""
    return getattr(text, "template", text)


class SimError(Exception):
    """Base class for errors caused by user input; its message is always one line.

    ``exit_status`` is what the command line exits with; ``said`` is true when the
    problem has been reported already (line by line) and needs no further line.
    """

    exit_status = 2
    said = False

    def __init__(self, message: str = "") -> None:
        self.template = one_line(str(message))
        super().__init__(self.render({}))

    def render(self, options: Mapping[str, str]) -> str:
        """The message with each argument named as ``options`` names it (see
        :func:`rendered`)."""
        return rendered(self.template, options)


class InputFileError(SimError):
    """A file a user wrote (or a value they typed) is invalid.

    The message names the source (file, or the argument the value came from), the
    key, what was given, what is allowed and, where one is close, a did-you-mean.
    """

    def __init__(self, source: str, message: str, key: str | None = None) -> None:
        self.source, self.detail, self.key = source, message, key
        where = f"{source}: {key}: " if key else f"{source}: "
        super().__init__(where + message)


@contextmanager
def reported_as(kind: type[InputFileError]) -> Iterator[None]:
    """Errors of the shared value checks (which speak of scenarios) re-raised as ``kind``,
    for the file being read (a claim, a space): the same message, the right class."""
    try:
        yield
    except InputFileError as exc:
        if isinstance(exc, kind):
            raise
        raise kind(exc.source, exc.detail, exc.key) from None


class ScenarioError(InputFileError):
    """A scenario file or assumption set, key or value is invalid."""


class ClaimError(InputFileError):
    """A claim file, key or value is invalid."""


class SpaceError(InputFileError):
    """An assumption space file, key or value is invalid."""


class RecordError(InputFileError):
    """A file of the record dataset (inputs or targets), key or value is invalid."""


class PoliciesError(InputFileError):
    """A policies file (`sim robust`: strategies, measures, thresholds), key or value is
    invalid."""


class ResultsError(SimError):
    """A results folder cannot be written or read."""


class Interrupted(SimError):
    """Long work stopped by Ctrl-C with its finished part kept; the message says how to
    go on (the command line exits with 130, as for an interrupt)."""

    exit_status = 130


class InvalidInputs(SimError):
    """Some of several inputs were invalid; each has been reported on its own line."""

    said = True
