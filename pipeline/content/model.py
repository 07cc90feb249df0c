"""Typed records of the content, with stable IDs. The declared schema of the content files.

The model knows nothing about output formats. Field names are the keys writers type.
"""
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator

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


# ---------------------------------------------------------------- one year's content
class Attachment(Record):
    title: str  # 任务分解表
    template: str  # templates/attachments/<template>.md.j2


class DocumentMeta(Record):
    title: Title
    date: dt.date  # 成文日期
    addressee: str | None = None  # 主送
    signature: str | None = None  # defaults to the organisation's
    preamble: Prose | None = None
    basis: str | None = None  # basis document, written without 《》
    closing: Prose | None = None
    attachments: list[Attachment] | None = None  # None: the kind's default (方案: 任务分解表)


class Documents(Record):
    plan: DocumentMeta | None = None
    scheme: DocumentMeta | None = None
    summary: DocumentMeta | None = None


class Goal(Record):
    id: Id
    text: Text
    target: TargetField | None = None


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


class Phase(Record):
    id: Id
    name: Text
    start: YearMonthField
    end: YearMonthField
    items: list[str] = []


class Activity(Record):
    text: Text
    day: Annotated[int, Field(ge=1, le=31)] | None = None
    last_day: Annotated[int, Field(ge=1, le=31)] | None = None  # for ranges: 4月9-10日


class MonthPlan(Record):
    month: Month
    items: list[Activity] = Field(min_length=1)


class YearContent(Record):
    year: int
    documents: Documents
    leadership: Id | None = None
    guiding: Prose | None = None  # 指导思想
    overall_goal: Prose | None = None  # 总体目标
    goals: list[Goal] = []
    principles: list[Id] = []
    tasks: list[Task] = []
    phases: list[Phase] = []
    activities: list[MonthPlan] = []
    safeguards: list[Id] = []


# ---------------------------------------------------------------- everything loaded
@dataclass(frozen=True)
class Content:
    org: Organisation
    library: Library
    year: YearContent
    results: "Results | None" = None

    def leadership_group(self) -> LeadershipGroup | None:
        return next((g for g in self.org.leadership_groups if g.id == self.year.leadership), None)

    def safeguards(self) -> list[Snippet]:
        by_id = {s.id: s for s in self.library.safeguards}
        return [by_id[i] for i in self.year.safeguards]

    def principles(self) -> list[Snippet]:
        by_id = {s.id: s for s in self.library.principles}
        return [by_id[i] for i in self.year.principles]


def walk_tasks(tasks: list[Task], loc: tuple = ("tasks",)):
    """Every task and sub-task, depth first, with where it stands in plan.yaml:
    ("tasks", 1, "subtasks", 0) for the first sub-task of the second task."""
    for i, task in enumerate(tasks):
        yield task, loc + (i,)
        yield from walk_tasks(task.subtasks, loc + (i, "subtasks"))


# ---------------------------------------------------------------- what happened: results
STATUSES = ("已完成", "基本完成", "未完成", "持续推进")
Status = Literal["已完成", "基本完成", "未完成", "持续推进"]


class Exemplar(Record):
    name: str
    post: str
    deed: str


class Event(Record):
    date: dt.date
    text: str


class GoalResult(Record):
    goal: Id
    actual: float | int | None = None  # the measured value of the goal's target
    note: str | None = None


class TaskResult(Record):
    task: Id
    status: Status
    headline: str | None = None  # "action + result" heading for the summary
    narrative: Prose | None = None
    figures: list[str] = []
    exemplars: list[Exemplar] = []
    events: list[Event] = []
    next_step: Prose | None = None  # 下一步打算 for a task not 已完成; else one is worded by status


class Results(Record):
    year: int
    opening: Prose | None = None
    goals: list[GoalResult] = []
    tasks: list[TaskResult] = []
    problems: list[Prose] = []  # 存在问题
    next_steps: list[Prose] = []  # 下一步打算
