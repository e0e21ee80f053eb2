"""A report as one self-contained HTML file: figures embedded as data, no network at all.

The page is plain HTML with its style inline and one small script (folded sections open
when a link points into them). A study's own Markdown is rendered by markdown-it-py with
raw HTML off; the pictures it names are embedded only from inside that study's folder,
its headings get ids prefixed by their section, and its in-document links are rewritten to
match, so every internal link of the page has its one target.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from sim.report.document import (
    Block,
    Card,
    Document,
    Figure,
    Items,
    Markdown,
    Paragraph,
    Section,
    Table,
    slug,
)
from sim.report.study_folders import folder_file

#: Pictures a report embeds from a folder, and the largest it takes.
#: Suffix: the picture's type, and the format its bytes must hold whatever its name says.
IMAGE_TYPES = {".png": ("image/png", "PNG"), ".jpg": ("image/jpeg", "JPEG"),
               ".jpeg": ("image/jpeg", "JPEG")}
MAX_IMAGE_BYTES = 20_000_000

STYLE = """
:root { --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8c8c8; --paper: #ffffff;
        --note: #fff4d6; --good: #1b5e20; --bad: #a31515; --mixed: #7a4f00; --neutral: #37474f; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 Georgia, "DejaVu Serif", serif; color: var(--ink);
       background: var(--paper); }
header, nav, main, footer { max-width: 62rem; margin: 0 auto; padding: 0 1.25rem; }
h1, h2, h3, h4, h5, h6, nav, table, .badge, figcaption, .projection-note, summary {
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
h1 { font-size: 1.9rem; margin: 1.5rem 0 0.5rem; }
h2 { font-size: 1.45rem; border-bottom: 2px solid var(--ink); padding-bottom: 0.2rem;
     margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin-top: 1.6rem; }
.projection-note { background: var(--note); border-left: 4px solid #8a6d00; padding: 0.6rem
  0.9rem; margin: 1rem 0; font-size: 0.95rem; }
.section-note { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule);
  margin-top: 1.5rem; padding-top: 0.4rem; }
nav ol { columns: 2; padding-left: 1.2rem; }
nav a, main a { color: #0b4f9c; }
.scroll { overflow-x: auto; margin: 0.8rem 0; }
.scroll:focus { outline: 2px solid #0b4f9c; }
table { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
caption { caption-side: top; text-align: left; color: var(--muted); padding: 0.3rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; }
figure img, .md img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: 0.85rem; color: var(--muted); }
.card { border: 1px solid var(--rule); border-left: 6px solid var(--neutral); padding: 0.2rem
  1rem 0.8rem; margin: 1.2rem 0; break-inside: avoid; }
.card h3 { margin-top: 0.8rem; }
.badge { display: inline-block; color: #fff; background: var(--neutral); border-radius: 3px;
         padding: 0 0.45rem; font-size: 0.85rem; margin-left: 0.4rem; vertical-align: 0.1rem; }
.tone-good { border-left-color: var(--good); } .tone-good .badge { background: var(--good); }
.tone-bad { border-left-color: var(--bad); } .tone-bad .badge { background: var(--bad); }
.tone-mixed { border-left-color: var(--mixed); } .tone-mixed .badge { background: var(--mixed); }
details > summary { cursor: pointer; font-weight: bold; margin: 1rem 0; }
.file { font-family: monospace; }
.warning { color: var(--bad); }
code { font-size: 0.9em; }
@media print { nav { display: none; } details { display: block; } .scroll { overflow: visible; }
  h2 { break-before: page; } }
"""

#: Opens the folded section a link points into (and the one the address names on load).
SCRIPT = """
function openTarget() {
  var id = decodeURIComponent(location.hash.slice(1));
  var target = id && document.getElementById(id);
  for (var node = target; node; node = node.parentElement) {
    if (node.tagName === 'DETAILS') { node.open = true; }
  }
  if (target) { target.scrollIntoView(); }
}
window.addEventListener('hashchange', openTarget);
window.addEventListener('DOMContentLoaded', openTarget);
"""


def render_html(document: Document) -> str:
    """The document as one HTML page."""
    esc = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{esc(document.title)}</title>", f"<style>{STYLE}</style>",
             f"<script>{SCRIPT}</script>", "</head>", "<body>", "<header>",
             f"<h1>{esc(document.title)}</h1>", _note(document.note)]
    parts += [f'<p class="warning" role="alert">{esc(w)}</p>' for w in document.warnings]
    parts += ["</header>", _contents(document), "<main>"]
    for section in document.sections:
        parts.append(_section(section, document.note))
    parts += ["</main>", "<footer>", _note(document.note)]
    if document.generated_by:
        parts.append(f'<p class="section-note">Written by <code>{esc(document.generated_by)}'
                     "</code>.</p>")
    parts += ["</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _note(note: str) -> str:
    return f'<p class="projection-note" role="note">{html.escape(note)}</p>'


def _contents(document: Document) -> str:
    items = "".join(f'<li><a href="#{_attr(s.anchor)}">{html.escape(s.title)}</a></li>'
                    for s in document.sections)
    return (f'<nav aria-label="Contents"><h2 id="contents">Contents</h2>'
            f"<ol>{items}</ol></nav>")


def _attr(value: str) -> str:
    """A value inside an attribute's quotes."""
    return html.escape(value, quote=True)


def _section(section: Section, note: str) -> str:
    body = "\n".join(block_html(b) for b in section.blocks)
    title = html.escape(section.title)
    anchor = _attr(section.anchor)
    footer = (f'<p class="section-note">{html.escape(note)}</p>')
    if section.folded:
        return (f'<section aria-labelledby="{anchor}"><details>'
                f'<summary><h2 id="{anchor}" style="display:inline">{title}</h2>'
                f"</summary>{body}{footer}</details></section>")
    return (f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{title}'
            f"</h2>{body}{footer}</section>")


def block_html(block: Block, within: str = "") -> str:
    """One block of the document as HTML; ``within``: the card it is in (named in a
    table's label, so that each scrolling region has a name of its own)."""
    esc = html.escape
    if isinstance(block, Paragraph):
        strong = f"<strong>{esc(block.strong)}</strong>" if block.strong else ""
        link = (f' <a href="{esc(block.link)}">{esc(block.link_text)}</a>' if block.link
                else "")
        return f"<p>{strong}{esc(block.text)}{link}</p>"
    if isinstance(block, Items):
        return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block, within)
    if isinstance(block, Figure):
        return _figure(block.png, "image/png", block.alt, block.caption)
    if isinstance(block, Markdown):
        return f'<div class="md">{markdown_html(block)}</div>'
    if isinstance(block, Card):
        return _card(block)
    raise TypeError(f"not a block of a document: {block!r}")


def _table(table: Table, within: str = "") -> str:
    esc = html.escape
    label = (f"{within}: " if within else "") + (table.caption or ", ".join(table.columns))
    caption = f"<caption>{esc(table.caption)}</caption>" if table.caption else ""
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        cells = "".join(f'<td class="num">{esc(c)}</td>' if i in table.numeric
                        else f"<td>{esc(c)}</td>" for i, c in enumerate(row))
        rows.append(f"<tr>{cells}</tr>")
    return (f'<div class="scroll" tabindex="0" role="region" aria-label="{esc(label[:160])}">'
            f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")


def _figure(data: bytes, mime: str, alt: str, caption: str) -> str:
    esc = html.escape
    source = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    described = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{source}" alt="{esc(alt)}">{described}</figure>'


def _card(card: Card) -> str:
    body = "\n".join(block_html(b, card.title) for b in card.blocks)
    anchor = _attr(card.anchor)
    return (f'<article class="card tone-{card.tone.value}" id="{anchor}" '
            f'aria-labelledby="{anchor}-title"><h3 id="{anchor}-title">'
            f'{html.escape(card.title)}<span class="badge">{html.escape(card.badge)}</span>'
            f"</h3>{body}</article>")


# ---- a study's own Markdown --------------------------------------------------------------------
def markdown_html(block: Markdown) -> str:
    """A study's report.md as HTML: headings one level down with prefixed ids, in-document
    links rewritten, pictures embedded from the folder, links to its files shown as names."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(block.text)
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
        if token.type == "heading_open":
            token.attrSet("id", _heading_id(block.anchor, tokens[index + 1].content, seen))
        if token.type == "inline":
            _rewrite_inline(token.children or [], block)
    return parser.renderer.render(tokens, parser.options, {})


def _heading_id(prefix: str, text: str, seen: dict[str, int]) -> str:
    base = f"{prefix}-{slug(text)}"
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def _rewrite_inline(children: list, block: Markdown) -> None:
    """Pictures embedded; links into the document re-prefixed; links to the folder's files
    shown as their names (the page is one file: there is nothing beside it to open)."""
    files: list[bool] = []  # for each open link: does it name a file?
    for child in children:
        if child.type == "image":
            _embed_image(child, block.folder)
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            files.append(not href.startswith(("#", "http://", "https://")))
            if href.startswith("#"):
                child.attrSet("href", f"#{block.anchor}-{href[1:].lower()}")
            elif files[-1]:
                child.tag, child.attrs = "span", {"class": "file", "title": href}
        elif child.type == "link_close" and files.pop():
            child.tag = "span"


def _embed_image(token, folder: Path) -> None:
    """The picture as data from inside ``folder``, or its description when it is not there
    (or would come from outside the folder: a report never reads beyond what it was given)."""
    source = str(token.attrGet("src") or "")
    alt = "".join(child.content for child in token.children or []) or source
    data = folder_image(folder, source)
    if data is None:
        token.type, token.tag, token.nesting = "text", "", 0
        token.content = f"[figure not found in {folder.name}: {source}]"
        token.children = None
        return
    mime = IMAGE_TYPES[Path(source).suffix.lower()][0]
    token.attrSet("src", f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}")
    token.attrSet("alt", alt)


def folder_image(folder: Path, source: str) -> bytes | None:
    """A picture from inside ``folder`` that is what its name says (a PNG or a JPEG a
    browser and a PDF can both show), or None."""
    from PIL import Image, UnidentifiedImageError

    path = folder_file(folder, source)
    if path is None or path.suffix.lower() not in IMAGE_TYPES:
        return None
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return None
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            if image.format != IMAGE_TYPES[path.suffix.lower()][1]:
                return None
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return None
    return data

