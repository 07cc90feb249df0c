"""Templates and content can only say what a document says: no commands, no markup that changes
its structure, no HTML in the review export."""
import shutil
from pathlib import Path

import pytest

from pipeline.compose.assemble import assemble
from pipeline.build import Paths, build
from pipeline.compose.document import Heading, Paragraph, Run
from pipeline.errors import PipelineError
from pipeline.content.load import load
from pipeline.render.markdown import render_markdown
from pipeline.compose.wording import heading_marker

ROOT = Path(__file__).resolve().parent.parent
ATTACKS = [
    "{{ cycler.__init__.__globals__.os.system('touch %s') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].popen('touch %s').read() }}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_shared_template_that_tries_to_run_a_command_is_refused_and_runs_nothing(tmp_path, attack):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    marker = tmp_path / "pwned"
    section = templates / "sections" / "guiding.md.j2"  # a section of every plan
    section.write_text(section.read_text("utf-8") + "\n" + attack.replace("%s", str(marker)) + "\n", "utf-8")
    with pytest.raises(PipelineError) as refused:
        build(["plan"], 2024, Paths(ROOT / "content", templates, tmp_path / "out"), formats=("md",))
    problem = refused.value.problems[0]
    assert problem.code == "E201" and problem.file == section and problem.line is not None
    assert not marker.exists()
    assert not (tmp_path / "out").exists()


def test_underscores_and_stars_in_a_heading_print_as_typed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    plan = content / "2024" / "wenming-plan.yaml"
    text = plan.read_text("utf-8")
    assert "heading: 开展廉洁风险专项排查" in text
    plan.write_text(text.replace("heading: 开展廉洁风险专项排查", "heading: 开展__廉洁__风险*专项*排查"), "utf-8")
    doc = assemble(load(content, 2024), "wenming-plan", ROOT / "templates")
    headings = [b for b in doc.blocks if isinstance(b, Heading) and "廉洁" in b.text]
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph) and "廉洁__风险" in b.text]
    found = headings or paragraphs  # level 3 headings run into their paragraph
    assert found, "the heading is gone"
    runs = [r for b in paragraphs for r in b.runs if "廉洁" in r.text] if paragraphs else []
    assert "开展__廉洁__风险*专项*排查" in (headings[0].text if headings else "".join(r.text for r in runs))


@pytest.mark.parametrize("n,level1,level2", [
    (10, "十、", "（十）"), (11, "十一、", "（十一）"), (20, "二十、", "（二十）"), (21, "二十一、", "（二十一）"),
    (99, "九十九、", "（九十九）"), (100, "一百、", "（一百）"), (101, "一百零一、", "（一百零一）"),
    (110, "一百一十、", "（一百一十）"), (215, "二百一十五、", "（二百一十五）")])
def test_heading_numbers_past_ninety_nine_stay_chinese_numerals(n, level1, level2):
    assert heading_marker(1, n) == level1 and heading_marker(2, n) == level2
    assert heading_marker(3, n) == f"{n}." and heading_marker(4, n) == f"（{n}）"  # Arabic: no limit


def test_the_review_markdown_never_carries_an_html_tag():
    """A tag that reached the document tree as text (a code span, &#60;img …) stays text in the
    .md, so a Markdown previewer fetches and runs nothing."""
    from pipeline.compose.document import Document
    doc = Document(kind="plan", title="测试", date="2024年1月1日", date_iso="2024-01-01", blocks=[
        Heading(1, "一、", '关于<img src="http://x.example/a.png">的说明'),
        Paragraph([Run('正文中的 <iframe src="http://x.example"></iframe> 和 a&lt;b')]),
        Paragraph([Run("<script>alert(1)</script>", bold=True)]),
    ])
    md = render_markdown(doc).decode()
    assert "<" not in md
    assert "&lt;img" in md and "&lt;iframe" in md and "&lt;script>" in md and "a&amp;lt;b" in md
