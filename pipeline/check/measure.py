"""Measure a PDF as a reviewer with a ruler would: page size, lines, characters, fonts.

Used by the tests and by `pipeline verify`; knows nothing about how the PDF was made.
"""
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..render import layout

CJK_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·"


@dataclass
class Line:
    top: float
    x0: float
    x1: float
    text: str
    size: float  # font size of most characters
    fonts: set[str] = field(default_factory=set)
    font: str = ""  # font of most characters, subset prefix removed
    lead_font: str = ""  # font of the first character: a run-in heading's own


@dataclass
class Page:
    number: int
    width: float
    height: float
    body: list[Line]  # lines inside the text block
    footer: list[Line]  # lines below it
    ruled: bool = False  # the page draws rules or boxes (a table, a 版记)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # ruled areas inside the block


def _lines(chars) -> list[Line]:
    rows: dict[float, list] = {}
    for ch in chars:
        if not ch["text"].strip():
            continue
        key = round(ch["bottom"], 0)
        # characters of one line share a baseline; allow a point of jitter
        for k in (key, key - 1, key + 1):
            if k in rows:
                key = k
                break
        rows.setdefault(key, []).append(ch)
    lines = []
    for key in sorted(rows):
        cs = sorted(rows[key], key=lambda c: c["x0"])
        sizes = sorted(round(c["size"], 1) for c in cs)
        names = [c["fontname"].split("+")[-1] for c in cs]
        lines.append(Line(min(c["top"] for c in cs), cs[0]["x0"], cs[-1]["x1"],
                          "".join(c["text"] for c in cs), sizes[len(sizes) // 2],
                          set(names), Counter(names).most_common(1)[0][0], names[0]))
    return lines


def _ruled(page) -> bool:
    """A rule or box inside the text block (a table, a 版记), not a running head's rule."""
    return any(0.11 * page.height < (o["top"] + o["bottom"]) / 2 < 0.89 * page.height
               for o in page.rects + page.lines)


def _ruled_areas(page) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, top, x1, bottom) that rules touching one another enclose: a table's
    area, including a row whose closing rule fell on the next page."""
    areas = []
    for o in sorted(page.rects + page.lines, key=lambda o: o["top"]):
        box = (o["x0"], o["top"], o["x1"], o["bottom"])
        if areas and box[1] <= areas[-1][3] + 2:
            a = areas[-1]
            areas[-1] = (min(a[0], box[0]), a[1], max(a[2], box[2]), max(a[3], box[3]))
        else:
            areas.append(box)
    return areas


def read_pdf(path: Path, without_tables: bool = False) -> list[Page]:
    """Every page's lines; without_tables: text inside tables left out (its size and pitch
    are the table's, not the body's)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for i, p in enumerate(pdf.pages, start=1):
            block_bottom = p.height - layout.MARGIN_BOTTOM_MM * layout.MM + 2
            chars, ruled = p.chars, _ruled(p)
            boxes = _ruled_areas(p) if ruled else []
            if without_tables and ruled:
                chars = [c for c in chars if not any(x0 - 1 <= c["x0"] and c["x1"] <= x1 + 1 and top - 1 <= c["top"]
                                                     and c["bottom"] <= bottom + 1 for x0, top, x1, bottom in boxes)]
            lines = _lines(chars)
            pages.append(Page(i, float(p.width), float(p.height),
                              [ln for ln in lines if ln.top < block_bottom],
                              [ln for ln in lines if ln.top >= block_bottom],
                              ruled, [b for b in boxes if 0.11 * p.height < (b[1] + b[3]) / 2 < 0.89 * p.height]))
    return pages


def pdf_paragraph_text(path: Path) -> list[str]:
    """The text of the body in reading order, page numbers left out: lines outside tables,
    and each table cell by cell, row by row (a cell's wrapped lines kept together). A header
    row repeated on a continuation page is read once, as in the DOCX."""
    import pdfplumber

    out, last_header = [], None
    with pdfplumber.open(str(path)) as pdf:
        for p in pdf.pages:
            block_bottom = p.height - layout.MARGIN_BOTTOM_MM * layout.MM + 2
            tables = p.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj):
                return obj.get("object_type") != "char" or not any(
                    x0 <= obj["x0"] and obj["x1"] <= x1 and top <= obj["top"] and obj["bottom"] <= bottom
                    for x0, top, x1, bottom in boxes)

            items = [(ln.top, [ln.text]) for ln in _lines(p.filter(outside).chars) if ln.top < block_bottom]
            for i, table in enumerate(tables):
                rows = [["".join((c or "").split()) for c in row] for row in table.extract()]
                at_top = table.bbox[1] < layout.MARGIN_TOP_MM * layout.MM + layout.LINE_PITCH
                if i == 0 and at_top and rows[:1] == [last_header]:
                    rows = rows[1:]  # the header repeated by a table that runs on
                elif rows:
                    last_header = rows[0]
                items.append((table.bbox[1], [c for row in rows for c in row]))
            out += [text for _, texts in sorted(items, key=lambda it: it[0]) for text in texts]
    return out


def docx_paragraphs(path: Path) -> list[str]:
    """The text of a DOCX body in reading order: paragraphs, and table cells row by row."""
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(str(path)).element.body
    out = []
    for el in body:
        if el.tag == qn("w:p"):
            out.append(_xml_text(el))
        elif el.tag == qn("w:tbl"):
            out += [_xml_text(p) for p in el.iter(qn("w:p"))]
    return out


def _xml_text(p) -> str:
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def normalised(text: str) -> str:
    """Text compared across formats: no whitespace at all (CJK has none that matters)."""
    return "".join(text.split())
