"""The map of cases (/peta/): drawn at build time from Natural Earth, every case on it or in
its list, marks that link to case and province pages, nothing loaded from elsewhere."""

from __future__ import annotations

import dataclasses
import gzip
import math
import re
from collections import Counter

import pytest

from conftest import FIXTURES, ROOT
from lumbung import routes
from lumbung.catalog import CaseStudy, Catalog, load_catalog
from lumbung.geo import countries_in_view, province_positions, world_atlas_path
from lumbung.records import case_study
from lumbung.render.mapview import HEIGHT, MARK_RADIUS, WIDTH, map_view, project


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT)


def marks(html: str, kind: str) -> list[dict]:
    """The <a> marks of one kind in the map's SVG, with their link, name and position."""
    found = []
    pattern = (rf'<a class="lp-map__{kind}" href="([^"]+)">\s*<title>([^<]+)</title>\s*'
               r'<circle cx="([\d.]+)" cy="([\d.]+)"')
    for href, label, x, y in re.findall(pattern, html, re.S):
        found.append({"href": href, "label": label, "x": float(x), "y": float(y)})
    return found


def list_items(html: str) -> list[str]:
    body = html[html.index('id="daftar"'):]
    return re.findall(r"<li><a href=\"([^\"]+)\">", body)


def inside(point: tuple[float, float], ring) -> bool:
    """Even-odd rule: is the (lon, lat) point inside the ring?"""
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result


def on_land(lat: float, lon: float) -> bool:
    indonesia = next(c for c in countries_in_view(world_atlas_path(ROOT)) if c.name == "Indonesia")
    return any(inside((lon, lat), list(ring)) for ring in indonesia.rings)


def test_map_lists_every_case_under_its_province(real_site, catalog):
    html = (real_site / "peta" / "index.html").read_text("utf-8")
    listed = list_items(html)
    assert sorted(listed) == sorted(f"../{routes.case(c.id)}" for c in catalog.cases)
    for province, count in Counter(c.location.provinsi for c in catalog.cases).items():
        slug = routes.province(province).rstrip("/").rsplit("/", 1)[-1]
        assert re.search(rf'<h3 id="{slug}"><a href="[^"]+">{province}</a> \({count}\)</h3>',
                         html), province


def test_each_province_mark_counts_its_cases_links_its_page_and_lies_on_land(real_site,
                                                                            catalog):
    html = (real_site / "peta" / "index.html").read_text("utf-8")
    provinces = marks(html, "province")
    expected = Counter(c.location.provinsi for c in catalog.cases
                       if not c.location.coordinates)
    assert len(provinces) == len(expected) >= 6
    positions = province_positions(catalog.vocab)
    for mark in provinces:
        name, count = re.fullmatch(r"Provinsi (.+): (\d+) studi kasus", mark["label"]).groups()
        assert int(count) == expected[name]
        assert mark["href"] == f"../{routes.province(name)}"
        assert (real_site / routes.province(name) / "index.html").exists()
        # Drawn where the province is (moved at most a mark's width when marks would
        # overlap), and that place is on Indonesian land.
        x, y = project(*positions[name])
        assert math.hypot(mark["x"] - x, mark["y"] - y) <= 2 * MARK_RADIUS, name
        assert on_land(*positions[name]), name
        assert 0 < mark["x"] < WIDTH and 0 < mark["y"] < HEIGHT


def test_every_province_has_a_position_on_the_map(catalog):
    positions = province_positions(catalog.vocab)
    assert set(positions) == {p.name for p in catalog.vocab.provinces}
    for name, (lat, lon) in positions.items():
        x, y = project(lat, lon)
        assert 0 < x < WIDTH and 0 < y < HEIGHT, name


def test_a_case_with_coordinates_is_a_dot_at_its_village(fixture_site):
    html = (fixture_site / "peta" / "index.html").read_text("utf-8")
    dots = marks(html, "case")
    assert "coordinates: {lat: -8.75, lon: 116.2}" in (
        FIXTURES / "valid" / "full-case.yml").read_text("utf-8")
    expected = project(-8.75, 116.2)
    assert [(d["href"], (d["x"], d["y"])) for d in dots] == [("../kasus/full-case/", expected)]
    assert on_land(-8.75, 116.2)
    assert "titik di letak desa" in html
    # The fixtures without coordinates are counted at their province.
    labels = {m["label"] for m in marks(html, "province")}
    assert any(label.startswith("Provinsi Aceh: ") for label in labels)


def test_contributor_text_on_the_map_is_escaped(fixture_site):
    html = (fixture_site / "peta" / "index.html").read_text("utf-8")
    content = html[html.index("<svg"):html.index("</article>")]
    # tests/fixtures/valid/hostile-text.yml: a title and a village name made of markup.
    assert "<img" not in content and "<b>" not in content and "<script" not in content
    assert "Desa &lt;img src=x onerror=alert(1)&gt;" in content
    assert "{{ 7*7 }} &lt;b&gt;tebal&lt;/b&gt;" in content


def test_map_is_light_and_loads_nothing_from_elsewhere(real_site):
    html = (real_site / "peta" / "index.html").read_text("utf-8")
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert not re.search(r'(?:href|src)="(?:https?:)?//', svg)
    assert "<image" not in svg
    assert len(gzip.compress(svg.encode())) < 40_000


def test_clicking_a_province_mark_opens_the_province_page(chromium, real_site_url, catalog):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{real_site_url}peta/")
    # The mark's accessible name comes from its <title>.
    page.get_by_role("link", name=re.compile(r"^Provinsi Lampung: \d+ studi kasus$")).click()
    page.wait_for_url("**/jelajah/provinsi/lampung/")
    assert page.locator("h1").inner_text().endswith("Lampung")
    context.close()


def _case(case_id: str, province: str) -> CaseStudy:
    return case_study(f"{case_id}.yml", {
        "format": 1, "id": case_id, "title": case_id, "status": "draft", "duties": ["b"],
        "location": {"desa": case_id, "kabupaten": "K", "provinsi": province},
        "period": {"start": 2020}, "summary": "s", "story": {"context": "c", "practice": "p"},
        "sources": [{"title": "s", "publisher": "p"}], "updated": "2026-01-01"})


def test_marks_of_neighbouring_provinces_do_not_hide_each_other(catalog):
    provinces = ["DKI Jakarta", "Banten", "Jawa Barat", "Daerah Istimewa Yogyakarta",
                 "Jawa Tengah"]
    crowded = Catalog(cases=[_case(f"k{i}", p) for i, p in enumerate(provinces)], models=[],
                      vocab=catalog.vocab)
    view = map_view(crowded, world_atlas_path(ROOT))
    placed = view["province_marks"]
    assert [m["name"] for m in placed] == sorted(provinces)
    for i, a in enumerate(placed):
        x, y = project(*province_positions(catalog.vocab)[a["name"]])
        assert math.hypot(a["x"] - x, a["y"] - y) <= 2 * MARK_RADIUS
        for b in placed[i + 1:]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= 2 * MARK_RADIUS


def test_a_province_the_map_data_does_not_place_is_listed_not_drawn(catalog):
    vocab = catalog.vocab
    unknown = dataclasses.replace(vocab.province("Bali"), iso="ID-XX")
    vocab = dataclasses.replace(vocab, provinces=tuple(
        unknown if p.name == "Bali" else p for p in vocab.provinces))
    cases = [_case("di-bali", "Bali"), _case("di-aceh", "Aceh")]
    view = map_view(Catalog(cases=cases, models=[], vocab=vocab), world_atlas_path(ROOT))
    assert [m["name"] for m in view["province_marks"]] == ["Aceh"]
    assert view["unplaced"] == 1
    bali = next(p for p in view["provinces"] if p["name"] == "Bali")
    assert bali["cases"][0]["placed"] is None and not bali["position"]
