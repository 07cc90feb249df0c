"""The 总结 reports against the plan: judgements and counts computed from a results file."""
import re

import pytest
from click.testing import CliRunner

from pipeline.compose.assemble import assemble, summary_context
from pipeline.cli import main
from pipeline.compose.document import Paragraph
from pipeline.content.load import load
from pipeline.check.measure import normalised, pdf_paragraph_text

from conftest import TEMPLATES

CRAFTED = """\
year: 2024
goals:
  - {goal: G01, actual: 95.3}     # ≥ 90%: 达成
  - {goal: G06, actual: 8.4}      # ≤ 8 天: 未达成
  - {goal: G08, actual: 3}        # ≤ 3 起: 达成 (the bound itself)
  - {goal: G04, actual: 1}        # ≥ 2 个: 未达成
tasks:
  - {task: T01, status: 已完成}
  - {task: T02, status: 已完成}
  - {task: T03, status: 基本完成}
  - {task: T04, status: 未完成}
  - {task: T05, status: 持续推进}
problems:
  - 志愿服务的组织化程度还不够高。
"""


def body_text(doc_or_blocks) -> list[str]:
    blocks = getattr(doc_or_blocks, "blocks", doc_or_blocks)
    return [b.text for b in blocks if isinstance(b, Paragraph) and b.role == "body"]


@pytest.fixture
def crafted(content_copy):
    (content_copy / "2024" / "wenming-summary.yaml").write_text(CRAFTED, encoding="utf-8")
    return content_copy


def test_targets_are_judged_from_the_actual_values(crafted):
    ctx = summary_context(load(crafted, 2024))
    verdicts = {g["goal"].id: (g["actual"], g["verdict"]) for g in ctx["goal_reports"]}
    assert verdicts["G01"] == ("95.3%", "达成")
    assert verdicts["G06"] == ("8.4天", "未达成")
    assert verdicts["G08"] == ("3起", "达成")
    assert verdicts["G04"] == ("1个", "未达成")
    assert verdicts["G02"] == ("—", "未报告")


def test_task_counts_are_computed(crafted):
    content = load(crafted, 2024)
    ctx = summary_context(content)
    total = len(content.year.tasks)
    assert ctx["counts_text"] == (f"全年计划任务{total}项，已完成2项，基本完成1项，未完成1项，"
                                  f"持续推进1项，未报告{total - 5}项")
    goals = len(content.year.goals)
    assert ctx["goals_text"] == f"{goals}项工作目标中，达成2项，未达成2项，尚未报告结果{goals - 4}项"
    # 下一步打算 carries on every reported task not 已完成 (an unreported one is not known to be unfinished)
    assert [r["task"].id for r in ctx["unfinished"]] == ["T03", "T04", "T05"]


def test_next_steps_come_from_the_results_or_are_worded_by_status(crafted):
    path = crafted / "2024" / "wenming-summary.yaml"
    path.write_text(CRAFTED.replace("{task: T04, status: 未完成}",
                                    "{task: T04, status: 未完成, next_step: 下一年度完成质控平台建设。}"),
                    encoding="utf-8")
    content = load(crafted, 2024)
    blocks = assemble(content, "summary", TEMPLATES).blocks
    heading = next(i for i, b in enumerate(blocks) if getattr(b, "text", "") == "下一步打算")
    items = body_text(blocks[heading + 1:])
    by_id = {t.id: t.heading for t in content.year.tasks}
    assert items == [f"1.{by_id['T03']}方面，巩固已有成果，补齐薄弱环节，确保各项任务全面完成。",
                     "2.下一年度完成质控平台建设。",
                     f"3.{by_id['T05']}方面，坚持常抓不懈，推动各项措施常态长效。"]


def test_narrative_exemplars_and_events_are_paragraphs_of_their_own():
    content = load(TEMPLATES.parent / "content", 2024)
    paragraphs = body_text(assemble(content, "summary", TEMPLATES))
    for result in content.results.tasks:
        if result.narrative:
            assert result.narrative.strip() in paragraphs
        for e in result.exemplars:
            assert any(p.startswith(f"{e.post}{e.name}{e.deed}") for p in paragraphs)


def test_the_scheme_lists_each_role_of_the_leading_group_in_a_paragraph_of_its_own():
    content = load(TEMPLATES.parent / "content", 2024)
    paragraphs = body_text(assemble(content, "scheme", TEMPLATES))
    roles = [p.split("：")[0] for p in paragraphs if p.split("：")[0] in ("组长", "副组长", "成员")]
    assert roles == ["组长", "副组长", "成员"]
    assert any(p.startswith("领导小组下设") for p in paragraphs)


def test_the_summary_names_the_plan_and_every_goal(crafted):
    content = load(crafted, 2024)
    text = "".join(assemble(content, "summary", TEMPLATES).text_lines())
    assert f"《{content.year.documents.plan.title}》" in text
    for goal in content.year.goals:
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
                for i, t in enumerate(content.year.tasks, start=1)]
    from docx import Document

    doc = Document(str(sample_outputs["scheme"]["docx"]))
    table = doc.tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
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
