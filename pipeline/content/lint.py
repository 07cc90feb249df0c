"""Content lint: what a reader of a 公文 notices at once and a writer never does.

`lint()` reports every finding over all content files as a Problem (E4xx error, W4xx
warning) with file:line:column; `fix()` applies the safe fixes (codes in FIXABLE) in place,
editing only the characters inside string values, so comments, quoting and layout stay
byte-for-byte. Text is located by composing each file with ruamel.yaml: every string
scalar is read from the raw text with the absolute offset of each character.

autocorrect-py 2.14.0 was evaluated first and not used. With {"space-word": 0} it no longer
adds spaces between Chinese and digits, and it converts , : ! ? . and full-width digits,
but: (1) it leaves half-width ( ) ; as they are, keeps doubled 。。/，， and stray spaces or
tabs between Chinese characters; (2) `lint_for(text, "yaml")` reports one whole scalar per
line, not the offending character; (3) `format_for(..., "yaml")` rewrote the comma of the
flow mapping `{text: 举办讲座, day: 8}` into “，”, breaking the YAML, changed comments, and
did not look into `|` block scalars at all. Since we must locate scalars ourselves anyway,
a few regular expressions over each located value do the whole job, with exact columns.
"""
import bisect
import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import PipelineError, Problem
from .load import LIBRARY_FILE, LINE_BREAK, ORG_FILE, document_files, load
from .load import years as content_years
from .model import Content, walk_results, walk_tasks

FORMULAS_FILE = Path(__file__).parent / "data" / "formulas.yaml"
FIXABLE = frozenset({"W410", "W411", "W412", "W413", "W414", "W416"})

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
ZH = re.compile(f"[{HAN}{PUNCT}]")
ALNUM = re.compile(r"[A-Za-z0-9]")
NUMERALS = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}

PLACEHOLDER = re.compile(
    r"20(?:\d[xX*＊_＿]|[xX*＊_＿]{2})"  # 20xx, 20__, 201*
    r"|(?<![A-Za-z])(?:[xX×]{1,3}(?=[年月日])|XX+|xx+|×{2,}"  # xx年, XX, ×××
    r"|(?<!\*)[×*](?=[省市县区]))(?![A-Za-z])"  # ×市, *市 (but not **强调** in Markdown)
    r"|#{3,}|某某|十[xX×][大届]"
    r"|(?<![\d,.])000(?!\d)(?=同志|先生|女士|老师|医生|护士)")  # 000同志
NAME_PLACEHOLDER = re.compile(r"[0０×xXＸ*＊某\s]+")
JUNK = re.compile(r"小编|仅供参考|免费下载|下载文档|文档下载|阅读已结束|全文阅读|点击查看|点击下载|更多精彩"
                  r"|阅读原文|查看更多|展开全文|本文来源|文章来源|&(?:nbsp|amp|lt|gt|quot|ldquo|rdquo);"
                  rf"|[（(]?精选[0-9{NUMERALS}]+篇[）)]?|ICP备\d+号"
                  r"|(?<![\d/])\d{1,3} / \d{1,3}(?![\d/])")  # page counter 1 / 7
HEADING_MARKER = re.compile(
    rf"\s*(?:[{NUMERALS}]+(?:、(?![{NUMERALS}\d])|[.．])|[（(][{NUMERALS}\d]+[）)]|\d+[、.．](?!\d)|[㈠-㈩⑴-⒇①-⑳]"
    rf"|第[{NUMERALS}]+(?:[，,、：:]|部分))\s*")
# Hand-numbered lists in prose: (pattern, first item must be 1)
NUMBERING = [
    (re.compile(r"(?m)^(\d{1,2})[.、．](?!\d)"), True),
    (re.compile(rf"(?m)^([{NUMERALS}]{{1,3}})、(?![{NUMERALS}\d])"), True),
    (re.compile(r"(?<![第件表图])[（(](\d{1,2})[）)]"), False),  # not a reference: 第（一）项, 附件（2）
    (re.compile(rf"(?<![第件表图])[（(]([{NUMERALS}]{{1,3}})[）)]"), False),
    (re.compile(rf"(?:^|(?<=[。；;：:，,\s]))([{NUMERALS}]{{1,3}})是"), False),
    (re.compile(rf"(?:^|(?<=[。；;：:\s]))第([{NUMERALS}]{{1,3}})[，,、]"), False),  # not 全市第一，
    (re.compile(r"([①-⑳])"), False),  # CIRCLED
]
CHINESE_NUMBER = re.compile(f"([{NUMERALS[:9]}])|([{NUMERALS[:9]}]?)(十)([{NUMERALS[:9]}]?)")  # 一 … 九十九
# “四、实施措施1.成立……”: a heading at a line start with the first item of its list glued
# behind it, the item of a lower level than the heading (一、 > （一） > 1. > （1） > ①).
LEVELS = [  # (the marker of a heading, the first item of a list at that level)
    (rf"[{NUMERALS}]{{1,3}}、(?![{NUMERALS}\d])", None),
    (rf"[（(][{NUMERALS}]{{1,3}}[）)]", r"[（(]一[）)]"),
    (r"\d{1,2}[.．、](?!\d)", r"1[.．、](?!\d)"),
    (r"[（(]\d{1,2}[）)]", r"[（(]1[）)]"),
    (None, "①"),
]
GLUED_HEADINGS = [
    re.compile(rf"(?m)^[ \t]*(?P<head>{head}[^\n。；;！？!?，,、]{{1,40}}?[{HAN}”》][：:]?)(?<![第件表图])"
               rf"(?P<item>{'|'.join(item for _, item in LEVELS[level + 1:])})(?=\S)")
    for level, (head, _) in enumerate(LEVELS) if head]
RUN_IN_ITEM = re.compile(r"[：:](?=1[.．、](?!\d))")  # “主要措施：1.成立……”
# HTML: the Markdown step drops it or prints it. Only real shapes: a known element name (or
# Word's o:p, v:shape …) right after < or </, then a space, / or >; “a < b”, “<5%”, 《》 are text.
HTML_ELEMENTS = (
    "a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink blockquote "
    "body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir "
    "div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head "
    "header hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee math menu "
    "meta meter nav nobr noembed noframes noscript object ol optgroup option output p param picture plaintext "
    "pre progress q rp rt ruby s samp script search section select slot small source span strike strong style "
    "sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var "
    "video wbr xmp").split()
_LT = r"(?:<|&(?:lt|#0*60|#x0*3c);?)"  # < and the entities that decode to it
_GT = r"(?:>|&(?:gt|#0*62|#x0*3e);?)"
HTML_TAG = re.compile(
    rf"{_LT}!--(?:(?:(?!{_LT}!--).)*?--{_GT})?"  # a comment (unclosed, it hides the rest)
    rf"|{_LT}(?:!doctype|\?xml)[^<>]{{0,200}}?{_GT}"
    rf"|{_LT}/?(?:{'|'.join(sorted(HTML_ELEMENTS, key=len, reverse=True))}|[a-z]+:[a-z][\w.-]*)"
    rf"(?:[\s/](?:(?!{_LT}|{_GT})[^<>]){{0,200}}?)?{_GT}", re.I | re.S)
# “# 标题”, “#标题”, “### 标题” (but “###市” is a placeholder, E401)
MARKDOWN_HEADING = re.compile(r"(?m)^(?:#{1,2}(?!#)|#{3,6}(?=[ \t]+\S))")
SETEXT_UNDERLINE = re.compile(r"(?m)(?<=\S\n)^[ ]{0,3}(?:=+|-+)[ \t]*$")  # 标题 / ===
URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%"
# A web address: ASCII, or with Chinese in its path where the path goes on after it
# (…/新闻(2024).html, …/搜索?关键词=医院); it ends on a character that can end one.
URL = re.compile(rf"(?:(?:https?|ftp)://|www\.)(?:[{URL_CHARS}]|[{HAN}]+(?=[{URL_CHARS}]*[/?=&.#][^\s。，；！？]))*"
                 r"[A-Za-z0-9\-_~/#=&%]")
BRACKETS = {"（": "）", "(": ")", "“": "”", "《": "》"}
HEADING_KEYS = {"heading", "name"}  # and goals[].text: printed on a line of their own
RUN_IN_KEYS = {"trigger"}  # printed at the start of a sentence
NAME_KEYS = {"name", "head_name"}  # a person's name: `name: 000` reads as a number, still linted


@dataclass(frozen=True)
class Change:
    """One edit made by fix(): where (1-based) and what it replaced."""

    file: Path
    line: int
    column: int
    old: str
    new: str


@dataclass
class Finding:
    problem: Problem
    edit: tuple[int, int, str] | None = None  # absolute start, end, replacement (safe fixes)


@dataclass
class Value:
    """A string scalar: its text (lines joined by \\n, indentation dropped) and the absolute
    offset in the file of each of its characters."""

    path: tuple
    text: str
    offsets: list[int]
    plain: bool  # plain style: its type depends on its text
    style: str | None = None  # YAML style: None (plain), ', ", | or >
    kept_breaks: frozenset = frozenset()  # line breaks (text positions) a > block keeps


class File:
    """One content file, composed with positions."""

    def __init__(self, path: Path, text: str, root):
        self.path, self.text = path, text
        self.line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        self.nodes: dict[tuple, object] = {}
        self.values: list[Value] = []
        self._seen = set()
        self._walk(root, ())

    @classmethod
    def read(cls, path: Path) -> "File | None":
        """None when the file is missing, not UTF-8 or not YAML (the loader reports that)."""
        try:
            text = path.read_bytes().decode("utf-8")
            return cls(path, text, YAML(typ="rt").compose(text))
        except (OSError, UnicodeDecodeError, YAMLError, RecursionError):
            return None

    def _walk(self, node, path):
        if node is None or node in self._seen:  # an alias: its text was linted where it stands
            return
        self._seen.add(node)
        self.nodes[path] = node
        if isinstance(node, MappingNode):
            for key, value in node.value:
                self._walk(value, path + (str(key.value),))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, path + (i,))
        elif isinstance(node, ScalarNode) and (str(node.tag).endswith(":str") or path[-1:] and path[-1] in NAME_KEYS):
            self.values.append(self._value(node, path))

    def _value(self, node, path) -> Value:
        start, end = node.start_mark.index, node.end_mark.index
        block = node.style in ("|", ">")
        if block:  # the text starts after the header line (| or |- and maybe a comment)
            newline = LINE_BREAK.search(self.text, start, end)
            start = newline.end() if newline else end
        elif node.style in ("'", '"'):
            start, end = start + 1, end - 1
        text, offsets, pos, kept = [], [], start, set()
        parts = LINE_BREAK.split(self.text[start:end])  # lines, and the break after each
        lines, breaks = parts[::2], parts[1::2] + [""]
        indents = [len(c) - len(c.lstrip(" ")) if i or block else 0 for i, c in enumerate(lines)]
        base = min((n for n, c in zip(indents, lines) if c.strip()), default=0)
        for i, content in enumerate(lines):
            if i:
                # a > block keeps the break beside a more-indented line
                if node.style == ">" and any(lines[j].strip() and indents[j] > base for j in (i - 1, i)):
                    kept.add(sum(map(len, text)))
                text.append("\n")
                offsets.append(pos - len(breaks[i - 1]))  # the break's first character (\r of \r\n)
            text.append(content[indents[i]:])
            offsets += range(pos + indents[i], pos + len(content))
            pos += len(content) + len(breaks[i])
        return Value(path, "".join(text), offsets, node.style is None, node.style, frozenset(kept))

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        bom = line == 1 and self.text.startswith("\ufeff")  # an editor shows no column for it
        return line, offset - self.line_starts[line - 1] + 1 - bom

    def problem(self, code, message, offset, fix=None) -> Problem:
        return Problem(code, message, self.path, *self.where(offset), fix)

    def at(self, path: tuple) -> int:
        """The offset of the value at path (or of its nearest existing parent)."""
        while path and path not in self.nodes:
            path = path[:-1]
        return self.nodes[path].start_mark.index if path in self.nodes else 0


# ---------------------------------------------------------------- API
def lint(content_dir: Path, years: list[int] | None = None) -> list[Problem]:
    """Every finding over the content files: the loader's problems (E1xx), then the lint's.
    Files that do not read as YAML are reported by the loader and not linted further."""
    content_dir = Path(content_dir)
    problems = []
    for year in _years(content_dir, years):
        problems += check(content_dir, year, shared=year == max(_years(content_dir, years)))[0]
    if not _years(content_dir, years):
        problems += [f.problem for file, y in _shared_files(content_dir, None) for f in _text_findings(file, y)]
    return sorted(dict.fromkeys(problems), key=_order)


def check(content_dir: Path, year: int, shared: bool = True) -> tuple[list[Problem], Content | None]:
    """One year loaded and linted once: (every finding, the content if it loaded). The shared
    files (org, library) are linted with the year unless shared is False."""
    content_dir = Path(content_dir)
    problems, content = [], None
    try:
        content = load(content_dir, year)
    except PipelineError as e:
        problems += e.problems
    files = (_shared_files(content_dir, year) if shared else []) + \
        [(f, year) for p in document_files(content_dir / str(year)) if (f := File.read(p))]
    for file, file_year in files:
        problems += [f.problem for f in _text_findings(file, file_year)]
        if content is not None and file.path.stem in content.documents and file.path.parent.name == str(year):
            problems += _content_findings(content, file.path.stem, file, year)
    return sorted(dict.fromkeys(problems), key=_order), content


def fix(content_dir: Path, years: list[int] | None = None) -> list[Change]:
    """Apply the safe fixes (FIXABLE) in place; returns what changed. Unchanged files are not
    written; fixes whose result would not read back as the same structure are not applied.
    A change made in a later pass (the “，，” left by “,,”) is placed in the text of that pass."""
    from ..build import write_atomic

    content_dir = Path(content_dir)
    changes, writes = [], []
    for file, year in _files(content_dir, _years(content_dir, years)):
        original = file.text
        for _ in range(5):  # a fix can reveal another: “,,” → “，，” → “，”
            edits = _safe_edits(file, year)
            fixed, made = _applied(file, edits)
            if fixed is None:  # some edit breaks the file: keep each edit that does not
                for edit in reversed(edits):
                    fixed_one, one = _applied(file, [edit])
                    if fixed_one is not None:
                        file, made = fixed_one, made + one
                fixed = file if made else None
            if fixed is None:
                break
            file, changes = fixed, changes + made
        if file.text != original:
            writes.append(file)
    done = []  # every file is fixed in memory first; a file that cannot be written stops the rest
    for file in writes:
        target = file.path.resolve()  # a symlinked file is edited where it lives, its mode kept
        try:
            if not os.access(target, os.W_OK):
                raise PipelineError([Problem("E204", f"文件 {target} 是只读的，未修改", file.path)])
            write_atomic(target, file.text.encode("utf-8"), mode=target.stat().st_mode)
        except PipelineError as e:
            e.changes = [c for c in changes if c.file in done]  # what was written before it
            raise
        done.append(file.path)
    return sorted(changes, key=lambda c: (str(c.file), c.line, c.column))


def _applied(file: File, edits) -> tuple["File | None", list[Change]]:
    """The file with the edits made, if it still reads as the same structure; else None."""
    if not edits:
        return None, []
    text, made = file.text, []
    for start, end, new in reversed(edits):
        made.append(Change(file.path, *file.where(start), text[start:end], new))
        text = text[:start] + new + text[end:]
    try:
        fixed = File(file.path, text, YAML(typ="rt").compose(text))
    except YAMLError:
        return None, []
    return (fixed, made) if _same_shape(file, fixed) else (None, [])


def errors_only(problems: list[Problem]) -> list[Problem]:
    """What stops a build: `errors_only(lint(content, [year]))`."""
    return [p for p in problems if p.severity == "error"]


def fixable(problem: Problem) -> bool:
    return problem.code in FIXABLE


# ---------------------------------------------------------------- files and years
def _years(content_dir: Path, years) -> list[int]:
    if years is not None:
        return list(years)
    return content_years(content_dir) if content_dir.is_dir() else []


def _shared_files(content_dir: Path, year) -> list[tuple[File, int | None]]:
    """org.yaml and library.yaml, read against the given year (the latest, where all are linted)."""
    return [(file, year) for path in (content_dir / ORG_FILE, content_dir / LIBRARY_FILE) if (file := File.read(path))]


def _files(content_dir: Path, years: list[int]) -> list[tuple[File, int | None]]:
    """Every content file that reads as YAML, with the year its text is read against."""
    files = _shared_files(content_dir, max(years, default=None))
    for year in years:
        files += [(f, year) for p in document_files(content_dir / str(year)) if (f := File.read(p))]
    return files


def _order(p: Problem):
    return str(p.file or ""), p.line or 0, p.column or 0, p.code


def _safe_edits(file: File, year) -> list[tuple[int, int, str]]:
    """Non-overlapping safe edits, in order; in a plain scalar only where its type stays text."""
    edits, last = [], -1
    for value in file.values:
        found = [f.edit for f in _text_findings(file, year, [value]) if f.edit]
        if value.plain and found and not _stays_text(file, value, found):
            continue
        for start, end, new in sorted(found):
            if start >= last:
                edits.append((start, end, new))
                last = end
    return edits


def _stays_text(file: File, value: Value, edits) -> bool:
    """The edited plain scalar still reads as text, all of it: no new comment (“ #”), no
    number or boolean, and every character kept but the edited ones."""
    node = file.nodes[value.path]
    start, end = node.start_mark.index, node.end_mark.index
    raw = old = file.text[start:end]
    for s, e, new in sorted(edits, reverse=True):
        raw = raw[:s - start] + new + raw[e - start:]
    try:
        before, after = (YAML(typ="safe").load(f"- {text}\n")[0] for text in (old, raw))
    except (YAMLError, ValueError):  # ValueError: an impossible date
        return False
    grown = sum(len(new) - (e - s) for s, e, new in edits)
    return isinstance(after, str) and len(after) == len(str(before)) + grown


def _same_shape(before: File, after: File) -> bool:
    """The same keys and items, and every string still a string."""
    return before.nodes.keys() == after.nodes.keys() and \
        [v.path for v in before.values] == [v.path for v in after.values]


# ---------------------------------------------------------------- rules on the text
def _text_findings(file: File, year: int | None, values=None) -> list[Finding]:
    found = []
    for value in file.values if values is None else values:
        key = next((k for k in reversed(value.path) if isinstance(k, str)), "")
        urls = [m.span() for m in URL.finditer(value.text)]
        tags = [m.span() for m in HTML_TAG.finditer(value.text)]
        for rule in TEXT_RULES:
            for code, message, start, end, fix, new in rule(value, key, year):
                if any(a <= start < b or code == "W413" and start in (a - 1, b) for a, b in urls):
                    continue  # a web address keeps its ( ) ? : as they are, and the spaces around it
                if code != "E406" and any(a <= start < b for a, b in tags):
                    continue  # inside an HTML tag (E406): no W410 for its ", no E402 for &lt;
                offset = value.offsets[start] if start < len(value.offsets) else file.at(value.path)
                edit = (offset, value.offsets[end - 1] + 1, new) if code in FIXABLE else None
                if edit and value.style == '"' and file.text[offset - 1] == "\\":  # \" → “
                    edit = (offset - 1, *edit[1:])
                found.append(Finding(file.problem(code, message, offset, fix), edit))
    return found


def _placeholders(value: Value, key, year):
    if key in NAME_KEYS and NAME_PLACEHOLDER.fullmatch(value.text):
        yield "E401", f"姓名「{value.text}」应替换为实际姓名", 0, len(value.text), None, None
        return
    for m in PLACEHOLDER.finditer(value.text):
        if m[0].startswith("#") and MARKDOWN_HEADING.match(value.text, m.start()):
            continue
        yield "E401", f"「{m[0]}」应替换为实际内容", m.start(), m.end(), None, None


def _junk(value: Value, key, year):
    for m in JUNK.finditer(value.text):
        yield "E402", f"「{m[0]}」是从网页粘贴的文字，应删除", m.start(), m.end(), f"删除「{m[0]}」", None


def _brackets(value: Value, key, year):
    text, stacks = value.text, {}
    closers = {c: o for o, c in BRACKETS.items()}
    family = {"(": "（", ")": "）"}  # half-width ( ) pair with full-width ones (W410 fixes them)
    for i, ch in enumerate(text):
        if ch in BRACKETS:
            stacks.setdefault(family.get(ch, ch), []).append(i)
        elif ch in closers:
            opener = family.get(closers[ch], closers[ch])
            if stacks.get(opener):
                stacks[opener].pop()
            elif not _is_list_marker(text, i):
                yield "W403", f"「{ch}」前面没有对应的「{opener}」", i, i + 1, None, None
    for opener, positions in stacks.items():
        for i in positions:
            closer = BRACKETS[opener]
            yield "W403", f"「{text[i]}」后面没有对应的「{closer}」", i, i + 1, f"补上「{closer}」", None


def _is_list_marker(text, i) -> bool:
    """1） or 一) as an item marker: a number at a line start or after a pause."""
    return bool(re.search(rf"(?:^|[\n。；;：:，,\s])[\d{NUMERALS}]+$", text[:i]))


def _is_heading(value: Value, key) -> bool:
    return key in HEADING_KEYS or key == "text" and len(value.path) >= 3 and value.path[-3] == "goals"


def _heading_marker(value: Value, key, year):
    if _is_heading(value, key) or key in RUN_IN_KEYS:
        m = HEADING_MARKER.match(value.text)
        if m:
            marker = m[0].strip()
            yield ("E404", f"「{marker}」是手工输入的序号；序号由程序自动编排", m.start(), m.end(),
                   f"删除「{marker}」", None)


def _heading_end(value: Value, key, year):
    """A heading stands on its own line without a closing mark (headlines of the summary run
    into their paragraph and are not checked)."""
    m = re.search(r"[。，、；.,;]+$|(?<![：:])[：:]{2,}$", value.text.rstrip())  # a run-in heading may end in ：
    if m and m.start() and _is_heading(value, key):
        yield "W416", f"标题末尾的「{m[0]}」应删除", m.start(), m.end(), f"删除「{m[0]}」", ""


def _markdown_heading(value: Value, key, year):
    """A line starting with # in any text would become a heading of its own and shift the
    numbering; headings come from the structure (tasks, subtasks, sections)."""
    lines_kept = value.style == "|"  # other styles fold lines into one, but for the breaks they keep
    # a free section's text may hold its sub-headings: ## one level below the section … ####
    section_text = key == "text" and len(value.path) >= 3 and value.path[-3] == "sections"
    for m in MARKDOWN_HEADING.finditer(value.text):
        if section_text and m[0] != "#":
            continue
        if section_text:
            yield ("E405", "节的 text 中，小标题从「## 」开始（比本节低一级），「# 」会与本节同级",
                   m.start(), m.end(), "改为「##」", "##")
            continue
        if lines_kept or m.start() == 0 or value.text[:m.start()].endswith("\n\n") \
                or m.start() - 1 in value.kept_breaks:
            yield ("E405", "行首的「#」会使这一行变成标题；标题由内容结构生成，"
                           "请删去「#」，或把这部分写成 subtasks 中的一项", m.start(), m.end(), "删除「#」", None)
    if not lines_kept:
        return
    for m in SETEXT_UNDERLINE.finditer(value.text):
        yield ("E405", f"上一行文字下的「{m[0].strip()}」会使上一行变成标题；标题由内容结构生成，"
                       "请删去这一行，或把这部分写成 subtasks 中的一项", m.start(), m.end(), "删除这一行", None)


def _numbering(value: Value, key, year):
    text = _numbering_text(value.text)
    headings = {m.start("head") for m in _glued(value.text)}  # “四、” of “四、实施措施1.…”
    for pattern, starts_at_one in NUMBERING:
        previous = None
        for m in pattern.finditer(text):
            n = _number(m[1])
            if n is None:  # 一一、二一、十五十: not a numeral, so not an item
                continue
            marker = value.text[m.start():m.end()].strip()
            if previous is None and starts_at_one and n != 1 and m.start(1) not in headings:
                yield "W420", f"列表从「{marker}」开始，应从 1 开始", m.start(), m.end(), None, None
            elif previous is not None and n not in (previous[0] + 1, 1):
                yield ("W420", f"「{previous[1]}」之后是「{marker}」",
                       m.start(), m.end(), None, None)
            previous = (n, marker)


def _numbering_text(text: str) -> str:
    """The text as the numbering rules read it: an item 1 glued behind a heading (W421) or
    run in after a colon (“措施：1.成立……”) starts a line, so the “2.” on the next line follows
    it. The character before the item becomes a line break; every other offset stays."""
    starts = [m.start("item") - 1 for m in _glued(text)]
    starts += [m.start() for m in RUN_IN_ITEM.finditer(text)]
    chars = list(text)
    for i in starts:
        chars[i] = "\n"
    return "".join(chars)


def _glued_heading(value: Value, key, year):
    """“四、实施措施1.成立领导小组……”: a heading pasted onto one line with its first item."""
    for m in _glued(value.text):
        heading, item = m["head"].strip(), m["item"]
        yield ("W421", f"标题「{heading}」与正文「{item}」粘连在同一行",
               m.start("item"), m.end("item"), f"在「{item}」前换行，使标题「{heading}」单独成行", None)


def _html(value: Value, key, year):
    """Raw HTML in a text: <script> and <style> text would be printed, <img> and <iframe>
    dropped, <h1> would make a numbered heading. One finding a tag; a closing tag only
    where its opening tag is not in the text before it."""
    opened = set()
    for m in HTML_TAG.finditer(value.text):
        tag = re.sub(r"\s+", " ", m[0])
        tag = tag if len(tag) <= 30 else tag[:29] + "…"
        name = re.match(rf"{_LT}(/?)([\w:.-]*)", m[0], re.I)
        closing, name = name[1] == "/", name[2].lower()
        if closing and name in opened:
            continue
        opened.add(name)
        yield ("E406", f"「{tag}」是 HTML 标签，文档中会被丢弃或原样印出；正文只写文字，图片、链接、格式由程序排版",
               m.start(), m.end(), f"删除「{tag}」", None)


def _glued(text: str) -> list[re.Match]:
    """Each glued heading once (the first kind of heading marker that matches at a line)."""
    found = {}
    for pattern in GLUED_HEADINGS:
        for m in pattern.finditer(text):
            found.setdefault(m.start(), m)
    return [found[start] for start in sorted(found)]


def _number(text: str) -> int | None:
    """The value of a list number: 3, ③, 一 … 九十九; None for what is no numeral (一一, 十五十)."""
    if len(text) == 1 and text in CIRCLED:
        return CIRCLED.index(text) + 1
    if text.isdecimal():
        return int(text)
    m = CHINESE_NUMBER.fullmatch(text)
    if not m:
        return None
    single, tens, _, ones = m.groups()
    if single:
        return NUMERALS.index(single) + 1
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(ones) + 1 if ones else 0)  # 十五, 二十


def _zh(text, i) -> bool:
    return 0 <= i < len(text) and bool(ZH.match(text[i]))


def _zh_beside(text, i) -> bool:
    """Whether the nearest character before or after text[i], past spaces, is Chinese."""
    def nearest(step):
        j = i + step
        while 0 <= j < len(text) and text[j] in " \t":
            j += step
        return j
    return _zh(text, nearest(-1)) or _zh(text, nearest(1))


def _half_width(value: Value, key, year):
    text = value.text
    flagged = {i for i, ch in enumerate(text) if ch in FULL_WIDTH and _zh_beside(text, i)}
    opened = []
    for i, ch in enumerate(text):  # a pair of ( ) is converted together
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            j = opened.pop()
            if i in flagged or j in flagged:
                flagged |= {i, j}
    quotes = [i for i, ch in enumerate(text) if ch == '"']
    if len(quotes) % 2 and any(_zh_beside(text, i) for i in quotes):
        yield "W403", "半角引号「\"」个数为单数，有一个没有配对", quotes[-1], quotes[-1] + 1, "补齐并改为全角「“」「”」", None
    if len(quotes) % 2 == 0:  # "红包" → “红包”, pair by pair; an odd count is left to the writer
        for left, right in zip(quotes[::2], quotes[1::2]):
            if any(_zh(text, i) for i in (left - 1, left + 1, right - 1, right + 1)):
                yield "W410", "中文中的半角引号「\"」应为全角「“」", left, left + 1, "改为全角「“」", "“"
                yield "W410", "中文中的半角引号「\"」应为全角「”」", right, right + 1, "改为全角「”」", "”"
    for i in sorted(flagged):
        full = FULL_WIDTH[text[i]]
        yield ("W410", f"中文中的半角「{text[i]}」应为全角「{full}」", i, i + 1, f"改为全角「{full}」", full)


def _full_stop(value: Value, key, year):
    heading = _is_heading(value, key)  # a heading's end is W416's, and “一.” at its start E404's
    marker = HEADING_MARKER.match(value.text) if heading else None
    for m in re.finditer(rf"(?<=[{HAN}）”》 ])\.(?=$|\s|[{HAN}{PUNCT}])", value.text, re.M):
        if not re.search(rf"[{HAN}）”》][ \t]*$", value.text[:m.start()]):
            continue
        if heading and (marker and m.start() < marker.end() or not value.text[m.end():].strip()):
            continue
        yield "W411", "中文句末的半角句点「.」应为句号「。」", m.start(), m.end(), "改为「。」", "。"


def _full_width_alnum(value: Value, key, year):
    for m in re.finditer(r"[０-９Ａ-Ｚａ-ｚ％]+", value.text):
        half = "".join(chr(ord(c) - 0xFEE0) for c in m[0])
        yield "W412", f"全角「{m[0]}」应为半角「{half}」", m.start(), m.end(), f"改为「{half}」", half


def _stray_space(value: Value, key, year):
    if key == "target":  # “门诊患者满意度 ≥ 90%” is the target syntax
        return
    text = value.text
    for m in re.finditer(r"[ \t\u3000\u00a0\u00ad\u2000-\u200d\u202f\u205f\u2060\ufeff]+", text):
        before = text[m.start() - 1] if m.start() else "\n"
        after = text[m.end()] if m.end() < len(text) else "\n"
        if after == "\n":
            continue  # trailing
        odd = bool(re.search(r"[^ ]", m[0]))  # a tab, a full-width or an invisible space
        zh_before, zh_after = ZH.match(before), ZH.match(after)
        # a word, or half-width punctuation (W410 makes it full-width, and then it takes no space)
        word_before = zh_before or ALNUM.match(before) or before in FULL_WIDTH
        word_after = zh_after or ALNUM.match(after) or after in FULL_WIDTH or after == "."
        if not (odd or zh_before and word_after or word_before and zh_after):
            continue  # “GB/T 9704”, Markdown “- 项目” and “| 表格 |” keep their spaces
        what = next((name for chars, name in SPACE_NAMES if re.search(f"[{chars}]", m[0])), "空格")
        new = "" if before == "\n" or zh_before or zh_after else " "
        why = ("行首的空格会原样出现在文档中，首行缩进由程序排版" if before == "\n"
               else f"「{before}」与「{after}」之间有{what}；公文中汉字与汉字、数字、字母之间不空格")
        yield ("W413", why, m.start(), m.end(),
               "改为一个空格" if new else f"删除{what}", new)


SPACE_NAMES = [("\t", "制表符"), ("\u3000", "全角空格"), ("\u00a0", "不换行空格"),
               ("\u00ad\u200b-\u200d\u2060\ufeff", "零宽字符（看不见）"), ("\u2000-\u200a\u202f\u205f", "特殊空格")]


def _folded_break(value: Value, key, year):
    """Plain, quoted and > scalars fold a line break into a space: between two Chinese
    characters that space is printed (“建设 全力”)."""
    if value.style in ("|",):
        return
    for m in re.finditer(rf"(?<=[{HAN}{PUNCT}])\n(?=[{HAN}{PUNCT}])", value.text):
        if m.start() in value.kept_breaks:
            continue
        yield ("W415", f"「{value.text[m.start() - 1]}」与「{value.text[m.end()]}」之间的折行在文档中会变成一个空格",
               m.start(), m.end(), "把这两行接成一行，或改用 | 块（保留换行）", None)


def _impossible_dates(value: Value, key, year):
    """A date written in the text that the calendar does not have: 2024年2月30日."""
    for m in re.finditer(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日", value.text):
        try:
            dt.date(*map(int, m.groups()))
        except ValueError:
            yield "W436", f"「{m[0]}」不存在，请核对月、日", m.start(), m.end(), None, None


def _doubled(value: Value, key, year):
    for m in re.finditer(r"([。，、；：！？])\1+", value.text):
        yield "W414", f"「{m[0]}」应为一个「{m[1]}」", m.start(), m.end(), f"改为「{m[1]}」", m[1]


def _stale_formulas(value: Value, key, year):
    if year is None:
        return
    formulas, historical = _formulas()
    year_start = dt.date(year, 1, 1)
    for series in formulas:
        current = _current(series, year)
        for f in series:
            if not f["until"] or f["until"] >= year_start or not current:
                continue
            for m in f["match"].finditer(value.text):
                if historical.match(value.text, m.end()):
                    continue
                yield ("W450", f"「{m[0]}」在 {year} 年已不是现行提法（{f['name']}至 "
                       f"{f['until']:%Y年%-m月%-d日}），现行的是「{current['name']}」", m.start(), m.end(),
                       f"改为「{current['name']}」的相应提法", None)


def _current(series, year):
    """The formula current on 1 January of the year, or else the latest begun within it."""
    first_day = dt.date(year, 1, 1)
    for f in series:
        if f["from"] <= first_day and (not f["until"] or f["until"] >= first_day):
            return f
    begun = [f for f in series if f["from"] <= dt.date(year, 12, 31)]
    return begun[-1] if begun else None


@cache
def _formulas():
    """The table of formulas; a mistake in it is E120 with its line, not an internal error."""
    from .load import read_yaml  # YAML and encoding mistakes: E100/E101/E111, in the writer's words

    if not FORMULAS_FILE.exists():
        raise PipelineError([Problem("E120", "找不到过时提法表（pipeline/data/formulas.yaml）", FORMULAS_FILE)])
    data, line = read_yaml(FORMULAS_FILE).root, None

    def fail(message):
        raise PipelineError([Problem("E120", message, FORMULAS_FILE, line)])

    shape = "应为 series 列表，每组有 name 和 formulas 列表，每项有 name、match、from，可有 until"
    if not isinstance(data, dict) or not isinstance(data.get("series"), list):
        fail(f"结构不符：{shape}")
    if not isinstance(data.get("historical"), str) or not data["historical"].strip():
        fail("缺少 historical（表示回顾历史的词，如“以来|之前”），或它不是文字")
    try:
        historical = re.compile(data["historical"])
    except re.error as e:
        fail(f"historical 不是有效的正则表达式（第 {(e.pos or 0) + 1} 个字符处有误，括号是否成对？）")
    series = []
    for group in data["series"]:
        formulas = group.get("formulas") if isinstance(group, dict) else None
        if not isinstance(formulas, list):
            line = group.lc.line + 1 if hasattr(group, "lc") else None
            fail(f"结构不符：{shape}")
        series.append([])
        for i, f in enumerate(formulas):
            line = formulas.lc.item(i)[0] + 1
            if not isinstance(f, dict) or not {"name", "match", "from"} <= f.keys():
                fail("这一项缺少字段：每项应有 name、match、from，可有 until")
            if not isinstance(f["from"], dt.date) or not isinstance(f.get("until") or f["from"], dt.date):
                fail("from 和 until 应为日期，如 2022-10-16")
            if f.get("until") and f["until"] < f["from"]:
                fail(f"until（{f['until']}）早于 from（{f['from']}）")
            if not isinstance(f["match"], str):
                fail("match 应为文字（正则表达式）")
            try:
                match = re.compile(f["match"])
            except re.error as e:
                fail(f"match 不是有效的正则表达式（第 {(e.pos or 0) + 1} 个字符处有误，括号是否成对？）")
            series[-1].append({**f, "until": f.get("until"), "match": match})
    return series, historical


TEXT_RULES = [_placeholders, _junk, _brackets, _heading_marker, _heading_end, _markdown_heading, _numbering, _glued_heading,
              _html, _half_width,
              _full_stop, _full_width_alnum, _stray_space, _folded_break, _doubled, _impossible_dates, _stale_formulas]


# ---------------------------------------------------------------- rules on the content
PERIOD_MONTHS = {"全年": (1, 12), "上半年": (1, 6), "下半年": (7, 12), "第一季度": (1, 3), "第二季度": (4, 6),
                 "第三季度": (7, 9), "第四季度": (10, 12)}


def _content_findings(content: Content, doc_id: str, file: File, year: int) -> list[Problem]:
    doc, problems = content.documents[doc_id], []

    def warn(code, message, path, fix=None):
        problems.append(file.problem(code, message, file.at(path), fix))

    last = dt.date(doc.campaign_end.year, doc.campaign_end.month, 1) if doc.campaign_end else dt.date(year, 12, 1)
    dated = [(i, p) for i, p in enumerate(doc.phases) if p.start]
    for i, phase in dated:
        outside = [k for k in ("start", "end") if not year <= getattr(phase, k).year <= last.year
                   or (getattr(phase, k).year, getattr(phase, k).month) > (last.year, last.month)]
        if outside:
            until = f"{year} 年度" if not doc.campaign_end else f"campaign_end（{doc.campaign_end}）"
            warn("W430", f"阶段「{phase.name}」的时间 {phase.start}—{phase.end} 超出 {until}", ("phases", i, outside[0]))
    ordered = sorted((p.start, p.end, i, p.name) for i, p in dated if p.end >= p.start)
    for (_, end, _, name), (start, _, i, next_name) in zip(ordered, ordered[1:]):
        if start <= end:
            warn("W431", f"阶段「{next_name}」从 {start} 开始，与阶段「{name}」（至 {end}）时间重叠",
                 ("phases", i, "start"))
    end_of_work = dt.date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    for task, path in walk_tasks(doc.tasks):
        if task.deadline and task.deadline.last_day(year) > end_of_work:
            warn("W432", f"任务「{task.heading}」的完成时限晚于 {end_of_work:%Y年%-m月%-d日}", path + ("deadline",))
        elif task.deadline and task.deadline.last_day(year) < dt.date(year, 1, 1):
            warn("W432", f"任务「{task.heading}」的完成时限早于 {year} 年 1 月 1 日", path + ("deadline",))
    # last year's title or date left in a copied file
    spans = [(int(a), int(b or a)) for a, b in re.findall(r"((?:19|20)\d\d)(?:年?[—–\-至]((?:19|20)\d\d))?年", doc.title)]
    years_named = {y for a, b in spans for y in (a, b)}
    if spans and not any(a <= year <= b for a, b in spans):  # 2024—2025年 covers 2024
        warn("W434", f"标题中的年份 {'、'.join(map(str, sorted(years_named)))} 与 {year} 年度不符", ("title",))
    if doc.kind == "summary":
        first, last_day = dt.date(year, 6, 1), dt.date(year + 1, 6, 30)  # after the work it reports on
    else:
        first, last_day = dt.date(year - 1, 10, 1), dt.date(year, 12, 31)  # before the work it plans
    if not first <= doc.date <= last_day:
        warn("W434", f"成文日期 {doc.date} 应在 {first:%Y年%-m月%-d日}至 {last_day:%Y年%-m月%-d日}之间", ("date",))
    first_month, last_month = PERIOD_MONTHS[doc.period]
    for result, path in walk_results(doc.results):  # a 上半年总结 reports what happened in that half
        for j, event in enumerate(result.events):
            if (event.date.year, event.date.month) not in {(year, m) for m in range(first_month, last_month + 1)}:
                warn("W435", f"事件日期 {event.date} 不在{doc.period if doc.period != '全年' else f'{year}年'}内",
                     path + ("events", j, "date"))
    months = {}
    for i, plan_month in enumerate(doc.activities):
        key = ("activities", i, "month" if plan_month.month else "months")
        for m in plan_month.month_list:
            if m in months:
                first_line = file.where(file.at(months[m]))[0]
                warn("W433", f"{m} 月在月度活动中出现两次（第 {first_line} 行已有）", key, "合并到同一月份")
            months.setdefault(m, key)
    served = {g for task, _ in walk_tasks(content.document(doc_id).tasks) for g in task.goals}
    if doc.tasks or not doc.based_on:
        for i, goal in enumerate(doc.goals):
            if goal.id not in served and doc.tasks:
                warn("W440", f"目标 {goal.id}「{goal.text or goal.target}」没有任何任务服务（没有任务的 goals 包含它）",
                     ("goals", i, "id"), f"在相关任务的 goals 中加入 {goal.id}")
    # a task reported as not done (基本完成, 未完成) with no word on what comes next: the 下一步打算
    # says nothing of it, and no sentence is made up from its status. Not for 持续推进 (standing
    # work that goes on as it is), nor where one of the summary's own next_steps takes it up (shares
    # four characters running with its heading, its plan task's heading or its narrative).
    if doc.kind == "summary":
        def words(text):  # what a sentence says, without its punctuation and spaces
            return re.sub(r"[\W_]", "", text or "")

        based = content.documents.get(doc.based_on) if doc.based_on else None
        plan = {t.id: t for t, _ in walk_tasks(based.tasks)} if based else {}
        steps = [words(s) for s in doc.next_steps]
        for result, path in walk_results(doc.results):
            if result.status not in ("基本完成", "未完成") or (result.next_step or "").strip():
                continue
            task = plan.get(result.task)
            about = words("".join(filter(None, (result.heading, task.heading if task else "", result.narrative))))
            if any(about[i:i + 4] in step for step in steps for i in range(len(about) - 3)):
                continue
            name = "「" + (result.heading or (task.heading if task else result.task)) + "」"
            warn("W441", f"任务{name}状态为{result.status}，“下一步打算”中没有提到这项工作",
                 path + ("status",), "在这项结果下写 next_step，写明下一步的具体措施")
    return problems


def fixed_text(text: str, key: str = "body") -> str:
    """A piece of text with the safe fixes of `check --fix` applied (full-width punctuation
    beside Chinese, half-width digits, stray spaces, doubled punctuation): for the importer."""
    for _ in range(3):  # a fix can reveal another (a space beside a comma that became full width)
        value = Value(("text", key), text, list(range(len(text))), False, "|")
        urls = [m.span() for m in URL.finditer(text)]
        edits = []
        for rule in TEXT_RULES:
            for code, _, start, end, _, new in rule(value, key, None):
                if code in FIXABLE and new is not None and not any(a <= start < b for a, b in urls):
                    edits.append((start, end, new))
        edits.sort()
        out, pos = [], 0
        for start, end, new in edits:
            if start < pos:
                continue
            out += [text[pos:start], new]
            pos = end
        new_text = "".join(out) + text[pos:]
        if new_text == text:
            break
        text = new_text
    return text
