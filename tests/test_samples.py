"""Every sample document builds in DOCX and PDF, passes verify, prints the headings its outline
chose in its order, and has no empty heading and no generated sentence without data. Together
the samples use every record and every section kind."""
import re

import pytest

from pipeline.build import Paths, build
from pipeline.check.measure import docx_paragraphs, normalised, pdf_paragraph_text
from pipeline.check.verify import failed, render_table, verify
from pipeline.compose.outline import read_outlines
from pipeline.content.load import load
from pipeline.content.model import BODIES, MARKERS, RECORD_FIELDS, walk_results, walk_sections

from conftest import CONTENT, TEMPLATES

YEAR = 2024
SAMPLE = load(CONTENT, YEAR)


@pytest.fixture(scope="module")
def built(tmp_path_factory, renderers):
    out = tmp_path_factory.mktemp("samples")
    paths = build(["all"], YEAR, Paths(CONTENT, TEMPLATES, out), renderers=renderers)
    by_doc = {}
    for doc_id, doc in SAMPLE.documents.items():
        stem = "".join(doc.title.split())
        by_doc[doc_id] = {p.suffix[1:]: p for p in paths if p.stem == stem}
    return by_doc


IDS = list(SAMPLE.documents)


@pytest.mark.parametrize("doc_id", IDS)
def test_each_sample_document_passes_verify_in_both_formats(built, doc_id):
    for fmt in ("pdf", "docx"):
        checks = verify(built[doc_id][fmt])
        assert not failed(checks), f"{doc_id}.{fmt}\n{render_table(checks)}"


@pytest.mark.parametrize("doc_id", IDS)
def test_the_docx_and_the_pdf_say_the_same(built, doc_id):
    docx = normalised("".join(docx_paragraphs(built[doc_id]["docx"])))
    pdf = normalised("".join(pdf_paragraph_text(built[doc_id]["pdf"])))
    assert docx == pdf


MARKER = r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）|第[一二三四五六七八九十]+阶段：)"


def top_headings(md: str) -> list[str]:
    return [re.sub(rf"^{MARKER}", "", l[3:]) for l in md.splitlines() if l.startswith("## ")]


@pytest.mark.parametrize("doc_id", [i for i, d in SAMPLE.documents.items() if d.sections])
def test_the_export_shows_the_headings_the_outline_chose_in_its_order(built, doc_id):
    outline = read_outlines(TEMPLATES)
    chosen = [s.heading or outline.headings[s.body] for s in SAMPLE.documents[doc_id].sections]
    assert top_headings(built[doc_id]["md"].read_text(encoding="utf-8")) == chosen


@pytest.mark.parametrize("doc_id", IDS)
def test_no_empty_heading_and_no_sentence_without_data(built, doc_id):
    lines = [l for l in built[doc_id]["md"].read_text(encoding="utf-8").splitlines() if l.strip()]
    signature = SAMPLE.documents[doc_id].signature or SAMPLE.org.signature
    end = max(i for i, l in enumerate(lines) if l == signature)
    for i, line in enumerate(lines[:end]):
        if line.startswith("## ") or line.startswith("### ") or line.startswith("#### "):
            level = len(line.split(" ")[0])
            following = lines[i + 1] if i + 1 < end else ""
            nested = following.startswith("#") and len(following.split(" ")[0]) > level
            assert following and (not following.startswith("#") or nested), f"empty heading: {line}"
    text = "\n".join(lines)
    for pattern in (r"(?<!\d)0项", r"中，。", r"[，、：]。", r"\|\s*\|\s*\|", r"None", r"（）", r"《》"):
        assert not re.search(pattern, text, re.M), (pattern, re.search(pattern, text, re.M))


def test_every_record_and_section_kind_is_used_by_a_sample_document():
    docs = SAMPLE.documents.values()
    used = {f for d in docs for f in RECORD_FIELDS if getattr(d, f)}
    assert set(RECORD_FIELDS) - {"overall_goal"} <= used | {"overall_goal"}, set(RECORD_FIELDS) - used
    outline = read_outlines(TEMPLATES)
    has = {"goals": lambda d: d.goals or d.overall_goal, "roster": lambda d: d.leadership,
           "monthly": lambda d: d.activities, "overview": lambda d: d.based_on,
           **{k: (lambda d, k=k: getattr(d.event, k, None)) for k in ("theme", "place", "participants")},
           "time": lambda d: d.event and d.event.start}
    sections, bodies = [], set()
    for doc_id, d in SAMPLE.documents.items():
        view = SAMPLE.document(doc_id)
        for s, _, _ in walk_sections(d.sections or getattr(outline, d.kind)):
            sections.append(s)
            if s.body and (has.get(s.body) or (lambda v, b=s.body: getattr(v, b)))(view):
                bodies.add(s.body)  # used, with the records it is written from
    assert set(BODIES) <= bodies, set(BODIES) - bodies
    assert set(MARKERS) - {"numbered"} <= {s.markers for s in sections}, set(MARKERS) - {s.markers for s in sections}
    assert any(s.text and "## " in s.text for s in sections)  # free sub-sections
    assert any(s.lead for s in sections)
    assert any(s.form == "list" for s in sections)
    # the records the genre hides in prose
    phases = [p for d in docs for p in d.phases]
    assert any(p.months for p in phases) and any(p.start and p.start.year != p.end.year or
                                                 d.campaign_end for d in docs for p in d.phases)
    assert any(len(m.month_list) > 1 for d in docs for m in d.activities)
    assert any(a.items for d in docs for m in d.activities for a in m.items)
    assert any(r.reward for d in docs if d.assessment for r in d.assessment.rules)
    assert any(r.penalty for d in docs if d.assessment for r in d.assessment.rules)
    assert {d.period for d in docs} > {"全年"}
    results = [r for d in docs for r, _ in walk_results(d.results)]
    assert any(p.deed is None for r in results for p in r.people)
    assert any(r.results for r in results)
    summaries = [d for d in docs if d.kind == "summary"]
    assert any(d.based_on for d in summaries) and any(not d.based_on for d in summaries)
    event = next(d.event for d in docs if d.event)
    assert event.theme and event.start and event.end and event.place and event.participants
