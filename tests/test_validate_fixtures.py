"""Every fixture under tests/fixtures/: valid ones give no problem; each invalid one,
named KEY_REASON.yml, gives exactly the problems its `# expect:` lines state."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from lumbung.catalog import check
from lumbung.load import load_document
from lumbung.validate import validate_document

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 27)
EXPECT = re.compile(r"^# expect: (.*)$")


def problems_of(path: Path) -> list[str]:
    """``LINE:COL: KEY.PATH: message`` for each problem one file has on its own."""
    document, problems = load_document(path, path.name)
    if document is not None:
        problems = sorted(set(problems) | set(validate_document(document, path.name, TODAY)))
    return [f"{p.line}:{p.col}: {p.key_path or '(file)'}: {p.message}" for p in problems]


def expectations(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return [m.group(1) for m in map(EXPECT.match, lines) if m]


INVALID = sorted((FIXTURES / "invalid").glob("*.yml"))
VALID = sorted((FIXTURES / "valid").glob("*.yml"))


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_reports_exactly_its_expected_problems(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} states no '# expect:' line"
    assert problems_of(path) == expected


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_has_no_problem(path: Path) -> None:
    assert problems_of(path) == []


def test_valid_fixtures_pass_the_cross_file_checks_together() -> None:
    valid, problems = check([FIXTURES / "valid"], FIXTURES / "valid", TODAY)
    assert [p.format() for p in problems] == []
    assert len(valid) == len(VALID)


def test_fixture_names_say_key_and_reason() -> None:
    for path in INVALID:
        assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)*_[a-z0-9-]+", path.stem), path.name
