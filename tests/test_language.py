"""Generated language: every sentence of every sample output reads as 公文 Chinese that a director
would sign, and none is said twice (issue 13, item 6).

Every sample document of both years is built in every format, and each export is scanned:
no sentence repeated, no list item that reads as a decimal ("2.6月开展…"), no title line that
starts with a closing or ends with an opening quote or bracket, no event printed beside the
narrative that already tells it, events in date order in one paragraph, and the 领导小组办公室
named at most twice in its paragraph. Crafted content checks each rule where the samples do not
reach it.
"""
import re
from collections import Counter

import pytest

from pipeline.build import Paths, build
from pipeline.check.measure import docx_paragraphs, read_pdf
from pipeline.compose.assemble import assemble, title_lines
from pipeline.compose.blocks import markdown_blocks
from pipeline.compose.document import Paragraph
from pipeline.compose.wording import distinct_steps, list_marker, new_events
from pipeline.content.lint import lint
from pipeline.content.load import load
from pipeline.content.model import walk_results
from pipeline.render import layout

from conftest import CONTENT, TEMPLATES

YEARS = (2023, 2024)
SAMPLES = {year: load(CONTENT, year) for year in YEARS}
DOCS = [(year, doc_id) for year in YEARS for doc_id in SAMPLES[year].documents]

DECIMAL = re.compile(r"^\d+\.\d")  # "2.6月开展…": marker 2. and text 6月…
FIGURE = re.compile(r"^\d+\.\d+\D{0,2}$")  # a table cell: 8.6天, 92.5%
CLOSING = "”’》〉）」』】、，。；：！？"
OPENING = "“‘《〈（「『【"
EVENT_START = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日，")
OWNERS_NOTE = re.compile(r"^（[^（）]*）$")  # （责任部门：…；完成时限：…）: the same for many tasks


@pytest.fixture(scope="module")
def exports(tmp_path_factory, renderers):
    """{(year, doc_id): {"md": [paragraphs], "docx": [paragraphs], "pdf": [pages]}}."""
    out = tmp_path_factory.mktemp("language")
    found = {}
    for year in YEARS:
        paths = build(["all"], year, Paths(CONTENT, TEMPLATES, out), renderers=renderers)
        for doc_id, doc in SAMPLES[year].documents.items():
            stem = "".join(doc.title.split())
            files = {p.suffix[1:]: p for p in paths if p.stem == stem}
            md = [line for line in files["md"].read_text(encoding="utf-8").split("\n") if line.strip()]
            found[year, doc_id] = {"md": md, "docx": docx_paragraphs(files["docx"]),
                                   "pdf": read_pdf(files["pdf"], without_tables=True)}
    return found


def plain(paragraph: str) -> str:
    """A Markdown paragraph as printed: no #, no ** (a run-in heading's bold)."""
    return re.sub(r"^#+ ", "", paragraph).replace("**", "")


def pdf_paragraphs(pages) -> list[str]:
    """The PDF's body text as paragraphs: a line that starts at the first-line indent (or at
    the margin after 主送机关：) opens one; a line at the margin goes on the one before."""
    margin = layout.MARGIN_LEFT_MM * layout.MM
    out = []
    for page in pages:
        for line in page.body:
            starts = line.x0 > margin + layout.CHAR_ADVANCE or not out or out[-1][-1:] == "："
            if starts:
                out.append(line.text)
            else:
                out[-1] += line.text
    return out


def sentences(paragraphs: list[str]) -> list[str]:
    """The sentences of the body, without their list or heading markers: pieces ending in 。！？
    of six characters or more; table cells and the owners' notes are not sentences."""
    out = []
    for p in paragraphs:
        if p.startswith("|") or "\t" in p:
            continue
        for s in re.findall(r"[^。！？]+[。！？]”?", plain(p)):
            s = re.sub(r"^(?:[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十]+[，、阶]|（[一二三四五六七八九十\d]+）|\d+[.．])",
                       "", s.strip())
            if len(s) >= 6 and not OWNERS_NOTE.match(s):
                out.append(s)
    return out


def exported(exports, key, fmt) -> list[str]:
    return pdf_paragraphs(exports[key]["pdf"]) if fmt == "pdf" else [plain(p) for p in exports[key][fmt]]


# ---------------------------------------------------------------- every export of every sample
@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
@pytest.mark.parametrize("key", DOCS, ids=[f"{y}-{d}" for y, d in DOCS])
def test_no_sentence_is_said_twice_in_a_document(exports, key, fmt):
    said = Counter(sentences(exported(exports, key, fmt)))
    assert not {s: n for s, n in said.items() if n > 1}


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
@pytest.mark.parametrize("key", DOCS, ids=[f"{y}-{d}" for y, d in DOCS])
def test_no_list_item_reads_as_a_decimal(exports, key, fmt):
    paragraphs = exported(exports, key, fmt)
    assert not [p for p in paragraphs if DECIMAL.match(p) and not FIGURE.match(p)]


@pytest.mark.parametrize("key", DOCS, ids=[f"{y}-{d}" for y, d in DOCS])
def test_no_title_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(exports, key):
    year, doc_id = key
    doc = assemble(SAMPLES[year], doc_id, TEMPLATES)
    printed = [ln.text for ln in exports[key]["pdf"][0].body if abs(ln.size - layout.TITLE_SIZE) < 0.5]
    assert "".join(printed) == doc.title.replace("\n", "")  # the PDF sets the lines title_lines chose
    for line in doc.title.split("\n") + printed:
        assert line[0] not in CLOSING and line[-1] not in OPENING, doc.title


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
@pytest.mark.parametrize("key", [k for k in DOCS if SAMPLES[k[0]].documents[k[1]].kind == "summary"],
                         ids=lambda k: f"{k[0]}-{k[1]}")
def test_events_are_told_once_in_date_order_in_one_paragraph(exports, key, fmt):
    year, doc_id = key
    paragraphs = exported(exports, key, fmt)
    text = "".join(paragraphs)
    results = [r for r, _ in walk_results(SAMPLES[year].documents[doc_id].results)]
    assert any(r.events for r in results)
    for result in results:
        shown = {text for _, text in new_events(result, year)}
        printed = [e for e in result.events if e.text.strip().rstrip("。") in shown]
        for event in result.events:
            said = text.count(event.text.strip().rstrip("。"))
            if event in printed:
                assert said == 1, event.text  # not beside its narrative too
            else:  # its narrative tells it, in its own words and with its month
                assert said <= 1 and f"{event.date.month}月" in result.narrative, event.text
        if len(printed) > 1:  # all of them in one paragraph, in date order
            where = [next(i for i, p in enumerate(paragraphs) if e.text in p) for e in printed]
            assert len(set(where)) == 1
            paragraph = paragraphs[where[0]]
            order = sorted(printed, key=lambda e: e.date)
            assert [paragraph.index(e.text) for e in order] == sorted(paragraph.index(e.text) for e in order)
    # no year where the summary's own year goes without saying; one paragraph of events per result
    assert not [p for p in paragraphs if p.startswith(f"{year}年") and EVENT_START.match(p)]
    starts = [p for p in paragraphs if EVENT_START.match(p)]
    assert len(starts) == len([r for r in results if new_events(r, year)])


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
@pytest.mark.parametrize("key", [k for k in DOCS if SAMPLES[k[0]].document(k[1]).leadership or any(
    s.body == "roster" for s in SAMPLES[k[0]].document(k[1]).sections or [])], ids=lambda k: f"{k[0]}-{k[1]}")
def test_the_roster_names_the_office_at_most_twice(exports, key, fmt):
    paragraphs = exported(exports, key, fmt)
    office = [p for p in paragraphs if p.startswith("领导小组下设")]
    assert office
    for p in office:
        assert p.count("办公室") <= 2, p
        assert "兼任主任，负责" in p or "兼任负责人，负责" in p
    members = next(p for p in paragraphs if p.startswith("成员："))
    assert all("（" in m for m in members[3:].split("、"))  # the sample names every member


def test_the_samples_say_no_doubled_verbs_and_name_every_member():
    text = (CONTENT / "library.yaml").read_text(encoding="utf-8")
    assert "坚持注重" not in text
    assert not re.search(r"heading: 坚持.*\n    body: \|\n      坚持", text)  # 坚持以人为本。坚持以……
    for group in SAMPLES[2024].org.leadership_groups:
        assert all(m.name for m in group.members)


# ---------------------------------------------------------------- list markers
def markers(markdown: str) -> list[str]:
    return [b.runs[0].text for b in markdown_blocks(markdown) if isinstance(b, Paragraph)]


def test_a_list_whose_items_start_with_a_number_takes_the_full_width_point():
    assert list_marker(1, 2) == "2." and list_marker(1, 2, before_digit=True) == "2．"
    assert list_marker(2, 2) == list_marker(2, 2, before_digit=True) == "（2）"
    # one marker for the whole list, the items with and without a number alike
    assert markers("1. 6月开展义诊\n2. 组织培训\n") == ["1．", "2．"]
    assert markers("1. 组织培训\n2. 2024年底前完成\n") == ["1．", "2．"]
    assert markers("1. 组织培训\n2. 开展义诊\n") == ["1.", "2."]
    nested = markdown_blocks("1. 举办竞赛\n    1. 11月12日，医师组竞赛\n2. 开展体检\n")
    assert [b.text for b in nested] == ["1.举办竞赛", "（1）11月12日，医师组竞赛", "2.开展体检"]


def test_the_union_plans_months_read_as_items_not_decimals(exports):
    md = exports[2024, "union-plan"]["md"]
    assert "1．1月26日，召开第五届职工代表大会第三次会议，审议医院年度工作报告和职工福利方案。" in md
    assert "2．开展春节前走访慰问，看望困难职工、离退休老同志和节日值班人员。" in md


# ---------------------------------------------------------------- titles
@pytest.mark.parametrize("title, expected", [
    ("青山县人民医院2024年“5·12”国际护士节系列活动方案", "青山县人民医院2024年\n“5·12”国际护士节系列活动方案"),
    ("青山县人民医院关于开展“我为群众办实事”实践活动的实施方案",
     "青山县人民医院关于开展\n“我为群众办实事”实践活动的实施方案"),
    ("关于印发《青山县人民医院工作规则》的通知", "关于印发\n《青山县人民医院工作规则》的通知"),
    ("青山县人民医院关于开展“不忘初心、牢记使命”主题教育的实施方案",
     "青山县人民医院关于开展\n“不忘初心、牢记使命”主题教育的实施方案"),
    ("青山县人民医院2024年精神文明建设工作计划", "青山县人民医院2024年\n精神文明建设工作计划"),
    ("青山县人民医院实施方案", "青山县人民医院实施方案"),
])
def test_a_title_breaks_outside_quotes_and_book_title_marks(title, expected):
    assert title_lines(title) == expected


@pytest.mark.parametrize("title", [
    "青山县人民医院关于2024年度“优秀护士”“优秀护士长”评选表彰活动的通知",
    "关于印发《青山县人民医院创建省级文明单位三年行动实施方案》的通知",  # a name longer than a line
    "关于转发《关于进一步加强和改进医院精神文明建设工作的若干意见（试行）》的通知",
    "青山县人民医院（青山县第一人民医院）2024年度“三好一满意”活动实施方案",
    "“健康青山”“平安医院”“文明单位”“青年文明号”四项创建活动2024年度工作总结",
])
def test_no_title_line_starts_with_a_closing_mark_or_ends_with_an_opening_one_ever(title):
    lines = title_lines(title).split("\n")
    assert "".join(lines) == title
    capacity = layout.TEXT_WIDTH // layout.TITLE_SIZE
    inside = {i for m in re.finditer(r"“[^”]*”|《[^》]*》|（[^）]*）", title) for i in range(m.start() + 1, m.end())}
    cuts, at = [], 0
    for line in lines:
        assert line[0] not in CLOSING and line[-1] not in OPENING, lines
        assert layout.width_in_chars(line) <= capacity, lines
        at += len(line)
        cuts.append(at)
    names = re.findall(r"“[^”]*”|《[^》]*》|（[^）]*）", title)
    if all(layout.width_in_chars(n) < capacity - 1 for n in names):  # names that fit stay whole
        assert not [c for c in cuts[:-1] if c in inside], lines


def test_a_writers_own_title_lines_are_kept():
    assert title_lines("青山县人民医院\n“5·12”活动方案") == "青山县人民医院\n“5·12”活动方案"


# ---------------------------------------------------------------- 下一步打算
def test_next_steps_that_say_the_same_are_printed_once():
    steps = ["完善志愿者激励机制。", "完善志愿者激励机制", "完善志愿者激励机制，打造志愿服务品牌。",
             "加强床位管理，力争平均住院日降至8天以内。", "加强床位管理，力争平均住院日降至8天以内；",
             "扩大日间手术覆盖范围。", "  "]
    assert distinct_steps(steps) == ["完善志愿者激励机制，打造志愿服务品牌。", "加强床位管理，力争平均住院日降至8天以内。",
                                     "扩大日间手术覆盖范围。"]


CRAFTED = """\
kind: summary
title: 青山县人民医院2024年精神文明建设工作总结
date: 2025-01-10
based_on: wenming-plan
results:
  - task: T01
    status: 已完成
    narrative: 全年集中学习13次。3月5日，在城区广场举办义诊活动，服务群众320余人次。医患关系办公室于3月挂牌运行。
    events:
      - {date: 2024-03-20, text: 医患关系办公室挂牌成立，统一受理患者投诉}
      - {date: 2024-08-28, text: 文化长廊建成开放}
      - {date: 2024-03-05, text: 在城区广场举办义诊活动，服务群众320余人次}
      - {date: 2023-12-26, text: 召开动员大会。}
      - {date: 2024-08-28, text: 文化长廊建成开放。}
  - {task: T03, status: 基本完成, next_step: 完善志愿者激励机制。}
  - {task: T04, status: 未完成, next_step: 扩大日间手术覆盖范围。}
  - {task: T05, status: 未完成}
  - {task: T09, status: 持续推进}
next_steps:
  - 完善志愿者激励机制
  - 扩大日间手术覆盖范围，力争平均住院日降至8天以内。
"""


@pytest.fixture
def crafted(content_copy):
    (content_copy / "2024" / "wenming-summary.yaml").write_text(CRAFTED, encoding="utf-8")
    return content_copy


def body(content, doc_id) -> list[str]:
    return [b.text for b in assemble(content, doc_id, TEMPLATES).blocks if isinstance(b, Paragraph)]


def test_events_beside_the_narrative_are_left_out_and_the_rest_woven_in_date_order(crafted):
    paragraphs = body(load(crafted, 2024), "wenming-summary")
    assert "全年集中学习13次。3月5日，在城区广场举办义诊活动，服务群众320余人次。医患关系办公室于3月挂牌运行。" in paragraphs
    # told by the narrative, word for word or in its own words with the month: not again; twice:
    # once; another year's date in full; in date order
    assert "2023年12月26日，召开动员大会；8月28日，文化长廊建成开放。" in paragraphs
    assert sum("320余人次" in p for p in paragraphs) == 1


def test_next_steps_are_the_results_and_the_summarys_each_once(crafted):
    """T03's step and the summary's first say the same: once. The summary's second says all that
    T04's says and more: it takes T04's place."""
    blocks = assemble(load(crafted, 2024), "wenming-summary", TEMPLATES).blocks
    heading = next(i for i, b in enumerate(blocks) if getattr(b, "text", "") == "下一步打算")
    items = [b.text for b in blocks[heading + 1:] if isinstance(b, Paragraph) and b.role == "body"]
    assert items == ["1.完善志愿者激励机制。", "2.扩大日间手术覆盖范围，力争平均住院日降至8天以内。"]


def test_an_unfinished_task_without_a_next_step_is_warned_about_not_made_up(crafted):
    found = [p for p in lint(crafted, [2024]) if p.code == "W441"]
    assert len(found) == 1  # T05 未完成; T09 持续推进 goes on as it is; T03, T04 have their own
    problem = found[0]
    assert problem.file.name == "wenming-summary.yaml" and problem.line == 17 and "深化优质护理服务" in problem.message
    assert problem.severity == "warning"
    text = "".join(body(load(crafted, 2024), "wenming-summary"))
    assert "深化优质护理服务" not in text.split("下一步打算")[-1]


def test_a_step_the_summary_itself_takes_up_needs_no_warning(crafted):
    path = crafted / "2024" / "wenming-summary.yaml"
    path.write_text(CRAFTED + "  - 深化优质护理服务，推广延续护理。\n", encoding="utf-8")
    assert not [p for p in lint(crafted, [2024]) if p.code == "W441"]


# ---------------------------------------------------------------- the roster
def test_a_member_known_by_post_only_comes_after_the_named_and_the_office_reads_once(content_copy):
    org = content_copy / "org.yaml"
    text = org.read_text(encoding="utf-8")
    text = text.replace("{role: 成员, post: 门诊部主任, name: 罗志明}", "{role: 成员, post: 门诊部主任}")
    text = text.replace("      head_name: 刘晓东\n", "", 1)
    org.write_text(text, encoding="utf-8")
    paragraphs = body(load(content_copy, 2024), "wenming-scheme")
    members = next(p for p in paragraphs if p.startswith("成员："))
    assert members.endswith("许文军（纪检监察室主任）、门诊部主任")
    office = next(p for p in paragraphs if p.startswith("领导小组下设"))
    assert office.startswith("领导小组下设办公室（设在党委办公室），由党委办公室主任兼任主任，负责精神文明建设")
    assert office.count("办公室") == 3  # the post names it: still never "领导小组办公室负责"
    assert "领导小组办公室负责" not in office
