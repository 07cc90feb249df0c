"""Typed records of the content, with stable IDs. The declared schema of the content files.

The model knows nothing about output formats. Field names are the keys writers type.
"""
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, model_validator

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Prose = str  # a small Markdown subset: paragraphs, **emphasis**, lists, simple tables
Month = Annotated[int, Field(ge=1, le=12)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# ---------------------------------------------------------------- values with a text form
COMPARISONS = {">=": "≥", "<=": "≤", "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<"}
_TARGET = re.compile(r"^\s*(?P<indicator>.+?)\s*(?P<op>>=|<=|≥|≤|=|>|<)\s*"
                     r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>\S*)\s*$")


@dataclass(frozen=True)
class Target:
    """A measurable target: 门诊患者满意度 ≥ 90%."""

    indicator: str
    comparison: str  # one of ≥ ≤ = > <
    value: float
    unit: str

    @classmethod
    def parse(cls, text: str) -> "Target":
        m = _TARGET.match(text)
        if not m:
            raise ValueError("target")
        return cls(m["indicator"], COMPARISONS[m["op"]], float(m["value"]), m["unit"])

    def __str__(self) -> str:
        return f"{self.indicator} {self.comparison} {format_number(self.value)}{self.unit}"

    def is_met(self, actual: float) -> bool:
        return {"≥": actual >= self.value, "≤": actual <= self.value, "=": actual == self.value,
                ">": actual > self.value, "<": actual < self.value}[self.comparison]


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "YearMonth":
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
        if not m:
            raise ValueError("yearmonth")
        month = int(m[2])
        if not 1 <= month <= 12:
            raise ValueError("month")
        return cls(int(m[1]), month)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


DEADLINE_WORDS = ("全年", "长期")


@dataclass(frozen=True)
class Deadline:
    """完成时限: a day (2024-06-30), the end of a month (2024-06), or 全年 / 长期."""

    day: dt.date | None = None
    month: YearMonth | None = None
    word: str | None = None

    @classmethod
    def parse(cls, value) -> "Deadline":
        if isinstance(value, dt.date):
            return cls(day=value)
        if isinstance(value, str):
            if value.strip() in DEADLINE_WORDS:
                return cls(word=value.strip())
            try:
                return cls(month=YearMonth.parse(value))
            except ValueError as e:
                if str(e) == "month":
                    raise
        raise ValueError("deadline")

    def last_day(self, year: int) -> dt.date:
        if self.day:
            return self.day
        if self.month:
            y, m = self.month.year, self.month.month
            return dt.date(y, m, calendar.monthrange(y, m)[1])
        return dt.date(year, 12, 31)


def _parsed(parser):
    """A value written as text (or a date), parsed by the record's own parser."""
    def convert(value):
        if isinstance(value, str) or (parser == Deadline.parse and isinstance(value, dt.date)):
            return parser(value)
        raise ValueError(parser.__qualname__.split(".")[0].lower())
    return PlainValidator(convert)


# Bidi and other format controls: invisible, and they reorder what a file manager shows
# (U+202E makes 方案.exe.docx look like 方案xcod.exe).
FORMAT_CONTROLS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A file name holds 255 bytes; our temporary name adds 19 to the stem (.<stem>.docx.XXXXXXXX.tmp).
TITLE_BYTES = 200  # 66 Chinese characters


def _title(value: str) -> str:
    """A document's title also names its files: not empty, no character a file name forbids."""
    if not value.strip() or re.search(r'[\\/:*?"<>|\x00-\x09\x0b-\x1f]', value):
        raise ValueError("title")
    if FORMAT_CONTROLS.search(value):
        raise ValueError("title-control")
    if len(file_stem(value).encode("utf-8")) > TITLE_BYTES:
        raise ValueError("title-length")
    return value


Title = Annotated[str, AfterValidator(_title)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]  # a heading, a name: printed, so never empty


def file_stem(title: str) -> str:
    """The output files' name: the title without its line breaks and spaces."""
    return "".join(title.split())
TargetField = Annotated[Target, _parsed(Target.parse)]
YearMonthField = Annotated[YearMonth, _parsed(YearMonth.parse)]
DeadlineField = Annotated[Deadline, _parsed(Deadline.parse)]


# ---------------------------------------------------------------- the organisation
class Member(Record):
    role: Literal["组长", "副组长", "成员"]
    post: str
    name: str | None = None


class Office(Record):
    name: str
    located_in: str  # a department
    head: str  # a post, e.g. 党委办公室主任
    head_name: str | None = None
    duties: Prose


class LeadershipGroup(Record):
    id: Id
    name: str
    members: list[Member] = Field(min_length=1)
    office: Office | None = None


class Organisation(Record):
    name: str
    short_name: str  # how documents refer to it: 我院
    signature: str  # 落款
    departments: list[str] = Field(min_length=1)
    leadership_groups: list[LeadershipGroup] = []


# ---------------------------------------------------------------- reusable snippets
class Snippet(Record):
    id: Id
    heading: Text
    body: Prose


class Library(Record):
    safeguards: list[Snippet] = []
    principles: list[Snippet] = []


# ---------------------------------------------------------------- a document's records
class Attachment(Record):
    title: str  # 任务分解表
    template: str  # templates/attachments/<template>.md.j2


class Goal(Record):
    """A goal: its text, its measurable target, or both (the target alone reads as the goal:
    门诊患者满意度达到90%以上)."""

    id: Id
    text: Text | None = None
    target: TargetField | None = None

    @model_validator(mode="after")
    def _said(self):
        if self.text is None and self.target is None:
            raise ValueError("goal-empty")
        return self


class Task(Record):
    id: Id
    heading: Text
    body: Prose | None = None
    owners: list[str] = []  # departments
    lead: str | None = None  # a post
    deadline: DeadlineField | None = None
    goals: list[Id] = []
    continued_from: int | None = None  # 延续: carried over unfinished from that year
    subtasks: list["Task"] = []


RELATIVE_MONTHS = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")


class Phase(Record):
    """A stage of the work: dated (2024-04 … 2025-09, across years too), relative to the start
    (months: 1-6 → 第1-6个月), or undated."""

    id: Id
    name: Text
    start: YearMonthField | None = None
    end: YearMonthField | None = None
    months: Annotated[str, Field(pattern=RELATIVE_MONTHS.pattern)] | Annotated[int, Field(ge=1)] | None = None
    items: list[Prose] = []

    @model_validator(mode="after")
    def _one_kind_of_span(self):
        if (self.start is None) != (self.end is None):
            raise ValueError("phase-span")
        if self.start and self.months is not None:
            raise ValueError("phase-both")
        return self


class Activity(Record):
    text: Text
    month: Month | None = None  # in a row of months written together (七月、八月): which one
    day: Annotated[int, Field(ge=1, le=31)] | None = None
    last_day: Annotated[int, Field(ge=1, le=31)] | None = None  # for ranges: 4月9-10日
    items: list["Activity"] = []  # what the activity consists of, with their own days


class MonthPlan(Record):
    """One row of a 月度活动安排: a month (3), or months written together (七月、八月: [7, 8])."""

    month: Month | None = None
    months: list[Month] = []
    items: list[Activity] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_month_field(self):
        if (self.month is None) == (not self.months):
            raise ValueError("month-one")
        return self

    @property
    def month_list(self) -> list[int]:
        return [self.month] if self.month else list(self.months)


class Duty(Record):
    """部门职责: a department and what it answers for."""

    department: Text
    duties: list[Prose] = Field(min_length=1)


class Rule(Record):
    """A 考核 rule: what happens (trigger) and its reward or its penalty."""

    trigger: Text
    reward: str | None = None
    penalty: str | None = None

    @model_validator(mode="after")
    def _one_consequence(self):
        if (self.reward is None) == (self.penalty is None):
            raise ValueError("rule-one")
        return self


class Assessment(Record):
    cadence: Prose | None = None  # 每季度考核一次，年终综合评定
    rules: list[Rule] = []


class Event(Record):
    """What an 活动方案 is about: its theme, days, place and who takes part."""

    theme: Prose | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    place: Prose | None = None
    participants: Prose | None = None


# ---------------------------------------------------------------- what happened: results
STATUSES = ("已完成", "基本完成", "未完成", "持续推进")
Status = Literal["已完成", "基本完成", "未完成", "持续推进"]


class Person(Record):
    """A named person: with a deed (先进事迹), or only listed under an honour."""

    name: Text
    post: str | None = None
    deed: str | None = None
    honour: str | None = None  # 县级优秀共产党员: people listed without a deed are grouped by it


class DatedEvent(Record):
    date: dt.date
    text: Text


class GoalResult(Record):
    goal: Id
    actual: float | int | None = None  # the measured value of the goal's target
    note: str | None = None


class Result(Record):
    """One reported piece of work: against a plan's task (task, status), or on its own (heading)."""

    task: Id | None = None
    status: Status | None = None
    heading: Text | None = None  # "action + result" heading; defaults to the task's
    narrative: Prose | None = None
    figures: list[str] = []
    people: list[Person] = []
    events: list[DatedEvent] = []
    next_step: Prose | None = None
    results: list["Result"] = []  # sub-items inside a reported section

    @model_validator(mode="after")
    def _named(self):
        if self.task is None and self.heading is None:
            raise ValueError("result-heading")
        return self


# ---------------------------------------------------------------- the outline
# Typed section bodies, each written by templates/sections/<body>.md.j2.
BODIES = ("guiding", "goals", "principles", "roster", "tasks", "phases", "monthly", "safeguards",
          "duties", "assessment", "theme", "time", "place", "participants", "outcomes",
          "overview", "results", "problems", "next_steps")
Body = Literal[BODIES]
# How a section's items (its sub-headings, or else its list items) are marked.
MARKERS = ("numbered", "yishi", "diyi", "run_in", "standalone", "stage")
Markers = Literal[MARKERS]


class Section(Record):
    """One section of a document's outline: a heading, an optional lead-in, and a typed body
    (body: tasks), free text (Markdown: paragraphs, ## sub-headings, lists, tables), or
    sub-sections. A bare name (- tasks) is a typed section under its default heading."""

    heading: Text | None = None
    lead: Prose | None = None
    body: Body | None = None
    text: Prose | None = None
    sections: list["Section"] = []
    markers: Markers | None = None  # default numbered: 一、（一）1.（1）
    form: Literal["table", "list"] | None = None  # monthly: a table (default) or a list
    group: Id | None = None  # roster: which 领导小组 (default: the document's leadership)
    flat: bool = False  # no heading of its own: its items stand at its level (a 总结's 一、… results)

    @model_validator(mode="before")
    @classmethod
    def _bare_name(cls, value):
        return {"body": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _has_heading_or_body(self):
        if self.heading is None and self.body is None:
            raise ValueError("section-heading")
        return self


KINDS = {"plan": "计划", "scheme": "方案", "summary": "总结"}
PERIODS = ("全年", "上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度")

# Fields that hold records a document may take from the one it is based on (based_on).
RECORD_FIELDS = ("leadership", "guiding", "overall_goal", "goals", "principles", "tasks", "phases",
                 "activities", "safeguards", "duties", "assessment", "event", "outcomes")


class DocumentContent(Record):
    """One document: content/<year>/<id>.yaml. Its ID is the file's name."""

    kind: Literal["plan", "scheme", "summary"]
    title: Title
    date: dt.date  # 成文日期
    period: Literal[PERIODS] = "全年"
    campaign_end: YearMonthField | None = None  # a campaign that runs into a later year
    based_on: Id | None = None  # another document of the year: its records, the plan a summary reports on
    addressee: str | None = None  # 主送
    signature: str | None = None  # defaults to the organisation's
    preamble: Prose | None = None
    basis: list[str] = []  # documents it is based on, written without 《》
    closing: Prose | None = None
    attachments: list[Attachment] | None = None  # None: the kind's default (方案: 任务分解表)
    sections: list[Section] | None = None  # None: the kind's default outline
    # records
    leadership: Id | LeadershipGroup | None = None  # an org.yaml group's ID, or the document's own group
    departments: list[str] = []  # departments this document names beyond org.yaml (an imported unit's)
    guiding: Prose | None = None  # 指导思想
    overall_goal: Prose | None = None  # 总体目标
    goals: list[Goal] = []
    principles: list[Id] = []
    tasks: list[Task] = []
    phases: list[Phase] = []
    activities: list[MonthPlan] = []
    safeguards: list[Id] = []
    duties: list[Duty] = []
    assessment: Assessment | None = None
    event: Event | None = None
    outcomes: list[Prose] = []  # 预期成果
    # results, for a summary
    goal_results: list[GoalResult] = []
    results: list[Result] = []
    problems: list[Prose] = []  # 存在问题
    next_steps: list[Prose] = []  # 下一步打算

    def with_base(self, base: "DocumentContent | None") -> "DocumentContent":
        """This document with the records it leaves empty taken from its base document."""
        if base is None:
            return self
        taken = {f: getattr(base, f) for f in RECORD_FIELDS if not getattr(self, f) and getattr(base, f)}
        return self.model_copy(update=taken)


# ---------------------------------------------------------------- everything loaded
@dataclass(frozen=True)
class Content:
    """The unit's shared files and one year's documents, by ID, in file-name order."""

    org: Organisation
    library: Library
    year: int
    documents: dict  # id → DocumentContent
    sources: dict  # id (or "org", "library") → load.Source, for file:line

    def document(self, doc_id: str) -> DocumentContent:
        """A document with what it takes from its base (based_on) filled in."""
        doc = self.documents[doc_id]
        return doc.with_base(self.documents.get(doc.based_on))

    def base(self, doc_id: str) -> "DocumentContent | None":
        return self.documents.get(self.documents[doc_id].based_on)

    def leadership_group(self, group) -> LeadershipGroup | None:
        if isinstance(group, LeadershipGroup):
            return group
        return next((g for g in self.org.leadership_groups if g.id == group), None)

    def snippets(self, kind: str, ids: list[str]) -> list[Snippet]:
        by_id = {s.id: s for s in getattr(self.library, kind)}
        return [by_id[i] for i in ids if i in by_id]


def walk_tasks(tasks: list[Task], loc: tuple = ("tasks",)):
    """Every task and sub-task, depth first, with where it stands in its file:
    ("tasks", 1, "subtasks", 0) for the first sub-task of the second task."""
    for i, task in enumerate(tasks):
        yield task, loc + (i,)
        yield from walk_tasks(task.subtasks, loc + (i, "subtasks"))


def walk_sections(sections: list[Section], loc: tuple = ("sections",), level: int = 1):
    """Every section of an outline with its place in the file and its heading level."""
    for i, section in enumerate(sections):
        yield section, loc + (i,), level
        yield from walk_sections(section.sections, loc + (i, "sections"), level + 1)


def walk_results(results: list[Result], loc: tuple = ("results",)):
    for i, result in enumerate(results):
        yield result, loc + (i,)
        yield from walk_results(result.results, loc + (i, "results"))
