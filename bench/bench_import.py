"""The importer measured over the test corpus (not asserted): python bench/bench_import.py [OUT_DIR]

Per document of tests/import_corpus/manifest.yaml, made in its format (docx, WPS docx, doc, PDF,
GBK/UTF-16 text …), imported, checked and built again:
- text kept: character similarity of the normalised source (its junk taken out) and the rebuilt
  export, and the share of the source's sentences found in the export (targets 97 %, 95 %);
- headings kept, in order; records recognised against those expected; junk lines removed.
Speed: one 10-page DOCX imported as a whole process (target ≤ 1 s), median of 5, beside
LibreOffice converting the same DOCX to text; a folder of 50 documents in one process on two
cores, beside the same on one core.
"""
import difflib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "import_corpus"))

import make as corpus  # noqa: E402

from pipeline.build import Paths, build  # noqa: E402
from pipeline.compose.assemble import assemble  # noqa: E402
from pipeline.content.load import load  # noqa: E402
from pipeline.render.markdown import render_markdown  # noqa: E402
from pipeline.content.lint import check, fixed_text  # noqa: E402
from pipeline.content.load import read_yaml, plain  # noqa: E402
from pipeline.importer.write import import_files  # noqa: E402

MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|[㈠-㈩]|\d+[、.．]"
                    r"|第[一二三四五六七八九十]+阶段[：:]?|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,])")
INLINE_MARKER = re.compile(r"(?<=[\u4e00-\u9fff。；：！？”）])(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}\.\s*(?=[\u4e00-\u9fff]))")


def _arabic_date(line: str) -> str:
    from pipeline.importer.records import parse_date
    day = parse_date(line.strip())
    return f"{day.year}年{day.month}月{day.day}日" if day and not line.strip()[0].isdigit() else line


RECORDS = {  # the manifest's record counts → what the imported content holds
    "goals_with_target": lambda d: sum(1 for g in d.get("goals", []) if g.get("target")),
    "tasks": lambda d: len(d.get("tasks", [])),
    "phases": lambda d: len(d.get("phases", [])),
    "roster_members": lambda d: len((d.get("leadership") or {}).get("members", [])) if isinstance(d.get("leadership"), dict) else 0,
    "months": lambda d: len(d.get("activities", [])),
    "duties": lambda d: len(d.get("duties", [])),
    "rules": lambda d: len((d.get("assessment") or {}).get("rules", [])),
    "results": lambda d: len(d.get("results", [])),
    "people": lambda d: len({p["name"] for r in d.get("results", []) for p in r.get("people", [])}
                            | {m["name"] for m in ((d.get("leadership") or {}).get("members", [])
                                                   if isinstance(d.get("leadership"), dict) else []) if m.get("name")}),
    "outcomes": lambda d: len(d.get("outcomes", [])),
}


def normalised(text: str) -> str:
    # numbering is redone by the build, and the 成文日期 written in Arabic numerals (GB/T 9704 7.3.5)
    lines = [MARKER.sub("", re.sub(r"^#+\s*|^\s*[-*+]\s+|\*\*|<br>", "", l)) for l in text.splitlines()
             if not re.fullmatch(r"\s*(=+|-{3,})\s*", l)]  # Markdown's marks are not the text
    lines = [INLINE_MARKER.sub("", _arabic_date(l)) for l in lines]
    return re.sub(r"[\s#*|\-—:：]", "", fixed_text("\n".join(lines)))


def sentences(text: str) -> list[str]:
    """The source's sentences (and headings, lines of their own): split where a sentence ends,
    a line ends, or a marker begins an item run into the line ("目标设定1.培养…")."""
    text = fixed_text(text)
    parts = re.split(r"[。！？；\n]|(?=[一二三四五六七八九十]+、)|(?=（[一二三四五六七八九十]+）)"
                     r"|(?<=[\u4e00-\u9fff])(?=\d+\.\s*[\u4e00-\u9fff])", text)
    return [s for s in (normalised(x) for x in parts) if len(s) >= 6 and not re.fullmatch(r"[=\-]+", s)]


def without_junk(text: str, junk: list[str]) -> str:
    """The source as the document: junk lines out (a bare page number only as a whole line)."""
    for j in sorted(junk, key=len, reverse=True):
        if re.fullmatch(r"\s*\d{1,3}\s*", j):
            text = "\n".join(l for l in text.splitlines() if l.strip() != j.strip())
        else:
            text = text.replace(j, "")
    return text


def measure_document(entry: dict, work: Path) -> list[dict]:
    made = corpus.make(entry, work / "files")
    content = work / "content" / made.stem
    t = time.perf_counter()
    written, problems = import_files([made], content)
    seconds = time.perf_counter() - t
    source = corpus.source_text(entry)
    junk = entry["expected"].get("junk", [])
    source = without_junk(source, junk)
    for doc in entry["expected"].get("docs", []):  # a title shown again and again at the top: once
        if (doc.get("title_repeats") or 1) > 1:
            top = source.splitlines()
            hits = [i for i, l in enumerate(top[:10]) if l.strip() == doc["title"] or doc["title"] in l and len(l) < 60]
            source = "\n".join(l for i, l in enumerate(top) if i not in hits[:-1])
    for repair in entry["expected"].get("repairs", []):  # what the importer is to repair, repaired
        source = source.replace(repair["from"], repair["to"])
    rows = []
    if not written:
        return [dict(file=made.name, error="；".join(p.code for p in problems))]
    years = sorted({r.year for r in written})
    errors = [p for y in years for p in check(content, y)[0] if p.severity == "error" and p.code != "E401"]
    exports = []  # composed without the lint, which refuses the placeholders a specimen keeps on purpose
    for r in written:
        try:
            doc = assemble(load(content, r.year), r.doc_id, ROOT / "templates")
            exports.append(render_markdown(doc).decode("utf-8"))
        except Exception as e:  # noqa: BLE001 – measured, not stopped
            errors.append(str(e)[:80])
    rebuilt = "\n".join(exports)
    expected_docs = entry["expected"].get("docs", [])
    found_docs = [plain(read_yaml(r.path).root) for r in written]
    similarity = difflib.SequenceMatcher(None, normalised(source), normalised(rebuilt), autojunk=False).ratio()
    wanted = sentences(source)
    present = sum(1 for s in wanted if s in normalised(rebuilt)) / max(1, len(wanted))
    heading_ok = records_found = records_wanted = 0
    for exp, got in zip(expected_docs, found_docs):
        got_headings = []
        for s in got.get("sections", []):
            if s.get("flat"):
                got_headings += [r["heading"] for r in got.get(s["body"], [])]
            elif s.get("heading"):
                got_headings.append(s["heading"])
        heading_ok += [re.sub(r"\s", "", h) for h in got_headings] == [re.sub(r"\s", "", h) for h in exp.get("headings", [])] \
            or set(got_headings) == set(exp.get("headings", []))
        for key, count in (exp.get("records") or {}).items():
            if key in RECORDS and count:
                records_wanted += count
                records_found += min(count, RECORDS[key](got))
    junk = [j.strip() for j in junk if j.strip()]
    lines = {l.strip() for l in rebuilt.splitlines()}
    gone = [j not in lines if len(j) <= 4 else j not in rebuilt for j in junk]  # a bare page number: as a line
    gone += [r["from"] not in rebuilt and r["to"] in rebuilt for r in entry["expected"].get("repairs", [])]
    junk_gone = sum(gone) / len(gone) if gone else None
    kept = [p for d in expected_docs for p in d.get("placeholders") or [] if p in rebuilt]  # as printed
    wanted_kept = [p for d in expected_docs for p in d.get("placeholders") or []]
    rows.append(dict(file=made.name, placeholders=f"{len(kept)}/{len(wanted_kept)}", format=entry["format"], docs=f"{len(written)}/{len(expected_docs) or 1}",
                     similarity=similarity, sentences=present,
                     headings=f"{heading_ok}/{len(expected_docs)}",
                     records=f"{records_found}/{records_wanted}", junk=junk_gone,
                     errors=len(errors), seconds=seconds))
    return rows


def median_seconds(command, rounds=5) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(out: Path):
    entries = corpus.load_manifest()
    rows = []
    for entry in entries:
        rows += measure_document(entry, out)
    print("| file | format | docs | text kept | sentences | headings | records | junk removed | placeholders kept | check errors | s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" in r:
            print(f"| {r['file']} | — | not imported: {r['error']} |")
            continue
        print(f"| {r['file']} | {r['format']} | {r['docs']} | {r['similarity']:.1%} | {r['sentences']:.1%} | "
              f"{r['headings']} | {r['records']} | {'—' if r['junk'] is None else format(r['junk'], '.0%')} | "
              f"{r['placeholders']} | {r['errors']} | {r['seconds']:.2f} |")
    ok = [r for r in rows if "error" not in r]
    print(f"\nmedian text kept {statistics.median(r['similarity'] for r in ok):.1%}, "
          f"median sentences {statistics.median(r['sentences'] for r in ok):.1%}; "
          f"{sum(r['similarity'] >= 0.97 and r['sentences'] >= 0.95 for r in ok)}/{len(rows)} meet both targets")
    # speed: a 10-page DOCX (the sample's 9-page 方案 with its first pages repeated), whole process,
    # against LibreOffice converting the same DOCX to text
    docx = ten_pages(out)
    python = sys.executable
    ours = median_seconds([python, "-m", "pipeline", "import", str(docx), "--into", str(out / "speed"), "--force"])
    soffice = shutil.which("soffice")
    theirs = median_seconds([soffice, "--headless", "--convert-to", "txt", "--outdir", str(out / "lo"), str(docx)]) \
        if soffice else None
    print(f"import of a {_pages(docx)}-page DOCX ({docx.stat().st_size // 1024} KB), whole process: median {ours:.2f} s"
          + (f"; LibreOffice converting it to text: median {theirs:.2f} s" if theirs else ""))
    # a folder of 50 documents: one process, two cores, against one core
    folder = out / "fifty"
    folder.mkdir(exist_ok=True)
    made = sorted((out / "files").iterdir())
    for i in range(50):
        shutil.copy(made[i % len(made)], folder / f"{i:02d}-{made[i % len(made)].name}")
    for cores in (2, 1):
        target = out / f"fifty-{cores}"
        env_cmd = [python, "-m", "pipeline", "import", str(folder), "--into", str(target), "--format", "json"]
        t = time.perf_counter()
        if cores == 1:
            subprocess.run(["taskset", "-c", "0", *env_cmd], capture_output=True, check=False)
        else:
            subprocess.run(env_cmd, capture_output=True, check=False)
        print(f"50 documents in one process on {cores} core(s): {time.perf_counter() - t:.1f} s")
        shutil.rmtree(target, ignore_errors=True)


def ten_pages(out: Path) -> Path:
    """The sample's 方案 as DOCX, its body extended by its own first paragraphs to 10 pages."""
    from docx import Document

    built = build(["wenming-scheme"], 2024, Paths(ROOT / "content", ROOT / "templates", out / "sample"),
                  formats=("docx",))[0]
    doc = Document(str(built))
    body = doc.element.body
    paragraphs = list(body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
    import copy
    for p in paragraphs[1:40]:  # about one page and a half more
        body.insert(len(body) - 1, copy.deepcopy(p))
    path = out / "ten-pages.docx"
    doc.save(str(path))
    return path


def _pages(docx: Path) -> str:
    """Pages of a DOCX as LibreOffice lays it out."""
    soffice = shutil.which("soffice")
    if not soffice:
        return "?"
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent / "pages"), str(docx)],
                   capture_output=True, check=False)
    pdf = docx.parent / "pages" / (docx.stem + ".pdf")
    try:
        import pdfplumber
        with pdfplumber.open(str(pdf)) as f:
            return str(len(f.pages))
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()))
