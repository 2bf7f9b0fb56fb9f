"""The knowledge base's own content: enough sourced cases across Indonesia, every file
valid, every link between records resolving (issue 6's counts, checked against the files)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from lumbung.catalog import CASES_DIR, REGULATIONS_DIR, check, load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT)


def test_every_case_and_model_file_is_valid():
    valid, problems = check([ROOT / CASES_DIR, ROOT / REGULATIONS_DIR], ROOT)
    assert [str(p) for p in problems] == []
    files = [*(ROOT / CASES_DIR).rglob("*.yml"), *(ROOT / REGULATIONS_DIR).rglob("*.yml")]
    assert len(valid) == len(files) >= 15


def test_at_least_twelve_cases_in_at_least_six_provinces(catalog):
    assert len(catalog.cases) >= 12
    assert len({case.location["provinsi"] for case in catalog.cases}) >= 6


def test_every_case_cites_a_source_with_a_url(catalog):
    for case in catalog.cases:
        assert any(source.get("url") for source in case.data["sources"]), case.id


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
