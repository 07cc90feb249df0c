"""`pipeline verify`: our outputs conform to GB/T 9704, and documents that do not are caught
with the measured value in the message."""
import re

import pytest
from docx import Document
from docx.shared import Mm

from pipeline.render import layout as L
from pipeline.render.fonts import fonts_dir
from pipeline.check.verify import DATE, SPEC, Check, _width, failed, render_table, verdict, verify


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


def weasy_pdf(path, *, lines=L.LINES_PER_PAGE, paragraphs=30, extra_css="", before="", title="", after=""):
    """Chinese text in FandolFang, A4 with the standard margins and `lines` lines to the
    225 mm text block, made by WeasyPrint without our templates: anyone's PDF."""
    import weasyprint

    block_mm = L.PAGE_HEIGHT_MM - L.MARGIN_TOP_MM - L.MARGIN_BOTTOM_MM
    family, font = L.FANGSONG.open_family, (fonts_dir() / L.FANGSONG.open_file).as_uri()
    margins = f"{L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm"
    css = f"""
    @font-face {{ font-family: "{family}"; src: url("{font}"); }}
    @page {{ size: A4; margin: {margins}; }}
    html {{ font-family: "{family}"; font-size: {L.BODY_SIZE}pt; line-height: {block_mm / lines}mm;
            letter-spacing: {L.CHAR_SPACING}pt; orphans: 1; widows: 1; }}
    body {{ margin: 0; }}
    p {{ margin: 0; text-indent: 2em; text-align: justify; }}
    h1 {{ margin: 0; font-size: {L.TITLE_SIZE}pt; text-align: center; font-weight: normal; }}
    {extra_css}
    """
    text = "为深入推进精神文明建设，全面提升医疗服务质量和群众满意度，结合本院实际，现就有关工作安排如下。" * 3
    body = before + (f"<h1>{title}</h1>" if title else "") + "".join(f"<p>{text}</p>" for _ in range(paragraphs)) + after
    html = (f"<html lang='zh-CN'><head><style>{css}</style></head><body>{body}"
            "<p style='text-align: right'>2024年1月15日</p></body></html>")
    weasyprint.HTML(string=html).write_pdf(str(path))
    return path


@pytest.fixture(scope="module")
def pdf_with_20_lines(tmp_path_factory):
    """Several pages with a line pitch that puts 20 lines in the text block instead of 22."""
    return weasy_pdf(tmp_path_factory.mktemp("verify") / "twenty.pdf", lines=20)


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


def test_a_running_head_with_a_rule_does_not_hide_a_wrong_grid(tmp_path):
    ruled = "@page { @top-center { content: '青山县人民医院'; border-bottom: 0.5pt solid black; width: 100%; } }"
    checks = by_code(verify(weasy_pdf(tmp_path / "ruled.pdf", lines=20, extra_css=ruled)))
    assert checks["V503"].passed is False and re.search(r"20(、20)+", checks["V503"].measured)


def test_a_conforming_one_page_pdf_is_measured_from_its_pitch_not_its_length(tmp_path):
    checks = by_code(verify(weasy_pdf(tmp_path / "short.pdf", paragraphs=2)))
    assert checks["V502"].passed is True and "上、下边距处文字不足" in checks["V502"].measured
    assert checks["V503"].passed is True and "可排 22 行" in checks["V503"].measured
    assert by_code(verify(weasy_pdf(tmp_path / "short20.pdf", paragraphs=2, lines=20)))["V503"].passed is False


def test_the_title_is_found_below_a_banner_head(tmp_path):
    """A 版头 (发文机关标志 in 30 pt, 发文字号) above the title is not taken for the title."""
    banner = ("<p style='font-size: 30pt; text-align: center; text-indent: 0'>青山县人民医院文件</p>"
              "<p style='text-align: center; text-indent: 0'>青医发〔2024〕5号</p>")
    checks = by_code(verify(weasy_pdf(tmp_path / "banner.pdf", before=banner, title="关于开展文明创建的通知")))
    assert f"{L.TITLE_SIZE:g} pt" in checks["V505"].measured and "30 pt" not in checks["V505"].measured


def test_a_pdf_without_text_fails_every_check_it_cannot_make(tmp_path):
    import weasyprint

    path = tmp_path / "blank.pdf"
    weasyprint.HTML(string="<html><body></body></html>").write_pdf(str(path))
    checks = verify(path)
    assert [c.code for c in checks] == list(SPEC) and failed(checks)
    assert all(c.passed is False for c in checks[1:]) and "没有可提取的文字" in checks[1].measured


@pytest.fixture
def our_docx(sample_outputs, tmp_path):
    """Our plan's DOCX, to change one property and measure it again."""
    def change(edit):
        doc = Document(str(sample_outputs["plan"]["docx"]))
        edit(doc)
        path = tmp_path / "changed.docx"
        doc.save(str(path))
        return by_code(verify(path))
    return change


def _normal(doc):
    return doc.styles["Normal"].element.get_or_add_rPr(), doc.styles["Normal"].element.get_or_add_pPr()


def _footer_paragraph(doc):
    return doc.sections[0].footer.paragraphs[0]


def test_docx_character_scaling_and_indents_change_the_characters_a_line(our_docx):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    scaled = our_docx(lambda doc: _normal(doc)[0].append(parse_xml(f'<w:w {nsdecls("w")} w:val="110"/>')))
    assert scaled["V504"].passed is False and scaled["V504"].measured.startswith("25 字")
    indented = our_docx(lambda doc: setattr(doc.styles["Normal"].paragraph_format, "left_indent", Mm(5.6)))
    assert indented["V504"].passed is False and indented["V504"].measured.startswith("27 字")


def test_docx_page_numbers_size_inset_and_first_page(our_docx):
    from docx.shared import Pt

    def bigger(doc):
        for run in _footer_paragraph(doc).runs:
            run.font.size = Pt(16)
    assert our_docx(bigger)["V508"].passed is False and "16 pt" in our_docx(bigger)["V508"].measured

    def flush(doc):
        _footer_paragraph(doc).paragraph_format.right_indent = Mm(0)
    inset = our_docx(flush)["V509"]
    assert inset.passed is False and "单页码右对齐，空 0.0 字" in inset.measured

    def first_page_without_number(doc):
        doc.sections[0].different_first_page_header_footer = True
    first = our_docx(first_page_without_number)["V508"]
    assert first.passed is False and "首页" in first.measured


def test_docx_headings_in_yahei_or_numbered_by_word_are_measured(our_docx):
    from docx.oxml.ns import qn

    def yahei(doc):
        for p in doc.paragraphs:
            if p.text.startswith("一、"):
                for run in p.runs:
                    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Microsoft YaHei")
    checks = our_docx(yahei)
    assert checks["V506"].passed is False and "Microsoft YaHei" in checks["V506"].measured


def test_docx_page_setup_in_other_units_or_missing(our_docx):
    from docx.oxml.ns import qn

    def in_mm(doc):
        doc.sections[0]._sectPr.find(qn("w:pgMar")).set(qn("w:top"), "37mm")
    assert our_docx(in_mm)["V502"].passed is True

    def without(doc):
        body = doc.element.body
        body.remove(body.find(qn("w:sectPr")))
    missing = our_docx(without)
    assert missing["V501"].passed is False and "sectPr" in missing["V501"].measured


@pytest.mark.parametrize("written, why", [
    ("{y}.{m}.{d}", "用年、月、日"), ("{y}-{m:02d}-{d:02d}", "补零"), ("{y2}年{m}月{d}日", "四位"),
    ("{y}年2月30日", "不存在"),
])
def test_more_badly_written_dates(sample_outputs, tmp_path, written, why):
    doc = Document(str(sample_outputs["plan"]["docx"]))
    date = [p for p in doc.paragraphs if DATE.match(p.text.strip())][-1]
    y, m, d = map(int, re.findall(r"\d+", date.text))
    date.runs[0].text = written.format(y=y, y2=y % 100, m=m, d=d)
    for run in date.runs[1:]:
        run.text = ""
    path = tmp_path / "date.docx"
    doc.save(str(path))
    check = by_code(verify(path))["V510"]
    assert check.passed is False and why in check.measured


def test_a_run_in_second_level_heading_is_measured_in_its_own_face(tmp_path):
    kai = (fonts_dir() / L.KAITI.open_file).as_uri()
    family = L.KAITI.open_family
    css = f"@font-face {{ font-family: {family}; src: url('{kai}'); }} b {{ font-family: {family}; font-weight: normal; }}"
    path = weasy_pdf(tmp_path / "runin.pdf", extra_css=css, before="<p><b>（一）工作目标。</b>" + "全面提升服务质量。" * 8 + "</p>")
    heading = by_code(verify(path))["V506"]
    assert heading.passed is True and "FandolKai" in heading.measured


def test_a_page_short_by_the_headings_that_moved_on_is_full():
    """Two headings that move to the next page together leave two lines empty."""
    from pipeline.check.verify import _Block, _pdf_lines_per_page, _Sheet
    from pipeline.check.measure import Line

    def page(number, texts):
        lines = [Line(100 + i * L.LINE_PITCH, 80, 500, t, L.BODY_SIZE) for i, t in enumerate(texts)]
        return _Sheet(number, 595, 842, lines, None, False)
    body = ["正文" * 14] * L.LINES_PER_PAGE
    sheets = [page(1, body), page(2, body[:-2]), page(3, ["四、进度安排", "（一）动员部署阶段"] + body[2:]),
              page(4, body), page(5, ["2024年1月15日"])]
    block = _Block(L.BODY_SIZE, L.LINE_PITCH, 80, 500, 90, 760, {})
    check = _pdf_lines_per_page(sheets, block)
    assert check.passed is True and "可少 2 行" in check.measured
    sheets[2].lines[1].text = "正文"  # one heading only: two lines short is a fault
    assert _pdf_lines_per_page(sheets, block).passed is False


def test_a_table_page_does_not_set_the_body_size(tmp_path):
    """A notice that is mostly a table set in 14 pt: the body is the 16 pt text around it."""
    rows = "".join(f"<tr><td>{i}</td><td>开展文明礼仪培训活动并组织全院职工参加考核评比</td><td>门诊部</td></tr>"
                   for i in range(1, 80))
    table = f"<table style='font-size: 14pt; line-height: 1.1; border-collapse: collapse'>{rows}</table>"
    path = weasy_pdf(tmp_path / "table.pdf", paragraphs=1, title="关于开展文明创建的通知", after=table,
                     extra_css="td { border: 0.5pt solid black; }")
    checks = by_code(verify(path))
    assert checks["V507"].passed is True and "16 pt" in checks["V507"].measured
    assert checks["V510"].passed is True and "2024年1月15日" in checks["V510"].measured
    assert checks["V505"].measured == "FandolFang 22 pt"  # the title, not a 16 pt line


def test_docx_headings_numbered_by_word_lists_take_their_level_from_the_format(our_docx):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def numbered(fmt, text):
        def edit(doc):
            numbering = doc.part.numbering_part.element
            numbering.append(parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'))
            numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
            for p in doc.paragraphs:
                if p.text.startswith("一、") or p.text.startswith("二、"):
                    p.runs[0].text = p.runs[0].text[2:]
                    p._p.get_or_add_pPr().append(parse_xml(
                        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
                    for run in p.runs:
                        run.font.name = "宋体"
                        run.element.get_or_add_rPr().get_or_add_rFonts().set(
                            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "宋体")
        return edit
    assert our_docx(numbered("chineseCounting", "%1、"))["V506"].passed is False  # 宋体 level-1 headings
    decimal = our_docx(numbered("decimal", "（%1）"))["V506"]
    assert "宋体" not in decimal.measured  # （1） is level 4, in the body face


def test_docx_page_number_inset_with_a_full_width_space(our_docx):
    def spaced(doc):
        p = _footer_paragraph(doc)
        p.paragraph_format.right_indent = Mm(0)
        p.runs[-1].text = p.runs[-1].text + "\u3000"
    assert "单页码右对齐，空 1.0 字" in our_docx(spaced)["V509"].measured


def test_a_docx_landscape_table_section_is_measured_turned(our_docx):
    from docx.enum.section import WD_ORIENT, WD_SECTION

    def landscape(doc):
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(35), Mm(37)
        doc.add_paragraph("附件：任务分解表")
        doc.add_table(rows=3, cols=3)
    checks = our_docx(landscape)
    assert checks["V501"].passed is True and checks["V502"].passed is True, (checks["V501"], checks["V502"])


def test_a_docx_turned_landscape_as_a_whole_fails(our_docx):
    from docx.enum.section import WD_ORIENT

    def landscape(doc):
        for section in doc.sections:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
            section.top_margin, section.bottom_margin = Mm(28), Mm(26)
            section.left_margin, section.right_margin = Mm(35), Mm(37)
    checks = our_docx(landscape)
    assert checks["V501"].passed is False and "297.0 × 210.0" in checks["V501"].measured


def test_page_numbers_written_another_way_are_found_and_named(tmp_path):
    css = "@page { @bottom-right { content: '第' counter(page) '页共' counter(pages) '页'; font-size: 14pt; width: 60mm; text-align: right; } }"
    check = by_code(verify(weasy_pdf(tmp_path / "pages.pdf", extra_css=css)))["V508"]
    assert check.passed is False and "格式不符" in check.measured and "第1页共" in check.measured
