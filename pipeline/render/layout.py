"""The layout of GB/T 9704-2012, in one place: both renderers and the checks read it.

Lengths are in points unless the name says otherwise. See shared/docs/gongwen-layout.md for
where each number comes from and what was measured.
"""
from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 37, 35
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 28, 26

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
TABLE_SIZE = 14.0  # 4号 in tables keeps four columns readable
LINE_PITCH = 28.95  # 22 lines in the 225 mm text block, exact
# 28 characters of 16 pt need 448 pt, the text block has 442.2 pt: tighten every character.
CHAR_SPACING = -0.25
FIRST_LINE_INDENT_CHARS = 2
PAGE_NUMBER_GAP_MM = 7  # from the bottom of the text block to the top of the page number
PAGE_NUMBER_INSET_CHARS = 1  # odd pages right, even pages left, one character in
HEADING_FACES_BY_LEVEL = {1: "HEITI", 2: "KAITI"}  # 一、 黑体, （一） 楷体; 1. and （1） in the body face
BOLD_HEADING_LEVELS = (3,)  # "1." headings in 仿宋 bold; 一、 is 黑体, （一） 楷体, （1） plain
HEADER_DISTANCE_MM = 15  # no header is printed; the DOCX needs a value all the same
# Tables, which the standard leaves open: thin rules, 4号 text at a tight leading.
TABLE_RULE = 0.75
TABLE_LINE_HEIGHT = 1.4  # times TABLE_SIZE
TABLE_PADDING_V, TABLE_PADDING_H = 2.0, 4.0  # inside each cell
SIGNATURE_RIGHT_CHARS = 2  # 落款 右空二字
DATE_OFFSET_CHARS = 2  # 成文日期 first character two right of the signature's first

TEXT_WIDTH = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * MM
TEXT_HEIGHT = (PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) * MM


@dataclass(frozen=True)
class Face:
    """A typographic role: the font Word/WPS users have, and the open font we embed in PDFs."""

    windows: str  # the name the DOCX carries (the standard's font)
    open_family: str  # the family the PDF is set in
    open_file: str | None  # file under the fonts folder; None: found by fontconfig
    weight: int = 400


FANGSONG = Face("仿宋_GB2312", "FandolFang", "FandolFang-Regular.otf")
HEITI = Face("黑体", "FandolHei", "FandolHei-Regular.otf")
KAITI = Face("楷体_GB2312", "FandolKai", "FandolKai-Regular.otf")
SONGTI = Face("宋体", "FandolSong", "FandolSong-Regular.otf")
XIAOBIAOSONG = Face("方正小标宋简体", "Noto Serif CJK SC", None, 700)
FALLBACK_FAMILY = "Noto Serif CJK SC"  # for characters the Fandol fonts lack

# w:altName in the DOCX's font table: the face a Word or WPS without the named one should
# use (the standard's _GB2312 faces → the Windows 仿宋 / 楷体; English names of the others).
ALT_NAMES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "华文中宋",
    "黑体": "SimHei",
    "宋体": "SimSun",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
    "华文中宋": "STZhongsong",
}

OPEN_FONT_FILES = tuple(f.open_file for f in (FANGSONG, HEITI, KAITI, SONGTI) if f.open_file)


def twips(points: float) -> int:
    return round(points * 20)


def width_in_chars(text: str) -> float:
    """How many body characters wide a text is: ASCII letters and digits are half width."""
    return sum(0.5 if ord(c) < 0x2E80 and c != "—" else 1 for c in text)


CHAR_ADVANCE = BODY_SIZE + CHAR_SPACING  # one body character, as set
