"""Structure from numbering, not styles: the outline of a document recovered from its markers
(一、（一）(一)㈠ 1. 1、（1） 第一阶段), their order and where a line sits. Headings glued to the
title or to their text are split; a heading that runs into its paragraph ("（一）加强领导。正文")
is told from one that stands alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cleanup import Line

CN = "一二三四五六七八九十"
MARKERS = [  # (kind, pattern of the marker at a line's start); levels follow this order
    ("cn", rf"([{CN}]{{1,3}})[、.．]"),
    ("pcn", rf"[（(]([{CN}]{{1,3}})[）)]|([㈠-㈩])"),
    ("num", r"(\d{1,2})(?:[、．]|\.(?!\d))"),
    ("pnum", r"[（(](\d{1,2})[）)]"),
]
# 一月 … 十二月, 七月、八月, 1月: the rows of a monthly plan, written as lines of their own
MONTH_LINE = re.compile(rf"^(?:[{CN}]{{1,3}}|\d{{1,2}})月(?:份)?(?:[、—\-至～~](?:[{CN}]{{1,3}}|\d{{1,2}})月(?:份)?)*[：:]?$")
STAGE = re.compile(rf"^(第([{CN}\d]{{1,3}})(阶段|部分|步))[：:，,、\s]*")
MARKER_RE = [(kind, re.compile(rf"^\s*(?:{pattern})\s*")) for kind, pattern in MARKERS]
# Words a section heading is made of, to split "一、指导思想以…为指导" after the heading.
HEADING_WORDS = ["指导思想", "总体要求", "工作目标", "创建目标", "总体目标", "具体目标", "目标任务", "主要目标",
                 "基本原则", "工作原则", "组织机构", "组织领导", "组织架构", "领导小组", "主要任务", "工作任务",
                 "重点任务", "重点工作", "主要内容", "工作内容", "创建内容", "活动内容", "实施步骤", "工作步骤",
                 "时间安排", "进度安排", "活动安排", "实施阶段", "保障措施", "工作要求", "具体要求", "主要措施",
                 "考核评价", "考核办法", "奖惩措施", "部门职责", "职责分工", "活动主题", "活动时间", "活动地点",
                 "参加人员", "参与人员", "活动对象", "预期成果", "预期效果", "存在问题", "存在的问题",
                 "下一步打算", "下一步工作打算", "下一步工作计划", "背景介绍", "背景分析", "目标设定",
                 "竞赛范围", "竞赛内容", "主要做法", "工作成效"]


def ordinal(text: str) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "㈠" <= text <= "㈩":
        return ord(text) - ord("㈠") + 1
    return chinese_int(text)


_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "两": 2}


def chinese_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99, 二〇二四 → 2024; larger numbers by cn2an."""
    if text.isdigit():
        return int(text)
    if all(c in _DIGITS for c in text) and len(text) > 1:  # 二〇二四: digit by digit
        return int("".join(str(_DIGITS[c]) for c in text))
    m = re.fullmatch(r"([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)", text)
    if m and text:
        tens = (_DIGITS[m[1]] if m[1] else 1) if m[2] else 0
        if not m[2] and m[1] and m[3]:
            return None
        return tens * 10 + (_DIGITS[m[3]] if m[3] else (_DIGITS[m[1]] if m[1] and not m[2] else 0))
    import cn2an  # 一百二十, 一千: rare in documents, and slow to import

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def marker_of(text: str) -> tuple[str, int, int] | None:
    """(kind, number, length of the marker) of a line that starts with one."""
    m = STAGE.match(text)
    if m and ordinal(m[2]):
        return "stage", ordinal(m[2]), m.end()
    for kind, pattern in MARKER_RE:
        m = pattern.match(text)
        if m:
            number = ordinal(next(g for g in m.groups() if g))
            if number:
                return kind, number, m.end()
    return None


@dataclass
class Node:
    heading: str
    kind: str = ""  # the marker kind of its heading: cn, pcn, num, pnum, stage, or "" (a styled heading)
    number: int = 0
    run_in: bool = False  # its first paragraph was on the heading's line
    paragraphs: list[str] = field(default_factory=list)  # text before its first child
    children: list["Node"] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)  # list items: (kind, text)


# ---------------------------------------------------------------- lines → split lines
def split_glued(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """A document pasted as one line, or a heading glued to what follows: split before each
    marker whose number continues its sequence (二、 after 一、), and after a heading word."""
    notes = []
    out: list[Line] = []
    expected = {"cn": 1, "pcn": 1}
    for line in lines:
        if line.in_table:
            out.append(line)
            continue
        pieces = _split_line(line.text, expected)
        if len(pieces) > 1:
            notes.append(f"拆分粘连的标题：「{line.text[:24]}…」分为 {len(pieces)} 段")
        out += [Line(p, line.heading_style if i == 0 else None, line.in_table) for i, p in enumerate(pieces)]
    return out, notes


_INLINE = {"cn": re.compile(rf"(?<=[\u4e00-\u9fff。；：！？”）])([{CN}]{{1,3}})、"),
           "pcn": re.compile(rf"(?<=[\u4e00-\u9fff。；：！？”])[（(]([{CN}]{{1,3}})[）)]"),
           "num": re.compile(r"(?<=[\u4e00-\u9fff。；：！？”])(\d{1,2})[.．、](?=\s*[\u4e00-\u9fff])")}


def _split_line(text: str, expected: dict) -> list[str]:
    m = marker_of(text)
    if m and m[0] in expected:
        expected[m[0]] = m[1] + 1
        if m[0] == "cn":
            expected["pcn"] = 1
    cuts = set()
    for kind in ("cn", "pcn"):
        want = expected[kind]
        for found in _INLINE[kind].finditer(text):
            if ordinal(found[1]) == want and found.start() > 0:
                cuts.add(found.start())
                want += 1
                if kind == "cn":
                    expected["pcn"] = 1
        expected[kind] = want
    if m and m[0] in ("cn", "pcn"):  # "二、目标设定1. 培养…": the first sub-item glued on
        first = _INLINE["num"].search(text, m[2])
        if first and first[1] == "1" and first.start() - m[2] <= 20:
            cuts.add(first.start())
    if not cuts:
        return [text]
    bounds = [0, *sorted(cuts), len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


# ---------------------------------------------------------------- split lines → tree
def heading_and_text(rest: str, section: bool = True) -> tuple[str, str, bool]:
    """The heading of a marker line and the text run in after it: (heading, text, run_in).
    A section's heading (一、) may be glued to its text without a stop: 一、指导思想以…为指导."""
    for word in sorted(HEADING_WORDS, key=len, reverse=True) if section else ():
        if rest.startswith(word) and len(rest) > len(word) and rest[len(word)] not in "和与及、的办成会组":
            tail = rest[len(word):].lstrip("：:。 ")
            return word, tail, bool(tail)
    m = re.match(r"(.{2,30}?)([。！？：:])\s*(.+)", rest)
    if m and not re.search(r"[，；]", m[1]):  # "（一）加强领导。正文……"; "1.争创品牌：正文" keeps its colon
        return m[1] + ("：" if m[2] in "：:" else ""), m[3], True
    return rest, "", False


def is_standalone_heading(rest: str) -> bool:
    """A heading on a line of its own: short, and not a sentence (no 。 ； ！ ？ in it or at its end)."""
    return 0 < len(rest) <= 30 and not re.search(r"[。；！？;]", rest)


def outline(lines: list[Line]) -> Node:
    """The document as a tree of headings (levels from the order their marker kinds appear in);
    numbered lines that are sentences become list items of their section."""
    kinds_seen: list[str] = []
    parsed = []
    for line in lines:
        m = None if line.in_table else marker_of(line.text)
        if m is None and not line.in_table and MONTH_LINE.match(line.text):
            parsed.append(("month", 0, 0, line.text.rstrip("：:")))
            continue
        if m is None and line.heading_style and is_standalone_heading(line.text):
            parsed.append(("styled", line.heading_style, 0, line.text))
            continue
        if m is None:
            parsed.append((None, 0, 0, line.text))
            continue
        kind, number, length = m
        rest = line.text[length:].strip()
        if not rest.strip("，。：:、 "):  # a marker with nothing after it: text, not a heading
            parsed.append((None, 0, 0, line.text))
            continue
        if kind in ("num", "pnum") and not is_standalone_heading(rest) and not _heading_glued(rest):
            parsed.append(("item", 0, number, line.text))  # "1.加强……，……。" a list item
            continue
        if kind not in kinds_seen and kind != "stage":
            kinds_seen.append(kind)
        parsed.append((kind, 0, number, rest))
    order = [k for k, _ in MARKERS if k in kinds_seen]
    # sections headed by a heading style without markers (Markdown ##, Word Heading 1): the
    # numbered items under them sit one level down
    styled = sorted({lvl for k, lvl, _, _ in parsed if k == "styled"})
    base = max(styled) if styled and "cn" not in kinds_seen else 0
    root = Node("")
    stack: list[tuple[int, Node]] = [(0, root)]
    for kind, style_level, number, text in parsed:
        if kind is None or kind == "item":
            node = stack[-1][1]
            if kind == "item":
                node.items.append((kind, text))
            elif node.items:  # a paragraph after a list continues the section, as an item's text
                node.items.append(("para", text))
            else:
                node.paragraphs.append(text)
            continue
        if kind == "styled":
            level = style_level
        elif kind in ("stage", "month"):
            level = _stage_level(stack, kind)
        else:
            level = order.index(kind) + 1 + base
        heading, tail, run_in = (text, "", False) if kind == "month" else \
            heading_and_text(text, section=kind in ("cn", "styled"))
        # "（一）各科室要高度重视，……。": an item that is a sentence of its own, marked like a heading
        run_in = run_in or bool(re.search(r"[。；！？]$", heading))
        node = Node(heading, kind if kind != "styled" else "", number, run_in)
        if tail:
            node.paragraphs.append(tail)
        while stack[-1][0] >= level:
            stack.pop()
        stack[-1][1].children.append(node)
        stack.append((level, node))
    return root


def _heading_glued(rest: str) -> bool:
    """"1.加强组织领导。成立…": a short heading run into its text (a run-in heading)."""
    heading, tail, run_in = heading_and_text(rest, section=False)
    return run_in and len(heading) <= 16 and len(tail) > len(heading)


def _stage_level(stack, kind: str = "stage") -> int:
    """第一阶段 (and 一月) lines are the items of the section they sit in: at the level of the one
    before them, or one below the nearest heading."""
    for level, node in reversed(stack):
        if node.kind == kind:
            return level
    return stack[-1][0] + 1


def walk(node: Node, depth: int = 0):
    yield node, depth
    for child in node.children:
        yield from walk(child, depth + 1)
