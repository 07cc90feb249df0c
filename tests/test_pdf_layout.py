"""The printed page, measured on the PDF as a reviewer holding GB/T 9704 would."""
import re
import subprocess
from collections import Counter

import pdfplumber
import pytest

from pipeline.render import layout as L
from pipeline.check.measure import read_pdf

PAGE_NUMBER = re.compile(r"^—(\d+)—$")
BLOCK_LEFT = L.MARGIN_LEFT_MM * L.MM
BLOCK_RIGHT = (L.PAGE_WIDTH_MM - L.MARGIN_RIGHT_MM) * L.MM
BLOCK_TOP = L.MARGIN_TOP_MM * L.MM
BLOCK_BOTTOM = (L.PAGE_HEIGHT_MM - L.MARGIN_BOTTOM_MM) * L.MM


@pytest.fixture(scope="module", params=["plan", "scheme", "summary"])
def pdf(request, sample_outputs):
    return sample_outputs[request.param]["pdf"]


@pytest.fixture(scope="module")
def pages(pdf):
    return read_pdf(pdf)


def table_pages(pdf) -> set[int]:
    with pdfplumber.open(str(pdf)) as doc:
        return {i for i, p in enumerate(doc.pages, start=1) if p.rects or p.lines}


def test_pages_are_a4(pages):
    for page in pages:
        assert (round(page.width, 1), round(page.height, 1)) == (595.3, 841.9)


def test_text_sits_inside_the_margins(pages):
    for page in pages:
        lines = page.body
        assert min(ln.x0 for ln in lines) == pytest.approx(BLOCK_LEFT, abs=0.6)
        assert max(ln.x1 for ln in lines) <= BLOCK_RIGHT + 0.5
        # the first grid line: its glyphs start within one line pitch of the top margin
        assert BLOCK_TOP <= lines[0].top <= BLOCK_TOP + L.LINE_PITCH
        assert max(ln.top + ln.size for ln in lines) <= BLOCK_BOTTOM + 0.5


DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def test_every_full_body_page_has_22_lines(pages, pdf):
    """Full body pages: from the second to the last before the 落款, none with a table. A page
    whose last line would be a heading ends one line early: the heading moves to the next
    page, to stand with its text."""
    skip = table_pages(pdf)
    dated = next(p.number for p in pages if any(DATE.match(ln.text) for ln in p.body))
    # The 落款 block takes the body's last line with it, so the page before it may end early.
    full = [p for p in pages[1:dated - 2] if p.number not in skip]
    assert len(full) >= 2, "the sample should fill several full pages"
    for page in full:
        heading_next = HEADING.match(pages[page.number].body[0].text)
        allowed = {L.LINES_PER_PAGE - 1, L.LINES_PER_PAGE} if heading_next else {L.LINES_PER_PAGE}
        tops = [ln.top for ln in page.body]
        steps = [(b - a) / L.LINE_PITCH for a, b in zip(tops, tops[1:])]
        # every line on the grid (a blank line, e.g. before the 落款, is one empty grid line) …
        assert all(s == pytest.approx(round(s), abs=0.01) and round(s) in (1, 2) for s in steps), steps
        # … and the grid used from the first line to the 22nd
        assert 1 + sum(map(round, steps)) in allowed, (page.number, [ln.text for ln in page.body])


def test_full_lines_hold_28_characters(pages):
    """Lines of pure CJK text that a paragraph continues after: 28 characters, one or two
    fewer where the next character may not start a line (。，、” …) and takes the last one
    or two with it (WeasyPrint only widens spaces when justifying, and CJK has none)."""
    counts = Counter()
    for page in pages:
        for line, nxt in zip(page.body, page.body[1:]):
            if line.size != L.BODY_SIZE or re.search(r"[\x00-\x7f]", line.text):
                continue
            if line.x0 - BLOCK_LEFT > 1 or nxt.x0 - BLOCK_LEFT > 1:
                continue  # a first line (indented), or a last line (the next is indented)
            counts[len(line.text)] += 1
    assert max(counts) == L.CHARS_PER_LINE
    assert set(counts) <= {26, 27, 28}, counts
    assert counts[28] > 2 * (counts[27] + counts[26]), counts


def test_body_font_is_an_embedded_fangsong_subset(pdf):
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = {line.split()[0].split("+")[-1]: line.split() for line in fonts.splitlines()[2:]}
    assert "FandolFang" in rows
    for name, row in rows.items():
        assert re.match(r"^[A-Z]{6}\+", [r for r in fonts.splitlines() if name in r][0]), name
        assert row[-5:-2] == ["yes", "yes", "yes"], (name, row)  # emb sub uni


def test_body_lines_are_set_in_fangsong_16pt(pages):
    sizes = Counter(ln.size for page in pages for ln in page.body)
    assert sizes.most_common(1)[0][0] == L.BODY_SIZE
    body_fonts = Counter(f for page in pages for ln in page.body if ln.size == L.BODY_SIZE for f in ln.fonts)
    assert body_fonts.most_common(1)[0][0] == "FandolFang"


def test_page_numbers_are_em_dashed_odd_right_even_left(pages):
    for page in pages:
        (number,) = page.footer
        assert PAGE_NUMBER.match(number.text).group(1) == str(page.number)
        assert "—" in number.text and "-" not in number.text
        assert number.size == L.PAGE_NUMBER_SIZE
        inset = L.PAGE_NUMBER_INSET_CHARS * L.PAGE_NUMBER_SIZE
        if page.number % 2:
            assert number.x1 == pytest.approx(BLOCK_RIGHT - inset, abs=1)
        else:
            assert number.x0 == pytest.approx(BLOCK_LEFT + inset, abs=1)
        # about 7 mm below the text block
        assert number.top - BLOCK_BOTTOM == pytest.approx(L.PAGE_NUMBER_GAP_MM * L.MM, abs=3)


def test_the_sample_plan_fills_four_to_six_pages(sample_outputs):
    assert 4 <= len(read_pdf(sample_outputs["plan"]["pdf"])) <= 6
