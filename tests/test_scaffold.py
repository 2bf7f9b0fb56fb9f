"""`lumbung new` writes an annotated file whose unfilled values `lumbung validate` names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FLAGS = ["--id", "sukamaju-perdes-pmi", "--desa", "Sukamaju", "--kabupaten", "Lampung Timur",
         "--provinsi", "Lampung", "--no-input"]


def lumbung(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lumbung.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_new_writes_an_annotated_file_at_the_right_path(tmp_path):
    result = lumbung("new", *FLAGS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "case_studies" / "lampung" / "sukamaju-perdes-pmi.yml"
    assert result.stdout.strip() == "case_studies/lampung/sukamaju-perdes-pmi.yml"
    text = path.read_text("utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../lumbung/schema/case-study.schema.json\n")
    assert "# WAJIB. Ringkasan, paling banyak 600 karakter." in text
    assert "#   b: Verifikasi dan pencatatan data CPMI. melakukan verifikasi data" in text


def test_validate_names_each_unfilled_value_with_its_line(tmp_path):
    lumbung("new", *FLAGS, cwd=tmp_path)
    path = tmp_path / "case_studies" / "lampung" / "sukamaju-perdes-pmi.yml"
    lines = path.read_text("utf-8").splitlines()
    result = lumbung("validate", cwd=tmp_path)
    assert result.returncode == 1
    reported = result.stdout.splitlines()
    todo = [n for n, line in enumerate(lines, 1)
            if '"ISI:' in line and not line.lstrip().startswith("#")]
    assert len(todo) == 8
    for number in todo:
        assert any(f"sukamaju-perdes-pmi.yml:{number}:" in line and "not filled in yet" in line
                   for line in reported), number
    assert any(":duties: must list at least one item" in line.replace(" duties:", ":duties:")
               for line in reported)


def test_filled_scaffold_validates(tmp_path):
    lumbung("new", *FLAGS, "--kecamatan", "Sekampung", cwd=tmp_path)
    path = tmp_path / "case_studies" / "lampung" / "sukamaju-perdes-pmi.yml"
    filled = (path.read_text("utf-8")
              .replace('"ISI: tahun mulai, mis. 2021"', "2021")
              .replace('"ISI: https://..."', '"https://example.org/berita"')
              .replace("duties: []", "duties: [b, e]"))
    filled = "\n".join(line.replace('"ISI: ', '"Teks ') for line in filled.splitlines()) + "\n"
    path.write_text(filled, "utf-8")
    result = lumbung("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_new_refuses_an_existing_id_and_suggests_a_province(tmp_path):
    assert lumbung("new", *FLAGS, cwd=tmp_path).returncode == 0
    again = lumbung("new", *FLAGS, cwd=tmp_path)
    assert again.returncode == 2 and "already used" in again.stderr
    wrong = lumbung("new", "--id", "x", "--desa", "X", "--kabupaten", "K",
                    "--provinsi", "Jatim", "--no-input", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "did you mean 'Jawa Timur'?" in wrong.stderr


def test_missing_flags_without_a_terminal_are_a_usage_error(tmp_path):
    result = lumbung("new", "--id", "x", "--no-input", cwd=tmp_path)
    assert result.returncode == 2 and "--desa is required" in result.stderr


def test_github_format_annotates_the_lines(tmp_path):
    lumbung("new", *FLAGS, cwd=tmp_path)
    result = lumbung("validate", "--format", "github", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert lines and all(line.startswith("::error file=case_studies/lampung/") for line in lines)
    assert any(",line=12,col=8,title=title::not filled in yet" in line for line in lines)


def test_from_issue_writes_a_case_that_validates_and_builds(tmp_path):
    from conftest import FIXTURES, build_site, copy_project

    project = copy_project(tmp_path / "project")
    body = FIXTURES / "issues" / "complete.md"
    result = lumbung("from-issue", str(body), "--form",
                     str(Path(__file__).parent.parent / ".github" / "ISSUE_TEMPLATE" /
                         "studi-kasus.yml"), cwd=project)
    assert result.returncode == 0, result.stderr
    written = project / result.stdout.strip()
    assert written.is_file() and "status: draft" in written.read_text("utf-8")
    site = build_site(project)
    assert (site / "kasus" / written.stem / "index.html").is_file()


def test_from_issue_lists_what_is_missing(tmp_path):
    from conftest import FIXTURES

    result = lumbung("from-issue", str(FIXTURES / "issues" / "missing-required.md"),
                     "--form", str(Path(__file__).parent.parent / ".github" / "ISSUE_TEMPLATE" /
                                   "studi-kasus.yml"), cwd=tmp_path)
    assert result.returncode == 1
    assert "- Nama desa: wajib diisi." in result.stderr
    assert "- Persetujuan: belum dicentang." in result.stderr
