"""The content lint: a fixture seeded with one instance of each defect, the clean sample, fix()."""
import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pipeline.content.lint import FIXABLE, Change, File, _text_findings, errors_only, fix, fixable, lint

from conftest import CONTENT

FIXTURE = Path(__file__).parent / "fixtures" / "lint"

# (code, file, a snippet that occurs once in the file, index of the reported character in it)
SEEDED = [
    ("W410", "2024/plan.yaml", "建设,结合", 2),
    ("E401", "2024/scheme.yaml", "20xx年", 0),
    ("W450", "2024/plan.yaml", "十九大精神", 0),
    ("W414", "2024/plan.yaml", "提高。。", 2),
    ("E404", "2024/plan.yaml", "1、提升", 0),
    ("W440", "2024/plan.yaml", "id: G03", 4),
    ("W403", "2024/plan.yaml", "“理论学习专栏", 0),
    ("W420", "2024/plan.yaml", "四是", 0),
    ("W432", "2024/plan.yaml", "deadline: 2025-03", 10),
    ("W412", "2024/plan.yaml", "５０", 0),
    ("W411", "2024/plan.yaml", "以上.", 2),
    ("W413", "2024/plan.yaml", "承诺书 826份", 3),
    ("E405", "2024/plan.yaml", "## 廉洁教育", 0),
    ("W410", "2024/plan.yaml", '"红包"', 0),
    ("W410", "2024/plan.yaml", '"红包"', 3),
    ("W431", "2024/plan.yaml", "start: 2024-03", 7),
    ("W430", "2024/plan.yaml", "end: 2025-01", 5),
    ("W433", "2024/plan.yaml", "month: 3\n    items:\n      - {text: 举办", 7),
    ("E402", "2024/summary.yaml", "仅供参考", 0),
    ("E401", "2024/summary.yaml", "000同志", 0),
    ("E404", "library.yaml", "（一）加强", 0),
    ("E401", "org.yaml", "×××", 0),
]


def position(path: Path, snippet: str, index: int) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    assert text.count(snippet) == 1, snippet
    offset = text.index(snippet) + index
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def expected(root: Path) -> list[tuple]:
    return sorted((code, root / name, *position(FIXTURE / name, snippet, index))
                  for code, name, snippet, index in SEEDED)


def found(problems) -> list[tuple]:
    return sorted((p.code, p.file, p.line, p.column) for p in problems)


@pytest.fixture
def fixture_copy(tmp_path):
    dest = tmp_path / "content"
    shutil.copytree(FIXTURE, dest)
    return dest


def test_each_seeded_defect_is_reported_once_with_code_line_and_column():
    problems = lint(FIXTURE)
    assert found(problems) == expected(FIXTURE)
    assert all(p.message and p.code[0] in "EW" for p in problems)
    assert {p.severity for p in errors_only(problems)} == {"error"}
    assert {p.code for p in errors_only(problems)} == {"E401", "E402", "E404", "E405"}
    assert all(p.fix for p in problems if fixable(p))


def test_findings_are_sorted_by_file_line_column():
    problems = lint(FIXTURE)
    assert [(str(p.file), p.line, p.column) for p in problems] == \
        sorted((str(p.file), p.line, p.column) for p in problems)


def test_the_sample_content_is_clean():
    assert lint(CONTENT) == []


def test_fix_applies_the_safe_fixes_only_and_keeps_everything_else(fixture_copy):
    plan, org = fixture_copy / "2024" / "plan.yaml", fixture_copy / "org.yaml"
    before = plan.read_text(encoding="utf-8").split("\n")
    org_bytes, org_mtime = org.read_bytes(), org.stat().st_mtime_ns
    fixable_lines = {p.line for p in lint(fixture_copy) if fixable(p)}

    changes = fix(fixture_copy)

    assert changes == [Change(plan, 6, 16, ",", "，"), Change(plan, 10, 26, "。。", "。"),
                       Change(plan, 40, 20, "５０", "50"), Change(plan, 40, 25, ".", "。"),
                       Change(plan, 46, 16, " ", ""), Change(plan, 46, 25, '"', "“"),
                       Change(plan, 46, 28, '"', "”")]
    after = plan.read_text(encoding="utf-8").split("\n")
    assert len(after) == len(before)
    assert {i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b} == fixable_lines
    assert after[0] == before[0]  # a comment with half-width , : ( ) stays as it was
    assert after[0].startswith("# 测试用年度内容：每类问题各一处, 注释里的半角标点: 不算问题(")
    assert "门诊患者满意度 ≥ 90%       # 指标中的空格是格式的一部分" in after[13]
    assert "      - {text: 举办文明礼仪培训班, day: 9, last_day: 10}" in after  # flow syntax kept
    assert after[45] == "      全院职工签订承诺书826份，对收受“红包”行为零容忍。"
    assert org.read_bytes() == org_bytes and org.stat().st_mtime_ns == org_mtime  # not rewritten

    remaining = lint(fixture_copy)
    assert not [p for p in remaining if fixable(p)]
    assert found(remaining) == [e for e in expected(fixture_copy) if e[0] not in FIXABLE]
    assert fix(fixture_copy) == []


def test_fix_leaves_clean_content_untouched(content_copy):
    files = sorted(content_copy.rglob("*.yaml"))
    stamps = [(f.read_bytes(), f.stat().st_mtime_ns) for f in files]
    assert fix(content_copy) == []
    assert [(f.read_bytes(), f.stat().st_mtime_ns) for f in files] == stamps


def test_schema_errors_are_reported_and_the_text_is_still_linted(fixture_copy):
    plan = fixture_copy / "2024" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("kind: plan\n", "kind: plan\ncolour: 红\n", 1),
                    encoding="utf-8")
    (fixture_copy / "2024" / "summary.yaml").write_text("kind: summary\npreamble: [未闭合\n", encoding="utf-8")
    problems = lint(fixture_copy)
    codes = [p.code for p in problems]
    assert "E102" in codes and "E101" in codes
    assert any(p.code == "E102" and p.file == plan and "colour" in p.message for p in problems)
    assert {"W410", "W450", "E401"} <= set(codes)  # text rules still ran on plan.yaml
    assert "W431" not in codes  # content rules need content that loads


# ---------------------------------------------------------------- single rules
def codes(yaml_text: str, year: int = 2024) -> list[str]:
    file = File(Path("t.yaml"), yaml_text, YAML(typ="rt").compose(yaml_text))
    return [f.problem.code for f in _text_findings(file, year)]


@pytest.mark.parametrize("text, year, expected", [
    ("body: 党的十八大以来，我院发生了深刻变化", 2024, []),
    ("body: 深入学习贯彻党的十九大精神", 2024, ["W450"]),
    ("body: 深入学习贯彻党的十九大精神", 2022, []),
    ("body: 深入学习贯彻党的二十大和二十届三中全会精神", 2024, []),
    ("body: 贯彻十九届六中全会精神", 2023, ["W450"]),
    ("body: 贯彻党的十九大和十九届二中、三中全会精神", 2024, ["W450", "W450"]),
    ("body: 学习习近平总书记系列重要讲话精神", 2018, ["W450"]),
])
def test_stale_formulas(text, year, expected):
    assert codes(text, year) == expected


@pytest.mark.parametrize("text, expected", [
    ("body: 实施方案(试行)", ["W410", "W410"]),
    ("body: 全年服务1,200人次，上午8:30开诊，达到90%以上。", []),
    ("body: 开诊时间:上午", ["W410"]),
    ("body: 真的吗?", ["W410"]),
    ("body: '使用\tWPS编辑'", ["W413"]),  # a tab in a plain scalar is a YAML error
    ("body: 使用 WPS 编辑", ["W413", "W413"]),
    ("body: 新增 2 个", ["W413", "W413"]),
    ("target: 青年文明号 ≥ 2 个", []),
    ("body: 满意度 ≥ 90%", []),
    ("body: 等等...", []),
    ("body: 全年ＡＢ类", ["W412"]),
    ("body: 重点、、难点", ["W414"]),
    ("body: 开展《文明礼仪培训", ["W403"]),
    ("body: 1）提高质量；2）完善制度", []),
    ("body: |\n  - 第一项\n  - 第二项\n", []),
    ("body: |\n  | 部门 | 时间 |\n  |---|---|\n  | 门诊部 | 3月 |\n", []),
])
def test_punctuation_and_spacing(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("body: 20__年", ["E401"]),
    ("body: 201*年度", ["E401"]),
    ("body: xx年xx月", ["E401", "E401"]),
    ("body: 联系电话：0791-XXXXXXXX", ["E401"]),
    ("body: 某某同志", ["E401"]),
    ("body: 十x大精神", ["E401"]),
    ("body: '###市卫生健康局'", ["E401"]),
    ("name: 000", ["E401"]),
    ("head_name: 某某", ["E401"]),
    ("body: 共1,000人", []),
    ("body: 加强**重点**工作", []),
    ("body: '**青山市**医院'", []),
    ("body: '*市卫生健康局'", ["E401"]),
    ("body: 某科室", []),
    ("body: 工作计划（精选6篇）", ["E402"]),
    ("body: 1 / 7", ["E402"]),
    ("body: 小编为大家整理", ["E402"]),
    ("body: 免费阅读已结束，下载文档", ["E402", "E402"]),
])
def test_placeholders_and_web_junk(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("heading: 一、指导思想", ["E404"]),
    ("heading: (一)加强领导", ["E404", "W410", "W410"]),
    ("heading: ㈠加强领导", ["E404"]),
    ("heading: 第一，加强领导", ["E404"]),
    ("results:\n  - heading: 1. 抓实理论学习", ["E404"]),  # a summary's result heading
    ("heading: 设立一站式服务窗口", []),
    ("heading: 第一书记带头开展党课", []),
    ("body: 一、指导思想", []),  # only heading-like fields
    ("body: |\n  1. 召开动员大会\n  2. 分解任务\n  3. 督查\n", []),
    ("body: |\n  1. 召开动员大会\n  3. 督查\n", ["W420"]),
    ("body: |\n  3. 督查\n  4. 总结\n", ["W420"]),
    ("body: 一是优化流程；二是改善环境；三是加强培训。", []),
    ("body: （一）优化流程；（二）改善环境；（二）加强培训。", ["W420"]),
])
def test_heading_markers_and_numbering(text, expected):
    assert sorted(codes(text)) == sorted(expected)


def test_circled_and_chinese_numbers():
    assert codes("body: ①优化流程；②改善环境；④加强培训") == ["W420"]
    assert codes("body: （九）甲；（十）乙；（十一）丙；（十三）丁") == ["W420"]
    assert codes("body: \"全年　开展\"") == ["W413"]  # an ideographic space


@pytest.mark.parametrize("text, expected", [
    ("body: |\n  理论学习\n  ---\n  坚持每月一次。\n", ["E405"]),  # a setext heading
    ("body: |\n  理论学习\n  ====\n", ["E405"]),
    ("body: |\n  ### 理论学习\n", ["E405"]),  # a heading, not the placeholder ###
    ("body: |\n  第一段。\n\n  - 第一项\n", []),
    ("heading: 三、四级手术分级管理", []),  # an enumeration of numerals, not a marker
    ("heading: 一、二级医院对口帮扶", []),
    ("body: |\n  三、四级手术由医务部审核。\n", []),
    ("body: 本院分为十六大类科室，二十七大项指标", []),
    ("body: 详见http://www.example.com/news(2024).html和https://x.cn/search?q=1&r=2。", []),
    ("body: 详见www.qsxrmyy.cn,请XX科室于20xx年前提交", ["E401", "E401", "W410"]),  # the address ends at .cn
    ("body: 登录 https://www.gov.cn/zhengce 填写问卷(网址:https://www.gov.cn)", ["W410", "W410", "W410"]),
])
def test_markdown_headings_enumerations_and_addresses(text, expected):
    assert codes(text) == expected


def test_a_file_with_old_mac_line_endings_is_linted_with_right_lines():
    text = "kind: plan\rpreamble: |\r  结合20xx年实际,\r  制定本计划。\r"
    file = File(Path("t.yaml"), text, YAML(typ="rt").compose(text))
    found = sorted((f.problem.code, f.problem.line, f.problem.column) for f in _text_findings(file, 2024))
    assert found == [("E401", 3, 5), ("W410", 3, 12)]


def test_fix_turns_an_escaped_straight_quote_into_a_curly_one(content_copy):
    plan = content_copy / "2024" / "wenming-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    seeded = text.replace("\npreamble: |", '\naddressee: "对收受\\"红包\\"行为零容忍,"\npreamble: |', 1)
    assert seeded != text
    plan.write_text(seeded, encoding="utf-8")
    changes = fix(content_copy, [2024])
    assert [(c.old, c.new) for c in changes] == [('\\"', "“"), ('\\"', "”"), (",", "，")]
    assert '"对收受“红包”行为零容忍，"' in plan.read_text(encoding="utf-8")


def formula_table_problem(tmp_path, monkeypatch, table_text: str):
    """The problem a formula table with this text gives, and the table's path."""
    import pipeline.content.lint as lint_module
    from pipeline.errors import PipelineError

    table = tmp_path / "formulas.yaml"
    table.write_text(table_text, encoding="utf-8")
    monkeypatch.setattr(lint_module, "FORMULAS_FILE", table)
    lint_module._formulas.cache_clear()
    try:
        with pytest.raises(PipelineError) as e:
            codes("body: 十五大")
    finally:
        lint_module._formulas.cache_clear()
    (problem,) = e.value.problems
    return problem, table


def test_a_mistake_in_the_formula_table_is_e120_with_its_line(tmp_path, monkeypatch):
    problem, table = formula_table_problem(tmp_path, monkeypatch, (
        "historical: 以来\nseries:\n  - name: x\n    formulas:\n"
        "      - {name: 党的十五大, match: '十五大(', from: 1997-09-12}\n"))
    assert (problem.code, problem.file, problem.line) == ("E120", table, 5) and "正则" in problem.message


@pytest.mark.parametrize("text, expected", [
    ("preamble: >\n  为深入推进建设\n  全力争创文明单位，\n  结合实际。\n", ["W415", "W415"]),
    ("preamble: 为深入推进建设\n  全力争创文明单位。\n", ["W415"]),
    ("preamble: |\n  为深入推进建设\n  全力争创文明单位。\n", []),  # | keeps the line break
    ("preamble: >\n  第一段。\n\n  第二段。\n", []),  # a blank line is a paragraph break
    ("body: 优化流程 , 提升质量 ; 改善环境 .", ["W410", "W410", "W411"] + ["W413"] * 5),
])
def test_folded_line_breaks_and_spaced_punctuation(text, expected):
    assert sorted(codes(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ('body: 开设"理论学习专栏。', ["W403"]),  # an odd straight quote
    ("body: \"汉字\u00a0之间\"", ["W413"]),  # a no-break space
    ("body: \"零宽\u200b空格\"", ["W413"]),  # a zero-width space
    ("body: 按照第（一）项和第（三）项执行", []),  # references, not a list
    ("heading: 强化理论武装。", ["W416"]),
    ("heading: 一. 强化理论武装", ["E404"]),  # the marker's dot is no sentence end
    ("name: 动员部署阶段，", ["W416"]),
    ("heading: '：'", []),  # removing it would leave nothing
    ("body: 排名全市第一，投诉办结率位列全县第三，详见附件（2）和附件（5）", []),
    ("body: \"坚持党委\u2009理论学习\"", ["W413"]),  # a thin space
    ("preamble: >\n  为深入推进建设\n  ---\n  结合实际。\n", []),  # folded into one line: no heading
])
def test_quotes_invisible_spaces_references_and_heading_ends(text, expected):
    assert codes(text) == expected


def test_a_bom_takes_no_column():
    text = "\ufeffname: 青山县人民医院,好\n"
    file = File(Path("t.yaml"), text, YAML(typ="rt").compose(text))
    (finding,) = _text_findings(file, 2024)
    assert (finding.problem.line, finding.problem.column) == (1, 14)


def test_deadlines_before_the_year_and_a_distant_date_are_warned(content_copy):
    plan = content_copy / "2024" / "wenming-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "\ndate: 2024-01-15\n" in text
    text = text.replace("\ndate: 2024-01-15\n", "\ndate: 2026-01-15\n", 1)
    text = re.sub(r"deadline: 2024-06-30", "deadline: 2023-06-30", text, count=1)
    plan.write_text(text, encoding="utf-8")
    found = [(p.code, p.message) for p in lint(content_copy, [2024])]
    assert any(code == "W434" and "2026-01-15" in message for code, message in found)
    assert any(code == "W432" and "早于 2024 年 1 月 1 日" in message for code, message in found)


def test_fix_never_changes_what_a_plain_value_means(content_copy):
    """Replacing the no-break space of “WHO\u00a0#1” by a space would make “#1 …” a comment."""
    plan = content_copy / "2024" / "wenming-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.strip().startswith("lead: "))
    plan.write_text(text.replace(line, line.split("lead: ")[0] + "lead: WHO\u00a0#1 党委书记", 1), encoding="utf-8")
    fix(content_copy, [2024])
    data = YAML(typ="safe").load(plan.read_text(encoding="utf-8"))
    leads = [t.get("lead") for t in data["tasks"] if t.get("lead", "").startswith("WHO")]
    assert leads and leads[0].endswith("#1 党委书记")


def test_a_more_indented_line_of_a_folded_block_keeps_its_breaks():
    assert codes("preamble: >\n  为深入推进建设\n    全力争创市级文明单位\n  结合实际。\n") == []


@pytest.mark.parametrize("text, expected", [
    ("body: >\n  坚持学习。\n\n  # 第二部分\n", ["E405"]),  # a blank line keeps the break: a heading
    ("body: \"坚持学习。\n\n  # 第二部分\"", ["E405"]),
    ("body: 详见http://www.example.com/新闻(2024).html和https://x.cn/搜索?关键词=医院。", []),
])
def test_headings_after_kept_breaks_and_addresses_with_chinese(text, expected):
    assert codes(text) == expected


def test_the_formula_table_needs_its_historical_words(tmp_path, monkeypatch):
    problem, _ = formula_table_problem(tmp_path, monkeypatch, (
        "series:\n  - name: x\n    formulas:\n      - {name: 党的十五大, match: 十五大, from: 1997-09-12}\n"))
    assert problem.code == "E120" and "historical" in problem.message


@pytest.mark.parametrize("text, expected", [
    ("body: 于2024年2月30日前完成自查", ["W436"]),
    ("body: 于2024年2月29日前完成自查", []),
    ("body: 达到５０％以上", ["W412"]),
    ("body: 点击阅读原文查看更多&nbsp;", ["E402", "E402", "E402"]),
])
def test_dates_in_text_percent_signs_and_more_web_junk(text, expected):
    assert codes(text) == expected


def test_last_years_title_and_date_are_warned(content_copy):
    plan = content_copy / "2024" / "wenming-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "title: 青山县人民医院2024年" in text and "\ndate: 2024-01-15\n" in text
    text = text.replace("title: 青山县人民医院2024年", "title: 青山县人民医院2023年", 1).replace(
        "\ndate: 2024-01-15\n", "\ndate: 2023-01-15\n", 1)
    plan.write_text(text, encoding="utf-8")
    found = [p.message for p in lint(content_copy, [2024]) if p.code == "W434"]
    assert any("标题中的年份 2023" in m for m in found) and any("2023-01-15" in m for m in found)
