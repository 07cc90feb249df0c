"""`pipeline verify` measures any DOCX or PDF, made by any tool: a file it cannot measure fully
gets FAIL or “—” rows with the reason, never a crash (E299); and margins and characters per
line are measured from what is certain, not from lines that happen to be short."""
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.render import layout as L
from pipeline.compose.document import Document as Doc
from pipeline.compose.document import Heading, Paragraph, Run, Table
from pipeline.check.verify import SPEC, render_table, verify

NUM = "一二三四五六七八九十"
RELS = "word/_rels/document.xml.rels"


def by_code(checks):
    assert [c.code for c in checks] == list(SPEC), render_table(checks)
    return {c.code: c for c in checks}


def rezip(src: Path, dest: Path, edit) -> Path:
    """A copy of the DOCX package src with edit({name: bytes}) applied to its parts."""
    with zipfile.ZipFile(src) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    edit(parts)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dest


def sub(parts, name, pattern, repl):
    parts[name] = re.sub(pattern, repl, parts[name].decode("utf-8")).encode("utf-8")


# --- DOCX from other tools ----------------------------------------------------------------

@pytest.fixture
def ours(sample_outputs):
    return sample_outputs["plan"]["docx"]


def test_a_docx_whose_footer_is_a_generic_part_is_measured_not_crashed(ours, tmp_path):
    """A markdown-to-docx tool that gives its footers no content type of their own: python-docx
    loads them as a plain Part (no .element); the page number is still read from its XML."""
    def untyped_footers(parts):
        sub(parts, "[Content_Types].xml", r'<Override PartName="/word/footer\d*\.xml"[^>]*/>', "")
    checks = by_code(verify(rezip(ours, tmp_path / "generic.docx", untyped_footers)))
    assert checks["V508"].passed is True, checks["V508"].measured
    assert checks["V509"].passed is True, checks["V509"].measured


@pytest.mark.parametrize("how", ["missing", "external", "image"])
def test_a_docx_whose_footer_reference_leads_nowhere_fails_the_page_number_check(ours, tmp_path, how):
    def broken(parts):
        if how == "missing":  # the footerReference names a relationship that is not there
            sub(parts, RELS, r'<Relationship [^>]*footer\d*\.xml"[^>]*/>', "")
        elif how == "external":
            sub(parts, RELS, r'(<Relationship [^>]*Target=")footer(\d*\.xml")', r'\1https://example.org/f\2 TargetMode="External"')
        else:  # an odd relationship: the footer reference points at a picture
            parts["word/media/image9.png"] = b"\x89PNG\r\n\x1a\n not really"
            sub(parts, RELS, r'Type="[^"]*/footer" Target="footer(\d*)\.xml"',
                r'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image9.png"')
            sub(parts, "[Content_Types].xml", "<Default ", '<Default Extension="png" ContentType="image/png"/><Default ')
    checks = by_code(verify(rezip(ours, tmp_path / f"{how}.docx", broken)))
    assert checks["V508"].passed is False and "PAGE" in checks["V508"].measured
    assert checks["V503"].passed is True  # the rest is measured as before


def test_a_docx_without_styles_or_settings_parts_is_measured_with_words_defaults(ours, tmp_path):
    def bare(parts):
        for name in ("word/styles.xml", "word/settings.xml"):
            del parts[name]
        sub(parts, RELS, r'<Relationship [^>]*Target="(styles|settings)\.xml"[^>]*/>', "")
    checks = by_code(verify(rezip(ours, tmp_path / "bare.docx", bare)))
    assert checks["V502"].passed is True  # page set-up is in the body's sectPr
    assert checks["V509"].passed is False and "奇偶页页脚相同" in checks["V509"].measured  # no settings: one footer

    def generic(parts):  # the styles and settings parts are there, under a content type python-docx does not know
        sub(parts, "[Content_Types].xml", r'<Override PartName="/word/(styles|settings)\.xml"[^>]*/>', "")
    checks = by_code(verify(rezip(ours, tmp_path / "generic.docx", generic)))
    assert all(c.passed is True for c in checks.values()), render_table(list(checks.values()))


def test_a_docx_from_pandoc_is_measured_not_crashed(ours, sample_outputs, tmp_path):
    """pandoc writes an empty <w:sectPr/>: paper and margins are the reader's, not 0 mm."""
    if not shutil.which("pandoc"):
        pytest.skip("pandoc is not installed")
    md = sample_outputs["plan"]["md"]
    plain = tmp_path / "pandoc.docx"
    subprocess.run(["pandoc", str(md), "-o", str(plain)], check=True)
    checks = by_code(verify(plain))
    assert checks["V501"].passed is False and "pgSz" in checks["V501"].measured
    assert checks["V502"].passed is False and "pgMar" in checks["V502"].measured
    assert "0.0 mm" not in render_table(list(checks.values()))
    assert checks["V508"].passed is False and checks["V510"].passed is True
    # with our DOCX as its reference document pandoc takes our page set-up and footers
    styled = tmp_path / "pandoc-ref.docx"
    subprocess.run(["pandoc", str(md), f"--reference-doc={ours}", "-o", str(styled)], check=True)
    checks = by_code(verify(styled))
    assert all(checks[code].passed is True for code in ("V501", "V502", "V503", "V508", "V509"))


def test_odd_word_like_files_get_fail_or_dash_rows_not_a_crash(ours, tmp_path):
    from docx.oxml.ns import qn

    files = {}
    files["python-docx default"] = tmp_path / "default.docx"
    Document().save(str(files["python-docx default"]))
    tables = Document()
    tables.add_table(rows=3, cols=3).cell(0, 0).text = "活动安排"
    files["tables only"] = tmp_path / "tables.docx"
    tables.save(str(files["tables only"]))
    no_sect = Document(str(ours))
    no_sect.element.body.remove(no_sect.element.body.find(qn("w:sectPr")))
    files["no sectPr"] = tmp_path / "nosect.docx"
    no_sect.save(str(files["no sectPr"]))
    files["no body"] = rezip(files["python-docx default"], tmp_path / "nobody.docx", lambda parts: sub(
        parts, "word/document.xml", r"<w:body>.*</w:body>|<w:body/>", ""))
    files["generic footer, no styles"] = rezip(ours, tmp_path / "mixed.docx", lambda parts: (
        sub(parts, "[Content_Types].xml", r'<Override PartName="/word/(footer\d*|styles)\.xml"[^>]*/>', ""),
        sub(parts, RELS, r'<Relationship [^>]*Target="styles\.xml"[^>]*/>', "")))
    for what, path in files.items():
        checks = by_code(verify(path))  # does not raise
        assert any(c.passed is False for c in checks.values()) or what == "generic footer, no styles", what
    # what they lack is named: no page set-up, no text, no page number
    empty = by_code(verify(files["no body"]))
    assert empty["V507"].passed is False and "没有正文" in empty["V507"].measured
    assert by_code(verify(files["no sectPr"]))["V501"].measured.startswith("文档没有页面设置")


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_docx_and_pdf_saved_by_libreoffice_are_measured(ours, tmp_path):
    for fmt in ("docx", "pdf"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                        fmt, "--outdir", str(tmp_path / fmt), str(ours)], check=True, capture_output=True, timeout=180)
    docx = by_code(verify(next((tmp_path / "docx").glob("*.docx"))))
    # its even footer has w:ind hanging="0", which cancels the style's first-line indent
    assert all(docx[code].passed is True for code in ("V501", "V502", "V503", "V504", "V508", "V509")), \
        render_table(list(docx.values()))
    pdf = by_code(verify(next((tmp_path / "pdf").glob("*.pdf"))))
    # LibreOffice hangs punctuation into the margin and justifies to ±1 pt: still 28 characters, 26 mm
    assert all(pdf[code].passed is True for code in ("V501", "V502", "V503", "V504", "V508", "V509"))


# --- PDFs of real shapes ------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_of(renderers):
    def render(blocks, path, title="青山县人民医院2024年精神文明建设工作计划"):
        blocks = blocks + [Paragraph([Run("青山县人民医院")], role="signature", align="right", indent_first=0,
                                     indent_right=4, space_before=2),
                           Paragraph([Run("2024年1月15日")], role="date", align="right", indent_first=0, indent_right=4)]
        path.write_bytes(renderers["pdf"].render(Doc("plan", title, blocks, "2024年1月15日", "2024-01-15")))
        return path
    return render


def test_a_plan_of_short_heading_lines_is_measured_from_certain_edges(pdf_of, tmp_path):
    """Three pages of headings and nothing else: no line is full, so the right margin and the
    characters per line cannot be read from the text; the page numbers are placed right."""
    items = ["强化理论武装", "加强医德医风建设", "优化门诊服务流程", "提升医疗质量安全", "深化优质护理服务",
             "健全投诉管理机制", "推进志愿服务常态化", "开展文明科室评比", "加强院容院貌整治", "丰富职工文化生活"]
    blocks = []
    for i, part in enumerate(["工作任务", "工作目标", "进度安排", "保障措施"]):
        blocks += [Heading(1, NUM[i] + "、", part)] + [Heading(2, f"（{NUM[j]}）", t) for j, t in enumerate(items)]
    checks = by_code(verify(pdf_of(blocks, tmp_path / "short.pdf")))
    margins = checks["V502"]
    assert margins.passed is True and "左 28.0 mm，右 26.0 mm" in margins.measured, margins.measured
    assert checks["V504"].passed is None and "没有可量的满行" in checks["V504"].measured
    assert checks["V509"].passed is True, checks["V509"].measured
    assert not any(c.passed is False for c in checks.values()), render_table(list(checks.values()))


def test_a_table_only_activity_plan_is_measured_from_its_table(pdf_of, tmp_path):
    """A 月度活动安排 that is only a title, a table and the date: the body is not the title,
    and the left and right margins are the table's rules."""
    rows = [[f"{m}月", "举办文明礼仪培训班", "党委办公室"] for m in range(1, 13)] * 3
    path = pdf_of([Table(["月份", "活动", "责任部门"], rows, [1, 4, 2])], tmp_path / "table.pdf",
                  title="青山县人民医院2024年月度活动安排")
    checks = by_code(verify(path))
    assert checks["V505"].passed is True and f"{L.TITLE_SIZE:g} pt" in checks["V505"].measured
    assert checks["V507"].passed is True and f"{L.BODY_SIZE:g} pt" in checks["V507"].measured
    assert checks["V510"].passed is True and "2024年1月15日" in checks["V510"].measured
    assert checks["V502"].passed is True and "表格边框" in checks["V502"].measured, checks["V502"].measured
    assert not any(c.passed is False for c in checks.values()), render_table(list(checks.values()))
