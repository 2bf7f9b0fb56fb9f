""""Cek desa saya" (/cek/): the criteria file and its checks, the cases each criterion takes
from the data, and the page in Chromium at 360 x 740: every next step leads to a page that
exists, the result survives a reload and travels in its link, the village's profile names
it, the offline copy works over file://, no serious accessibility problem, one printed page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import FIXTURES, ROOT, SCREENSHOTS
from lumbung.catalog import load_catalog
from lumbung.selfcheck import check_file, load_criteria, matching_cases, page_data
from lumbung.vocab import load_vocabulary

PHONE = {"width": 360, "height": 740}
CATALOG = load_catalog(ROOT)
CRITERIA = load_criteria()["criteria"]
IDS = [c["id"] for c in CRITERIA]
PROFILE = "lumbung-praktik:profil-desa"
MIXED = dict(zip(IDS, ["tidak", "ya", "sebagian", "ya", "tidak", "ya", "tidak", "tidak-tahu",
                       "ya", "tidak", "tidak", "ya", "tidak"], strict=False))


# ------------------------------------------------------------------ the data

def test_every_criterion_has_a_source_a_programme_and_known_models():
    doc, problems = check_file(root=ROOT)
    assert problems == []
    sources = {row["key"]: row for row in doc.data["sources"]}
    vocab = load_vocabulary()
    for criterion in CRITERIA:
        assert criterion["sources"] and all(key in sources for key in criterion["sources"])
        assert criterion.get("duties") or criterion.get("programs")
        assert set(criterion.get("programs", [])) <= set(vocab.values("programs"))
        assert set(criterion.get("duties", [])) <= set(vocab.values("duties"))
        assert all(model in CATALOG.models_by_id for model in criterion.get("models", []))
    # Each Pasal 42 duty is asked once; the Perdes is the requirement of Desa Migran EMAS.
    assert sorted(d for c in CRITERIA for d in c.get("duties", [])) == list("abcde")
    assert [c["id"] for c in CRITERIA if c.get("required_by")] == ["perdes"]
    # Under five minutes on a phone: one tap per question, at most 15 questions.
    assert len(CRITERIA) <= 15


FIXTURE_FILES = sorted((FIXTURES / "self_check").glob("*.yml"))


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_a_broken_criteria_file_is_an_error_at_its_line(path):
    expected = [line.removeprefix("# expect: ").strip()
                for line in path.read_text("utf-8").splitlines() if line.startswith("# expect:")]
    assert expected
    shown = f"tests/fixtures/self_check/{path.name}"
    _, problems = check_file(path, shown, ROOT)
    lines = [p.format() for p in problems]
    for wanted in expected:
        position, rest = wanted.split(": ", 1)[0], wanted.split(": ", 1)[1]
        assert any(line.startswith(f"{shown}:{position}: error: {rest}") for line in lines), lines
    # The command says the same, and fails.
    result = subprocess.run([str(Path(sys.executable).parent / "lumbung"), "validate",
                             str(path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert any(f":{expected[0].split(': ')[0]}: error:" in line
               for line in result.stdout.splitlines()), result.stdout


def test_cases_come_from_the_rule_of_each_criterion():
    data = page_data(CATALOG, lambda i: f"kasus/{i}/", lambda i: f"perdes/{i}/")
    for criterion, shown in zip(CRITERIA, data["criteria"], strict=True):
        matched = {case.id for case, _ in matching_cases(criterion, CATALOG.cases)}
        urls = {data["cases"][index]["url"] for index in shown["cases"]}
        assert urls <= {f"kasus/{case_id}/" for case_id in matched}
        assert shown["cases"], criterion["id"]  # every criterion has a village that did it
        for case in CATALOG.cases:  # the rule, restated
            where = criterion["cases_where"]
            has = (set(where.get("duties", [])) & set(case.data["duties"])
                   or set(where.get("topics", [])) & set(case.data["topics"])
                   or set(where.get("programs", [])) & set(case.data.get("programs", []))
                   or set(where.get("instrument_types", []))
                   & {i["type"] for i in case.data.get("instruments", [])})
            assert bool(has) == (case.id in matched)


# ------------------------------------------------------------------ the sites

@pytest.fixture(scope="module")
def site(real_site) -> Path:
    return real_site  # the session's build of the repository


@pytest.fixture(scope="module")
def site_url(real_site_url):
    return real_site_url


@pytest.fixture(scope="module")
def offline_site(offline_copy) -> Path:
    """The offline copy (pages as .../index.html) the published site offers, opened from
    the disk."""
    return offline_copy


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def answer(page, answers: dict, desa: str = "", provinsi: str = "") -> None:
    if desa:
        page.fill("#lp-cek-desa", desa)
    if provinsi:
        page.select_option("#lp-cek-provinsi", provinsi)
    for criterion_id, value in answers.items():
        page.locator(f'input[name="{criterion_id}"][value="{value}"]').check()
    page.click("#lp-cek-submit")
    page.wait_for_selector("#lp-cek-result:not([hidden])")


def result_text(page) -> str:
    return page.locator("#lp-cek-result").inner_text()


def existing_file(site_dir: Path, page_url: str, href: str) -> Path:
    """The file of the site an address on the page leads to."""
    path = unquote(urlparse(urljoin(page_url, href)).path)
    base = unquote(urlparse(page_url).path)
    root = base[: base.index("/cek")] if "/cek" in base else ""
    relative = path[len(root):].lstrip("/")
    target = site_dir / relative
    return target / "index.html" if relative.endswith("/") or not relative else target


def test_all_no_every_step_leads_to_a_model_or_case_that_exists(phone, site, site_url):
    phone.goto(site_url + "cek/")
    answer(phone, dict.fromkeys(IDS, "tidak"), provinsi="53")
    steps = phone.locator(".lp-cek__step")
    assert steps.count() == len(IDS)
    order = steps.evaluate_all("els => els.map(e => e.dataset.criterion)")
    assert order[0] == "perdes"  # the requirement first
    assert "Syarat Desa Migran EMAS" in steps.first.inner_text()
    for index in range(steps.count()):
        hrefs = steps.nth(index).locator("a").evaluate_all("els => els.map(a => a.href)")
        cases = [h for h in hrefs if "/kasus/" in h]
        assert 1 <= len(cases) <= 3, order[index]
        assert hrefs, order[index]
        for href in hrefs:
            file = existing_file(site, phone.url, href)
            assert file.is_file(), (order[index], href)
    # Nearest first: the Perdes step's first village is in the chosen province (NTT, 53).
    first = steps.first.locator("a[href*='kasus/']").first.inner_text()
    assert "Nusa Tenggara Timur" in first
    for group in ("0 dari 5 kriteria", "0 dari 6 kriteria", "0 dari 8 kriteria",
                  "0 dari 4 kriteria"):
        assert group in result_text(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=SCREENSHOTS / "cek-all-tidak.png")
    assert phone.problems == []


def test_all_yes_leaves_no_step(phone, site_url):
    phone.goto(site_url + "cek/")
    answer(phone, dict.fromkeys(IDS, "ya"))
    assert phone.locator(".lp-cek__step").count() == 0
    text = result_text(phone)
    assert "Tidak ada langkah yang tersisa" in text
    for group in ("5 dari 5 kriteria", "6 dari 6 kriteria", "8 dari 8 kriteria",
                  "4 dari 4 kriteria"):
        assert group in text
    assert phone.problems == []


def test_mixed_answers_give_the_same_result_after_reload_and_from_the_link(
        chromium, phone, site_url):
    phone.goto(site_url + "cek/")
    answer(phone, MIXED, desa="Oelnasi", provinsi="53")
    before = result_text(phone)
    assert "Hasil cek Desa Oelnasi" in before
    assert "Desa Migran EMAS: 3 dari 6 kriteria" in before
    phone.screenshot(path=SCREENSHOTS / "cek-mixed.png")
    # After a reload, and after opening the page again without the address's fragment.
    phone.reload()
    phone.wait_for_selector("#lp-cek-result:not([hidden])")
    assert result_text(phone) == before
    phone.goto(site_url + "cek/")
    phone.wait_for_selector("#lp-cek-result:not([hidden])")
    assert result_text(phone).replace(before, "") == ""
    link = phone.locator("#lp-cek-link").get_attribute("href")
    assert "j=" in link and link.startswith(site_url + "cek/#")
    wa = phone.locator("#lp-cek-wa").get_attribute("href")
    assert wa.startswith("https://wa.me/?text=") and "Oelnasi" in unquote(wa)
    # On another phone (nothing kept), the link alone gives the same result.
    other = chromium.new_context(viewport=PHONE)
    elsewhere = other.new_page()
    sent: list[str] = []
    elsewhere.on("request",
                 lambda r: sent.append(r.url) if not r.url.startswith(site_url) else None)
    elsewhere.goto(link)
    elsewhere.wait_for_selector("#lp-cek-result:not([hidden])")
    assert result_text(elsewhere) == before
    assert sent == []  # nothing goes anywhere else
    other.close()


def test_answers_are_kept_until_erased(phone, site_url):
    phone.goto(site_url + "cek/")
    phone.locator('input[name="perdes"][value="sebagian"]').check()
    phone.reload()
    expect(phone.locator('input[name="perdes"][value="sebagian"]')).to_be_checked()
    answer(phone, {"pendataan": "ya"})
    phone.click("#lp-cek-clear")
    assert phone.evaluate("localStorage.getItem('lumbung-praktik:cek-desa')") is None
    assert not phone.locator('input[name="perdes"]:checked').count()
    phone.goto(site_url + "cek/")
    assert phone.locator("#lp-cek-result").is_hidden()


def test_the_village_profile_names_the_result_and_a_typed_name_goes_to_the_models(
        phone, site_url):
    phone.goto(site_url + "cek/")
    profile = {"v": 1, "nomenclature": "nagari", "fields": {"nama_desa": "Koto Baru"}}
    phone.evaluate(f"localStorage.setItem('{PROFILE}', JSON.stringify({json.dumps(profile)}))")
    phone.reload()
    answer(phone, {"perdes": "tidak"})
    assert phone.locator("#lp-cek-result-title").inner_text() == "Hasil cek Nagari Koto Baru"
    # A name typed on the check fills an empty profile, which the model forms read.
    phone.evaluate(f"localStorage.removeItem('{PROFILE}'); "
                   "localStorage.removeItem('lumbung-praktik:cek-desa')")
    phone.goto(site_url + "cek/")
    answer(phone, {"perdes": "tidak"}, desa="Sukamaju")
    phone.locator(".lp-cek__step a[href*='perdes/']").first.click()
    phone.wait_for_selector("#lp-builder")
    expect(phone.locator("#lp-field-nama_desa")).to_have_value("Sukamaju")  # once filled


def test_no_serious_accessibility_problem_on_the_questions_or_the_result(phone, site_url):
    phone.goto(site_url + "cek/")
    for stage in ("questions", "result"):
        if stage == "result":
            answer(phone, MIXED, provinsi="35")
        found = Axe().run(phone)
        serious = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                   for v in found.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], stage
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Every answer is a target of at least 44 x 44 px.
    phone.click("#lp-cek-edit")
    sizes = phone.locator(".lp-cek__choice").evaluate_all(
        "els => els.map(e => [e.offsetWidth, e.offsetHeight])")
    assert sizes and all(w >= 44 and h >= 44 for w, h in sizes)
    phone.screenshot(path=SCREENSHOTS / "cek-questions.png")


def test_the_summary_prints_on_one_page_without_the_questions(phone, site_url):
    phone.goto(site_url + "cek/")
    answer(phone, MIXED, desa="Oelnasi", provinsi="53")
    phone.emulate_media(media="print")
    assert phone.locator("#lp-cek-form").is_hidden()
    assert phone.locator("#lp-cek-result").is_visible()
    assert phone.locator(".lp-cek__actions").is_hidden()
    pdf = phone.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "cek-print.pdf").write_bytes(pdf)
    assert pages == 1


def test_the_check_works_in_the_offline_copy_over_file(phone, offline_site):
    page_file = offline_site / "cek.html"
    assert page_file.is_file()
    outside: list[str] = []
    phone.on("request", lambda r: outside.append(r.url)
             if not r.url.startswith(("file://", "data:", "blob:")) else None)
    phone.goto(page_file.as_uri())
    answer(phone, dict.fromkeys(IDS, "tidak"), provinsi="18")
    hrefs = phone.locator(".lp-cek__step a").evaluate_all("els => els.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        target = Path(unquote(urlparse(href).path))
        assert target.is_file() and target.name == "index.html", href
    # Lampung first for the Perdes: Sumbergede.
    assert "Lampung" in phone.locator(".lp-cek__step").first.locator(
        "a[href*='kasus/']").first.inner_text()
    phone.reload()
    phone.wait_for_selector("#lp-cek-result:not([hidden])")
    phone.screenshot(path=SCREENSHOTS / "cek-offline.png")
    assert outside == [] and phone.problems == []
