"""Writing imported documents into the content folder, as one set, never over existing content
without --force (which backs it up first). A unit's first import also writes org.yaml (its
name, 落款 and departments) and an empty library.yaml."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..build import write_set
from ..content.load import LIBRARY_FILE, ORG_FILE, read_yaml, round_trip_yaml, validate
from ..content.model import Organisation
from ..errors import PipelineError, Problem
from . import DocumentReport, Parsed, parse_file, validated

HEADER = "# 导入自 {source}（pipeline import，{day}）：请按导入报告复核后删除本行\n"


def import_files(files: list[Path], into: Path, year: int | None = None, kind: str | None = None,
                 force: bool = False, progress=None) -> tuple[list[DocumentReport], list[Problem]]:
    """Import every file; return the reports of what was written and the problems of the files
    that could not be imported (the others are imported all the same)."""
    into = Path(into)
    parsed: list[Parsed] = []
    problems: list[Problem] = []
    for path, result in _parse_all(files, year, kind, progress):
        if isinstance(result, PipelineError):
            problems += result.problems
        else:
            parsed += result
    if not parsed:
        return [], problems
    org_path = into / ORG_FILE
    outputs: dict[Path, bytes] = {}
    if org_path.exists():
        org, found = validate(read_yaml(org_path), Organisation)
        if found:
            raise PipelineError(found)
        known = set(org.departments)
    else:
        unit = next((p.unit for p in parsed if p.unit), None) or "（单位名称）"
        departments = sorted({d for p in parsed for d in p.departments}) or ["办公室"]
        outputs[org_path] = _org_yaml(unit, departments)
        if not (into / LIBRARY_FILE).exists():
            outputs[into / LIBRARY_FILE] = "# 每年通用的片段：保障措施、基本原则，按编号引用\n{}\n".encode()
        known = set(departments)
    taken = set()
    backups = []
    titles = _titles(into)  # (year, title) → the file that has it
    for p in parsed:
        report = p.report
        try:
            data = validated(p, known)
        except PipelineError as e:  # this document only: the others are imported all the same
            problems += e.problems
            continue
        same = titles.get((report.year, "".join(report.title.split())))
        if same and not (force and same.stem == report.doc_id):
            problems.append(Problem("E146", f"「{report.title}」与 {same} 标题相同（已导入过？），未导入；"
                                            "如要重新导入，请删除或用 --force 覆盖该文件", report.source))
            continue
        doc_id = report.doc_id
        n = 2
        while (report.year, doc_id) in taken:
            doc_id, n = f"{report.doc_id}-{n}", n + 1
        report.doc_id = doc_id
        taken.add((report.year, doc_id))
        target = into / str(report.year) / f"{doc_id}.yaml"
        if target.exists() and not force:
            problems.append(Problem("E146", f"{target} 已存在，未导入「{report.title}」；如确需覆盖，请加 --force"
                                            "（原文件会先备份到 content/.backup/）", target))
            continue
        if target.exists():
            backups.append(target)
        report.path = target
        titles[(report.year, "".join(report.title.split()))] = target
        outputs[target] = (HEADER.format(source=report.source.name, day=dt.date.today()) + dump(data)).encode("utf-8")
    written = [p.report for p in parsed if p.report.path]
    if backups:
        stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
        for target in backups:
            backup = into / ".backup" / f"import-{stamp}" / target.relative_to(into)
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(target, backup)
    if written:
        write_set(outputs)
    return written, problems


def _titles(into: Path) -> dict:
    """(year, title without spaces) → the content file that has it."""
    out = {}
    for path in sorted(into.glob("[0-9][0-9][0-9][0-9]/*.yaml")):
        try:
            m = re.search(r"(?m)^title:\s*(.+?)\s*$", path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if m:
            out[(int(path.parent.name), "".join(m[1].strip("'\"").split()))] = path
    return out


def _parse_all(files, year, kind, progress):
    """Each file parsed, on both cores when there are many."""
    files = [Path(f) for f in files]
    if len(files) < 4:
        for path in files:
            yield path, _parse_one(path, year, kind)
            if progress:
                progress(1)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2) as pool:
        for path, result in zip(files, pool.map(_parse_one, files, [year] * len(files), [kind] * len(files))):
            yield path, result
            if progress:
                progress(1)


def _parse_one(path, year, kind):
    try:
        return parse_file(path, year, kind)
    except PipelineError as e:
        return e


# ---------------------------------------------------------------- YAML
def _yaml_value(value):
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _yaml_value(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq([_yaml_value(v) for v in value])
        if value and all(isinstance(v, str) and len(v) <= 12 and "\n" not in v for v in value):
            seq.fa.set_flow_style()  # [医务科, 护理部]
        return seq
    if isinstance(value, str) and (len(value) > 60 or "\n" in value):
        return LiteralScalarString(value.rstrip("\n") + "\n")
    return value


def dump(data: dict) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(_yaml_value(data), out)
    return out.getvalue()


def _org_yaml(unit: str, departments: list[str]) -> bytes:
    short = "我院" if unit.endswith("医院") else "本单位"
    data = {"name": unit, "short_name": short, "signature": unit, "departments": departments}
    return ("# 单位信息（由 pipeline import 生成）：请核对名称、简称、落款和部门\n" + dump(data)).encode("utf-8")
