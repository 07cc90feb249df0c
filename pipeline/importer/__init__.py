"""Import: last year's Word file (or a web page's text, or a PDF) in, clean content out.

read (readers) → clean up (cleanup) → split documents and recover the outline (structure) →
recognise records (records) → validate against the model → write content/<year>/<id>.yaml,
and report what went where, what was removed, and every guess with its evidence (report).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..content.model import ID_PATTERN, DocumentContent
from ..errors import PipelineError, Problem
from . import cleanup, records, structure
from .readers import read

COLLECTION_SPLIT = re.compile(r"^【?篇[一二三四五六七八九十\d]+】?$")


@dataclass
class DocumentReport:
    source: Path
    doc_id: str
    title: str
    kind: str
    year: int
    path: Path | None = None  # where it was written
    placed: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    guesses: list = field(default_factory=list)
    review: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class Parsed:
    data: dict
    report: DocumentReport
    unit: str | None
    departments: set


def parse_file(path: Path, year: int | None = None, kind: str | None = None) -> list[Parsed]:
    """Every document in a file, as content, with its report. Nothing is written."""
    source = read(path)
    # text through a web page may be broken inside sentences (a PDF's lines the reader joined)
    lines, removed, changes = cleanup.clean(source.paragraphs, wrapped=source.format in ("txt", "md"),
                                            web=source.format in ("txt", "md"))
    if not lines:
        raise PipelineError([Problem("E142", f"{path.name} 中没有正文文字", path)])
    pieces = _split_documents(lines, removed)
    out = []
    for n, piece in enumerate(pieces, 1):
        piece, split_notes = structure.split_glued(piece)
        root = structure.outline(piece)
        result = records.Imported({})
        found_year, unit = records.frame(root, result, year, kind)
        result.data["_year"] = found_year
        outline = records.sections(root, result, result.data["kind"])
        result.data.pop("_year")
        data = _ordered(result.data, outline)
        doc_id = _doc_id(path, data, n, len(pieces))
        report = DocumentReport(path, doc_id, data["title"], data["kind"], found_year,
                                placed=result.placed, removed=removed if n == 1 else [],
                                changes=changes + split_notes if n == 1 else split_notes,
                                guesses=result.guesses, review=result.review, notes=list(source.notes))
        if len(pieces) > 1:
            report.notes.append(f"文件中有 {len(pieces)} 篇文档，这是第 {n} 篇")
        out.append(Parsed(data, report, unit, result.departments))
    return out


def _split_documents(lines, removed):
    """A web collection holds several documents: split at its 【篇N】 markers (what comes before
    the first is the collection's own title), or else before a title line that follows a 落款."""
    marked = [i for i, line in enumerate(lines) if line.starts_document]
    if marked:
        removed += [cleanup.Removed(line.text, "合集标题") for line in lines[:marked[0]]]
        bounds = marked + [len(lines)]
        return [lines[a:b] for a, b in zip(bounds, bounds[1:])]
    starts = [0]
    for i, line in enumerate(lines):
        text = line.text
        if re.search(r"(方案|计划|总结|要点)$", text) and len(text) <= 40 and not re.search(r"[。，；]", text):
            prev = lines[i - 1].text if i else ""
            if i and (prev.endswith(("。", "日")) or re.fullmatch(r".{2,30}" + records.UNIT_END, prev)) \
                    and i - starts[-1] > 3:
                starts.append(i)
    bounds = starts + [len(lines)]
    return [lines[a:b] for a, b in zip(bounds, bounds[1:]) if lines[a:b]]


KEY_ORDER = ["kind", "title", "date", "period", "based_on", "addressee", "signature", "preamble", "basis",
             "sections", "closing", "attachments", "leadership", "departments", "guiding", "overall_goal", "goals",
             "tasks", "phases", "activities", "duties", "assessment", "event", "outcomes", "results",
             "problems", "next_steps"]


def _ordered(data: dict, outline: list[dict]) -> dict:
    data = dict(data, sections=outline)
    out = {k: data[k] for k in KEY_ORDER if k in data and data[k] not in (None, [], {}, "")}
    if data["kind"] == "scheme" and not data.get("_task_table"):
        out["attachments"] = []  # the source had no 任务分解表: the build adds none
    return {k: out[k] for k in KEY_ORDER if k in out}


def _doc_id(path: Path, data: dict, n: int, count: int) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-_")
    base = stem if re.fullmatch(ID_PATTERN, stem or "-") else f"{data['kind']}-{data['date'].year}"
    return f"{base}-{n}" if count > 1 else base


def validated(parsed: Parsed, known_departments: set[str]) -> dict:
    """The content as the model reads it. Departments the unit's org.yaml lacks are listed in
    the document's own departments:, for the writer to move into org.yaml."""
    data = dict(parsed.data)
    extra = sorted(parsed.departments - known_departments)
    if extra:
        data["departments"] = extra
        parsed.report.review.append(f"org.yaml 中没有的部门已写入本文档的 departments：{'、'.join(extra)}；"
                                    "请核对后移入 org.yaml")
        data = {k: data[k] for k in KEY_ORDER if k in data}
    try:
        DocumentContent.model_validate(data)
    except ValidationError as e:  # a shape the importer does not yet turn into valid content
        where = "；".join(f"{'.'.join(map(str, err['loc']))}：{err['msg']}" for err in e.errors()[:3])
        raise PipelineError([Problem("E147", f"「{parsed.report.title}」未能整理为有效的内容（{where}）；"
                                             "请把这份文档另存为 .docx 或 .txt 后重试，或手工录入这一部分",
                                     parsed.report.source)]) from None
    return data
