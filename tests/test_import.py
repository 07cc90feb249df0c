"""`pipeline import`: a writer's existing Word file, web page text or PDF in, content out that
passes check and builds into the same document."""
import difflib
import json
import re
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document as Docx

from pipeline.build import Paths, build
from pipeline.cli import main
from pipeline.content.lint import check
from pipeline.content.load import load
from pipeline.errors import PipelineError
from pipeline.importer import parse_file, readers
from pipeline.importer.write import import_files

from conftest import CONTENT, TEMPLATES


def normalised(text: str) -> str:
    return re.sub(r"[#*\s|\-]", "", text)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalised(a), normalised(b), autojunk=False).ratio()


def headings(md: str) -> list[str]:
    return [l for l in md.splitlines() if l.startswith("## ")]


@pytest.fixture(scope="module")
def sample(tmp_path_factory, renderers):
    out = tmp_path_factory.mktemp("sample")
    paths = build(["all"], 2024, Paths(CONTENT, TEMPLATES, out), renderers=renderers)
    return {p.stem: {q.suffix[1:]: q for q in paths if q.stem == p.stem} for p in paths}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_importing_our_own_output_gives_back_the_same_document(sample, tmp_path, fmt, renderers):
    files = [s[fmt] for s in sample.values()]
    written, problems = import_files(files, tmp_path / "content")
    assert problems == [] and len(written) == len(files)
    found, content = check(tmp_path / "content", 2024)
    assert [p for p in found if p.severity == "error"] == []
    rebuilt = build(["all"], 2024, Paths(tmp_path / "content", TEMPLATES, tmp_path / "out"), formats=("md",),
                    renderers=renderers)
    for md in rebuilt:
        original = sample[md.stem]["md"].read_text(encoding="utf-8")
        again = md.read_text(encoding="utf-8")
        assert similarity(original, again) >= 0.97, md.stem
        assert headings(again) == headings(original), md.stem


def test_records_come_back_from_our_own_docx(sample, tmp_path):
    [parsed] = parse_file(sample["青山县人民医院创建平安医院工作实施方案"]["docx"])
    data = parsed.data
    assert data["kind"] == "scheme" and data["date"].isoformat() == "2024-03-25"
    assert [g.get("target") for g in data["goals"]][:2] == ["医疗纠纷调解成功率 ≥ 90%", "投诉处理及时率 = 100%"]
    assert [p["months"] for p in data["phases"]] == ["1-3", "4-15", "16-18"]
    assert {m["role"] for m in data["leadership"]["members"]} == {"组长", "副组长", "成员"}
    assert data["leadership"]["members"][0] == {"role": "组长", "name": "赵文博", "post": "院长"}
    assert len(data["duties"]) == 6 and data["assessment"]["rules"][2] == {
        "trigger": "安全隐患未按期整改到位的", "penalty": "每项扣科室积分2分"}
    task = data["tasks"][0]
    assert task["owners"] == ["院长办公室", "保卫科"] and task["lead"] == "院长" and task["deadline"] == "2024-06"
    assert [s["heading"] for s in data["sections"]][-1] == "组织机构"  # the document's own order


WEB_PAGE = """\
青山文秘网首页
县中医院2024年护理工作计划(精选6篇)
县中医院2024年护理工作计划
时间:2024-01-30 07:28:59 来源:网友投稿
以下是小编为大家整理的县中医院2024年护理工作计划，仅供参考。
为进一步提高护理质量,保障患者安全,根据20xx年全县护理工作会议精神,结合我院实际,制定本计划。
一、工作目标
1.住院患者满意度达到95%以上。
2.护理不良事件上报率达到１００%。
二、主要任务
（一）加强护理队伍建设
组织全院护士开展分层级培训，全年培训不少于１２次，由×××负责落实，确保培训覆盖所有护理单元和护理岗位，
做到人人参训、人人考核。
（二）深化优质护理服务
全面推行责任制整体护理，竞赛内5容包括基础护理和专科护理。
1 / 2
三、保障措施
护理部每季度开展一次督查，督查结果与科室绩效挂钩。
县中医院
2024年1月8日
相关文章
县中医院2023年护理工作总结
护士长述职报告范文
"""


def test_a_gbk_web_page_loses_its_junk_and_keeps_its_placeholders(tmp_path):
    path = tmp_path / "web.txt"
    path.write_bytes(WEB_PAGE.encode("gbk"))
    [parsed] = parse_file(path)
    report, data = parsed.report, parsed.data
    assert "按 GBK 编码读取" in report.notes
    removed = {r.text for r in report.removed}
    for junk in ("青山文秘网首页", "1 / 2", "相关文章", "护士长述职报告范文", "(精选6篇)", "县中医院2024年护理工作计划"):
        assert any(junk in r for r in removed), junk
    assert any("小编" in r for r in removed)
    assert data["title"] == "县中医院2024年护理工作计划" and data["kind"] == "plan"
    assert data["date"].isoformat() == "2024-01-08" and data["signature"] == "县中医院"
    assert "20xx年" in data["preamble"] and "，" in data["preamble"] and "," not in data["preamble"]
    assert [s["heading"] for s in data["sections"]] == ["工作目标", "主要任务", "保障措施"]
    # the writer's words kept, the target beside them
    assert data["goals"][0] == {"id": "G01", "text": "住院患者满意度达到95%以上", "target": "住院患者满意度 ≥ 95%"}
    assert data["goals"][1]["target"] == "护理不良事件上报率 = 100%"  # full-width digits normalised
    body = data["tasks"][0]["body"]
    assert "×××" in body and "，做到人人参训" in body  # the hard wrap joined, the placeholder kept
    assert "竞赛内容包括" in data["tasks"][1]["body"]  # a page number glued into a word taken out


def test_a_document_pasted_as_one_line_gets_its_outline_back(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("青山县卫生院2024年工作计划一、背景介绍我院承担全镇基本医疗和公共卫生服务。"
                    "二、目标设定1. 培养一支业务过硬的医护队伍。2. 门诊患者满意度达到90%以上。"
                    "三、主要措施（一）加强培训。每月组织业务学习一次。（二）改善服务。优化就诊流程。"
                    "青山县卫生院 2024年1月5日", encoding="utf-8")
    [parsed] = parse_file(path)
    assert parsed.data["title"] == "青山县卫生院2024年工作计划"
    assert [s["heading"] for s in parsed.data["sections"]] == ["背景介绍", "目标设定", "主要措施"]
    assert any("拆分粘连的标题" in c for c in parsed.report.changes)


def test_a_wps_docx_with_alternate_content_is_read_once(tmp_path):
    doc = Docx()
    doc.add_paragraph("县妇幼保健院2024年健康宣教工作计划")
    doc.add_paragraph("一、工作目标")
    doc.add_paragraph("全年开展健康讲座不少于24场。")
    path = tmp_path / "wps.docx"
    doc.save(path)
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    xml = files["word/document.xml"].decode()
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    if "xmlns:mc=" not in xml:
        xml = xml.replace("<w:document ", f"<w:document {mc} ", 1)
    xml = xml.replace("<w:r><w:t>全年开展健康讲座不少于24场。</w:t></w:r>",
                      "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>全年开展健康讲座不少于24场。</w:t></w:r>"
                      "</mc:Choice><mc:Fallback><w:r><w:t>全年开展健康讲座不少于24场。</w:t></w:r></mc:Fallback>"
                      "</mc:AlternateContent>")
    assert "mc:Fallback" in xml
    files["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    texts = [p.text for p in readers.read(path).paragraphs]
    assert texts.count("全年开展健康讲座不少于24场。") == 1


def test_a_collection_of_three_documents_is_split_and_each_reported(tmp_path):
    parts = []
    for n, unit in enumerate(["东湖社区卫生服务中心", "西山镇卫生院", "南关社区卫生服务中心"], 1):
        parts.append(f"【篇{n}】\n{unit}2024年工作计划\n为做好全年工作，制定本计划。\n一、主要任务\n"
                     f"做好基本公共卫生服务，家庭医生签约率达到60%以上。\n{unit}\n2024年1月{n + 2}日")
    path = tmp_path / "collection.txt"
    path.write_text("社区工作计划3篇\n" + "\n".join(parts), encoding="utf-8")
    docs = parse_file(path)
    assert [d.data["title"] for d in docs] == [
        "东湖社区卫生服务中心2024年工作计划", "西山镇卫生院2024年工作计划", "南关社区卫生服务中心2024年工作计划"]
    written, problems = import_files([path], tmp_path / "content")
    assert problems == [] and len({r.path for r in written}) == 3


def test_imported_content_passes_check_and_builds(tmp_path):
    path = tmp_path / "web.txt"
    path.write_bytes(WEB_PAGE.encode("gbk"))
    written, problems = import_files([path], tmp_path / "content")
    assert problems == []
    found, content = check(tmp_path / "content", 2024)
    assert {p.code for p in found if p.severity == "error"} == {"E401"}  # only the placeholders 20xx, ×××
    assert (tmp_path / "content" / "org.yaml").exists()  # a unit's first import describes the unit
    org = load(tmp_path / "content", 2024).org
    assert org.name == "县中医院" and org.short_name == "我院"


@pytest.mark.parametrize("name,data,code", [
    ("empty.txt", b"", "E142"),
    ("table.xlsx", b"PK\x03\x04", "E141"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "E119"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "E144"),
    ("broken.pdf", b"%PDF-1.7 nothing else", "E119"),
    ("blank.txt", "   \n\n".encode(), "E142"),
])
def test_a_file_that_cannot_be_imported_gets_a_code_and_nothing_is_written(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["import", str(path), "--into", str(tmp_path / "content")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert code in result.output and name in result.output
    assert not (tmp_path / "content").exists()


def test_an_oversized_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("一" * 1000, encoding="utf-8")
    with pytest.raises(PipelineError) as e:
        readers.read(path)
    assert e.value.problems[0].code == "E143"


def test_a_doc_without_libreoffice_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(readers.shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    with pytest.raises(PipelineError) as e:
        readers.read(path)
    assert e.value.problems[0].code == "E140" and "LibreOffice" in e.value.problems[0].message


def test_existing_content_is_not_overwritten_without_force_and_backed_up_with_it(tmp_path):
    path = tmp_path / "web.txt"
    path.write_bytes(WEB_PAGE.encode("gbk"))
    [first], _ = import_files([path], tmp_path / "content")
    first.path.write_text(first.path.read_text(encoding="utf-8") + "# 已修改\n", encoding="utf-8")
    edited = first.path.read_bytes()
    written, problems = import_files([path], tmp_path / "content")
    assert written == [] and [p.code for p in problems] == ["E146"]
    assert first.path.read_bytes() == edited
    written, problems = import_files([path], tmp_path / "content", force=True)
    assert problems == [] and written[0].path == first.path
    backups = list((tmp_path / "content" / ".backup").rglob("*.yaml"))
    assert [b.read_bytes() for b in backups] == [edited]


def test_the_report_lists_what_went_where_in_chinese_and_as_json(tmp_path):
    path = tmp_path / "web.txt"
    path.write_bytes(WEB_PAGE.encode("gbk"))
    result = CliRunner().invoke(main, ["import", str(path), "--into", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    for said in ("类型：plan（计划） —— 标题中有「计划」", "年度：2024 —— 标题中的「2024年」", "工作目标 → 目标 goals",
                 "保障措施 → 自由文字", "（网页提示）", "E401"):
        assert said in result.output
    result = CliRunner().invoke(main, ["import", str(path), "--into", str(tmp_path / "b"), "--format", "json"])
    report = json.loads(result.output)
    [doc] = report["documents"]
    assert doc["kind"] == "plan" and {"heading": "主要任务", "into": "任务 tasks"} in doc["sections"]
    assert any(r["why"] == "页码计数" for r in doc["removed"])


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["一、", "二、", "（一）", "(二)", "㈠", "1.", "2、", "（3）", "第一阶段：", "一是", "第二，",
                          "七月、八月", "组长：", "张某（院长）", "责任部门：", "（完成时限：2024年6月底前）", "达到90%以上",
                          "。", "，", "：", "\n", "\t", "2024年1月5日", "【篇1】", "小编", "1 / 7", "指导思想", "工作目标",
                          "| a | b |", "#", "**", "20xx", "×××", "医院", "5", "年", "月", "日", " "])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=60))
def test_any_text_imports_or_gets_a_coded_error(tmp_path, parts):
    path = tmp_path / "any.txt"
    path.write_text("".join(parts), encoding="utf-8", errors="surrogatepass")
    try:
        for parsed in parse_file(path):
            from pipeline.importer import validated
            validated(parsed, set())
    except PipelineError as e:
        assert all(p.code.startswith("E") for p in e.problems)
