"""The command line as a writer meets it."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["years"], ["frame"]])
def test_every_command_has_chinese_help(command):
    result = CliRunner().invoke(main, command + ["--help"])
    assert result.exit_code == 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.output)


def test_build_prints_the_paths_it_wrote_named_by_the_title(tmp_path, content_copy):
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "wenming-plan", "--year", "2024",
                             "--content", str(content_copy), "--output", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "2024").iterdir())
    stem = "青山县人民医院2024年精神文明建设工作计划"
    assert written == [f"{stem}.docx", f"{stem}.md", f"{stem}.pdf"]
    for name in written:
        assert name in result.stdout
    umask = os.umask(0o022)
    os.umask(umask)
    assert {(tmp_path / "2024" / name).stat().st_mode & 0o777 for name in written} == {0o666 & ~umask}


def test_check_passes_on_the_sample_and_fails_with_exit_1_on_bad_content(content_copy):
    assert CliRunner().invoke(main, ["check", "--content", str(content_copy)]).exit_code == 0
    plan = content_copy / "2024" / "wenming-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("guiding:", "guidng:"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(content_copy)])
    assert result.exit_code == 1 and "E102" in result.output


def test_frame_saves_an_editable_docx_frame(tmp_path):
    out = tmp_path / "frame.docx"
    assert CliRunner().invoke(main, ["frame", str(out)]).exit_code == 0
    from docx import Document
    assert "{{p body }}" in Document(str(out)).paragraphs[-1].text


def test_check_fix_and_json_on_a_seeded_copy(content_copy):
    plan = content_copy / "2024" / "wenming-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("结合我院实际，制定本计划。", "结合我院实际,制定本计划。"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", str(content_copy), "--format", "json"])
    report = json.loads(result.output)
    assert result.exit_code == 0  # a warning only
    (finding,) = report["problems"]
    assert report["fixed"] == []
    assert finding["code"] == "W410" and finding["file"] == str(plan) and finding["line"] and finding["column"]
    fixed = CliRunner().invoke(main, ["check", "--content", str(content_copy), "--fix"])
    assert "已修正" in fixed.output and "W410" not in fixed.output.split("已修正")[-1].split("\n", 1)[1]
    assert plan.read_text(encoding="utf-8") == text


def test_fix_with_json_prints_only_json_and_keeps_the_files_mode_and_symlink(content_copy, tmp_path):
    shared = tmp_path / "shared-org.yaml"
    org = content_copy / "org.yaml"
    shared.write_text(org.read_text(encoding="utf-8").replace("青山县人民医院", "青山县,人民医院", 1), encoding="utf-8")
    org.unlink()
    org.symlink_to(shared)
    plan = content_copy / "2024" / "wenming-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("制定本计划。", "制定本计划."), encoding="utf-8")
    plan.chmod(0o640)
    result = CliRunner().invoke(main, ["check", "--content", str(content_copy), "--fix", "--format", "json"])
    report = json.loads(result.output)
    assert sorted((Path(c["file"]).name, c["old"], c["new"]) for c in report["fixed"]) == [
        ("org.yaml", ",", "，"), ("wenming-plan.yaml", ".", "。")]
    assert report["problems"] == [] and result.exit_code == 0
    assert org.is_symlink() and "青山县，人民医院" in shared.read_text(encoding="utf-8")
    assert plan.stat().st_mode & 0o777 == 0o640


def test_check_of_a_content_folder_without_years_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["check", "--content", str(tmp_path)])
    assert result.exit_code == 1 and "E112" in result.output


def test_build_refuses_content_with_lint_errors(content_copy, tmp_path):
    plan = content_copy / "2024" / "wenming-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("结合我院实际", "结合20xx年实际", 1),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "plan", "--year", "2024", "--content", str(content_copy),
                                       "--output", str(tmp_path / "out")])
    assert result.exit_code == 1 and "E401" in result.output
    assert not (tmp_path / "out").exists()


def pipeline(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


@pytest.mark.parametrize("name, data", [("bad.docx", b"PK\x03\x04 not a zip"), ("bad.pdf", b"%PDF-1.7 cut")])
def test_textconv_of_a_damaged_file_is_e119_without_traceback(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    result = pipeline("textconv", tmp_path / name)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / name}: E119" in result.stderr
    assert "未生成或改动任何文件" not in result.stderr  # textconv never writes


def test_verify_reports_an_unreadable_file_and_still_measures_the_others(tmp_path, sample_outputs):
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    result = pipeline("verify", tmp_path / "bad.pdf", sample_outputs["plan"]["pdf"])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'bad.pdf'}: E119" in result.stderr
    assert "V501" in result.stdout and "FAIL" not in result.stdout


def test_verify_names_missing_encrypted_and_folder_arguments_and_goes_on(tmp_path, sample_outputs):
    encrypted = Path(__file__).parent / "fixtures" / "documents" / "encrypted.pdf"  # LibreOffice, password x
    result = pipeline("verify", tmp_path / "无此文件.pdf", encrypted, tmp_path, sample_outputs["plan"]["docx"])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{tmp_path / '无此文件.pdf'}: E114" in result.stderr
    shown = encrypted.relative_to(Path.cwd()) if encrypted.is_relative_to(Path.cwd()) else encrypted
    assert f"{shown}: E119" in result.stderr and "已加密" in result.stderr  # shown as the writer typed it
    assert f"{tmp_path}: E115" in result.stderr
    assert "结论：合格" in result.stdout


@pytest.mark.parametrize("args, mention", [(["build", "plan", "--year", "99999"], "--year 的值无效：99999 不在范围"),
                                           (["build", "plan", "--yaer", "2024"], "没有选项「--yaer」，可能是「--year」"),
                                           (["new-year", "二〇二五"], "「二〇二五」不是阿拉伯数字写的整数"),
                                           (["check", "--content", "README.md"], "「README.md」是文件，应为文件夹"),
                                           (["buld"], "没有命令「buld」"),
                                           (["years", "extra"], "多余的参数：extra"),
                                           (["check", "--fix=yes"], "选项 --fix 后面不带值"),
                                           (["check", "--fo", "json"], "没有选项「--fo」")])
def test_usage_errors_carry_a_code_and_point_to_the_help(args, mention):
    result = pipeline(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("E117 用法错误：") and mention in result.stderr
    assert "--help」查看用法" in result.stderr


def test_a_bug_while_measuring_is_e299_not_a_damaged_file(sample_outputs):
    from pipeline.cli import read_document
    from pipeline.errors import PipelineError

    from pipeline.check import verify

    def broken(path):  # fails inside our own measuring code
        return verify._margin_check(None)
    with pytest.raises(PipelineError) as e:
        read_document(sample_outputs["plan"]["pdf"], {".pdf": broken})
    assert [p.code for p in e.value.problems] == ["E299"]
    with pytest.raises(PipelineError) as e:
        read_document(Path(__file__), {".py": lambda path: __import__("zipfile").ZipFile(path)})
    assert [p.code for p in e.value.problems] == ["E119"]


def test_a_fix_that_cannot_be_written_reports_what_was_written(content_copy, monkeypatch):
    import pipeline.build
    from pipeline.errors import PipelineError, Problem

    org, plan = content_copy / "org.yaml", content_copy / "2024" / "wenming-plan.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("青山县人民医院", "青山县,人民医院", 1), encoding="utf-8")
    plan.write_text(plan.read_text(encoding="utf-8").replace("制定本计划。", "制定本计划."), encoding="utf-8")
    real = pipeline.build.write_atomic

    def refuse_plan(path, data, mode=None):
        if path.name == "wenming-plan.yaml":
            raise PipelineError([Problem("E204", "无法写入", path)])
        real(path, data, mode)
    monkeypatch.setattr(pipeline.build, "write_atomic", refuse_plan)
    result = CliRunner().invoke(main, ["check", "--content", str(content_copy), "--fix", "--format", "json"])
    report = json.loads(result.output)
    assert result.exit_code == 1 and [p["code"] for p in report["problems"]] == ["E204"]
    assert [(Path(c["file"]).name, c["new"]) for c in report["fixed"]] == [("org.yaml", "，")]
    assert "青山县，人民医院" in org.read_text(encoding="utf-8") and "制定本计划." in plan.read_text(encoding="utf-8")


def test_usage_errors_are_json_when_json_was_asked_for():
    result = pipeline("check", "--format", "json", "--year", "1800")
    report = json.loads(result.stdout)
    assert result.returncode == 2 and report["problems"][0]["code"] == "E117" and report["fixed"] == []


def test_a_build_shows_the_content_warnings(content_copy, tmp_path):
    plan = content_copy / "2024" / "wenming-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("二十大", "十九大", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "plan", "--year", "2024", "--content", str(content_copy),
                                       "--output", str(tmp_path), "--format", "md"])
    assert result.exit_code == 0 and "W450" in result.output and "十九大" in result.output
