"""Markdown (what templates and writers' prose are written in) → blocks of the document tree."""
import re

import markdown
from lxml import html as lxml_html

from ..render import layout
from . import wording
from .document import Block, Heading, PageBreak, Paragraph, Run, Table

MD_EXTENSIONS = ["tables", "attr_list", "md_in_html"]


def markdown_blocks(text: str, level: int = 0) -> list[Block]:
    """Markdown of a section at heading `level` as blocks: "##" is one level below the
    section ("#" too: a section's text cannot add a heading of its own level). Markers are
    set later, when the whole document is numbered (number_headings)."""
    html = markdown.markdown(text or "", extensions=MD_EXTENSIONS)
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    blocks: list[Block] = []
    for el in root:
        if isinstance(el.tag, str):  # not a comment
            blocks += _element_blocks(el, level)
    return blocks


def _element_blocks(el, level: int, list_depth: int = 0) -> list[Block]:
    tag = el.tag
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return [Heading(level + max(1, int(tag[1]) - 1), "", _plain_text(el))]
    if tag == "p":
        runs = _runs(el)
        if not "".join(r.text for r in runs).strip():
            return []
        role = el.get("class", "body")
        return [Paragraph(runs, role=role)]
    if tag in ("ol", "ul"):
        out = []
        items = [_list_item(li) for li in el.findall("li")]
        # one marker for the whole list: 1．when any item's text starts with a digit (wording.list_marker)
        before_digit = any("".join(r.text for r in inline)[:1].isdigit() for inline, _ in items)
        for n, (inline, nested) in enumerate(items, start=1):
            marker = wording.list_marker(list_depth + 1, n, before_digit) if tag == "ol" else ""
            out.append(Paragraph([Run(marker)] + inline if marker else inline,
                                 item=n if marker and not list_depth else 0))
            for sub in nested:
                out += _element_blocks(sub, level, list_depth + 1)
        return out
    if tag == "table":
        header = [_plain_text(c) for c in el.iter("th")]
        rows = [[_plain_text(c) for c in tr.findall("td")] for tr in el.iter("tr")]
        rows = [r for r in rows if r]
        widths = column_widths([header, *rows])
        return [Table(header, break_cells(rows, widths), widths, centred_columns(header, rows))]
    if tag == "div" and "page-break" in el.get("class", ""):
        return [PageBreak()]
    if tag == "div":
        return [b for child in el for b in _element_blocks(child, level, list_depth)]
    return [Paragraph([Run(_plain_text(el))])] if _plain_text(el).strip() else []


def centred_columns(header: list[str], rows: list[list[str]]) -> list[bool]:
    """序号 and columns of short numbers are centred; text columns read from the left."""
    columns = list(zip(*rows)) if rows else [()] * len(header)
    return [head.strip() in ("序号", "编号") or bool(cells) and all(re.fullmatch(r"\s*[\d.%]{1,6}\s*", c or "") for c in cells)
            for head, cells in zip(header, columns)]


def column_widths(rows: list[list[str]]) -> list[float]:
    """Column widths in characters of table text: each column as wide as its longest line,
    and where that is too wide for the page, the widest columns share what is left and wrap."""
    natural = [max(layout.width_in_chars(line) for cell in column for line in cell.split("\n")) + 1
               for column in zip(*rows)]
    cell_extra = (2 * layout.TABLE_PADDING_H + layout.TABLE_RULE) / layout.TABLE_SIZE
    available = layout.TEXT_WIDTH / layout.TABLE_SIZE - cell_extra * len(natural)
    if sum(natural) <= available:
        return natural
    cap = available / len(natural)
    for width in sorted(natural):  # raise the cap while narrow columns leave room
        narrow = [w for w in natural if w <= width]
        room = (available - sum(narrow)) / max(1, len(natural) - len(narrow))
        if room < width:
            break
        cap = room
    widths = [min(w, cap) for w in natural]
    # no column narrower than its longest word (a department, a name): they are never split
    # LibreOffice adds about a fifth of a character between digits and Chinese (it ignores the
    # DOCX's autospace setting): room for it, so that "2024年10月底前" stays on one line there too
    least = [max(layout.width_in_chars(word) + 0.25 * len(re.findall(r"\d(?=\D)|\D(?=\d)", word))
                 for cell in column for word in re.split(r"[、\n]", cell)) + 1
             for column in zip(*rows)]
    short = sum(max(0, l - w) for l, w in zip(least, widths))
    spare = sum(max(0, w - l) for l, w in zip(least, widths))
    if short and spare >= short:
        widths = [l if w < l else w - (w - l) * short / spare for l, w in zip(least, widths)]
    return widths


def break_cells(rows: list[list[str]], widths: list[float]) -> list[list[str]]:
    """Each cell's text broken into lines only between its list items (after 、), so that no
    word or department name is split at a column's edge; the grid is fixed, so every advance is
    known. A single word longer than its column is left to the renderer."""
    cell_extra = (2 * layout.TABLE_PADDING_H + layout.TABLE_RULE) / layout.TABLE_SIZE
    available = layout.TEXT_WIDTH / layout.TABLE_SIZE - cell_extra * len(widths)
    scale = max(1.0, available / sum(widths)) if widths else 1.0  # the table fills the text width

    def lines(text: str, room: float) -> str:
        out = []
        for line in text.split("\n"):
            words = re.findall(r"[^、]+、?", line) or [""]
            current = ""
            for word in words:
                if current and layout.width_in_chars(current + word.rstrip("、")) > room:
                    out.append(current)
                    current = ""
                current += word
            out.append(current)
        return "\n".join(out)

    return [[lines(cell, widths[i] * scale - 0.1) if "、" in cell else cell for i, cell in enumerate(row)]
            for row in rows]


def _list_item(li):
    """A list item's own text as runs, and the lists nested in it."""
    nested = [c for c in li if c.tag in ("ol", "ul")]
    paragraphs = [c for c in li if c.tag == "p"]
    runs = _runs(paragraphs[0] if paragraphs else li, skip=("ol", "ul"))
    return runs, nested


def _runs(el, bold=False, italic=False, skip=()) -> list[Run]:
    runs = []
    if el.text:
        runs.append(Run(_squash(el.text), bold, italic))
    for child in el:
        if child.tag in skip:
            pass
        elif child.tag == "br":
            runs.append(Run("\n", bold, italic))
        else:
            runs += _runs(child, bold or child.tag in ("strong", "b"), italic or child.tag in ("em", "i"))
        if child.tail:
            runs.append(Run(_squash(child.tail), bold, italic))
    return _merge([r for r in runs if r.text])


def _squash(text: str) -> str:
    """Markdown source wraps lines; Chinese text has no spaces where it wrapped."""
    return "".join(part.strip() if i else part.rstrip() for i, part in enumerate(text.split("\n")))


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].italic) == (r.bold, r.italic):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    if out:
        out[0].text = out[0].text.lstrip()
        out[-1].text = out[-1].text.rstrip()
    return out


def _plain_text(el) -> str:
    return "".join(r.text for r in _runs(el))
