"""A case page does not grow with the number of cases (no case list in the navigation)."""

from __future__ import annotations

from conftest import build_site, copy_project
from lumbung.synthetic import write_synthetic_cases

PAGE = "kasus/sumbergede-perdes-pelindungan-pmi/index.html"


def test_adding_400_cases_does_not_change_an_existing_case_page(tmp_path):
    project = copy_project(tmp_path / "project")
    before = (build_site(project, tmp_path / "before") / PAGE).read_bytes()
    write_synthetic_cases(project / "case_studies", 400)
    after_site = build_site(project, tmp_path / "after")
    assert len(list((after_site / "kasus").glob("sintetis-*/index.html"))) == 400
    after = (after_site / PAGE).read_bytes()
    assert len(after) == len(before)
    assert after == before
