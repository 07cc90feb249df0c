"""`pipeline verify`: our outputs conform to GB/T 9704, and documents that do not are caught
with the measured value in the message."""
import re

import pytest
from docx import Document
from docx.shared import Mm

from pipeline import layout as L
from pipeline.fonts import fonts_dir
from pipeline.verify import DATE, SPEC, Check, _width, failed, render_table, verdict, verify


def by_code(checks: list[Check]) -> dict[str, Check]:
    return {c.code: c for c in checks}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("kind", ["plan", "scheme", "summary"])
def test_our_outputs_pass_every_check(sample_outputs, kind, fmt):
    checks = verify(sample_outputs[kind][fmt])
    assert [c.code for c in checks] == list(SPEC)
    assert all(c.passed is True for c in checks), render_table(checks)
    assert not failed(checks)


def test_a_docx_with_25mm_margins_fails_the_margin_check(sample_outputs, tmp_path):
    doc = Document(str(sample_outputs["plan"]["docx"]))
    for section in doc.sections:
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(25)
    path = tmp_path / "margins.docx"
    doc.save(str(path))
    checks = verify(path)
    margins = by_code(checks)["V502"]
    assert margins.passed is False
    assert "25" in margins.measured, margins.measured
    assert failed(checks)


@pytest.fixture(scope="module")
def pdf_with_20_lines(tmp_path_factory):
    """Several pages of Chinese text in FandolFang, A4 with the standard margins, but a line
    pitch that puts 20 lines in the 225 mm text block instead of 22."""
    import weasyprint

    block_mm = L.PAGE_HEIGHT_MM - L.MARGIN_TOP_MM - L.MARGIN_BOTTOM_MM
    family, font = L.FANGSONG.open_family, (fonts_dir() / L.FANGSONG.open_file).as_uri()
    margins = f"{L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm"
    css = f"""
    @font-face {{ font-family: "{family}"; src: url("{font}"); }}
    @page {{ size: A4; margin: {margins}; }}
    html {{ font-family: "{family}"; font-size: {L.BODY_SIZE}pt; line-height: {block_mm / 20}mm;
            letter-spacing: {L.CHAR_SPACING}pt; orphans: 1; widows: 1; }}
    body {{ margin: 0; }}
    p {{ margin: 0; text-indent: 2em; text-align: justify; }}
    """
    text = "为深入推进精神文明建设，全面提升医疗服务质量和群众满意度，结合本院实际，现就有关工作安排如下。" * 3
    body = "".join(f"<p>{text}</p>" for _ in range(30))
    html = (f"<html lang='zh-CN'><head><style>{css}</style></head><body>{body}"
            "<p style='text-align: right'>2024年1月15日</p></body></html>")
    path = tmp_path_factory.mktemp("verify") / "twenty.pdf"
    weasyprint.HTML(string=html).write_pdf(str(path))
    return path


def test_a_pdf_with_20_lines_a_page_fails_the_lines_check(pdf_with_20_lines):
    checks = by_code(verify(pdf_with_20_lines))
    lines = checks["V503"]
    assert lines.passed is False
    assert re.search(r"20(、20)+", lines.measured), lines.measured
    # only the grid is wrong: page, margins, characters per line and body face are measured right
    for code in ("V501", "V502", "V504", "V507", "V510"):
        assert checks[code].passed is True, (code, checks[code].measured)


@pytest.mark.parametrize("written", ["{y}年{m:02d}月{d:02d}日", "二〇二四年一月十五日"])
def test_a_docx_with_a_badly_written_date_fails_the_date_check(sample_outputs, tmp_path, written):
    doc = Document(str(sample_outputs["plan"]["docx"]))
    date = [p for p in doc.paragraphs if DATE.match(p.text.strip())][-1]
    y, m, d = map(int, re.findall(r"\d+", date.text))
    text = written.format(y=y, m=m, d=d)
    date.runs[0].text = text
    for run in date.runs[1:]:
        run.text = ""
    path = tmp_path / "date.docx"
    doc.save(str(path))
    check = by_code(verify(path))["V510"]
    assert check.passed is False
    assert text in check.measured


def test_the_table_aligns_cjk_columns_and_failed_reads_the_results(sample_outputs):
    checks = verify(sample_outputs["plan"]["pdf"])
    rows = render_table(checks).splitlines()
    assert rows[0].split() == ["代码", "检查项", "标准要求", "实测", "结果"]
    assert len(rows) == 2 + len(checks)
    # the 结果 column starts at the same display column on every row (CJK counted as two)
    assert len({_width(row) - _width(row.split()[-1]) for row in rows}) == 1
    assert [row.split()[-1] for row in rows[2:]] == ["PASS"] * len(checks)
    assert failed([Check("V599", "x", "y", "z", None)]) is False
    assert failed([Check("V599", "x", "y", "z", None), Check("V598", "x", "y", "z", False)]) is True
    assert verdict(checks) == f"结论：合格；{len(checks)} 项通过。"
    mixed = [Check("V501", "纸张尺寸", "", "", True), Check("V502", "页边距", "", "", False),
             Check("V510", "成文日期格式", "", "", None)]
    assert verdict(mixed) == "结论：不合格，1 项未通过（V502 页边距）；1 项通过；1 项无法测量（V510 成文日期格式）。"
