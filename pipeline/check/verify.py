"""`pipeline verify`: measure a PDF or a DOCX — ours or anyone's — against GB/T 9704-2012.

Each check says what the standard asks, what was measured (with units) and whether it passed;
`passed` is None only where a check does not apply (no headings, no page numbers to place);
what the standard requires and the document lacks (text, a title, a 成文日期) is a FAIL. The
numbers come from layout.py.

PDF: measured on the printed page (pipeline.measure). The text block is found from where the
text stands; lines are counted on full pages and characters on full lines, as in
tests/test_pdf_layout.py; fonts are the embedded fonts' names (the open substitutes count:
FandolFang for 仿宋, Noto Serif CJK SC Bold for 小标宋 …).
DOCX: read as Word resolves it, attribute by attribute: run → character style → paragraph
style chain → docDefaults. Lines per page and characters per line follow from the page setup
and the body's line pitch and character advance: nothing is laid out.
"""
from __future__ import annotations

import ast
import datetime as dt
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import takewhile
from pathlib import Path

from ..render import layout as L
from .measure import Line, read_pdf

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about damaged streams are not ours to print

TOLERANCE_MM = 1.0  # GB/T 9704-2012 5.2.1: 天头 37 mm ± 1 mm, 订口 28 mm ± 1 mm
SIZE_TOLERANCE = 0.25  # pt
SIZE_NAMES = {L.TITLE_SIZE: "2号", L.BODY_SIZE: "3号", L.PAGE_NUMBER_SIZE: "4号"}

LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
_NUMERALS = "0-9０-９〇○零一二三四五六七八九十"
# A 成文日期 however it is written: 2024年1月5日, 二〇二四年一月五日, 2024.1.5, 2024-01-05, 24年1月5日
_SEP = r"\s*(?:[年月.．\-/－])\s*"
ANY_DATE = re.compile(rf"^[{_NUMERALS}]{{2,4}}{_SEP}[{_NUMERALS}]{{1,3}}{_SEP}[{_NUMERALS}]{{1,3}}\s*日?$")
# …or at the end of the 落款 when both are one paragraph (青山县人民医院 2024年1月5日)
DATE_AT_END = re.compile(rf"[{_NUMERALS}]{{2,4}}年[{_NUMERALS}]{{1,3}}月[{_NUMERALS}]{{1,3}}日$")
DATE = re.compile(r"^[0-9]{4}年([1-9]|1[0-2])月([1-9]|[12][0-9]|3[01])日$")
ISSUE_NUMBER = re.compile(r"[〔［\[]\d{4}[〕］\]]\d+号")  # 发文字号: 青卫发〔2024〕5号
PAGE_NUMBER = re.compile(r"^—[0-9]+—$")  # whitespace removed
# whatever a page number looks like: — 1 —, - 1 -, 1, 第1页, 第1页共9页, 1/9
ANY_PAGE_NUMBER = re.compile(r"^[-—–－~·.第]*[0-9]+[-—–－~·.页]*(?:[共/][0-9]+页?)?$")


@dataclass
class Check:
    code: str  # stable: V501 …
    name: str  # 检查项
    expected: str  # 标准要求
    measured: str  # 实测, with units
    passed: bool | None  # None: not applicable, or could not be measured


SPEC = {
    "V501": ("纸张尺寸", f"A4（{L.PAGE_WIDTH_MM} × {L.PAGE_HEIGHT_MM} mm）"),
    "V502": ("页边距", f"上 {L.MARGIN_TOP_MM} mm，下 {L.MARGIN_BOTTOM_MM} mm，左 {L.MARGIN_LEFT_MM} mm，"
                    f"右 {L.MARGIN_RIGHT_MM} mm（±{TOLERANCE_MM:g} mm）"),
    "V503": ("每页行数", f"满页 {L.LINES_PER_PAGE} 行"),
    "V504": ("每行字数", f"满行 {L.CHARS_PER_LINE} 字"),
    "V505": ("标题字体字号", f"小标宋 {L.TITLE_SIZE:g} pt（{SIZE_NAMES[L.TITLE_SIZE]}）"),
    "V506": ("层次标题字体", f"一级标题黑体，二级标题楷体，{L.BODY_SIZE:g} pt（{SIZE_NAMES[L.BODY_SIZE]}）"),
    "V507": ("正文字体字号", f"仿宋 {L.BODY_SIZE:g} pt（{SIZE_NAMES[L.BODY_SIZE]}）"),
    "V508": ("页码格式", f"“— N —”，一字线为 U+2014，{L.PAGE_NUMBER_SIZE:g} pt（{SIZE_NAMES[L.PAGE_NUMBER_SIZE]}），每页都有"),
    "V509": ("页码位置", "单页码居右空一字，双页码居左空一字"),
    "V510": ("成文日期格式", "阿拉伯数字，年份写全，月日不补零：2024年1月5日"),
}


def _check(code: str, measured: str, passed: bool | None, expected: str | None = None) -> Check:
    name, standard = SPEC[code]
    return Check(code, name, expected or standard, measured, passed)


def verify(path: Path) -> list[Check]:
    """Every check of GB/T 9704 on a .pdf or .docx file, in code order."""
    path = Path(path)
    kind = path.suffix.lower()
    if kind == ".pdf":
        return _verify_pdf(path)
    if kind == ".docx":
        return _verify_docx(path)
    raise ValueError(f"只能检查 .pdf 或 .docx 文件：{path}")


def failed(checks: list[Check]) -> bool:
    return any(c.passed is False for c in checks)


RESULT = {True: "PASS", False: "FAIL", None: "—"}


def verdict(checks: list[Check]) -> str:
    """One line under the table: the outcome and the checks that failed or could not be measured."""
    def named(group):
        return "、".join(f"{c.code} {c.name}" for c in group)

    failing = [c for c in checks if c.passed is False]
    unmeasured = [c for c in checks if c.passed is None]
    passing = len(checks) - len(failing) - len(unmeasured)
    line = f"结论：不合格，{len(failing)} 项未通过（{named(failing)}）" if failing else "结论：合格"
    line += f"；{passing} 项通过"
    if unmeasured:
        line += f"；{len(unmeasured)} 项无法测量（{named(unmeasured)}）"
    return line + "。"


def _width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_table(checks: list[Check]) -> str:
    rows = [("代码", "检查项", "标准要求", "实测", "结果")]
    rows += [(c.code, c.name, c.expected, c.measured, RESULT[c.passed]) for c in checks]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(cells):
        return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths)).rstrip()

    return "\n".join([line(rows[0]), line(["-" * w for w in widths]), *map(line, rows[1:])])


# --- fonts ---------------------------------------------------------------------------------

def _font_name(name: str) -> str:
    """A font name as a reader would write it: no subset prefix; a GBK name decoded (pdfminer
    gives names that are not UTF-8 as the repr of their bytes, b'\\xb7\\xc2…')."""
    name = (name or "").split("+")[-1]
    if name.startswith(("b'", 'b"')):
        try:
            return ast.literal_eval(name).decode("gbk")
        except (ValueError, SyntaxError, UnicodeDecodeError):
            pass
    return name


def _font_key(name: str | None) -> str:
    key = re.sub(r"[\s_\-,]", "", _font_name(name or "")).lower()
    return key.replace("fangzheng", "")  # 方正 in pinyin is not 仿宋


def _is_fang(name) -> bool:
    return any(k in _font_key(name) for k in ("仿宋", "fang"))


def _is_hei(name) -> bool:
    key = _font_key(name)
    return not any(k in key for k in ("yahei", "雅黑")) and any(k in key for k in ("黑体", "hei"))


def _is_kai(name) -> bool:
    return any(k in _font_key(name) for k in ("楷体", "kai"))


def _is_xiaobiaosong(name, open_substitute: bool) -> bool:
    key = _font_key(name)
    if any(k in key for k in ("小标宋", "xiaobiaosong", "fzxbs")):
        return True
    return open_substitute and "notoserifcjk" in key and "bold" in key


def _sizes_equal(a: float, b: float) -> bool:
    return abs(a - b) <= SIZE_TOLERANCE


def _font_list(found: Counter) -> str:
    """'FandolHei 16 pt' for each (font, size) found, most frequent first, with counts."""
    parts = [f"{_font_name(font) or '未指定'} {size:g} pt" + (f"（{n} 处）" if len(found) > 1 else "")
             for (font, size), n in found.most_common()]
    return "、".join(parts)


def _heading_check(found: dict[int, Counter]) -> Check:
    """found: level → Counter of (font, size) of its headings."""
    if not any(found.values()):
        return _check("V506", "未找到一级（一、）或二级（（一））标题", None)
    tests = {1: (_is_hei, "一级"), 2: (_is_kai, "二级")}
    parts, ok = [], True
    for level, (is_face, label) in tests.items():
        if found[level]:
            parts.append(f"{label} {sum(found[level].values())} 处：{_font_list(found[level])}")
            ok &= all(is_face(font) and _sizes_equal(size, L.BODY_SIZE) for font, size in found[level])
    return _check("V506", "；".join(parts), ok)


def _date_check(texts: list[str]) -> Check:
    """The 成文日期: the last line that is a date, or else a date ending one of the last lines."""
    dates = [t for t in texts if ANY_DATE.match(t)] or [
        m[0] for t in texts[-5:] if len(t) <= 40 and (m := DATE_AT_END.search(t))]
    if not dates:
        return _check("V510", "未找到成文日期（应在落款下单独一行，如 2024年1月5日）", False)
    date = dates[-1]
    faults = _date_faults(date)
    return _check("V510", f"“{date}”" + "".join(f"（{why}）" for why in faults), not faults)


def _date_faults(date: str) -> list[str]:
    if DATE.match(date):
        y, m, d = map(int, re.findall(r"\d+", date))
        try:
            dt.date(y, m, d)
            return []
        except ValueError:
            return ["日期不存在"]
    if re.search(r"[〇○零一二三四五六七八九十０-９]", date):
        return ["应使用阿拉伯数字"]
    faults = []
    if not re.fullmatch(r"\d+年\d+月\d+日", date):
        faults.append("应写作“2024年1月5日”，用年、月、日")
    if not re.match(r"\d{4}\D", date):
        faults.append("年份应写全四位")
    parts = re.findall(r"\d+", date)[1:]
    if any(p.startswith("0") for p in parts):
        faults.append("月、日不应补零")
    elif not faults:
        faults.append("月应在 1–12 之间，日应在 1–31 之间")
    return faults


def _mm(points: float) -> str:
    return f"{points / L.MM:.1f} mm"


def _size_check(sizes: list[tuple[float, float]]) -> Check:
    """sizes: (width, height) in points of every page or section."""
    found = list(dict.fromkeys((round(w / L.MM, 1), round(h / L.MM, 1)) for w, h in sizes))
    ok = all(abs(w - L.PAGE_WIDTH_MM) <= TOLERANCE_MM and abs(h - L.PAGE_HEIGHT_MM) <= TOLERANCE_MM
             for w, h in found)
    return _check("V501", "；".join(f"{w:.1f} × {h:.1f} mm" for w, h in found), ok)


def _margin_check(margins: list[tuple], note: str = "") -> Check:
    """margins: (top, bottom, left, right) in points (None: not measurable), one per page set-up."""
    standard = (L.MARGIN_TOP_MM, L.MARGIN_BOTTOM_MM, L.MARGIN_LEFT_MM, L.MARGIN_RIGHT_MM)
    found = list(dict.fromkeys(tuple(None if m is None else round(m / L.MM, 1) for m in ms) for ms in margins))
    ok = all(m is None or abs(m - s) <= TOLERANCE_MM for ms in found for m, s in zip(ms, standard))
    text = "；".join("，".join(f"{side} {m:.1f} mm" for side, m in zip("上下左右", ms) if m is not None)
                    for ms in found)
    measured = any(m is not None for ms in found for m in ms)
    return _check("V502", (text + note) if measured else "文字太少，无法由文字位置推算页边距", ok if measured else None)


# --- PDF -----------------------------------------------------------------------------------

@dataclass
class _Sheet:
    """A PDF page: its text lines from top to bottom, and its page number line if any."""

    number: int
    width: float
    height: float
    lines: list[Line]
    folio: Line | None
    ruled: bool
    boxes: list = field(default_factory=list)  # ruled areas (x0, top, x1, bottom): tables, 版记


@dataclass
class _Block:
    """The text block and body type as measured from where the text stands (points)."""

    size: float
    pitch: float | None
    left: float
    right: float
    top: float
    bottom: float
    sure: dict  # 上/下/左/右 → what the edge was measured from (EDGE_SOURCES), or None: not measurable

    def is_body(self, line: Line) -> bool:
        return _sizes_equal(line.size, self.size)


def _sheets(path: Path) -> list[_Sheet]:
    sheets = []
    for page in read_pdf(path, without_tables=True):
        # read_pdf splits body and footer at our margin; anyone's PDF: the page number is the
        # lowest line, in the bottom quarter of the page, and looks like one
        lines = sorted(page.body + page.footer, key=lambda ln: ln.top)
        folio = None
        if lines and ANY_PAGE_NUMBER.match(lines[-1].text) and lines[-1].top > 0.75 * page.height:
            folio = lines.pop()
        sheets.append(_Sheet(page.number, page.width, page.height, lines, folio, page.ruled, page.boxes))
    # a running head is not text of the block: the same first line at the same place on most
    # pages, or a page number at the top
    firsts = Counter((round(s.lines[0].top), s.lines[0].text) for s in sheets if s.lines)
    for s in sheets:
        if not s.lines:
            continue
        first, gaps = s.lines[0], [b.top - a.top for a, b in zip(s.lines, s.lines[1:3])]
        steps = gaps[0] / gaps[1] if len(gaps) == 2 and gaps[1] > 0 else 0
        apart = not steps or steps > 1.5 or abs(steps - round(steps)) > 0.1  # a heading of the body is on its grid
        repeated = len(sheets) > 1 and firsts[round(first.top), first.text] * 2 > len(sheets) and apart
        if repeated or (ANY_PAGE_NUMBER.match(first.text) and first.top < 0.25 * s.height):
            s.lines.pop(0)
    return sheets


def _outermost(values: list[float], lowest: bool) -> tuple[float, bool]:
    """The outermost position that at least three lines share (±0.5 pt): an edge of the text
    block, not moved by one stray line; and whether three lines do share it."""
    ordered = sorted(values, reverse=not lowest)
    shared = next((v for v in ordered if sum(abs(w - v) <= 0.5 for w in ordered) >= 3), None)
    return (ordered[0], False) if shared is None else (shared, True)


EDGE_SOURCES = {"full": "满行", "table": "表格边框", "folio": "页码位置（按空一字）"}


def _leading_title(sheets: list[_Sheet]) -> list[Line]:
    """The first lines of page 1 (after a 版头) set in one size larger than the line after
    them: the title, which is not the body even where the body is only a table."""
    lines = [ln for s in sheets for ln in s.lines]
    first = sheets[0].lines
    number = next((i for i, ln in enumerate(first[:6]) if ISSUE_NUMBER.search(ln.text)), -1)
    run = list(takewhile(lambda ln: _sizes_equal(ln.size, first[number + 1].size), first[number + 1:])) \
        if len(first) > number + 1 else []
    after = lines[lines.index(run[-1]) + 1:] if run else []
    return run if after and run[0].size > after[0].size + 1 else []


def _full_lines(sheets: list[_Sheet], body, pitch: float | None) -> tuple[list[Line], list[Line]]:
    """Full lines, and the lines they wrap into. A line wraps when the next line is body text
    (not a heading) right below it that starts no further right. The full ones end at the
    outermost right edge that at least three wrapping lines share (±1 pt), with fewer lines
    beyond it (punctuation hung in the margin) than at it; and the edge is known to be the
    text block's when a paragraph's indented first line wraps there, or six lines end there.
    Short lines (headings, a list of items) that happen to end at one place make no edge."""
    wrapping = []  # (line, next line)
    for s in sheets:
        for ln, nxt in zip(s.lines, s.lines[1:]):
            if (body(ln) and body(nxt) and nxt.x0 <= ln.x0 + 0.5 and not LEVEL1.match(nxt.text)
                    and not LEVEL2.match(nxt.text) and (not pitch or 0 < nxt.top - ln.top <= 1.5 * pitch)):
                wrapping.append((ln, nxt))
    for edge in sorted({round(ln.x1, 1) for ln, _ in wrapping}, reverse=True):
        at = [(ln, nxt) for ln, nxt in wrapping if abs(ln.x1 - edge) <= 1]
        beyond = sum(ln.x1 > edge + 1 for ln, _ in wrapping)
        if len(at) >= 3 and beyond < len(at):
            indented = any(nxt.x0 < ln.x0 - ln.size / 2 for ln, nxt in at)
            return ([ln for ln, _ in at], [nxt for _, nxt in at]) if indented or len(at) >= 6 else ([], [])
    return [], []


def _block(sheets: list[_Sheet]) -> _Block | None:
    lines = [ln for s in sheets for ln in s.lines]
    if not lines:
        return None
    title = _leading_title(sheets)
    weights = Counter()
    for ln in lines:
        if ln not in title:
            weights[ln.size] += len(ln.text)
    size = weights.most_common(1)[0][0] if weights else lines[0].size

    def body(ln):
        return _sizes_equal(ln.size, size)

    gaps = [b.top - a.top for s in sheets for a, b in zip(s.lines, s.lines[1:])
            if body(a) and body(b) and b.top - a.top > size / 2]
    pitch = None
    if gaps:
        mode = Counter(round(g, 1) for g in gaps).most_common(1)[0][0]
        near = [g for g in gaps if abs(g - mode) <= 0.3]
        pitch = sum(near) / len(near)
    half_leading = (pitch - size) / 2 if pitch else 0
    body_lines = [ln for ln in lines if body(ln)]
    # the top from pages of text after the first (whose first line is the title), if any
    later = [s for s in sheets[1:] if not s.ruled and any(body(ln) for ln in s.lines)]
    firsts = [next(ln for ln in s.lines if body(ln)) for s in later] or body_lines
    # left and right: from full lines (the continuation lines of a paragraph start at the
    # left edge); else from the widest table's rules; else from the page numbers, one
    # character in; else not measurable
    full, continued = _full_lines(sheets, body, pitch)
    sides = {}
    if full:
        left, shared = _outermost([ln.x0 for ln in full + continued], lowest=True)
        sides["左"] = (left, "full") if shared else None
        sides["右"] = (Counter(round(ln.x1, 1) for ln in full).most_common(1)[0][0], "full")
    boxes = [b for s in sheets for b in s.boxes if b[2] - b[0] > s.width / 2]
    if boxes:
        widest = max(boxes, key=lambda b: b[2] - b[0])
        sides.setdefault("左", None) or sides.update({"左": (widest[0], "table")})
        sides.setdefault("右", None) or sides.update({"右": (widest[2], "table")})
    inset = L.PAGE_NUMBER_INSET_CHARS * L.PAGE_NUMBER_SIZE
    odd = [s.folio.x1 + inset for s in sheets if s.folio and s.number % 2 and s.folio.x0 > s.width / 2]
    even = [s.folio.x0 - inset for s in sheets if s.folio and not s.number % 2 and s.folio.x1 < s.width / 2]
    if even and not sides.get("左"):
        sides["左"] = (min(even), "folio")
    if odd and not sides.get("右"):
        sides["右"] = (max(odd), "folio")
    (left, left_from), (right, right_from) = (sides.get(k) or (0.0, None) for k in "左右")
    return _Block(size, pitch, left=left, right=right,
                  top=min(ln.top for ln in firsts) - half_leading,
                  bottom=max(ln.top + ln.size for ln in body_lines) + half_leading,
                  sure={"上": bool(later), "下": bool(later), "左": left_from, "右": right_from})


def _verify_pdf(path: Path) -> list[Check]:
    sheets = _sheets(path)
    if not sheets:
        return [_check(code, "PDF 没有页面", False) for code in SPEC]
    checks = [_size_check([(s.width, s.height) for s in sheets])]
    block = _block(sheets)
    if block is None:  # nothing the standard asks for can be shown to be there
        missing = "PDF 中没有可提取的文字（可能是扫描件或空白页），无法证明符合"
        return checks + [_check(code, missing, False) for code in list(SPEC)[1:]]
    width, height = sheets[0].width, sheets[0].height
    # a single page, or pages of tables: the text need not reach the foot, the title stands at the top
    margins = (block.top, height - block.bottom, block.left, width - block.right)
    margins = tuple(m if block.sure[side] else None for m, side in zip(margins, "上下左右"))
    unsure = "、".join(side for side in "上下左右" if not block.sure[side])
    other = "，".join(f"{'、'.join(sides)}边距由{EDGE_SOURCES[source]}" for source in ("table", "folio")
                     if (sides := [side for side in "左右" if block.sure[side] == source]))
    note = "（由文字位置推算" + (f"；{other}推算" if other else "") + (
        f"；{unsure}边距处文字不足，无法推算）" if unsure else "）")
    checks.append(_margin_check([margins], note))
    checks.append(_pdf_lines_per_page(sheets, block))
    checks.append(_pdf_chars_per_line(sheets, block))

    title = _pdf_title(sheets, block)
    if title:
        found = Counter((ln.font, ln.size) for ln in title)
        ok = all(_is_xiaobiaosong(f, open_substitute=True) and _sizes_equal(s, L.TITLE_SIZE) for f, s in found)
        checks.append(_check("V505", _font_list(found), ok))
    else:
        checks.append(_check("V505", "首页未找到大于正文字号的标题", False))

    headings = {1: Counter(), 2: Counter()}
    body = Counter()
    for s in sheets:
        for ln in s.lines:
            level = 1 if LEVEL1.match(ln.text) else 2 if LEVEL2.match(ln.text) else None
            if level:
                headings[level][ln.lead_font, ln.size] += 1  # a run-in heading's own face
            elif ln not in title:
                body[ln.font, ln.size] += len(ln.text)
    checks.append(_heading_check(headings))
    if body:
        (font, size), n = body.most_common(1)[0]
        share = n / sum(body.values())
        checks.append(_check("V507", f"{_font_name(font)} {size:g} pt（占正文文字 {share:.0%}）",
                             _is_fang(font) and _sizes_equal(size, L.BODY_SIZE)))
    else:
        checks.append(_check("V507", "除标题外没有正文文字", False))

    checks += _pdf_page_numbers(sheets, block)
    checks.append(_date_check([ln.text for s in sheets for ln in s.lines if block.is_body(ln)]))
    return checks


def _pdf_title(sheets: list[_Sheet], block: _Block) -> list[Line]:
    """The first run of lines on page 1 set larger than the body, after the 版头 if there is
    one (the 发文机关标志 is larger still; the 发文字号 〔2024〕5号 ends it)."""
    lines = sheets[0].lines
    number = next((i for i, ln in enumerate(lines[:6]) if ISSUE_NUMBER.search(ln.text)), None)
    title = []
    for ln in lines[number + 1:] if number is not None else lines:
        if ln.size > block.size + 1:
            title.append(ln)
        elif title:
            break
    return title


def _pdf_lines_per_page(sheets: list[_Sheet], block: _Block) -> Check:
    """Full pages: body pages without rules (tables), from the second to the one two before
    the page of the 成文日期 (the 落款 takes the body's last line with it). A page may end one
    line early for each heading line the next page starts with (they moved to stand with
    their text)."""
    dated = next((s.number for s in sheets if any(block.is_body(ln) and ANY_DATE.match(ln.text)
                                                  for ln in s.lines)), None)
    end = dated - 2 if dated else len(sheets) - 1
    full = [s for s in sheets[1:end] if not s.ruled and s.lines]
    if not block.pitch:
        return _check("V503", "正文不足两行，无法测量行距", None)
    if not full:  # a short document: how many lines of its pitch the standard text block holds
        height = (L.PAGE_HEIGHT_MM - L.MARGIN_TOP_MM - L.MARGIN_BOTTOM_MM) * L.MM
        n = int((height + block.pitch - block.size) / block.pitch + 0.02)
        return _check("V503", f"没有满页（首页、落款所在页及前一页、有表格的页不计）；行距 {block.pitch:.2f} pt，"
                              f"标准版心高 {_mm(height)} 可排 {n} 行", n == L.LINES_PER_PAGE)
    counts, notes, ok = [], [], True
    for s in full:
        # the text block only: not a page number or running head above or below it
        inside = [ln for ln in s.lines if block.top - 1 <= ln.top < block.bottom]
        n = 1 + sum(round((b.top - a.top) / block.pitch) for a, b in zip(inside, inside[1:]))
        following = sheets[s.number].lines if s.number < len(sheets) else []
        headings = len(list(takewhile(lambda ln: LEVEL1.match(ln.text) or LEVEL2.match(ln.text), following)))
        short = L.LINES_PER_PAGE - n  # lines left empty: as many as the headings that moved on
        ok &= short == 0 or 0 < short <= headings
        counts.append(str(n))
        if 0 < short <= headings:
            notes.append(f"第 {s.number} 页的下页以 {headings} 行标题开始，可少 {short} 行")
    return _check("V503", "；".join([f"满页 {len(full)} 页，每页行数：{'、'.join(counts)}",
                                    f"行距 {block.pitch:.2f} pt", *notes]), ok)


def _pdf_chars_per_line(sheets: list[_Sheet], block: _Block) -> Check:
    """Full lines: body lines of pure CJK that start at the left edge of the text block (not a
    paragraph's indented first line), reach its right edge as measured from full lines, and
    are followed by another (not its last line)."""
    counts = Counter()
    for s in sheets:
        if block.sure.get("右") != "full" or not block.sure.get("左"):
            break  # no full line: short lines say nothing of how many characters a line holds
        for ln, nxt in zip(s.lines, s.lines[1:]):
            if not block.is_body(ln) or re.search(r"[\x00-\x7f]", ln.text):
                continue
            if abs(ln.x0 - block.left) > 1 or abs(nxt.x0 - block.left) > 1 or abs(ln.x1 - block.right) > 1.5:
                continue
            counts[len(ln.text)] += 1
    if not counts:
        return _check("V504", "没有可量的满行（段落中间、两端对齐到版心右边的纯中文行）", None)
    common = counts.most_common(1)[0][0]
    detail = "，".join(f"{n} 字 {k} 行" for n, k in sorted(counts.items(), reverse=True))
    return _check("V504", f"最常见 {common} 字（{detail}）", common == L.CHARS_PER_LINE)


def _pdf_page_numbers(sheets: list[_Sheet], block: _Block) -> list[Check]:
    folios = [s for s in sheets if s.folio]
    if not folios:
        none = "各页均未找到页码"
        return [_check("V508", none, False), _check("V509", none, None)]
    problems = []
    missing = [str(s.number) for s in sheets if not s.folio]
    if missing:
        problems.append(f"第 {'、'.join(missing)} 页无页码")
    bad = [f"第 {s.number} 页为“{s.folio.text}”" for s in folios if not PAGE_NUMBER.match(s.folio.text)]
    if bad:
        problems.append(_examples(bad, "格式不符"))
    numbers = [int(re.search(r"\d+", s.folio.text)[0]) for s in folios]  # 第1页共9页: the first number
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        problems.append("页码不连续")
    sizes = sorted({s.folio.size for s in folios})
    if not all(_sizes_equal(size, L.PAGE_NUMBER_SIZE) for size in sizes):
        problems.append(f"字号应为 {L.PAGE_NUMBER_SIZE:g} pt（{SIZE_NAMES[L.PAGE_NUMBER_SIZE]}）")
    shown = f"“{folios[0].folio.text}”" + (f"至“{folios[-1].folio.text}”" if len(folios) > 1 else "")
    fmt = _check("V508", "；".join([f"{shown}，共 {len(folios)} 页有页码，{'、'.join(f'{x:g}' for x in sizes)} pt",
                                    *problems]), not problems)

    # Odd pages right, even pages left, one character (of the page number's size) in.
    inset = L.PAGE_NUMBER_INSET_CHARS * L.PAGE_NUMBER_SIZE
    # against edges measured from text or tables; not from the page numbers themselves
    left = block.left if block.sure["左"] in ("full", "table") else L.MARGIN_LEFT_MM * L.MM
    right = block.right if block.sure["右"] in ("full", "table") else sheets[0].width - L.MARGIN_RIGHT_MM * L.MM
    centre = (left + right) / 2
    gaps, wrong, ok = {}, [], True
    for s in folios:
        f, odd = s.folio, s.number % 2 == 1
        middle = (f.x0 + f.x1) / 2
        side = "右" if middle > centre + inset else "左" if middle < centre - inset else "中"
        if side != ("右" if odd else "左"):
            wrong.append(f"第 {s.number} 页居{side}")
            ok = False
            continue
        gap = right - f.x1 if odd else f.x0 - left
        ok &= abs(gap - inset) <= TOLERANCE_MM * L.MM
        gaps.setdefault(odd, []).append(gap / L.PAGE_NUMBER_SIZE)
    parts = [f"{'单页码居右' if odd else '双页码居左'}，空 {_span(g)} 字" for odd, g in sorted(gaps.items(), reverse=True)]
    if wrong:
        parts.append(_examples(wrong, "位置不符"))
    return [fmt, _check("V509", "；".join(parts), ok)]


def _examples(findings: list[str], kind: str) -> str:
    return findings[0] if len(findings) == 1 else f"{len(findings)} 页{kind}，如{findings[0]}"


def _span(chars: list[float]) -> str:
    lo, hi = min(chars), max(chars)
    return f"{lo:.1f}" if round(lo, 1) == round(hi, 1) else f"{lo:.1f}–{hi:.1f}"


# --- DOCX ----------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


UNITS = {"": 1 / 20, "pt": 1, "mm": L.MM, "cm": 10 * L.MM, "in": 72, "pc": 12, "pi": 12}  # → points


def _twips(value) -> float:
    """Points from a twips attribute, or a measure with its unit (37mm, 1in: OOXML allows
    both); absent or unreadable: 0."""
    m = re.fullmatch(r"\s*(-?[0-9.]+)\s*(pt|mm|cm|in|pc|pi)?\s*", value or "")
    try:
        return abs(float(m[1])) * UNITS[m[2] or ""] if m else 0.0
    except ValueError:
        return 0.0


def _part_xml(part):
    """The XML root of a package part, whatever class python-docx gave it: another tool's
    footer or styles part may be a generic Part (an unexpected content type), which holds
    only bytes. None where the part is not XML."""
    from lxml import etree

    element = getattr(part, "element", None) if part is not None else None
    if element is not None or part is None:
        return element
    try:
        return etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError, TypeError):
        return None


class _Word:
    """A DOCX with its formatting resolved as Word resolves it, attribute by attribute. Parts
    are found by relationship and read as XML, not through python-docx's part classes, so a
    DOCX from any tool is read (a missing styles.xml: Word's defaults)."""

    def __init__(self, path: Path):
        from docx import Document

        self.doc = Document(str(path))
        root = self.related("styles")
        self.styles = {s.get(f"{W}styleId"): s for s in (root.iter(f"{W}style") if root is not None else ())}
        self.default_style = next((sid for sid, s in self.styles.items() if s.get(f"{W}type") == "paragraph"
                                   and s.get(f"{W}default") in ("1", "true", "on")), None)
        defaults = root.find(f"{W}docDefaults") if root is not None else None
        self.rpr_default = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.ppr_default = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        self.theme = self._theme_fonts()
        self.numbering = self.related("numbering")
        settings = self.related("settings")
        even = settings.find(f"{W}evenAndOddHeaders") if settings is not None else None
        self.odd_and_even = even is not None and even.get(f"{W}val") not in ("0", "false", "off")

    def related(self, kind: str, rid: str | None = None):
        """The XML of the main document's part related by relationship id, or else by type
        (…/styles, …/settings); None if there is none or it is external or not XML."""
        rels = self.doc.part.rels
        rel = rels.get(rid) if rid is not None else next((r for r in rels.values() if r.reltype.endswith("/" + kind)), None)
        return None if rel is None or rel.is_external else _part_xml(rel.target_part)

    @property
    def body(self):
        body = self.doc.element.body
        return body if body is not None else ()

    def _theme_fonts(self) -> dict[str, str]:
        """minorEastAsia / majorEastAsia → the typeface the theme gives Simplified Chinese."""
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/theme") and not rel.is_external:
                theme, fonts = _part_xml(rel.target_part), {}
                if theme is None:
                    return {}
                for kind in ("major", "minor"):
                    font = theme.find(f".//{A}{kind}Font")
                    if font is None:
                        continue
                    ea, hans = font.find(f"{A}ea"), font.find(f"{A}font[@script='Hans']")
                    name = (ea.get("typeface") if ea is not None else "") or (
                        hans.get("typeface") if hans is not None else "")
                    if name:
                        fonts[f"{kind}EastAsia"] = name
                return fonts
        return {}

    def _chain(self, style_id):
        seen = set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def style_id(self, p) -> str | None:
        ps = p.find(f"{W}pPr/{W}pStyle")
        return ps.get(f"{W}val") if ps is not None else self.default_style

    def outline_level(self, p) -> int | None:
        """1 or 2 for a heading whose 一、 or （一） is not in its text: numbered by Word's list
        numbering (lvlText “%1、” / “（%1）”), or of outline level 1 or 2 (Heading 1/2)."""
        marker = self.list_marker(p)
        if marker:
            text, fmt = marker
            if not fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
                return None  # 1. or （1）: levels 3 and 4, set in the body face
            return 1 if text.endswith("、") else 2 if text.startswith(("（", "(")) else None
        return {"0": 1, "1": 2}.get(_attr(self.pprs(p), "outlineLvl", "val"))

    def list_marker(self, p) -> tuple[str, str] | None:
        """(lvlText, numFmt) of the list numbering a paragraph has (itself or from its style)."""
        pprs = self.pprs(p)
        num_id, level = _attr(pprs, f"numPr/{W}numId", "val"), _attr(pprs, f"numPr/{W}ilvl", "val") or "0"
        if num_id in (None, "0"):
            return None
        numbering = self.numbering
        if numbering is None:
            return None
        num = next((n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id), None)
        ref = num.find(f"{W}abstractNumId") if num is not None else None
        for abstract in numbering.iter(f"{W}abstractNum"):
            if ref is not None and abstract.get(f"{W}abstractNumId") == ref.get(f"{W}val"):
                for lvl in abstract.iter(f"{W}lvl"):
                    text, fmt = lvl.find(f"{W}lvlText"), lvl.find(f"{W}numFmt")
                    if lvl.get(f"{W}ilvl") == level and text is not None:
                        return text.get(f"{W}val") or "", fmt.get(f"{W}val") if fmt is not None else "decimal"
        return None

    def style_name(self, p) -> str:
        style = self.styles.get(self.style_id(p))
        name = style.find(f"{W}name") if style is not None else None
        return name.get(f"{W}val") if name is not None else ""

    def pprs(self, p) -> list:
        styles = [s.find(f"{W}pPr") for s in self._chain(self.style_id(p))]
        return [p.find(f"{W}pPr"), *styles, self.ppr_default]

    def rprs(self, p, r) -> list:
        rpr = r.find(f"{W}rPr")
        rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
        chain = [rpr]
        if rstyle is not None:
            chain += [s.find(f"{W}rPr") for s in self._chain(rstyle.get(f"{W}val"))]
        chain += [s.find(f"{W}rPr") for s in self._chain(self.style_id(p))]
        return chain + [self.rpr_default]

    def east_asian_font(self, p, r) -> str | None:
        for rpr in self.rprs(p, r):
            fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
            if fonts is None:
                continue
            theme = fonts.get(f"{W}eastAsiaTheme")  # a theme font overrides the named one
            if theme:
                return self.theme.get(theme, theme)
            if fonts.get(f"{W}eastAsia"):
                return fonts.get(f"{W}eastAsia")
        return None

    def run_props(self, p, r) -> tuple[str | None, float, float]:
        """East Asian font, size (pt; Word's default 10) and what each character's advance adds
        to the size (pt): the character spacing, and the width scaling (w:w, percent)."""
        chain = self.rprs(p, r)
        size = _number(_attr(chain, "sz", "val"), 20) / 2
        scale = _number(_attr(chain, "w", "val"), 100)
        return (self.east_asian_font(p, r), size,
                _number(_attr(chain, "spacing", "val"), 0) / 20 + size * (scale - 100) / 100)


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default


def _attr(chain: list, tag: str, attr: str) -> str | None:
    for props in chain:
        el = props.find(f"{W}{tag}") if props is not None else None
        if el is not None and el.get(f"{W}{attr}") is not None:
            return el.get(f"{W}{attr}")
    return None


def _on(chain: list, tag: str) -> bool:
    """A toggle (w:snapToGrid …): on unless its nearest setting says 0/false/off; on by default."""
    for props in chain:
        el = props.find(f"{W}{tag}") if props is not None else None
        if el is not None:
            return el.get(f"{W}val") not in ("0", "false", "off")
    return True


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _runs(word: _Word, p):
    """(font, size, spacing, characters) of each run with text."""
    for r in p.iter(f"{W}r"):
        text = _text(r)
        if text.strip():
            yield (*word.run_props(p, r), len(text))


def _verify_docx(path: Path) -> list[Check]:
    word = _Word(path)
    sections = [s._sectPr for s in word.doc.sections]

    def page(sect, table_page=False):
        """(width, height, top, bottom, left, right) in points; a landscape table page (横排表格,
        GB/T 9704 10.2) as the portrait page it is turned from, either way round."""
        size, mar = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        get = (lambda el, k: _twips(el.get(f"{W}{k}")) if el is not None else 0.0)
        w, h = get(size, "w"), get(size, "h")
        top, bottom, left, right = get(mar, "top"), get(mar, "bottom"), get(mar, "left") + get(mar, "gutter"), get(mar, "right")
        if w <= h or not table_page:
            return w, h, top, bottom, left, right
        standard = (L.MARGIN_TOP_MM * L.MM, L.MARGIN_BOTTOM_MM * L.MM, L.MARGIN_LEFT_MM * L.MM, L.MARGIN_RIGHT_MM * L.MM)
        turns = [(right, left, top, bottom), (left, right, bottom, top)]
        best = min(turns, key=lambda ms: sum(abs(m - s) for m, s in zip(ms, standard)))
        return (h, w, *best)

    # paragraphs outside tables, and how much text and how many tables each section holds
    paragraphs, texts, text_in, tables_in, index = [], [], Counter(), Counter(), 0
    for el in word.body:
        if el.tag == f"{W}tbl":
            tables_in[index] += 1
        elif el.tag == f"{W}p":
            paragraphs.append(el)
            texts.append("".join(_text(el).split()))
            text_in[index] += len(texts[-1])
            index += el.find(f"{W}pPr/{W}sectPr") is not None  # the paragraph that ends a section
    # a section of a table and little else (a 附件 with its table) may be a landscape table
    # page (GB/T 9704 10.2); an empty section prints nothing; the body's section holds the most text
    table_page = {i for i in tables_in if text_in[i] < 200}
    pages = [page(s, i in table_page) for i, s in enumerate(sections)
             if text_in[i] or tables_in[i] or len(sections) == 1]
    main = max(range(len(sections)), key=lambda i: text_in[i]) if sections else None
    # a sectPr without pgSz or pgMar (pandoc writes <w:sectPr/>): the reader's defaults
    printed = [s for i, s in enumerate(sections) if text_in[i] or tables_in[i] or len(sections) == 1]
    no_size = any(not all(p[:2]) for p in pages)
    no_margins = any(s.find(f"{W}pgMar") is None for s in printed)
    if pages:
        turned = any(_twips(_get(s, "pgSz", "w")) > _twips(_get(s, "pgSz", "h"))
                     for i, s in enumerate(sections) if i in table_page)
        note = "（横排表格页按竖排计）" if turned else ""
        checks = [_check("V501", "页面设置中没有纸张大小（sectPr 缺少 pgSz），由打开它的软件决定", False)
                  if no_size else _size_check([p[:2] for p in pages]),
                  _check("V502", "页面设置中没有页边距（sectPr 缺少 pgMar），由打开它的软件决定", False)
                  if no_margins else _margin_check([p[2:] for p in pages], note)]
    else:
        none = "文档没有页面设置（缺少 sectPr），纸张和页边距由打开它的软件决定"
        checks = [_check("V501", none, False), _check("V502", none, False)]
    title = next((p for p, t in zip(paragraphs, texts) if t and word.style_name(p) in ("Title", "标题")), None)
    headings = {1: Counter(), 2: Counter()}
    body = Counter()  # (font, size, spacing) → characters
    pitches = Counter()  # (line, lineRule, snapToGrid) of body paragraphs → characters
    indents = Counter()  # left + right indent (pt) of body paragraphs → characters
    for p, text in zip(paragraphs, texts):
        if not text or p is title:
            continue
        runs = list(_runs(word, p))
        level = 1 if LEVEL1.match(text) else 2 if LEVEL2.match(text) else word.outline_level(p)
        if level and runs:
            headings[level][runs[0][:2]] += 1
            continue
        for font, size, spacing, n in runs:
            body[font, size, spacing] += n
        pprs = word.pprs(p)
        pitches[_attr(pprs, "spacing", "line"), _attr(pprs, "spacing", "lineRule") or "auto",
                _on(pprs, "snapToGrid")] += len(text)
        size = runs[0][1] if runs else L.BODY_SIZE
        indents[round(_indent(pprs, "left", size) + _indent(pprs, "right", size), 1)] += len(text)
    if body:
        (_, size, spacing), _ = body.most_common(1)[0]
        if sections and (no_size or no_margins):
            checks += [_check(code, "页面设置缺少纸张大小或页边距，版心由打开它的软件决定", False) for code in ("V503", "V504")]
        elif sections:
            setup, grid = page(sections[main]), sections[main].find(f"{W}docGrid")
            checks += [_docx_lines_per_page(setup, grid, pitches.most_common(1)[0][0]),
                       _docx_chars_per_line(setup, grid, size, spacing, indents.most_common(1)[0][0])]
        else:
            checks += [_check(code, "文档没有页面设置（缺少 sectPr）", False) for code in ("V503", "V504")]
        checks += _docx_type_checks(word, paragraphs, texts, title, body, headings)
    else:
        checks += [_check(code, "文档中没有正文段落，无法证明符合", False) for code in ("V503", "V504", "V505", "V507")]
        checks.insert(-1, _check("V506", "文档中没有正文段落", None))
    checks += _docx_page_numbers(word)
    checks.append(_date_check(texts))
    return checks


def _get(sect, tag: str, attr: str) -> str | None:
    el = sect.find(f"{W}{tag}")
    return el.get(f"{W}{attr}") if el is not None else None


def _indent(pprs: list, side: str, size: float) -> float:
    """A paragraph's left, right, firstLine or hanging indent in points: in characters
    (leftChars …, hundredths of a character, which Word prefers when set) or in twips."""
    chars = _attr(pprs, "ind", f"{side}Chars")
    if chars not in (None, "0"):
        return _number(chars, 0) / 100 * size
    other = {"left": "start", "right": "end"}.get(side)  # the bidi-neutral names of the same
    return _twips(_attr(pprs, "ind", side) or (other and _attr(pprs, "ind", other)))


def _first_line(pprs: list, size: float) -> float:
    """The first-line indent (negative: hanging) in points. firstLine and hanging are one
    property: the nearest w:ind that sets either decides (LibreOffice writes hanging="0" to
    cancel a style's first-line indent)."""
    for props in pprs:
        ind = props.find(f"{W}ind") if props is not None else None
        if ind is None:
            continue
        keys = ("firstLineChars", "hangingChars", "firstLine", "hanging")
        if any(ind.get(f"{W}{k}") is not None for k in keys):
            chain = [props]
            return _indent(chain, "firstLine", size) - _indent(chain, "hanging", size)
    return 0.0


def _docx_type_checks(word, paragraphs, texts, title, body, headings) -> list[Check]:
    """Title, headings and body (V505–V507) from the body's type."""
    (font, size, spacing), _ = body.most_common(1)[0]
    by_face = Counter()
    for (f, s, _), k in body.items():
        by_face[f, s] += k
    if title is None:  # no Title style: the first paragraph set larger than the body, after the 版头
        number = next((i for i, t in enumerate(texts[:8]) if ISSUE_NUMBER.search(t)), -1)
        title = next((p for p, t in zip(paragraphs[number + 1:], texts[number + 1:]) if t and any(
            r[1] > size + 1 for r in _runs(word, p))), None)
    checks = []
    if title is not None:
        found = Counter(r[:2] for r in _runs(word, title))
        ok = all(_is_xiaobiaosong(f, open_substitute=False) and _sizes_equal(s, L.TITLE_SIZE) for f, s in found)
        checks.append(_check("V505", _font_list(found), ok))
    else:
        checks.append(_check("V505", "未找到标题（Title 样式或大于正文字号的段落）", False))
    checks.append(_heading_check(headings))
    share = by_face[font, size] / sum(by_face.values())
    checks.append(_check("V507", f"{font or '未指定'} {size:g} pt（占正文文字 {share:.0%}）",
                         _is_fang(font) and _sizes_equal(size, L.BODY_SIZE)))
    return checks


def _docx_lines_per_page(page, grid, spacing) -> Check:
    """How many lines of the body's pitch fit in the text block. The pitch is the exact line
    spacing, or the document grid's line pitch (times the spacing multiple) where lines snap
    to the grid."""
    _, height, top, bottom, _, _ = page
    block = height - top - bottom
    line, rule, snap = spacing
    grid_type = grid.get(f"{W}type") if grid is not None else None
    grid_pitch = _twips(grid.get(f"{W}linePitch")) if grid is not None else 0
    on_grid = grid_type in ("lines", "linesAndChars", "snapToChars") and grid_pitch and snap
    if rule == "exact" and line:
        pitch, source = _twips(line), "固定行距"
    elif rule == "atLeast" and line:
        pitch, source = max(_twips(line), grid_pitch if on_grid else 0), "最小行距"
    elif on_grid:
        pitch, source = grid_pitch * _number(line, 240) / 240, "文档网格"
    else:
        return _check("V503", "行距为多倍行距且未用文档网格：每页行数随字体而变，不固定", False)
    if pitch <= 0:
        return _check("V503", f"行距设为 0（{source}）", False)
    n = int(block / pitch + 1e-6)
    return _check("V503", f"{n} 行（版心高 {_mm(block)} ÷ 行距 {pitch:.2f} pt，{source}）",
                  n == L.LINES_PER_PAGE)


def _docx_chars_per_line(page, grid, size: float, spacing: float, indent: float) -> Check:
    """Line width (text block less the body's indents) / character advance: the body size plus
    the character spacing, or the document's character grid (Word: docGrid charSpace, in
    1/4096 pt added to each character)."""
    width, _, _, _, left, right = page
    block = width - left - right - indent
    grid_type = grid.get(f"{W}type") if grid is not None else None
    char_space = grid.get(f"{W}charSpace") if grid is not None else None
    if grid_type in ("linesAndChars", "snapToChars") and char_space:
        advance, how = size + _number(char_space, 0) / 4096 + spacing, "字符网格"
    else:
        advance, how = size + spacing, f"字号 {size:g} pt，字距（含缩放）{spacing:g} pt"
    if advance <= 0 or block <= 0:
        return _check("V504", f"每字宽 {advance:.2f} pt、行宽 {_mm(block)}：无法排字", False)
    n = int(block / advance + 1e-6)
    what = f"版心宽减缩进 {_mm(block)}" if indent else f"版心宽 {_mm(block)}"
    return _check("V504", f"{n} 字（{what} ÷ 每字 {advance:.2f} pt，{how}）", n == L.CHARS_PER_LINE)


def _folio(p) -> tuple[str, bool]:
    """A footer paragraph's text with its PAGE field shown as N, and whether it has one."""
    out, fields, has_page = [], [], False
    simple_page = [f for f in p.iter(f"{W}fldSimple") if _is_page(f.get(f"{W}instr"))]
    for el in p.iter(f"{W}fldSimple", f"{W}fldChar", f"{W}instrText", f"{W}t"):
        tag = el.tag[len(W):]
        if tag == "fldSimple":
            if el in simple_page:
                out.append("N")
                has_page = True
        elif tag == "fldChar":
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                fields.append({"instr": "", "result": False})
            elif kind == "separate" and fields:
                fields[-1]["result"] = True
                if _is_page(fields[-1]["instr"]):
                    out.append("N")
                    has_page = True
            elif kind == "end" and fields:
                fields.pop()
        elif tag == "instrText" and fields:
            fields[-1]["instr"] += el.text or ""
        elif tag == "t":
            in_page = any(f["result"] and _is_page(f["instr"]) for f in fields) or any(
                a in simple_page for a in el.iterancestors(f"{W}fldSimple"))
            if not in_page:
                out.append(el.text or "")
    return "".join(out), has_page


def _is_page(instruction: str | None) -> bool:
    words = (instruction or "").split()
    return bool(words) and words[0].upper() == "PAGE"


def _docx_page_numbers(word: _Word) -> list[Check]:
    def footer(kind):
        for section in reversed(word.doc.sections):  # a section without its own inherits one
            for ref in section._sectPr.findall(f"{W}footerReference"):
                if ref.get(f"{W}type") == kind:
                    return word.related("footer", ref.get(R_ID, ""))  # None: a broken reference
        return None

    def folio(kind):
        """(text, alignment, inset in characters from the aligned side, size) of the page number."""
        root = footer(kind)
        for p in (root.iter(f"{W}p") if root is not None else ()):
            text, has_page = _folio(p)
            if has_page:
                pprs = word.pprs(p)
                jc = {"right": "右对齐", "end": "右对齐", "center": "居中"}.get(_attr(pprs, "jc", "val"), "左对齐")
                size = next((r[1] for r in _runs(word, p)), _number(_attr(word.rprs(p, p), "sz", "val"), 20) / 2)
                # one character in: an indent, or full-width spaces typed beside the number
                text = text.strip(" ")
                if jc == "右对齐":
                    inset = _indent(pprs, "right", size) + size * (len(text) - len(text.rstrip("\u3000")))
                else:
                    first = _first_line(pprs, size)
                    inset = _indent(pprs, "left", size) + first + size * (len(text) - len(text.lstrip("\u3000")))
                return " ".join(text.split()), jc, inset / size, size
        return None

    odd_even = word.odd_and_even
    found = {"单": folio("default"), "双": folio("even") if odd_even else None}
    if not found["单"]:
        return [_check("V508", "页脚中没有 PAGE 域页码", False), _check("V509", "页脚中没有 PAGE 域页码", None)]
    fmt = [f"{k if odd_even else '各'}页“{v[0]}”" for k, v in found.items() if v]
    sizes = sorted({v[3] for v in found.values() if v})
    fmt_ok = all("".join(v[0].split()) == "—N—" for v in found.values() if v)
    fmt_ok &= all(_sizes_equal(size, L.PAGE_NUMBER_SIZE) for size in sizes)
    problems = [f"{'、'.join(f'{size:g}' for size in sizes)} pt"]
    title_page = any(el.get(f"{W}val") not in ("0", "false", "off")
                     for sec in word.doc.sections for el in sec._sectPr.findall(f"{W}titlePg"))
    if title_page and not folio("first"):
        problems.append("首页页脚不同且没有页码")
        fmt_ok = False
    expected = "奇偶页页脚不同：单页码右对齐，双页码左对齐，各空一字（PAGE 域）"
    if not odd_even:
        side = _check("V509", f"奇偶页页脚相同，页码{found['单'][1]}", False, expected)
    elif not found["双"]:
        side = _check("V509", f"奇偶页页脚不同，单页码{found['单'][1]}，双页页脚没有 PAGE 域", False, expected)
    else:
        odd, even = found["单"], found["双"]
        ok = odd[1] == "右对齐" and even[1] == "左对齐"
        ok &= all(abs(v[2] - L.PAGE_NUMBER_INSET_CHARS) * v[3] <= TOLERANCE_MM * L.MM for v in (odd, even))
        side = _check("V509", f"奇偶页页脚不同，单页码{odd[1]}，空 {odd[2]:.1f} 字；双页码{even[1]}，"
                              f"空 {even[2]:.1f} 字", ok, expected)
    return [_check("V508", "，".join(fmt) + "（N 为 PAGE 域），" + "；".join(problems), fmt_ok), side]
