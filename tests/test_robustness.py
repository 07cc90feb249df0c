"""A build is all or nothing, whatever happens while it writes; the loader never breaks.

The interrupt and concurrency cases run the real CLI in a subprocess and stop it in the write
phase: a small wrapper script patches os.replace to interrupt, fail or kill the process right
after the build has put its first new file in place.
"""
import fcntl
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.content.load import load, read_yaml

ROOT = Path(__file__).resolve().parent.parent
STEM = "青山县人民医院2024年精神文明建设工作计划"
EXTS = ("docx", "pdf", "md")

WRAPPER = """
import os, signal, sys
how = sys.argv.pop(1)
signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal, even when started from make or CI
real, calls = os.replace, []
def replace(src, dst):
    calls.append(dst)
    if how == "enospc" and len(calls) == 2:
        raise OSError(28, "No space left on device", str(dst))
    real(src, dst)
    if how in ("sigint", "sigkill") and str(dst).endswith(".docx") and len(calls) == 1:
        os.kill(os.getpid(), signal.SIGINT if how == "sigint" else signal.SIGKILL)
os.replace = replace
from pipeline.cli import entry
sys.argv = ["pipeline", *sys.argv[1:]]
entry()
"""


@pytest.fixture
def workspace(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "wrapper.py").write_text(WRAPPER, "utf-8")
    return tmp_path


def pipeline(ws: Path, *args, how="none", content=None, **kw):
    where = ["--content", str(content or ws / "content"), "--output", str(ws / "output")]
    return subprocess.run([sys.executable, str(ws / "wrapper.py"), how, *args, *where],
                          capture_output=True, text=True, cwd=ROOT, **kw)


def outputs(ws: Path) -> dict:
    folder = ws / "output" / "2024"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def good_build(ws: Path) -> dict:
    done = pipeline(ws, "build", "plan", "--year", "2024")
    assert done.returncode == 0, done.stderr
    return outputs(ws)


def change_content(ws: Path):
    plan = ws / "content" / "2024" / "wenming-plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("结合我院实际，制定本计划", "结合我院实际，特制定本计划"), "utf-8")


@pytest.mark.parametrize("how", ["sigint", "enospc"])
def test_a_build_interrupted_or_failing_after_its_first_file_leaves_the_old_set(workspace, how):
    before = good_build(workspace)
    change_content(workspace)
    stopped = pipeline(workspace, "build", "plan", "--year", "2024", how=how)
    assert stopped.returncode != 0
    assert "Traceback" not in stopped.stderr and "E299" not in stopped.stderr
    assert ("已中断" if how == "sigint" else "E204") in stopped.stderr
    assert outputs(workspace) == before  # the old DOCX came back; no temporary file is left


def test_a_killed_build_leaves_nothing_that_the_next_build_does_not_clear(workspace):
    before = good_build(workspace)
    change_content(workspace)
    killed = pipeline(workspace, "build", "plan", "--year", "2024", how="sigkill")
    assert killed.returncode == -9
    leftovers = [n for n in outputs(workspace) if n.startswith(".")]
    assert leftovers  # SIGKILL cannot be caught: its temporary files stay …
    again = pipeline(workspace, "build", "plan", "--year", "2024")
    assert again.returncode == 0, again.stderr
    after = outputs(workspace)
    assert sorted(after) == sorted(before)  # … and the next build removes them
    assert after[f"{STEM}.md"] != before[f"{STEM}.md"]


def test_a_build_waits_while_another_build_writes_the_same_folder(workspace):
    before = good_build(workspace)
    change_content(workspace)
    lock = os.open(workspace / "output" / "2024", os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as another build in its write phase holds it
        second = subprocess.Popen([sys.executable, str(workspace / "wrapper.py"), "none", "build", "plan",
                                   "--year", "2024", "--content", str(workspace / "content"),
                                   "--output", str(workspace / "output")], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        assert second.poll() is None  # it waits …
        assert outputs(workspace) == before  # … and has written nothing
    finally:
        os.close(lock)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert outputs(workspace)[f"{STEM}.md"] != before[f"{STEM}.md"]


def test_builds_of_one_folder_at_once_never_leave_a_mixed_set(workspace):
    contents = []
    for i in range(4):  # four versions of the plan, each marked in its preamble
        dest = workspace / f"content{i}"
        shutil.copytree(workspace / "content", dest)
        plan = dest / "2024" / "wenming-plan.yaml"
        plan.write_text(plan.read_text("utf-8").replace("制定本计划", f"制定本计划第{i}版"), "utf-8")
        contents.append(dest)
    for _ in range(3):
        runs = [subprocess.Popen([sys.executable, str(workspace / "wrapper.py"), "none", "build", "plan",
                                  "--year", "2024", "--format", "docx", "--format", "md",
                                  "--content", str(c), "--output", str(workspace / "output")],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in contents]
        assert all(r.wait(timeout=120) == 0 for r in runs)
        files = outputs(workspace)
        md = files[f"{STEM}.md"].decode()
        with zipfile.ZipFile(workspace / "output" / "2024" / f"{STEM}.docx") as z:
            xml = z.read("word/document.xml").decode()
        marks = [i for i in range(4) if f"第{i}版" in md]
        assert len(marks) == 1 and f"第{marks[0]}版" in xml  # both files from the same build


def test_a_plan_for_1979_or_2108_builds_a_docx(tmp_path):
    """A ZIP entry's date covers 1980–2107 only; the 成文日期 stays in the document's properties."""
    from docx import Document
    for year in (1979, 2108):
        content = tmp_path / f"c{year}"
        shutil.copytree(ROOT / "content", content)
        shutil.rmtree(content / "2023")
        folder = content / "2024"
        plan = folder / "wenming-plan.yaml"
        text = plan.read_text("utf-8").replace("2024", str(year))
        for other in folder.glob("*.yaml"):  # the plan alone: the others hold dates of 2024
            if other != plan:
                other.unlink()
        plan.write_text(text, "utf-8")
        folder.rename(content / str(year))
        done = subprocess.run([sys.executable, "-m", "pipeline", "build", "plan", "--year", str(year),
                               "--format", "docx", "--content", str(content), "--output", str(tmp_path / "out")],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        docx = next((tmp_path / "out" / str(year)).glob("*.docx"))
        assert Document(docx).core_properties.created.year == year


def test_a_diff_between_revisions_without_git_says_so(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import main
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on this PATH
    result = CliRunner().invoke(main, ["diff", "2024", "--rev", "HEAD~1..HEAD", "--content", str(ROOT / "content")])
    assert result.exit_code == 2
    assert "E116" in result.output and "git" in result.output


# ---------------------------------------------------------------- property: the loader
SCALARS = st.one_of(
    st.text(alphabet="计划目标任务一二三十百、，。：（）()[]{}#&*!|>-?:'\"\\ 0123456789abc%≥\n\t", max_size=30),
    st.sampled_from(["2024-02-30", "2024-13", "9999-12", "!!int abc", "&a x", "*a", "~", "true", "1e999",
                     "2024-01-15 25:00", "- x", "{a: 1", "[", "'", '"', "|", ">", "---", "...", "%YAML"]),
)


def _yaml(tree, depth=0) -> str:
    pad = "  " * depth
    if isinstance(tree, dict):
        return "".join(f"{pad}{k}:\n{_yaml(v, depth + 1)}" if isinstance(v, (dict, list)) else f"{pad}{k}: {v}\n"
                       for k, v in tree.items())
    if isinstance(tree, list):
        return "".join(f"{pad}- {v}\n" if not isinstance(v, (dict, list)) else f"{pad}-\n{_yaml(v, depth + 1)}"
                       for v in tree)
    return f"{pad}{tree}\n"


KEYS = st.sampled_from(["year", "documents", "plan", "kind", "title", "date", "based_on", "goals", "id", "text",
                        "target", "tasks", "heading", "owners", "deadline", "subtasks", "phases", "start", "end",
                        "activities", "month", "items", "day", "results", "goal_results", "goal", "actual",
                        "task", "status", "people", "sections", "body", "str", "int", "list[str]", "标题"])
TREES = st.recursive(SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                     st.dictionaries(KEYS, kids, max_size=5)), max_leaves=25)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=st.dictionaries(KEYS, TREES, max_size=6), raw=st.booleans())
def test_the_loader_raises_only_its_own_coded_errors(tmp_path_factory, tree, raw):
    """Generated content, well-formed or not: loading it succeeds or raises PipelineError."""
    content = tmp_path_factory.mktemp("content")
    shutil.copy(ROOT / "content" / "org.yaml", content)
    shutil.copy(ROOT / "content" / "library.yaml", content)
    (content / "2024").mkdir()
    text = _yaml(tree) if raw else _yaml({"kind": "plan", "title": "计划", "date": "2024-01-15", **tree})
    (content / "2024" / "wenming-plan.yaml").write_text(text, "utf-8")
    try:
        read_yaml(content / "2024" / "wenming-plan.yaml")
        load(content, 2024)
    except PipelineError as e:
        assert all(p.code.startswith(("E", "W")) for p in e.problems)
