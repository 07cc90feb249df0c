"""Load the content files: parse, locate every value (file:line), validate, cross-check.

Every problem is collected and raised together, so the writer fixes them in one pass.
"""
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import ScalarNode

from ..errors import PipelineError, Problem
from .model import (Content, DocumentContent, Library, Organisation, file_stem, walk_results,
                    walk_sections, walk_tasks)
from . import migrate

ORG_FILE = "org.yaml"
LIBRARY_FILE = "library.yaml"

TYPE_NAMES = {"string": "文本", "int": "整数", "float": "数字", "bool": "是或否", "list": "列表",
              "dict": "映射（键: 值）", "date": "日期（如 2024-01-15）", "model": "映射（键: 值）"}


@dataclass
class Source:
    """One parsed file: its data as plain Python, and where each value stands."""

    path: Path
    root: object  # ruamel tree, keeps line numbers

    def line(self, loc: tuple) -> int:
        """The line of the deepest value along loc that exists (1-based)."""
        node, line = self.root, 1
        for key in loc:
            if isinstance(node, CommentedMap) and key in node:
                pos = node.lc.data.get(key)
                line = pos[0] + 1 if pos else line
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                pos = node.lc.data.get(key) if hasattr(node.lc, "data") else None
                line = pos[0] + 1 if pos else line
                node = node[key]
            else:
                break
        return line

    def problem(self, code: str, message: str, loc: tuple = ()) -> Problem:
        return Problem(code, message, self.path, self.line(loc))


def plain(node):
    """ruamel's commented types as plain Python values."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None or isinstance(node, dt.date):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def round_trip_yaml() -> YAML:
    """The one YAML setting for reading and writing content: a file loaded and dumped
    unchanged comes back byte-identical (comments, key order, quoting, block scalars)."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


LINE_BREAK = re.compile(r"(\r\n|\r|\n)")  # YAML reads all three as a line break

# Characters YAML refuses (control characters) or reads as a line break where an editor shows
# none (NEL, LINE/PARAGRAPH SEPARATOR): Word's manual line break U+000B is the usual one.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


# Content files are small and flat: a deeper or larger tree is a mistake or an attack
# (billion laughs: a few lines of nested aliases that expand to 10^9 values).
MAX_DEPTH = 32
MAX_VALUES = 100_000
MAX_TASK_LEVELS = 3


def read_yaml(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError([Problem("E114", f"找不到文件 {path}", path)]) from None
    except IsADirectoryError:
        raise PipelineError([Problem("E115", f"{path.name} 应为文件，这里却是文件夹", path)]) from None
    except OSError as e:  # a symlink loop, no permission, an I/O error
        why = {40: "符号链接循环指向自身", 13: "没有读取权限"}.get(e.errno, e.strerror)
        raise PipelineError([Problem("E114", f"无法读取 {path.name}：{why}", path)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        hint = ("；看起来是 UTF-16 编码" if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
                else "；看起来是 GBK 编码" if _is_gbk(raw) else "")
        raise PipelineError([Problem("E100", f"第 {e.start + 1} 字节无法按 UTF-8 解码{hint}，"
                                             "请在编辑器中“另存为” UTF-8", path, line)]) from None
    invisible = list(INVISIBLE.finditer(text))
    if invisible:  # each one, with its column: it cannot be seen
        problems = []
        for m in invisible:
            before = text[: m.start()]
            line = len(LINE_BREAK.findall(before)) + 1
            column = m.start() - max(before.rfind("\n"), before.rfind("\r"))
            problems.append(Problem("E101", f"含有不可见的控制字符 U+{ord(m.group()):04X}（多为从 Word 或网页粘贴带入），"
                                            "请删除该处后重新输入前后的文字", path, line, column))
        raise PipelineError(problems)
    try:
        root = round_trip_yaml().load(text)
    except MarkedYAMLError as e:
        message, mark = _yaml_message(e, text)
        raise PipelineError([Problem("E101", message, path, mark.line + 1 if mark else None)]) from None
    except RecursionError:
        raise PipelineError([Problem("E121", f"层级过深：内容文件最多嵌套 {MAX_DEPTH} 层", path,
                                     _deepest_line(text))]) from None
    except (ValueError, TypeError, OverflowError):  # 2024-02-30, !!int abc, an hour of 25
        raise PipelineError([_unreadable_value(text, path)]) from None
    root = root if root is not None else CommentedMap()
    _check_size(root, text, path)
    return Source(path, root)


def _check_size(root, text: str, path: Path):
    """Refuse a tree deeper than MAX_DEPTH or, with its aliases expanded, larger than MAX_VALUES.
    Aliases share one object, so each is measured once (memo) and counted at every use."""
    memo = {}

    def size(node, depth):
        if depth > MAX_DEPTH:
            raise PipelineError([Problem("E121", f"层级过深：内容文件最多嵌套 {MAX_DEPTH} 层", path,
                                         _deepest_line(text))])
        if not isinstance(node, (dict, list)):
            return 1
        if id(node) not in memo:
            children = node.values() if isinstance(node, dict) else node
            memo[id(node)] = 1 + sum(size(child, depth + 1) for child in children)
        return memo[id(node)]

    if size(root, 0) > MAX_VALUES:
        alias = re.search(r"(?m)^[^#\n]*?[\s\[,:-]\*[^\s,\]}]+", text)
        line = text[: alias.start()].count("\n") + 1 if alias else None
        raise PipelineError([Problem("E121", f"别名（* 引用）展开后超过 {MAX_VALUES} 个值；"
                                             "内容文件不需要这样的写法，请直接写出内容", path, line)])


def _deepest_line(text: str) -> int | None:
    """The first line of greatest indentation or bracket depth: where nesting went too far."""
    best, best_line = -1, None
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        for ch in line:
            depth += (ch in "[{") - (ch in "]}")
        if indent + depth * 2 > best:
            best, best_line = indent + depth * 2, number
    return best_line


# What a tag says a scalar is, in the writer's words, and how to check one.
_SCALAR_CHECKS = {
    "timestamp": ("日期", lambda v: _as_datetime(v)),
    "int": ("整数", lambda v: int(v.replace("_", ""), 0)),
    "float": ("数字", lambda v: float(v.replace("_", ""))),
    "bool": ("是或否", lambda v: {"true": 1, "false": 1, "yes": 1, "no": 1, "on": 1, "off": 1}[v.lower()]),
}


def _as_datetime(value: str):
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2}))?.*)?", value.strip())
    parts = [int(x) for x in m.groups() if x is not None]
    return dt.datetime(*parts)


def _unreadable_value(text: str, path: Path) -> Problem:
    """The first scalar whose tag promises a value it does not hold (2024-02-30, !!int abc,
    2024-01-15 25:00), with its line."""
    stack = [round_trip_yaml().compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            kind = str(node.tag).rsplit(":", 1)[-1]
            if kind in _SCALAR_CHECKS:
                what, check = _SCALAR_CHECKS[kind]
                try:
                    check(node.value)
                except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
                    line = node.start_mark.line + 1
                    if kind == "timestamp":
                        return Problem("E111", f"日期 {node.value} 不存在，请核对年、月、日（时间应在 00:00–23:59）",
                                       path, line)
                    return Problem("E104", f"「{node.value}」不是{what}；若是文字，请删除前面的 !! 标记", path, line)
        elif node is not None:
            stack += reversed([x for item in node.value for x in (item if isinstance(item, tuple) else (item,))])
    return Problem("E101", "文件中有无法读取的值，请检查带 !! 标记或形如日期的值", path)


# ruamel.yaml's messages, in the writer's words: (pattern of problem and context, message,
# whether the context's place is the one to show, as for a quote left open)
YAML_MESSAGES = [
    (r"end of stream.*quoted scalar", "引号没有闭合：从这一行开始的引号缺少对应的结束引号", True),
    (r"duplicate key \"(?P<key>[^\"]*)\"", "键「{key}」重复出现", False),
    (r"character '\\t'", "不能用 Tab 键缩进，请改用空格", False),
    (r"found character '(?P<char>[^']+)' that cannot start", "值不能以「{char}」开头，请给整个值加上引号", False),
    (r"mapping values are not allowed", "此处不能出现「: 」：检查缩进，或给含有冒号的值加上引号", False),
    (r"could not find expected ':'", "缺少「:」，或上一行的引号没有闭合", False),
    (r"expected ',' or '\]'", "方括号 [ ] 没有闭合，或其中的值含有冒号（请加引号）", True),
    (r"expected ',' or '\}'", "花括号 { } 没有闭合，或其中的值含有冒号（请加引号）", True),
    (r"expected <block end>", "缩进不一致：这一行与上面同级的行没有对齐", False),
    (r"found undefined alias|found unhashable key", "不支持的写法：值以 * 或 & 开头时请加引号", False),
    (r"unknown escape character '(?P<char>[^']*)'", "双引号中的「\\{char}」不是有效的转义：反斜杠要写成「\\\\」，"
                                                    "或把这个值改用单引号", False),
    (r"found another document", "文件中出现了第二个文档（「---」或「...」单独成行）：请删除这一行", False),
]


def _yaml_message(e: MarkedYAMLError, text: str):
    said = f"{e.problem or ''} {e.context or ''}"
    mark = e.problem_mark
    if "'\\t'" in said and mark and text.splitlines()[mark.line][: mark.column].strip():
        return "值中含有 Tab 字符：请改为空格（中文之间不留空格），或给整个值加上引号", mark
    for pattern, message, at_context in YAML_MESSAGES:
        m = re.search(pattern, said)
        if m:
            for key, value in m.groupdict().items():
                message = message.replace(f"{{{key}}}", value)
            return message, (e.context_mark if at_context else None) or e.problem_mark
    return f"无法解析（{said.strip()}）", e.problem_mark or e.context_mark


def _is_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gbk")
        return True
    except UnicodeDecodeError:
        return False


def validate(source: Source, model: type[BaseModel]):
    """The file's data as `model`, or the problems pydantic found, each with its line."""
    data = plain(source.root)
    if not isinstance(data, dict):
        return None, [source.problem("E104", "文件内容应为映射（键: 值）")]
    try:
        return model.model_validate(data), []
    except ValidationError as e:
        problems = {}
        for err in e.errors():
            # pydantic adds the branch of a union to loc ('float', 'int' of `float | int`):
            # one problem a place, the first branch's
            loc = _data_loc(data, err["loc"], keep_last=err["type"] == "missing")
            problems.setdefault(loc, _problem(source, err, loc, _field_name(data, loc)))
        return None, list(problems.values())


def _field_name(data, loc: tuple) -> str:
    """tasks[T02].subtasks[T02a].deadline: list items by their ID, else 第N项 (counting from 1)."""
    out, node = "", data
    for key in loc:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            ref = next((item[k] for k in ("id", "goal", "task") if isinstance(item, dict)
                        and isinstance(item.get(k), str)), None)
            out += f"[{ref}]" if ref else f"[第{key + 1}项]"
        else:
            out += f".{key}" if out else str(key)
            item = node.get(key) if isinstance(node, dict) else None
        node = item
    return out


def _problem(source: Source, err: dict, loc: tuple, field: str) -> Problem:
    kind, ctx = err["type"], err.get("ctx") or {}
    if loc and loc[-1] in migrate.OLD_DOCUMENT_FIELDS and kind in ("extra_forbidden", "list_type"):
        return source.problem("E130", migrate.OLD_DOCUMENT_FIELDS[loc[-1]], loc)
    if len(loc) == 1 and loc[0] in migrate.MOVED and kind == "extra_forbidden":  # year:, documents:, opening:
        return source.problem("E130", migrate.MOVED[loc[0]], loc)
    if kind == "missing":
        parent = field.rpartition(".")[0]
        return source.problem("E103", f"缺少字段「{loc[-1]}」" + (f"（位于 {parent}）" if parent else ""), loc[:-1])
    if kind == "extra_forbidden":
        if re.search(r"[\u4e00-\u9fff]", str(loc[-1])):  # {text: 举办培训班,好, day: 9}: the comma split the text
            return source.problem("E102", f"「{loc[-1]}」被当成了字段名：花括号 {{ }} 中文字里的半角逗号「,」"
                                          "会把文字分开，请改为全角「，」或给这段文字加上引号", loc)
        return source.problem("E102", f"未知字段「{loc[-1]}」，请检查拼写；允许的字段见 README", loc)
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return source.problem("E105", f"{field} 的值应为{'、'.join(f'「{o}」' for o in options)}之一", loc)
    if kind in ("greater_than_equal", "less_than_equal") and loc and loc[-1] == "month":
        return source.problem("E108", f"{field} 应为 1 到 12 之间的整数", loc)
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = f"不小于 {ctx['ge']}" if "ge" in ctx else f"不大于 {ctx['le']}"
        return source.problem("E105", f"{field} 超出允许范围：应{bound}", loc)
    if kind == "string_pattern_mismatch":
        return source.problem("E105", f"{field} 应为以字母开头、由字母数字和 - _ 组成的编号", loc)
    if kind == "too_short":
        return source.problem("E103", f"{field} 不能为空", loc)
    if kind == "value_error":
        return _value_problem(source, loc, field, str(ctx.get("error", "")))
    expected = TYPE_NAMES.get(kind.split("_")[0], f"正确的类型（{err['msg']}）")
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return source.problem("E111", f"{field} 应为日期，写作 2024-01-15", loc)
    given = err.get("input")
    if kind.startswith(("float", "int")) and isinstance(given, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", given):
        expected += f"，不要加引号（写了「\"{given}\"」，这样是文字）"  # year: "2024"
    elif kind.startswith(("float", "int")) and re.search(r"\d", str(given or "")):
        expected += f"，只写数值，不带 % 或单位（写了「{given}」）"  # actual: 92.6%
    return source.problem("E104", f"{field} 应为{expected}", loc)


# A model's ValueError → (code, message); {field} is where it stands, {where} the same or 此处.
VALUE_PROBLEMS = {
    "target": ("E110", "{field} 应写作「指标 比较符 数值单位」，如「门诊患者满意度 ≥ 90%」；比较符可用 ≥ ≤ = > <"),
    "title-control": ("E105", "{field} 含有看不见的方向控制或格式字符（如 U+202E），"
                              "它们会改变文件名的显示顺序：请删除后重新输入标题"),
    "title-length": ("E105", "{field} 太长：标题也用作文件名，最多约 66 个汉字；"
                             "请精简标题（可把单位名称以外的修饰语移入正文）"),
    "title": ("E105", "{field} 不能为空，也不能含有 / \\ : * ? \" < > | 等文件名中不允许的字符（标题也用作文件名）"),
    "blank": ("E103", "{field} 不能为空"),
    "phase-span": ("E105", "{where}：阶段的 start 和 end 应同时填写（或都不填，用 months 写相对时间，如 1-3）"),
    "phase-both": ("E105", "{where}：阶段的时间写 start/end（年-月）或 months（第几个月，如 1-3）其中一种即可"),
    "month-one": ("E105", "{where}：每项月度安排写 month（一个月，如 3）或 months（几个月合写，如 [7, 8]）其中之一"),
    "rule-one": ("E105", "{where}：每条考核规则在 reward（奖励）和 penalty（处罚）中写且只写一项"),
    "result-heading": ("E103", "{where}：不对应计划任务的结果要有 heading（标题）；对应任务的请写 task（任务编号）"),
    "section-heading": ("E103", "{where}：自由的节要有 heading（标题）；或写 body 指定内容类型，如 body: tasks"),
    "goal-empty": ("E103", "{where}：目标要写 text（内容）或 target（指标），或两者都写"),
    "month": ("E108", "{field} 的月份应在 1 到 12 之间"),
    "yearmonth": ("E111", "{field} 应写作年-月，如 2024-03"),
}


def _value_problem(source, loc, field, error):
    code, message = VALUE_PROBLEMS.get(error, ("E111", "{field} 应为日期 2024-06-30、年月 2024-06，或「全年」「长期」"))
    return source.problem(code, message.format(field=field, where=field or "此处"), loc)


def _data_loc(data, loc: tuple, keep_last: bool) -> tuple:
    """pydantic's loc as a path in the data: it adds the branch of a union ('float', 'int' of
    `float | int`, 'list[str]'), which is no key of the data and is dropped. A key is a field
    only where the data has it, so a writer's unknown key named `str` or `int` is kept."""
    out, node = [], data
    for i, key in enumerate(loc):
        if isinstance(node, list) and isinstance(key, int) and key < len(node):
            out.append(key)
            node = node[key]
        elif isinstance(node, dict) and str(key) in node:
            out.append(str(key))
            node = node[str(key)]
        elif keep_last and i == len(loc) - 1:
            out.append(key)  # the missing field's own name
    return tuple(out)


# ---------------------------------------------------------------- the content folder
YEAR_FOLDER = re.compile(r"[0-9]{4}")  # ASCII digits only: not ² or ２０２５


def document_files(folder: Path) -> list[Path]:
    """A year's documents: every <id>.yaml in its folder (hidden files and backups left out)."""
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith(".")) if folder.is_dir() else []


def years(content_dir: Path) -> list[int]:
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise PipelineError([Problem("E114", f"内容目录 {content_dir} 不存在", content_dir)])
    return sorted(int(p.name) for p in content_dir.iterdir()
                  if YEAR_FOLDER.fullmatch(p.name) and p.is_dir() and document_files(p))


def load(content_dir: Path, year: int) -> Content:
    """The shared files and every document of the year, validated and cross-checked."""
    content_dir = Path(content_dir)
    folder = content_dir / str(year)
    files = document_files(folder)
    if not files:
        have = "、".join(map(str, years(content_dir))) if content_dir.is_dir() else ""
        raise PipelineError([Problem("E112", f"没有 {year} 年的内容（{folder} 中没有文档文件 *.yaml）；"
                                     f"已有年度：{have or '无'}", content_dir)])
    problems: list[Problem] = []
    parsed = {}
    shared = [("org", content_dir / ORG_FILE, Organisation), ("library", content_dir / LIBRARY_FILE, Library)]
    for key, path, model in shared + [(p.stem, p, DocumentContent) for p in files]:
        try:
            source = read_yaml(path)
        except PipelineError as e:
            problems += e.problems
            continue
        if model is DocumentContent:
            moved = migrate.old_format(source)
            if moved:
                problems += moved
                continue
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", path.stem):
                problems.append(Problem("E105", f"文档文件名「{path.name}」也是文档的编号：应以字母开头，"
                                                "由字母、数字和 - _ 组成，如 wenming-plan.yaml", path))
                continue
        value, found = validate(source, model)
        problems += found
        parsed[key] = (value, source)
    if problems:
        raise PipelineError(problems)
    sources = {k: s for k, (_, s) in parsed.items()}
    org, library = parsed.pop("org")[0], parsed.pop("library")[0]
    content = Content(org, library, year, {k: v for k, (v, _) in parsed.items()}, sources)
    problems = cross_check(content)
    if problems:
        raise PipelineError(problems)
    return content


def cross_check(content: Content) -> list[Problem]:
    """What a schema alone cannot see: IDs, references, date order, levels."""
    org, lib = content.org, content.library
    src_org, src_lib = content.sources["org"], content.sources["library"]
    problems = []

    def unique(items, source, loc_prefix, what):
        seen = {}
        for i, item in enumerate(items):
            loc = loc_prefix(i)
            if item.id in seen:
                problems.append(source.problem(
                    "E106", f"{what}编号「{item.id}」重复（第 {source.line(seen[item.id])} 行已使用）",
                    loc + ("id",)))
            else:
                seen[item.id] = loc + ("id",)
        return set(seen)

    group_ids = unique(org.leadership_groups, src_org, lambda i: ("leadership_groups", i), "领导小组")
    pools = {"safeguards": unique(lib.safeguards, src_lib, lambda i: ("safeguards", i), "保障措施"),
             "principles": unique(lib.principles, src_lib, lambda i: ("principles", i), "基本原则")}
    departments = set(org.departments)
    for i, group in enumerate(org.leadership_groups):
        if group.office and group.office.located_in not in departments:
            problems.append(src_org.problem(
                "E107", f"部门「{group.office.located_in}」不在 departments 中",
                ("leadership_groups", i, "office", "located_in")))
    titles = {}
    for doc_id, doc in content.documents.items():
        src = content.sources[doc_id]
        problems += _check_document(content, doc_id, doc, src, group_ids, pools, departments)
        stem = file_stem(doc.title)
        if stem in titles:
            problems.append(src.problem("E106", f"标题与 {titles[stem]}.yaml 相同，生成的文件会互相覆盖", ("title",)))
        titles.setdefault(stem, doc_id)
    return problems


MAX_LEVELS = 4  # headings 一、（一）1.（1）


def _check_document(content, doc_id, doc, src, group_ids, pools, departments) -> list[Problem]:
    problems = []
    year = content.year

    def known(ref, pool, loc, what, hint):
        if ref not in pool:
            options = "、".join(sorted(pool)) or "无"
            problems.append(src.problem("E107", f"{what}「{ref}」不存在；{hint}：{options}", loc))

    if doc.based_on is not None:
        others = set(content.documents) - {doc_id}
        known(doc.based_on, others, ("based_on",), "文档", f"{year} 年已有文档")
        base = content.documents.get(doc.based_on)
        if base is not None and base.based_on == doc_id:
            problems.append(src.problem("E107", f"{doc_id} 与 {doc.based_on} 互相以对方为 based_on", ("based_on",)))
    view = content.document(doc_id) if doc.based_on in content.documents else doc

    def unique(items, key, what):
        seen = {}
        for item, loc in items:
            value = getattr(item, key)
            if value in seen:
                problems.append(src.problem("E106", f"{what}「{value}」重复（第 {src.line(seen[value])} 行已有）",
                                            loc + (key,)))
            seen.setdefault(value, loc + (key,))
        return set(seen)

    unique([(g, ("goals", i)) for i, g in enumerate(doc.goals)], "id", "目标编号")
    task_locs = list(walk_tasks(doc.tasks))
    unique(task_locs, "id", "任务编号")
    unique([(p, ("phases", i)) for i, p in enumerate(doc.phases)], "id", "阶段编号")
    for task, loc in task_locs:  # 任务 → 子任务 → 下一级子任务: the headings 一、（一）1.（1） go no deeper
        if len(loc) > 2 * MAX_TASK_LEVELS:
            problems.append(src.problem("E121", f"任务「{task.id}」的子任务层级过深：任务最多分 {MAX_TASK_LEVELS} 层"
                                                "（任务、子任务、下一级子任务），更细的内容请写入正文", loc + ("id",)))
            break
    departments = departments | set(doc.departments)
    if isinstance(doc.leadership, str):
        known(doc.leadership, group_ids, ("leadership",), "领导小组", f"{ORG_FILE} 中已有")
    for kind in ("safeguards", "principles"):
        for i, ref in enumerate(getattr(doc, kind)):
            known(ref, pools[kind], (kind, i), {"safeguards": "保障措施", "principles": "基本原则"}[kind],
                  f"{LIBRARY_FILE} 中已有")
    all_goals = {g.id for g in view.goals}
    for task, loc in task_locs:
        for j, owner in enumerate(task.owners):
            known(owner, departments, loc + ("owners", j), "责任部门", f"{ORG_FILE} 的 departments 中有")
        for j, ref in enumerate(task.goals):
            known(ref, all_goals, loc + ("goals", j), "目标", "已有目标")
    for i, duty in enumerate(doc.duties):
        known(duty.department, departments, ("duties", i, "department"), "部门", f"{ORG_FILE} 的 departments 中有")
    for i, phase in enumerate(doc.phases):
        if phase.start and phase.end < phase.start:
            problems.append(src.problem("E109", f"阶段「{phase.name}」结束于 {phase.end}，早于开始 {phase.start}",
                                        ("phases", i, "end")))
        m = RELATIVE_SPAN.fullmatch(str(phase.months or ""))
        if m and m[2] and int(m[2]) < int(m[1]):
            problems.append(src.problem("E109", f"阶段「{phase.name}」的 months 为 {phase.months}：结束月应不早于开始月",
                                        ("phases", i, "months")))
    if doc.event and doc.event.start and doc.event.end and doc.event.end < doc.event.start:
        problems.append(src.problem("E109", f"活动结束于 {doc.event.end}，早于开始 {doc.event.start}", ("event", "end")))
    for i, month in enumerate(doc.activities):
        for j, item in enumerate(month.items):
            loc = ("activities", i, "items", j)
            if item.month is not None and item.month not in month.month_list:
                problems.append(src.problem("E108", f"month 为 {item.month}，不在这一行的月份"
                                                    f"（{'、'.join(map(str, month.month_list))}）中", loc + ("month",)))
            elif item.day is not None and item.month is None and len(month.month_list) > 1:
                problems.append(src.problem("E103", "几个月合写的一行中，带日期的活动要写 month（哪一个月）", loc))
            for m in ([item.month] if item.month else month.month_list[:1]):
                problems += _check_days(src, year, m, [item], ("activities", i, "items"), j)
    for section, loc, level in walk_sections(doc.sections or []):
        if level > MAX_LEVELS:
            problems.append(src.problem("E121", "节的层级过深：标题最多四级（一、（一）1.（1））", loc))
            break
        if section.group is not None:
            known(section.group, group_ids, loc + ("group",), "领导小组", f"{ORG_FILE} 中已有")
    if doc.based_on is None or doc.based_on in content.documents:  # else only based_on is reported
        problems += _check_results(doc, view, src)
    return problems


RELATIVE_SPAN = re.compile(r"(\d+)(?:-(\d+))?")


def _check_days(src, year, month, items, loc, first: int = 0) -> list[Problem]:
    problems = []
    days = calendar.monthrange(year, month)[1]
    for j, item in enumerate(items, start=first):
        where = loc + (j,)
        if item.last_day is not None and item.day is None:
            problems.append(src.problem("E103", "写了 last_day（结束日）但没有 day（开始日）", where))
        for key in ("day", "last_day"):
            if (getattr(item, key) or 0) > days:
                problems.append(src.problem("E111", f"{year}年{month}月只有{days}天，"
                                                    f"{key} 不能是 {getattr(item, key)}", where + (key,)))
        if item.day and item.last_day and item.last_day <= item.day:
            problems.append(src.problem("E109", f"结束日 {item.last_day} 应晚于开始日 {item.day}", where + ("last_day",)))
        problems += _check_days(src, year, month, item.items, where + ("items",))
    return problems


def _check_results(doc, view, src) -> list[Problem]:
    """Results name the goals and tasks of the plan they report on, each once."""
    problems = []
    if doc.kind != "summary" and (doc.results or doc.goal_results):
        key = "results" if doc.results else "goal_results"
        problems.append(src.problem("E131", f"{key} 只用于总结（kind: summary）", (key,)))
    top_tasks = {t.id for t in view.tasks}
    subtasks = {t.id for t, loc in walk_tasks(view.tasks) if len(loc) > 2}
    seen = set()
    for result, loc in walk_results(doc.results):
        if result.task is None:
            continue
        if result.task in subtasks:
            problems.append(src.problem("E107", f"「{result.task}」是子任务：结果按顶层任务填写，"
                                                "子任务的进展请写入上级任务的 narrative", loc + ("task",)))
        elif result.task not in top_tasks:
            where = f"{doc.based_on}.yaml" if doc.based_on else "本文档（没有 based_on 指向计划）"
            problems.append(src.problem("E107", f"任务「{result.task}」不在 {where} 中；"
                                                f"已有：{'、'.join(sorted(top_tasks)) or '无'}", loc + ("task",)))
        elif result.task in seen:
            problems.append(src.problem("E106", f"任务「{result.task}」的结果重复填写", loc + ("task",)))
        seen.add(result.task)
    goals = {g.id for g in view.goals}
    seen = set()
    for i, result in enumerate(doc.goal_results):
        if result.goal not in goals:
            problems.append(src.problem("E107", f"目标「{result.goal}」不在所依据的计划中；"
                                                f"已有：{'、'.join(sorted(goals)) or '无'}", ("goal_results", i, "goal")))
        elif result.goal in seen:
            problems.append(src.problem("E106", f"目标「{result.goal}」的结果重复填写", ("goal_results", i, "goal")))
        seen.add(result.goal)
    return problems


def missing_results(content: Content, doc_id: str) -> list[Problem]:
    """A warning naming the plan's goals and top-level tasks that a summary reporting on it
    leaves without a result (yet)."""
    doc = content.documents[doc_id]
    base = content.base(doc_id)
    if doc.kind != "summary" or base is None:
        return []
    reported_goals = {r.goal for r in doc.goal_results}
    reported_tasks = {r.task for r, _ in walk_results(doc.results) if r.task}
    goals = [g.id for g in base.goals if g.id not in reported_goals]
    tasks = [t.id for t in base.tasks if t.id not in reported_tasks]
    if not goals and not tasks:
        return []
    parts = ([f"目标 {'、'.join(goals)}"] if goals else []) + ([f"任务 {'、'.join(tasks)}"] if tasks else [])
    return [Problem("W301", f"{'；'.join(parts)} 没有结果，总结中显示为“未报告”", content.sources[doc_id].path)]


__all__ = ["load", "years", "read_yaml", "validate", "Source", "walk_tasks", "document_files"]
