"""One document of a study (`sim report`): sections of blocks, rendered to HTML and PDF.

The document is data, not markup: :mod:`sim.report.report_html` and
:mod:`sim.report.report_pdf` each render the same :class:`Document`, so the HTML page and
its PDF say the same things in the same order. Text is plain (the renderers escape it);
the only markup is Markdown from a study's own report.md (:class:`Markdown`), rendered
with raw HTML switched off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Tone(StrEnum):
    """How a verdict or a status reads at a glance (the card's colour band)."""

    GOOD = "good"
    BAD = "bad"
    MIXED = "mixed"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: str = ""  # a bold lead-in before the text
    link: str = ""  # an anchor in the document ("#...") the paragraph ends with
    link_text: str = ""


@dataclass(frozen=True)
class Items:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()  # columns set right-aligned


@dataclass(frozen=True)
class Figure:
    """A picture embedded in the document (PNG bytes), with the words that replace it."""

    png: bytes
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Markdown:
    """A study's own Markdown report; pictures it names are read from ``folder`` only."""

    text: str
    folder: Path
    anchor: str  # heading ids and in-document links are prefixed with it


@dataclass(frozen=True)
class Card:
    """One claim (or one strategy) at a glance."""

    anchor: str
    title: str
    badge: str
    tone: Tone
    blocks: tuple[Block, ...]


Block = Paragraph | Items | Table | Figure | Markdown | Card


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    blocks: tuple[Block, ...]
    folded: bool = False  # long detail: folded away in the HTML until opened


@dataclass(frozen=True)
class Document:
    title: str
    note: str  # what the numbers are, said at the top and at the end of every section
    sections: tuple[Section, ...]
    generated_by: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


def slug(text: str) -> str:
    """An anchor from a heading, as GitHub makes them: lower case, words joined by '-'."""
    lowered = re.sub(r"[^\w\s-]", "", text.lower()).strip()
    return re.sub(r"[\s_]+", "-", lowered) or "section"
