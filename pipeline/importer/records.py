"""Records from prose: the document's title, kind, year, period, 落款 and 成文日期, and the
records its sections hold (goals with targets, tasks with owners and deadlines, phases, the
roster, monthly activities, duties, rules, results), each kept in the document's own words.
What is not recognised stays free text under its own heading. Every guess carries its evidence.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..content.model import KINDS
from .structure import CN, Node, walk, chinese_int as _chinese_int

UNIT_END = r"(医院|卫生院|中心|局|委员会|委|办公室|公司|学校|学院|大学|站|所|社区|工会|团委|党委|支部|总支|协会|院|部|科|室|处)"
DATE = re.compile(r"^((?:19|20)\d\d|[〇○零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
                  r"(\d{1,2}|[一二三四五六七八九十]{1,3})日$")


@dataclass
class Guess:
    what: str  # 类型, 年度 …
    value: str
    evidence: str


@dataclass
class Imported:
    """One document as content (a dict in the model's shape) and what the import did."""

    data: dict
    placed: list[tuple[str, str]] = field(default_factory=list)  # (heading, where it went)
    guesses: list[Guess] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    departments: set[str] = field(default_factory=set)


def chinese_int(text: str) -> int:
    value = _chinese_int(text)
    if value is None:
        raise ValueError(text)
    return value


def parse_date(text: str) -> dt.date | None:
    m = DATE.match(text.strip())
    if not m:
        return None
    year = m[1] if m[1].isdigit() else "".join(str("〇一二三四五六七八九".index(c)) if c in "〇一二三四五六七八九"
                                                  else "0" for c in m[1].replace("○", "〇").replace("零", "〇"))
    try:
        return dt.date(int(year), chinese_int(m[2]), chinese_int(m[3]))
    except ValueError:
        return None


# ---------------------------------------------------------------- the document's frame
def frame(root: Node, result: Imported, year: int | None, kind: str | None):
    """Title, addressee, preamble, 落款 and 成文日期 from the tree's top and bottom."""
    head = root.paragraphs
    title_lines = []
    while head and len(title_lines) < 3 and _title_like(head[0]) and not head[0].endswith("："):
        title_lines.append(head.pop(0))
        if re.search(r"(方案|计划|总结|要点|安排|意见|办法|报告)$", title_lines[-1]):
            break
    title = "".join(title_lines) or "（无标题）"
    data = result.data
    if head and re.fullmatch(r".{2,30}[：:]", head[0]):
        data["addressee"] = head.pop(0).rstrip("：:")
    # the 落款 and 成文日期: the last node's last paragraphs (or the root's, with no heading)
    holder = _last_holder(root)
    tail = holder.paragraphs if not holder.items else [t for _, t in holder.items]
    date = None
    signature = None
    for i in range(len(tail) - 1, max(-1, len(tail) - 4), -1):
        if parse_date(tail[i]):
            date = parse_date(tail[i])
            if i > 0 and re.fullmatch(rf".{{2,30}}{UNIT_END}", tail[i - 1]):
                signature = tail[i - 1]
                cut = i - 1
            else:
                cut = i
            trailing = tail[i + 1:]
            if holder.items:
                holder.items[:] = holder.items[:cut]
            else:
                del holder.paragraphs[cut:]
            if trailing:
                result.review.append(f"落款之后的内容未导入（多为附件）：「{trailing[0][:20]}」等 {len(trailing)} 段")
            _attachment_note(holder, result)
            break
    closing = _closing(root)
    if closing:
        data["closing"] = closing
    data["kind"], evidence = _kind(title, root, kind)
    result.guesses.append(Guess("类型", f"{data['kind']}（{KINDS[data['kind']]}）", evidence))
    data["title"] = title
    if title == "（无标题）":
        result.review.append("没有找到标题，请填写 title")
    found_year, why = _year(title, date, root, year)
    result.guesses.append(Guess("年度", str(found_year), why))
    if date is None:
        date = dt.date(found_year, 1, 1)
        result.review.append(f"没有找到成文日期，暂填 {date}，请核改 date")
        result.guesses.append(Guess("成文日期", str(date), "文中没有成文日期：暂填该年1月1日"))
    data["date"] = date
    period = re.search(r"(上半年|下半年|第[一二三四]季度)", title)
    if period:
        data["period"] = period[1]
        result.guesses.append(Guess("时段", period[1], f"标题中的「{period[1]}」"))
    unit = signature or _unit_in_title(title)
    if signature:
        data["signature"] = signature
    preamble = [p for p in head]
    if preamble:
        data["preamble"] = "\n\n".join(preamble)
        basis = re.findall(r"《([^》]{4,60})》", "".join(preamble[:1]))
        if basis:
            data["basis"] = list(dict.fromkeys(basis))
    head.clear()
    return found_year, unit


def _attachment_note(holder: Node, result: Imported):
    """附件：1. 任务分解表 before the 落款: the build writes the note and its table itself."""
    texts = holder.paragraphs if not holder.items else None
    while True:
        last = (texts[-1] if texts else None) if texts is not None else (holder.items[-1][1] if holder.items else None)
        if not last or not re.match(r"^(附件[:：]|\d+[.．]\s*[^。，；：\s]{2,20}$)", last):
            return
        if "任务分解表" in last:
            result.data["_task_table"] = True
        else:
            result.review.append(f"附件说明「{last[:30]}」未导入：附件请另行导入或写入 attachments")
        if texts is not None:
            texts.pop()
        else:
            holder.items.pop()


CLOSING = re.compile(r"(本(计划|方案|总结|意见)|全院上下|全院职工|各科室要|各部门要|各单位要|各相关科室|各(专门)?委员会)")


def _closing(root: Node) -> str | None:
    """The closing paragraph: the document's last paragraph, after the last section's own
    content, speaking to everyone ("各科室要……", "本方案……")."""
    if not root.children:
        return None
    node = _last_holder(root)
    texts = node.paragraphs if not node.items else None
    if texts and len(texts) >= 2 and len(texts[-1]) >= 40 and CLOSING.search(texts[-1][:30]):
        return texts.pop()
    if node.items and node.items[-1][0] == "para" and len(node.items) >= 2 and CLOSING.search(node.items[-1][1][:30]):
        return node.items.pop()[1]
    return None


def _title_like(text: str) -> bool:
    return len(text) <= 40 and not re.search(r"[。，；！？]", text)


def _last_holder(root: Node) -> Node:
    node = root
    while node.children:
        node = node.children[-1]
    return node


def _kind(title: str, root: Node, given: str | None) -> tuple[str, str]:
    if given:
        return given, "由 --kind 指定"
    body = "".join(root.paragraphs[:3])
    if re.search(r"(总结|汇报|述职)", title):
        return "summary", f"标题中有「{re.search(r'(总结|汇报|述职)', title)[1]}」"
    if re.search(r"现将.{0,20}(总结|汇报|报告)如下", body):
        return "summary", "开头写有“现将…总结如下”"
    if "方案" in title:
        return "scheme", "标题中有「方案」"
    if re.search(r"(计划|要点|安排)", title):
        return "plan", f"标题中有「{re.search(r'(计划|要点|安排)', title)[1]}」"
    return "plan", "标题中没有“方案”“计划”“总结”：按计划导入，请核对 kind"


def _year(title: str, date, root: Node, given: int | None) -> tuple[int, str]:
    if given:
        return given, "由 --year 指定"
    m = re.search(r"((?:19|20)\d\d)(?:[—–\-至]\d{4})?年", title)
    if m:
        return int(m[1]), f"标题中的「{m[0]}」"
    if date:
        year = date.year + (1 if date.month >= 10 else 0)  # a plan is written before its year
        return year, f"成文日期 {date}" + ("（年末成文，按下一年度）" if date.month >= 10 else "")
    years = re.findall(r"((?:19|20)\d\d)年", "".join(p for n, _ in walk(root) for p in n.paragraphs))
    if years:
        most = max(set(years), key=years.count)
        return int(most), f"正文中最常出现的年份 {most}年"
    return dt.date.today().year, "文中没有年份：按今年"


def _unit_in_title(title: str) -> str | None:
    m = re.match(rf"(.{{2,20}}?{UNIT_END})", title)
    return m[1] if m else None


# ---------------------------------------------------------------- sections
TYPED = [  # (body, pattern of the heading)
    ("guiding", r"指导思想|总体要求"),
    ("roster", r"组织(机构|领导|架构|保障)?$|领导小组|组织机构"),
    ("goals", r"目标(?!任务)|竞赛范围"),
    ("phases", r"步骤|阶段|进度安排|时间安排|实施安排"),
    ("monthly", r"月度|活动安排|工作安排"),
    ("duties", r"职责|分工"),
    ("assessment", r"考核|奖惩|评比|评价"),
    ("theme", r"活动主题|^主题$"),
    ("time", r"活动时间|^时间$"),
    ("place", r"活动地点|^地点$"),
    ("participants", r"参加人员|参与人员|参加对象|活动对象|参与对象"),
    ("outcomes", r"预期(成果|效果)|活动成效"),
    ("problems", r"问题|不足"),
    ("next_steps", r"下一步|打算|下半年.*(计划|安排)|明年.*(计划|思路)"),
    ("results", r"主要(做法|工作|成效)|工作成效|做法(和|与|及)成效|取得.*成(效|绩)|工作开展情况|完成情况"),
    ("tasks", r"任务|内容|(?<!保障)措施|举措|重点工作|工作重点"),
]
MONTH = re.compile(rf"^((?:[{CN}]{{1,3}}|\d{{1,2}})月(?:[、—\-至～~](?:[{CN}]{{1,3}}|\d{{1,2}})月)*)(份)?$")


def sections(root: Node, result: Imported, kind: str) -> list[dict]:
    """The document's outline. In a 总结 whose own 一、 sections are its results ("满意工程，重在落实"),
    those sections become results, in one section without a heading of its own (flat)."""
    out = []
    run: list[Node] = []
    # a plan or scheme made of thematic sections (一、加强…；二、深化…) without a task section:
    # those sections are its tasks
    has_tasks = any(re.search(dict(TYPED)["tasks"], n.heading) for n in root.children)
    for node in root.children + [None]:
        if kind == "summary":
            is_item = node is not None and node.kind in ("cn", "styled", "") and \
                not any(re.search(p, node.heading) for b, p in TYPED if b in ("problems", "next_steps", "results"))
        else:
            is_item = node is not None and not has_tasks and node.kind in ("cn", "styled", "") and \
                not any(re.search(p, node.heading) for _, p in TYPED) and max(_depth(node)) <= 3
        record = "results" if kind == "summary" else "tasks"
        if is_item and record not in result.data:
            run.append(node)
            continue
        if len(run) >= 2 and record == "results":
            result.data["results"] = [result_of(n) for n in run]
            out.append({"body": "results", "flat": True})
            result.placed += [(n.heading, "成效 results（总结的一级标题）") for n in run]
        elif len(run) >= 2:
            result.data["tasks"] = [task_of(n, f"T{i:02d}", result) for i, n in enumerate(run, 1)]
            entry = {"body": "tasks", "flat": True}
            markers = _markers(run)
            out.append(dict(entry, markers=markers) if markers else entry)
            result.placed += [(n.heading, "任务 tasks（一级标题）") for n in run]
        else:
            out += [section(n, result, kind) for n in run]
        run = []
        if node is not None:
            out.append(section(node, result, kind))
    return out


def section(node: Node, result: Imported, kind: str, level: int = 1) -> dict:
    body = next((b for b, pattern in TYPED if re.search(pattern, node.heading)), None)
    if body in ("problems", "next_steps", "results") and kind != "summary":
        body = "tasks" if body == "results" else None
    if body and level == 1:
        made = TYPED_READERS[body](node, result)
        records = {k for k in (made or {}) if k not in ("lead", "markers", "text", "form")}
        if made is not None and not (records & set(result.data)) or body in ("theme", "time", "place", "participants") and made:
            entry = {"heading": node.heading, "body": body}
            entry.update({k: v for k, v in made.items() if k in ("lead", "markers", "text", "form")})
            if body == "time" and "text" in made:
                entry.pop("body")  # a free section in the writer's words; event.start/end hold the days
            result.data.update({k: v for k, v in made.items() if k not in ("lead", "markers", "text", "form")})
            result.placed.append((node.heading, TYPED_NAMES[body]))
            return entry
    result.placed.append((node.heading, "自由文字"))
    return free(node, level)


def free(node: Node, level: int) -> dict:
    entry: dict = {"heading": node.heading}
    if node.children and all(c.kind in ("num", "pnum") and c.run_in and not c.children and len(c.paragraphs) == 1
                             for c in node.children):
        # "1.坚持预防为主。正文" items of a section that has no （一） level: kept as they read
        node.items += [("item", f"{c.number}.{c.heading}。{c.paragraphs[0]}") for c in node.children]
        node.children = []
    if node.paragraphs and node.children:
        entry["lead"] = "\n\n".join(node.paragraphs)
        text = []
    else:
        text = list(node.paragraphs)
    text += _items_markdown(node.items)
    if node.children and level < 4:
        entry["sections"] = [free(child, level + 1) for child in node.children]
        markers = _markers(node.children)
        if markers:
            entry["markers"] = markers
    elif node.children:  # deeper than four levels: kept as paragraphs
        text += [c.heading + ("。" if c.paragraphs else "") + "".join(c.paragraphs) for c in node.children]
    if text:
        entry["text"] = "\n\n".join(text)
    return entry


def _markers(children: list[Node]) -> str | None:
    if any(c.kind == "stage" for c in children):
        return "stage"
    if children and all(c.run_in for c in children):
        return "run_in"
    return None


def _items_markdown(items) -> list[str]:
    out = []
    for kind, text in items:
        if kind == "item":
            out.append(_numbered(text))
        else:
            out.append(text)
    return _join_list(out)


def _numbered(text: str) -> str:
    m = re.match(r"^\s*[（(]?(\d{1,2})[)）.．、]\s*", text)
    return f"{m[1]}. {text[m.end():]}" if m else text


def _join_list(paragraphs: list[str]) -> list[str]:
    """Consecutive list items as one Markdown list (a blank line would restart its numbers)."""
    out = []
    for p in paragraphs:
        if out and re.match(r"\d+\. ", p) and re.match(r"\d+\. ", out[-1].rsplit("\n", 1)[-1]):
            out[-1] += "\n" + p
        else:
            out.append(p)
    return out


def _texts(node: Node) -> list[str]:
    """A node's own paragraphs and list items, markers taken off the items."""
    out = list(node.paragraphs)
    for kind, text in node.items:
        out.append(re.sub(r"^\s*[（(]?\d{1,2}[)）.．、]\s*", "", text) if kind == "item" else text)
    return out


def _strip_item_marker(text: str) -> str:
    return re.sub(rf"^(?:[{CN}]+是|第[{CN}]+[，,、])", "", text)


# ---------------------------------------------------------------- typed readers
TARGET = re.compile(r"^(?P<before>.*?[，,；])?(?P<ind>[^，,；。]{2,30}?)(?P<verb>达到|不低于|不少于|不超过|控制在|保持在|低于|高于|超过)"
                    r"(?P<val>\d+(?:\.\d+)?)(?P<unit>%|个|人次|小时|天|起|次|项|名|家|万元|元|张|篇|场|户|人|分)"
                    r"(?P<tail>以上|以内|以下|及以上)?[。；]?$")


def goal_of(text: str, n: int) -> dict:
    """A goal in the writer's words, with its target where a clause states one; the build prints
    the words as written (compose/wording.goal_text), so nothing is reworded."""
    text = text.rstrip("。；;")
    goal = {"id": f"G{n:02d}", "text": text}
    m = TARGET.match(text + "。")
    if m:
        verb, tail, value, unit = m["verb"], m["tail"] or "", m["val"], m["unit"]
        op = {"达到": "≥", "不低于": "≥", "不少于": "≥", "保持在": "≥", "超过": ">", "高于": ">", "低于": "<",
              "不超过": "≤", "控制在": "≤"}[verb]
        if verb == "达到" and not tail:
            op = "="
        if tail in ("以内", "以下"):
            op = "≤"
        goal["target"] = f"{m['ind'].strip()} {op} {value}{unit}"
    return goal


def read_goals(node: Node, result: Imported) -> dict | None:
    out: dict = {}
    overall = next((c for c in node.children if "总体" in c.heading), None)
    specific = next((c for c in node.children if "具体" in c.heading), None)
    if overall and overall.paragraphs and not overall.children:
        out["overall_goal"] = "\n\n".join(overall.paragraphs)
    items = []
    for holder in ([specific] if specific else []) + ([node] if not overall else []):
        items += _texts(holder) if holder is not node else [t for k, t in holder.items]
        items += [c.heading + ("，" + "".join(c.paragraphs) if c.paragraphs else "") for c in holder.children
                  if holder is not node or c not in (overall, specific)]
    items = [re.sub(r"^\s*[（(]?\d{1,2}[)）.．、]\s*", "", i) for i in items]
    rest = [c for c in node.children if c not in (overall, specific)] if (overall or specific) else []
    if rest or (overall and overall.children) or (specific and specific.children):
        return None
    if not items and "overall_goal" not in out:
        return None
    if node.paragraphs and not (overall or specific) and items:
        out["lead"] = "\n\n".join(node.paragraphs)
    elif node.paragraphs and not items:
        out["overall_goal"] = "\n\n".join(node.paragraphs)
    elif node.paragraphs:
        return None
    out["goals"] = [goal_of(_strip_item_marker(i), n) for n, i in enumerate(items, 1)]
    targets = sum("target" in g for g in out["goals"])
    if targets:
        result.guesses.append(Guess("指标", f"{targets} 项目标识别出量化指标", "形如“…达到90%以上”“…控制在…以内”的句子"))
    return out


OWNERS = re.compile(r"[（(]((?:责任(?:部门|科室|单位)|牵头(?:部门|科室|领导)|配合(?:部门|科室)|责任领导|分管领导|完成时限|完成时间|时间节点)"
                    r"[：:][^）)]*)[）)]\s*$")


def task_of(node: Node, n: str, result: Imported) -> dict:
    task = {"id": n, "heading": node.heading}
    body = list(node.paragraphs) + _items_markdown(node.items)
    if body:
        last = body[-1]
        m = OWNERS.search(last)
        if m:
            for part in re.split(r"[；;]", m[1]):
                key, _, value = part.partition("：") if "：" in part else part.partition(":")
                value = value.strip()
                if re.match(r"(责任|牵头|配合)(部门|科室|单位)", key):
                    owners = [d for d in re.split(r"[、，,]", value) if d]
                    task.setdefault("owners", []).extend(owners)
                    result.departments.update(owners)
                elif "领导" in key:
                    task["lead"] = value
                elif "时" in key:
                    deadline = parse_deadline(value)
                    if deadline:
                        task["deadline"] = deadline
            body[-1] = last[:m.start()].rstrip()
            if not body[-1]:
                body.pop()
    if body:
        task["body"] = "\n\n".join(body)
    subs = [task_of(c, f"{n}{chr(ord('a') + i)}", result) for i, c in enumerate(node.children)]
    if subs:
        task["subtasks"] = subs
    return task


def parse_deadline(text: str):
    text = text.strip().rstrip("前")
    if text in ("全年", "长期"):
        return text
    if text.startswith("长期"):
        return "长期"
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(底|末)?", text)
    if m:
        return f"{m[1]}-{int(m[2]):02d}"
    return None


def read_tasks(node: Node, result: Imported) -> dict | None:
    if not node.children or any(max(_depth(c)) > 3 for c in node.children):
        return None
    out = {"tasks": [task_of(c, f"T{i:02d}", result) for i, c in enumerate(node.children, 1)]}
    if node.paragraphs:
        out["lead"] = "\n\n".join(node.paragraphs)
    if node.items:
        return None
    markers = _markers(node.children)
    if markers:
        out["markers"] = markers
    return out


def _depth(node: Node, d: int = 1):
    yield d
    for c in node.children:
        yield from _depth(c, d + 1)


SPAN = re.compile(r"[（(]?\s*((?:\d{4}年)?\d{1,2}月(?:(?:上|中|下)旬|底|初)?\s*[至—\-～~]\s*(?:\d{4}年)?\d{1,2}月(?:(?:上|中|下)旬|底)?"
                  r"|(?:\d{4}年)?\d{1,2}月(?:(?:上|中|下)旬|底|初)?|第\d{1,2}(?:[-—～~至]\d{1,2})?个月|\d{1,2}[-—～~]\d{1,2}个月)\s*[）)]?$")


def phase_of(node: Node, n: int, year: int) -> dict | None:
    name = node.heading
    phase: dict = {"id": f"P{n}"}
    m = SPAN.search(name)
    if m:
        span = m[1]
        name = name[:m.start()].rstrip("：:，, ")
        months = re.fullmatch(r"第?(\d{1,2})(?:[-—～~至](\d{1,2}))?个月", span)
        dates = re.findall(r"(?:(\d{4})年)?(\d{1,2})月", span)
        if dates and not dates[0][0]:
            dates = []  # "（1月至3月）" without its year: kept in the name as written
        if months:
            phase["months"] = f"{months[1]}-{months[2]}" if months[2] else int(months[1])
        elif dates and not re.search(r"旬|初", span):
            (y1, m1), (y2, m2) = dates[0], dates[-1]
            y1 = int(y1 or year)
            y2 = int(y2 or y1)
            phase["start"], phase["end"] = f"{y1}-{int(m1):02d}", f"{y2}-{int(m2):02d}"
        else:
            name = node.heading  # a span the model does not hold: kept in the name
    if not name:
        return None
    phase["name"] = name
    items = [_strip_item_marker(t) for t in _texts(node)] + [c.heading + "".join(c.paragraphs) for c in node.children]
    if items:
        phase["items"] = items
    return phase


def read_phases(node: Node, result: Imported) -> dict | None:
    if not node.children or node.items:
        return None
    phases = [phase_of(c, i, result.data.get("_year", 2024)) for i, c in enumerate(node.children, 1)]
    if any(p is None for p in phases):
        return None
    out = {"phases": phases}
    if node.paragraphs:
        out["lead"] = "\n\n".join(node.paragraphs)
    if _markers(node.children) == "stage":
        out["markers"] = "stage"
    return out


ROLE = re.compile(r"^(组\s*长|副组长|成\s*员)[：:]\s*(.+)$")
PEOPLE = re.compile(r"(?:[\u4e00-\u9fff×]{2,4}[（(][^）)]{2,20}[）)][、，,；;]?\s*)+")  # 赵海鹰（副院长）、孙晓梅（副院长）


def read_roster(node: Node, result: Imported) -> dict | None:
    lines = _texts(node)
    members, lead, rest = [], [], []
    role = None
    for text in lines:
        m = ROLE.match(text)
        people = m[2] if m else text if role and PEOPLE.fullmatch(text.rstrip("。")) else None
        if people:
            role = m[1].replace(" ", "") if m else role  # a role's list may go on over several lines
            for person in re.split(r"[、，,；;]\s*(?![^（(]*[）)])", people.rstrip("。")):
                if person:
                    members.append({"role": role, **_person(person)})
        elif not members:
            lead.append(text)
        else:
            rest.append(text)
    if not members or node.children:
        return None
    name = re.search(r"成立(.{2,30}?领导小组)", "".join(lead))
    group = {"id": "group", "name": name[1] if name else "领导小组", "members": members}
    out = {"leadership": group}
    if lead:
        out["lead"] = "\n\n".join(lead)
    if rest:
        out["text"] = "\n\n".join(rest)
    return out


def _person(text: str) -> dict:
    m = re.fullmatch(r"(.+?)[（(](.+?)[）)]", text.strip())
    if m:
        return {"name": m[1].strip(), "post": m[2].strip()}
    return {"post": text.strip()}


def read_monthly(node: Node, result: Imported) -> dict | None:
    if not node.children or not all(MONTH.match(c.heading) for c in node.children):
        return None
    rows = []
    for c in node.children:
        months = [chinese_int(x) for x in re.findall(rf"([{CN}]{{1,3}}|\d{{1,2}})月", c.heading)]
        if not all(1 <= m <= 12 for m in months) or c.children:
            return None
        items = []
        for text in _texts(c):
            items.append(_activity(_strip_item_marker(text), months))
        if not items:
            return None
        row = {"month": months[0]} if len(months) == 1 else {"months": months}
        row["items"] = items
        rows.append(row)
    return {"activities": rows, "form": "list"}


def _activity(text: str, months: list[int]) -> dict:
    m = re.match(r"^(\d{1,2})月(\d{1,2})日(?:[至\-—～~](\d{1,2})日)?[，,：:\s]*(.+)$", text)
    if m and int(m[1]) in months:
        item = {"text": m[4].rstrip("。")}
        if len(months) > 1:
            item["month"] = int(m[1])
        item["day"] = int(m[2])
        if m[3]:
            item["last_day"] = int(m[3])
        return item
    return {"text": text.rstrip("。")}


def read_duties(node: Node, result: Imported) -> dict | None:
    duties = []
    if node.children:
        for c in node.children:
            texts = _texts(c)
            if not texts or c.children:
                return None
            duties.append({"department": c.heading.rstrip("：:"), "duties": texts})
    else:
        for text in _texts(node):
            m = re.match(rf"^(.{{2,12}}?{UNIT_END}|.{{2,10}}?(科|部|室|处|组|队))[：:]\s*(.+)$", text)
            if not m:
                return None
            duties.append({"department": m[1], "duties": [m[m.lastindex]]})
    if not duties:
        return None
    result.departments.update(d["department"] for d in duties)
    return {"duties": duties}


CONSEQUENCE = re.compile(r"[，,](?=[^，,]*(扣|罚|批评|取消|追究|问责|通报|奖|表扬|表彰|加分|授予|评为|挂钩)[^，,]*[。]?$)")


def read_assessment(node: Node, result: Imported) -> dict | None:
    if node.children:
        return None
    cadence, rules = [], []
    for text in _texts(node):
        text = _strip_item_marker(text)
        m = list(CONSEQUENCE.finditer(text))
        if m and re.search(r"(扣|罚|批评|取消|追究|问责|奖励|表扬|表彰|加分|授予)", text[m[0].end():]):
            trigger, consequence = text[:m[0].start()], text[m[0].end():].rstrip("。")
            reward = bool(re.search(r"(奖|表扬|表彰|加分|授予)", consequence)) and not re.search(r"(扣|罚|批评|取消)", consequence)
            rules.append({"trigger": trigger, ("reward" if reward else "penalty"): consequence})
        elif not rules:
            cadence.append(text)
        else:
            return None
    if not rules:
        return None
    out = {"rules": rules}
    if cadence:
        out["cadence"] = "\n\n".join(cadence)
    return {"assessment": out}


def _event_field(name: str):
    def read(node: Node, result: Imported) -> dict | None:
        texts = _texts(node)
        if node.children or len(texts) != 1:
            return None
        event = dict(result.data.get("event") or {})
        if name == "time":
            days = _day_range(texts[0], result.data.get("_year", 2024))
            if not days:
                return None
            event["start"], event["end"] = days
            from ..compose.wording import day_span
            if day_span(*days) != texts[0].rstrip("。"):  # "5月25日—5月31日": the days recorded,
                return {"event": event, "text": texts[0]}  # the writer's wording printed as it was
        else:
            event[name] = texts[0]
        return {"event": event}
    return read


def _day_range(text: str, year: int):
    m = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\s*[至\-—～~]\s*(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日)?[。]?", text.strip())
    if not m:
        return None
    y1 = int(m[1] or year)
    try:
        start = dt.date(y1, int(m[2]), int(m[3]))
        end = dt.date(int(m[4] or y1), int(m[5] or m[2]), int(m[6])) if m[6] else start
    except ValueError:
        return None
    return start, end


def _list_of(field_name: str):
    def read(node: Node, result: Imported) -> dict | None:
        if any(c.children for c in node.children) or (node.children and node.items):
            return None
        texts = [_strip_item_marker(t) for t in _texts(node)]
        texts += [c.heading + ("。" if c.heading[-1:] not in "。！？" else "") + "".join(c.paragraphs) for c in node.children]
        return {field_name: texts} if texts else None
    return read


FIGURE = re.compile(r"[^，。；、]*\d+(?:\.\d+)?(?:%|万元|元|人次|次|名|个|项|场|篇|台|例|份|小时|天|家|张|封|面)[^，。；]*")


def result_of(node: Node, depth: int = 0) -> dict:
    item: dict = {"heading": node.heading}
    texts = _texts(node)
    if texts:
        item["narrative"] = "\n\n".join(texts)
        figures = [f.strip() for f in FIGURE.findall("".join(texts))][:8]
        if figures:
            item["figures"] = figures
    if node.children and depth < 2:
        item["results"] = [result_of(c, depth + 1) for c in node.children]
    elif node.children:
        item.setdefault("narrative", "")
        item["narrative"] = "\n\n".join([item["narrative"]] + [c.heading + "。" + "".join(_texts(c)) for c in node.children]).strip()
    return item


def read_results(node: Node, result: Imported) -> dict | None:
    if not node.children:
        return None
    out = {"results": [result_of(c) for c in node.children]}
    if node.paragraphs:
        out["lead"] = "\n\n".join(node.paragraphs)
    if node.items:
        return None
    return out


def read_guiding(node: Node, result: Imported) -> dict | None:
    texts = _texts(node)
    if node.children or not texts:
        return None
    return {"guiding": "\n\n".join(texts)}


TYPED_READERS = {
    "guiding": read_guiding, "goals": read_goals, "tasks": read_tasks, "phases": read_phases,
    "roster": read_roster, "monthly": read_monthly, "duties": read_duties, "assessment": read_assessment,
    "theme": _event_field("theme"), "time": _event_field("time"), "place": _event_field("place"),
    "participants": _event_field("participants"), "outcomes": _list_of("outcomes"),
    "problems": _list_of("problems"), "next_steps": _list_of("next_steps"), "results": read_results,
}
TYPED_NAMES = {"guiding": "指导思想 guiding", "goals": "目标 goals", "tasks": "任务 tasks", "phases": "阶段 phases",
               "roster": "领导小组 leadership", "monthly": "月度活动 activities", "duties": "部门职责 duties",
               "assessment": "考核 assessment", "theme": "活动主题 event.theme", "time": "活动时间 event.start/end",
               "place": "活动地点 event.place", "participants": "参加人员 event.participants",
               "outcomes": "预期成果 outcomes", "problems": "存在问题 problems", "next_steps": "下一步打算 next_steps",
               "results": "成效 results"}
