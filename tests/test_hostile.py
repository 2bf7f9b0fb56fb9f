"""The pipeline under hostile input (issue 16): every file gets PATH:LINE:COL lines or one
clear line naming it, in linear time; exit 0 valid, 1 invalid data, 2 usage or a bug.

The reproducers whose message is all there is to check are fixtures in
tests/fixtures/invalid/ (status_lone-surrogate, period.start_4301-digits, ...); this file
checks what a fixture cannot: the command's output and exit status, time, unreadable
files, the build and the open data."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lumbung import cli
from lumbung.catalog import CaseStudy, check, load_catalog
from lumbung.problems import InvalidData, Problem
from lumbung.render.opendata import cases_csv, cases_json
from lumbung.render.site import TABLE_PAGE_SIZE, paginate
from lumbung.validate import RESERVED_SEGMENT

FIXTURES = Path(__file__).parent / "fixtures"
LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (error|warning): \S+: .+$")
MINIMAL = (FIXTURES / "valid" / "minimal-case.yml").read_text(encoding="utf-8")


def lumbung(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lumbung.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def case_file(folder: Path, text: str, name: str = "minimal-case") -> Path:
    path = folder / "case_studies" / "aceh" / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replaced(old: str, new: str, text: str = MINIMAL) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


HOSTILE = sorted(p for p in (FIXTURES / "invalid").glob("*.yml")
                 if re.search(r"surrogate|4301|control|escape-char|forged|unsortable", p.name))


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_hostile_fixtures_give_error_lines_and_exit_one_in_every_format(tmp_path, fmt):
    assert len(HOSTILE) >= 12
    result = lumbung("validate", "--format", fmt, *map(str, HOSTILE), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    if fmt == "text":
        lines = result.stdout.splitlines()
        assert lines and all(LINE.match(line) for line in lines), lines
        assert {Path(LINE.match(line)["file"]).name for line in lines} == \
            {p.name for p in HOSTILE}
    elif fmt == "github":
        assert all(line.startswith("::error file=") for line in result.stdout.splitlines())
    else:
        assert {Path(p["file"]).name for p in json.loads(result.stdout)} == \
            {p.name for p in HOSTILE}


def test_a_value_cannot_forge_an_error_line(tmp_path):
    forged = FIXTURES / "invalid" / "status_forged-error-line.yml"
    result = lumbung("validate", str(forged), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()  # the status, and the id that is not the file name
    assert len(lines) == 2 and all(line.startswith(f"{forged}:") for line in lines), lines
    assert "'draft\\nevil.yml:1:1: error: id: forged' is not allowed" in lines[1]
    github = lumbung("validate", "--format", "github", str(forged), cwd=tmp_path).stdout
    assert len(github.splitlines()) == 2


def test_problem_text_is_always_one_printable_line():
    problem = Problem("a\nb.yml", 1, 1, "x\u202e", "v\r\n\x00\ud800\u200b")
    assert problem.format() == "a\\nb.yml:1:1: error: x\\u202e: v\\r\\n\\x00\\ud800\\u200b"
    assert problem.format().isprintable()
    problem.format().encode("utf-8")


def test_unsortable_list_is_checked_in_linear_time(tmp_path):
    items = ", ".join(f"{{a: {number}}}" for number in range(8000))
    text = replaced("duties: [a]", f"duties: [a]\ntopics: [{items}, {{a: 7}}]")
    path = case_file(tmp_path, text)
    started = time.perf_counter()
    _, problems = check([path], tmp_path)
    assert time.perf_counter() - started < 2  # 111 s before (pairwise comparison)
    assert [p.message for p in problems if "more than once" in p.message] == \
        ["lists {'a': 7} more than once; keep one"]


def test_long_number_as_text_is_reported_quickly(tmp_path):
    path = case_file(tmp_path, replaced("  start: 2020", '  start: "' + "9" * 200_000 + '"'))
    started = time.perf_counter()
    _, problems = check([path], tmp_path)
    assert time.perf_counter() - started < 2
    assert [p.key_path for p in problems] == ["period.start"]
    assert len(problems[0].message) < 200


def test_unreadable_file_is_one_error_line_for_validate_and_the_build(tmp_path, monkeypatch):
    # As root, file permissions do not stop reading: refuse the open instead.
    path = case_file(tmp_path, MINIMAL)
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    _, problems = check([tmp_path / "case_studies"], tmp_path)
    assert [p.format() for p in problems] == [
        "case_studies/aceh/minimal-case.yml:1:1: error: (file): cannot read the file: "
        "Permission denied; check that it exists and is readable"]
    with pytest.raises(InvalidData, match="minimal-case.yml:1:1: error"):
        load_catalog(tmp_path)


def test_an_internal_error_exits_two_and_says_it_is_a_bug(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "check", broken)
    assert cli.main(["validate", str(FIXTURES / "valid")]) == 2
    assert "internal error, a bug in lumbung (not in your data)" in capsys.readouterr().err


def test_generated_list_pages_are_reserved_ids(tmp_path):
    urls = [url for url, *_ in paginate("kasus/", list(range(TABLE_PAGE_SIZE * 12)),
                                         TABLE_PAGE_SIZE)]
    segments = [url.removeprefix("kasus/").strip("/") for url in urls[1:]]
    assert segments and all(RESERVED_SEGMENT.fullmatch(segment) for segment in segments)
    path = case_file(tmp_path, replaced("id: minimal-case", "id: hal-2"), "hal-2")
    _, problems = check([path], tmp_path)
    assert [(p.line, p.key_path) for p in problems] == [(3, "id")]
    assert "/kasus/hal-2/" in problems[0].message


def test_csv_cells_that_start_a_formula_are_neutralised_and_json_is_exact():
    data = {
        "format": 1, "id": "x", "title": "=HYPERLINK(\"https://evil.example\",\"klik\")",
        "status": "draft",
        "location": {"desa": "+1+2", "kecamatan": "-2+3", "kabupaten": "@SUM(A1)",
                     "provinsi": "Aceh", "coordinates": {"lat": -5.5, "lon": 95.3}},
        "period": {"start": 2020}, "summary": "\tdi depan", "duties": ["a"],
        "story": {"context": "x", "practice": "y"},
        "sources": [{"title": "s", "publisher": "p"}], "updated": "2026-01-01",
    }
    case = CaseStudy("x", "case_studies/aceh/x.yml", data)
    row = next(csv.DictReader(io.StringIO(cases_csv([case]))))
    assert row["title"] == "'=HYPERLINK(\"https://evil.example\",\"klik\")"
    assert (row["desa"], row["kecamatan"], row["kabupaten"], row["summary"]) == \
        ("'+1+2", "'-2+3", "'@SUM(A1)", "'\tdi depan")
    assert row["lat"] == "-5.5"  # a number is not a formula
    assert json.loads(cases_json([case]))["cases"][0] == data
