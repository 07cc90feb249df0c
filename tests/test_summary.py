"""The 总结 reports against the plan it is based on: judgements and counts computed from its results."""
import re

import pytest
from click.testing import CliRunner

from pipeline.compose.assemble import assemble
from pipeline.compose.outline import summary_context
from pipeline.cli import main
from pipeline.compose.document import Heading, Paragraph, Table
from pipeline.content.load import load
from pipeline.check.measure import normalised, pdf_paragraph_text

from conftest import TEMPLATES

SUMMARY, PLAN, SCHEME = "wenming-summary", "wenming-plan", "wenming-scheme"
CRAFTED = """\
kind: summary
title: 青山县人民医院2024年精神文明建设工作总结
date: 2024-12-25
based_on: wenming-plan
goal_results:
  - {goal: G01, actual: 95.3}     # ≥ 90%: 达成
  - {goal: G06, actual: 8.4}      # ≤ 8 天: 未达成
  - {goal: G08, actual: 3}        # ≤ 3 起: 达成 (the bound itself)
  - {goal: G04, actual: 1}        # ≥ 2 个: 未达成
results:
  - {task: T01, status: 已完成}
  - {task: T02, status: 已完成}
  - {task: T03, status: 基本完成}
  - {task: T04, status: 未完成}
  - {task: T05, status: 持续推进}
problems:
  - 志愿服务的组织化程度还不够高。
next_steps:
  - 完善志愿者激励机制。
"""
# The sentences the summary used to write for an unfinished task without a next_step; a
# summary now prints only what its results and its next_steps say.
GENERATED = ("方面，巩固已有成果", "补齐薄弱环节，确保各项任务全面完成", "方面，认真查找未完成的原因",
             "确保下一年度完成。", "方面，坚持常抓不懈", "推动各项措施常态长效")


def body_text(doc_or_blocks) -> list[str]:
    blocks = getattr(doc_or_blocks, "blocks", doc_or_blocks)
    return [b.text for b in blocks if isinstance(b, Paragraph) and b.role == "body"]


@pytest.fixture
def crafted(content_copy):
    (content_copy / "2024" / "wenming-summary.yaml").write_text(CRAFTED, encoding="utf-8")
    return content_copy


def test_targets_are_judged_from_the_actual_values(crafted):
    ctx = summary_context(load(crafted, 2024), SUMMARY)
    verdicts = {g["goal"].id: (g["actual"], g["verdict"]) for g in ctx["goal_reports"]}
    assert verdicts["G01"] == ("95.3%", "达成")
    assert verdicts["G06"] == ("8.4天", "未达成")
    assert verdicts["G08"] == ("3起", "达成")
    assert verdicts["G04"] == ("1个", "未达成")
    assert verdicts["G02"] == ("—", "未报告")


def test_task_counts_are_computed(crafted):
    content = load(crafted, 2024)
    ctx = summary_context(content, SUMMARY)
    total = len(content.documents[PLAN].tasks)
    goals = len(content.documents[PLAN].goals)
    assert ctx["overview_text"] == (f"全年计划任务{total}项，已完成2项，基本完成1项，未完成1项，"
                                    f"持续推进1项，未报告{total - 5}项；"
                                    f"{goals}项工作目标中，达成2项，未达成2项，尚未报告结果{goals - 4}项")
    # the reported tasks not 已完成 (an unreported one is not known to be unfinished)
    assert [r["task"].id for r in ctx["unfinished"]] == ["T03", "T04", "T05"]


def test_next_steps_are_the_results_own_and_the_summarys_and_none_is_generated(crafted):
    """An unfinished task's next step is printed as its result wrote it, then the summary's
    next_steps; a task without one gets no sentence made up from its status."""
    path = crafted / "2024" / "wenming-summary.yaml"
    path.write_text(CRAFTED.replace("{task: T04, status: 未完成}",
                                    "{task: T04, status: 未完成, next_step: 下一年度完成质控平台建设。}"),
                    encoding="utf-8")
    content = load(crafted, 2024)
    blocks = assemble(content, SUMMARY, TEMPLATES).blocks
    heading = next(i for i, b in enumerate(blocks) if getattr(b, "text", "") == "下一步打算")
    items = body_text(blocks[heading + 1:])
    assert items == ["1.下一年度完成质控平台建设。", "2.完善志愿者激励机制。"]
    text = "".join(b.text for b in blocks if hasattr(b, "text"))
    assert not [g for g in GENERATED if g in text]
    by_id = {t.id: t.heading for t in content.documents[PLAN].tasks}
    assert not [i for i in items if by_id["T03"] in i or by_id["T05"] in i]  # 基本完成, 持续推进: no next_step


def test_the_samples_next_steps_are_its_results_next_steps_then_its_own():
    content = load(TEMPLATES.parent / "content", 2024)
    summary = content.documents[SUMMARY]
    blocks = assemble(content, SUMMARY, TEMPLATES).blocks
    heading = next(i for i, b in enumerate(blocks) if getattr(b, "text", "") == "下一步打算")
    written = [r.next_step.strip() for r in summary.results if r.status != "已完成" and r.next_step]
    written += [s.strip() for s in summary.next_steps]
    assert [r for r in summary.results if r.status != "已完成" and not r.next_step]  # one with none: T09
    assert body_text(blocks[heading + 1:]) == [f"{n}.{s}" for n, s in enumerate(written, start=1)]
    assert not [g for g in GENERATED if g in "".join(b.text for b in blocks if hasattr(b, "text"))]


def test_a_summary_without_next_steps_has_no_next_steps_section(crafted):
    """Nothing to say: no 下一步打算 heading over a list made up from the statuses."""
    path = crafted / "2024" / "wenming-summary.yaml"
    path.write_text(CRAFTED.split("next_steps:")[0], encoding="utf-8")
    blocks = assemble(load(crafted, 2024), SUMMARY, TEMPLATES).blocks
    assert not [b for b in blocks if isinstance(b, Heading) and b.text == "下一步打算"]
    text = "".join(b.text for b in blocks if hasattr(b, "text"))
    assert not [g for g in GENERATED if g in text]


def test_a_summary_without_a_plan_or_goals_prints_no_zero_counts_and_no_empty_table(content_copy):
    folder = content_copy / "2024"
    (folder / "alone.yaml").write_text(
        "kind: summary\ntitle: 青山县人民医院2024年志愿服务工作总结\ndate: 2024-12-20\n"
        "results:\n  - heading: 志愿服务常态开展\n    narrative: 全年开展志愿服务120次。\n", encoding="utf-8")
    (folder / "no-goals-plan.yaml").write_text(
        "kind: plan\ntitle: 青山县人民医院2024年义诊工作计划\ndate: 2024-01-20\n"
        "tasks:\n  - {id: X1, heading: 开展义诊下乡}\n", encoding="utf-8")
    (folder / "no-goals-summary.yaml").write_text(
        "kind: summary\ntitle: 青山县人民医院2024年义诊工作总结\ndate: 2024-12-21\nbased_on: no-goals-plan\n"
        "results:\n  - {task: X1, status: 已完成, narrative: 全年义诊下乡14次。}\n", encoding="utf-8")
    content = load(content_copy, 2024)
    for doc_id, narrative in (("alone", "全年开展志愿服务120次。"), ("no-goals-summary", "全年义诊下乡14次。")):
        blocks = assemble(content, doc_id, TEMPLATES).blocks
        text = "".join(b.text for b in blocks if hasattr(b, "text"))
        assert "0项" not in text and "工作目标中" not in text, (doc_id, text)
        assert not [b for b in blocks if isinstance(b, Table)], doc_id
        assert narrative in text
    alone = "".join(b.text for b in assemble(content, "alone", TEMPLATES).blocks if hasattr(b, "text"))
    assert "计划任务" not in alone and "总体完成情况" not in alone  # nothing to count against
    planned = "".join(b.text for b in assemble(content, "no-goals-summary", TEMPLATES).blocks if hasattr(b, "text"))
    assert "全年计划任务1项，已完成1项" in planned


def test_narrative_exemplars_and_events_are_paragraphs_of_their_own():
    content = load(TEMPLATES.parent / "content", 2024)
    paragraphs = body_text(assemble(content, SUMMARY, TEMPLATES))
    results = content.documents[SUMMARY].results
    assert [r for r in results if r.people] and [r for r in results if r.events]
    for result in results:
        if result.narrative:
            assert result.narrative.strip() in paragraphs
        for person in result.people:
            if person.deed:
                assert any(p.startswith(f"{person.post or ''}{person.name}{person.deed}") for p in paragraphs)
        if result.events:  # one paragraph of them, in date order, dated 3月5日 in the summary's year
            first = min(result.events, key=lambda e: e.date)
            woven = [p for p in paragraphs if p.startswith(f"{first.date.month}月{first.date.day}日，")]
            for e in result.events:
                assert any(f"{e.date.month}月{e.date.day}日，{e.text}" in p for p in woven)


def test_the_scheme_lists_each_role_of_the_leading_group_in_a_paragraph_of_its_own():
    content = load(TEMPLATES.parent / "content", 2024)
    paragraphs = body_text(assemble(content, SCHEME, TEMPLATES))
    roles = [p.split("：")[0] for p in paragraphs if p.split("：")[0] in ("组长", "副组长", "成员")]
    assert roles == ["组长", "副组长", "成员"]
    assert any(p.startswith("领导小组下设") for p in paragraphs)


def test_the_summary_names_the_plan_and_every_goal(crafted):
    content = load(crafted, 2024)
    text = "".join(assemble(content, SUMMARY, TEMPLATES).text_lines())
    assert f"《{content.documents[PLAN].title}》" in text
    for goal in content.documents[PLAN].goals:
        assert goal.text in text
    assert "未报告" in text and "存在问题" in text and "下一步打算" in text


def test_missing_results_warn_and_the_summary_still_builds(crafted, tmp_path):
    result = CliRunner().invoke(main, ["build", "summary", "--year", "2024", "--content", str(crafted),
                                       "--output", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert "W301" in result.output and "G02" in result.output and "T06" in result.output
    assert list((tmp_path / "2024").glob("*总结.docx"))


def test_a_result_for_an_unknown_id_is_an_error_with_its_line(crafted, tmp_path):
    path = crafted / "2024" / "wenming-summary.yaml"
    path.write_text(CRAFTED.replace("{task: T05,", "{task: T99,"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "summary", "--year", "2024", "--content", str(crafted),
                                       "--output", str(tmp_path)])
    line = CRAFTED.splitlines().index("  - {task: T05, status: 持续推进}") + 1
    assert result.exit_code == 1
    assert f"{path}:{line}: E107" in result.output and "T99" in result.output


def test_the_task_table_has_one_row_per_task_in_docx_and_pdf(sample_outputs):
    content = load(TEMPLATES.parent / "content", 2024)
    from pipeline.compose.wording import deadline_text, join_names

    expected = [[str(i), t.heading, join_names(t.owners), deadline_text(t.deadline)]
                for i, t in enumerate(content.document(SCHEME).tasks, start=1)]
    from docx import Document

    doc = Document(str(sample_outputs["scheme"]["docx"]))
    table = doc.tables[-1]
    rows = [[c.text.replace("\n", "") for c in row.cells] for row in table.rows]  # lines broken after 、
    assert rows[0] == ["序号", "工作任务", "责任部门", "完成时限"]
    assert rows[1:] == expected
    pdf_cells = [normalised(c) for c in pdf_paragraph_text(sample_outputs["scheme"]["pdf"])]
    start = pdf_cells.index("序号")
    flat = [normalised(c) for row in expected for c in row]
    assert pdf_cells[start + 4: start + 4 + len(flat)] == flat


def test_the_attachment_starts_on_a_new_page_after_the_note_and_signature(sample_outputs):
    from pipeline.check.measure import read_pdf

    pages = read_pdf(sample_outputs["scheme"]["pdf"])
    first_lines = [p.body[0].text for p in pages]
    assert "附件" in first_lines
    note_page = next(p for p in pages if any(ln.text == "附件：任务分解表" for ln in p.body))
    lines = [ln.text for ln in note_page.body]
    assert re.match(r"^\d{4}年\d+月\d+日$", lines[-1])
    assert pages[note_page.number].body[0].text == "附件"


def test_a_result_for_a_subtask_is_refused_the_summary_reports_top_level_tasks(crafted, tmp_path):
    path = crafted / "2024" / "wenming-summary.yaml"
    path.write_text(CRAFTED.replace("{task: T05,", "{task: T02a,"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "summary", "--year", "2024", "--content", str(crafted),
                                       "--output", str(tmp_path)])
    assert result.exit_code == 1 and "E107" in result.output and "T02a」是子任务" in result.output
