"""The DOCX in any office suite: its font table, paragraph and package settings, styles and
outline, read from the XML of the sample documents."""
import re
import zipfile

import pytest
from docx import Document
from lxml import etree

from pipeline.render import layout as L
from pipeline.render.frame import FRAME_STYLE_NAMES, RUN_IN_STYLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
FACES = {f.windows for f in (L.FANGSONG, L.HEITI, L.KAITI, L.SONGTI, L.XIAOBIAOSONG)}
TEMPLATE_FONTS = {"Calibri", "Cambria", "ＭＳ 明朝", "ＭＳ ゴシック", "Times New Roman", "Arial", "Courier", "Symbol"}
MARKERS = {0: r"[一二三四五六七八九十]+、", 1: r"（[一二三四五六七八九十]+）", 2: r"\d+\.", 3: r"（\d+）"}


@pytest.fixture(scope="module", params=["plan", "scheme", "summary"])
def package(request, sample_outputs):
    path = sample_outputs[request.param]["docx"]
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    return {"path": path, "parts": parts, "xml": lambda name: etree.fromstring(parts[name])}


def content_parts(package):
    """document.xml, then the headers and footers."""
    return [package["xml"](n) for n in sorted(package["parts"])
            if n == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", n)]


class Styles:
    """styles.xml resolved as Word resolves it: direct, run style, paragraph style, defaults."""

    def __init__(self, root):
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        self.rpr_default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.ppr_default = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
        self.default_paragraph = next(s.get(f"{W}styleId") for s in self.by_id.values()
                                      if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") == "1")

    def chain(self, sid, tag):
        while sid in self.by_id:
            style = self.by_id[sid]
            yield style.find(f"{W}{tag}")
            based = style.find(f"{W}basedOn")
            sid = based.get(f"{W}val") if based is not None else None

    def paragraph_style(self, p):
        ps = p.find(f"{W}pPr/{W}pStyle")
        return ps.get(f"{W}val") if ps is not None else self.default_paragraph

    def pprs(self, p):
        return [p.find(f"{W}pPr"), *self.chain(self.paragraph_style(p), "pPr"), self.ppr_default]

    def rprs(self, p, r):
        rpr = r.find(f"{W}rPr")
        rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
        run_style = list(self.chain(rstyle.get(f"{W}val"), "rPr")) if rstyle is not None else []
        return [rpr, *run_style, *self.chain(self.paragraph_style(p), "rPr"), self.rpr_default]


def nearest(chain, tag, attr="val"):
    for props in chain:
        el = props.find(f"{W}{tag}") if props is not None else None
        if el is not None and (attr is None or el.get(f"{W}{attr}") is not None):
            return el if attr is None else el.get(f"{W}{attr}")
    return None


def fonts_named(package):
    roots = [package["xml"]("word/styles.xml"), *content_parts(package)]
    return {fonts.get(f"{W}{slot}") for root in roots for fonts in root.iter(f"{W}rFonts")
            for slot in SLOTS if fonts.get(f"{W}{slot}")}


# ---------------------------------------------------------------- font table
def test_font_table_lists_each_face_used_with_alt_name_and_gb2312_charset(package):
    table = package["xml"]("word/fontTable.xml")
    entries = {f.get(f"{W}name"): f for f in table.iter(f"{W}font")}
    assert set(entries) == fonts_named(package)  # every face the document names, and no other
    assert FACES <= set(entries)
    assert not TEMPLATE_FONTS & set(entries)
    for name, font in entries.items():
        facts = {child.tag[len(W):]: child.get(f"{W}val") for child in font}
        assert facts["altName"] == L.ALT_NAMES[name], name
        assert facts["charset"] == "86", name
        assert facts["family"] in ("auto", "modern", "roman", "swiss", "script", "decorative"), name
        assert facts["pitch"] in ("fixed", "variable", "default"), name
        assert re.fullmatch(r"[0-9A-F]{20}", facts.get("panose1") or "0" * 20), name
        order = [child.tag[len(W):] for child in font]  # CT_Font's sequence
        assert order == sorted(order, key=["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig"].index)
    assert entries["仿宋_GB2312"].find(f"{W}altName").get(f"{W}val") == "仿宋"
    assert entries["楷体_GB2312"].find(f"{W}altName").get(f"{W}val") == "楷体"


# ---------------------------------------------------------------- paragraphs and runs
def test_every_paragraph_has_no_hanging_punctuation_and_no_autospace(package):
    styles = Styles(package["xml"]("word/styles.xml"))
    paragraphs = [p for root in content_parts(package) for p in root.iter(f"{W}p")]
    assert len(paragraphs) > 30
    for p in paragraphs:
        for tag in ("overflowPunct", "autoSpaceDE", "autoSpaceDN"):
            el = nearest(styles.pprs(p), tag, attr=None)
            assert el is not None and el.get(f"{W}val") in ("0", "false", "off"), tag
    settings = package["xml"]("word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
    assert settings.find(f"{W}savePreviewPicture") is None


def test_quotes_dashes_and_ellipses_are_set_in_the_east_asian_face(package):
    """A run holding “”‘’—… resolves the same face in every slot, with the East Asian hint,
    so no suite sets these characters in a Latin face."""
    styles = Styles(package["xml"]("word/styles.xml"))
    seen = 0
    for root in content_parts(package):
        for p in root.iter(f"{W}p"):
            for r in p.iter(f"{W}r"):
                text = "".join(t.text or "" for t in r.iter(f"{W}t"))
                if not set(text) & set("“”‘’—…"):
                    continue
                seen += 1
                chain = styles.rprs(p, r)
                faces = {nearest(chain, "rFonts", slot) for slot in SLOTS}
                assert len(faces) == 1 and faces <= FACES, (text, faces)
                assert nearest(chain, "rFonts", "hint") == "eastAsia", text
    assert seen
    default = styles.rpr_default.find(f"{W}rFonts")
    assert default.get(f"{W}eastAsia") == L.FANGSONG.windows and default.get(f"{W}hint") == "eastAsia"


def test_runs_carry_no_direct_font_or_size(package):
    """Formatting lives in styles: a run says at most which character style it is in, and
    bold or italic where the writer's text has emphasis."""
    document = package["xml"]("word/document.xml")
    direct = {child.tag[len(W):] for rpr in document.iter(f"{W}rPr") if rpr.getparent().tag == f"{W}r"
              for child in rpr}
    assert direct <= {"rStyle", "b", "i"}, direct


# ---------------------------------------------------------------- package
def test_no_template_leftovers_in_the_package(package):
    names = set(package["parts"])
    assert not {n for n in names if n.startswith(("customXml/", "docProps/thumbnail"))}
    assert "word/stylesWithEffects.xml" not in names
    app = package["xml"]("docProps/app.xml")
    application = app.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application")
    assert application.text == "gongwen-pipeline"
    everything = b"".join(package["parts"][n] for n in names if n.endswith((".xml", ".rels")))
    for leftover in (b"Microsoft Macintosh Word", b"thumbnail", b"customXml", b"stylesWithEffects", b"Normal.dotm"):
        assert leftover not in everything, leftover
    numbering = package["parts"].get("word/numbering.xml", b"")
    assert b"abstractNum" not in numbering  # nothing is numbered by Word lists


def test_only_used_or_frame_styles_remain(package):
    root = package["xml"]("word/styles.xml")
    styles = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
    used = {el.get(f"{W}val") for part in content_parts(package)
            for tag in ("pStyle", "rStyle", "tblStyle") for el in part.iter(f"{W}{tag}")}
    names = {s.find(f"{W}name").get(f"{W}val").lower(): sid for sid, s in styles.items()}
    frame = {names[n.lower()] for n in FRAME_STYLE_NAMES}
    defaults = {sid for sid, s in styles.items() if s.get(f"{W}default") == "1"}
    referenced = {s.find(f"{W}{tag}").get(f"{W}val") for s in styles.values()
                  for tag in ("basedOn", "next", "link") if s.find(f"{W}{tag}") is not None}
    assert used <= set(styles)
    assert referenced <= set(styles)  # no reference to a dropped style
    assert set(styles) <= used | frame | defaults | referenced
    assert len(styles) <= len(FRAME_STYLE_NAMES) + len(defaults) + 1  # the template had 173


# ---------------------------------------------------------------- outline
def test_every_heading_level_is_in_the_outline_and_the_title_is_not(package):
    """What Word's and WPS's navigation pane lists: every paragraph with an outline level.
    Standing headings have it from their Heading N style, run-in ones (1.加强……。正文) on the
    paragraph; each is its level's marker; the title is body text."""
    styles = Styles(package["xml"]("word/styles.xml"))
    document = package["xml"]("word/document.xml")
    run_in_ids = {re.sub(r"\s", "", name): level for name, level in RUN_IN_STYLES.items()}
    outline, levels_seen = [], set()
    for p in document.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        level = nearest(styles.pprs(p), "outlineLvl")
        style = styles.paragraph_style(p)
        if style in ("Title", "AttachmentTitle"):
            assert level in (None, "9"), text
            continue
        first = p.find(f"{W}r/{W}rPr/{W}rStyle")
        run_in = run_in_ids.get(first.get(f"{W}val")) if first is not None else None
        if style.startswith("Heading"):
            assert level == str(int(style[-1]) - 1), text
        elif run_in:
            assert level == str(run_in - 1), text
            assert p.find(f"{W}pPr/{W}outlineLvl") is not None  # on the paragraph itself
        else:
            assert level in (None, "9"), text
            continue
        assert re.match(MARKERS[int(level)], text), (level, text)
        outline.append(text)
        levels_seen.add(int(level))
    assert {0, 1} <= levels_seen
    if package["path"].name.endswith("工作计划.docx"):
        assert 2 in levels_seen  # the plan's run-in "1.开展……。" items


def test_run_in_heading_runs_take_face_and_weight_from_their_style(package):
    styles = Styles(package["xml"]("word/styles.xml"))
    document = package["xml"]("word/document.xml")
    for p in document.iter(f"{W}p"):
        first = p.find(f"{W}r")
        rstyle = first.find(f"{W}rPr/{W}rStyle") if first is not None else None
        if rstyle is None or not rstyle.get(f"{W}val").startswith("Run-in"):
            continue
        level = int(rstyle.get(f"{W}val")[-1])
        chain = styles.rprs(p, first)
        face = getattr(L, L.HEADING_FACES_BY_LEVEL[level]).windows if level in L.HEADING_FACES_BY_LEVEL else L.FANGSONG.windows
        assert nearest(chain, "rFonts", "eastAsia") == face
        bold = nearest(chain, "b", attr=None)
        assert (bold is not None and bold.get(f"{W}val") not in ("0", "false")) == (level in L.BOLD_HEADING_LEVELS)
        assert nearest(chain, "sz") == "32"


def test_python_docx_sees_the_run_in_styles(package):
    doc = Document(str(package["path"]))
    names = {s.name for s in doc.styles}
    assert set(RUN_IN_STYLES) <= names
