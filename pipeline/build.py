"""Build documents: load → assemble → render every format in memory → write atomically.

Nothing is written until every document of the build has rendered, and each file is replaced
in one step (write to a temporary file beside it, then rename), so a failed build leaves the
previous outputs untouched and never a half-written file.
"""
import fcntl
import os
import re
import secrets
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from .compose.document import Document
from .errors import PipelineError, Problem
from .content.load import missing_results
from .content.model import KINDS

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
                from .render.pdf import PdfRenderer
                self._made[fmt] = PdfRenderer(self.templates)
            elif fmt == "docx":
                from .render.docx import DocxRenderer
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
        from .render.markdown import render_markdown
        return render_markdown(doc)
    return renderers["docx"].render(doc, {"author": author})


def select(content, wanted: list[str]) -> list[str]:
    """Document IDs for what was asked: IDs, kinds (plan: every 计划 of the year), or all."""
    chosen = []
    for name in wanted or ["all"]:
        if name == "all":
            found = list(content.documents)
        elif name in KINDS:
            found = [i for i, d in content.documents.items() if d.kind == name]
        else:
            found = [name] if name in content.documents else []
        if not found:
            have = "；".join(f"{i}（{KINDS[d.kind]}：{d.title}）" for i, d in content.documents.items())
            what = f"类型为 {name}（{KINDS[name]}）的文档" if name in KINDS else f"编号为「{name}」的文档"
            raise PipelineError([Problem("E203", f"{content.year} 年没有{what}；已有：{have}")])
        chosen += [i for i in found if i not in chosen]
    return chosen


def build(wanted: list[str], year: int, paths: Paths, formats=FORMATS,
          renderers: Renderers | None = None, warnings: list | None = None) -> list[Path]:
    """Build the documents asked for (IDs, kinds or all) and write them as one set; problems
    that do not stop the build are appended to `warnings`. The content is loaded and linted
    once."""
    from .compose.assemble import assemble
    from .content.lint import check
    from .content.new_year import review_markers

    linted, content = check(paths.content, year)
    refused = [p for p in linted if p.severity == "error"]  # schema, references, placeholders, junk …
    if refused:
        raise PipelineError(refused)
    doc_ids = select(content, wanted)
    if warnings is not None:  # shown, not stopping: a stale formula should not reach print unseen
        warnings += [p for p in linted if p.severity != "error"]
        warnings += review_markers(paths.content, year)
        for doc_id in doc_ids:
            warnings += missing_results(content, doc_id)
    renderers = renderers or Renderers(paths.templates)
    docs = [assemble(content, doc_id, paths.templates) for doc_id in doc_ids]
    outputs = {}
    for doc in docs:
        for fmt in formats:
            outputs[paths.output / str(year) / f"{doc.file_stem}.{fmt}"] = render(
                doc, fmt, renderers, content.org.name)
    write_set(outputs)
    return list(outputs)


LOCK_WAIT = 30  # seconds a build waits for another build of the same folder to finish writing
TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.(tmp|old)$")  # ours: .<name>.XXXXXXXX.tmp and .old


@contextmanager
def output_lock(folder: Path, wait: float = LOCK_WAIT):
    """Only one build writes into a folder at a time; a second waits, then refuses (E205).
    The lock is on the folder itself (flock works on a directory), so it leaves no file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as e:
        raise PipelineError([Problem("E204", f"无法写入 {folder}：{e.strerror}", folder)]) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise PipelineError([Problem("E205", f"另一次生成正在写入 {folder}，等待 {wait:g} 秒后仍未结束；"
                                                         "请等它完成后重试", folder)]) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_set(outputs: dict[Path, bytes]):
    """Replace a build's files as one set: after a failure or an interrupt at any point, every
    file is as it was before. Each new file is written beside its target first; each old one
    is moved aside under a temporary name until all the new ones are in place."""
    folders = sorted({path.parent for path in outputs})
    with ExitStack() as locks:
        for folder in folders:
            locks.enter_context(output_lock(folder))
            _remove_leftovers(folder)  # of a build that was killed (SIGKILL, power cut)
        staged, kept = {}, {}
        try:
            for path, data in outputs.items():
                staged[path] = _write_temp(path, data)
            for path, tmp in staged.items():
                if path.exists():
                    kept[path] = _temp_name(path, ".old")
                    try:  # a second name, so the file stays in place until the new one replaces it
                        os.link(path, kept[path])
                    except OSError:  # a file system without hard links
                        os.replace(path, kept[path])
                os.replace(tmp, path)
        except BaseException as e:
            # Undo from what is on disk, not from what was recorded: an interrupt can fall
            # between a rename and the line after it. A staged file that is gone was put in place.
            for path, tmp in staged.items():
                placed = not tmp.exists()
                old = kept.get(path)
                if old is not None and old.exists():
                    if placed or not path.exists():
                        os.replace(old, path)
                    else:  # still the old file itself (a rename between two links of it does nothing)
                        old.unlink()
                elif placed and path not in kept:
                    path.unlink(missing_ok=True)
                tmp.unlink(missing_ok=True)
            if isinstance(e, OSError):
                where = Path(e.filename) if e.filename else None
                raise PipelineError([Problem("E204", f"无法写入：{e.strerror}；原有文件已恢复，未改动任何文件",
                                             where)]) from None
            raise
        for old in kept.values():
            old.unlink(missing_ok=True)


def _temp_name(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{suffix}")


def _write_temp(path: Path, data: bytes) -> Path:
    tmp = _temp_name(path, ".tmp")
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~UMASK)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _remove_leftovers(folder: Path):
    """A killed build's temporary files go; an old file it had moved aside goes back."""
    for leftover in folder.iterdir():
        m = TEMP.match(leftover.name)
        if m and leftover.is_file():
            target = folder / leftover.name[1:].rsplit(".", 2)[0]
            if m[1] == "old" and not target.exists():
                os.replace(leftover, target)
            else:
                leftover.unlink(missing_ok=True)


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


__all__ = ["build", "Paths", "Renderers", "KINDS", "FORMATS", "write_atomic", "write_set"]
