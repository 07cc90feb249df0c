"""Document tree → DOCX: the docxtpl frame (page, styles, footers) with the body built by
python-docx into a sub-document that replaces `{{p body }}`."""
import datetime as dt
import io
import zipfile
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips
from docxtpl import DocxTemplate

from . import docx_oxml as ox
from . import layout as L
from ..compose.document import Document, Heading, PageBreak, Paragraph, Table
from ..errors import PipelineError, Problem
from .frame import RUN_IN_STYLES, build_frame, tidy

STYLE_OF_ROLE = {
    "body": "Normal",
    "title": "Title",
    "addressee": "Addressee",
    "signature": "Signature",
    "date": "Date",
    "attachment-note": "Attachment Note",
    "attachment-heading": "Attachment Heading",
    "attachment-title": "Attachment Title",
}


# Never a page holding only the 落款 and date: they keep the body's last line with them.
KEPT_WITH_PREVIOUS = ("attachment-note", "signature", "date")


class DocxRenderer:
    def __init__(self, templates_dir: Path):
        custom = templates_dir / "docx" / "frame.docx"
        self.frame_path = custom if custom.exists() or custom.is_symlink() else None
        self.frame = _read_frame(custom) if self.frame_path else build_frame()

    def render(self, doc: Document, context: dict | None = None) -> bytes:
        tpl = DocxTemplate(io.BytesIO(self.frame))
        try:
            tpl.init_docx()
        except Exception:  # noqa: BLE001 — any failure to open it means the file is no DOCX
            raise PipelineError([Problem("E201", "DOCX 框架模板不是有效的 DOCX 文件（可能已损坏，或被另存为其他格式）；"
                                                 "可运行「pipeline frame templates/docx/frame.docx」重新生成，"
                                                 "或删除该文件以使用内置框架", self.frame_path)]) from None
        sub = tpl.new_subdoc()
        try:
            _write_body(sub.subdocx, doc)
        except KeyError as e:  # a user's frame without one of our styles
            raise PipelineError([Problem("E201", f"DOCX 框架模板缺少样式 {e}；可运行 pipeline frame 生成参考框架",
                                         self.frame_path)]) from None
        tpl.render({"body": sub, "title": doc.title.replace("\n", ""), "date": doc.date,
                    **(context or {})})
        stamp = dt.datetime.fromisoformat(doc.date_iso)
        core = tpl.docx.core_properties
        core.title, core.author = doc.title.replace("\n", ""), (context or {}).get("author", "")
        core.created = core.modified = stamp
        core.revision = 1
        tidy(tpl.docx)  # the frame's leftovers, and styles and faces this document does not use
        out = io.BytesIO()
        tpl.save(out)
        return _fixed_zip(out.getvalue(), stamp)


def _read_frame(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as e:
        what = "是文件夹" if path.is_dir() else f"无法读取（{e.strerror}）"
        raise PipelineError([Problem("E201", f"DOCX 框架模板{what}，应为 .docx 文件；"
                                             "删除它即使用内置框架", path)]) from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PipelineError([Problem("E201", "DOCX 框架模板不是有效的 DOCX 文件（可能已损坏，或被另存为 .doc 等格式）；"
                                             "可运行「pipeline frame templates/docx/frame.docx」重新生成，"
                                             "或删除该文件以使用内置框架", path)])
    return data


# A ZIP entry's date is an MS-DOS date, which only covers 1980–2107.
ZIP_YEARS = (1980, 2107)


def _fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same DOCX with every ZIP entry dated by the document, not by the clock, so that
    two builds of the same content are byte-identical. A 成文日期 outside the years a ZIP
    entry can hold is stamped with the nearest one it can (the DOCX's own properties keep
    the real date)."""
    year = min(max(stamp.year, ZIP_YEARS[0]), ZIP_YEARS[1])
    stamp = stamp.replace(year=year, month=1, day=1) if year != stamp.year else stamp
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def _write_body(docx, doc: Document):
    title = docx.add_paragraph(style="Title")
    for i, line in enumerate(doc.title.split("\n")):
        run = title.add_run(line)
        if i:
            run._r.addprevious(_line_break())
    # one blank line after the title (GB/T 9704 7.3.1)
    title.paragraph_format.space_after = Pt(L.LINE_PITCH)
    page_break, previous = False, None
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            page_break = True
            continue
        if isinstance(block, Heading):
            p = docx.add_paragraph(block.full_text, style=f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            p = _paragraph(docx, block)
            if block.role == "attachment-title":  # a blank line between the title and its table, as in the PDF
                p.paragraph_format.space_after = Pt(L.LINE_PITCH)
            if block.role in KEPT_WITH_PREVIOUS and previous is not None:
                previous.paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            _table(docx, block)
            previous = None
            continue
        if page_break:
            p.paragraph_format.page_break_before = True
            page_break = False
        previous = p


def _line_break():
    from docx.oxml import OxmlElement
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def _paragraph(docx, block: Paragraph):
    p = docx.add_paragraph(style=STYLE_OF_ROLE.get(block.role, "Normal"))
    for run in block.runs:
        parts = run.text.split("\n")
        style = _run_in_style(docx, run.heading_level)
        for i, part in enumerate(parts):
            r = p.add_run(part)
            if i:
                r._r.addprevious(_line_break())
            if style is not None:
                r.style = style  # the heading's face and weight come from its character style
            elif run.heading_level in L.HEADING_FACES_BY_LEVEL:  # a user's frame without the style
                ox.set_fonts(r._r.get_or_add_rPr(), getattr(L, L.HEADING_FACES_BY_LEVEL[run.heading_level]).windows)
            if run.bold and not (style is not None and run.heading_level in L.BOLD_HEADING_LEVELS):
                r.bold = True
            if run.italic:
                r.italic = True
    ppr = p._p.get_or_add_pPr()
    level = block.runs[0].heading_level if block.runs else 0
    if level:  # a run-in heading: the paragraph is in the outline at its level (navigation pane, 目录)
        ox.set_outline_level(ppr, level - 1)
    if block.indent_right or block.hanging:
        advance = L.twips(L.CHAR_ADVANCE)
        if block.hanging:
            ox.set_indent(ppr, left=round((block.indent_first + block.hanging) * advance),
                          hanging_chars=block.hanging, hanging=round(block.hanging * advance))
        else:
            ox.set_indent(ppr, right=round(block.indent_right * advance))
    if block.space_before:
        p.paragraph_format.space_before = Pt(block.space_before * L.LINE_PITCH)
    return p


def _run_in_style(docx, level: int):
    """The character style of a run-in heading of this level; None for other runs, or in a
    user's frame that lacks it."""
    if not level:
        return None
    name = next((n for n, lv in RUN_IN_STYLES.items() if lv == level), None)
    try:
        return docx.styles[name] if name else None
    except KeyError:
        return None


def _table(docx, block: Table):
    table = docx.add_table(rows=1 + len(block.rows), cols=len(block.header))
    ox.set_table_borders(table._tbl.tblPr, round(L.TABLE_RULE * 8))  # carried by the table itself
    ox.set_cell_margins(table._tbl.tblPr, L.twips(L.TABLE_PADDING_V), L.twips(L.TABLE_PADDING_H))  # as the PDF
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = block.widths or [1] * len(block.header)
    total = L.twips(L.TEXT_WIDTH)
    for column, width in zip(table.columns, widths):  # the grid: LibreOffice and WPS lay out by it
        column.width = Twips(round(total * width / sum(widths)))
    for row_index, values in enumerate([block.header, *block.rows]):
        row = table.rows[row_index]
        if row_index == 0:
            ox.repeat_header_row(row)
        else:
            ox.keep_row_together(row)
        for col, value in enumerate(values):
            cell = row.cells[col]
            cell.width = Twips(round(total * widths[col] / sum(widths)))
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER  # as the PDF's cells
            p = cell.paragraphs[0]
            p.style = docx.styles["Table Header" if row_index == 0 else "Table Text"]
            if row_index and block.centred and block.centred[col]:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for i, line in enumerate(value.split("\n")):
                (p if i == 0 else cell.add_paragraph(style=p.style)).add_run(line)
    return table
