"""Measure a PDF as a reviewer with a ruler would: page size, lines, characters, fonts.

Used by the tests and by `pipeline verify`; knows nothing about how the PDF was made.
"""
from dataclasses import dataclass, field
from pathlib import Path

from . import layout

CJK_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】—…·"


@dataclass
class Line:
    top: float
    x0: float
    x1: float
    text: str
    size: float  # font size of most characters
    fonts: set[str] = field(default_factory=set)

    @property
    def width_chars(self) -> float:
        """Width in body characters (16 pt each, as tightened)."""
        return (self.x1 - self.x0 + -layout.CHAR_SPACING) / layout.CHAR_ADVANCE


@dataclass
class Page:
    number: int
    width: float
    height: float
    body: list[Line]  # lines inside the text block
    footer: list[Line]  # lines below it


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
        lines.append(Line(min(c["top"] for c in cs), cs[0]["x0"], cs[-1]["x1"],
                          "".join(c["text"] for c in cs), sizes[len(sizes) // 2],
                          {c["fontname"].split("+")[-1] for c in cs}))
    return lines


def read_pdf(path: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(str(path)) as pdf:
        for i, p in enumerate(pdf.pages, start=1):
            block_bottom = p.height - layout.MARGIN_BOTTOM_MM * layout.MM + 2
            lines = _lines(p.chars)
            pages.append(Page(i, float(p.width), float(p.height),
                              [ln for ln in lines if ln.top < block_bottom],
                              [ln for ln in lines if ln.top >= block_bottom]))
    return pages


def pdf_text(path: Path) -> str:
    """The text of the body, page numbers left out."""
    return "".join(ln.text for page in read_pdf(path) for ln in page.body)


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
