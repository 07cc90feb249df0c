"""The import report, in Chinese (or JSON): for each document what went where, what stayed free
text, what was removed as junk, every guess with its evidence, and what to review."""
from __future__ import annotations

import json

from ..content.model import KINDS
from ..errors import Problem
from . import DocumentReport


def as_dict(report: DocumentReport, findings: list[Problem]) -> dict:
    return {
        "source": str(report.source), "file": str(report.path) if report.path else None,
        "id": report.doc_id, "title": report.title, "kind": report.kind, "year": report.year,
        "notes": report.notes,
        "sections": [{"heading": h, "into": w} for h, w in report.placed],
        "guesses": [{"what": g.what, "value": g.value, "evidence": g.evidence} for g in report.guesses],
        "removed": [{"text": r.text, "why": r.why} for r in report.removed],
        "changes": report.changes,
        "review": report.review + [str(f) for f in findings],
    }


def text(reports: list[DocumentReport], findings: dict, shown) -> str:
    out = []
    for r in reports:
        out.append(f"导入 {shown(r.source)} → {shown(r.path)}")
        out.append(f"  标题：{r.title}（{KINDS[r.kind]}，{r.year} 年度，编号 {r.doc_id}）")
        out += [f"  说明：{n}" for n in r.notes]
        out.append("  推断及依据：")
        out += [f"    {g.what}：{g.value} —— {g.evidence}" for g in r.guesses]
        out.append("  各节去向：")
        out += [f"    {h} → {w}" for h, w in r.placed] or ["    （没有分节：全文作为前言）"]
        if r.removed:
            out.append(f"  已删除的非正文内容（{len(r.removed)} 处）：")
            out += [f"    「{x.text[:40]}」（{x.why}）" for x in r.removed[:30]]
            if len(r.removed) > 30:
                out.append(f"    ……另有 {len(r.removed) - 30} 处")
        if r.changes:
            out.append(f"  已修正（{len(r.changes)} 处）：")
            out += [f"    {c}" for c in r.changes[:20]]
            if len(r.changes) > 20:
                out.append(f"    ……另有 {len(r.changes) - 20} 处")
        review = r.review + [str(f) for f in findings.get(r.path, [])]
        out.append(f"  请复核（{len(review)} 项）：" if review else "  请复核：无")
        out += [f"    - {x}" for x in review]
        out.append("")
    return "\n".join(out)


def as_json(reports, findings, problems) -> str:
    return json.dumps({"documents": [as_dict(r, findings.get(r.path, [])) for r in reports],
                       "problems": [dict(code=p.code, file=str(p.file) if p.file else None, line=p.line, message=p.message) for p in problems]}, ensure_ascii=False, indent=2, default=str)
