"""The command line as a writer meets it."""
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import main


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["years"], ["frame"]])
def test_every_command_has_chinese_help(command):
    result = CliRunner().invoke(main, command + ["--help"])
    assert result.exit_code == 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.output)


def test_build_prints_the_paths_it_wrote_named_by_the_title(tmp_path, content_copy):
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "plan", "--year", "2024",
                             "--content", str(content_copy), "--output", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "2024").iterdir())
    stem = "青山县人民医院2024年精神文明建设工作计划"
    assert written == [f"{stem}.docx", f"{stem}.md", f"{stem}.pdf"]
    for name in written:
        assert name in result.stdout


def test_check_passes_on_the_sample_and_fails_with_exit_1_on_bad_content(content_copy):
    assert CliRunner().invoke(main, ["check", "--content", str(content_copy)]).exit_code == 0
    plan = content_copy / "2024" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("guiding:", "guidng:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(content_copy)])
    assert result.exit_code == 1 and "E102" in result.output


def test_frame_saves_an_editable_docx_frame(tmp_path):
    out = tmp_path / "frame.docx"
    assert CliRunner().invoke(main, ["frame", str(out)]).exit_code == 0
    from docx import Document
    assert "{{p body }}" in Document(str(out)).paragraphs[-1].text
