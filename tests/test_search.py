"""Site search (Pagefind) in real Chromium on a 360x740 phone: Indonesian words, synonyms,
filters, and results that cannot carry markup."""

from __future__ import annotations

import json
import re

import pytest

from lumbung.search import normalize, synonym_groups

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    tab.problems = []
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()


def search(page, fixture_site_url: str, query: str) -> list[str]:
    page.goto(f"{fixture_site_url}cari/?{query}")
    page.wait_for_function(
        "() => { const s = document.getElementById('lp-status').textContent;"
        " return s && !s.startsWith('Memuat'); }")
    return page.locator(".lp-search__results a.lp-search__title").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")


def test_indonesian_words_find_the_sumbergede_case(page, fixture_site_url):
    found = search(page, fixture_site_url, "q=perlindungan+pekerja+migran")
    assert "/kasus/sumbergede-perdes-pelindungan-pmi/" in found
    assert page.problems == []


def test_old_term_tki_finds_a_case_that_only_says_pmi(page, fixture_site_url, fixture_site):
    text = (fixture_site / "kasus" / "search-pmi-only" / "index.html").read_text("utf-8")
    body = text[text.index("<article"):text.index("</article>")]
    assert "PMI" in body and not re.search(r"\bTKI\b", body)
    assert "/kasus/search-pmi-only/" in search(page, fixture_site_url, "q=TKI")
    assert "/kasus/search-pmi-only/" in search(page, fixture_site_url, "q=kuwu")


def test_province_filter_narrows_the_results(page, fixture_site_url):
    everything = search(page, fixture_site_url, "q=PMI")
    in_gorontalo = search(page, fixture_site_url, "q=PMI&provinsi=Gorontalo")
    assert len(everything) > len(in_gorontalo) >= 1
    assert in_gorontalo == ["/kasus/search-pmi-only/"]
    assert page.locator("#lp-f-provinsi").input_value() == "Gorontalo"
    assert page.locator("#lp-filter-box").get_attribute("open") is not None


def test_filters_offer_duty_topic_instrument_and_status(page, fixture_site_url):
    search(page, fixture_site_url, "q=PMI")
    for name in ("provinsi", "kewajiban", "topik", "instrumen", "status"):
        assert page.locator(f"#lp-f-{name} option").count() > 1, name
    assert page.locator("#lp-f-kewajiban option", has_text="b. Verifikasi").count() == 1


def test_header_search_box_works_on_a_phone(page, fixture_site_url):
    page.goto(f"{fixture_site_url}kasus/full-case/")
    box = page.locator("#lp-header-q")
    assert box.is_visible() and box.bounding_box()["x"] + box.bounding_box()["width"] <= 360
    box.fill("perdes")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/cari/\?q=perdes"))
    page.wait_for_function("() => document.querySelectorAll('.lp-search__results li').length > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.problems == []


def test_results_show_title_village_province_and_excerpt(page, fixture_site_url):
    search(page, fixture_site_url, "q=Sinonim")
    first = page.locator(".lp-search__results li").first
    assert first.locator("a").inner_text() == "Pendataan PMI oleh kepala desa di Desa Sinonim"
    assert first.locator(".lp-search__meta").inner_text() == \
        "Desa Sinonim, Kabupaten Saringan, Gorontalo"
    assert first.locator(".lp-search__excerpt mark").count() >= 1


def test_hostile_text_in_results_stays_text(page, fixture_site_url):
    found = search(page, fixture_site_url, "q=ringkasan+tautan")
    assert "/kasus/hostile-text/" in found
    results = page.locator("#lp-results")
    assert results.locator("script, img, iframe, b").count() == 0
    assert page.problems == []


def test_synonyms_come_from_the_data_files(fixture_site):
    published = json.loads((fixture_site / "cari" / "kosakata.json").read_text("utf-8"))
    groups = {term: group for group in published["groups"] for term in group}
    for group in synonym_groups():  # every group of the data file, normalized
        assert set(map(normalize, group)) <= set(groups[normalize(group[0])])
    assert "pmi" in groups["tki"] and "kemenp2mi" in groups["bnp2tki"]
    # generated from the vocabularies: province abbreviations, local words
    assert "nusa tenggara barat" in groups["ntb"] and "jawa timur" in groups["jatim"]
    assert "kepala desa" in groups["wali nagari"] and "desa" in groups["gampong"]
    assert "pelindungan" in published["words"] and "yang" in published["stopwords"]
