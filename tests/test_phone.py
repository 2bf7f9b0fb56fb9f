"""The site a village head reads on a phone (issue 13): lists as cards, no word split across
lines and no sideways scroll at 360 px, none at 200% zoom either, the home page's actions
in its first screen, plain words, and an offline copy whose every link opens a file."""

from __future__ import annotations

import re
import zipfile
from posixpath import dirname, normpath
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT
from lumbung.catalog import load_catalog

CATALOG = load_catalog(ROOT)
CASE = next(c for c in CATALOG.cases if c.id.startswith("sumbergede"))
MODEL = next(m for m in CATALOG.models if m.data["type"] == "perdes")
# The pages of issue 13's tests: every kind of page a village official reads.
PAGES = ["", "kasus/", "jelajah/", "perdes/", "peraturan/", "anggaran/", "peta/", "kirim/",
         "tentang/", f"kasus/{CASE.id}/", f"perdes/{MODEL.id}/", "cari/?q=perdes+pmi"]
PHONE = {"width": 360, "height": 740}


def offline_links(archive: zipfile.ZipFile) -> tuple[int, list[tuple[str, str]]]:
    """Every <a href> between pages of the offline copy: how many, and those that do not
    open a file of the copy (a folder, or nothing)."""
    names = set(archive.namelist())
    count, broken = 0, []
    for name in sorted(n for n in names if n.endswith(".html")):
        html = archive.read(name).decode("utf-8")
        for href in re.findall(r'<a\b[^>]*?\bhref="([^"]*)"', html):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", href):
                continue  # another site, mailto:, or a place in the same page
            path = unquote(urlsplit(href).path)
            if not path:
                continue
            count += 1
            target = normpath(f"{dirname(name)}/{path}")
            # From file:// an address from the root or ending in / opens no file of the copy.
            if path.startswith("/") or path.endswith("/") or target not in names:
                broken.append((name, href))
    return count, broken


def test_every_link_of_the_offline_copy_opens_a_file(real_site):
    with zipfile.ZipFile(real_site / "unduh" / "lumbung-praktik-luring.zip") as archive:
        count, broken = offline_links(archive)
    assert count > 1000
    assert broken == []


def test_offline_browse_hub_opens_the_province_page_from_the_file_system(chromium, real_site,
                                                                         tmp_path):
    with zipfile.ZipFile(real_site / "unduh" / "lumbung-praktik-luring.zip") as archive:
        archive.extractall(tmp_path)
    page = chromium.new_page(viewport=PHONE)
    page.goto((tmp_path / "lumbung-praktik" / "jelajah" / "index.html").as_uri())
    page.locator("#provinsi ~ ul a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and "/jelajah/provinsi/" in page.url
    assert page.locator("h1").count() == 1
    page.close()
