"""Build the importer's test corpus: one specimen file per entry of manifest.yaml.

    .venv/bin/python tests/import_corpus/make.py OUT_DIR

Each entry names a source text in sources/ (UTF-8, one paragraph per line, exactly as the author
wrote it, web junk and defects included) and a format. make() writes that text in the format:

    docx-styled  python-docx; title in "Title", 一、 lines in "Heading 1", （一） lines in "Heading 2"
    docx-plain   python-docx; every paragraph "Normal", markers typed by hand (heading lines bold)
    docx-wps     as styled, then post-processed the way WPS Office saves: odd style IDs ("a",
                 "2", "3", "a3") and a custom style named "正文", runs split at script changes,
                 some runs wrapped in mc:AlternateContent (mc:Choice + mc:Fallback, both holding the
                 text), WPS application properties
    doc / wps    a docx (make.base: docx-styled or docx-plain) converted by LibreOffice
                 (soffice --headless --convert-to doc); a .wps is that .doc under another name
    txt-gbk      GBK, CRLF;  txt-utf16: UTF-16LE with BOM, CRLF;  txt-utf8 / md: UTF-8, LF
    pdf          WeasyPrint, one PDF line per source line (the source is already hard-wrapped),
                 narrow column, page numbers in the footer, optional running head

Output is byte-for-byte reproducible (fixed zip timestamps and document properties). The .doc/.wps
files are reproducible for a given LibreOffice version.
"""
from __future__ import annotations

import copy
import datetime as _dt
import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
MANIFEST = HERE / "manifest.yaml"

EXTENSIONS = {
    "docx-styled": ".docx", "docx-plain": ".docx", "docx-wps": ".docx",
    "doc": ".doc", "wps": ".wps",
    "txt-gbk": ".txt", "txt-utf16": ".txt", "txt-utf8": ".txt", "md": ".md",
    "pdf": ".pdf",
}
SOFFICE_FORMATS = ("doc", "wps")

ZIP_TIME = (2024, 1, 2, 8, 0, 0)
DOC_TIME = _dt.datetime(2024, 1, 2, 8, 0, 0)

CN_NUM = "一二三四五六七八九十"
H1 = re.compile(rf"^[{CN_NUM}]+、")
H2 = re.compile(rf"^[（(][{CN_NUM}]+[）)]")
DATE_LINE = re.compile(r"^(\d{4}|二〇[〇一二三四五六七八九]{2}|20xx)年[\dxX〇一二三四五六七八九十]{1,3}月"
                       r"[\dxX〇一二三四五六七八九十]{1,3}日$")


# ---------------------------------------------------------------- manifest and sources

def load_manifest(path: Path = MANIFEST) -> list[dict]:
    from ruamel.yaml import YAML
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def source_text(entry: dict) -> str:
    return (SOURCES / entry["file"]).read_text(encoding="utf-8")


def output_path(entry: dict, out_dir: Path) -> Path:
    fmt = entry["format"]
    if fmt not in EXTENSIONS:
        raise ValueError(f"{entry['file']}: unknown format {fmt!r}; known: {', '.join(EXTENSIONS)}")
    return Path(out_dir) / (Path(entry["file"]).stem + EXTENSIONS[fmt])


def _opts(entry: dict) -> dict:
    return dict(entry.get("make") or {})


# ---------------------------------------------------------------- layout of a source text

def _lines(text: str) -> list[str]:
    return (text[:-1] if text.endswith("\n") else text).split("\n")


def _layout(lines: list[str], opts: dict) -> list[tuple[str, object]]:
    """Classify the lines: title, h1, h2, addressee, body, right (落款/日期), table, blank."""
    h1 = re.compile(opts["heading1"]) if opts.get("heading1") else H1
    h2 = re.compile(opts["heading2"]) if opts.get("heading2") else (None if opts.get("heading1") else H2)
    title_lines = opts.get("title_lines", 1)
    nonblank = [i for i, l in enumerate(lines) if l.strip()]
    right = set()
    if "right_lines" in opts:
        right = set(nonblank[len(nonblank) - opts["right_lines"]:]) if opts["right_lines"] else set()
    elif nonblank and DATE_LINE.match(lines[nonblank[-1]].strip()):
        right = set(nonblank[-2:])
    # an addressee line ("××县卫生健康局：") directly under the title
    addressee = nonblank[title_lines] if len(nonblank) > title_lines else None
    if addressee is not None and not (lines[addressee].endswith("：") and len(lines[addressee]) <= 20):
        addressee = None
    out: list[tuple[str, object]] = []
    table: list[list[str]] = []
    def tabbed(j: int) -> bool:
        return 0 <= j < len(lines) and "\t" in lines[j] and j not in right

    for i, line in enumerate(lines):
        if tabbed(i) and (tabbed(i - 1) or tabbed(i + 1)):  # two or more tab-separated lines: a table
            table.append(line.split("\t"))
            continue
        if table:
            out.append(("table", table))
            table = []
        if not line.strip():
            out.append(("blank", ""))
        elif i in nonblank[:title_lines]:
            out.append(("title", line))
        elif i in right:
            out.append(("right", line))
        elif h1.match(line):
            out.append(("h1", line))
        elif h2 is not None and h2.match(line):
            out.append(("h2", line))
        elif addressee is not None and i == addressee:
            out.append(("addressee", line))
        else:
            out.append(("body", line))
    if table:
        out.append(("table", table))
    return out


# ---------------------------------------------------------------- docx

def _set_fonts(rpr_owner, ascii_font: str, east_asia: str, size_pt: float | None = None, bold=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt
    font = rpr_owner.font
    font.name = ascii_font
    if size_pt:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)


_SCRIPT_SPLIT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def _add_runs(paragraph, text: str, split: bool, bold=None):
    """One run, or (as WPS saves) one run per stretch of ASCII / non-ASCII text."""
    from docx.oxml.ns import qn
    pieces = _SCRIPT_SPLIT.findall(text) if split else [text]
    for piece in pieces:
        run = paragraph.add_run(piece)
        if bold:
            run.bold = True
        if split and not piece.isascii():
            rpr = run._r.get_or_add_rPr()
            rfonts = rpr.makeelement(qn("w:rFonts"), {qn("w:hint"): "eastAsia"})
            rpr.insert(0, rfonts)


def _build_docx(text: str, styled: bool, opts: dict, split_runs: bool = False) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    styles = document.styles
    _set_fonts(styles["Normal"], "Times New Roman", "仿宋_GB2312", 16)
    styles["Normal"].paragraph_format.line_spacing = Pt(28)
    if styled:
        for name, east_asia, size in (("Title", "方正小标宋简体", 22), ("Heading 1", "黑体", 16),
                                      ("Heading 2", "楷体_GB2312", 16)):
            st = styles[name]
            _set_fonts(st, "Times New Roman", east_asia, size, bold=False)
            st.font.color.rgb = RGBColor(0, 0, 0)

    indent = Pt(32)
    for kind, value in _layout(_lines(text), opts):
        if kind == "table":
            rows = value
            ncols = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=ncols)
            table.style = styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(rows):
                for c in range(ncols):
                    cell = table.cell(r, c)
                    cell.text = ""
                    _add_runs(cell.paragraphs[0], row[c] if c < len(row) else "", split_runs, bold=(r == 0))
            continue
        if kind == "title":
            if styled:
                p = document.add_paragraph(style="Title")
                _add_runs(p, value, split_runs)
            else:
                p = document.add_paragraph()
                _add_runs(p, value, split_runs, bold=True)
                for run in p.runs:
                    run.font.size = Pt(22)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if kind in ("h1", "h2") and styled:
            p = document.add_paragraph(style="Heading 1" if kind == "h1" else "Heading 2")
            _add_runs(p, value, split_runs)
            p.paragraph_format.first_line_indent = indent
            continue
        p = document.add_paragraph()
        bold = kind == "h1" and len(value) <= 30  # a typed heading, bolded by hand
        _add_runs(p, value, split_runs, bold=bold)
        if kind == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind in ("body", "h1", "h2"):
            p.paragraph_format.first_line_indent = indent

    props = document.core_properties
    props.author = opts.get("author", "Administrator")
    props.last_modified_by = opts.get("author", "Administrator")
    props.created = props.modified = DOC_TIME
    props.revision = 3
    props.comments = ""
    props.title = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalize_zip(buffer.getvalue())


def _normalize_zip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps (so the bytes are reproducible), replacing or adding parts."""
    replace, add = replace or {}, add or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist() + [n for n in add if n not in src.namelist()]
        for name in names:
            blob = replace.get(name, add.get(name))
            if blob is None:
                blob = src.read(name)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, blob)
    return out.getvalue()


# ---------------------------------------------------------------- WPS post-processing

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
WPS_NAMESPACES = {
    "mc": MC, "w14": W14,
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
STYLE_IDS = {"Normal": "a", "Heading1": "2", "Heading2": "3", "Title": "a4"}
BODY_STYLE = "a3"  # custom paragraph style named "正文", as WPS users' templates have


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _ensure_namespaces(root):
    """Return root (or a copy) that declares mc/w14/wp14/wps and mc:Ignorable="w14 wp14"."""
    from lxml import etree
    missing = {p: u for p, u in WPS_NAMESPACES.items() if root.nsmap.get(p) != u}
    if missing:
        nsmap = dict(root.nsmap)
        nsmap.update(missing)
        new = etree.Element(root.tag, nsmap=nsmap)
        for k, v in root.attrib.items():
            new.set(k, v)
        for child in root:
            new.append(child)
        root = new
    root.set(f"{{{MC}}}Ignorable", "w14 wp14")
    return root


def _wps_styles(xml: bytes) -> bytes:
    from lxml import etree
    root = etree.fromstring(xml)
    for el in root.iter():
        sid = el.get(_w("styleId"))
        if sid in STYLE_IDS:
            el.set(_w("styleId"), STYLE_IDS[sid])
        if el.tag in (_w("basedOn"), _w("next"), _w("link"), _w("pStyle")) and el.get(_w("val")) in STYLE_IDS:
            el.set(_w("val"), STYLE_IDS[el.get(_w("val"))])
    body = etree.fromstring(
        f'<w:style xmlns:w="{W}" w:type="paragraph" w:customStyle="1" w:styleId="{BODY_STYLE}">'
        '<w:name w:val="正文"/><w:basedOn w:val="a"/><w:qFormat/>'
        '<w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>'
        '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:style>')
    root.append(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _alternate(run):
    """mc:AlternateContent holding the run twice: a w14 variant in mc:Choice, plain in mc:Fallback."""
    from lxml import etree
    alt = etree.Element(f"{{{MC}}}AlternateContent")
    choice = etree.SubElement(alt, f"{{{MC}}}Choice", Requires="w14")
    fancy = copy.deepcopy(run)
    rpr = fancy.find(_w("rPr"))
    if rpr is None:
        rpr = etree.Element(_w("rPr"))
        fancy.insert(0, rpr)
    lig = etree.SubElement(rpr, f"{{{W14}}}ligatures")
    lig.set(f"{{{W14}}}val", "standard")
    choice.append(fancy)
    fallback = etree.SubElement(alt, f"{{{MC}}}Fallback")
    fallback.append(copy.deepcopy(run))
    return alt


def _wps_document(xml: bytes, every: int) -> bytes:
    from lxml import etree
    root = _ensure_namespaces(etree.fromstring(xml))
    body = root.find(_w("body"))
    paragraphs = list(body.iter(_w("p")))
    for i, p in enumerate(paragraphs):
        ppr = p.find(_w("pPr"))
        if ppr is None or ppr.find(_w("pStyle")) is None:
            if p.getparent().tag == _w("body"):  # body text, not table cells
                if ppr is None:
                    ppr = etree.Element(_w("pPr"))
                    p.insert(0, ppr)
                style = etree.Element(_w("pStyle"))
                style.set(_w("val"), BODY_STYLE)
                ppr.insert(0, style)
        else:
            style = ppr.find(_w("pStyle"))
            if style.get(_w("val")) in STYLE_IDS:
                style.set(_w("val"), STYLE_IDS[style.get(_w("val"))])
        runs = [r for r in p if r.tag == _w("r")]
        if not runs or not (i == 0 or i % every == 2):
            continue
        # the title's first run; elsewhere the middle run of the paragraph
        target = runs[0] if i == 0 else runs[len(runs) // 2]
        target.addprevious(_alternate(target))
        p.remove(target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_CUSTOM_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
    '<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property>'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV">'
    '<vt:lpwstr>8A3F2C61E5D94B7C9E0D1A2B3C4D5E6F_12</vt:lpwstr></property></Properties>').encode()


def _to_wps(data: bytes, opts: dict) -> bytes:
    z = zipfile.ZipFile(io.BytesIO(data))
    replace = {
        "word/document.xml": _wps_document(z.read("word/document.xml"), opts.get("alternate_every", 4)),
        "word/styles.xml": _wps_styles(z.read("word/styles.xml")),
    }
    app = z.read("docProps/app.xml").decode("utf-8")
    replace["docProps/app.xml"] = re.sub(r"<Application>.*?</Application>",
                                         "<Application>WPS Office_12.1.0.16120</Application>", app).encode()
    ctypes = z.read("[Content_Types].xml").decode("utf-8")
    replace["[Content_Types].xml"] = ctypes.replace(
        "</Types>", '<Override PartName="/docProps/custom.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>').encode()
    rels = z.read("_rels/.rels").decode("utf-8")
    replace["_rels/.rels"] = rels.replace(
        "</Relationships>", '<Relationship Id="rIdWps1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>').encode()
    return _normalize_zip(data, replace=replace, add={"docProps/custom.xml": _CUSTOM_XML})


def docx_bytes(entry: dict, fmt: str | None = None) -> bytes:
    fmt = fmt or entry["format"]
    opts = _opts(entry)
    text = source_text(entry)
    if fmt == "docx-styled":
        return _build_docx(text, True, opts)
    if fmt == "docx-plain":
        return _build_docx(text, False, opts)
    if fmt == "docx-wps":
        return _to_wps(_build_docx(text, True, opts, split_runs=True), opts)
    raise ValueError(f"{entry['file']}: {fmt} is not a docx format")


# ---------------------------------------------------------------- .doc / .wps via LibreOffice

def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("LibreOffice (soffice) not found on PATH: it is needed to make the .doc and .wps "
                       "specimens (apt-get install libreoffice-writer)")


def convert_to_doc(jobs: list[tuple[bytes, Path]]) -> list[Path]:
    """Convert docx documents to .doc with one soffice call; each job is (docx bytes, target path)."""
    if not jobs:
        return []
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="import-corpus-") as tmp:
        tmp = Path(tmp)
        src_dir, out_dir = tmp / "in", tmp / "out"
        src_dir.mkdir()
        out_dir.mkdir()
        inputs = []
        for n, (data, target) in enumerate(jobs):
            path = src_dir / f"{n:02d}-{target.stem}.docx"
            path.write_bytes(data)
            inputs.append(path)
        cmd = [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "doc:MS Word 97", "--outdir", str(out_dir), *map(str, inputs)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"soffice did not finish converting {len(jobs)} files in 300 s") from exc
        written = []
        for path, (_, target) in zip(inputs, jobs):
            result = out_dir / (path.stem + ".doc")
            if not result.exists():
                raise RuntimeError(f"soffice did not convert {target.name} (exit {proc.returncode}):\n"
                                   f"{proc.stdout}\n{proc.stderr}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(result), target)
            written.append(target)
        return written


def _doc_job(entry: dict, out_dir: Path) -> tuple[bytes, Path]:
    base = _opts(entry).get("base", "docx-styled")
    return docx_bytes(entry, base), output_path(entry, out_dir)


# ---------------------------------------------------------------- text

def text_bytes(entry: dict) -> bytes:
    fmt = entry["format"]
    text = source_text(entry)
    if fmt == "txt-gbk":
        return text.replace("\n", "\r\n").encode("gbk")
    if fmt == "txt-utf16":
        return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")
    if fmt in ("txt-utf8", "md"):
        data = text.encode("utf-8")
        return (b"\xef\xbb\xbf" + data) if _opts(entry).get("bom") else data
    raise ValueError(f"{entry['file']}: {fmt} is not a text format")


# ---------------------------------------------------------------- pdf

PDF_CSS = """
@page {{ size: A4; margin: 30mm 52mm 28mm 52mm;
  {head}
  @bottom-center {{ content: {foot}; font: 10.5pt "Noto Serif CJK SC", "FandolSong", serif; }} }}
body {{ font: 12pt/1.75 "Noto Serif CJK SC", "FandolSong", serif; margin: 0; }}
div {{ white-space: pre; }}
.title {{ font: bold 16pt/1.6 "Noto Sans CJK SC", "FandolHei", sans-serif; text-align: center; }}
.title.last {{ margin-bottom: 10pt; }}
.right {{ text-align: right; }}
.right.first {{ margin-top: 14pt; }}
"""
FOOTERS = {"dash": '"- " counter(page) " -"', "of": '"第 " counter(page) " 页 共 " counter(pages) " 页"'}


def pdf_bytes(entry: dict) -> bytes:
    from weasyprint import HTML
    opts = _opts(entry)
    layout = _layout(_lines(source_text(entry)), opts)
    head = ""
    if opts.get("running_head"):
        head = ('@top-center { content: "%s"; font: 9pt "Noto Serif CJK SC", serif; }'
                % opts["running_head"].replace('"', '\\"'))
    css = PDF_CSS.format(head=head, foot=FOOTERS[opts.get("footer", "dash")])
    titles = [i for i, (k, _) in enumerate(layout) if k == "title"]
    rights = [i for i, (k, _) in enumerate(layout) if k == "right"]
    body = []
    for i, (kind, value) in enumerate(layout):
        if kind == "table":
            value = " ".join("\t".join(r) for r in value)
        cls = {"title": "title", "right": "right"}.get(kind, "")
        if titles and i == titles[-1]:
            cls += " last"
        if rights and i == rights[0]:
            cls += " first"
        body.append(f'<div class="{cls.strip()}">{html.escape(str(value)) or "&#160;"}</div>')
    doc = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
           f'<title>{html.escape(opts.get("pdf_title", ""))}</title><style>{css}</style></head>'
           f'<body>{"".join(body)}</body></html>')
    return HTML(string=doc).write_pdf()


# ---------------------------------------------------------------- entry points

def make(entry: dict, out_dir: Path) -> Path:
    """Write the specimen file of one manifest entry into out_dir and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fmt = entry["format"]
    target = output_path(entry, out_dir)
    if fmt in SOFFICE_FORMATS:
        return convert_to_doc([_doc_job(entry, out_dir)])[0]
    if fmt.startswith("docx"):
        data = docx_bytes(entry)
    elif fmt == "pdf":
        data = pdf_bytes(entry)
    else:
        data = text_bytes(entry)
    target.write_bytes(data)
    return target


def make_all(out_dir: Path, manifest: list[dict] | None = None) -> list[Path]:
    """Write every specimen of the manifest into out_dir (all .doc/.wps in one soffice call)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = manifest if manifest is not None else load_manifest()
    paths: dict[int, Path] = {}
    jobs, job_index = [], []
    for n, entry in enumerate(entries):
        if entry["format"] in SOFFICE_FORMATS:
            jobs.append(_doc_job(entry, out_dir))
            job_index.append(n)
        else:
            paths[n] = make(entry, out_dir)
    for n, path in zip(job_index, convert_to_doc(jobs)):
        paths[n] = path
    return [paths[n] for n in range(len(entries))]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: make.py OUT_DIR", file=sys.stderr)
        return 2
    for path in make_all(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
