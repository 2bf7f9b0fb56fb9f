"""The `lumbung validate` command: output format, one run for all files, exit status."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (error|warning): (?P<key>\S+): .+$")


def lumbung(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lumbung.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_valid_files_exit_zero(tmp_path):
    valid = str(FIXTURES / "valid")
    result = lumbung("validate", valid, "--root", valid, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_the_repository_data_is_valid():
    root = Path(__file__).resolve().parent.parent
    result = lumbung("validate", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_invalid_file_is_reported_in_one_run(tmp_path):
    invalid = sorted((FIXTURES / "invalid").glob("*.yml"))
    result = lumbung("validate", str(FIXTURES / "invalid"), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    reported = {Path(LINE.match(line)["file"]).name for line in lines}
    assert reported == {path.name for path in invalid}


def test_error_line_format_names_file_line_column_and_key(tmp_path):
    case = tmp_path / "case_studies" / "aceh" / "x.yml"
    case.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "valid" / "minimal-case.yml", case)
    case.write_text(case.read_text().replace("id: minimal-case", "id: x").replace(
        "  provinsi: Aceh", "  provinsi: Jatim"))
    result = lumbung("validate", "case_studies", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "case_studies/aceh/x.yml:9:13: error: location.provinsi: 'Jatim' is not allowed; "
        "did you mean 'Jawa Timur'?"]


def test_missing_path_is_a_usage_error(tmp_path):
    result = lumbung("validate", "no-such-folder", cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


def test_unknown_command_is_a_usage_error(tmp_path):
    assert lumbung("frobnicate", cwd=tmp_path).returncode == 2


def test_many_files_are_validated_in_parallel_with_the_same_result(tmp_path):
    # 500 files and more go to worker processes; an error in one is still reported once.
    from lumbung.synthetic import write_synthetic_cases

    paths = write_synthetic_cases(tmp_path / "case_studies", 520)
    paths[7].write_text(paths[7].read_text().replace("status: draft", "status: drafted"))
    result = lumbung("validate", "case_studies", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{paths[7].relative_to(tmp_path).as_posix()}:4:9: error: status: 'drafted' is not "
        "allowed; did you mean 'draft'?"]
    assert "1 error(s) in 1 of 520 file(s)" in result.stderr
