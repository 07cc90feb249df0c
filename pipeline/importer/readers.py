"""Readers: a file in, its paragraphs out, in reading order, with what the file says of each
(a heading style's level, whether it sat in a table). Nothing is interpreted here.

.docx is read from its XML (Word's and WPS's: runs inside mc:AlternateContent are read once,
from mc:Choice); .doc and .wps are converted to .docx with LibreOffice first; .txt and .md are
decoded as UTF-8, UTF-16 or GBK (GB18030); a .pdf is read from its text layer, its lines joined
into paragraphs by where they end on the page.
"""
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PipelineError, Problem

MAX_BYTES = 50 * 1024 * 1024  # a plan is a few hundred KB; more is not a document of ours
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


@dataclass
class Para:
    text: str
    heading_style: int | None = None  # the level of a Heading 1–4 (or 标题 1–4) style
    in_table: bool = False
    hard_wrapped: bool = False  # joined from lines of a PDF or a wrapped text file
    table: list[list[str]] | None = None  # a table's rows of cell texts (text: the table as Markdown)


@dataclass
class Read:
    path: Path
    paragraphs: list[Para]
    format: str  # docx | doc | wps | txt | md | pdf
    notes: list[str] = field(default_factory=list)  # what the reader did: encoding, conversion


SUFFIXES = (".docx", ".doc", ".wps", ".txt", ".md", ".pdf")


def read(path: Path) -> Read:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _error("E141", f"不支持的文件类型 {path.suffix or '（无扩展名）'}；可导入 .docx .doc .wps .txt .md .pdf", path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _error("E114", f"找不到文件 {path}", path) from None
    except OSError as e:
        raise _error("E114", f"无法读取 {path.name}：{e.strerror}", path) from None
    if path.is_dir():
        raise _error("E115", f"{path.name} 是文件夹，请给出其中的文件", path)
    if size == 0:
        raise _error("E142", f"{path.name} 是空文件", path)
    if size > MAX_BYTES:
        raise _error("E143", f"{path.name} 有 {size // 1024 // 1024} MB，超过 {MAX_BYTES // 1024 // 1024} MB：不像是一份方案、计划或总结", path)
    if suffix == ".docx":
        return Read(path, _docx(path), "docx")
    if suffix in (".doc", ".wps"):
        return _converted(path, suffix[1:])
    if suffix == ".pdf":
        return _pdf(path)
    return _text(path, suffix[1:])


def _error(code, message, path) -> PipelineError:
    return PipelineError([Problem(code, message, path)])


# ---------------------------------------------------------------- .docx
def _docx(path: Path) -> list[Para]:
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                if "EncryptedPackage" in names or "EncryptionInfo" in names:
                    raise _error("E144", f"{path.name} 已加密：请在 Word/WPS 中取消密码后再导入", path)
                raise _error("E119", f"{path.name} 不是有效的 DOCX（缺少 word/document.xml）", path)
            body = etree.fromstring(z.read("word/document.xml"))
            styles = etree.fromstring(z.read("word/styles.xml")) if "word/styles.xml" in names else None
    except zipfile.BadZipFile:
        if path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE file: encrypted, or a .doc
            raise _error("E144", f"{path.name} 已加密，或其实是 .doc 文件：请取消密码，或改扩展名为 .doc", path) from None
        raise _error("E119", f"{path.name} 已损坏或不是有效的 DOCX 文件", path) from None
    except etree.XMLSyntaxError:
        raise _error("E119", f"{path.name} 的内容已损坏（XML 无法解析）", path) from None
    levels = _heading_styles(styles)
    out = []
    for block in body.iter(f"{W}p", f"{W}tbl"):
        if any(a.tag == f"{MC}Fallback" for a in block.iterancestors()):
            continue  # WPS writes the same content twice: read mc:Choice only
        if any(a.tag == f"{W}tbl" for a in block.iterancestors()):
            continue  # read with its table
        if block.tag == f"{W}tbl":
            rows = [["".join(_para_text(p) for p in cell.iter(f"{W}p")) for cell in row.iter(f"{W}tc")]
                    for row in block.iter(f"{W}tr")]
            out.append(table_para([r for r in rows if any(c.strip() for c in r)]))
            continue
        style = block.find(f"{W}pPr/{W}pStyle")
        out.append(Para(_para_text(block), levels.get(style.get(f"{W}val")) if style is not None else None))
    return out


def _para_text(paragraph) -> str:
    return "".join(_run_text(el) for el in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br")
                   if not any(a.tag == f"{MC}Fallback" for a in el.iterancestors()))


def table_para(rows: list[list[str]]) -> Para:
    """A table as one paragraph: its rows, and its text as a Markdown table."""
    width = max((len(r) for r in rows), default=0)
    rows = [[" ".join(c.split()) for c in r] + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    if lines:
        lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return Para("\n".join(lines), in_table=True, table=rows)


def _run_text(el) -> str:
    if el.tag == f"{W}t":
        return el.text or ""
    return "\t" if el.tag == f"{W}tab" else "\n"


def _heading_styles(styles) -> dict[str, int]:
    """Style IDs whose name is a heading (Heading 2, heading 2, 标题 2) → level."""
    out = {}
    if styles is None:
        return out
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        m = re.fullmatch(r"(?i)(?:heading|标题)\s*([1-4])", (name.get(f"{W}val") if name is not None else "") or "")
        if m:
            out[style.get(f"{W}styleId")] = int(m[1])
    return out


# ---------------------------------------------------------------- .doc, .wps
def _converted(path: Path, fmt: str) -> Read:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise _error("E140", f"导入 .{fmt} 需要 LibreOffice 先转换为 .docx，但本机没有安装"
                             "（sudo apt-get install libreoffice-writer-nogui，或 make setup）；"
                             "也可在 Word/WPS 中另存为 .docx 后导入", path)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"in.{fmt}"
        shutil.copyfile(path, source)
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "docx", "--outdir", tmp, str(source)],
                           capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            raise _error("E119", f"LibreOffice 转换 {path.name} 超过 120 秒未完成", path) from None
        out = Path(tmp) / "in.docx"
        if not out.exists():
            raise _error("E119", f"LibreOffice 无法转换 {path.name}：文件已损坏、已加密或不是 .{fmt}", path)
        return Read(path, _docx(out), fmt, [f"已用 LibreOffice 将 .{fmt} 转换为 .docx 后读取"])


# ---------------------------------------------------------------- .txt, .md
def _text(path: Path, fmt: str) -> Read:
    raw = path.read_bytes()
    text, encoding = decode(raw)
    if text is None:
        raise _error("E100", f"{path.name} 既不是 UTF-8、UTF-16，也不是 GBK 编码的文本", path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notes = [] if encoding == "UTF-8" else [f"按 {encoding} 编码读取"]
    if fmt != "md":
        return Read(path, [Para(l) for l in lines], fmt, notes)
    return Read(path, _markdown(lines), fmt, notes)


def _markdown(lines: list[str]) -> list[Para]:
    """Markdown: # headings give levels (the title's own # left out), a === or --- underline
    makes the line above a heading, - bullets and **bold** are taken off."""
    out: list[Para] = []
    hashes = []
    for line in lines:
        m = re.match(r"^\s{0,3}(#{1,6})\s+(.*)$", line)
        if re.fullmatch(r"\s{0,3}(=+|-{3,})\s*", line) and out and out[-1].text.strip():
            out[-1].heading_style = out[-1].heading_style or 0  # the line above is a heading (the title)
            continue
        text = re.sub(r"\*\*(.+?)\*\*", r"\1", m[2] if m else line)
        text = re.sub(r"^\s{0,3}[-*+]\s+", "", text)
        out.append(Para(text, len(m[1]) if m else None))
        if m:
            hashes.append(len(m[1]))
    first = next((p for p in out if p.text.strip()), None)
    body = [p.heading_style for p in out if p.heading_style and p is not first]
    top = min(body, default=1)
    for p in out:
        if p is first or p.heading_style == 0:
            p.heading_style = None  # the title
        elif p.heading_style:
            p.heading_style = p.heading_style - top + 1
    return out


def decode(raw: bytes) -> tuple[str | None, str]:
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", "replace"), "UTF-8"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16"), "UTF-16"
    if len(raw) > 1 and raw[1::2].count(0) > len(raw) // 4:  # UTF-16 without a BOM
        return raw.decode("utf-16-le", "replace"), "UTF-16"
    for encoding, name in (("utf-8", "UTF-8"), ("gb18030", "GBK")):
        try:
            return raw.decode(encoding), name
        except UnicodeDecodeError:
            pass
    return None, ""


# ---------------------------------------------------------------- .pdf
def _pdf(path: Path) -> Read:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(path))
    except PDFPasswordIncorrect:
        raise _error("E144", f"{path.name} 已加密：请取消密码后再导入", path) from None
    except Exception:  # noqa: BLE001 – pdfminer raises many types for a damaged file
        raise _error("E119", f"{path.name} 已损坏或不是有效的 PDF 文件", path) from None
    paragraphs: list[Para] = []
    with pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            lines = page.extract_text_lines(layout=False, strip=True)
            lines = [l for l in lines if not _page_number(l["text"])
                     and not any(b[0] - 1 <= l["x0"] and l["x1"] <= b[2] + 1 and b[1] - 1 <= l["top"] <= b[3] + 1
                                 for b in boxes)]
            pending = sorted(((t.bbox[1], t) for t in tables), key=lambda x: x[0])
            if not lines:
                continue
            right = max(l["x1"] for l in lines)
            left = min(l["x0"] for l in lines)
            size = max(1.0, sorted(c["size"] for l in lines for c in l["chars"])[len([1 for l in lines for c in l["chars"]]) // 2])
            last_size = None
            for line in lines + [None]:
                while pending and (line is None or pending[0][0] < line["top"]):
                    rows = [[(c or "").replace("\n", "") for c in r] for r in pending.pop(0)[1].extract()]
                    prev_table = paragraphs[-1].table if paragraphs else None
                    if prev_table and rows and rows[0] == prev_table[0]:  # a header repeated on a new page
                        paragraphs[-1] = table_para(prev_table + rows[1:])
                    else:
                        paragraphs.append(table_para(rows))
                    last_size = None
                if line is None:
                    break
                text = line["text"]
                prev = paragraphs[-1] if paragraphs else None
                line_size = max(c["size"] for c in line["chars"])
                if last_size is not None and abs(line_size - last_size) > 1:
                    prev = None  # the title (小标宋 22 pt) ends where the 16 pt text begins
                last_size = line_size
                indented = line["x0"] > left + 1.5 * size
                centred = line["x0"] > left + 3 * size and line["x1"] < right - 3 * size
                # 公文 paragraphs start indented: a line at the left margin goes on from the one
                # before, unless that one ended a sentence well short of the right edge
                if prev and prev.hard_wrapped and not indented and not centred and not prev.table:
                    prev.text += text
                else:
                    paragraphs.append(Para(text))
                # a line that stops short of the right edge ends its paragraph (a justified or
                # ragged line of CJK text ends within a character or two of it)
                wide = line["x1"] > right - 2.5 * size
                paragraphs[-1].hard_wrapped = not centred and wide
    if not any(p.text.strip() for p in paragraphs):
        raise _error("E145", f"{path.name} 没有文字层（可能是扫描件）：请先做文字识别（OCR）", path)
    for p in paragraphs:
        p.hard_wrapped = False
    return Read(path, paragraphs, "pdf", ["PDF：按行首缩进和行尾位置把折行合并为段落，表格按行列读取"])


def _page_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-—－–\s]*\d{1,3}[-—－–\s]*|第\s*\d+\s*页(共\s*\d+\s*页)?|\d+\s*/\s*\d+", text.strip()))
