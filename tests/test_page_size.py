"""A case page does not grow with the number of cases (no case list in the navigation)."""

from __future__ import annotations

import re

from conftest import build_site, copy_project
from lumbung.synthetic import write_synthetic_cases

PAGE = "kasus/sumbergede-perdes-pelindungan-pmi/index.html"


def test_adding_400_cases_does_not_change_an_existing_case_page(real_site, tmp_path):
    before = (real_site / PAGE).read_bytes()  # the repository's cases only
    project = copy_project(tmp_path / "project")
    write_synthetic_cases(project / "case_studies", 400)
    after_site = build_site(project, tmp_path / "after")
    assert len(list((after_site / "kasus").glob("sintetis-*/index.html"))) == 400
    after = (after_site / PAGE).read_bytes()
    assert len(after) == len(before)
    assert after == before
    check_lists_are_paginated(after_site)


def check_lists_are_paginated(site):
    """Every case is on its browse list, and no list page grows without bound."""
    listing = site / "jelajah" / "status" / "draft"
    pages = [listing / "index.html", *sorted(listing.glob("hal-*/index.html"))]
    assert len(pages) > 1
    found = set()
    for page in pages:
        html = page.read_text("utf-8")
        assert len(html) < 150_000, page
        found.update(re.findall(r'href="(?:\.\./)+kasus/(sintetis-\d+)/"', html))
    assert len(found) == 400
    table = [site / "kasus" / "index.html", *(site / "kasus").glob("hal-*/index.html")]
    assert len(table) == 3 and all(len(p.read_text("utf-8")) < 150_000 for p in table)
