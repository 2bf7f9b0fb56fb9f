"""Real headless Chromium (Debian's, driven by Playwright) on a 360x740 phone screen."""

from __future__ import annotations

import pytest

from conftest import ROOT
from lumbung.catalog import load_catalog

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.problems = problems
    yield page
    context.close()


def test_home_page_loads_cleanly_on_a_phone(phone_page, real_site_url):
    response = phone_page.goto(real_site_url)
    phone_page.wait_for_load_state("networkidle")
    assert response.status == 200
    heading = phone_page.get_by_role("heading", level=1, name="Lumbung Praktik")
    assert heading.is_visible()
    assert phone_page.problems == []


def test_case_page_shows_its_title_on_a_phone(phone_page, real_site_url):
    case = next(c for c in load_catalog(ROOT).cases if c.id.startswith("sumbergede"))
    response = phone_page.goto(f"{real_site_url}kasus/{case.id}/")
    phone_page.wait_for_load_state("networkidle")
    assert response.status == 200
    heading = phone_page.locator("h1#judul")
    assert heading.is_visible() and heading.inner_text() == case.title.id
    # Nothing overflows the phone's width.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone_page.problems == []


def test_cases_table_sorts_when_a_header_is_pressed(phone_page, real_site_url):
    phone_page.goto(f"{real_site_url}kasus/")
    header = phone_page.locator("table[data-lp-sortable] th button", has_text="Provinsi")
    header.click()
    provinces = phone_page.locator("table[data-lp-sortable] tbody tr td:nth-child(4)")
    ascending = provinces.all_inner_texts()
    assert ascending == sorted(ascending, key=str.lower)
    header.click()
    assert provinces.all_inner_texts() == list(reversed(ascending))
    assert phone_page.locator("th[aria-sort=descending]").count() == 1
    assert phone_page.problems == []


def test_a_kept_context_comes_back_clean(chromium, real_site_url):
    """The contexts tests/browsers.py lends again: nothing a test kept reaches the next."""
    first = chromium.new_context(viewport=PHONE, locale="id-ID")
    page = first.new_page()
    page.goto(f"{real_site_url}cek/")
    page.evaluate("""() => { localStorage.setItem('lp-test', '1'); sessionStorage.setItem('s', '1');
                             document.cookie = 'lp-test=1'; }""")
    first.grant_permissions(["clipboard-read"])
    first.new_page()  # a second page, left open
    first.close()
    again = chromium.new_context(viewport=PHONE, locale="id-ID")
    assert again._context is first._context  # the same browser context, lent again
    assert again.pages == []  # its pages were closed
    page = again.new_page()
    page.goto(f"{real_site_url}cek/")
    assert page.evaluate("[localStorage.getItem('lp-test'), sessionStorage.getItem('s')]") == [
        None, None]
    assert again.cookies() == []
    assert page.evaluate("navigator.permissions.query({name: 'clipboard-read'})"
                         ".then(p => p.state)") != "granted"
    again.close()
    # A page of new_page is the test's until it is closed, then its context is lent again.
    tab = chromium.new_page(viewport=PHONE, locale="id-ID")
    other = chromium.new_context(viewport=PHONE, locale="id-ID")
    assert other._context is not tab.context
    other.close()
    tab.close()
    lent = chromium.new_context(viewport=PHONE, locale="id-ID")
    assert lent._context in (tab.context, other._context)
    # A context changed for good (here an init script) is closed, not lent again.
    lent.add_init_script("window.__lp_test = 1")
    lent.close()
    assert lent._context not in [c._context for c in chromium._idle[lent._key]]
    again = chromium.new_context(viewport=PHONE, locale="id-ID")
    page = again.new_page()
    page.goto(f"{real_site_url}cek/")
    assert page.evaluate("window.__lp_test") is None
    again.close()
