"""A writer with last year's content in the old format (one plan.yaml with documents:, and a
results.yaml) is told, field by field and at each field's line, where it has moved."""
import re
import shutil
from pathlib import Path

import pytest

from pipeline.content.load import load
from pipeline.content.migrate import MOVED, OLD_DOCUMENT_FIELDS, RESULTS_MOVED
from pipeline.errors import PipelineError

OLD = Path(__file__).parent / "fixtures" / "old-format"  # the 2024 sample as it was written before


def problems_of(content_dir, year=2024):
    with pytest.raises(PipelineError) as e:
        load(content_dir, year)
    return e.value.problems


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if re.match(rf"{key}:", line))


def test_every_top_level_field_of_an_old_plan_and_results_is_reported_at_its_line():
    problems = problems_of(OLD)
    assert {p.code for p in problems} == {"E130"}
    plan, results = OLD / "2024" / "plan.yaml", OLD / "2024" / "results.yaml"
    for path, fields in ((plan, MOVED), (results, {**MOVED, **RESULTS_MOVED})):
        keys = [k for k in re.findall(r"(?m)^([a-z_]+):", path.read_text(encoding="utf-8"))]
        assert keys, path
        for key in keys:
            at_line = [p for p in problems if p.file == path and p.line == line_of(path, key)]
            assert at_line, f"{path.name}: {key} has no message"
            assert key in at_line[0].message and re.search(r"[\u4e00-\u9fff]", at_line[0].message)
    # the results file's goals and tasks are told their new names, not the plan's
    goals = next(p for p in problems if p.file == results and p.line == line_of(results, "goals"))
    assert "goal_results" in goals.message


def test_every_old_field_has_a_message_in_chinese():
    for message in [*MOVED.values(), *RESULTS_MOVED.values(), *OLD_DOCUMENT_FIELDS.values()]:
        assert re.search(r"[\u4e00-\u9fff]{2}", message)


@pytest.mark.parametrize("field,value,new_line", [
    ("basis", "basis: 青山县创建文明单位工作实施意见", "basis"),
    ("exemplars", "    exemplars:\n      - {name: 张某, post: 护士长, deed: 获评优秀护士}", "exemplars"),
    ("headline", "    headline: 抓实理论学习，思想根基更加牢固", "headline"),
])
def test_a_renamed_field_inside_a_new_document_is_told_its_new_name(content_copy, field, value, new_line):
    path = content_copy / "2024" / ("wenming-scheme.yaml" if field == "basis" else "wenming-summary.yaml")
    text = path.read_text(encoding="utf-8")
    if field == "basis":
        text = re.sub(r"(?m)^basis: .*$", value, text)
    else:  # under the first result
        text = text.replace("  - task: T01\n", "  - task: T01\n" + value + "\n", 1)
    path.write_text(text, encoding="utf-8")
    problems = problems_of(content_copy)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.strip().startswith(f"{new_line}:"))
    assert [(p.code, p.line) for p in problems] == [("E130", line)]
    assert OLD_DOCUMENT_FIELDS[field] in problems[0].message


def test_the_cli_prints_the_migration_messages_with_file_and_line_and_exits_non_zero(tmp_path):
    from click.testing import CliRunner
    from pipeline.cli import main

    shutil.copytree(OLD, tmp_path / "content")
    result = CliRunner().invoke(main, ["check", "--content", str(tmp_path / "content")])
    assert result.exit_code == 1
    assert re.search(r"2024/plan.yaml:3: E130 .*documents 已拆分", result.output)
    assert re.search(r"2024/results.yaml:24: E130 .*results", result.output)
    assert "Traceback" not in result.output
