"""The pipeline under hostile input (issue 16): every file gets PATH:LINE:COL lines or one
clear line naming it, in linear time; exit 0 valid, 1 invalid data, 2 usage or a bug.

The reproducers whose message is all there is to check are fixtures in
tests/fixtures/invalid/ (status_lone-surrogate, period.start_4301-digits, ...); this file
checks what a fixture cannot: the command's output and exit status, time, unreadable
files, the build and the open data."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fastjsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from lumbung import cli, synthetic, validate
from lumbung.catalog import check, load_catalog
from lumbung.problems import InvalidData, Problem
from lumbung.records import case_study
from lumbung.render.opendata import cases_csv, cases_json
from lumbung.render.site import TABLE_PAGE_SIZE, paginate
from lumbung.schema import case_study_schema
from lumbung.validate import RESERVED_SEGMENT
from lumbung.vocab import load_vocabulary, slugify

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
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
    items = ", ".join(f"{{a: {number}}}" for number in range(4000))
    text = replaced("duties: [a]", f"duties: [a]\ntopics: [{items}, {{a: 7}}]")
    path = case_file(tmp_path, text)
    # CPU time of this process: the bounds are about the work, not the load of the tests
    # and builds running beside it (pytest-xdist, other processes).
    started = time.process_time()
    _, problems = check([path], tmp_path)
    assert time.process_time() - started < 2  # 7 s at 2,000 before (pairwise comparison)
    assert [p.message for p in problems if "more than once" in p.message] == \
        ["lists {'a': 7} more than once; keep one"]


def test_long_number_as_text_is_reported_quickly(tmp_path):
    path = case_file(tmp_path, replaced("  start: 2020", '  start: "' + "9" * 200_000 + '"'))
    started = time.process_time()
    _, problems = check([path], tmp_path)
    assert time.process_time() - started < 2
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


def test_a_link_that_leads_nowhere_is_one_error_line_not_a_crash(tmp_path):
    # A link in a loop made `lumbung validate` crash listing the folder; a link to a missing
    # file was left out unseen.
    case_file(tmp_path, MINIMAL)
    folder = tmp_path / "case_studies" / "aceh"
    (folder / "loop.yml").symlink_to("loop.yml")
    (folder / "gone.yml").symlink_to(tmp_path / "missing.yml")
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)  # not followed
    _, problems = check([tmp_path / "case_studies"], tmp_path)
    assert sorted(p.format() for p in problems) == [
        "case_studies/aceh/gone.yml:1:1: error: (file): cannot read the file: No such file "
        "or directory; check that it exists and is readable",
        "case_studies/aceh/loop.yml:1:1: error: (file): cannot read the file: Too many "
        "levels of symbolic links; check that it exists and is readable"]
    with pytest.raises(InvalidData, match="loop.yml:1:1: error"):  # the build says the same
        load_catalog(tmp_path)
    result = lumbung("validate", "case_studies", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout.count(": error: ") == 2


def test_a_folder_that_cannot_be_listed_and_a_pipe_are_error_lines(tmp_path, monkeypatch):
    # As root, permissions do not stop listing: refuse it instead.
    case_file(tmp_path, MINIMAL)
    locked = tmp_path / "case_studies" / "bali"
    locked.mkdir()
    real_scandir = os.scandir

    def refuse(path):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    _, problems = check([tmp_path / "case_studies"], tmp_path)
    assert [p.format() for p in problems] == [
        "case_studies/bali:1:1: error: (file): cannot read the folder; check that it is "
        "readable"]
    monkeypatch.undo()
    pipe = tmp_path / "pipe.yml"  # reading it would wait for a writer for ever
    os.mkfifo(pipe)
    result = lumbung("validate", str(pipe), cwd=tmp_path)
    assert result.returncode == 1 and "not a regular file" in result.stdout, result


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
    case = case_study("case_studies/aceh/x.yml", data)
    row = next(csv.DictReader(io.StringIO(cases_csv([case]))))
    assert row["title"] == "'=HYPERLINK(\"https://evil.example\",\"klik\")"
    assert (row["desa"], row["kecamatan"], row["kabupaten"], row["summary"]) == \
        ("'+1+2", "'-2+3", "'@SUM(A1)", "'\tdi depan")
    assert row["lat"] == "-5.5"  # a number is not a formula
    assert json.loads(cases_json([case]))["cases"][0] == data


# ---------- property-based: generated and mutated files (Hypothesis) ----------

VOCAB = load_vocabulary()
VISIBLE = re.compile(case_study_schema()["$defs"]["string"]["pattern"])
REAL_CASES = sorted((ROOT / "case_studies").rglob("*.yml"))
SNIPPETS = ["\n", "\t", " ", ": ", "- ", "{", "}", "[", "]", "'", '"', "#", "&a ", "*a ",
            "!!python/object/apply:os.system ['x']", "---\n", "hal-2", "=HYPERLINK(1)", "9" * 4400,
            '"\\ud800"', '"\\x1b[31m"', '"\\0"', "\ufeff", "\u200b", "\u202e", "yes", "017",
            "50.000", "2021-02-30", ".nan", "1e999", "~", "<script>x</script>", "{{ x }}",
            "\\", "%", "\r", "\x85", "a\u2028b"]
TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp")) | st.sampled_from("\n\t ")
PROPERTY = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def validate_text(raw: bytes) -> tuple[int, list[str], float]:
    """Exit status, output lines and seconds (CPU time) of `lumbung validate` on one file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case_studies" / "aceh" / "kasus-uji.yml"
        path.parent.mkdir(parents=True)
        path.write_bytes(raw)
        out, err = io.StringIO(), io.StringIO()
        started = time.process_time()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["validate", "--root", folder, str(path)])
        seconds = time.process_time() - started
    assert "internal error" not in err.getvalue(), err.getvalue()
    return status, out.getvalue().splitlines(), seconds


def assert_only_error_lines(status: int, lines: list[str], seconds: float) -> None:
    assert status in (0, 1) and seconds < 2, (status, seconds)
    head = re.compile(r"^case_studies/aceh/kasus-uji\.yml:\d+:\d+: (error|warning): \S")
    assert all(head.match(line) and line.isprintable() for line in lines), lines
    assert (status == 1) == any(": error: " in line for line in lines)


def texts(max_size: int) -> st.SearchStrategy[str]:
    return st.text(TEXT, min_size=1, max_size=max_size).filter(
        lambda text: VISIBLE.search(text) and not text.startswith("ISI:"))


def maybe(strategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


def dates() -> st.SearchStrategy[str]:
    return st.dates(dt.date(1945, 1, 1), dt.date(2026, 11, 1)).map(dt.date.isoformat)


@st.composite
def valid_cases(draw) -> dict:
    """A valid case with every key the format has, values drawn to their bounds."""
    def terms(name: str) -> list[str]:
        return VOCAB.values(name)

    def text_or_map(size: int):
        return st.one_of(texts(size), st.fixed_dictionaries(
            {"id": texts(size)}, optional={"en": texts(size)}))

    province = draw(st.sampled_from(VOCAB.provinces))
    start = draw(st.integers(1945, 2026))
    sources = draw(st.lists(st.fixed_dictionaries(
        {"title": texts(150), "publisher": texts(60)},
        optional={"url": st.text("abcxyz019-._~%/?=&#()[]'\"<>", max_size=40).map(
            lambda tail: "https://example.org/" + tail), "date": dates(), "accessed": dates(),
            "notes": texts(200)}), min_size=1, max_size=3))
    case = {
        "format": 1,
        "id": draw(st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True).filter(
            lambda slug: not RESERVED_SEGMENT.fullmatch(slug))),
        "title": draw(text_or_map(200)),
        "status": draw(st.sampled_from(terms("case_statuses"))),
        "location": draw(st.fixed_dictionaries(
            {"desa": texts(200), "provinsi": st.just(province.name),
             "kabupaten": texts(100).filter(
                 lambda name: not RESERVED_SEGMENT.fullmatch(slugify(name)))},
            optional={"kecamatan": texts(100),
                      "kode_wilayah": st.from_regex(r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}",
                                                    fullmatch=True).map(
                          lambda rest: f"{province.code}.{rest}"),
                      "coordinates": st.fixed_dictionaries(
                          {"lat": st.floats(-11, 6.5), "lon": st.floats(94, 141.5)})})),
        "period": {"start": start, **draw(st.fixed_dictionaries(
            {}, optional={"end": maybe(st.integers(start, 2026))}))},
        "summary": draw(text_or_map(600)),
        "duties": draw(st.lists(st.sampled_from(terms("duties")), min_size=1, unique=True)),
        "topics": draw(st.lists(st.sampled_from(terms("topics")), unique=True)),
        "programs": draw(st.lists(st.sampled_from(terms("programs")), unique=True)),
        "story": draw(st.fixed_dictionaries(
            {"context": text_or_map(800), "practice": text_or_map(1200)},
            optional={key: text_or_map(500)
                      for key in ("results", "challenges", "lessons", "replication")})),
        "instruments": draw(st.lists(st.fixed_dictionaries(
            {"type": st.sampled_from(terms("instrument_types")), "title": texts(150),
             "status": st.sampled_from(terms("instrument_statuses"))},
            optional={"number": maybe(texts(20)), "year": maybe(st.integers(1945, 2026)),
                      "notes": text_or_map(300)}), max_size=3)),
        "budget": draw(st.lists(st.fixed_dictionaries(
            {"year": st.integers(1945, 2026), "sub_bidang": maybe(st.sampled_from(
                terms("sub_bidang"))), "activity": texts(150)},
            optional={"amount_idr": maybe(st.integers(0, 10**15)),
                      "funding": st.sampled_from(terms("funding")),
                      "source": st.integers(1, len(sources)), "notes": text_or_map(200)}),
            max_size=3)),
        "actors": draw(st.lists(st.fixed_dictionaries(
            {"name": texts(60), "type": st.sampled_from(terms("actor_types"))},
            optional={"role": text_or_map(150)}), max_size=3)),
        "sources": sources,
        "contributors": draw(st.lists(texts(60), max_size=2)),
        "updated": draw(dates()),
    }
    return {key: value for key, value in case.items() if value != []}


def case_yaml(case: dict) -> str:
    return yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=100)


@settings(PROPERTY, max_examples=30)
@given(valid_cases())
def test_generated_valid_cases_are_valid_and_load_exactly(case):
    status, lines, seconds = validate_text(case_yaml({**case, "id": "kasus-uji"}).encode())
    # (a warning says the file is not in its province's folder)
    assert status == 0 and seconds < 2 and not [line for line in lines if ": error: " in line]


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.text(max_size=10), children, max_size=5)),
    max_leaves=30)


@PROPERTY
@given(st.one_of(
    st.lists(st.sampled_from(SNIPPETS) | st.characters(), max_size=80).map("".join),
    st.dictionaries(st.sampled_from(["format", "id", "title", "status", "location", "period",
                                     "summary", "duties", "story", "sources", "updated",
                                     "topics", "budget", "x"]), yaml_values).map(
        lambda data: yaml.safe_dump(data, allow_unicode=True)),
))
def test_generated_yaml_texts_end_quickly_with_error_lines(text):
    assert_only_error_lines(*validate_text(text.encode("utf-8", "surrogatepass")))


@PROPERTY
@given(st.sampled_from(REAL_CASES), st.lists(st.tuples(
    st.floats(0, 1), st.integers(0, 40), st.sampled_from(SNIPPETS) | st.text(max_size=5)),
    min_size=1, max_size=4), st.booleans())
def test_mutated_real_cases_end_quickly_with_error_lines(path, mutations, invalid_byte):
    text = path.read_text(encoding="utf-8")
    for where, cut, snippet in mutations:
        at = int(where * len(text))
        text = text[:at] + snippet + text[at + cut:]
    raw = text.encode("utf-8", "surrogatepass")
    if invalid_byte:
        raw = raw[: len(raw) // 2] + b"\xff" + raw[len(raw) // 2:]
    assert_only_error_lines(*validate_text(raw))


@settings(max_examples=2, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(st.lists(valid_cases(), min_size=6, max_size=10))
def test_generated_valid_cases_build_and_appear_on_their_page_and_in_the_open_data(
        tmp_path_factory, cases):
    # A build takes seconds: two builds of several generated cases each.
    project = synthetic.copy_project(ROOT, tmp_path_factory.mktemp("generated"))
    for number, case in enumerate(cases):
        case["id"] = f"uji-{number}-{case['id']}"[:80].rstrip("-")
        folder = project / "case_studies" / VOCAB.province(case["location"]["provinsi"]).slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{case['id']}.yml").write_text(case_yaml(case), encoding="utf-8")
    site = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(project / "mkdocs.yml"), "-d", str(site)], capture_output=True, text=True,
        timeout=600, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", LUMBUNG_OFFLINE_ZIP="false"))
    assert result.returncode == 0, result.stderr[-3000:]
    published = {case["id"]: case for case in
                 json.loads((site / "data" / "kasus.json").read_text(encoding="utf-8"))["cases"]}
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(
        (site / "data" / "kasus.csv").read_text(encoding="utf-8")))}
    for case in cases:
        assert published[case["id"]] == case
        desa = case["location"]["desa"]
        # A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP);
        # any other text, one that starts with an apostrophe included, stays exact.
        formula = desa.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert rows[case["id"]]["desa"] == ("'" + desa if formula else desa)
        page = (site / "kasus" / case["id"] / "index.html").read_text(encoding="utf-8")
        title = case["title"]["id"] if isinstance(case["title"], dict) else case["title"]
        assert " ".join(str(escape(title)).split()) in " ".join(page.split())


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


@settings(PROPERTY, max_examples=100)
@given(valid_cases(), st.data())
def test_the_compiled_schema_and_jsonschema_agree(case, data):
    # The compiled schema decides alone for a valid-looking file; it must never accept
    # what jsonschema (with this project's types) refuses, nor refuse what it accepts.
    for _ in range(data.draw(st.integers(0, 3))):
        path = data.draw(st.sampled_from(list(_paths(case))[1:]))
        parent = functools.reduce(lambda value, key: value[key], path[:-1], case)
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(yaml_values | st.sampled_from(
                [1.0, 50.0, "", " ", "\u200b", "x\n", "2021-02-30", 10**16, -1, True]))
    compiled = validate._compiled_validator("case")
    try:
        compiled(case)
        fast = True
    except fastjsonschema.JsonSchemaException:
        fast = False
    if validate._plain_json(case):
        assert fast == (next(validate._validator("case").iter_errors(case), None) is None)


def test_block_nesting_deeper_than_32_levels_is_refused(tmp_path):
    nested = "".join(f"{'  ' * level}k{level}:\n" for level in range(40)) + "  " * 40 + "x: 1\n"
    path = case_file(tmp_path, MINIMAL + "extra:\n" + "\n".join(
        "  " + line for line in nested.splitlines()) + "\n")
    _, problems = check([path], tmp_path)
    assert [p.message for p in problems] == ["nesting deeper than 32 levels is not allowed"]
