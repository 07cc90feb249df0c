"""The DOCX frame: page setup, styles and odd/even footers of GB/T 9704, written by code so
that every setting is reviewable. `pipeline frame OUT.docx` saves it; a user may edit that
file in Word or WPS and put it at templates/docx/frame.docx, which the build then uses.

The frame is a docxtpl template: its body holds `{{p body }}`, replaced by the document.
"""
import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import docx_oxml as ox
from . import layout as L

BODY_PLACEHOLDER = "{{p body }}"
APPLICATION = "gongwen-pipeline"  # docProps/app.xml: the program that made the document

# Paragraph styles of the frame: name → (face, size, alignment, first-line indent in chars).
PARAGRAPH_STYLES = {
    "Title": (L.XIAOBIAOSONG, L.TITLE_SIZE, "center", 0),
    "Heading 1": (L.HEITI, L.BODY_SIZE, "justify", L.FIRST_LINE_INDENT_CHARS),
    "Heading 2": (L.KAITI, L.BODY_SIZE, "justify", L.FIRST_LINE_INDENT_CHARS),
    "Heading 3": (L.FANGSONG, L.BODY_SIZE, "justify", L.FIRST_LINE_INDENT_CHARS),
    "Heading 4": (L.FANGSONG, L.BODY_SIZE, "justify", L.FIRST_LINE_INDENT_CHARS),
    "Addressee": (L.FANGSONG, L.BODY_SIZE, "justify", 0),
    "Signature": (L.FANGSONG, L.BODY_SIZE, "right", 0),
    "Date": (L.FANGSONG, L.BODY_SIZE, "right", 0),
    "Attachment Note": (L.FANGSONG, L.BODY_SIZE, "justify", L.FIRST_LINE_INDENT_CHARS),
    "Attachment Heading": (L.HEITI, L.BODY_SIZE, "left", 0),
    "Attachment Title": (L.XIAOBIAOSONG, L.TITLE_SIZE, "center", 0),
    "Table Text": (L.FANGSONG, L.TABLE_SIZE, "left", 0),
    "Table Header": (L.HEITI, L.TABLE_SIZE, "center", 0),
    "Page Number": (L.SONGTI, L.PAGE_NUMBER_SIZE, "right", 0),
}
# Character styles of the frame: a heading that runs into its paragraph (1.加强……。正文) is a
# run in its level's style, so a writer restyles every one at once. name → level.
RUN_IN_STYLES = {f"Run-in Heading {level}": level for level in (1, 2, 3, 4)}
# What the DOCX keeps of the frame's styles besides those the document uses.
FRAME_STYLE_NAMES = ("Normal", *PARAGRAPH_STYLES, *RUN_IN_STYLES)
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}
PITCH = L.twips(L.LINE_PITCH)  # 579
SPACING = round(L.CHAR_SPACING * 20)  # −5: 28 characters a line


def build_frame() -> bytes:
    doc = Document()
    _defaults(doc)
    _page(doc.sections[0])
    _styles(doc)
    _footers(doc)
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    doc.add_paragraph(BODY_PLACEHOLDER)
    tidy(doc)
    core = doc.core_properties
    core.author = core.last_modified_by = ""
    core.title = core.comments = ""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def tidy(doc):
    """What python-docx's template (or a user's frame, saved by Word) leaves behind goes:
    styles neither used nor the frame's, thumbnail, customXml; the font table lists the faces
    used, with what to substitute; app.xml names this program."""
    ox.prune_styles(doc, FRAME_STYLE_NAMES)
    ox.drop_leftover_parts(doc)
    ox.write_font_table(doc, L.ALT_NAMES)
    ox.write_app_properties(doc, APPLICATION)


def _defaults(doc):
    """docDefaults: 仿宋 in every slot, Chinese language, no theme fonts."""
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ox.set_fonts(rpr, L.FANGSONG.windows)
    ox.set_size(rpr, L.BODY_SIZE)
    ox.set_lang(rpr)
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    if ppr_default is not None:
        ox.set_exact_spacing(ppr_default.find(qn("w:pPr")), PITCH)
        ox.set_cjk_paragraph(ppr_default.find(qn("w:pPr")))
    doc.settings.odd_and_even_pages_header_footer = True
    ox.set_chinese_settings(doc.settings.element)
    for fonts in styles.iter(qn("w:rFonts")):  # theme fonts would override the named ones
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{theme}"), None)


def _page(section):
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    section.gutter = 0
    section.header_distance = Mm(L.HEADER_DISTANCE_MM)
    # The page number's top edge stands 7 mm below the text block; its line is 14 pt high.
    section.footer_distance = Mm(L.MARGIN_BOTTOM_MM - L.PAGE_NUMBER_GAP_MM) - Pt(L.PAGE_NUMBER_SIZE)
    ox.set_doc_grid(section._sectPr, PITCH)


def _styles(doc):
    normal = doc.styles["Normal"]
    _paragraph_style(normal, L.FANGSONG, L.BODY_SIZE, "justify", L.FIRST_LINE_INDENT_CHARS)
    for name, (face, size, align, indent) in PARAGRAPH_STYLES.items():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
        _paragraph_style(style, face, size, align, indent)
        if name.startswith("Heading"):
            level = int(name[-1])
            ox.set_outline_level(style.element.get_or_add_pPr(), level - 1)
            style.paragraph_format.keep_with_next = True
            style.font.bold = level in L.BOLD_HEADING_LEVELS
        elif "Title" in name:  # body text in the outline (level 9): the title is no heading
            ox.set_outline_level(style.element.get_or_add_pPr(), ox.BODY_TEXT_OUTLINE_LEVEL)
        if name.startswith("Table") or name == "Page Number":
            ox.set_single_spacing(style.element.get_or_add_pPr())
            ox.set_flag(style.element.get_or_add_pPr(), "snapToGrid", ox.PPR_ORDER, on=False)
        if name.startswith("Table") or "Title" in name or name == "Page Number":
            ox.set_char_spacing(style.element.get_or_add_rPr(), 0)
        if "Title" in name:  # a 22 pt line keeps its exact pitch instead of taking two grid lines
            ox.set_flag(style.element.get_or_add_pPr(), "snapToGrid", ox.PPR_ORDER, on=False)
            ox.remove(style.element.get_or_add_pPr(), "pBdr")  # the default template's rule
    for name, level in RUN_IN_STYLES.items():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.base_style = doc.styles["Default Paragraph Font"]
        _run_in_style(style, level)


def _run_in_style(style, level):
    """A run-in heading's run: its level's face (一、 黑体, （一） 楷体) or the body's, bold for
    the levels set bold (1.); size and spacing come from the paragraph."""
    style.hidden = False
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    face = L.HEADING_FACES_BY_LEVEL.get(level)
    if face:
        ox.set_fonts(rpr, getattr(L, face).windows)
    style.font.bold = True if level in L.BOLD_HEADING_LEVELS else None


def _paragraph_style(style, face, size, align, indent_chars):
    rpr = style.element.get_or_add_rPr()
    ox.set_fonts(rpr, face.windows)
    style.font.bold = False
    style.font.italic = False
    ox.set_color_black(rpr)
    ox.set_char_spacing(rpr, SPACING)
    ox.set_size(rpr, size)
    ox.set_lang(rpr)
    ppr = style.element.get_or_add_pPr()
    style.paragraph_format.widow_control = False  # orphans and widows 1: every grid line used
    ox.set_exact_spacing(ppr, PITCH)
    # No punctuation in the margin, no automatic space between Chinese and digits or Latin.
    ox.set_cjk_paragraph(ppr)
    ox.set_indent(ppr, first_chars=indent_chars, first_twips=L.twips(indent_chars * L.BODY_SIZE))
    style.paragraph_format.alignment = ALIGN[align]


def _footers(doc):
    """"— N —" in 4号宋体: odd pages right, even pages left, one character in."""
    section = doc.sections[0]
    inset = L.twips(L.PAGE_NUMBER_INSET_CHARS * L.PAGE_NUMBER_SIZE)
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles["Page Number"]
        p.alignment = ALIGN[align]
        ox.set_indent(p._p.get_or_add_pPr(), left=inset if align == "left" else 0,
                      right=inset if align == "right" else 0)
        p.add_run("— ")
        ox.add_field(p, "PAGE", "1")
        p.add_run(" —")
