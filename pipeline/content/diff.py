"""What changed in meaning between two versions of the content: records matched by ID,
targets old → new, dates moved, and changed text marked character by character.

Chinese has no spaces, so a line or word diff marks a whole paragraph changed; here text is
split into tokens that are single CJK characters, or runs of digits or Latin letters (so
that 90 → 92 reads as one number replaced, not one digit).
"""
import difflib
import html
import re
from dataclasses import dataclass
from dataclasses import field as default

from pydantic import BaseModel

from .model import Content, Deadline
from ..compose.wording import deadline_text

TOKEN = re.compile(r"\d+(?:\.\d+)?|[A-Za-z]+|\s+|.", re.S)

SECTION_NAMES = {"goals": "目标", "tasks": "任务", "subtasks": "子任务", "phases": "阶段",
                 "activities": "月度活动", "safeguards": "保障措施", "principles": "基本原则",
                 "documents": "文档设置", "leadership_groups": "领导小组", "members": "成员",
                 "departments": "部门"}
FIELD_NAMES = {"text": "内容", "target": "指标", "heading": "标题", "body": "正文",
               "owners": "责任部门", "lead": "牵头领导", "deadline": "完成时限", "goals": "关联目标",
               "name": "名称", "start": "开始", "end": "结束", "items": "事项", "title": "标题",
               "date": "成文日期", "preamble": "前言", "guiding": "指导思想", "overall_goal": "总体目标",
               "closing": "结束语", "addressee": "主送", "signature": "落款", "basis": "依据",
               "leadership": "领导小组", "safeguards": "保障措施", "principles": "基本原则",
               "year": "年度", "post": "职务", "role": "角色", "duties": "职责", "month": "月份",
               "day": "日", "last_day": "结束日", "continued_from": "延续自",
               "plan": "计划", "scheme": "方案", "summary": "总结"}


@dataclass
class Change:
    kind: str  # added | removed | changed
    where: str  # 目标 G01
    field: str = ""  # 指标
    old: str = ""
    new: str = ""
    spans: list[tuple[str, str]] = default(default_factory=list)  # (op, text): equal | delete | insert

    def summary(self) -> str:
        sign = {"added": "+", "removed": "-", "changed": "~"}[self.kind]
        head = f"{sign} {self.where}" + (f" {self.field}" if self.field else "")
        if self.kind == "changed":
            return f"{head}：{self.old} → {self.new}"
        return f"{head}：{self.new or self.old}" if (self.new or self.old) else head


def char_spans(old: str, new: str) -> list[tuple[str, str]]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    spans = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            spans.append(("equal", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            spans.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            spans.append(("insert", "".join(b[j1:j2])))
    return spans


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Deadline):  # as the document words it: 2024年9月底前
        return deadline_text(value)
    if isinstance(value, list):
        items = [as_text(v) for v in value]
        return ("" if any(i.endswith("。") for i in items) else "、").join(items)  # sentences run on
    if isinstance(value, BaseModel):
        return " ".join(as_text(v) for v in value.model_dump().values() if v not in (None, [], ""))
    if isinstance(value, dict):
        return " ".join(as_text(v) for v in value.values() if v not in (None, [], ""))
    return str(value).strip()


def _label(record) -> str:
    for name in ("heading", "name", "text", "title"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value.strip()
    return ""


def diff_records(old, new, where: str) -> list[Change]:
    """Field by field; lists of records with IDs matched by ID; other values compared whole."""
    changes = []
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        if _is_id_list(a) or _is_id_list(b):
            changes += diff_lists(a or [], b or [], f"{where} " if where else "", name)
        elif isinstance(a, BaseModel) and isinstance(b, BaseModel):
            changes += diff_records(a, b, f"{where} {FIELD_NAMES.get(name, SECTION_NAMES.get(name, name))}".strip())
        elif name == "activities":
            changes += diff_lists(_by_month(a), _by_month(b), f"{where} " if where else "", name)
        else:
            old_text, new_text = as_text(a), as_text(b)
            kind = "added" if not old_text else "removed" if not new_text else "changed"
            changes.append(Change(kind, where or "年度内容", FIELD_NAMES.get(name, name), old_text, new_text,
                                  char_spans(old_text, new_text)))
    return changes


def _is_id_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(hasattr(v, "id") for v in value)


@dataclass
class _Month:
    """Activities keyed by month, so a month is added, removed or changed as one record."""

    id: str
    items: list


def _by_month(months) -> list[_Month]:
    return [_Month("、".join(f"{n}月" for n in m.month_list), [as_text(i) for i in m.items]) for m in months or []]


def diff_lists(old: list, new: list, prefix: str, section: str) -> list[Change]:
    name = SECTION_NAMES.get(section, section)
    before, after = {r.id: r for r in old}, {r.id: r for r in new}
    changes = []
    for rid, record in before.items():
        if rid not in after:
            changes.append(Change("removed", f"{prefix}{name} {rid}", old=_label(record)))
    for rid, record in after.items():
        where = f"{prefix}{name} {rid}"
        if rid not in before:
            changes.append(Change("added", where, new=_label(record)))
        elif isinstance(record, _Month):
            if before[rid].items != record.items:
                a, b = "；".join(before[rid].items), "；".join(record.items)
                changes.append(Change("changed", where, "事项", a, b, char_spans(a, b)))
        else:
            changes += diff_records(before[rid], record, where)
    return changes


def diff_content(old: Content, new: Content) -> list[Change]:
    """Document by document (matched by ID, the file's name), then the shared snippets and
    leadership groups the new year's documents use."""
    changes = []
    for doc_id in old.documents:
        if doc_id not in new.documents:
            changes.append(Change("removed", f"文档 {doc_id}", old=old.documents[doc_id].title))
    for doc_id, doc in new.documents.items():
        if doc_id not in old.documents:
            changes.append(Change("added", f"文档 {doc_id}", new=doc.title))
        else:
            changes += diff_records(old.documents[doc_id], doc, f"{doc_id}")
    used = {i for d in new.documents.values() for i in d.safeguards}
    old_used = {i for d in old.documents.values() for i in d.safeguards}
    changes += _snippets(old.snippets("safeguards", sorted(old_used)), new.snippets("safeguards", sorted(used)), "保障措施")
    for group_id in sorted({d.leadership for d in new.documents.values() if d.leadership}):
        old_group, new_group = old.leadership_group(group_id), new.leadership_group(group_id)
        if old_group and new_group and old_group != new_group:
            changes += diff_records(old_group, new_group, f"领导小组 {new_group.id}")
    return changes


def _snippets(old, new, name) -> list[Change]:
    """Shared snippets are referenced by ID: their text may change in library.yaml."""
    before = {s.id: s for s in old}
    return [c for s in new if s.id in before for c in diff_records(before[s.id], s, f"{name} {s.id}")]


# ---------------------------------------------------------------- output
def terminal(changes: list[Change], color: bool) -> str:
    """A line a change. Short values read "old → new"; long text is marked inline, deleted
    [-…-] and inserted {+…+} (red and green in colour)."""
    import click

    def mark(c: Change, keep: set[str]) -> str:
        out = []
        for op, text in c.spans:
            if op not in keep:
                continue
            if op == "equal":
                out.append(text)
            elif color:
                out.append(click.style(text, fg="red" if op == "delete" else "green", bold=True))
            else:
                out.append(f"[-{text}-]" if op == "delete" else f"{{+{text}+}}")
        return "".join(out)

    lines = []
    for c in changes:
        if c.kind != "changed":
            line = c.summary()
            lines.append(click.style(line, fg="green" if c.kind == "added" else "red") if color else line)
        elif max(len(c.old), len(c.new)) <= SHORT:
            old = mark(c, {"equal", "delete"}) if color else c.old
            new = mark(c, {"equal", "insert"}) if color else c.new
            lines.append(f"~ {c.where} {c.field}：{old} → {new}")
        else:
            lines.append(f"~ {c.where} {c.field}：{mark(c, {'equal', 'delete', 'insert'})}")
    return "\n".join(lines)


SHORT = 40  # characters: values up to this long are shown whole, old → new


def html_report(changes: list[Change], title: str) -> str:
    def spans(c):
        return "".join(html.escape(t) if op == "equal" else
                       f"<del>{html.escape(t)}</del>" if op == "delete" else f"<ins>{html.escape(t)}</ins>"
                       for op, t in c.spans)

    rows = []
    for c in changes:
        label = {"added": "新增", "removed": "删除", "changed": "修改"}[c.kind]
        body = spans(c) if c.kind == "changed" and c.spans else html.escape(c.new or c.old)
        rows.append(f'<tr class="{c.kind}"><td>{label}</td><td>{html.escape(c.where)}</td>'
                    f"<td>{html.escape(c.field)}</td><td>{body}</td></tr>")
    count = f"共 {len(changes)} 处变化" if changes else "没有变化"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; text-align: left; }}
tr.added td:first-child {{ color: #1a7f37; }} tr.removed td:first-child {{ color: #cf222e; }}
del {{ background: #ffebe9; color: #cf222e; }} ins {{ background: #dafbe1; color: #1a7f37; text-decoration: none; }}
</style></head><body>
<h1>{html.escape(title)}</h1><p id="count">{count}</p>
<table><thead><tr><th>变化</th><th>对象</th><th>字段</th><th>内容</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def content_at(rev: str, content_dir, work_dir):
    """The content folder as it was at git revision `rev`, extracted into work_dir."""
    import io
    import subprocess
    import tarfile
    from pathlib import Path

    from ..errors import PipelineError, Problem

    content_dir = Path(content_dir).resolve()

    def git(*args, **kw):
        try:
            return subprocess.run(["git", *args], capture_output=True, **kw)
        except FileNotFoundError:
            raise PipelineError([Problem("E116", "没有安装 git，无法按版本比较；请先安装："
                                                 "sudo apt-get install git")]) from None

    top = git("-C", str(content_dir), "rev-parse", "--show-toplevel", text=True)
    if top.returncode:
        raise PipelineError([Problem("E116", f"{content_dir} 不在 git 仓库中，无法按版本比较")])
    relative = content_dir.relative_to(Path(top.stdout.strip()).resolve())
    archive = git("-C", top.stdout.strip(), "archive", "--format=tar", rev, str(relative))
    if archive.returncode:
        message = archive.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise PipelineError([Problem("E116", f"无法取出版本 {rev} 的内容：{message[0]}")])
    # Only plain files at plain relative paths are written (what tarfile's filter="data" does
    # on Python 3.12+, which Debian 12's Python 3.11.2 lacks): no links, no "..", no devices.
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if not member.isfile() or Path(member.name).is_absolute() or ".." in parts:
                continue
            target = Path(work_dir).joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
    return Path(work_dir) / relative
