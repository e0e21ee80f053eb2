"""A report as a PDF (`sim report --pdf`): the same document as the HTML page.

Drawn by fpdf2: pure Python, installed from PyPI with sim, no system libraries (WeasyPrint
needs Pango; a browser's print-to-PDF needs a browser the README's commands do not
install). Text is set in DejaVu Sans, the font matplotlib ships, so every character the
reports use (km2, EUR, dashes, the essay's quotation marks) prints. A study's Markdown is
walked token by token (markdown-it-py) into headings, paragraphs, lists, quotes, tables and
pictures; the PDF has an outline of its sections. Same document, same bytes: the creation
date is the document's, not the clock's.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from pathlib import Path

from fpdf import FPDF

from sim.report.document import Block, Card, Document, Figure, Items, Markdown, Paragraph, Table
from sim.report.document import Section as DocSection
from sim.report.report_html import folder_image

#: A fixed date, so the same document gives the same bytes.
CREATION_DATE = datetime.datetime(2025, 9, 4, tzinfo=datetime.UTC)
FONT = "dejavu"
MONO = "dejavumono"
TONE_COLOURS = {"good": (27, 94, 32), "bad": (163, 21, 21), "mixed": (122, 79, 0),
                "neutral": (55, 71, 79)}
HEADING_SIZES = {1: 18, 2: 14, 3: 12, 4: 11, 5: 10, 6: 10}
TEXT_SIZE, SMALL_SIZE, LINE = 9.5, 7.5, 4.6


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes (A4)."""
    pdf = _new_pdf(document)
    pdf.add_page()
    _heading(pdf, document.title, 1, outline=False)
    _note(pdf, document.note)
    for warning in document.warnings:
        _paragraph(pdf, [("B", "Warning: "), ("", warning)])
    for section in document.sections:
        _section(pdf, section, document.note)
    if document.generated_by:
        _paragraph(pdf, [("", "Written by "), ("M", document.generated_by)], size=SMALL_SIZE)
    return bytes(pdf.output())


class NotedPDF(FPDF):
    """A PDF whose every page ends with what the numbers are."""

    note = ""

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "I", 6.5)
        self.set_text_color(80, 80, 80)
        self.multi_cell(0, 2.8, f"{self.note}  Page {self.page_no()}.", align="L")
        self.set_text_color(0, 0, 0)


def _new_pdf(document: Document) -> NotedPDF:
    import matplotlib

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf = NotedPDF(format="A4")
    pdf.note = document.note
    for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"),
                        ("I", "DejaVuSans-Oblique.ttf"), ("BI", "DejaVuSans-BoldOblique.ttf")):
        pdf.add_font(FONT, style, str(fonts / file))
    pdf.add_font(MONO, "", str(fonts / "DejaVuSansMono.ttf"))
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_title(document.title)
    pdf.set_creator("sim report")
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_font(FONT, size=TEXT_SIZE)
    return pdf


def _section(pdf, section: DocSection, note: str) -> None:
    if pdf.get_y() > pdf.h * 0.6:
        pdf.add_page()
    _heading(pdf, section.title, 2)
    for block in section.blocks:
        _block(pdf, block, level=2)
    _paragraph(pdf, [("I", note)], size=SMALL_SIZE)


def _block(pdf, block: Block, level: int) -> None:
    if isinstance(block, Paragraph):
        words = [("B", block.strong)] if block.strong else []
        words.append(("", block.text + (f" {block.link_text}." if block.link else "")))
        _paragraph(pdf, words)
    elif isinstance(block, Items):
        for item in block.items:
            _paragraph(pdf, [("", item)], bullet=True)
    elif isinstance(block, Table):
        _table(pdf, block.columns, block.rows, block.caption)
    elif isinstance(block, Figure):
        _picture(pdf, block.png, block.caption)
    elif isinstance(block, Markdown):
        _markdown(pdf, block, level)
    elif isinstance(block, Card):
        _card(pdf, block, level)


def _heading(pdf, text: str, level: int, outline: bool = True) -> None:
    if outline:
        pdf.start_section(text[:120], level=max(0, level - 2), strict=False)
    pdf.ln(2)
    pdf.set_font(FONT, "B", HEADING_SIZES.get(level, TEXT_SIZE))
    pdf.multi_cell(0, HEADING_SIZES.get(level, TEXT_SIZE) * 0.5, text, align="L")
    pdf.ln(1)
    pdf.set_font(FONT, "", TEXT_SIZE)


def _note(pdf, note: str) -> None:
    pdf.set_fill_color(255, 244, 214)
    pdf.set_font(FONT, "", TEXT_SIZE)
    pdf.multi_cell(0, LINE, note, fill=True, padding=2, align="L")
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def _paragraph(pdf, words: list[tuple[str, str]], size: float = TEXT_SIZE,
               bullet: bool = False, indent: float = 0) -> None:
    """Flowing text in runs of a style ("", "B", "I", "BI", or "M" for code)."""
    left = pdf.l_margin
    pdf.set_left_margin(left + indent + (4 if bullet else 0))
    pdf.set_x(pdf.l_margin)
    if bullet:
        pdf.set_x(pdf.l_margin - 3)
        pdf.set_font(FONT, "", size)
        pdf.write(LINE, "\u2022 ")
        pdf.set_x(max(pdf.get_x(), pdf.l_margin))
    for style, text in words:
        if style == "M":
            pdf.set_font(MONO, "", size * 0.92)
        else:
            pdf.set_font(FONT, style, size)
        pdf.write(LINE * size / TEXT_SIZE, text)
    pdf.ln(LINE * 1.35)
    pdf.set_left_margin(left)
    pdf.set_x(left)
    pdf.set_font(FONT, "", TEXT_SIZE)


def _table(pdf, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...],
           caption: str = "") -> None:
    if caption:
        _paragraph(pdf, [("I", caption)], size=SMALL_SIZE)
    if not rows:
        return
    pdf.set_font(FONT, "", SMALL_SIZE if len(columns) < 7 else SMALL_SIZE - 1)
    widths = _column_widths(columns, rows)
    with pdf.table(col_widths=widths, line_height=3.6, first_row_as_headings=True,
                   headings_style=_bold_headings(), padding=0.8) as table:
        for row in (columns, *rows):
            cells = table.row()
            for value in row:
                cells.cell(str(value))
    pdf.ln(2)
    pdf.set_font(FONT, "", TEXT_SIZE)


def _bold_headings():
    from fpdf.fonts import FontFace

    return FontFace(family=FONT, emphasis="BOLD", fill_color=(235, 235, 235))


def _column_widths(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]
                   ) -> tuple[float, ...]:
    """Wider columns for longer text, none narrower than a short word."""
    longest = [max([len(columns[i]), *(len(str(r[i])) for r in rows if i < len(r))])
               for i in range(len(columns))]
    return tuple(min(max(n, 6), 60) for n in longest)


def _picture(pdf, data: bytes, caption: str = "") -> None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width_px, height_px = image.size
    width = min(pdf.epw, width_px * 25.4 / 110)  # about 110 dpi on paper, at most the page
    height = width * height_px / width_px
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.image(io.BytesIO(data), x=pdf.l_margin, w=width)
    if caption:
        _paragraph(pdf, [("I", caption)], size=SMALL_SIZE)
    pdf.ln(1)


def _card(pdf, card: Card, level: int) -> None:
    pdf.set_text_color(*TONE_COLOURS[card.tone.value])
    _heading(pdf, f"{card.title} [{card.badge}]", level + 1)
    pdf.set_text_color(0, 0, 0)
    for block in card.blocks:
        _block(pdf, block, level + 1)


# ---- a study's Markdown -------------------------------------------------------------------------
def _markdown(pdf, block: Markdown, level: int) -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(block.text)
    quote = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            _heading(pdf, tokens[index + 1].content, level + int(token.tag[1]) - 1)
            index += 2
        elif token.type == "blockquote_open" or token.type == "blockquote_close":
            quote += 1 if token.type == "blockquote_open" else -1
        elif token.type == "inline" and tokens[index - 1].type == "paragraph_open":
            _inline(pdf, token.children or [], block.folder, tokens, index, quote)
        elif token.type == "table_open":
            index = _markdown_table(pdf, tokens, index)
        elif token.type in ("fence", "code_block"):
            _paragraph(pdf, [("M", token.content.rstrip())], size=SMALL_SIZE)
        index += 1


def _inline(pdf, children: list, folder: Path, tokens: list, index: int, quote: int) -> None:
    images = [c for c in children if c.type == "image"]
    for image in images:
        data = folder_image(folder, str(image.attrGet("src") or ""))
        if data is not None:
            _picture(pdf, data)
    words = list(_runs(children))
    if words and any(text.strip() for _, text in words):
        in_list = any(t.type == "list_item_open" and t.level < tokens[index].level
                      for t in tokens[max(0, index - 3):index])
        _paragraph(pdf, words, bullet=in_list, indent=6 * quote,
                   size=TEXT_SIZE if not quote else TEXT_SIZE - 0.5)


def _runs(children: list) -> Iterator[tuple[str, str]]:
    """Inline Markdown as runs of text, each in its style."""
    bold = italic = False
    for child in children:
        if child.type == "strong_open" or child.type == "strong_close":
            bold = child.type == "strong_open"
        elif child.type == "em_open" or child.type == "em_close":
            italic = child.type == "em_open"
        elif child.type == "code_inline":
            yield "M", child.content
        elif child.type == "text":
            yield ("B" if bold else "") + ("I" if italic else ""), child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield "", " "


def _markdown_table(pdf, tokens: list, index: int) -> int:
    """A Markdown table drawn as a table; the index of its closing token."""
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append("".join(text for _, text in _runs(token.children or [])))
        elif token.type == "tr_close":
            rows.append(tuple(row))
        index += 1
    if rows:
        _table(pdf, rows[0], tuple(rows[1:]))
    return index
