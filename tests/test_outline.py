"""The outline is content: a writer names, orders, leads in and marks a document's sections
in its own file, and the output follows, without touching a template."""
import re
import textwrap
from pathlib import Path

import pytest

from pipeline.build import Paths, build
from pipeline.content.load import load
from pipeline.errors import PipelineError

from conftest import TEMPLATES


def md(content_dir, doc_id, tmp_path, year=2024) -> list[str]:
    """The document's text export, as lines without the blank ones."""
    out = tmp_path / f"out-{doc_id}-{len(list(tmp_path.iterdir()))}"
    paths = build([doc_id], year, Paths(content_dir, TEMPLATES, out), formats=("md",))
    return [l for l in paths[0].read_text(encoding="utf-8").splitlines() if l.strip()]


def headings(lines) -> list[str]:
    return [l.lstrip("# ") for l in lines if l.startswith("## ")]


def write(path: Path, text: str):
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


SCHEME_OUTLINE = """
sections:
  - guiding
  - goals
  - principles
  - roster
  - tasks
  - phases
  - safeguards
"""


def with_outline(content_dir, doc="wenming-scheme", outline=SCHEME_OUTLINE):
    path = content_dir / "2024" / f"{doc}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent(outline), encoding="utf-8")
    return path


def test_an_outline_listing_the_default_sections_prints_what_the_default_prints(content_copy, tmp_path):
    default = md(content_copy, "wenming-scheme", tmp_path)
    with_outline(content_copy)
    assert md(content_copy, "wenming-scheme", tmp_path) == default


def test_renaming_a_heading_changes_that_heading_and_nothing_else(content_copy, tmp_path):
    before = md(content_copy, "wenming-scheme", tmp_path)
    with_outline(content_copy, outline=SCHEME_OUTLINE.replace("  - tasks", "  - {body: tasks, heading: 创建内容}"))
    after = md(content_copy, "wenming-scheme", tmp_path)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [("## 五、主要任务", "## 五、创建内容")]


def test_moving_the_roster_last_reorders_and_renumbers_only(content_copy, tmp_path):
    before = md(content_copy, "wenming-scheme", tmp_path)
    outline = SCHEME_OUTLINE.replace("  - roster\n", "").replace("  - safeguards\n", "  - safeguards\n  - roster\n")
    with_outline(content_copy, outline=outline)
    after = md(content_copy, "wenming-scheme", tmp_path)
    assert [h[2:] for h in headings(after)] == ["指导思想", "工作目标", "基本原则", "主要任务", "实施步骤",
                                                "保障措施", "组织机构"]
    assert headings(after)[-1] == "七、组织机构"
    unmarked = lambda lines: sorted(re.sub(r"^## [一二三四五六七八九十]+、", "## ", l) for l in lines)
    assert unmarked(before) == unmarked(after)  # the same text, in another order


def test_a_lead_in_and_a_free_section_are_printed_where_the_outline_puts_them(content_copy, tmp_path):
    with_outline(content_copy, outline="""
    sections:
      - goals
      - heading: 实施步骤
        body: phases
        lead: 创建工作自2024年1月起至12月止，分三个阶段进行。
      - heading: 工作要求
        text: |
          ## 提高认识

          各科室要把创建工作摆上重要议事日程。

          ## 严格督查

          领导小组办公室每季度通报一次进展。

          | 季度 | 督查重点 |
          | --- | --- |
          | 第一季度 | 任务分解 |
    """)
    lines = md(content_copy, "wenming-scheme", tmp_path)
    step = lines.index("## 二、实施步骤")
    assert lines[step + 1] == "创建工作自2024年1月起至12月止，分三个阶段进行。"
    assert lines[step + 2].startswith("### （一）动员部署阶段（2024年1月至2月）")
    require = lines.index("## 三、工作要求")
    assert lines[require + 1:require + 5] == ["### （一）提高认识", "各科室要把创建工作摆上重要议事日程。",
                                              "### （二）严格督查", "领导小组办公室每季度通报一次进展。"]
    assert "| 第一季度 | 任务分解 |" in lines
    assert "## 四、" not in "\n".join(lines)  # omitted sections are gone, not empty


@pytest.mark.parametrize("markers,expected", [
    ("yishi", ["一是提高认识。各科室要把创建工作摆上重要议事日程。", "二是严格督查。领导小组办公室每季度通报一次进展。"]),
    ("diyi", ["第一，提高认识。各科室要把创建工作摆上重要议事日程。", "第二，严格督查。领导小组办公室每季度通报一次进展。"]),
    ("run_in", ["（一）提高认识。各科室要把创建工作摆上重要议事日程。", "（二）严格督查。领导小组办公室每季度通报一次进展。"]),
    ("standalone", ["### （一）提高认识", "各科室要把创建工作摆上重要议事日程。", "### （二）严格督查",
                    "领导小组办公室每季度通报一次进展。"]),
])
def test_a_sections_items_are_marked_in_the_style_it_names(content_copy, tmp_path, markers, expected):
    with_outline(content_copy, outline=f"""
    sections:
      - heading: 工作要求
        markers: {markers}
        text: |
          ## 提高认识

          各科室要把创建工作摆上重要议事日程。

          ## 严格督查

          领导小组办公室每季度通报一次进展。
    """)
    lines = md(content_copy, "wenming-scheme", tmp_path)
    start = lines.index("## 一、工作要求") + 1
    assert [l.replace("**", "") for l in lines[start:start + len(expected)]] == expected


def test_list_items_take_the_sections_marker_style(content_copy, tmp_path):
    with_outline(content_copy, outline="""
    sections:
      - {body: goals, markers: yishi}
    """)
    lines = md(content_copy, "wenming-scheme", tmp_path)
    assert any(l.startswith("一是门诊患者满意度达到90%以上") or l.startswith("一是改善门诊就医体验") for l in lines), lines


def test_phases_marked_as_stages_and_relative_or_no_dates(content_copy, tmp_path):
    path = content_copy / "2024" / "wenming-plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    start: 2024-01\n    end: 2024-02\n", "    months: 1-2\n", 1)
    text = text.replace("    start: 2024-11\n    end: 2024-12\n", "", 1)
    path.write_text(text, encoding="utf-8")
    with_outline(content_copy, outline="""
    sections:
      - {body: phases, markers: stage}
    """)
    lines = md(content_copy, "wenming-scheme", tmp_path)
    assert "### 第一阶段：动员部署阶段（第1-2个月）" in lines
    assert "### 第二阶段：组织实施阶段（2024年3月至10月）" in lines
    assert "### 第三阶段：总结提升阶段" in lines


def test_a_section_deeper_than_four_levels_is_refused_at_its_line(content_copy, tmp_path):
    path = with_outline(content_copy, outline="""
    sections:
      - heading: 一级
        sections:
          - heading: 二级
            sections:
              - heading: 三级
                sections:
                  - heading: 四级
                    sections:
                      - heading: 五级
                        text: 太深了。
    """)
    with pytest.raises(PipelineError) as e:
        load(content_copy, 2024)
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "heading: 五级" in l)
    assert [(p.code, p.line) for p in e.value.problems] == [("E121", line)]


def test_a_free_section_needs_a_heading(content_copy):
    path = with_outline(content_copy, outline="""
    sections:
      - text: 没有标题的一节。
    """)
    with pytest.raises(PipelineError) as e:
        load(content_copy, 2024)
    assert [p.code for p in e.value.problems] == ["E103"] and e.value.problems[0].file == path


def test_a_summary_standing_alone_prints_no_sentence_or_table_without_data(content_copy, tmp_path):
    write(content_copy / "2024" / "alone.yaml", """
    kind: summary
    title: 青山县人民医院2024年第三季度工作总结
    date: 2024-10-08
    period: 第三季度
    preamble: |
      第三季度，我院围绕年度目标推进各项工作，现将有关情况总结如下。
    results:
      - heading: 聚焦群众需求，服务更加便捷
        narrative: |
          开通夜间门诊，接诊患者1260人次。
        people:
          - {name: 李敏, post: 护理部副主任, honour: 县级优秀护士}
          - {name: 赵强, post: 急诊科医师, honour: 县级优秀护士}
          - {name: 周婷, post: 儿科护士长, deed: 连续坚守岗位36小时，救治危重患儿3名}
        results:
          - heading: 优化预约流程
            narrative: 预约诊疗率达到62%。
    """)
    lines = md(content_copy, "alone", tmp_path)
    text = "\n".join(lines)
    assert headings(lines) == ["一、主要做法和成效"]
    assert "### （一）聚焦群众需求，服务更加便捷" in lines and "#### 1.优化预约流程" not in lines
    assert "**1.优化预约流程。**预约诊疗率达到62%。" in lines
    assert "获评县级优秀护士的有：护理部副主任李敏、急诊科医师赵强。" in lines
    assert "儿科护士长周婷连续坚守岗位36小时，救治危重患儿3名。" in lines
    for never in ("0项", "项工作目标中", "总体完成情况", "| 目标 |", "未报告", "下一步打算", "存在问题", "，。"):
        assert never not in text


def test_a_document_is_built_by_its_id_and_an_unknown_id_lists_the_ones_there_are(content_copy, tmp_path):
    paths = build(["wenming-scheme"], 2024, Paths(content_copy, TEMPLATES, tmp_path), formats=("md",))
    assert [p.name for p in paths] == ["青山县人民医院创建市级文明单位实施方案.md"]
    with pytest.raises(PipelineError) as e:
        build(["nurse-day"], 2024, Paths(content_copy, TEMPLATES, tmp_path), formats=("md",))
    assert e.value.problems[0].code == "E203" and "wenming-scheme" in e.value.problems[0].message


def test_based_on_an_unknown_document_is_reported_at_its_line(content_copy):
    path = content_copy / "2024" / "wenming-summary.yaml"
    text = path.read_text(encoding="utf-8").replace("based_on: wenming-plan", "based_on: wenming-pan")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as e:
        load(content_copy, 2024)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("based_on:"))
    assert [(p.code, p.line) for p in e.value.problems] == [("E107", line)]
