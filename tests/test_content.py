"""The knowledge base's own content: enough sourced cases across Indonesia, every file
valid, every link between records resolving (issue 6's counts, raised by issue 15, and the
budget lines the sources give, checked against the files)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from lumbung.catalog import CASES_DIR, REGULATIONS_DIR, check, load_catalog
from lumbung.render.compare import budget_view


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT)


def test_every_case_and_model_file_is_valid():
    valid, problems = check([ROOT / CASES_DIR, ROOT / REGULATIONS_DIR], ROOT)
    assert [str(p) for p in problems] == []
    files = [*(ROOT / CASES_DIR).rglob("*.yml"), *(ROOT / REGULATIONS_DIR).rglob("*.yml")]
    assert len(valid) == len(files) >= 15


def test_at_least_twenty_six_cases_in_at_least_twelve_provinces(catalog):
    assert len(catalog.cases) >= 26
    assert len({case.location.provinsi for case in catalog.cases}) >= 12


def test_every_case_cites_a_source_with_a_url_and_its_date(catalog):
    """The publication date, or, where the page shows none, the day its copy was read."""
    for case in catalog.cases:
        assert any(source.get("url") and (source.get("date") or source.get("accessed"))
                   for source in case.data["sources"]), case.id


def test_budget_lines_from_real_cases_say_what_is_and_is_not_known(catalog):
    lines = [(case, line) for case in catalog.cases for line in case.data.get("budget", [])]
    assert len({case.id for case, _ in lines}) >= 3 and len(lines) >= 3
    for case, line in lines:
        assert line.get("source"), case.id  # every line names the source that states it
        assert line["year"] is not None or line.get("reported"), case.id
    stages = {line.get("stage", "anggaran") for _, line in lines}
    assert "rencana" in stages  # Borok Toyang's RKP Desa 2025 line
    assert any(line.get("share_percent") for _, line in lines)  # Darek's 25%
    view = budget_view(catalog)
    assert view["lines"] == len(lines) and view["no_year"] >= 1


def test_a_case_from_one_source_is_a_draft(catalog):
    for case in catalog.cases:
        if len(case.data["sources"]) == 1:
            assert case.data["status"] == "draft", case.id


def test_numbered_regulations_and_model_links(catalog):
    numbered = [case for case in catalog.cases
                if any(item.get("number") for item in case.data.get("instruments", []))]
    linked = [case for case in catalog.cases
              if any(item.get("model") for item in case.data.get("instruments", []))]
    assert len(numbered) >= 4 and len(linked) >= 3


def test_every_related_and_model_link_resolves(catalog):
    for case in catalog.cases:
        for other in case.data.get("related", []):
            assert other in catalog.by_id and other != case.id, (case.id, other)
        for item in case.data.get("instruments", []):
            if item.get("model"):
                assert item["model"] in catalog.models_by_id, (case.id, item["model"])
