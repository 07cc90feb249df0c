"""Build documents: load → assemble → render every format in memory → write atomically.

Nothing is written until every document of the build has rendered, and each file is replaced
in one step (write to a temporary file beside it, then rename), so a failed build leaves the
previous outputs untouched and never a half-written file.
"""
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .assemble import KINDS, assemble
from .document import Document
from .errors import PipelineError, Problem
from .load import load, missing_results

FORMATS = ("docx", "pdf", "md")
UMASK = os.umask(0o022)
os.umask(UMASK)  # read once: the umask can only be read by setting it


@dataclass
class Paths:
    content: Path
    templates: Path
    output: Path


class Renderers:
    """One renderer per format, created on first use and kept for every document after."""

    def __init__(self, templates: Path):
        self.templates = templates
        self._made = {}

    def __getitem__(self, fmt: str):
        if fmt not in self._made:
            if fmt == "pdf":
                from .render_pdf import PdfRenderer
                self._made[fmt] = PdfRenderer(self.templates)
            elif fmt == "docx":
                from .render_docx import DocxRenderer
                self._made[fmt] = DocxRenderer(self.templates)
        return self._made[fmt]


def metadata(doc: Document, author: str) -> dict:
    """Document properties derived from the content, so two builds are byte-identical."""
    stamp = f"{doc.date_iso}T00:00:00+08:00"
    return {"author": author, "dcterms.created": stamp, "dcterms.modified": stamp}


def render(doc: Document, fmt: str, renderers: Renderers, author: str) -> bytes:
    if fmt == "pdf":
        return renderers["pdf"].render(doc, metadata(doc, author))
    if fmt == "md":
        from .render_markdown import render_markdown
        return render_markdown(doc)
    return renderers["docx"].render(doc, {"author": author})


def build(kinds: list[str], year: int, paths: Paths, formats=FORMATS,
          renderers: Renderers | None = None, warnings: list | None = None) -> list[Path]:
    """Build and write; problems that do not stop the build are appended to `warnings`."""
    from .lint import errors_only, lint
    from .new_year import review_markers

    linted = lint(paths.content, [year])
    refused = errors_only(linted)  # schema, references, placeholders, junk …
    if refused:
        raise PipelineError(refused)
    content = load(paths.content, year)
    if warnings is not None:  # shown, not stopping: a stale formula should not reach print unseen
        warnings += [p for p in linted if p.severity != "error"]
        warnings += review_markers(paths.content, year)
        if "summary" in kinds:
            warnings += missing_results(content, paths.content)
    renderers = renderers or Renderers(paths.templates)
    docs = [assemble(content, kind, paths.templates) for kind in kinds]
    outputs = {}
    for doc in docs:
        for fmt in formats:
            outputs[paths.output / str(year) / f"{doc.file_stem}.{fmt}"] = render(
                doc, fmt, renderers, content.org.name)
    for path, data in outputs.items():
        write_atomic(path, data)
    return list(outputs)


def write_atomic(path: Path, data: bytes, mode: int | None = None):
    """Replace path with data in one step (a temporary file renamed over it): a failure leaves
    the old file as it was. mode: the new file's permissions (default: as any new file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, (0o666 & ~UMASK) if mode is None else mode & 0o7777)  # mkstemp makes 0600
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise PipelineError([Problem("E204", f"无法写入 {path}：{e.strerror}", path)]) from None


__all__ = ["build", "Paths", "Renderers", "KINDS", "FORMATS", "write_atomic"]
