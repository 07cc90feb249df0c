"""The command line. Thin: parse options, call the library, print, set the exit status."""
import json
import re
import sys
import traceback
from pathlib import Path

import click

from .errors import CODES, PipelineError, Problem

ROOT = Path(__file__).resolve().parent.parent


def _paths(content, templates, output):
    from .build import Paths
    return Paths(Path(content), Path(templates), Path(output))


def report(problems: list[Problem], *, to_stderr=True):
    for p in problems:
        click.echo(str(p), err=to_stderr)


def run(action, writes=True):
    """Call action(); turn problems into Chinese messages and an exit status, never a traceback."""
    try:
        return action()
    except PipelineError as e:
        report(e.problems)
        errors = sum(p.severity == "error" for p in e.problems)
        click.echo(f"共 {errors} 个错误" + ("，未生成或改动任何文件。" if writes else "。"), err=True)
        sys.exit(1)


def read_document(path: Path, readers: dict):
    """A PDF or DOCX read by readers[suffix]; a missing, damaged or foreign file is a coded
    problem (E114, E115, E119), not a traceback."""
    if not path.exists():
        raise PipelineError([Problem("E114", f"找不到文件 {path}", path)])
    reader = readers.get(path.suffix.lower())
    if path.is_dir() or reader is None:
        raise PipelineError([Problem("E115", f"{'这是文件夹；' if path.is_dir() else ''}应为 .docx 或 .pdf 文件", path)])
    try:
        return reader(path)
    except Exception as e:  # noqa: BLE001
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if "Encryption" in "".join(k.__name__ for k in type(cause).__mro__):
            raise PipelineError([Problem("E119", "PDF 已加密（设有打开密码），无法读取；"
                                                 "请用未加密的文件检查", path)]) from None
        with path.open("rb") as f:
            ole = f.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container, not a zip
        if ole:
            raise PipelineError([Problem("E119", "文件已加密（设有打开密码）或是旧版 Word 的 .doc 格式："
                                                 "请另存为未加密的 .docx 后再检查", path)]) from None
        if _raised_in_our_code(e):  # a bug of ours, not the file's
            raise PipelineError([Problem("E299", f"检查这个文件时程序出错（{type(e).__name__}），"
                                                 "请报告此问题并附上该文件", path)]) from None
        raise PipelineError([Problem("E119", f"文件已损坏或不是有效的 {path.suffix[1:].upper()} 文件",
                                     path)]) from None


def _raised_in_our_code(e: BaseException) -> bool:
    """Whether the innermost frame of e is in this package: our measuring code failed. Raised
    in a reader (pdfminer, python-docx, zipfile …), it means a damaged or foreign file."""
    tb = e.__traceback__
    while tb and tb.tb_next:
        tb = tb.tb_next
    return bool(tb) and Path(__file__).resolve().parent in Path(tb.tb_frame.f_code.co_filename).resolve().parents


YEAR = click.IntRange(1900, 9998)


def common(f):
    f = click.option("--content", default=str(ROOT / "content"), show_default=True,
                     type=click.Path(file_okay=False), help="内容目录")(f)
    f = click.option("--templates", default=str(ROOT / "templates"), show_default=True,
                     type=click.Path(file_okay=False), help="模板目录")(f)
    f = click.option("--output", default=str(ROOT / "output"), show_default=True,
                     type=click.Path(file_okay=False), help="输出目录")(f)
    return click.option("--debug", is_flag=True, hidden=True)(f)


# Click's usage messages, in the writer's words; anything else is shown as Click wrote it.
# {suggest}: Click's “Did you mean …”, if any; {detail}: Click's own reason, translated in turn.
CLICK_MESSAGES = [
    (r"No such option:? '?(?P<name>[^'\s]+)'?\.?(?: Did you mean '?(?P<suggest>[^'?]+)'?\?)?", "没有选项「{name}」{suggest}"),
    (r"No such option '(?P<name>[^']+)'\. \(Did you mean one of: (?P<choices>.+)\?\)",
     "没有选项「{name}」，可能是 {choices} 中的一个"),
    (r"Option '(?P<name>[^']+)' does not take a value\.", "选项 {name} 后面不带值"),
    (r"No such command '(?P<name>[^']+)'\.(?: Did you mean '(?P<suggest>[^']+)'\?)?", "没有命令「{name}」{suggest}"),
    (r"Missing argument '(?P<name>[^']+)'\.(?s:.*)", "缺少参数 {name}"),
    (r"Missing option '(?P<name>[^']+)'\.?", "缺少选项 {name}"),
    (r"Option '(?P<name>[^']+)' requires an argument\.", "选项 {name} 后面要写一个值"),
    (r"Got unexpected extra arguments? \((?P<extra>.+)\)", "多余的参数：{extra}"),
    (r"Invalid value for '(?P<name>[^']+)': (?P<detail>.+)", "{name} 的值无效：{detail}"),
    (r"'?(?P<value>.+?)'? is not in the range (?P<range>.+?)\.", "{value} 不在范围 {range} 内"),
    (r"'(?P<value>.*)' is not a valid integer(?: range)?\.", "「{value}」不是阿拉伯数字写的整数"),
    (r"'(?P<value>.+)' is not one of (?P<choices>.+)\.", "「{value}」不是可选值 {choices} 之一"),
    (r"(?:Directory|File|Path) '(?P<path>.+)' is a file\.", "「{path}」是文件，应为文件夹"),
    (r"(?:Directory|File|Path) '(?P<path>.+)' is a directory\.", "「{path}」是文件夹，应为文件"),
    (r"(?:Directory|File|Path) '(?P<path>.+)' does not exist\.", "「{path}」不存在"),
]


def _in_chinese(message: str) -> str:
    for pattern, chinese in CLICK_MESSAGES:
        m = re.fullmatch(pattern, message.strip())
        if m:
            parts = {k: v or "" for k, v in m.groupdict().items()}
            if "detail" in parts:
                parts["detail"] = _in_chinese(parts["detail"])
            if "suggest" in parts:
                parts["suggest"] = f"，可能是「{parts['suggest']}」" if parts["suggest"] else ""
            return chinese.format(**parts)
    return message


def _json_report(problems: list[Problem], changes=()) -> str:
    """What `check --format json` prints, whatever happened: the problems and the fixes made."""
    return json.dumps({
        "problems": [dict(code=p.code, severity=p.severity, file=str(p.file) if p.file else None,
                          line=p.line, column=p.column, title=CODES[p.code], message=p.message,
                          fix=p.fix) for p in problems],
        "fixed": [dict(file=str(c.file), line=c.line, column=c.column, old=c.old, new=c.new) for c in changes],
    }, ensure_ascii=False, indent=2)


def entry():
    """The console script: the CLI, with no traceback ever shown to a writer."""
    try:
        main(standalone_mode=False)
    except click.UsageError as e:  # wrong options or arguments: Click's detail, our code
        if type(e).__name__ == "NoArgsIsHelpError":  # bare `pipeline`: the help is the answer
            click.echo(e.format_message())
            sys.exit(0)
        command = e.ctx.command_path if e.ctx else "pipeline"
        message = f"{_in_chinese(e.format_message())}；运行「{command} --help」查看用法"
        args = " ".join(sys.argv[1:])
        if re.search(r"--format[= ]json\b", args):  # a tool reads stdout: it gets JSON whatever happens
            click.echo(_json_report([Problem("E117", message)]))
        else:
            click.echo(f"E117 {CODES['E117']}：{message}。", err=True)
        sys.exit(2)
    except (KeyboardInterrupt, click.Abort):
        click.echo("已中断，未改动任何文件。", err=True)
        sys.exit(130)
    except Exception as e:  # a bug of ours: say so briefly; --debug shows the traceback
        if "--debug" in sys.argv:
            traceback.print_exc()
        click.echo(f"E299 内部错误：{type(e).__name__}: {e}（请加 --debug 重试并报告此问题）", err=True)
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """从结构化内容生成符合 GB/T 9704-2012 的方案、计划和总结（DOCX 与 PDF）。"""


@main.command()
@click.argument("documents", nargs=-1)
@click.option("--year", required=True, type=YEAR, help="年度，如 2024")
@click.option("--format", "formats", multiple=True, type=click.Choice(["docx", "pdf", "md"]),
              help="只生成某种格式（可重复）；默认生成 DOCX、PDF 和供审阅比对的 Markdown 文本")
@common
def build(documents, year, formats, content, templates, output, debug):
    """生成某年度的文档。DOCUMENTS 为文档编号（content/<年度>/<编号>.yaml 的文件名），
    或类型 plan（计划）、scheme（方案）、summary（总结），或 all；不写则生成该年度全部文档。"""
    from .build import FORMATS
    from .build import build as do_build

    paths = _paths(content, templates, output)
    warnings = []
    written = run(lambda: do_build(list(documents), year, paths, formats or FORMATS, warnings=warnings))
    report(warnings)
    for path in written:
        click.echo(f"已生成 {_shown(path)}")


@main.command()
@click.option("--year", type=YEAR, help="只检查这一年；默认检查全部年度")
@click.option("--fix", "apply_fix", is_flag=True,
              help="就地修正可安全修正的问题（标点全半角、全角数字字母、多余空格），保留注释和格式")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式；json 供其他工具使用")
@common
def check(year, apply_fix, fmt, content, templates, output, debug):
    """检查内容文件：格式、字段、编号、引用、日期、占位符、标点、过时提法等。有错误时退出状态为 1。"""

    from .content.lint import fix, fixable, lint
    from .content.load import years as list_years
    from .content.new_year import review_markers

    content_dir, changes = Path(content), []
    try:
        chosen = [year] if year else list_years(content_dir)
        if not chosen:
            _no_years(content_dir)
        changes = fix(content_dir, chosen) if apply_fix else []
        problems = lint(content_dir, chosen)
        problems += [w for y in chosen for w in review_markers(content_dir, y)]
        stopped = False
    except PipelineError as e:  # the content could not be read, or a fixed file not written
        problems, changes, stopped = e.problems, getattr(e, "changes", changes), True
    errors = sum(p.severity == "error" for p in problems)
    if fmt == "json":
        click.echo(_json_report(problems, changes))
        sys.exit(1 if errors else 0)
    for change in changes:
        click.echo(f"已修正 {change.file}:{change.line}:{change.column}：“{change.old}” → “{change.new}”")
    if stopped:
        report(problems)
        done = f"；已修正上面列出的 {len(changes)} 处" if changes else "，未改动任何文件"
        click.echo(f"检查未完成：{len(problems)} 个错误{done}。", err=True)
        sys.exit(1)
    report(problems, to_stderr=False)
    left = [p for p in problems if apply_fix and fixable(p)]
    if left:  # --fix leaves an edit that would change what the YAML means (Ｔｒｕｅ → True)
        click.echo(f"以上 {len(left)} 处可自动修正的问题未修正：自动修正会改变该值的类型或文件结构，请手工修改"
                   "（必要时给整个值加上引号）。")
    summary = f"{'、'.join(map(str, chosen))} 年度：{errors} 个错误，{len(problems) - errors} 个警告。"
    click.echo(("检查未通过：" if errors else "检查通过：") + summary)
    sys.exit(1 if errors else 0)


def _no_years(content_dir: Path):
    raise PipelineError([Problem("E112", f"内容目录 {content_dir} 中没有年度内容（应有如 2024/wenming-plan.yaml 的文档文件）",
                                 content_dir)])


@main.command()
@common
def years(content, templates, output, debug):
    """列出已有内容的年度。"""
    from .content.load import years as list_years

    for y in run(lambda: list_years(Path(content))):
        click.echo(y)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False))
def frame(out):
    """保存 DOCX 框架模板（页面、样式、页码），可在 Word/WPS 中修改后放到 templates/docx/frame.docx。"""
    from .build import write_atomic
    from .render.frame import build_frame

    run(lambda: write_atomic(Path(out), build_frame()))
    click.echo(f"已生成 {out}")


@main.command()
@click.argument("file", type=click.Path())
def textconv(file):
    """打印 DOCX 或 PDF 的文字（供 git diff 比较文档文字）。"""
    from .check.measure import docx_paragraphs, pdf_paragraph_text

    readers = {".docx": docx_paragraphs, ".pdf": pdf_paragraph_text}
    for line in run(lambda: read_document(Path(file), readers), writes=False):
        click.echo(line)


@main.command()
@click.argument("years", nargs=-1, type=YEAR)
@click.option("--rev", help="比较同一年度在两个 git 版本的内容，如 HEAD~1..HEAD（需同时给出一个年度）")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), help="另存一份可在浏览器打开的 HTML 报告")
@click.option("--color/--no-color", default=None, help="终端彩色显示（默认：输出到终端时彩色）")
@common
def diff(years, rev, html_out, color, content, templates, output, debug):
    """比较两个年度（如 diff 2023 2024）或同一年度的两个版本（diff 2024 --rev A..B）的内容。
    相同时退出状态为 0，不同时为 1，出错时为 2。"""
    import tempfile

    from .build import write_atomic
    from .content.diff import content_at, diff_content, html_report, terminal
    from .content.load import load

    try:
        with tempfile.TemporaryDirectory() as work:
            if rev:
                if len(years) != 1 or ".." not in rev:
                    raise PipelineError([Problem("E117", "用法：pipeline diff 2024 --rev 旧版本..新版本")])
                old_rev, new_rev = rev.split("..", 1)
                old_dir = content_at(old_rev, content, Path(work) / "old")
                new_dir = content_at(new_rev or "HEAD", content, Path(work) / "new")
                old, new = load(old_dir, years[0]), load(new_dir, years[0])
                title = f"{years[0]} 年度内容：{old_rev} → {new_rev or 'HEAD'}"
            else:
                if len(years) != 2:
                    raise PipelineError([Problem("E117", "用法：pipeline diff 2023 2024")])
                old, new = load(Path(content), years[0]), load(Path(content), years[1])
                title = f"{years[0]} 年 → {years[1]} 年"
            changes = diff_content(old, new)
            if html_out:
                write_atomic(Path(html_out), html_report(changes, title).encode("utf-8"))
    except PipelineError as e:
        report(e.problems)
        sys.exit(2)
    click.echo(f"{title}：" + (f"{len(changes)} 处变化" if changes else "没有变化"))
    if changes:
        click.echo(terminal(changes, sys.stdout.isatty() if color is None else color))
    sys.exit(1 if changes else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
def verify(files):
    """按 GB/T 9704-2012 测量 PDF 或 DOCX（本工具或其他来源生成的均可）：纸张、页边距、行数、字数、
    字体字号、页码、成文日期。打印检查表；有不合格项时退出状态为 1。"""
    from .check.verify import failed, render_table, verdict
    from .check.verify import verify as measure

    any_failed = False
    for file in files:  # an unreadable file is reported and the others are still measured
        try:
            checks = read_document(Path(file), {".pdf": measure, ".docx": measure})
        except PipelineError as e:
            report(e.problems)
            any_failed = True
            continue
        click.echo(f"{file}\n{render_table(checks)}\n{verdict(checks)}\n")
        any_failed |= failed(checks)
    sys.exit(1 if any_failed else 0)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--year", type=YEAR, help="年度；默认从标题或成文日期推断")
@click.option("--kind", type=click.Choice(["plan", "scheme", "summary"]), help="文档类型；默认从标题和开头推断")
@click.option("--into", "into", default="content", show_default=True, type=click.Path(file_okay=False),
              help="写入哪个内容目录")
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖（原文件先备份到 content/.backup/）")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="导入报告的格式")
@click.option("--debug", is_flag=True, hidden=True)
def import_command(files, year, kind, into, force, fmt, debug):
    """导入已有的方案、计划、总结（.docx .doc .wps .txt .md .pdf）：识别标题、类型、年度、
    章节和其中的目标、任务、阶段、领导小组等，删除网页残留，写成内容文件，并打印导入报告。
    文件夹会导入其中全部可导入的文件。"""
    from .content.lint import check
    from .importer import report as import_report
    from .importer.readers import SUFFIXES
    from .importer.write import import_files

    paths = []
    for name in files:
        path = Path(name)
        paths += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]

    def work():
        if len(paths) > 1 and fmt == "text":
            with click.progressbar(length=len(paths), label="导入", file=sys.stderr) as bar:
                return import_files(paths, Path(into), year, kind, force, progress=bar.update)
        return import_files(paths, Path(into), year, kind, force)

    written, problems = run(work)
    findings = {}
    for y in sorted({r.year for r in written}):
        for p in check(Path(into), y)[0]:
            findings.setdefault(Path(p.file) if p.file else None, []).append(p)
    findings = {k: v for k, v in findings.items() if k in {r.path for r in written}}
    if fmt == "json":
        click.echo(import_report.as_json(written, findings, problems))
    else:
        click.echo(import_report.text(written, findings, _shown))
        report(problems)
        if written:
            click.echo(f"已导入 {len(written)} 篇文档" + (f"，{len(problems)} 个文件未能导入" if problems else ""))
    sys.exit(1 if problems or not written else 0)


@main.command("new-year")
@click.argument("year", type=YEAR)
@click.option("--from", "source", type=YEAR, help="以哪一年为起点；默认最近的一年")
@click.option("--force", is_flag=True, help="该年度已存在时仍重建（原目录先备份到 content/.backup/）")
@common
def new_year_command(year, source, force, content, templates, output, debug):
    """以上一年度为起点创建新年度内容：日期顺延一年，未完成任务标记为延续，指标标记待复核。"""
    from .content.new_year import new_year

    path, review = run(lambda: new_year(Path(content), year, source, force))
    click.echo(f"已生成 {_shown(path)}")
    click.echo(f"以下 {len(review)} 项沿用上年内容，请核改后删除“待复核”注释（make check 会持续提醒）：")
    for item in review:
        click.echo(f"  - {item}")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
