"""Assembly: content + a document template (Jinja2 writing Markdown) → the document tree.

The template under templates/ decides which sections a kind has and in what order; this
module numbers the headings, turns the Markdown into blocks and adds 落款 and 成文日期.
"""
import re
import traceback
from contextlib import contextmanager
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError
import markdown
from lxml import html as lxml_html

from ..render import layout
from . import wording
from .document import Block, Document, Heading, PageBreak, Paragraph, Run, Table
from ..errors import PipelineError, Problem
from ..content.model import STATUSES, Attachment, Content, format_number

KINDS = {"plan": "计划", "scheme": "方案", "summary": "总结"}
MD_EXTENSIONS = ["tables", "attr_list", "md_in_html"]


def environment(templates_dir: Path) -> jinja2.Environment:
    # Sandboxed: templates are user-edited files that units share, so a template must not reach
    # Python internals (cycler.__init__.__globals__.os …) or run commands.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        target=lambda t: wording.target_text(t) if t else "",
        deadline=wording.deadline_text,
        span=wording.span_text,
        date=wording.date_text,
        names=wording.join_names,
        sentence=wording.sentence,
        month_name=wording.month_name,
        activity=activity_text,
        ends_in_paragraph=ends_in_paragraph,
        literal=literal,
    )
    return env


# How each character that Markdown would read as markup is written to stand for itself.
_LITERAL = {"<": "&lt;", "&": "&amp;", **{c: "\\" + c for c in "\\`*_[]#>"}}


def literal(text: str) -> str:
    """A value that is plain text (a heading) written into the Markdown so that it prints as
    typed: __x__ stays __x__ instead of turning bold."""
    return "".join(_LITERAL.get(c, c) for c in str(text))


def ends_in_paragraph(markdown_text: str) -> bool:
    """Whether text appended to this Markdown continues its last paragraph (not a table row
    or a list item, where it would land in a cell or an item)."""
    last = (markdown_text or "").rstrip().rpartition("\n")[2].lstrip()
    return not re.match(r"\||[-*+] |\d+[.)] ", last)


def activity_text(activity, month: int) -> str:
    if activity.day is None:
        return activity.text
    days = f"{activity.day}日" + (f"至{activity.last_day}日" if activity.last_day else "")
    return f"{month}月{days}，{activity.text}"


DEFAULT_ATTACHMENTS = {"scheme": [Attachment(title="任务分解表", template="task-table")]}


def assemble(content: Content, kind: str, templates_dir: Path) -> Document:
    meta = getattr(content.year.documents, kind)
    if meta is None:
        raise PipelineError([Problem("E203", f"{content.year.year} 年的 plan.yaml 中 documents 下没有 {kind}"
                                     f"（{KINDS[kind]}）的设置：请填写 title 和 date")])
    context = dict(doc=meta, org=content.org, year=content.year, content=content,
                   group=content.leadership_group(), safeguards=content.safeguards(),
                   principles=content.principles())
    if kind == "summary":
        context.update(summary_context(content))
    env = environment(templates_dir)
    blocks: list[Block] = []
    if meta.addressee:
        blocks.append(Paragraph([Run(f"{meta.addressee}：")], role="addressee", indent_first=0))
    blocks += markdown_blocks(_render(env, f"{kind}.md.j2", context, templates_dir))
    attachments = DEFAULT_ATTACHMENTS.get(kind, []) if meta.attachments is None else meta.attachments
    blocks += attachment_note([a.title for a in attachments])
    signature = meta.signature or content.org.signature
    date = wording.date_text(meta.date)
    blocks += closing_blocks(signature, date)
    for n, attachment in enumerate(attachments, start=1):
        label = f"附件{n}" if len(attachments) > 1 else "附件"
        blocks += [PageBreak(),
                   Paragraph([Run(label)], role="attachment-heading", indent_first=0, align="left"),
                   Paragraph([Run(attachment.title)], role="attachment-title", indent_first=0, align="center")]
        blocks += markdown_blocks(_render(env, f"attachments/{attachment.template}.md.j2", context,
                                          templates_dir))
    return Document(kind=kind, title=title_lines(meta.title), blocks=blocks, date=date,
                    date_iso=meta.date.isoformat())


TITLE_BREAK_AFTER = "院局委会厅部室科司所中心年度于的和与及"  # natural places to break a title


def _render(env, name: str, context: dict, templates_dir: Path) -> str:
    with template_errors(templates_dir / name):
        return env.get_template(name).render(context)


@contextmanager
def template_errors(path: Path):
    """Any error inside a template, user-edited or ours, as E201 at the template's line."""
    try:
        yield
    except jinja2.TemplateSyntaxError as e:
        raise PipelineError([Problem("E201", f"模板语法错误（{e.message}）", Path(e.filename or path),
                                     e.lineno)]) from None
    except jinja2.TemplateNotFound as e:
        raise PipelineError([Problem("E201", f"找不到模板 {e.name}", path)]) from None
    except Exception as e:  # noqa: BLE001 – undefined names, bad filters, errors in values
        where = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.endswith(".j2")]
        file, line = (Path(where[-1].filename), where[-1].lineno) if where else (path, None)
        what = (f"未定义的名称：{e.message}" if isinstance(e, jinja2.UndefinedError)
                else f"模板试图访问不安全的属性或方法：{e}；模板只能使用内容数据和过滤器" if isinstance(e, SecurityError)
                else f"{type(e).__name__}: {e}")
        raise PipelineError([Problem("E201", f"渲染模板时出错（{what}）", file, line)]) from None


def attachment_note(titles: list[str]) -> list[Paragraph]:
    """附件说明: one blank line after the body, indented two characters, "附件：1. 名称";
    wrapped lines align with the name (GB/T 9704 7.3.4)."""
    if not titles:
        return []
    label = layout.width_in_chars("附件：")
    if len(titles) == 1:
        return [Paragraph([Run(f"附件：{titles[0]}")], role="attachment-note", hanging=label, space_before=1)]
    out = []
    for n, title in enumerate(titles, start=1):
        number = f"{n}. "
        first = n == 1
        out.append(Paragraph([Run(("附件：" if first else "") + number + title)], role="attachment-note",
                             indent_first=2 if first else 2 + label,
                             hanging=(label if first else 0) + layout.width_in_chars(number),
                             space_before=1 if first else 0))
    return out


# ---------------------------------------------------------------- the summary's figures
def judgement(goal, result) -> tuple[str, str]:
    """(actual as written, 达成 / 未达成 / 未报告): computed from the target, never typed."""
    if result is None or result.actual is None:
        return "—", "未报告"
    unit = goal.target.unit if goal.target else ""
    actual = f"{format_number(result.actual)}{unit}"
    if goal.target is None:
        return actual, "—"
    return actual, "达成" if goal.target.is_met(result.actual) else "未达成"


def summary_context(content: Content) -> dict:
    results = content.results
    goal_results = {r.goal: r for r in results.goals} if results else {}
    task_results = {r.task: r for r in results.tasks} if results else {}
    goals = []
    for goal in content.year.goals:
        actual, verdict = judgement(goal, goal_results.get(goal.id))
        goals.append(dict(goal=goal, result=goal_results.get(goal.id), actual=actual, verdict=verdict))
    tasks = [dict(task=t, result=task_results.get(t.id),
                  status=task_results[t.id].status if t.id in task_results else "未报告")
             for t in content.year.tasks]
    counts = {s: sum(t["status"] == s for t in tasks) for s in (*STATUSES, "未报告")}
    parts = [f"全年计划任务{len(tasks)}项"] + [f"{s}{n}项" for s, n in counts.items() if n]
    verdicts = {v: sum(g["verdict"] == v for g in goals) for v in ("达成", "未达成", "—", "未报告")}
    verdict_names = {"达成": "达成", "未达成": "未达成", "—": "无量化指标", "未报告": "尚未报告结果"}
    plan = content.year.documents.plan
    return dict(
        plan_title=plan.title.replace("\n", "") if plan else None,
        goal_reports=goals,
        task_reports=tasks,
        task_counts=counts,
        counts_text="，".join(parts),
        goals_text=f"{len(goals)}项工作目标中，" + "，".join(
            f"{verdict_names[v]}{n}项" for v, n in verdicts.items() if n),
        unfinished=[t for t in tasks if t["status"] not in ("已完成", "未报告")],
        results=results,
    )


def title_lines(title: str) -> str:
    """Break a long title into lines of balanced width, the upper no longer than the lower (a
    trapezoid), at a natural place (after 医院, 2024年 …), never inside a number. A writer's
    own line breaks are kept."""
    if "\n" in title:
        return title
    # CJK fonts set digits wider than half a character: keep one character to spare.
    capacity = int(layout.TEXT_WIDTH // layout.TITLE_SIZE) - 1
    lines, rest = [], title
    while layout.width_in_chars(rest) > capacity:
        count = -(-int(layout.width_in_chars(rest)) // capacity)
        share = layout.width_in_chars(rest) / count

        def badness(cut: int) -> float:
            head = layout.width_in_chars(rest[:cut])
            natural = rest[cut - 1] in TITLE_BREAK_AFTER
            longer_on_top = head > share + 0.5
            return abs(head - share) - 2.5 * natural + 4 * longer_on_top

        cuts = [i for i in range(1, len(rest))
                if layout.width_in_chars(rest[:i]) <= capacity
                and not (rest[i - 1].isdigit() and rest[i].isdigit())]
        cut = min(cuts, key=badness)
        lines.append(rest[:cut])
        rest = rest[cut:]
    return "\n".join(lines + [rest])


def closing_blocks(signature: str, date: str) -> list[Paragraph]:
    """落款 and 成文日期 without a seal: one blank line after the body, the signature 右空二字,
    the date's first character two characters right of the signature's; a date longer than
    the signature sits 右空二字 and pushes the signature left (GB/T 9704 7.3.5.2)."""
    sig_w, date_w = layout.width_in_chars(signature), layout.width_in_chars(date)
    sig_right = layout.SIGNATURE_RIGHT_CHARS
    date_right = sig_right + sig_w - layout.DATE_OFFSET_CHARS - date_w
    if date_right < layout.SIGNATURE_RIGHT_CHARS:
        date_right = layout.SIGNATURE_RIGHT_CHARS
        sig_right = date_right + date_w + layout.DATE_OFFSET_CHARS - sig_w
    return [
        Paragraph([Run(signature)], role="signature", indent_first=0, indent_right=sig_right,
                  align="right", space_before=1),
        Paragraph([Run(date)], role="date", indent_first=0, indent_right=date_right, align="right"),
    ]


# ---------------------------------------------------------------- Markdown → blocks
def markdown_blocks(text: str) -> list[Block]:
    html = markdown.markdown(text, extensions=MD_EXTENSIONS)
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    numbering = Numbering()
    blocks: list[Block] = []
    for el in root:
        if isinstance(el.tag, str):  # not a comment
            blocks += _element_blocks(el, numbering)
    return _run_in_headings(blocks)


class Numbering:
    """Heading counters: a number restarts under each new parent."""

    def __init__(self):
        self.counts = [0, 0, 0, 0]

    def next(self, level: int) -> str:
        self.counts[level - 1] += 1
        for deeper in range(level, 4):
            self.counts[deeper] = 0
        return wording.heading_marker(level, self.counts[level - 1])


def _element_blocks(el, numbering: Numbering, list_depth: int = 0) -> list[Block]:
    tag = el.tag
    if tag in ("h1", "h2", "h3", "h4"):
        level = int(tag[1])
        return [Heading(level, numbering.next(level), _plain_text(el))]
    if tag == "p":
        runs = _runs(el)
        if not "".join(r.text for r in runs).strip():
            return []
        role = el.get("class", "body")
        return [Paragraph(runs, role=role)]
    if tag in ("ol", "ul"):
        out = []
        for n, li in enumerate(el.findall("li"), start=1):
            marker = wording.list_marker(list_depth + 1, n) if tag == "ol" else ""
            inline, nested = _list_item(li)
            out.append(Paragraph([Run(marker)] + inline if marker else inline))
            for sub in nested:
                out += _element_blocks(sub, numbering, list_depth + 1)
        return out
    if tag == "table":
        header = [_plain_text(c) for c in el.iter("th")]
        rows = [[_plain_text(c) for c in tr.findall("td")] for tr in el.iter("tr")]
        rows = [r for r in rows if r]
        return [Table(header, rows, column_widths([header, *rows]))]
    if tag == "div" and "page-break" in el.get("class", ""):
        return [PageBreak()]
    if tag == "div":
        return [b for child in el for b in _element_blocks(child, numbering, list_depth)]
    return [Paragraph([Run(_plain_text(el))])] if _plain_text(el).strip() else []


def column_widths(rows: list[list[str]]) -> list[float]:
    """Column widths in characters of table text: each column as wide as its longest line,
    and where that is too wide for the page, the widest columns share what is left and wrap."""
    natural = [max(layout.width_in_chars(line) for cell in column for line in cell.split("\n")) + 1
               for column in zip(*rows)]
    cell_extra = (2 * layout.TABLE_PADDING_H + layout.TABLE_RULE) / layout.TABLE_SIZE
    available = layout.TEXT_WIDTH / layout.TABLE_SIZE - cell_extra * len(natural)
    if sum(natural) <= available:
        return natural
    cap = available / len(natural)
    for width in sorted(natural):  # raise the cap while narrow columns leave room
        narrow = [w for w in natural if w <= width]
        room = (available - sum(narrow)) / max(1, len(natural) - len(narrow))
        if room < width:
            break
        cap = room
    return [min(w, cap) for w in natural]


def _list_item(li):
    """A list item's own text as runs, and the lists nested in it."""
    nested = [c for c in li if c.tag in ("ol", "ul")]
    paragraphs = [c for c in li if c.tag == "p"]
    runs = _runs(paragraphs[0] if paragraphs else li, skip=("ol", "ul"))
    return runs, nested


def _runs(el, bold=False, italic=False, skip=()) -> list[Run]:
    runs = []
    if el.text:
        runs.append(Run(_squash(el.text), bold, italic))
    for child in el:
        if child.tag in skip:
            pass
        elif child.tag == "br":
            runs.append(Run("\n", bold, italic))
        else:
            runs += _runs(child, bold or child.tag in ("strong", "b"), italic or child.tag in ("em", "i"))
        if child.tail:
            runs.append(Run(_squash(child.tail), bold, italic))
    return _merge([r for r in runs if r.text])


def _squash(text: str) -> str:
    """Markdown source wraps lines; Chinese text has no spaces where it wrapped."""
    return "".join(part.strip() if i else part.rstrip() for i, part in enumerate(text.split("\n")))


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].bold, out[-1].italic) == (r.bold, r.italic):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    if out:
        out[0].text = out[0].text.lstrip()
        out[-1].text = out[-1].text.rstrip()
    return out


def _plain_text(el) -> str:
    return "".join(r.text for r in _runs(el))


def _run_in_headings(blocks: list[Block]) -> list[Block]:
    """Level 3 and 4 headings run into the paragraph that follows them: "1.加强领导。正文……"."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (isinstance(block, Paragraph) and block.role == "body" and isinstance(prev, Heading)
                and prev.level >= 3):
            head = prev.full_text + ("" if prev.text[-1:] in "。！？：" else "。")
            out[-1] = Paragraph([Run(head, bold=prev.level in layout.BOLD_HEADING_LEVELS)] + block.runs)
        else:
            out.append(block)
    return out
