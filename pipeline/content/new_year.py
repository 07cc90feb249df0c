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
from .load import document_files, load, round_trip_yaml, years
from .model import walk_results

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
    """Create content/<year>/ from the source year's plans and schemes (a summary belongs to
    its year and is not carried); return the folder and the items left for review."""
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
    unfinished = {}  # plan ID → its tasks a summary reported as not 已完成
    for doc in old.documents.values():
        if doc.kind == "summary" and doc.based_on:
            unfinished.setdefault(doc.based_on, set()).update(
                r.task for r, _ in walk_results(doc.results) if r.task and r.status and r.status != "已完成")
    yaml = round_trip_yaml()
    files, review = {}, []
    for path in document_files(content_dir / str(source)):
        if old.documents[path.stem].kind == "summary":
            continue
        data = yaml.load(path.read_text(encoding="utf-8"))
        items: list[str] = []
        _roll(data, year - source, source, unfinished.get(path.stem, set()), items)
        review += [f"{path.name}：{item}" for item in items]
        out = io.StringIO()
        yaml.dump(data, out)
        block = [f"复核清单：以下内容沿用{source}年，逐项核改后删除对应的“{REVIEW}”注释"] + [f"- {i}" for i in items]
        files[path.name] = out.getvalue() + "\n" + "".join(f"# {line}\n" for line in block)
    _replace_dir(target, files, content_dir)
    return target, review


def _roll(data: CommentedMap, years_on: int, source: int, unfinished: set[str], review: list[str]):
    data["title"] = str(data["title"]).replace(str(source), str(source + years_on))
    data["date"] = shift_date(data["date"], years_on)
    _mark(data, "date", "date 成文日期", review)
    if data.get("preamble"):
        _mark(data, "preamble", "preamble 前言", review)
    for key, label in (("guiding", "指导思想"), ("overall_goal", "总体目标")):
        if data.get(key):
            _mark(data, key, f"{key} {label}", review)
    for goal in data.get("goals") or []:
        if goal.get("target"):
            _mark(goal, "target", f"goals {goal['id']} 指标（沿用{source}年）", review)
    campaign = data.get("campaign_end") is not None  # a campaign's dates are its own: not moved
    for task in _tasks(data.get("tasks") or []):
        deadline = task.get("deadline")
        if campaign:
            pass
        elif isinstance(deadline, dt.date):
            task["deadline"] = shift_date(deadline, years_on)
        elif isinstance(deadline, str) and "-" in deadline:
            task["deadline"] = shift_month(deadline, years_on)
        if task["id"] in unfinished:
            position = list(task).index("subtasks") if "subtasks" in task else len(task)
            task.insert(position, "continued_from", source)
            _mark(task, "continued_from", f"tasks {task['id']} 延续自{source}年，请更新正文和完成时限", review)
    for phase in data.get("phases") or []:
        for key in ("start", "end"):
            if phase.get(key) is not None and not campaign:
                phase[key] = shift_month(phase[key], years_on)
    if campaign:
        _mark(data, "campaign_end", "campaign_end 跨年度的创建周期：阶段和时限未顺延，请核对", review)
    event = data.get("event")
    if event:
        for key in ("start", "end"):
            if isinstance(event.get(key), dt.date):
                event[key] = shift_date(event[key], years_on)
        _mark(data, "event", "event 活动时间和地点（日期已顺延一年）", review)
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
    """W302 for every 待复核 marker still in the year's documents."""
    problems = []
    for path in document_files(Path(content_dir) / str(year)):
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:  # unreadable: the loader reports it
            continue
        problems += [Problem("W302", "此处沿用上年内容，尚未复核；核改后删除“待复核”注释", path, n)
                     for n, line in enumerate(text.splitlines(), start=1) if MARKER.search(line)]
    return problems


__all__ = ["new_year", "review_markers"]
