"""How things are written: numbering, dates, targets, the title's lines, the 落款."""
import datetime as dt

import pytest

from pipeline.render import layout
from pipeline.compose.assemble import activity_text, closing_blocks, title_lines
from pipeline.compose.document import Heading, Paragraph
from pipeline.content.model import Activity, Deadline, Target, YearMonth
from pipeline.compose.wording import chinese_number, date_text, deadline_text, sentence, span_text, target_text

from conftest import TEMPLATES


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def assembled(content_dir, sections: str) -> list:
    """The blocks of a document of the sample year whose outline is `sections` (YAML):
    headings are numbered, and run into their paragraph, when the document is assembled."""
    from pipeline.compose.assemble import assemble
    from pipeline.content.load import load

    (content_dir / "2024" / "numbering.yaml").write_text(
        "kind: plan\ntitle: 编号测试\ndate: 2024-01-15\nsections:\n" + sections, encoding="utf-8")
    return assemble(load(content_dir, 2024), "numbering", TEMPLATES).blocks


def test_headings_are_numbered_per_level_and_restart_under_each_parent(content_copy):
    blocks = assembled(content_copy, "  - heading: 甲\n    text: |\n      ## 子\n\n      ## 丑\n\n      ### 寅\n"
                                     "  - heading: 乙\n    text: |\n      ## 卯\n")
    headings = [(b.marker, b.text) for b in blocks if isinstance(b, Heading)]
    assert headings == [("一、", "甲"), ("（一）", "子"), ("（二）", "丑"), ("1.", "寅"), ("二、", "乙"), ("（一）", "卯")]


def test_level_three_headings_run_into_their_paragraph(content_copy):
    blocks = assembled(content_copy, "  - heading: 甲\n    text: |\n      ## 乙\n\n      ### 加强领导\n\n"
                                     "      各科室要高度重视。\n")
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "乙")
    p = blocks[at + 1]
    assert isinstance(p, Paragraph)
    assert p.text == "1.加强领导。各科室要高度重视。" and p.runs[0].bold
    assert not [b for b in blocks if isinstance(b, Heading) and "加强领导" in b.text]


def test_targets_are_phrased_once():
    assert target_text(Target.parse("门诊患者满意度 ≥ 90%")) == "门诊患者满意度达到90%以上"
    assert target_text(Target.parse("投诉处理及时率 = 100%")) == "投诉处理及时率达到100%"
    assert target_text(Target.parse("投诉处理及时率 >= 100%")) == "投诉处理及时率达到100%"
    assert target_text(Target.parse("平均住院日 ≤ 8 天")) == "平均住院日控制在8天以内"
    assert target_text(Target.parse("青年文明号 ≥ 2 个")) == "青年文明号不少于2个"
    with pytest.raises(ValueError):
        Target.parse("满意度达到85以上")


def test_dates_have_no_zero_padding_and_spans_read_naturally():
    assert date_text(dt.date(2024, 1, 5)) == "2024年1月5日"
    assert span_text(YearMonth(2024, 2), YearMonth(2024, 4)) == "2024年2月至4月"
    assert span_text(YearMonth(2024, 11), YearMonth(2025, 1)) == "2024年11月至2025年1月"
    assert deadline_text(Deadline.parse("2024-06")) == "2024年6月底前"
    assert deadline_text(Deadline.parse(dt.date(2024, 6, 30))) == "2024年6月30日前"


def test_a_long_title_breaks_into_balanced_lines_at_a_natural_place():
    assert title_lines("青山县人民医院2024年精神文明建设工作计划") == "青山县人民医院2024年\n精神文明建设工作计划"
    assert title_lines("青山县人民医院实施方案") == "青山县人民医院实施方案"
    for line in title_lines("关于印发青山县人民医院创建省级文明单位三年行动实施方案的通知").split("\n"):
        assert layout.width_in_chars(line) * layout.TITLE_SIZE <= layout.TEXT_WIDTH


def test_signature_and_date_stand_as_the_standard_places_them():
    sig, date = closing_blocks("青山县人民医院卫生健康委员会", "2024年1月15日")
    # signature 右空二字; the date's first character two characters right of the signature's
    assert sig.indent_right == 2
    sig_start = sig.indent_right + layout.width_in_chars(sig.text)
    date_start = date.indent_right + layout.width_in_chars(date.text)
    assert sig_start - date_start == 2
    # a date longer than the signature: the date 右空二字, the signature moves left
    sig, date = closing_blocks("青山县医院", "2024年12月25日")
    assert date.indent_right == 2
    assert sig.indent_right + layout.width_in_chars(sig.text) - (2 + layout.width_in_chars(date.text)) == 2


@pytest.mark.parametrize("parts, text", [
    (("获评“青山县最美护士”",), "获评“青山县最美护士”。"),
    (("他强调：“要抓好落实。”",), "他强调：“要抓好落实。”"),
    (("全年开展义诊12次（含下乡义诊）",), "全年开展义诊12次（含下乡义诊）。"),
    (("完成了", "确保按期完成。"), "完成了，确保按期完成。"),
    (("",), ""),
])
def test_a_sentence_ends_once_and_a_closing_quote_is_not_a_full_stop(parts, text):
    assert sentence(*parts) == text


def test_activity_ranges_read_from_day_to_day():
    assert activity_text(Activity(text="举办培训班", day=9, last_day=10), 4) == "4月9日至10日，举办培训班"
    assert activity_text(Activity(text="举办义诊", day=5), 3) == "3月5日，举办义诊"


def test_the_owners_of_a_task_whose_body_ends_in_a_table_stand_after_the_table(content_copy):
    from pipeline.compose.assemble import assemble
    from pipeline.compose.document import Table
    from pipeline.content.load import load

    plan = content_copy / "2024" / "wenming-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    table = "      | 季度 | 学习主题 |\n      | --- | --- |\n      | 一季度 | 党章党规 |\n"
    plan.write_text(text.replace("开设“理论学习”专栏。\n", "开设“理论学习”专栏。\n\n" + table, 1), encoding="utf-8")
    blocks = assemble(load(content_copy, 2024), "wenming-plan", TEMPLATES).blocks
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Table))
    assert blocks[at].rows == [["一季度", "党章党规"]]
    assert blocks[at + 1].text.startswith("（责任部门：党委办公室、宣传科；")
