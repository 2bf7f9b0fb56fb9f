"""The real site: strict build, one page per case, index and browse pages, open data."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import pytest

from conftest import ROOT, build_site, links
from lumbung.catalog import load_catalog
from lumbung.schema import schema_json


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT)


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_case_has_its_page(real_site, catalog):
    assert len(catalog.cases) >= 3
    for case in catalog.cases:
        html = read(real_site, f"kasus/{case.id}/index.html")
        assert re.search(r'<h1 id="judul"[^>]*>([^<]*)</h1>', html)[1] == case.title.id


def test_every_generated_page_holds_its_content_once_and_no_mark(real_site, catalog):
    # MkDocs lays out a mark as a generated page's content; the hook puts the HTML in its
    # place (hooks/pages.py). One heading each: the theme adds none of its own.
    for path in real_site.rglob("*.html"):
        assert "<!-- lumbung: the page's content" not in path.read_text("utf-8"), path
    for case in catalog.cases:
        html = read(real_site, f"kasus/{case.id}/index.html")
        assert html.count("<h1") == 1 and html.count('class="lp-summary"') == 1
    for page in ("jelajah/instrumen/perda/index.html", "kasus/index.html"):
        assert read(real_site, page).count("<h1") == 1, page


def test_sumbergede_case_is_there(catalog):
    assert any(case.id.startswith("sumbergede") for case in catalog.cases)


def test_pages_are_indonesian_and_use_system_fonts(real_site):
    for page in ("index.html", "tentang/index.html", "kasus/index.html", "jelajah/index.html"):
        html = read(real_site, page)
        assert '<html lang="id"' in html
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_case_pages_are_not_in_the_navigation(real_site, catalog):
    home = read(real_site, "index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):home.index("</nav>")]
    for case in catalog.cases:
        assert f"kasus/{case.id}/" not in nav


def test_open_data_json_holds_every_case_as_loaded(real_site, catalog):
    data = json.loads(read(real_site, "data/kasus.json"))
    assert data["count"] == len(catalog.cases)
    assert data["cases"] == [case.data for case in catalog.cases]


def test_open_data_csv_has_one_row_per_case(real_site, catalog):
    rows = list(csv.DictReader(io.StringIO(read(real_site, "data/kasus.csv"))))
    assert [row["id"] for row in rows] == [case.id for case in catalog.cases]
    for row, case in zip(rows, catalog.cases, strict=True):
        assert row["provinsi"] == case.location.provinsi
        assert row["duties"] == ";".join(case.data["duties"])


def test_schema_is_published(real_site):
    assert read(real_site, "schema/case-study.schema.json") == schema_json()


def test_cases_table_lists_every_case(real_site, catalog):
    html = read(real_site, "kasus/index.html")
    assert "data-lp-sortable" in html
    for case in catalog.cases:
        assert f"kasus/{case.id}/" in links(html, "kasus/")


def test_browse_hub_counts_match_the_files(real_site, catalog):
    html = read(real_site, "jelajah/index.html")
    provinces = Counter(case.location.provinsi for case in catalog.cases)
    for province, count in provinces.items():
        slug = province.lower().replace(" ", "-")
        assert re.search(rf'href="../jelajah/provinsi/{slug}/">{province}</a>\s*'
                         rf'<span class="lp-count">\({count}\)', html), province
    duties = Counter(d for case in catalog.cases for d in case.data["duties"])
    for duty, count in duties.items():
        assert re.search(rf'href="../jelajah/kewajiban/{duty}/">[^<]+</a>\s*'
                         rf'<span class="lp-count">\({count}\)', html), duty


def test_every_browse_page_lists_its_cases(real_site, catalog):
    for case in catalog.cases:
        loc = case.location
        province_slug = loc.provinsi.lower().replace(" ", "-")
        kabupaten_slug = re.sub(r"[^a-z0-9]+", "-", loc.kabupaten.lower()).strip("-")
        pages = [f"jelajah/provinsi/{province_slug}/index.html",
                 f"jelajah/provinsi/{province_slug}/{kabupaten_slug}/index.html",
                 f"jelajah/status/{case.data['status']}/index.html"]
        pages += [f"jelajah/kewajiban/{d}/index.html" for d in case.data["duties"]]
        pages += [f"jelajah/topik/{t}/index.html" for t in case.data.get("topics", [])]
        pages += [f"jelajah/program/{p}/index.html" for p in case.data.get("programs", [])]
        pages += [f"jelajah/instrumen/{i['type']}/index.html"
                  for i in case.data.get("instruments", [])]
        for page in pages:
            page_url = page.removesuffix("index.html")
            assert f"kasus/{case.id}/" in links(read(real_site, page), page_url), (case.id, page)


def test_home_page_counts_and_newest_cases(real_site, catalog):
    html = read(real_site, "index.html")
    assert f"<strong>{len(catalog.cases)} studi kasus</strong>" in html
    newest = max(catalog.cases, key=lambda case: (case.data["updated"], case.id))
    assert f'href="kasus/{newest.id}/"' in html


def test_about_page_cites_the_source_article_and_pasal_42(real_site):
    html = read(real_site, "tentang/index.html")
    assert "voiceindonesia.co" in html
    assert "melakukan verifikasi data dan pencatatan Calon Pekerja Migran Indonesia" in html


def test_case_page_has_an_edit_link_to_its_file(real_site, catalog):
    case = catalog.cases[0]
    html = read(real_site, f"kasus/{case.id}/index.html")
    assert f"/edit/main/{case.source_path}\"" in html


def test_every_internal_link_and_script_resolves(published_site):
    """No page of the site points at a file the site does not have (the offline copy's
    link on the home page included)."""
    from urllib.parse import unquote, urljoin

    broken = []
    for page in published_site.rglob("*.html"):
        url = page.relative_to(published_site).as_posix()
        html = page.read_text("utf-8")
        for target in re.findall(r'(?:href|src)="([^"]+)"', html):
            if re.match(r"^(?:[a-z]+:|#|//)", target) or target.startswith("{"):
                continue
            resolved = unquote(urljoin("http://site/" + url, target).removeprefix("http://site/"))
            resolved = resolved.split("#")[0].split("?")[0]
            path = published_site / resolved
            if resolved.endswith("/") or resolved == "":
                path = path / "index.html"
            if not path.exists():
                broken.append((url, target))
    assert broken == []


def test_regulations_comparison_lists_every_instrument_of_every_case(real_site, catalog):
    pages = [real_site / "peraturan" / "index.html",
             *sorted((real_site / "peraturan").glob("hal-*/index.html"))]
    rows = []
    for page in pages:
        html = page.read_text("utf-8")
        body = html[html.index("<tbody>"):html.index("</tbody>")]
        rows += re.findall(r"<tr>(.*?)</tr>", body, re.S)
    expected = [(case, item) for case in catalog.cases
                for item in case.data.get("instruments", [])]
    assert len(rows) == len(expected) and len(rows) >= 4
    for row, (case, item) in zip(rows, expected, strict=True):
        assert f"kasus/{case.id}/" in row
        assert item["title"].split()[0] in row
        if item.get("number"):
            assert f'<td data-label="Nomor">{item["number"]}</td>' in row
        if item.get("model"):
            assert f"perdes/{item['model']}/" in row


def test_sidebars_rendered_once_per_folder_equal_those_rendered_per_page(real_site, tmp_path,
                                                                       monkeypatch):
    """hooks/pages.py renders the sidebars of generated pages outside the navigation once
    per folder; a build without that cache gives the same pages, byte for byte (model pages
    embed a DOCX with the time it was made, so only their sidebars are compared)."""
    monkeypatch.setenv("LUMBUNG_NAV_CACHE", "0")
    uncached = build_site(ROOT, tmp_path / "site")
    pages = sorted(p.relative_to(real_site) for p in real_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(uncached) for p in uncached.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        cached_html = (real_site / path).read_text("utf-8")
        uncached_html = (uncached / path).read_text("utf-8")
        if path.parts[0] == "perdes" and len(path.parts) == 3:
            assert sidebars(cached_html) == sidebars(uncached_html), path
        else:  # the search page names Pagefind's index, whose hash differs build to build
            assert pagefind_meta(cached_html) == pagefind_meta(uncached_html), path


def pagefind_meta(html: str) -> str:
    return re.sub(r"pagefind\.id_[0-9a-f]+\.pf_meta", "pagefind.id_HASH.pf_meta", html)


def sidebars(html: str) -> str:
    return html[html.index('<div class="md-sidebar'):html.index('<div class="md-content')]
