"""The lint on text pasted from real documents and web pages: malformed numerals, headings
glued to their first item, raw HTML, and any text at all never being an internal error."""
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pipeline.errors import CODES, PipelineError, Problem
from pipeline.content.lint import File, _number, _text_findings, errors_only, lint


def findings(yaml_text: str, year: int = 2024) -> list[Problem]:
    file = File(Path("t.yaml"), yaml_text, YAML(typ="rt").compose(yaml_text))
    return [f.problem for f in _text_findings(file, year)]


def codes(yaml_text: str) -> list[str]:
    return sorted(p.code for p in findings(yaml_text))


def block(*lines: str) -> str:
    return "body: |\n" + "".join(f"  {line}\n" for line in lines)


# ---------------------------------------------------------------- 7: malformed numerals
@pytest.mark.parametrize("text", [
    "body: 做好（一一）项工作",
    block("二一、加强领导"),
    block("十五十、完善制度"),
    "body: 总体要求，一一是坚持标准",
    "body: 开展（十一十）活动",
])
def test_a_writer_pasting_a_malformed_numeral_gets_no_internal_error(text):
    assert codes(text) == []  # not a number, so not an item of a list


def test_list_numbers_are_read_and_malformed_ones_are_not_numbers():
    assert [_number(t) for t in ("一", "九", "十", "十一", "二十", "二十五", "九十九", "③", "12")] == \
        [1, 9, 10, 11, 20, 25, 99, 3, 12]
    assert [_number(t) for t in ("一一", "二一", "十五十", "十十", "三十十", "")] == [None] * 6


def test_a_malformed_numeral_between_items_does_not_break_the_count():
    assert codes("body: （一）甲；（一一）乙；（二）丙；（四）丁") == ["W420"]  # only （四） after （二）


# ---------------------------------------------------------------- 23: glued headings
def test_a_heading_glued_to_its_first_item_is_w421_not_a_skipped_number():
    problems = findings(block("四、实施措施1.成立领导小组。", "2.加强宣传。", "3.开展督查。"))
    assert [(p.code, p.line, p.column) for p in problems] == [("W421", 2, 9)]  # at the “1.”
    assert "四、实施措施" in problems[0].message and "换行" in problems[0].fix
    assert str(problems[0]).count("W421 标题与正文粘连")


def test_a_real_gap_after_a_glued_heading_is_still_w420():
    problems = findings(block("四、实施措施1.成立领导小组。", "3.开展督查。"))
    assert sorted((p.code, p.line) for p in problems) == [("W420", 3), ("W421", 2)]
    assert next(p for p in problems if p.code == "W420").message == "「1.」之后是「3.」"


@pytest.mark.parametrize("text", [
    block("（二）工作要求（1）加强值班。", "（2）做好督查。"),
    block("一、总体要求（一）指导思想。"),
    block("2.组织保障①成立工作专班。"),
    "body: 三、保障措施：1.加强组织领导。",
])
def test_headings_glued_to_lower_level_items_are_w421(text):
    assert codes(text) == ["W421"]


def test_a_list_run_in_after_a_colon_and_legitimate_numbers_are_not_findings():
    assert codes(block("主要措施：1.成立领导小组；", "2.加强宣传。")) == []  # was W420 “从 2 开始”
    assert codes(block("一、完成1.5万人次体检", "三、四级手术由医务部审核", "二、开展1、2月份活动",
                       "（一）按照附件（1）填写", "（二）全市第（1）名")) == []
    assert codes(block("四、实施措施1.成立领导小组。", "（1）甲", "（3）乙")) == ["W420", "W421"]


# ---------------------------------------------------------------- 18: HTML in content
@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "<style>p {color: red}</style>",
    '<img src="logo.png">',
    "<IMG SRC=x.png/>",
    '<iframe src="https://example.com"></iframe>',
    "<h1>理论学习</h1>",
    "<h6>小标题</h6>",
    '<div class="x">内容</div>',
    "<p>段落</p>",
    '<a href="https://example.com">链接</a>',
    "第一行<br>第二行",
    "第一行<br/>第二行",
    "<o:p></o:p>",  # what Word leaves in pasted HTML
    "<!-- 注释 -->",
    "<!-- 没有闭合的注释",
    "&#60;img src=x.png&#62;",
    "&#x3C;iframe src=x&#x3e;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
])
def test_html_pasted_into_content_is_refused_with_e406(text):
    assert codes(f"body: {json.dumps(text, ensure_ascii=False)}") == ["E406"]


def test_e406_points_at_the_tag_and_stops_a_build(content_copy):
    plan = content_copy / "2024" / "wenming-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    old = "结合我院实际，制定本计划。"
    plan.write_text(text.replace(old, '结合我院实际，<img src="a.png">制定本计划。', 1), encoding="utf-8")
    refused = [p for p in errors_only(lint(content_copy, [2024])) if p.code == "E406"]
    line = text[:text.index(old)].count("\n") + 1
    column = text.index(old) - text.rfind("\n", 0, text.index(old)) + len("结合我院实际，")
    assert [(p.file, p.line, p.column, p.severity) for p in refused] == [(plan, line, column, "error")]
    assert "<img" in refused[0].message and str(refused[0]).count("E406 正文中含有 HTML 标签")


def test_comparisons_book_titles_and_percentages_beside_html_are_text():
    text = 'body: "满意度 ≥ 90%，a < b，差错率<5%，x<y，《条例》，<https://x.cn>，<img src=x>"'
    problems = findings(text)
    assert [(p.code, p.column) for p in problems] == [("E406", text.index("<img") + 1)]


def test_a_pair_of_tags_is_one_finding_and_entities_are_not_also_web_junk():
    assert codes("body: 开展<b>重点</b>工作") == ["E406"]
    assert codes("body: '&lt;div&gt;甲&lt;/div&gt;'") == ["E406"]  # not E402 for &lt; &gt; as well


# ---------------------------------------------------------------- any text at all
CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.sampled_from(list("一二三四五六七八九十百零〇") + list("、（）()1234567890.．①②⑳是第，,：;；。")
                    + list("<>&#/!-=\"' xXabcdimgpsrt\n")
                    + ["<img ", "</", "<!--", "-->", "&#60;", "&#x3c;", "&lt;", "&gt;", "h1>", "script",
                       "四、", "1.", "（一）", "十五十、", "（一一）", "，一一是"]))
TEXT = st.lists(CHARS, max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, style=st.sampled_from(["double", "block"]))
def test_any_text_in_a_content_file_is_linted_without_an_internal_error(tmp_path, text, style):
    if style == "double":
        value = json.dumps(text, ensure_ascii=False)
    else:
        value = "|\n" + "".join(f"  {line}\n" for line in text.split("\n"))
    (tmp_path / "2024").mkdir(exist_ok=True)
    (tmp_path / "2024" / "wenming-plan.yaml").write_text(f"kind: plan\nguiding: {value}\n", encoding="utf-8")
    try:
        problems = lint(tmp_path, [2024])
    except PipelineError as e:
        problems = e.problems
    for p in problems:
        assert p.code in CODES and str(p)
