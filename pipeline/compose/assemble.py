"""Assembly: a document's content and outline → the document tree.

The outline (the document's `sections:`, or its kind's default in templates/outlines.yaml)
decides which sections the document has, in what order, under which headings. Each typed
section is written by templates/sections/<body>.md.j2; this module numbers the headings,
applies marker styles, and adds the preamble, 落款, 成文日期 and attachments.
"""
import re
import traceback
from contextlib import contextmanager
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..render import layout
from . import wording
from .blocks import markdown_blocks
from .document import Block, Document, PageBreak, Paragraph, Run
from .outline import Composer
from ..errors import PipelineError, Problem
from ..content.model import KINDS, Content


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
        month_names=wording.month_names,
        goal_text=wording.goal_text,
        phase_span=wording.phase_span,
        day_span=wording.day_span,
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
    """3月8日，…; in a row of months written together the item names its own month."""
    if activity.day is None:
        return activity.text
    days = f"{activity.day}日" + (f"至{activity.last_day}日" if activity.last_day else "")
    return f"{activity.month or month}月{days}，{activity.text}"


def assemble(content: Content, doc_id: str, templates_dir: Path) -> Document:
    if doc_id not in content.documents:
        have = "、".join(content.documents) or "无"
        raise PipelineError([Problem("E203", f"{content.year} 年没有编号为「{doc_id}」的文档；已有：{have}")])
    doc = content.document(doc_id)
    env = environment(templates_dir)
    composer = Composer(content, doc_id, env, templates_dir)
    blocks: list[Block] = []
    if doc.addressee:
        blocks.append(Paragraph([Run(f"{doc.addressee}：")], role="addressee", indent_first=0))
    preamble = doc.preamble or (wording.default_preamble(doc.basis, content.org.short_name, KINDS[doc.kind])
                                if doc.basis else "")
    blocks += markdown_blocks(preamble)
    blocks += composer.outline()
    blocks += markdown_blocks(doc.closing or "")
    attachments = composer.outlines.attachments.get(doc.kind, []) if doc.attachments is None else doc.attachments
    attachments = [a for a in attachments if a.template != "task-table" or doc.tasks]  # no empty table
    blocks += attachment_note([a.title for a in attachments])
    date = wording.date_text(doc.date)
    blocks += closing_blocks(doc.signature or content.org.signature, date)
    for n, attachment in enumerate(attachments, start=1):
        label = f"附件{n}" if len(attachments) > 1 else "附件"
        blocks += [PageBreak(),
                   Paragraph([Run(label)], role="attachment-heading", indent_first=0, align="left"),
                   # the 附件 title on line 3, a blank line under 附件 (GB/T 9704 §8)
                   Paragraph([Run(attachment.title)], role="attachment-title", indent_first=0, align="center",
                             space_before=1)]
        blocks += markdown_blocks(composer.render(f"attachments/{attachment.template}.md.j2"))
    return Document(kind=doc.kind, title=title_lines(doc.title), blocks=composer.number(blocks), date=date,
                    date_iso=doc.date.isoformat())


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


TITLE_BREAK_AFTER = "院局委会厅部室科司所中心年度于的和与及"  # natural places to break a title
TITLE_PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】"}
NO_LINE_START = "”’》〉）)」』】、，。；：！？…—·"  # what must not open line 2 (GB/T 15834 line-breaking)
NO_LINE_END = "“‘《〈（(「『【—·"  # what must not close line 1
NUMBER_CHARS = "0123456789.%·"  # 2024, 5·12, 3.5%: one word


def title_lines(title: str) -> str:
    """Break a long title into lines of balanced width, the upper no longer than the lower (a
    trapezoid), at a natural place (after 医院, 2024年 …, before “ or 《), never inside a number,
    and where a reader would break it: not inside “” or 《》 (a quoted name or a document's title
    stays on one line, unless it is longer than a line), never with a closing ” 》 ） or a comma
    at the start of a line or an opening “ 《 （ at its end. The fewest lines that hold it, the
    best of all ways to cut it into them. A writer's own line breaks are kept."""
    if "\n" in title:
        return title
    # CJK fonts set digits wider than half a character: keep one character to spare.
    capacity = int(layout.TEXT_WIDTH // layout.TITLE_SIZE) - 1
    total = layout.width_in_chars(title)
    if total <= capacity:
        return title
    n, inside, stack = len(title), set(), []  # inside: the cuts (before title[i]) within “…”, 《…》, （…）
    for i, c in enumerate(title):
        if stack:
            inside.add(i)
        if stack and c == TITLE_PAIRS[stack[-1]]:
            stack.pop()
        elif c in TITLE_PAIRS:
            stack.append(c)
    width = {(a, b): layout.width_in_chars(title[a:b]) for a in range(n) for b in range(a + 1, n + 1)}

    def breakable(i: int, strict: bool) -> bool:
        if title[i - 1] in NUMBER_CHARS and title[i] in NUMBER_CHARS:
            return False
        return not strict or (title[i] not in NO_LINE_START and title[i - 1] not in NO_LINE_END)

    def line_cost(a: int, b: int, share: float) -> float:
        cost = abs(width[a, b] - share)
        if b < n:  # the line ends in a cut
            natural = title[b - 1] in TITLE_BREAK_AFTER or title[b] in "“《" or title[b - 1] in "”》"
            longer_on_top = width[a, b] > share + 0.5
            cost += -2.5 * natural + 4 * longer_on_top + 40 * (b in inside)
        return cost

    first = max(2, -(-int(total) // capacity))
    # a line more rather than a name cut in two; a name longer than a line is cut where best
    for strict, whole, counts in ((True, True, (first, first + 1)), (True, False, (first, first + 1, first + 2)),
                                  (False, False, (first, first + 1, first + 2))):
        for count in counts:
            share = total / count
            cuts = [0] + [i for i in range(1, n) if breakable(i, strict) and not (whole and i in inside)] + [n]
            best = {(0, 0): (0.0, [])}  # (position, lines so far) → (cost, cuts)
            for lines in range(count):
                for a in cuts:
                    if (a, lines) not in best:
                        continue
                    cost, path = best[a, lines]
                    for b in cuts:
                        if b <= a or width[a, b] > capacity or (lines == count - 1) != (b == n):
                            continue
                        option = (cost + line_cost(a, b, share), path + [b])
                        if (b, lines + 1) not in best or option[0] < best[b, lines + 1][0]:
                            best[b, lines + 1] = option
            if (n, count) in best:
                ends = best[n, count][1]
                return "\n".join(title[a:b] for a, b in zip([0] + ends, ends))
    return title


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
