"""Clean-up: what does not belong to the document is removed and listed (web-page chrome,
collection markers, page counters, repeated titles); hard wraps are joined, page numbers
glued into words taken out, punctuation made full width and digits half width. Nothing is
invented: placeholders (20xx, ×××, 000) stay as written, for `pipeline check` to flag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.lint import fixed_text
from .readers import Para

# A line that is nothing but site chrome (matched whole, after stripping).
JUNK_LINES = [
    (r".{0,20}(网|站|文库|范文|文秘|资料|在线)(首页|$).{0,10}", "网站名称"),
    (r"(发布|更新)?时间[:：]\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}.*", "发布时间"),
    (r"(来源|作者|浏览|阅读|点击)[:：].{0,30}", "来源或浏览次数"),
    (r".{0,8}(我要投稿|分享到|分享|收藏|举报|打印本页|关闭窗口|返回顶部|客服|保存成功|加入收藏|复制链接|点赞)([\s|｜/、]+.{0,8})*", "网页按钮"),
    (r".{0,40}(小编|仅供参考|免费阅读|点击下载|下载文档|下载本文|文档下载|阅读全文|全文阅读|VIP|会员专享).{0,30}", "网页提示"),
    (r".{0,30}(©|版权所有|Copyright|ICP[备证]|公网安备).{0,40}", "版权或备案号"),
    (r"\d{1,3}\s*/\s*\d{1,3}", "页码计数"),
    (r"[-—－–\s]*\d{1,3}[-—－–\s]*", "页码"),
    (r"第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?", "页码"),
    (r"【?(篇|第)[一二三四五六七八九十\d]+篇?】?", "合集分篇标记"),
    (r".{0,24}\d{4}年第\d{1,3}期", "刊物页眉"),
    (r"(当前位置[:：]\s*)?首页\s*[>»›/].*|[^>»›。，]{1,12}(\s*[>»›]\s*[^>»›。，]{1,16}){2,}", "网页导航"),
    (r".*(小编|本站)(为大家|为您|精心|整理|收集|推荐).*", "网页提示"),
]
# "卫生院2024年工作计划 - 文秘知识网": the page title, the site's name after a dash
SITE_SUFFIX = re.compile(r"\s*[-_|—｜]+\s*[^\s-]{2,12}(网|站|文库|在线|平台|之家)$")
JUNK = [(re.compile(rf"^(?:{p})$", re.I), why) for p, why in JUNK_LINES]
# Junk inside a sentence of the document: taken out, the sentence kept.
INLINE_JUNK = re.compile(r"[（(](本文|以上|内容)?仅供参考[）)]|（?以下是小编[^。]*[。：]）?")
# A heading after which a web page lists other pages' titles: the rest is not the document.
TRAILER = re.compile(r"^(相关(文章|推荐|阅读|范文|文档)|热门(关注|推荐|文章)|猜你喜欢|推荐阅读|延伸阅读|上一篇|下一篇)[:：]?")
COLLECTION = re.compile(r"[(（【]?(精选|通用|模板|优选|热门|推荐)?\d+篇[)）】]?|\d{3,5}字(精选|范文)?|[(（](精选|通用|模板)\d*篇?[)）]")
# A page number glued into a word by a PDF copy: 竞赛内5容. A digit between two Chinese
# characters is kept where Chinese puts numbers: before a counter or unit, after 第, 共, 约 ….
COUNTERS = "年月日时分秒个次项人名篇条件场期批天周家所支例台套份元万亿倍岁级届层类种床张部分号多余排位块把间栋幢辆小毫千百十封面座辆册本株棵头只"
GLUED_NUMBER = re.compile(rf"(?<=[\u4e00-\u9fff])(?<![第共约近达为至超逾余每前后有计合责占增减降升到和与或及等于在])"
                          rf"(\d{{1,3}})(?=[\u4e00-\u9fff])(?![{COUNTERS}至到或和与、])")
TITLE_END = re.compile(r"^[^。，；]{4,40}(方案|计划|总结|要点|安排|意见|报告)([（(][^）)]{2,16}[）)])?$")  # a title line: never joined on
END_OF_SENTENCE = "。！？；：…”’）】》"
MARKER_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|[㈠-㈩]|\d+[、.．](?!\d)|第[一二三四五六七八九十\d]+[阶部章节条]|[一二三四五六七八九十]+是)")


@dataclass
class Removed:
    text: str
    why: str


def clean(paragraphs: list[Para], wrapped: bool, web: bool) -> tuple[list[Line], list[Removed], list[str]]:
    """(the document's lines, what was removed and why, what was changed). `wrapped`: text
    whose lines may be broken inside a sentence; `web`: text copied from a web page or a PDF,
    which may carry page numbers glued into words."""
    removed: list[Removed] = []
    changes: list[str] = []
    lines = []
    for para in paragraphs:
        if para.table is not None:
            lines.append(Line(para.text, None, True))
            continue
        for text in para.text.split("\n"):
            cells = [c.strip() for c in text.split("\t") if c.strip()]
            if len(cells) >= 2 and not re.search(r"[。；]$", text.strip()):  # a row of a table pasted as text
                lines.append(Line(" | ".join(cells), None, True, cells=cells))
                continue
            text = re.sub(r"[ \t\u3000\u00a0]+", " ", text).strip()
            text = re.sub(r"^#{1,6}\s+|\*\*", "", text)  # Markdown headings and bold pasted as text
            if text:
                lines.append(Line(text, para.heading_style, para.in_table))
    out = []
    starts_next = False
    for i, line in enumerate(lines):
        if TRAILER.match(line.text) and i > len(lines) // 3:
            removed += [Removed(l.text, "网页附带的其他文章列表") for l in lines[i:]]
            break
        if line.in_table:
            out.append(line)
            continue
        why = next((why for pattern, why in JUNK if pattern.match(line.text)), None)
        if why:
            removed.append(Removed(line.text, why))
            if why == "合集分篇标记":
                starts_next = True
            continue
        line.starts_document, starts_next = starts_next, False
        site = SITE_SUFFIX.search(line.text)
        if site and i < 5:
            removed.append(Removed(site[0].strip(" -_|—｜"), "网站名称"))
            line.text = line.text[:site.start()]
        collection = re.match(r"^【?(篇|第)[一二三四五六七八九十\d]+篇?】\s*(?=\S)", line.text) or \
            re.search(r"\s*[【(（]?篇[一二三四五六七八九十\d]{1,2}[】)）]?$", line.text) if len(line.text) <= 50 else None
        if collection:  # 【篇2】卫生院2024年……计划, or …活动方案 篇1: the marker on the title's line
            removed.append(Removed(collection[0].strip(), "合集分篇标记"))
            line.text = (line.text[collection.end():] if collection.start() == 0 else line.text[:collection.start()]).strip()
            line.starts_document = True
        inline = INLINE_JUNK.search(line.text)
        if inline:
            removed.append(Removed(inline[0], "网页提示"))
            line.text = INLINE_JUNK.sub("", line.text)
        out.append(line)
    out = _tables(_repeated_titles(out, removed))
    if wrapped:
        out = join_wraps(out, changes)
    for line in out:
        if line.in_table:
            continue
        glued = GLUED_NUMBER.sub("", line.text) if web else line.text
        if glued != line.text:
            changes.append(f"去掉嵌入词中的页码：「{line.text[:30]}」")
        fixed = fixed_text(glued)
        if fixed != glued:
            changes.append(f"标点和数字改为规范写法：「{glued[:30]}」")
        line.text = fixed
    return out, removed, changes


@dataclass
class Line:
    text: str
    heading_style: int | None = None
    in_table: bool = False
    starts_document: bool = False  # the first line after a collection's 【篇N】
    cells: list | None = None  # a tab-separated row
    rows: list | None = None  # the rows of a table made of such lines


def _tables(lines: list[Line]) -> list[Line]:
    """Consecutive rows of a tab-separated table as one Markdown table."""
    out: list[Line] = []
    for line in lines:
        cells = line.cells
        prev = out[-1] if out else None
        if cells and prev is not None and prev.rows is not None:
            prev.rows.append(cells)
        elif cells:
            line.rows = [cells]
            out.append(line)
        else:
            out.append(line)
    for line in out:
        rows = line.rows
        if rows is not None:
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            md = ["| " + " | ".join(r) + " |" for r in rows]
            md.insert(1, "| " + " | ".join(["---"] * width) + " |")
            line.text = "\n".join(md) if len(rows) > 1 else " ".join(rows[0])
            line.in_table = len(rows) > 1
    return out


def _repeated_titles(lines: list[str], removed: list[Removed]) -> list[str]:
    """A title shown two or three times at the top of a web page, and collection markers in it."""
    out = []
    for line in lines:
        bare = COLLECTION.sub("", line.text).strip()
        if bare != line.text and len(bare) >= 4 and not MARKER_START.match(line.text):
            removed.append(Removed(line.text.replace(bare, "").strip() or line.text, "合集标记"))
            line.text = bare
        if out and line.text == out[-1].text and len(line.text) < 60:
            removed.append(Removed(line.text, "重复的标题"))
            continue
        out.append(line)
    return out


def join_wraps(lines: list["Line"], changes: list[str]) -> list["Line"]:
    """Lines of a paragraph broken where a page or a window ended: a line that does not end a
    sentence goes on in the next, unless it is a heading or the next starts with a marker."""
    lengths = [len(l.text) for l in lines if len(l.text) >= 15 and not l.in_table]
    width = max(set(lengths), key=lengths.count) if lengths else 0  # the width it was wrapped at
    unfinished = sum(1 for l in lines if len(l.text) >= 15 and l.text[-1] not in END_OF_SENTENCE)
    wrapped = lengths.count(width) >= 3 and unfinished >= len(lengths) * 0.3
    out: list[Line] = []
    for line in lines:
        prev = out[-1].text if out else None
        # a line that stops on a comma always goes on; one that stops on no mark, where the
        # text is wrapped at a width and the line reached it
        goes_on = prev and (prev[-1] in "，、“（《" or wrapped and len(prev) >= width - 2 and prev[-1] not in END_OF_SENTENCE)
        if goes_on and not out[-1].in_table and not line.in_table and not MARKER_START.match(line.text) \
                and not _looks_like_heading(prev) and not _looks_like_date(line.text) and len(prev) >= 15 \
                and not line.starts_document and not TITLE_END.search(prev):
            out[-1].text = prev + line.text
            changes.append(f"合并折行：「{prev[-10:]}」+「{line.text[:10]}」")
        else:
            out.append(line)
    return out


def _looks_like_heading(text: str) -> bool:
    return bool(MARKER_START.match(text)) and len(text) <= 30 and not re.search(r"[。；]", text)


def _looks_like_date(text: str) -> bool:
    return bool(re.fullmatch(r"(\d{4}|[〇一二三四五六七八九零]{4})年.{1,3}月.{1,3}日", text))
