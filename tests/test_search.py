"""Site search (Pagefind) in real Chromium on a 360x740 phone: Indonesian words, synonyms,
filters, and results that cannot carry markup."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, SEARCH_SCORES, build_site, serve
from lumbung import routes
from lumbung.catalog import load_catalog
from lumbung.search import (
    DICTIONARY_URL,
    MODEL_FILTER,
    _pagefind_data,
    index_chunks,
    normalize,
    synonym_groups,
)
from lumbung.vocab import load_vocabulary

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
    page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    return page.locator(".lp-search__results a.lp-search__title").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")


def every_result(page, url: str, query: str) -> list[str]:
    """Every result of ``query``, shown ten at a time ("Tampilkan lebih banyak")."""
    found = search(page, url, query)
    more = page.locator("#lp-more")
    while more.is_visible():
        count = page.locator(".lp-search__results li").count()
        more.click()
        page.wait_for_function(
            f"document.querySelectorAll('.lp-search__results li').length > {count}")
        found = page.locator(".lp-search__results a.lp-search__title").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
    return found


def test_indonesian_words_find_the_sumbergede_case(page, fixture_site_url):
    found = every_result(page, fixture_site_url, "q=perlindungan+pekerja+migran")
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


def test_a_new_search_from_the_box_is_made_in_the_page_with_its_own_address(
        page, fixture_site_url):
    # A slow phone does not load the page, its scripts and the index again for the next
    # search; the address still changes (shareable), and the back button returns.
    first = search(page, fixture_site_url, "q=Sinonim")
    page.evaluate("window.lpSamePage = true")
    def results():
        return page.locator(".lp-search__results a.lp-search__title").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
    box = page.locator("#lp-q")
    box.fill("perdagangan orang")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/cari/\?q=perdagangan\+orang"))
    page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    again = results()
    assert page.evaluate("window.lpSamePage") is True  # no page load
    assert page.url.endswith("/cari/?q=perdagangan+orang")  # no empty filter to share
    assert again == search(page, fixture_site_url, "q=perdagangan+orang") != first
    page.evaluate("window.lpSamePage = true")
    # A filter chosen: searched in the page too, with the words kept.
    page.locator("#lp-filter-box summary").click()  # folded on a phone
    page.select_option("#lp-f-provinsi", "Gorontalo")
    page.wait_for_url(re.compile(r"provinsi=Gorontalo"))
    page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    assert page.evaluate("window.lpSamePage") is True
    assert page.locator("#lp-q").input_value() == "perdagangan orang"
    assert page.locator("#lp-f-provinsi").input_value() == "Gorontalo"
    assert set(results()) <= set(again)
    page.go_back()
    page.wait_for_url(re.compile(r"/cari/\?q=perdagangan\+orang$"))
    page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    assert results() == again and page.locator("#lp-f-provinsi").input_value() == ""
    assert page.evaluate("window.lpSamePage") is True
    # A link within the page (the skip link, a heading's anchor) does not search again.
    page.evaluate("window.lpFirst = document.querySelector('.lp-search__results li')")
    page.evaluate("location.hash = 'lp-isi'")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelector('.lp-search__results li') === window.lpFirst")
    assert page.locator("#lp-search").get_attribute("data-state") == "done"
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
        if len(set(map(normalize, group))) > 1:  # a group of one word after normalizing is none
            assert set(map(normalize, group)) <= set(groups[normalize(group[0])])
    assert "pmi" in groups["tki"] and "kemenp2mi" in groups["bnp2tki"]
    # generated from the vocabularies: province abbreviations, local words
    assert "nusa tenggara barat" in groups["ntb"] and "jawa timur" in groups["jatim"]
    assert "kepala desa" in groups["wali nagari"] and "desa" in groups["gampong"]
    assert "pelindungan" in published["words"] and "yang" in published["stopwords"]


def titles(page) -> list[str]:
    return page.locator(".lp-search__results a.lp-search__title").all_inner_texts()


WORDS = "/kasus/search-words/"  # tests/fixtures/valid/search-words.yml
PMI_ONLY = "/kasus/search-pmi-only/"


def test_a_province_abbreviation_finds_the_province(page, fixture_site_url, fixture_site):
    body = (fixture_site / "kasus" / "search-words" / "index.html").read_text("utf-8")
    assert "Sulawesi Tengah" in body and "Sulteng" not in body
    assert WORDS in search(page, fixture_site_url, "q=sulteng")
    assert page.problems == []


def test_a_synonym_finds_a_page_that_only_says_the_other_word(page, fixture_site_url):
    assert WORDS in search(page, fixture_site_url, "q=TPPO")
    assert page.locator("#lp-corrected").is_hidden()  # a synonym is not a correction


def test_an_english_word_finds_the_indonesian_page(page, fixture_site_url):
    assert WORDS in search(page, fixture_site_url, "q=human+trafficking")
    assert PMI_ONLY in search(page, fixture_site_url, "q=migrant+workers+registration")


def test_a_misspelt_word_is_corrected_and_the_page_says_so(page, fixture_site_url):
    found = search(page, fixture_site_url, "q=perdagnagan+orang+ujcari")
    assert found[0] == WORDS
    note = page.locator("#lp-corrected")
    assert note.is_visible()
    assert "«perdagangan orang ujicari»" in note.inner_text()
    assert "perdagnagan orang ujcari" in note.inner_text()


def test_a_short_word_is_corrected_only_for_a_typing_slip(page, fixture_site_url, fixture_site):
    # In a short word, a letter replaced by one far away on the keyboard makes another
    # everyday word more often than a typo: "sampah" (rubbish), which no page holds, is not
    # read as "sampai" (until), which the pages hold. The key next to the one meant is a slip.
    published = json.loads((fixture_site / "cari" / "kosakata.json").read_text("utf-8"))
    more = json.loads((fixture_site / "cari" / "kata.json").read_text("utf-8"))
    known = set(published["words"]) | set(more)
    assert "sampai" in known and "sampah" not in known and "pni" not in known
    search(page, fixture_site_url, "q=perdes+pengelolaan+sampah")
    assert page.locator("#lp-corrected").is_hidden()
    assert "«perdes pengelolaan sampah»" in page.locator("#lp-status").inner_text()
    search(page, fixture_site_url, "q=perdes+pni")  # n is next to m
    assert "«perdes pmi»" in page.locator("#lp-corrected").inner_text()
    search(page, fixture_site_url, "q=perdes+pmu")  # u is next to i
    assert "«perdes pmi»" in page.locator("#lp-corrected").inner_text()
    assert page.problems == []


def test_a_word_with_an_everyday_ending_is_read_as_its_base_word(page, fixture_site_url,
                                                               fixture_site):
    # "masukin" (everyday "-in" for "-kan": put in), which no page holds, is "masuk", which
    # the pages hold, not split into "masuk" and "in"; "suaminya" is "suami".
    published = json.loads((fixture_site / "cari" / "kosakata.json").read_text("utf-8"))
    more = json.loads((fixture_site / "cari" / "kata.json").read_text("utf-8"))
    known = set(published["words"]) | set(more)
    assert {"masuk", "suami"} <= known and not {"masukin", "suaminya"} & known
    search(page, fixture_site_url, "q=masukin+pmi+suaminya")
    assert "«masuk pmi suami»" in page.locator("#lp-corrected").inner_text()
    assert page.problems == []


def test_the_status_says_when_no_page_holds_every_word(page, fixture_site_url):
    # "sampah": no page holds it (test above); the pages listed hold the other words.
    search(page, fixture_site_url, "q=perdes+pengelolaan+sampah")
    status = page.locator("#lp-status").inner_text()
    assert "hasil" in status and "memuat sebagian besar" in status
    search(page, fixture_site_url, "q=perdagangan+orang")
    status = page.locator("#lp-status").inner_text()
    assert "hasil" in status and "sebagian besar" not in status
    assert page.problems == []


def test_a_correction_offers_the_words_as_typed(page, fixture_site_url):
    # A correction can be wrong; one tap searches the words as typed, without correcting.
    search(page, fixture_site_url, "q=perdagnagan+orang&provinsi=Gorontalo")
    link = page.locator("#lp-corrected a")
    assert link.inner_text() == "Cari persis «perdagnagan orang»"
    link.click()
    page.wait_for_url(re.compile(r"persis=1"))
    page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    assert page.locator("#lp-corrected").is_hidden()
    assert page.locator("#lp-q").input_value() == "perdagnagan orang"
    assert page.locator("#lp-f-provinsi").input_value() == "Gorontalo"  # filters kept
    assert "«perdagnagan orang»" in page.locator("#lp-status").inner_text()
    assert page.problems == []


def test_a_query_asking_for_a_model_ranks_the_models_first(page, fixture_site_url, fixture_site):
    # "contoh" (example) asks for a text to adopt: the model Perdes comes before the
    # villages' own Perdes, which the same words find too.
    found = search(page, fixture_site_url, "q=contoh+perdes+pelindungan+pmi")
    assert found[0] == "/perdes/perdes-pelindungan-pmi/"
    assert any(path.startswith("/kasus/") for path in found[1:])
    # The filter the search asks for is the one every model page carries.
    name, value = MODEL_FILTER
    for model in (fixture_site / "perdes").glob("*/index.html"):
        assert f'data-pagefind-filter="{name}">{value}<' in model.read_text("utf-8")
    published = json.loads((fixture_site / "cari" / "kosakata.json").read_text("utf-8"))
    assert published["models"]["filter"] == {name: [value]}
    assert "contoh" in published["models"]["words"]


@pytest.mark.parametrize("query", ["perdes pmi", "per des pmi", "Peraturan Desa pekerja migran",
                                   "migrant worker village regulation"])
def test_a_query_naming_a_model_by_its_kind_and_subject_ranks_it_first(page, fixture_site_url,
                                                                        query):
    # The Peraturan Desa tentang Pelindungan PMI, named by its kind and subject (its
    # abbreviation, its words, in English): first; the villages' own Perdes found too.
    found = search(page, fixture_site_url, f"q={query}")
    assert found[0] == "/perdes/perdes-pelindungan-pmi/", found[:3]
    assert any(path.startswith("/kasus/") for path in found[1:])
    assert page.problems == []


@pytest.mark.parametrize("query", ["perdes pmi lampung", "perdes tki", "perdes tkw",
                                   "perkades pmi", "pmi"])
def test_a_query_naming_more_than_a_model_or_another_ranks_it_as_before(page, fixture_site_url,
                                                                        query):
    # A place (the villages of Lampung), an old term (the villages that wrote it; "tkw", which
    # no page holds, too), another kind (the Perkades), or no kind at all: the Perdes model
    # is not put first.
    assert search(page, fixture_site_url, f"q={query}")[0] != "/perdes/perdes-pelindungan-pmi/"


def test_the_models_a_query_may_name_are_listed_by_their_kind_and_subject(fixture_site):
    html = (fixture_site / "cari" / "index.html").read_text("utf-8")
    named = json.loads(re.search(r'<script type="application/json" id="lp-models">(.*?)'
                                 r"</script>", html).group(1))
    by_kind = {tuple(kinds): subject for _, kinds, subject in named}
    assert by_kind[("peraturan desa", "perdes")] == (
        "pelindungan pekerja migran indonesia dan keluarganya")
    assert ("keputusan kepala desa",) in by_kind
    fragments = {path.stem for path in (fixture_site / "pagefind" / "fragment").iterdir()}
    assert {name for name, _, _ in named} <= fragments
    assert len(named) == len(list((fixture_site / "perdes").glob("*/index.html")))


def test_a_word_typed_without_its_space_is_split(page, fixture_site_url):
    assert WORDS in search(page, fixture_site_url, "q=perdaganganorang")
    assert "«perdagangan orang»" in page.locator("#lp-corrected").inner_text()
    assert WORDS in search(page, fixture_site_url, "q=uji+cari")  # and two words joined


def test_pages_with_most_of_the_words_follow_when_none_has_all(page, fixture_site_url):
    # No page names both villages: each page naming one of them is found.
    found = search(page, fixture_site_url, "q=Ujicari+Sinonim")
    assert WORDS in found and PMI_ONLY in found
    # A word no page holds (and nothing close) leaves the others to find pages.
    assert found[:1] != [] and WORDS in search(page, fixture_site_url, "q=ujicari+qxqxqxqx")


def test_pages_with_most_words_show_meanwhile_and_give_way_to_the_whole_ranking(
        page, fixture_site_url):
    # Every list the page shows is recorded; the first comes before the synonyms are
    # searched (the status says so), the last is the whole ranking, without repeats.
    page.add_init_script("""
        window.lpLists = [];
        new MutationObserver(() => {
          const list = document.getElementById('lp-results');
          const status = document.getElementById('lp-status');
          if (!list) return;
          window.lpLists.push({status: status ? status.textContent : '',
            links: Array.from(list.querySelectorAll('a.lp-search__title'),
                              a => new URL(a.href).pathname)});
        }).observe(document, {childList: true, subtree: true});""")
    final = search(page, fixture_site_url, "q=Ujicari+Sinonim")
    lists = [entry for entry in page.evaluate("window.lpLists") if entry["links"]]
    meanwhile = [entry for entry in lists if "semakna" in entry["status"]]
    assert meanwhile and meanwhile[0]["links"]
    assert set(meanwhile[0]["links"]) <= {WORDS, PMI_ONLY} | set(final)
    assert len(final) == len(set(final)) and {WORDS, PMI_ONLY} <= set(final)


def test_a_phrase_is_found_where_a_page_writes_it_as_one_hyphenated_word(
        page, fixture_site_url, fixture_site):
    # search-words says "non-prosedural": Pagefind indexes it as one word, "nonprosedural",
    # which its phrase search for "non prosedural" does not match. The only other case in
    # Sulawesi Tengah does not say it.
    published = json.loads((fixture_site / "cari" / "kosakata.json").read_text("utf-8"))
    assert "non prosedural" in published["joined"]
    assert "migrasi aman" not in published["joined"]  # its topic's id, "migrasi-aman", is no text
    assert WORDS in search(page, fixture_site_url, "q=non-prosedural&provinsi=Sulawesi+Tengah")
    assert WORDS in search(page, fixture_site_url, "q=PMI+non+prosedural&provinsi=Sulawesi+Tengah")


def test_a_typed_abbreviation_s_long_form_counts_as_the_word_typed_from_the_first_results(
        page, fixture_site_url):
    # search-pmi-only says "surat keputusan", never "SK": "sk" typed finds it among the
    # results shown while the synonyms are still searched (the status says "semakna"), as
    # if its long form had been typed. (Before: no result until the synonyms were searched.)
    page.add_init_script("""
        window.lpMeanwhile = null;
        new MutationObserver(() => {
          const list = document.getElementById('lp-results');
          const status = document.getElementById('lp-status');
          if (window.lpMeanwhile || !status || !status.textContent.includes('semakna')) return;
          window.lpMeanwhile = Array.from(list.querySelectorAll('a.lp-search__title'),
                                          a => new URL(a.href).pathname);
        }).observe(document, {childList: true, subtree: true, characterData: true});""")
    found = search(page, fixture_site_url, "q=sk&provinsi=Gorontalo")
    assert found[:1] == [PMI_ONLY] and page.evaluate("window.lpMeanwhile") == [PMI_ONLY]


def test_the_search_does_not_wait_for_a_preload_script_that_fails(page, fixture_site_url):
    # search-preload.js only speeds the first search up: blocked, the search still ends.
    page.route(re.compile(r".*/search-preload\.js$"), lambda route: route.abort())
    assert PMI_ONLY in search(page, fixture_site_url, "q=PMI&provinsi=Gorontalo")
    assert "hasil" in page.locator("#lp-status").inner_text()


def test_the_word_as_typed_ranks_above_its_synonyms(page, fixture_site_url):
    # "kuwu" is in search-words; search-pmi-only says only "kepala desa".
    found = search(page, fixture_site_url, "q=kuwu")
    assert WORDS in found and PMI_ONLY in found
    assert found.index(WORDS) < found.index(PMI_ONLY)


def test_excerpts_hold_no_english_and_no_badge(page, fixture_site_url):
    # full-case has English texts and the "Draf" badge; the words searched are Indonesian.
    found = search(page, fixture_site_url, "q=Ringkasan+tebal")
    assert "/kasus/full-case/" in found
    excerpts = " ".join(page.locator(".lp-search__excerpt").all_inner_texts())
    badges = [term.label for term in load_vocabulary().case_statuses]
    assert excerpts and "English" not in excerpts
    assert not [label for label in badges if label in excerpts]


def test_search_works_in_the_offline_copy(chromium, offline_copy):
    start = (offline_copy / "cari.html").as_uri()
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    outside: list[str] = []
    tab.on("request", lambda r: outside.append(r.url)
           if not r.url.startswith(("file://", "data:", "blob:")) else None)
    tab.goto(f"{start}?q=sumbergde")
    tab.wait_for_selector("#lp-search[data-state=done]", state="attached")
    first = tab.locator(".lp-search__results a.lp-search__title").first
    assert "Sumbergede" in first.inner_text()
    assert tab.locator("#lp-corrected").is_visible()
    first.click()  # the result opens the case page's file
    tab.wait_for_load_state()
    assert tab.url.endswith("kasus/sumbergede-perdes-pelindungan-pmi/index.html")
    tab.goto(f"{start}?q=NTB")
    tab.wait_for_selector(".lp-search__results li")
    assert "Nusa Tenggara Barat" in " ".join(tab.locator(".lp-search__meta").all_inner_texts())
    # A filter without words lists that province's cases; a query asking for a model lists
    # the models first.
    tab.goto(f"{start}?provinsi=Nusa+Tenggara+Barat")
    tab.wait_for_selector("#lp-search[data-state=done]", state="attached")
    metas = tab.locator(".lp-search__meta").all_inner_texts()
    assert metas and all(meta.endswith("Nusa Tenggara Barat") for meta in metas)
    tab.goto(f"{start}?q=contoh+perdes+pmi")
    tab.wait_for_selector("#lp-search[data-state=done]", state="attached")
    first = tab.locator(".lp-search__results a.lp-search__title").first.get_attribute("href")
    assert "perdes/" in first and "kasus/" not in first
    # A query naming a model by its kind and subject ranks it first, as online; the offline
    # index names it as the search page does online (with its abbreviation).
    index = (offline_copy / "cari" / "indeks-luring.js").read_text("utf-8")
    assert '"naming":[["peraturan desa","perdes"],"pelindungan pekerja migran' in index
    tab.goto(f"{start}?q=per+des+pmi")
    tab.wait_for_selector("#lp-search[data-state=done]", state="attached")
    first = tab.locator(".lp-search__results a.lp-search__title").first.get_attribute("href")
    assert first.endswith("perdes/perdes-pelindungan-pmi/index.html"), first
    # Found by its title, its summary holding none of the words: its excerpt is the start of
    # its summary (not a note far down that names another village's Perdes).
    model = next(m for m in load_catalog(ROOT).models if m.id == "perdes-pelindungan-pmi")
    excerpt = tab.locator(".lp-search__excerpt").first.inner_text()
    assert " ".join(excerpt.split()[:6]) == " ".join(model.summary.split()[:6]), excerpt
    # Indonesian words: the excerpts come from the Indonesian texts, not from a case's "In
    # English" block, which the English terms of "perdes" (village regulation) also match.
    tab.goto(f"{start}?q=perdes+pengelolaan+sampah")
    tab.wait_for_selector("#lp-search[data-state=done]", state="attached")
    excerpts = " ".join(tab.locator(".lp-search__excerpt").all_inner_texts())
    openings = [" ".join(case.title.en.split()[:4]) for case in load_catalog(ROOT).cases
                if case.title.en]
    assert excerpts and [text for text in openings if text in excerpts] == []
    assert problems == [] and outside == []
    context.close()


def test_every_judged_page_is_a_page_of_the_site_and_the_sets_share_no_query(real_site):
    import yaml

    sets = {name: yaml.safe_load((ROOT / "tests" / "search" / f"{name}.yml").read_text("utf-8"))
            for name in ("queries", "blind")}
    assert len(sets["queries"]) >= 40 and len(sets["blind"]) >= 25
    for queries in sets.values():
        assert len({q["q"] for q in queries}) == len(queries)
        for query in queries:
            for path, grade in query["relevant"].items():
                assert grade in (1, 2) and (real_site / path / "index.html").is_file(), path
    # The blind set is not the tuned one: no query of it is in both.
    assert not {q["q"].lower() for q in sets["queries"]} & {q["q"].lower() for q in sets["blind"]}


def test_the_search_evaluation_runs_and_prints_its_scores(search_evaluation):
    # Scores are printed, not asserted (tests/search/queries.yml; scripts/search-eval). The
    # run starts once real_site is built (conftest.py), while other tests run.
    result = search_evaluation
    print(result.stdout)
    SEARCH_SCORES.parent.mkdir(parents=True, exist_ok=True)
    SEARCH_SCORES.write_text(result.stdout, encoding="utf-8")  # shown at the session's end
    assert result.returncode == 0, result.stderr
    assert re.search(r"^all\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+$", result.stdout, re.M)


@pytest.mark.parametrize(("package", "dist", "vendored", "licence", "words"), [
    ("minisearch", "dist/umd/index.js", "minisearch/minisearch.js", "LICENSE.txt",
     "Permission is hereby granted"),
    ("@orama/stemmers", "dist/id.js", "orama-stemmers/id.js", "LICENSE", "Apache License"),
])
def test_vendored_scripts_are_the_pinned_npm_packages(package, dist, vendored, licence, words):
    root = Path(__file__).parent.parent
    lock = json.loads((root / "package-lock.json").read_text("utf-8"))
    version = lock["packages"][f"node_modules/{package}"]["version"]
    pinned = json.loads((root / "package.json").read_text("utf-8"))
    assert pinned["dependencies"][package] == version
    copy = root / "docs" / "assets" / "vendor" / vendored
    assert copy.read_bytes() == (root / "node_modules" / package / dist).read_bytes()
    assert words in (copy.parent / licence).read_text("utf-8")


# --- the first search's index chunks, preloaded (assets/js/search-preload.js) ----------------

def test_the_search_page_lists_the_index_chunks_pagefind_wrote(real_site):
    entry = json.loads((real_site / routes.PAGEFIND_ENTRY).read_text("utf-8"))
    (language,) = entry["languages"].values()
    chunks = index_chunks((real_site / routes.pagefind_meta(language["hash"])).read_bytes())
    # Small chunks (INDEX_CHUNK_SIZE): several, each a file Pagefind wrote, in stem order.
    assert len(chunks) > 4
    for start, end, name in chunks:
        assert start <= end and (real_site / "pagefind" / "index" / f"{name}.pf_index").is_file()
    assert [c[0] for c in chunks] == sorted(c[0] for c in chunks)
    html = (real_site / "cari" / "index.html").read_text("utf-8")
    table = re.search(r'<script type="application/json" id="lp-index-chunks">(.*?)</script>',
                      html).group(1)
    assert json.loads(table)["chunks"] == chunks
    with pytest.raises(ValueError):
        index_chunks(gzip.compress(b"not pagefind"))


def chunks_requested(chromium, url: str, keep_table: bool) -> tuple[list[str], list[str]]:
    """(index chunks requested, in order, with repeats; chunks the page preloaded) for a
    search page opened at ``url``, with or without its chunk table."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    if not keep_table:
        def without_table(route):
            response = route.fetch()
            body = re.sub(r'<script type="application/json" id="lp-index-chunks">.*?</script>',
                          "", response.text(), flags=re.S)
            route.fulfill(response=response, body=body)
        page.route(re.compile(r".*/cari/\?q=.*"), without_table)
    requested = []
    page.on("request", lambda r: requested.append(r.url.rsplit("/", 1)[1])
            if r.url.endswith(".pf_index") else None)
    page.goto(url)
    page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    preloaded = page.eval_on_selector_all("link[data-lp-chunk]",
                                          "links => links.map(l => l.dataset.lpChunk)")
    context.close()
    return requested, [f"{name}.pf_index" for name in preloaded]


@pytest.mark.parametrize("query", ["perdes tki", "Perlindungan pekerja-migran",
                                   "kepala desa di Lampung"])
def test_the_chunks_of_the_query_words_are_preloaded_and_used_once(chromium, real_site_url,
                                                                   query):
    url = f"{real_site_url}cari/?q={query.replace(' ', '+')}"
    plain, none = chunks_requested(chromium, url, keep_table=False)
    requested, preloaded = chunks_requested(chromium, url, keep_table=True)
    assert none == [] and plain
    # The preloads are what Pagefind itself asks for, each fetched once, nothing more.
    assert preloaded, query
    assert set(preloaded) <= set(plain)
    assert sorted(requested) == sorted(plain) == sorted(set(plain))


def test_the_lexicon_is_fetched_once_for_both_search_scripts(chromium, real_site_url):
    # search-preload.js and search.js both read the lexicon: one request between them.
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        lexicon = []
        page.on("request", lambda r: lexicon.append(r.url)
                if r.url.endswith("/cari/kosakata.json") else None)
        page.goto(f"{real_site_url}cari/?q=perdes+tki")
        page.wait_for_selector("#lp-search[data-state=done]", state="attached")
        assert page.locator(".lp-search__results li").count() > 0
        assert len(lexicon) == 1, lexicon
    finally:
        context.close()


def test_a_failed_lexicon_request_is_made_again(chromium, real_site_url):
    # The one request the two scripts share fails (a flaky connection): the search asks
    # again at once instead of giving up.
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        seen = []

        def first_fails(route):
            seen.append(route.request.url)
            route.abort() if len(seen) == 1 else route.continue_()
        page.route(re.compile(r".*/cari/kosakata\.json$"), first_fails)
        page.goto(f"{real_site_url}cari/?q=perdes+tki")
        page.wait_for_selector("#lp-search[data-state=done]", state="attached")
        assert len(seen) == 2
        assert page.locator(".lp-search__results li").count() > 0
    finally:
        context.close()


def test_a_large_index_leaves_its_chunk_table_out_of_the_page(tmp_path):
    import cbor2

    from lumbung import search

    def site_with(chunk_count: int) -> Path:
        site = tmp_path / str(chunk_count)
        (site / "cari").mkdir(parents=True)
        (site / "pagefind").mkdir()
        (site / "cari" / "index.html").write_text(f"<head>{search.META_PRELOAD_MARK}</head>")
        (site / "cari" / "kosakata.json").write_text('{"stopwords": ["di"]}')
        (site / "pagefind" / "pagefind-entry.json").write_text(
            '{"languages": {"id": {"hash": "id_1"}}}')
        chunks = [[f"{i:05d}", f"{i:05d}z", f"id_{i}"] for i in range(chunk_count)]
        meta = gzip.compress(search.PAGEFIND_MAGIC + cbor2.dumps(["1.5.2", [], chunks, [], []]))
        (site / "pagefind" / "pagefind.id_1.pf_meta").write_bytes(meta)
        assert search.preload_index_meta(site)
        return site

    small = (site_with(3) / "cari" / "index.html").read_text()
    assert 'id="lp-index-chunks"' in small and "pagefind.id_1.pf_meta" in small
    large = (site_with(search.MAX_PRELOADED_TABLE + 1) / "cari" / "index.html").read_text()
    assert 'id="lp-index-chunks"' not in large and "pagefind.id_1.pf_meta" in large


# --- the first results on a slow connection ---------------------------------------------

def fragment(raw: bytes) -> dict:
    """A Pagefind fragment file's page (the site's own reader: gzip, magic word, JSON)."""
    return json.loads(_pagefind_data(raw))


def held_search(chromium, url: str, hold, enough) -> tuple[list[str], list[str], list[str],
                                                         list[str]]:
    """Opens the search page at ``url`` with every Pagefind file for which ``hold(name,
    response)`` is true held back until the first results show and ``enough(names held)``:
    (the results shown then, the names held, the Pagefind files requested, the results once
    the held files are released, last held first)."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    held = []
    requested = []
    holding = [True]

    def maybe_hold(route):
        response = route.fetch()
        name = route.request.url.rsplit("/", 1)[1]
        requested.append(route.request.url)
        if holding[0] and hold(name, response):
            held.append((route, response, name))
        else:
            route.fulfill(response=response)

    def titles() -> list[str]:
        return page.locator(".lp-search__results a.lp-search__title").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
    try:
        page.route(re.compile(r".*\.pf_(index|filter|fragment)$"), maybe_hold)
        page.goto(url)
        page.wait_for_selector(".lp-search__results li", timeout=15000)
        shown = titles()
        for _ in range(200):  # the browser's requests reach the handler while Playwright waits
            if enough([name for _, _, name in held]):
                break
            page.wait_for_timeout(50)
        holding[0] = False
        names = [name for _, _, name in held]
        for route, response, _ in reversed(held):
            route.fulfill(response=response)
        page.wait_for_selector("#lp-search[data-state=done]", state="attached")
        return shown, names, requested, titles()
    finally:
        context.close()


def test_a_query_asking_for_a_model_shows_results_from_its_own_words_chunks(
        chromium, real_site_url, real_site):
    # The models among the results are found within the models' filter, whose file is
    # preloaded with the words' chunks: the first results need no other index file (a
    # search by the filter alone made Pagefind fetch every chunk first).
    url = f"{real_site_url}cari/?q=contoh+perdes+pelindungan+pmi"
    _, preloaded = chunks_requested(chromium, url, keep_table=True)
    html = (real_site / "cari" / "index.html").read_text("utf-8")
    table = json.loads(re.search(
        r'<script type="application/json" id="lp-index-chunks">(.*?)</script>', html).group(1))
    models = table["models"]["filter"]
    assert f"{models}.pf_index" in preloaded  # (chunks_requested names every preload so)
    allowed = {name.rsplit(".", 1)[0] for name in preloaded}
    shown, held, requested, _ = held_search(
        chromium, url, lambda name, _: name.endswith(".pf_index")
        and name.rsplit(".", 1)[0] not in allowed,
        lambda names: bool(names))
    assert shown and shown[0] == "/perdes/perdes-pelindungan-pmi/"
    assert held, "the synonyms' chunks were held back while the first results showed"
    # The filter's file is fetched once, from where the preload asked for it.
    filters = [u for u in requested if u.endswith(".pf_filter")]
    assert filters == [f"{real_site_url}pagefind/filter/{models}.pf_filter"]


@pytest.mark.parametrize("query", ["contoh perdes pelindungan pmi", "contoh perdes pmi",
                                   "perdes pmi"])
def test_the_fragment_of_the_model_a_query_names_is_preloaded_and_fetched_once(
        chromium, real_site_url, real_site, query):
    # "contoh perdes pelindungan pmi" asks for a model and names the Perdes (its title holds
    # "perdes" and "pelindungan"); "perdes pmi" names it by its kind and subject: its
    # fragment, the largest, is preloaded with the index chunks, and is the first result's.
    # A query naming no model (a place besides) preloads no fragment.
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        fetched = []
        page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[1])
                if r.url.endswith(".pf_fragment") else None)
        page.goto(f"{real_site_url}cari/?q={query.replace(' ', '+')}")
        page.wait_for_selector("#lp-search[data-state=done]", state="attached")
        names = page.eval_on_selector_all("link[data-lp-fragment]",
                                          "links => links.map(l => l.dataset.lpFragment)")
        first = page.locator(".lp-search__results a.lp-search__title").first.get_attribute("href")
        assert len(names) == 1 and fetched.count(f"{names[0]}.pf_fragment") == 1
        page_data = fragment((real_site / "pagefind" / "fragment" / f"{names[0]}.pf_fragment")
                             .read_bytes())
        assert page_data["url"] == "/perdes/perdes-pelindungan-pmi/"
        assert first.rstrip("/").endswith("perdes/perdes-pelindungan-pmi")
        page.goto(f"{real_site_url}cari/?q=perdes+pelindungan+pmi+lampung")
        page.wait_for_selector("#lp-search[data-state=done]", state="attached")
        assert page.locator("link[data-lp-fragment]").count() == 0
    finally:
        context.close()


def test_the_first_result_shows_before_the_longer_fragments_arrive(chromium, real_site_url):
    # "kuwu indramayu": a village's case ranks first, two long model pages follow among the
    # first three. Their fragments held back, the case is shown; released (the last
    # requested first), the order is the one the page shows without holding anything.
    url = f"{real_site_url}cari/?q=kuwu+indramayu"
    page = chromium.new_page(viewport=PHONE)
    expected = search(page, real_site_url, "q=kuwu+indramayu")
    page.close()
    first = expected[0]

    def other_page(name, response):
        if not name.endswith(".pf_fragment"):
            return False
        return fragment(response.body())["url"] != first
    shown, held, _, final = held_search(chromium, url, other_page, lambda names: len(names) >= 2)
    assert shown == [first] and len(held) >= 2
    assert final == expected


def test_no_source_address_is_indexed(real_site):
    # A source's web address is a citation, not words a searcher types: Pagefind indexes
    # none (each fragment holds the text Pagefind indexed for its page).
    fragments = list((real_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) > 20
    for path in fragments:
        page = fragment(path.read_bytes())
        assert "http://" not in page["content"] and "https://" not in page["content"], page["url"]


def test_no_two_cells_or_facts_are_indexed_as_one_word(real_site):
    # Pagefind joins the text of adjacent table cells and of a definition list's name and
    # value without a space ("Nomor2", "TahunTahap"): the searchable pages leave whitespace
    # between them.
    pages = [*(real_site / "kasus").glob("*/index.html"),
             *(real_site / "perdes").glob("*/index.html")]
    assert len(pages) > 20
    glued = re.compile(r"</(dt|dd|th|td)><(dt|dd|th|td)\b")
    for page in pages:
        html = page.read_text("utf-8")
        if "data-pagefind-body" in html:
            assert not glued.search(html), (page, glued.search(html).group(0))


def test_a_fragment_that_does_not_load_leaves_the_other_results(chromium, real_site_url):
    # The second result's fragment fails (a page removed by a new deploy while the old index
    # is cached): the others are listed in their order and the search ends.
    page = chromium.new_page(viewport=PHONE)
    expected = search(page, real_site_url, "q=kuwu+indramayu")
    page.close()
    lost = expected[1]
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()

    def fail_one(route):
        response = route.fetch()
        if fragment(response.body())["url"] == lost:
            route.abort()
        else:
            route.fulfill(response=response)
    tab.route(re.compile(r".*\.pf_fragment$"), fail_one)
    found = search(tab, real_site_url, "q=kuwu+indramayu")
    status = tab.locator("#lp-status").inner_text()
    context.close()
    assert found == [path for path in expected if path != lost]
    assert "hasil" in status and "Mencari" not in status


@pytest.mark.parametrize("query", ["perdes jatim", "tki ilegal"])
def test_a_word_no_page_holds_is_searched_by_its_meaning_from_preloaded_chunks(
        chromium, real_site_url, query):
    # "jatim" (no page writes it) and "tki ilegal" (no page has the two words together)
    # are searched by the terms they stand for ("jawa timur"; "pmi non prosedural"...) from
    # the first results on; the page preloads those terms' chunks with the words', so the
    # first results need no other index file (the synonyms of "perdes" come later).
    url = f"{real_site_url}cari/?q={query.replace(' ', '+')}"
    plain, _ = chunks_requested(chromium, url, keep_table=False)
    _, preloaded = chunks_requested(chromium, url, keep_table=True)
    allowed = {name.rsplit(".", 1)[0] for name in preloaded}
    shown, held, _, final = held_search(
        chromium, url, lambda name, _: name.endswith(".pf_index")
        and name.rsplit(".", 1)[0] not in allowed, lambda names: True)
    assert shown and set(shown) <= set(final)
    assert set(preloaded) <= set(plain)  # every preload is a chunk the search uses


def test_a_phrase_counts_as_held_only_where_its_words_stand_together():
    from lumbung.search import _Phrases

    phrases = _Phrases(["tki ilegal", "jawa timur", "tki"])
    phrases.find("warga berangkat sebagai tki lewat jalur ilegal".split())
    phrases.find("desa di jawa timur".split())
    assert phrases.found == {"jawa timur"}


def test_a_record_s_texts_are_read_together_but_no_phrase_runs_from_one_to_the_next():
    # The lexicon reads a record's texts as one string (fast); one text's last word and the
    # next one's first do not stand together on the page.
    from lumbung.search import _Phrases, _strings, _text_words

    record = {"title": "Pelindungan PMI di Jawa", "summary": "Timur laut: TKI—ilegal?",
              "en": {"title": "Village regulation"}, "url": "https://a.example/jawa-timur"}
    texts, english = [], []
    _strings(record, texts, english)
    assert english == ["Village regulation"] and len(texts) == 2  # the address is not read
    words, phrases = set(), _Phrases(["jawa timur", "tki ilegal", "pelindungan pmi"])
    _text_words(texts, words, phrases)
    assert words == {"pelindungan", "pmi", "di", "jawa", "timur", "laut", "tki", "ilegal"}
    assert phrases.found == {"tki ilegal", "pelindungan pmi"}


# --- a site too large for one Pagefind run ------------------------------------------------

def test_the_words_of_many_page_files_are_read_on_every_core_as_on_one(tmp_path, monkeypatch):
    import multiprocessing

    from lumbung import search
    from lumbung.search import _words_in, _words_of_files

    # As in a build's main thread (pytest runs other threads): the forked workers are used.
    monkeypatch.setattr(search.threading, "active_count", lambda: 1)
    contexts, get_context = [], multiprocessing.get_context
    monkeypatch.setattr(search.multiprocessing, "get_context",
                        lambda kind: contexts.append(kind) or get_context(kind))

    paths = []
    for number in range(1200):
        path = tmp_path / f"p{number}" / "index.html"
        path.parent.mkdir()
        path.write_text(f"<p title='x'>Kata{number} &amp; non-prosedural <b>PMI</b></p>",
                        encoding="utf-8")
        paths.append(path)
    words = _words_of_files(paths)
    assert contexts == ["fork"]
    assert words == _words_in(paths)
    assert {"kata0", "kata1199", "non-prosedural", "pmi"} <= words and "title" not in words

def indexed_urls(folder: Path) -> list[str]:
    """The page addresses of one Pagefind index's fragments."""
    return [fragment(path.read_bytes())["url"] for path in (folder / "fragment").iterdir()]


def test_a_site_too_large_for_one_pagefind_run_is_indexed_in_parts_and_searched_as_one(
        page, real_site, real_site_url, tmp_path):
    # The real site, indexed as if each part could hold only 150 KB of its pages.
    site = build_site(ROOT, tmp_path / "site", LUMBUNG_SEARCH_PART_BYTES="150000")
    html = (site / "cari" / "index.html").read_text("utf-8")
    listed = json.loads(re.search(
        r'<script type="application/json" id="lp-index-parts">(.*?)</script>', html).group(1))
    folders = sorted(site.glob("pagefind-*"), key=lambda path: int(path.name.split("-")[1]))
    assert len(folders) >= 2
    assert listed["parts"] == [f"../{routes.pagefind_part(n)}" for n in range(2, len(folders) + 2)]
    # Every page is in exactly one part, the models in the first; each part also holds
    # the page of the site's words, hidden.
    whole = indexed_urls(real_site / routes.PAGEFIND)
    parts = [indexed_urls(site / routes.PAGEFIND), *map(indexed_urls, folders)]
    dictionary = f"/{DICTIONARY_URL}"
    assert all(part.count(dictionary) == 1 for part in parts)
    assert len(listed["hidden"]) == len(parts)
    parts = [[url for url in part if url != dictionary] for part in parts]
    assert sorted(url for part in parts for url in part) == sorted(whole)
    assert all(part for part in parts)
    assert {url for url in whole if "/perdes/" in url} <= set(parts[0])
    # The unsplit site has one index and lists no parts.
    assert not list(real_site.glob("pagefind-*"))
    assert 'id="lp-index-parts"' not in (real_site / "cari" / "index.html").read_text("utf-8")

    url, server = serve(site)
    try:
        for query in ("q=pmi", "q=sumbergede", "q=perdes+tki", "q=jatim", "q=returnee"):
            split = every_result(page, url, query)
            assert split, query
            assert sorted(split) == sorted(every_result(page, real_site_url, query)), query
        assert search(page, url, "q=sumbergede")[0] == "/kasus/sumbergede-perdes-pelindungan-pmi/"
    finally:
        server.shutdown()
    assert page.problems == []
