"""For reviewers and the next year: semantic diff, text exports, deterministic builds, new-year."""
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.build import Paths, build
from pipeline.cli import main
from pipeline.content.diff import char_spans, diff_content
from pipeline.content.load import load
from pipeline.content.model import walk_results

from conftest import TEMPLATES
from test_validation import edit

PLAN = "2024/wenming-plan.yaml"
SUMMARY = "2024/wenming-summary.yaml"


def changes_after(content_copy, *edits):
    before = load(content_copy, 2024)
    for pattern, replacement in edits:
        edit(content_copy / PLAN, pattern, replacement)
    return diff_content(before, load(content_copy, 2024))


def test_a_raised_target_is_one_change_old_to_new(content_copy):
    (change,) = changes_after(content_copy, (r"门诊患者满意度 ≥ 90%", "门诊患者满意度 ≥ 92%"))
    assert (change.where, change.field) == ("wenming-plan 目标 G01", "指标")
    assert (change.old, change.new) == ("门诊患者满意度 ≥ 90%", "门诊患者满意度 ≥ 92%")
    assert [t for op, t in change.spans if op != "equal"] == ["90", "92"]


def test_a_removed_task_is_reported_by_its_id(content_copy):
    (content_copy / SUMMARY).unlink()  # it reports on T10
    before = load(content_copy, 2024)
    text = (content_copy / PLAN).read_text(encoding="utf-8")
    start = text.index("  - id: T10\n")
    end = text.index("\nphases:")
    (content_copy / PLAN).write_text(text[:start] + text[end + 1:], encoding="utf-8")
    (change,) = diff_content(before, load(content_copy, 2024))
    assert (change.kind, change.where, change.old) == ("removed", "wenming-plan 任务 T10", "改善院容院貌")


def test_a_one_character_edit_marks_one_character(content_copy):
    (change,) = changes_after(content_copy, (r"(  - id: T01\n    heading: )强化理论武装", r"\1深化理论武装"))
    assert change.where == "wenming-plan 任务 T01" and change.field == "标题"
    assert [(op, t) for op, t in change.spans if op != "equal"] == [("delete", "强"), ("insert", "深")]


def test_a_moved_phase_shows_its_dates(content_copy):
    changes = changes_after(content_copy, (r"^    end: 2024-02$", "    end: 2024-03"))
    assert [(c.where, c.field, c.old, c.new) for c in changes] == [("wenming-plan 阶段 P1", "结束", "2024-02", "2024-03")]


def test_cjk_char_diff_keeps_numbers_whole():
    spans = char_spans("满意度达到90%以上", "满意度达到92%以上")
    assert [s for s in spans if s[0] != "equal"] == [("delete", "90"), ("insert", "92")]


def test_diff_exits_0_when_equal_and_1_when_different(content_copy):
    same = CliRunner().invoke(main, ["diff", "2024", "2024", "--content", str(content_copy)])
    assert same.exit_code == 0 and "没有变化" in same.output
    shutil.copytree(content_copy / "2024", content_copy / "2025")  # the same documents, one target raised
    edit(content_copy / "2025" / "wenming-plan.yaml", r"门诊患者满意度 ≥ 90%", "门诊患者满意度 ≥ 92%")
    differ = CliRunner().invoke(main, ["diff", "2024", "2025", "--content", str(content_copy), "--no-color"])
    assert differ.exit_code == 1 and "1 处变化" in differ.output
    assert "wenming-plan 目标 G01 指标：门诊患者满意度 ≥ 90% → 门诊患者满意度 ≥ 92%" in differ.output
    bad = CliRunner().invoke(main, ["diff", "2024", "2031", "--content", str(content_copy)])
    assert bad.exit_code == 2 and "E112" in bad.output


def test_diff_between_git_revisions(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(TEMPLATES.parent / "content", repo / "content")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "a"], check=True)
    edit(repo / "content" / PLAN, r"^    end: 2024-02$", "    end: 2024-03")
    subprocess.run(git + ["commit", "-qam", "b"], check=True)
    result = CliRunner().invoke(main, ["diff", "2024", "--rev", "HEAD~1..HEAD", "--no-color",
                                       "--content", str(repo / "content")])
    assert result.exit_code == 1
    assert "wenming-plan 阶段 P1 结束：2024-02 → 2024-03" in result.output


CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(not CHROMIUM, reason="Chromium 未安装（make setup 会安装）")
def test_the_html_report_opens_in_a_browser_and_shows_the_changes(content_copy, tmp_path):
    shutil.copytree(content_copy / "2024", content_copy / "2025")
    edit(content_copy / "2025" / "wenming-plan.yaml", r"门诊患者满意度 ≥ 90%", "门诊患者满意度 ≥ 92%")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["diff", "2024", "2025", "--content", str(content_copy),
                                       "--html", str(report)])
    assert result.exit_code == 1
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", report.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert "共 1 处变化" in dom
    assert re.search(r"<del>90</del>\s*<ins>92</ins>", dom)


def test_every_build_writes_the_text_as_markdown_with_numbering(sample_outputs):
    md = sample_outputs["plan"]["md"].read_text(encoding="utf-8")
    assert md.startswith("# 青山县人民医院2024年精神文明建设工作计划")
    assert "## 一、指导思想" in md and "### （一）总体目标" in md
    assert re.search(r"^\| 月份 \| 主要活动 \|$", md, flags=re.M)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_textconv_prints_the_text_of_a_document(sample_outputs, fmt):
    result = subprocess.run([sys.executable, "-m", "pipeline", "textconv", str(sample_outputs["plan"][fmt])],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "一、指导思想" in result.stdout.replace(" ", "")


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path, renderers):
    outputs = []
    for n in (1, 2):
        paths = build(["scheme"], 2024, Paths(TEMPLATES.parent / "content", TEMPLATES, tmp_path / str(n)),
                      renderers=renderers if n == 1 else None)
        outputs.append({p.name: p.read_bytes() for p in paths})
    assert outputs[0] == outputs[1]
    assert {name.rsplit(".", 1)[1] for name in outputs[0]} == {"docx", "pdf", "md"}


def test_new_year_starts_2025_from_2024(content_copy, tmp_path):
    result = CliRunner().invoke(main, ["new-year", "2025", "--content", str(content_copy)])
    assert result.exit_code == 0, result.output
    new = load(content_copy, 2025)
    old = load(content_copy, 2024)
    # every plan and scheme is carried on; a summary belongs to its year
    assert set(new.documents) == {i for i, d in old.documents.items() if d.kind != "summary"}
    assert "wenming-summary" not in new.documents and "wenming-scheme" in new.documents
    plan, old_plan = new.documents["wenming-plan"], old.documents["wenming-plan"]
    unfinished = {r.task for r, _ in walk_results(old.documents["wenming-summary"].results)
                  if r.task and r.status != "已完成"}
    assert unfinished and {t.id for t in plan.tasks if t.continued_from == 2024} == unfinished
    assert plan.date.year == 2025 and "2025" in plan.title
    assert [p.start.year for p in plan.phases] == [2025] * len(plan.phases)
    assert plan.safeguards == old_plan.safeguards
    assert new.documents["wenming-scheme"].leadership == old.documents["wenming-scheme"].leadership
    assert new.documents["wenming-scheme"].based_on == "wenming-plan"
    text = (content_copy / "2025" / "wenming-plan.yaml").read_text(encoding="utf-8")
    assert "门诊患者满意度 ≥ 90%  # 待复核" in text and "# 复核清单" in text
    assert text.splitlines()[0] == (content_copy / PLAN).read_text(encoding="utf-8").splitlines()[0]  # comment kept
    # it validates, builds, and check warns while review markers remain
    assert CliRunner().invoke(main, ["build", "plan", "--year", "2025", "--content", str(content_copy),
                                     "--output", str(tmp_path), "--format", "docx"]).exit_code == 0
    check = CliRunner().invoke(main, ["check", "--year", "2025", "--content", str(content_copy)])
    assert check.exit_code == 0 and "W302" in check.output


def test_new_year_refuses_an_existing_year_without_force(content_copy):
    assert CliRunner().invoke(main, ["new-year", "2025", "--content", str(content_copy)]).exit_code == 0
    plan = content_copy / "2025" / "wenming-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# 手工修改\n", encoding="utf-8")
    before = plan.read_bytes()
    again = CliRunner().invoke(main, ["new-year", "2025", "--content", str(content_copy)])
    assert again.exit_code == 1 and "E118" in again.output
    assert plan.read_bytes() == before
    forced = CliRunner().invoke(main, ["new-year", "2025", "--content", str(content_copy), "--force"])
    assert forced.exit_code == 0
    (backup,) = (content_copy / ".backup").iterdir()
    assert (backup / "wenming-plan.yaml").read_bytes() == before
