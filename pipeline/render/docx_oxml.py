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


BODY_TEXT_OUTLINE_LEVEL = 9  # w:outlineLvl 9: body text, in no outline or navigation pane


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


def set_cell_margins(tblpr, vertical: int, horizontal: int):
    """Padding inside every cell of a table (twips); tblCellMar comes after tblLayout, before tblLook."""
    old = tblpr.find(qn("w:tblCellMar"))
    if old is not None:
        tblpr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", vertical), ("left", horizontal), ("bottom", vertical), ("right", horizontal)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)


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


# ---------------------------------------------------------------- paragraphs and settings
def set_cjk_paragraph(ppr):
    """Chinese typesetting of a paragraph (style or docDefaults): no punctuation hanging into
    the margin (w:overflowPunct off, ECMA-376 17.3.1.21) and no automatic space between
    Chinese and digits or Latin letters (w:autoSpaceDE / w:autoSpaceDN off): 公文 has neither.

    Word and WPS read these. LibreOffice 7.4 does not: its DOCX import ignores both autoSpace
    flags (it still puts 1/5 of the font height between Chinese and a digit, 3.2 pt at 16 pt)
    and reads w:overflowPunct the other way round (val="0" turns its hanging punctuation on,
    and it writes val="true" back); tests/test_libreoffice.py measures both."""
    set_flag(ppr, "overflowPunct", PPR_ORDER, on=False)
    set_flag(ppr, "autoSpaceDE", PPR_ORDER, on=False)
    set_flag(ppr, "autoSpaceDN", PPR_ORDER, on=False)


# Children of w:settings that must come before w:themeFontLang (ECMA-376 17.15.1.78).
SETTINGS_AFTER_THEME_FONT_LANG = ("clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures "
                                  "forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
                                  "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator").split()


def set_chinese_settings(settings):
    """w:settings of a Chinese document: theme fonts resolved for zh-CN (not the template's
    ja-JP), and no preview picture saved with it (the source of docProps/thumbnail)."""
    remove(settings, "savePreviewPicture")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        successor = next((c for c in settings if c.tag.split("}")[-1] in SETTINGS_AFTER_THEME_FONT_LANG), None)
        if successor is not None:
            successor.addprevious(lang)
        else:
            settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


# ---------------------------------------------------------------- the package
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Parts a template brings that a generated document has no use for: Word's preview picture,
# customXml (the template's bibliography store), Word 2010's duplicate of styles.xml.
LEFTOVER_RELATIONSHIPS = ("/metadata/thumbnail", "/customXml", "/stylesWithEffects")


def _content_parts(document):
    """The XML parts that hold text and formatting: the body, headers and footers."""
    yield document.element
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.endswith(("/header", "/footer")):
            yield rel.target_part.element


def drop_leftover_parts(document):
    """No thumbnail, customXml or stylesWithEffects. Parts are written by following
    relationships, so a part whose relationship is gone is not written, nor is its content
    type. The numbering part stays (Word and python-docx add lists to it) but loses the
    template's list definitions when nothing is numbered."""
    for rels in (document.part.package.rels, document.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.endswith(LEFTOVER_RELATIONSHIPS):
                del rels[rid]
    numbered = any(el.find(f".//{{{W_NS}}}numPr") is not None
                   for el in (*_content_parts(document), document.styles.element))
    numbering = next((rel.target_part for rel in document.part.rels.values()
                      if rel.reltype.endswith("/numbering") and not rel.is_external), None)
    if numbering is not None and not numbered and hasattr(numbering, "element"):
        for el in list(numbering.element):
            numbering.element.remove(el)


def prune_styles(document, keep_names) -> None:
    """Only the styles the document uses, the styles named in keep_names, each type's default,
    and what these are based on or followed by. References to a dropped style (w:link to
    Word's "Heading 1 Char" twins, w:next) are removed with it."""
    styles = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    wanted = set()
    for part in _content_parts(document):
        for tag in ("pStyle", "rStyle", "tblStyle"):
            wanted |= {el.get(qn("w:val")) for el in part.iter(qn(f"w:{tag}"))}
    for sid, style in by_id.items():
        name = style.find(qn("w:name"))
        if style.get(qn("w:default")) in ("1", "true", "on") or (
                name is not None and name.get(qn("w:val")).lower() in {n.lower() for n in keep_names}):
            wanted.add(sid)
    todo = [s for s in wanted if s in by_id]
    while todo:  # styles a kept style is based on, or that follow it, are kept too
        style = by_id[todo.pop()]
        for tag in ("basedOn", "next"):
            el = style.find(qn(f"w:{tag}"))
            if el is not None and el.get(qn("w:val")) not in wanted and el.get(qn("w:val")) in by_id:
                wanted.add(el.get(qn("w:val")))
                todo.append(el.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in wanted:
            styles.remove(style)
            continue
        for tag in ("link", "next", "basedOn"):
            el = style.find(qn(f"w:{tag}"))
            if el is not None and el.get(qn("w:val")) not in wanted:
                style.remove(el)


# What Word writes for these faces: PANOSE (None: not known here), w:family, w:pitch. All are
# GB2312 faces (w:charset 86).
FONT_FACTS = {
    "仿宋_GB2312": ("02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("02010609030101010101", "modern", "fixed"),
    "仿宋": ("02010609060101010101", "modern", "fixed"),
    "楷体": ("02010609060101010101", "modern", "fixed"),
    "黑体": ("02010609060101010101", "modern", "fixed"),
    "宋体": ("02010600030101010101", "auto", "variable"),
    "华文中宋": ("02010600040101010101", "auto", "variable"),
    "方正小标宋简体": (None, "auto", "variable"),
}
GB2312_CHARSET = "86"
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def fonts_used(document) -> list[str]:
    """Every font name the styles, body, headers and footers name, in order of appearance."""
    names = []
    for part in (document.styles.element, *_content_parts(document)):
        for fonts in part.iter(qn("w:rFonts")):
            for slot in FONT_SLOTS:
                name = fonts.get(qn(f"w:{slot}"))
                if name and name not in names:
                    names.append(name)
    return names


def font_table_xml(names, alt_names: dict[str, str]) -> bytes:
    """word/fontTable.xml with an entry for each name: w:altName (what an office suite that
    lacks the face should use), GB2312 charset, family, pitch and PANOSE where known."""
    root = OxmlElement("w:fonts")
    for name in names:
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        panose, family, pitch = FONT_FACTS.get(name, (None, "auto", "variable"))
        facts = [("altName", alt_names.get(name)), ("panose1", panose), ("charset", GB2312_CHARSET),
                 ("family", family), ("pitch", pitch)]
        for tag, value in facts:  # CT_Font: altName, panose1, charset, family, notTrueType, pitch, sig
            if value:
                el = OxmlElement(f"w:{tag}")
                el.set(qn("w:val"), value)
                font.append(el)
        root.append(font)
    from lxml import etree
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_font_table(document, alt_names: dict[str, str]) -> list[str]:
    """Replace the template's font table (Calibri, Cambria, ＭＳ 明朝 …) by the faces this
    document uses; returns their names."""
    names = fonts_used(document)
    part = next(rel.target_part for rel in document.part.rels.values()
                if rel.reltype.endswith("/fontTable") and not rel.is_external)
    part._blob = font_table_xml(names, alt_names)  # a plain Part: python-docx writes its blob
    return names


APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def write_app_properties(document, application: str):
    """docProps/app.xml naming the program that made the document (not the template's
    "Microsoft Macintosh Word"), without the template's page and word counts."""
    from xml.sax.saxutils import escape
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{APP_NS}">'
           f"<Application>{escape(application)}</Application><DocSecurity>0</DocSecurity>"
           "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           "<HyperlinksChanged>false</HyperlinksChanged></Properties>")
    package = document.part.package
    rel = next((r for r in package.rels.values() if r.reltype.endswith("/extended-properties")), None)
    if rel is not None:
        rel.target_part._blob = xml.encode("utf-8")
