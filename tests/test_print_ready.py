"""Print-ready details a reader checks on the 附件 page (issue 13, item 3, in part): the 附件 title
on line 3 with a line before its table, and 序号 centred, in both formats."""
import re

import pdfplumber
from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.render import layout as L


def attachment_page(pdf_path):
    with pdfplumber.open(str(pdf_path)) as pdf:
        page = pdf.pages[-1]
        lines = page.extract_text_lines()
        words = page.extract_words()
        table = page.find_tables()[0]
        return lines, words, table.bbox, [c for c in table.rows[1].cells]


def test_the_attachment_title_is_on_line_3_and_a_line_above_its_table(sample_outputs):
    lines, _, bbox, _ = attachment_page(sample_outputs["scheme"]["pdf"])
    label, title = lines[0], lines[1]
    assert label["text"] == "附件" and title["text"] == "任务分解表"
    lines_down = (title["bottom"] - label["bottom"]) / L.LINE_PITCH
    assert 1.7 <= lines_down <= 2.4, lines_down  # line 1 → line 3
    assert bbox[1] - title["bottom"] >= 0.8 * L.LINE_PITCH  # a blank line before the table
    doc = Docx(str(sample_outputs["scheme"]["docx"]))
    title_p = next(p for p in doc.paragraphs if p.text == "任务分解表")
    assert round(title_p.paragraph_format.space_before.pt, 1) == round(L.LINE_PITCH, 1)
    assert round(title_p.paragraph_format.space_after.pt, 1) == round(L.LINE_PITCH, 1)


def test_the_serial_numbers_are_centred_in_their_column(sample_outputs):
    lines, words, bbox, cells = attachment_page(sample_outputs["scheme"]["pdf"])
    x0, _, x1, _ = cells[0]
    number = next(w for w in words if w["text"] == "1" and x0 <= w["x0"] <= x1)
    assert abs((number["x0"] + number["x1"]) / 2 - (x0 + x1) / 2) < 2  # pt
    doc = Docx(str(sample_outputs["scheme"]["docx"]))
    table = doc.tables[-1]
    assert table.rows[0].cells[0].text == "序号"
    for row in table.rows[1:]:
        assert re.fullmatch(r"\d+", row.cells[0].text)
        assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert row.cells[1].paragraphs[0].alignment != WD_ALIGN_PARAGRAPH.CENTER  # text reads from the left


def test_no_table_cell_splits_a_department_name(sample_outputs):
    from conftest import CONTENT
    from pipeline.content.load import load

    departments = set(load(CONTENT, 2024).org.departments)
    with pdfplumber.open(str(sample_outputs["scheme"]["pdf"])) as pdf:
        rows = pdf.pages[-1].find_tables()[0].extract()
    broken = 0
    for row in rows[1:]:
        lines = (row[2] or "").split("\n")
        broken += len(lines) > 1
        assert all(line.endswith("、") for line in lines[:-1]), lines  # a line breaks only after 、
        assert {d for line in lines for d in line.split("、") if d} <= departments, lines
    assert broken  # the column is narrow enough that some cells do wrap
    doc = Docx(str(sample_outputs["scheme"]["docx"]))
    for row in doc.tables[-1].rows[1:]:
        lines = [p.text for p in row.cells[2].paragraphs]
        assert all(line.endswith("、") for line in lines[:-1]) and {d for l in lines for d in l.split("、") if d} <= departments


def test_table_cells_are_padded_in_the_docx_as_in_the_pdf(sample_outputs):
    from docx.oxml.ns import qn

    doc = Docx(str(sample_outputs["scheme"]["docx"]))
    margins = doc.tables[-1]._tbl.tblPr.find(qn("w:tblCellMar"))
    assert margins is not None
    got = {el.tag.split("}")[1]: int(el.get(qn("w:w"))) for el in margins}
    assert got == {"top": L.twips(L.TABLE_PADDING_V), "bottom": L.twips(L.TABLE_PADDING_V),
                   "left": L.twips(L.TABLE_PADDING_H), "right": L.twips(L.TABLE_PADDING_H)}
