"""The outline: which sections a document has, in what order, and how their items are marked.

A document's `sections:` is its outline; without one, its kind's default outline from
templates/outlines.yaml is used. A typed section (body: tasks) is written by its template,
templates/sections/<body>.md.j2, in Markdown where "##" is one level below the section; a free
section by its own text and sub-sections. A section with nothing in it is left out.
"""
from pathlib import Path

from ..content.model import STATUSES, Attachment, Content, Record, Section, format_number, walk_results
from ..errors import PipelineError, Problem
from ..render import layout
from . import wording
from .blocks import markdown_blocks
from .document import Block, Heading, Paragraph, Run

OUTLINES_FILE = "outlines.yaml"


class Outlines(Record):
    """templates/outlines.yaml: each kind's default outline, and each typed section's default heading."""

    headings: dict[str, str]
    attachments: dict[str, list[Attachment]] = {}
    plan: list[Section]
    scheme: list[Section]
    summary: list[Section]


def read_outlines(templates_dir: Path) -> Outlines:
    from ..content.load import read_yaml, validate

    path = templates_dir / OUTLINES_FILE
    value, problems = validate(read_yaml(path), Outlines)
    if problems:
        raise PipelineError([Problem("E201", p.message, p.file, p.line) for p in problems])
    return value


class Composer:
    """Writes one document's sections into blocks."""

    def __init__(self, content: Content, doc_id: str, env, templates_dir: Path):
        self.content, self.doc_id, self.env, self.templates_dir = content, doc_id, env, templates_dir
        self.doc = content.document(doc_id)
        self.outlines = read_outlines(templates_dir)
        self.source = content.sources.get(doc_id)
        self.context = dict(doc=self.doc, org=content.org, headings=self.outlines.headings,
                            safeguards=content.snippets("safeguards", self.doc.safeguards),
                            principles=content.snippets("principles", self.doc.principles),
                            **summary_context(content, doc_id))

    # ---------------------------------------------------------------- sections
    def outline(self) -> list[Block]:
        own = self.doc.sections is not None
        sections = self.doc.sections if own else getattr(self.outlines, self.doc.kind)
        return [b for i, s in enumerate(sections) for b in self.section(s, 1, ("sections", i) if own else None)]

    def section(self, section: Section, level: int, loc) -> list[Block]:
        heading = section.heading or self.outlines.headings.get(section.body, section.body)
        if level > 4:
            where = (self.source.path, self.source.line(loc)) if self.source and loc else (None, None)
            raise PipelineError([Problem("E121", f"节「{heading}」的标题层级超过四级（一、（一）1.（1））", *where)])
        if section.flat:  # its items take the section's place: "##" in its template is this level
            return markdown_blocks(self.typed_body(section), level - 1) if section.body else \
                markdown_blocks(section.text or "", level - 1)
        body = markdown_blocks(self.typed_body(section), level) if section.body else []
        body += markdown_blocks(section.text or "", level)
        subs = [b for i, s in enumerate(section.sections)
                for b in self.section(s, level + 1, loc + ("sections", i) if loc else None)]
        lead = markdown_blocks(section.lead or "", level)
        item = not section.body and heading[-1:] in "。！？"  # "（一）各科室要……。": a sentence, not a heading
        if not body and not subs and (section.body or not lead) and not item:
            return []  # no empty headings: a typed section without its records, a free one without text
        items = body + subs
        if section.markers:
            for block in items:
                if isinstance(block, Heading) and block.level == level + 1:
                    block.style = section.markers
                elif isinstance(block, Paragraph) and block.item and section.markers in ITEM_MARKERS:
                    block.runs[0] = Run(ITEM_MARKERS[section.markers](block.item))
        return [Heading(level, "", heading)] + lead + items

    def typed_body(self, section: Section) -> str:
        group = self.content.leadership_group(section.group or self.doc.leadership)
        return self.render(f"sections/{section.body}.md.j2", section=section, group=group)

    def render(self, name: str, **extra) -> str:
        from .assemble import template_errors

        with template_errors(self.templates_dir / name):
            return self.env.get_template(name).render({**self.context, **extra})

    # ---------------------------------------------------------------- numbering
    def number(self, blocks: list[Block]) -> list[Block]:
        """Markers for every heading in document order (a count restarts under each new
        parent), then headings that run into their paragraph are joined to it."""
        counts = [0] * 5
        for block in blocks:
            if isinstance(block, Heading):
                counts[block.level - 1] += 1
                counts[block.level:] = [0] * (5 - block.level)
                block.marker = HEADING_MARKERS.get(block.style, wording.heading_marker)(block.level,
                                                                                      counts[block.level - 1])
        return run_in(blocks)


def _chinese(template: str):
    return lambda level, n: template.format(wording.chinese_number(n))


HEADING_MARKERS = {"yishi": _chinese("{}是"), "diyi": _chinese("第{}，"), "stage": _chinese("第{}阶段：")}
ITEM_MARKERS = {"yishi": lambda n: f"{wording.chinese_number(n)}是", "diyi": lambda n: f"第{wording.chinese_number(n)}，"}
ALWAYS_RUN_IN = ("yishi", "diyi", "run_in")


def runs_in(heading: Heading) -> bool:
    """一是…, 第一，… and run_in items always continue into their text; numbered headings of
    levels 3 and 4 do (1.加强领导。正文……); standalone and stage headings never."""
    return heading.style in ALWAYS_RUN_IN or (heading.style == "numbered" and heading.level >= 3)


def run_in(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for i, block in enumerate(blocks):
        prev = out[-1] if out else None
        if isinstance(prev, Heading) and runs_in(prev) and isinstance(block, Paragraph) and block.role == "body" \
                and not block.item:
            out[-1] = Paragraph([_head_run(prev)] + block.runs)
        else:
            if isinstance(prev, Heading) and prev.style in ALWAYS_RUN_IN:
                out[-1] = Paragraph([_head_run(prev)])  # an item with no text of its own
            out.append(block)
    if out and isinstance(out[-1], Heading) and out[-1].style in ALWAYS_RUN_IN:
        out[-1] = Paragraph([_head_run(out[-1])])
    return out


def _head_run(heading: Heading) -> Run:
    text = heading.full_text + ("" if heading.text[-1:] in "。！？：" else "。")
    if heading.style in ("yishi", "diyi"):  # 一是…, 第一，… are words of the sentence, in its face
        return Run(text)
    return Run(text, bold=heading.level in layout.BOLD_HEADING_LEVELS, heading_level=heading.level)


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


def summary_context(content: Content, doc_id: str) -> dict:
    """What a summary reports against its plan (based_on): goals with their verdicts, tasks
    with their status, and the sentences counting them, each only where there is data."""
    doc, base = content.documents[doc_id], content.base(doc_id)
    if doc.kind != "summary":
        return {}
    goal_results = {r.goal: r for r in doc.goal_results}
    plan_goals = base.goals if base else []
    plan_tasks = base.tasks if base else []
    goals = []
    for goal in plan_goals:
        actual, verdict = judgement(goal, goal_results.get(goal.id))
        goals.append(dict(goal=goal, result=goal_results.get(goal.id), actual=actual, verdict=verdict))
    tasks = {t.id: t for t in plan_tasks}
    reports = []  # every top-level result, in the summary's order, then plan tasks not reported
    for result in doc.results:
        task = tasks.get(result.task)
        reports.append(dict(task=task, result=result, heading=result.heading or (task.heading if task else ""),
                            status=result.status or ("未报告" if task else None)))
    reported = {r.task for r in doc.results}
    reports += [dict(task=t, result=None, heading=t.heading, status="未报告") for t in plan_tasks
                if t.id not in reported]
    statuses = [r["status"] for r in reports if r["task"]]
    period = "全年" if doc.period == "全年" else doc.period
    parts = []
    if statuses:
        parts.append("，".join([f"{period}计划任务{len(statuses)}项"]
                              + [f"{s}{statuses.count(s)}项" for s in (*STATUSES, "未报告") if statuses.count(s)]))
    if goals:
        names = {"达成": "达成", "未达成": "未达成", "—": "无量化指标", "未报告": "尚未报告结果"}
        verdicts = [g["verdict"] for g in goals]
        parts.append(f"{len(goals)}项工作目标中，" + "，".join(
            f"{names[v]}{verdicts.count(v)}项" for v in names if verdicts.count(v)))
    steps = [r.next_step for r, _ in walk_results(doc.results) if r.next_step] + list(doc.next_steps)
    return dict(
        plan_title=base.title.replace("\n", "") if base else None,
        goal_reports=goals,
        reports=reports,
        overview_text="；".join(parts),
        unfinished=[r for r in reports if r["status"] in ("基本完成", "未完成", "持续推进")],
        # a result's events to print (beside its narrative, once, in date order): new_events(r)
        new_events=lambda result: wording.new_events(result, content.year),
        next_steps=wording.distinct_steps(steps),
    )

