"""Every raw-XML detail of the DOCX in one place: what python-docx has no API for.

Elements are inserted in the order of the OOXML schema: Word (unlike LibreOffice) may ignore
or reject out-of-order children of w:pPr and w:rPr.
"""
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Children of w:rPr and w:pPr in schema order (ECMA-376 Part 1, 17.3.2.28 and 17.3.1.26).
RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
             "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
             "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout "
             "specVanish oMath").split()
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
             "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
             "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
             "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
             "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
SECTPR_ORDER = ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
                "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg "
                "textDirection bidi rtlGutter docGrid printerSettings sectPrChange").split()
TRPR_ORDER = ("cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
              "tblCellSpacing jc hidden ins del trPrChange").split()


def child(parent, tag: str, order: list[str], **attrs):
    """The child `w:tag` of parent, created in schema order if missing; attrs set on it."""
    el = parent.find(qn(f"w:{tag}"))
    if el is None:
        el = OxmlElement(f"w:{tag}")
        later = set(order[order.index(tag) + 1:])
        successor = next((c for c in parent if c.tag.split("}")[-1] in later), None)
        if successor is not None:
            successor.addprevious(el)
        else:
            parent.append(el)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), str(value))
    return el


def remove(parent, tag: str):
    for el in parent.findall(qn(f"w:{tag}")):
        parent.remove(el)


def set_fonts(rpr, name: str):
    """The font in every slot, East Asian included, and no theme font that would override it
    (python-docx's font.name writes only w:ascii and w:hAnsi)."""
    fonts = child(rpr, "rFonts", RPR_ORDER)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def set_char_spacing(rpr, twentieths: int):
    child(rpr, "spacing", RPR_ORDER, val=twentieths)


def set_size(rpr, points: float):
    half = round(points * 2)
    child(rpr, "sz", RPR_ORDER, val=half)
    child(rpr, "szCs", RPR_ORDER, val=half)


def set_lang(rpr):
    child(rpr, "lang", RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def set_color_black(rpr):
    color = child(rpr, "color", RPR_ORDER, val="000000")
    for theme in ("themeColor", "themeShade", "themeTint"):
        color.attrib.pop(qn(f"w:{theme}"), None)


def set_exact_spacing(ppr, line_twips: int, before: int = 0, after: int = 0):
    spacing = child(ppr, "spacing", PPR_ORDER, line=line_twips, lineRule="exact",
                    before=before, after=after)
    for name in ("beforeLines", "afterLines", "beforeAutospacing", "afterAutospacing"):
        spacing.attrib.pop(qn(f"w:{name}"), None)


def set_single_spacing(ppr):
    child(ppr, "spacing", PPR_ORDER, line=240, lineRule="auto", before=0, after=0)


def set_indent(ppr, first_chars: float = 0, first_twips: int = 0, left: int = 0, right: int = 0,
               hanging_chars: float = 0, hanging: int = 0):
    """w:ind with every attribute written, so nothing is inherited from the style: a
    paragraph without a first-line indent says firstLineChars="0" (Word lets the *Chars
    attributes of a style win over twips given here)."""
    ind = child(ppr, "ind", PPR_ORDER, left=left, right=right)
    for name in ("firstLine", "firstLineChars", "hanging", "hangingChars", "leftChars", "rightChars"):
        ind.attrib.pop(qn(f"w:{name}"), None)
    if hanging:
        ind.set(qn("w:hangingChars"), str(round(hanging_chars * 100)))
        ind.set(qn("w:hanging"), str(hanging))
    else:
        # firstLineChars (1/100 character) is what Word and WPS write for "首行缩进 2 字符";
        # firstLine is the same length in twips for readers that ignore it.
        ind.set(qn("w:firstLineChars"), str(round(first_chars * 100)))
        ind.set(qn("w:firstLine"), str(first_twips))


def set_outline_level(ppr, level: int):
    child(ppr, "outlineLvl", PPR_ORDER, val=level)


def set_flag(parent, tag: str, order: list[str], on: bool = True):
    el = child(parent, tag, order)
    if not on:
        el.set(qn("w:val"), "0")


def set_doc_grid(sectpr, pitch_twips: int):
    child(sectpr, "docGrid", SECTPR_ORDER, type="lines", linePitch=pitch_twips)
    grid = sectpr.find(qn("w:docGrid"))
    grid.attrib.pop(qn("w:charSpace"), None)


def add_field(paragraph, instruction: str, placeholder: str):
    """A complex field (e.g. PAGE) as Word writes it: begin, instruction, separate, result, end."""
    def run_with(el):
        r = OxmlElement("w:r")
        r.append(el)
        paragraph._p.append(r)
        return el

    run_with(OxmlElement("w:fldChar")).set(qn("w:fldCharType"), "begin")
    instr = run_with(OxmlElement("w:instrText"))
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(OxmlElement("w:fldChar")).set(qn("w:fldCharType"), "separate")
    run_with(OxmlElement("w:t")).text = placeholder
    run_with(OxmlElement("w:fldChar")).set(qn("w:fldCharType"), "end")


def set_table_borders(tblpr, size_eighths: int):
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", size_eighths), ("space", 0), ("color", "000000")):
            el.set(qn(f"w:{name}"), str(value))
        borders.append(el)
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    # tblBorders follows tblStyle … tblW, jc, tblCellSpacing, tblInd; precedes shd, tblLayout …
    later = {"shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"}
    successor = next((c for c in tblpr if c.tag.split("}")[-1] in later), None)
    if successor is not None:
        successor.addprevious(borders)
    else:
        tblpr.append(borders)


def repeat_header_row(row):
    """The row repeats at the top of every page the table runs onto; rows never split."""
    trpr = row._tr.get_or_add_trPr()
    child(trpr, "cantSplit", TRPR_ORDER)
    child(trpr, "tblHeader", TRPR_ORDER)


def keep_row_together(row):
    child(row._tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)
