"""Field-ready: accessible (axe-core in Chromium), shareable (link previews, Bagikan),
printable, an Atom feed and a 404 page in Bahasa Indonesia."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import feedparser
import pytest
from axe_playwright_python.sync_playwright import Axe
from browsers import settle
from markupsafe import escape
from playwright.sync_api import expect

from conftest import ROOT, build_site
from lumbung.catalog import load_catalog

CATALOG = load_catalog(ROOT)
CASE = CATALOG.cases[0]
MODEL = CATALOG.models[0]
PAGES = ["", f"kasus/{CASE.id}/", "jelajah/", "jelajah/provinsi/lampung/", "kasus/", "perdes/",
         f"perdes/{MODEL.id}/", "cari/?q=perdes+pmi", "kirim/", "tentang/", "peraturan/",
         "anggaran/", "peta/", "cek/", "kirim/formulir/"]
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(chromium, real_site_url, path, size):
    page = chromium.reading_page(viewport=SIZES[size])  # a kept tab (tests/browsers.py)
    page.goto(real_site_url + path)
    settle(page)
    if path.startswith("cari/"):
        assert page.locator("#lp-results li").count() > 0
    result = Axe().run(page)  # axe-core shipped inside the package, run offline
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3])
               for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_keyboard_reaches_the_builder_with_a_visible_focus(chromium, real_site_url):
    page = chromium.new_page(viewport=SIZES["phone"])
    page.goto(f"{real_site_url}perdes/{MODEL.id}/")
    reached = False
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            const s = getComputedStyle(e);
            return {id: e.id, visible: s.outlineStyle !== 'none' || s.boxShadow !== 'none'}; }""")
        if focused["id"] == "lp-field-nama_desa":
            reached = True
            assert focused["visible"]
            break
    page.close()
    assert reached


def test_every_page_declares_its_language(real_site):
    for html in real_site.rglob("*.html"):
        text = html.read_text("utf-8")
        if "<html" in text:
            assert '<html lang="id"' in text, html
    # English text says so (an English title on its case page).
    case = real_site / "kasus" / "sumbergede-perdes-pelindungan-pmi" / "index.html"
    assert 'lang="en"' in case.read_text("utf-8")


@pytest.mark.parametrize("record", [*CATALOG.cases, *CATALOG.models], ids=lambda r: r.id)
def test_link_preview_tags_are_present_and_filled(real_site, record):
    folder = "kasus" if record in CATALOG.cases else "perdes"
    html = (real_site / folder / record.id / "index.html").read_text("utf-8")
    tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z_:]+|description)" '
                           r'content="([^"]*)"', html))
    for name in ("description", "og:title", "og:description", "og:image", "og:type",
                 "og:site_name", "twitter:card"):
        assert tags.get(name), name
    assert tags["og:title"] == re.search(r"<title>(.*?) - Lumbung Praktik</title>", html)[1]
    # The preview is the record's own: its title, its summary as the text, the shipped image.
    title, summary = (text["id"] if isinstance(text, dict) else text
                      for text in (record.data["title"], record.data["summary"]))
    assert str(escape(title)) in tags["og:title"]
    assert tags["og:type"] == "article" and tags["og:description"] == tags["description"]
    assert re.findall(r"\w+", unescape(tags["description"]))[:5] == re.findall(r"\w+", summary)[:5]
    assert (real_site / folder / record.id / tags["og:image"]).resolve() == (
        real_site / "assets" / "images" / "og-lumbung.png").resolve()
    assert (real_site / "assets" / "images" / "og-lumbung.png").stat().st_size > 1000
    assert 'data-lp-share' in html and 'href="https://wa.me/?text=' in html


def test_previews_use_absolute_addresses_when_the_site_address_is_known(tmp_path):
    site = build_site(ROOT, tmp_path / "site", SITE_URL="https://contoh.example/lumbung/")
    html = (site / "kasus" / CASE.id / "index.html").read_text("utf-8")
    assert f'content="https://contoh.example/lumbung/kasus/{CASE.id}/"' in html
    assert 'content="https://contoh.example/lumbung/assets/images/og-lumbung.png"' in html
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.entries[0].link.startswith("https://contoh.example/lumbung/")


def test_share_control_offers_whatsapp_copy_and_the_share_sheet(chromium, real_site_url):
    context = chromium.new_context(viewport=SIZES["phone"])
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=real_site_url.rstrip("/"))
    page = context.new_page()
    page.goto(f"{real_site_url}kasus/{CASE.id}/")
    wa = page.locator("[data-lp-share-wa]").get_attribute("href")
    assert wa.startswith("https://wa.me/?text=") and CASE.id in wa
    page.click("[data-lp-share-copy]")
    page.wait_for_selector("[data-lp-share-status]:has-text('disalin')")
    assert page.evaluate("navigator.clipboard.readText()") == f"{real_site_url}kasus/{CASE.id}/"
    has_share = page.evaluate("'share' in navigator")
    assert page.locator("[data-lp-share-native]").is_hidden() != has_share
    context.close()


@pytest.mark.parametrize("path", [f"kasus/{CASE.id}/", f"perdes/{MODEL.id}/"])
def test_print_hides_the_chrome_and_shows_the_sources(chromium, real_site_url, path):
    page = chromium.new_page(viewport=SIZES["desktop"])
    page.goto(real_site_url + path)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".lp-share", ".md-footer"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("ol.lp-sources").is_visible()
    after = page.evaluate("""() => {
        const a = document.querySelector('ol.lp-sources a[href^="http"]');
        return a ? getComputedStyle(a, '::after').content : null; }""")
    assert after is not None and "http" in after
    keep = page.evaluate("""() => { const h = document.querySelector('h3.lp-reg, h2');
        return getComputedStyle(h).breakAfter; }""")
    assert keep == "avoid"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()


def test_feed_is_valid_atom_and_lists_every_case_and_model(real_site):
    feed = feedparser.parse((real_site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    links = {entry.link for entry in feed.entries}
    for case in CATALOG.cases:
        assert f"kasus/{case.id}/" in links
    for model in CATALOG.models:
        assert f"perdes/{model.id}/" in links
    home = (real_site / "index.html").read_text("utf-8")
    assert 'href="feed.xml"' in home


def test_404_page_offers_search_and_the_browse_pages(real_site):
    html = (real_site / "404.html").read_text("utf-8")
    assert "Halaman tidak ditemukan" in html
    assert 'role="search"' in html and "jelajah/" in html and "perdes/" in html


def test_offline_copy_opens_from_the_file_system(chromium, published_site, offline_copy):
    home = (published_site / "index.html").read_text("utf-8")
    assert 'href="unduh/lumbung-praktik-luring.zip" download' in home  # the home page offers it
    root = offline_copy
    context = chromium.new_context(viewport=SIZES["desktop"], accept_downloads=True)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(("file://", "data:", "blob:")) else None)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto((root / "index.html").as_uri())
    page.locator(".lp-newest a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and "/kasus/" in page.url
    assert page.locator("h1#judul").is_visible()

    # The village head's path from the copy: the case, "Tiru di desa saya", the package.
    page.goto((root / "kasus" / "sumbergede-perdes-pelindungan-pmi" / "index.html").as_uri())
    page.get_by_role("link", name=re.compile("^Tiru di desa saya")).first.click()
    page.wait_for_selector("#lp-builder")
    expect(page.locator("#lp-option-hadir_bersama")).to_be_checked()  # once the script has run
    for key in page.locator("#lp-builder input[data-profile]").evaluate_all(
            "els => els.map(e => e.dataset.key)"):
        page.fill(f"#lp-field-{key}", "Oelnasi" if key == "nama_desa" else "Nama Contoh")
    with page.expect_download() as info:
        page.click("#lp-builder-package")
    assert info.value.suggested_filename == "paket-oelnasi.zip"

    page.goto((root / "index.html").as_uri())
    page.get_by_role("link", name="Model peraturan desa").first.click()
    page.locator(".lp-card h2 a").first.click()
    page.wait_for_load_state()
    download = page.locator(".lp-downloads a").first.get_attribute("href")
    model_folder = page.url.rsplit("/", 1)[0].removeprefix("file://")
    assert (Path(model_folder) / download).exists()  # the download is in the copy
    for input_id in page.locator("#lp-builder input[data-key]").evaluate_all(
            "els => els.map(e => e.id)"):
        page.fill(f"#{input_id}", "Sukamaju" if input_id.endswith("nama_desa") else "7")
    with page.expect_download() as info:
        page.click("#lp-builder-download")
    assert info.value.suggested_filename.endswith("-sukamaju.docx")
    with page.expect_download() as info:  # the whole package, also from file://
        page.click("#lp-builder-package")
    assert info.value.suggested_filename == "paket-sukamaju.zip"

    page.goto((root / "cari.html").as_uri() + "?q=pmi")  # the copy searches its own index
    page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    first = page.locator(".lp-search__results a.lp-search__title").first
    assert first.get_attribute("href").endswith("/index.html")
    context.close()
    assert outside == [] and errors == []
