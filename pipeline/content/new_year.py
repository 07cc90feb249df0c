"""Start next year's content from the latest year: `pipeline new-year 2025`.

Reusable parts stay referenced (领导小组, 保障措施, 基本原则 by ID); dates move by a year;
tasks the results left unfinished are marked `continued_from` (延续); targets and
year-specific prose keep last year's values with a 待复核 comment, listed at the end of the
file, and `pipeline check` warns while any remain. Comments and key order are kept.
"""
import datetime as dt
import io
import re
import shutil
import tempfile
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..errors import PipelineError, Problem
from .load import PLAN_FILE, RESULTS_FILE, load, round_trip_yaml, years

REVIEW = "待复核"
MARKER = re.compile(rf"#\s*{REVIEW}\s*$")  # the comment new-year writes; the list at the end has none


def shift_date(day: dt.date, years_on: int) -> dt.date:
    try:
        return day.replace(year=day.year + years_on)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years_on, day=28)


def shift_month(text: str, years_on: int) -> str:
    year, month = str(text).split("-")
    return f"{int(year) + years_on}-{month}"


def new_year(content_dir: Path, year: int, source: int | None = None, force: bool = False) -> tuple[Path, list[str]]:
    """Create content/<year>/plan.yaml; return its path and the items left for review."""
    content_dir = Path(content_dir)
    have = years(content_dir)
    source = source or max([y for y in have if y < year], default=None)
    if source is None or source not in have:
        raise PipelineError([Problem("E112", f"没有可作为起点的年度（已有：{'、'.join(map(str, have)) or '无'}）",
                                     content_dir)])
    target = content_dir / str(year)
    if target.exists() and not force:
        raise PipelineError([Problem("E118", f"{target} 已存在，未做任何改动；如确需重建，请加 --force"
                                             "（原目录会先备份）", target)])
    old = load(content_dir, source)  # the source must be valid before anything is written
    unfinished = {r.task for r in (old.results.tasks if old.results else []) if r.status != "已完成"}
    yaml = round_trip_yaml()
    data = yaml.load((content_dir / str(source) / PLAN_FILE).read_text(encoding="utf-8"))
    review: list[str] = []
    _roll(data, year - source, source, unfinished, review)
    review_block = "\n".join([f"复核清单：以下内容沿用{source}年，逐项核改后删除对应的“{REVIEW}”注释"]
                             + [f"- {item}" for item in review])
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue() + "\n" + "".join(f"# {line}\n" for line in review_block.splitlines())
    _replace_dir(target, {PLAN_FILE: text}, content_dir)
    return target / PLAN_FILE, review


def _roll(data: CommentedMap, years_on: int, source: int, unfinished: set[str], review: list[str]):
    data["year"] = data["year"] + years_on
    for kind, meta in (data.get("documents") or {}).items():
        if meta is None:
            continue
        meta["title"] = str(meta["title"]).replace(str(source), str(source + years_on))
        meta["date"] = shift_date(meta["date"], years_on)
        _mark(meta, "date", f"documents.{kind}.date 成文日期", review)
        if meta.get("preamble"):
            _mark(meta, "preamble", f"documents.{kind}.preamble 前言", review)
    for key, label in (("guiding", "指导思想"), ("overall_goal", "总体目标")):
        if data.get(key):
            _mark(data, key, f"{key} {label}", review)
    for goal in data.get("goals") or []:
        if goal.get("target"):
            _mark(goal, "target", f"goals {goal['id']} 指标（沿用{source}年）", review)
    for task in _tasks(data.get("tasks") or []):
        deadline = task.get("deadline")
        if isinstance(deadline, dt.date):
            task["deadline"] = shift_date(deadline, years_on)
        elif isinstance(deadline, str) and "-" in deadline:
            task["deadline"] = shift_month(deadline, years_on)
        if task["id"] in unfinished:
            position = list(task).index("subtasks") if "subtasks" in task else len(task)
            task.insert(position, "continued_from", source)
            _mark(task, "continued_from", f"tasks {task['id']} 延续自{source}年，请更新正文和完成时限", review)
    for phase in data.get("phases") or []:
        phase["start"] = shift_month(phase["start"], years_on)
        phase["end"] = shift_month(phase["end"], years_on)
    if data.get("activities"):
        _mark(data, "activities", "activities 月度活动安排（日期沿用上年）", review)


def _tasks(tasks):
    for task in tasks:
        yield task
        yield from _tasks(task.get("subtasks") or [])


def _mark(mapping: CommentedMap, key: str, item: str, review: list[str]):
    """A 待复核 comment at the end of the value's line, or above a multi-line value."""
    value = mapping[key]
    if isinstance(value, (list, dict)) or (isinstance(value, str) and "\n" in value.strip()) \
            or type(value).__name__ == "LiteralScalarString":
        mapping.yaml_set_comment_before_after_key(key, before=REVIEW, indent=mapping.lc.col)
    else:
        mapping.yaml_add_eol_comment(REVIEW, key)
    review.append(item)


def _replace_dir(target: Path, files: dict[str, str], content_dir: Path):
    """Write the new year's folder whole, then move it into place; an existing one is kept
    as content/.backup/<year>-<time>/ first."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=content_dir))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        if target.exists():
            backup = content_dir / ".backup" / f"{target.name}-{dt.datetime.now():%Y%m%d-%H%M%S}"
            backup.parent.mkdir(exist_ok=True)
            shutil.move(str(target), str(backup))
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def review_markers(content_dir: Path, year: int) -> list[Problem]:
    """W302 for every 待复核 marker still in the year's plan."""
    path = Path(content_dir) / str(year) / PLAN_FILE
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:  # missing or unreadable: the loader reports it
        return []
    return [Problem("W302", "此处沿用上年内容，尚未复核；核改后删除“待复核”注释", path, n)
            for n, line in enumerate(text.splitlines(), start=1) if MARKER.search(line)]


__all__ = ["new_year", "review_markers", "RESULTS_FILE"]
