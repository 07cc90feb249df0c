"""The DOCX as Word reads it: its XML, with styles resolved the way Word resolves them."""
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.render import docx_oxml
from pipeline.check.measure import docx_paragraphs, normalised, pdf_paragraph_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module", params=["plan", "scheme", "summary"])
def outputs(request, sample_outputs):
    return sample_outputs[request.param]


@pytest.fixture(scope="module")
def docx(outputs):
    return Document(str(outputs["docx"]))


def style_chain(docx, paragraph):
    style = paragraph.style
    while style is not None:
        yield style.element
        style = style.base_style


def effective(docx, paragraph, run, tag, attr):
    """A run property as Word resolves it: run, its character style chain, paragraph style
    chain, then docDefaults."""
    candidates = [run._r.rPr] if run is not None else []
    if run is not None and run._r.rPr is not None and run._r.rPr.find(f"{W}rStyle") is not None:
        style = docx.styles.get_by_id(run._r.rPr.find(f"{W}rStyle").get(f"{W}val"), run.style.type)
        while style is not None:
            candidates.append(style.element.rPr)
            style = style.base_style
    candidates += [s.rPr for s in style_chain(docx, paragraph)]
    candidates.append(docx.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    for rpr in candidates:
        el = rpr.find(f"{W}{tag}") if rpr is not None else None
        if el is not None and el.get(f"{W}{attr}") is not None:
            return el.get(f"{W}{attr}")
    return None


def effective_ppr(docx, paragraph, tag):
    for ppr in [paragraph._p.pPr] + [s.pPr for s in style_chain(docx, paragraph)]:
        el = ppr.find(f"{W}{tag}") if ppr is not None else None
        if el is not None:
            return el
    return None


def test_page_is_a4_with_gbt9704_margins_and_line_grid(docx):
    sect = docx.sections[-1]._sectPr
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    assert {k: margins.get(qn(f"w:{k}")) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    grid = sect.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


ROLE_FONTS = {
    "一、": ("黑体", "32"),
    "（一）": ("楷体_GB2312", "32"),
}


def test_east_asian_fonts_and_sizes_per_level(docx):
    seen = set()
    for p in docx.paragraphs:
        if not p.runs:
            continue
        run = p.runs[0]
        font = effective(docx, p, run, "rFonts", "eastAsia")
        size = effective(docx, p, run, "sz", "val")
        if p.style.name in ("Title", "Attachment Title"):
            assert (font, size) == ("方正小标宋简体", "44")
            seen.add("title")
        elif p.style.name == "Attachment Heading":  # 附件 / 附件1
            assert (font, size) == ("黑体", "32")
        elif re.match(r"^[一二三四五六七八九十]+、", p.text):
            assert (font, size) == ("黑体", "32"), p.text
            seen.add(1)
        elif re.match(r"^（[一二三四五六七八九十]+）", p.text):
            assert (font, size) == ("楷体_GB2312", "32"), p.text
            seen.add(2)
        else:
            assert (font, size) == ("仿宋_GB2312", "32"), p.text
            seen.add("body")
    assert seen == {"title", 1, 2, "body"}


def test_no_theme_font_can_override_the_named_fonts(outputs):
    with zipfile.ZipFile(outputs["docx"]) as z:
        styles = z.read("word/styles.xml").decode()
        document = z.read("word/document.xml").decode()
    assert "eastAsiaTheme" not in styles + document
    assert 'w:eastAsia="zh-CN"' in styles


def test_body_lines_have_exact_pitch_indent_and_tight_spacing(docx):
    body = [p for p in docx.paragraphs if p.style.name == "Normal" and p.text]
    assert len(body) > 20
    for p in body:
        spacing = effective_ppr(docx, p, "spacing")
        assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
        ind = effective_ppr(docx, p, "ind")
        assert ind.get(qn("w:firstLineChars")) == "200"
        assert effective(docx, p, p.runs[0], "spacing", "val") == "-5"


def test_odd_and_even_footers_carry_em_dashed_page_fields(docx, outputs):
    with zipfile.ZipFile(outputs["docx"]) as z:
        settings = z.read("word/settings.xml").decode()
    assert "<w:evenAndOddHeaders/>" in settings or "w:evenAndOddHeaders" in settings
    section = docx.sections[-1]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        (p,) = footer.paragraphs
        xml = p._p.xml
        assert p.text.replace("1", "N") == "— N —"
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert p.alignment is not None and p.alignment.name.lower() == align
        assert effective(docx, p, p.runs[0], "sz", "val") == "28"
        assert effective(docx, p, p.runs[0], "rFonts", "eastAsia") == "宋体"
        assert "—" in xml and "-" not in p.text


def test_property_elements_are_in_schema_order(outputs):
    with zipfile.ZipFile(outputs["docx"]) as z:
        xml = z.read("word/document.xml").decode() + z.read("word/styles.xml").decode()
    for parent, order in (("rPr", docx_oxml.RPR_ORDER), ("pPr", docx_oxml.PPR_ORDER)):
        for block in re.findall(rf"<w:{parent}>(.*?)</w:{parent}>", xml, flags=re.S):
            tags = [t for t in re.findall(r"<w:(\w+)", block) if t in order]
            top = [t for i, t in enumerate(tags) if t in order]
            positions = [order.index(t) for t in top]
            assert positions == sorted(positions), (parent, top)


def test_docx_text_equals_pdf_text(outputs):
    docx_text = normalised("".join(docx_paragraphs(outputs["docx"])))
    pdf_text = normalised("".join(pdf_paragraph_text(outputs["pdf"])))
    assert docx_text == pdf_text
    assert len(docx_text) > 2000


def test_table_grid_columns_match_the_cells(docx):
    """LibreOffice and WPS lay a table out by its grid (w:gridCol), Word by the cells (w:tcW)."""
    tables = list(docx.element.body.iter(qn("w:tbl")))
    assert tables
    for table in tables:
        grid = [col.get(qn("w:w")) for col in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
        cells = [tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w")) for tc in table.find(qn("w:tr")).findall(qn("w:tc"))]
        assert grid == cells and len(set(grid)) > 1
