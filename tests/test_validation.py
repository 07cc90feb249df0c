"""Bad content: every problem is reported at once, with its code, file and line, in Chinese;
the exit status is 1, there is no traceback, and nothing in output/ changes."""
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main


def edit(path: Path, pattern: str, replacement: str) -> int:
    """Replace the first match of pattern (multi-line regex) and return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    m = re.search(pattern, text, flags=re.M)
    assert m, pattern
    path.write_text(text[: m.start()] + m.expand(replacement) + text[m.end():], encoding="utf-8")
    return text.count("\n", 0, m.start()) + 1


def build(content: Path, output: Path, year: int = 2024):
    result = CliRunner().invoke(main, ["build", "plan", "--year", str(year), "--content", str(content),
                                       "--output", str(output), "--format", "docx"])
    assert "Traceback" not in result.output
    return result


PLAN = Path("2024") / "wenming-plan.yaml"
SCHEME = Path("2024") / "wenming-scheme.yaml"

CASES = {
    # code: (file, pattern, replacement, what the message must mention)
    "E102": (PLAN, r"^guiding:", "guidance:", "guidance"),
    "E103": (PLAN, r"^(  - id: G02\n)    text: .*\n    target: .*\n", r"\1", "text"),  # neither text nor target
    "E104": (PLAN, r"day: 5\}", "day: 五}", "整数"),
    "E105": ("org.yaml", r"role: 副组长", "role: 顾问", "组长"),
    "E106": (PLAN, r"^  - id: G02$", "  - id: G01", "G01"),
    "E107": (PLAN, r"owners: \[党委办公室", "owners: [党办", "党办"),
    "E108": (PLAN, r"^  - month: \d+$", "  - month: 13", "1 到 12"),
    "E109": (PLAN, r"^    end: 2024-02$", "    end: 2023-12", "早于"),
    "E110": (PLAN, r"target: 门诊患者满意度 ≥ 90%", "target: 门诊患者满意度九成", "≥"),
    "E111": (PLAN, r"deadline: 2024-06-30", "deadline: 6月底", "2024-06-30"),
    "E111 impossible date": (PLAN, r"deadline: 2024-06-30", "deadline: 2024-06-31", "2024-06-31 不存在"),
    "E111 day past the month's end": (PLAN, r"day: 9, last_day: 10", "day: 9, last_day: 31", "只有30天"),
    "E109 activity days reversed": (PLAN, r"day: 9, last_day: 10", "day: 9, last_day: 8", "晚于开始日"),
    "E105 a title a file cannot be named by": (PLAN, r"title: 青山县人民医院2024年精神文明建设工作计划",
                                               "title: 工作计划/草稿", "文件名"),
    "E106 two documents of one title": (SCHEME, r"title: 青山县人民医院创建市级文明单位实施方案",
                                        "title: 青山县人民医院2024年精神文明建设工作计划", "覆盖"),
    "E103 last day without a first": (PLAN, r"day: 9, last_day: 10", "last_day: 10", "last_day"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_bad_content_is_reported_with_code_file_and_line(case, content_copy, tmp_path):
    code = case.split()[0]
    file, pattern, replacement, mention = CASES[case]
    line = edit(content_copy / file, pattern, replacement)
    result = build(content_copy, tmp_path / "out")
    assert result.exit_code == 1
    expected = f"{content_copy / file}:{line}: {code} "
    assert expected in result.output, result.output
    assert mention in result.output
    assert not (tmp_path / "out").exists()


def test_all_problems_are_reported_together(content_copy, tmp_path):
    edit(content_copy / PLAN, r"^guiding:", "guidance:")
    edit(content_copy / PLAN, r"^  - id: G02$", "  - id: G01")
    edit(content_copy / "org.yaml", r"role: 副组长", "role: 顾问")
    result = build(content_copy, tmp_path / "out")
    assert result.exit_code == 1
    assert {"E102", "E105"} <= set(re.findall(r"\bE\d{3}\b", result.output))


def test_a_gbk_file_is_named_with_a_hint_to_save_as_utf8(content_copy, tmp_path):
    plan = content_copy / PLAN
    plan.write_bytes(plan.read_text(encoding="utf-8").encode("gbk"))
    result = build(content_copy, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{plan}:" in result.output and "E100" in result.output and "GBK" in result.output


def test_a_yaml_syntax_error_names_its_line(content_copy, tmp_path):
    line = edit(content_copy / PLAN, r"^guiding: \|", "guiding: [unclosed")
    result = build(content_copy, tmp_path / "out")
    assert result.exit_code == 1
    assert "E101" in result.output
    assert re.search(rf"{re.escape(str(content_copy / PLAN))}:({line}|{line + 1}|{line + 2}): E101", result.output)


def test_a_year_without_content_names_the_years_that_exist(content_copy, tmp_path):
    result = build(content_copy, tmp_path / "out", year=2031)
    assert result.exit_code == 1
    assert "E112" in result.output and "2023、2024" in result.output


def test_a_failed_build_leaves_the_previous_outputs_untouched(content_copy, tmp_path):
    out = tmp_path / "out"
    assert build(content_copy, out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*")  if p.is_file()}
    assert before
    edit(content_copy / PLAN, r"^  - id: G02$", "  - id: G01")
    assert build(content_copy, out).exit_code == 1
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # same files, same bytes, no temporary file left behind


def test_a_render_failure_midway_writes_nothing(content_copy, tmp_path, monkeypatch):
    """Every document renders in memory before any file is written."""
    import pipeline.build as b

    out = tmp_path / "out"
    calls = []

    def failing(doc, fmt, renderers, author):
        calls.append(fmt)
        if len(calls) == 2:
            raise b.PipelineError([b.Problem("E204", "模拟失败")])
        return b"data"

    monkeypatch.setattr(b, "render", failing)
    result = CliRunner().invoke(main, ["build", "plan", "--year", "2024", "--content", str(content_copy),
                                       "--output", str(out)])
    assert result.exit_code == 1 and calls == ["docx", "pdf"]
    assert not out.exists() or not any(out.rglob("*.*"))


def test_a_broken_template_is_e201_at_the_template_line(content_copy, tmp_path):
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).parent.parent / "templates", templates)
    guiding = templates / "sections" / "guiding.md.j2"
    line = edit(guiding, r"^\{\{ doc.guiding or \"\" \}\}$", r'{{ doc.guiding or "" }}{{ doc.no_such_field }}')
    result = CliRunner().invoke(main, ["build", "plan", "--year", "2024", "--content", str(content_copy),
                                       "--templates", str(templates), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{guiding}:{line}: E201" in result.output and "no_such_field" in result.output
    edit(guiding, r"\{\{ doc.no_such_field \}\}", "{{ doc.date.year // 0 }}")
    result = CliRunner().invoke(main, ["build", "plan", "--year", "2024", "--content", str(content_copy),
                                       "--templates", str(templates), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1 and f"{guiding}:{line}: E201" in result.output, result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, line, said", [
    ('kind: plan\nguiding: "坚持以人民为中心\nfoo: 1\nbar: 2\n', 2, "引号没有闭合"),
    ("kind: plan\n\tguiding: 坚持\n", 2, "Tab"),
    ("kind: plan\nguiding: 一是: 二是\n", 2, "加上引号"),
    ("kind: plan\nguiding: 坚持\nkind: scheme\n", 3, "键「kind」重复"),
    ("kind: plan\nsafeguards: [S01, S02\nphases: []\n", 2, "方括号"),
    ("kind: plan\nguiding: @坚持\n", 2, "不能以「@」开头"),
])
def test_yaml_syntax_errors_are_explained_in_chinese_at_the_right_line(tmp_path, text, line, said):
    from pipeline.errors import PipelineError
    from pipeline.content.load import read_yaml

    path = tmp_path / "wenming-plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as e:
        read_yaml(path)
    (problem,) = e.value.problems
    assert (problem.code, problem.line) == ("E101", line) and said in problem.message
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"Tab|「[^」]*」", "", problem.message)), problem.message


def test_fields_are_named_by_their_ids_and_a_union_reports_once(content_copy, tmp_path):
    edit(content_copy / "2024" / "wenming-summary.yaml", r"actual: ", "actual: 九十 #")
    line = edit(content_copy / "2024" / "wenming-summary.yaml", r"- date: 2024-05-20", "- date: 五月二十日")
    edit(content_copy / PLAN, r"heading: 强化理论武装", "heading: [强化理论武装]")
    out = build(content_copy, tmp_path / "out").output
    assert "goal_results[G01].actual 应为数字" in out and out.count("goal_results[G01].actual") == 1
    assert f"wenming-summary.yaml:{line}: E111" in out and "results[T03].events[第1项].date" in out
    assert "tasks[T01].heading 应为文本" in out


@pytest.mark.parametrize("char, code", [("\x0b", "U+000B"), ("\x07", "U+0007"), ("\u2028", "U+2028")])
def test_an_invisible_control_character_names_its_line(content_copy, tmp_path, char, code):
    """Word's manual line break U+000B pasted into a value: E101 with the line, no internal error."""
    line = edit(content_copy / PLAN, r"^guiding: \|", "guiding: |")
    plan = content_copy / PLAN
    lines = plan.read_text(encoding="utf-8").split("\n")
    lines[line] = lines[line][:-2] + char + lines[line][-2:]  # inside the first line of guiding
    plan.write_text("\n".join(lines), encoding="utf-8")
    result = build(content_copy, tmp_path / "out")
    assert result.exit_code == 1
    column = len(lines[line]) - 2  # 1-based: the character before the last two
    assert f"{plan}:{line + 1}:{column}: E101" in result.output and code in result.output


def test_a_tab_inside_a_value_is_not_called_indentation(content_copy, tmp_path):
    line = edit(content_copy / PLAN, r"^  - id: T01$", "  - id: T01")
    plan = content_copy / PLAN
    lines = plan.read_text(encoding="utf-8").split("\n")
    assert lines[line].startswith("    heading: ")
    lines[line] = lines[line][:-2] + "\t" + lines[line][-2:]
    plan.write_text("\n".join(lines), encoding="utf-8")
    result = build(content_copy, tmp_path / "out")
    assert f"{plan}:{line + 1}: E101" in result.output and "值中含有 Tab" in result.output


@pytest.mark.parametrize("replacement, mention", [
    ('guiding: "坚持\\\\q以人民为中心" # was |', "不是有效的转义"),
    ("---\nguiding: |", "第二个文档"),
])
def test_more_yaml_mistakes_in_the_writers_words(content_copy, tmp_path, replacement, mention):
    edit(content_copy / PLAN, r"^guiding: \|", replacement)
    result = build(content_copy, tmp_path / "out")
    assert result.exit_code == 1 and "E101" in result.output and mention in result.output
    assert "found" not in result.output  # no English from the parser


def test_a_comma_that_splits_a_flow_mapping_is_explained(content_copy, tmp_path):
    edit(content_copy / PLAN, r"\{text: ([^,}]+), day:", r"{text: \1,好, day:")
    result = build(content_copy, tmp_path / "out")
    assert result.exit_code == 1 and "E102" in result.output and "半角逗号" in result.output
