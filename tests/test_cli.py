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


def test_check_fix_and_json_on_a_seeded_copy(content_copy):
    plan = content_copy / "2024" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("结合我院实际，制定本计划。", "结合我院实际,制定本计划。"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(content_copy), "--format", "json"])
    import json
    findings = json.loads(result.output)
    assert result.exit_code == 0  # a warning only
    (finding,) = findings
    assert finding["code"] == "W410" and finding["file"] == str(plan) and finding["line"] and finding["column"]
    fixed = CliRunner().invoke(main, ["check", "--content", str(content_copy), "--fix"])
    assert "已修正" in fixed.output and "W410" not in fixed.output.split("已修正")[-1].split("\n", 1)[1]
    assert plan.read_text(encoding="utf-8") == text


def test_build_refuses_content_with_lint_errors(content_copy, tmp_path):
    plan = content_copy / "2024" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("结合我院实际", "结合20xx年实际", 1),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "plan", "--year", "2024", "--content", str(content_copy),
                                       "--output", str(tmp_path / "out")])
    assert result.exit_code == 1 and "E401" in result.output
    assert not (tmp_path / "out").exists()
