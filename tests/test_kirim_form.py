"""The web form "Kirim studi kasus" (/kirim/formulir/) in headless Chromium on a 360x740
phone: the file it writes passes `lumbung validate` and builds; errors show at their
fields; the GitHub address carries the same file; the draft survives a reload; typed
markup stays text. Screenshots of each step: .cache/screenshots/kirim-*.png."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from markupsafe import escape
from playwright.sync_api import expect

from conftest import ROOT, SCREENSHOTS, build_site, copy_project
from lumbung.catalog import load_catalog
from lumbung.offline import OFFLINE_ZIP_PATH
from lumbung.render.form import (
    FORM_DATA_PATH,
    MAX_URL,
    field_paths,
    form_description,
    form_fields,
    form_words,
)
from lumbung.render.text import long_date, rupiah
from lumbung.scaffold import case_template
from lumbung.vocab import Term, load_vocabulary

PHONE = {"width": 360, "height": 740}
FORM_URL = "kirim/formulir/"
CASE_ID = "uji-formulir-sukamaju-perdes-pmi"
VENDOR = ROOT / "docs" / "assets" / "vendor" / "ajv"


# ------------------------------------------------------------------ the description

def test_every_key_of_the_schema_has_indonesian_words_and_no_word_is_stale():
    paths = field_paths(form_fields())
    labels = form_words()["fields"]
    assert [p for p in paths if p not in labels] == []
    # Only known words (a comma in an unquoted flow value once made a key of its own).
    assert {key for words in labels.values() for key in words} <= {
        "label", "help", "item", "multiline", "null_label"}
    assert all(isinstance(words["label"], str) for words in labels.values())
    # Words written ahead for keys of format 1 the schema may not have yet are allowed,
    # but only for keys the format documents (../shared/spec/case-study-format.md).
    spec = (ROOT.parent / "shared" / "spec" / "case-study-format.md")
    documented = spec.read_text("utf-8") if spec.exists() else ""
    stale = [p for p in labels if p not in paths and f"`{p.rpartition('.')[2]}`" not in documented]
    assert stale == []


def test_form_follows_a_vocabulary_value_added():
    vocab = load_vocabulary()
    added = Term(value="uji-topik-baru", label="Topik uji", description="Hanya untuk uji.")
    fixture = dataclasses.replace(
        vocab, topics=vocab.topics + (added,),
        instrument_types=vocab.instrument_types + (Term("uji-jenis", "Jenis uji"),))

    def choices(fields, path):
        field = next(f for f in fields if f["path"] == path.split("[")[0])
        if "[]" in path:
            field = next(f for f in field["item"]["fields"] if f["path"] == path)
        return [(c["value"], c["label"]) for c in field["choices"]]

    before, after = form_fields(vocab), form_fields(fixture)
    assert ("uji-topik-baru", "Topik uji") not in choices(before, "topics")
    assert choices(after, "topics")[-1] == ("uji-topik-baru", "Topik uji")
    assert choices(after, "instruments[].type")[-1] == ("uji-jenis", "Jenis uji")
    schema = form_description([], [], {}, None, fixture)["schema"]
    assert "uji-topik-baru" in schema["properties"]["topics"]["items"]["enum"]
    assert "uji-topik-baru" not in form_description([], [], {}, None)["schema"][
        "properties"]["topics"]["items"]["enum"]


def test_vendored_ajv_is_the_pinned_npm_file_with_its_licences():
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    version = package["dependencies"]["ajv-dist"]
    vendored = (VENDOR / "ajv2020.min.js").read_bytes()
    assert vendored.startswith(f"/* ajv {version} (ajv2020)".encode())
    npm_copy = ROOT / "node_modules" / "ajv-dist" / "dist" / "ajv2020.min.js"
    if npm_copy.exists():  # scripts/serve and scripts/test run npm ci first
        assert npm_copy.read_bytes() == vendored
    licence = (VENDOR / "LICENSE").read_text("utf-8")
    for bundled in ("ajv", "fast-deep-equal", "json-schema-traverse", "fast-uri"):
        assert f"==== {bundled} " in licence
    assert "Evgeny Poberezkin" in licence and "Redistribution and use" in licence


def test_github_addresses_come_from_the_edit_address_in_mkdocs_yml():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    edit = config["extra"]["edit_base_url"]
    github = form_description([], [], {}, edit)["github"]
    owner_repo = urlsplit(edit).path.split("/edit/")[0]
    assert github["new_file"] == f"https://github.com{owner_repo}/new/main"
    assert github["issue"] == f"https://github.com{owner_repo}/issues/new?template=studi-kasus.yml"
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / "studi-kasus.yml").exists()
    assert form_description([], [], {}, None)["github"] == {}  # the form offers the download


# ------------------------------------------------------------------ the browser

@pytest.fixture(scope="module")
def form_site(real_site):
    """The repository's site (the session's build)."""
    return real_site


@pytest.fixture(scope="module")
def form_site_url(real_site_url):
    return real_site_url


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: dialog.accept())
    page.problems = problems
    page.context_ = context
    yield page
    context.close()


def at(pointer: str) -> str:
    return f'[data-pointer="{pointer}"]:is(input, select, textarea)'


def error_at(page, pointer: str) -> str:
    return page.locator(f'p.lp-field-error[data-pointer="{pointer}"]').inner_text()


def shot(page, name: str) -> None:
    page.screenshot(path=SCREENSHOTS / f"kirim-{name}.png")


def open_form(page, base: str) -> None:
    page.goto(base + FORM_URL)
    page.wait_for_selector(at("/id"))


def choose(page, pointer: str, label: str) -> None:
    page.select_option(at(pointer), label=label)


def tick(page, pointer: str, value: str) -> None:
    page.locator(f'input[type=checkbox][data-pointer="{pointer}"][data-value="{value}"]').check()


def add(page, pointer: str) -> None:
    page.locator(f'button[data-add="{pointer}"]').click()


def has(page, pointer: str) -> bool:
    return page.locator(at(pointer)).count() > 0


def fill_complete_case(page, catalog) -> tuple[dict, list[str]]:
    """Every kind of field filled; returns the data the file must hold and what its page
    must show."""
    vocab = load_vocabulary()
    related, model = catalog.cases[0].id, catalog.models[0].id
    page.fill(at("/id"), CASE_ID)
    page.fill(at("/title"), "Perdes pelindungan PMI Desa Sukamaju")
    page.locator(".lp-kirim__en summary").first.click()
    page.fill(at("/title/en"), "Sukamaju's village regulation on migrant workers")
    choose(page, "/status", vocab.label("case_statuses", "draft"))
    page.fill(at("/location/desa"), "Sukamaju")
    page.fill(at("/location/kecamatan"), "Sekampung")
    choose(page, "/location/provinsi", "Lampung")
    page.fill(at("/location/kabupaten"), "Lampung Timur")
    page.fill(at("/location/kode_wilayah"), "18.07.05.2001")
    page.fill(at("/location/coordinates/lat"), "-5.1")
    page.fill(at("/location/coordinates/lon"), "105.6")
    page.fill(at("/period/start"), "2021")
    page.fill(at("/period/end"), "2024-06-30")
    page.fill(at("/summary"), "Desa Sukamaju menetapkan perdes pelindungan PMI dan "
                               "menganggarkan pelatihan usaha bagi PMI purna.")
    shot(page, "1-awal")
    for duty in ("b", "e"):
        tick(page, "/duties", duty)
    tick(page, "/topics", "migrasi-aman")
    tick(page, "/programs", "desbumi")
    story = {"context": "Banyak warga bekerja ke luar negeri tanpa prosedur.",
             "practice": "Pemerintah desa dan BPD menyusun perdes bersama warga.",
             "results": "Semua CPMI tercatat di desa sejak 2022.",
             "challenges": "Anggaran desa terbatas.",
             "lessons": "Libatkan keluarga PMI sejak awal.",
             "replication": "Mulai dari pendataan, lalu musyawarah desa."}
    for key, text in story.items():
        page.fill(at(f"/story/{key}"), text)
    shot(page, "2-cerita")
    add(page, "/instruments")
    add(page, "/instruments")
    choose(page, "/instruments/0/type", vocab.label("instrument_types", "perdes"))
    page.fill(at("/instruments/0/title"), "Peraturan Desa tentang Pelindungan PMI")
    page.fill(at("/instruments/0/number"), "01")
    page.fill(at("/instruments/0/year"), "2021")
    choose(page, "/instruments/0/status", vocab.label("instrument_statuses", "berlaku"))
    page.fill(at("/instruments/0/url"), "https://sukamaju.desa.id/perdes-1-2021")
    page.fill(at("/instruments/0/model"), model)
    page.fill(at("/instruments/0/notes"), "Disahkan bersama BPD.")
    choose(page, "/instruments/1/type", vocab.label("instrument_types", "keputusan-kades"))
    page.fill(at("/instruments/1/title"), "Keputusan Kepala Desa tentang Satgas PMI")
    choose(page, "/instruments/1/status", vocab.label("instrument_statuses", "tidak-diketahui"))
    add(page, "/budget")
    add(page, "/budget")
    page.fill(at("/budget/0/year"), "2022")
    choose(page, "/budget/0/sub_bidang", f"4.5 {vocab.label('sub_bidang', '4.5')}")
    page.fill(at("/budget/0/activity"), "Pelatihan usaha PMI purna")
    page.fill(at("/budget/0/amount_idr"), "50000000")
    choose(page, "/budget/0/funding", vocab.label("funding", "dana-desa"))
    page.fill(at("/budget/0/source"), "1")
    page.fill(at("/budget/0/notes"), "Kode disimpulkan dari nama kegiatan.")
    page.fill(at("/budget/1/year"), "2023")
    choose(page, "/budget/1/sub_bidang", "Tidak disebut sumber")
    page.fill(at("/budget/1/activity"), "Sosialisasi migrasi aman")
    choose(page, "/budget/1/funding", vocab.label("funding", "tidak-diketahui"))
    page.fill(at("/budget/1/source"), "2")
    budget0 = {"year": 2022, "sub_bidang": "4.5", "activity": "Pelatihan usaha PMI purna",
               "amount_idr": 50000000, "funding": "dana-desa", "source": 1,
               "notes": "Kode disimpulkan dari nama kegiatan."}
    budget1 = {"year": 2023, "sub_bidang": None, "activity": "Sosialisasi migrasi aman",
               "funding": "tidak-diketahui", "source": 2}
    if has(page, "/budget/0/stage"):  # the budget keys added 2026-11-29
        budget_fields = next(f for f in form_fields() if f["key"] == "budget")["item"]["fields"]
        stage = next(f for f in budget_fields if f["key"] == "stage")["choices"][-1]
        choose(page, "/budget/0/stage", stage["label"])
        budget0["stage"] = stage["value"]
        page.fill(at("/budget/1/share_percent"), "2.5")
        budget1["share_percent"] = 2.5
    add(page, "/actors")
    page.fill(at("/actors/0/name"), "Pemerintah Desa Sukamaju")
    choose(page, "/actors/0/type", vocab.label("actor_types", "pemerintah-desa"))
    page.fill(at("/actors/0/role"), "Menyusun perdes dan anggaran.")
    page.fill(at("/sources/0/title"), "Sukamaju punya perdes PMI")
    page.fill(at("/sources/0/publisher"), "Kabar Lampung")
    page.fill(at("/sources/0/url"), "https://kabar.example.id/sukamaju-perdes")
    page.fill(at("/sources/0/date"), "2021-11-18")
    page.fill(at("/sources/0/accessed"), "2026-11-01")
    page.fill(at("/sources/0/notes"), "Berita tentang pengesahan perdes.")
    add(page, "/sources")
    page.fill(at("/sources/1/title"), "Laporan APB Desa Sukamaju 2023")
    page.fill(at("/sources/1/publisher"), "Pemerintah Desa Sukamaju")
    page.fill(at("/sources/1/notes"), "Papan informasi APB Desa di kantor desa.")
    add(page, "/related")
    page.fill(at("/related/0"), related)
    add(page, "/contributors")
    page.fill(at("/contributors/0"), "Tim Uji Formulir")
    updated = page.input_value(at("/updated"))
    shot(page, "3-daftar")
    data = {
        "format": 1, "id": CASE_ID,
        "title": {"id": "Perdes pelindungan PMI Desa Sukamaju",
                  "en": "Sukamaju's village regulation on migrant workers"},
        "status": "draft",
        "location": {"desa": "Sukamaju", "kecamatan": "Sekampung", "kabupaten": "Lampung Timur",
                     "provinsi": "Lampung", "kode_wilayah": "18.07.05.2001",
                     "coordinates": {"lat": -5.1, "lon": 105.6}},
        "period": {"start": 2021, "end": "2024-06-30"},
        "summary": "Desa Sukamaju menetapkan perdes pelindungan PMI dan menganggarkan "
                   "pelatihan usaha bagi PMI purna.",
        "duties": ["b", "e"], "topics": ["migrasi-aman"], "programs": ["desbumi"],
        "story": story,
        "instruments": [
            {"type": "perdes", "title": "Peraturan Desa tentang Pelindungan PMI", "number": "01",
             "year": 2021, "status": "berlaku", "url": "https://sukamaju.desa.id/perdes-1-2021",
             "model": model, "notes": "Disahkan bersama BPD."},
            {"type": "keputusan-kades", "title": "Keputusan Kepala Desa tentang Satgas PMI",
             "status": "tidak-diketahui"}],
        "budget": [budget0, budget1],
        "actors": [{"name": "Pemerintah Desa Sukamaju", "type": "pemerintah-desa",
                    "role": "Menyusun perdes dan anggaran."}],
        "sources": [
            {"title": "Sukamaju punya perdes PMI", "publisher": "Kabar Lampung",
             "url": "https://kabar.example.id/sukamaju-perdes", "date": "2021-11-18",
             "accessed": "2026-11-01", "notes": "Berita tentang pengesahan perdes."},
            {"title": "Laporan APB Desa Sukamaju 2023", "publisher": "Pemerintah Desa Sukamaju",
             "notes": "Papan informasi APB Desa di kantor desa."}],
        "related": [related], "contributors": ["Tim Uji Formulir"], "updated": updated,
    }
    shown = [
        *story.values(), data["title"]["id"], data["title"]["en"], data["summary"],
        "Sukamaju", "Sekampung", "Lampung Timur", "Lampung", "18.07.05.2001", "-5.1", "105.6",
        "2021", long_date("2024-06-30"),
        *(vocab.label("duties", d) for d in ("b", "e")),
        vocab.label("topics", "migrasi-aman"), vocab.label("programs", "desbumi"),
        *(v for item in data["instruments"] for k, v in item.items()
          if k not in ("type", "status")),
        *(vocab.label("instrument_types", t) for t in ("perdes", "keputusan-kades")),
        "Pelatihan usaha PMI purna", "Sosialisasi migrasi aman", rupiah(50000000),
        "Kode disimpulkan dari nama kegiatan.", vocab.label("funding", "dana-desa"),
        "Pemerintah Desa Sukamaju", vocab.label("actor_types", "pemerintah-desa"),
        "Menyusun perdes dan anggaran.",
        *(v for s in data["sources"] for k, v in s.items() if k not in ("date", "accessed")),
        long_date("2021-11-18"), "Tim Uji Formulir",
    ]
    return data, shown


def make_file(page) -> str:
    page.click("#lp-kirim-check")
    page.wait_for_selector("#lp-kirim-yaml", timeout=5000)
    return page.input_value("#lp-kirim-yaml")


def shows(page: str, value: str) -> bool:
    """``value`` is text of the page (escaped one way or another)."""
    return any(form in page for form in (str(escape(value)), html.escape(value, quote=False)))


def validate_in_project(project: Path, path: str, text: str) -> subprocess.CompletedProcess:
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    return subprocess.run([sys.executable, "-m", "lumbung.cli", "validate", str(target)],
                          cwd=project, capture_output=True, text=True, timeout=120)


def test_complete_case_makes_a_file_that_validates_builds_and_goes_to_github(
        phone, form_site_url, tmp_path, monkeypatch):
    catalog = load_catalog(ROOT)
    open_form(phone, form_site_url)
    data, shown = fill_complete_case(phone, catalog)
    text = make_file(phone)
    shot(phone, "4-berkas")
    assert yaml.safe_load(text) == data
    # As `lumbung new` writes it: its first line, its order of keys, texts as JSON strings.
    template = case_template(CASE_ID, "Sukamaju", "Lampung Timur", "Lampung", None,
                             dt.date(2026, 1, 1))
    assert text.splitlines()[0] == template.splitlines()[0]
    keys, scaffold_keys = (re.findall(r"^([a-z_]+):", t, re.M) for t in (text, template))
    assert [k for k in keys if k in scaffold_keys] == [k for k in scaffold_keys if k in keys]
    assert f'title:\n  id: {json.dumps(data["title"]["id"], ensure_ascii=False)}' in text
    path = phone.inner_text("#lp-kirim-path")
    assert path == f"case_studies/lampung/{CASE_ID}.yml"

    with phone.expect_download() as download:
        phone.click("#lp-kirim-download")
    assert download.value.suggested_filename == f"{CASE_ID}.yml"
    assert Path(download.value.path()).read_text("utf-8") == text
    phone.context_.grant_permissions(["clipboard-read", "clipboard-write"])
    phone.click("#lp-kirim-copy")
    phone.wait_for_selector("text=Isi berkas tersalin.")
    assert phone.evaluate("navigator.clipboard.readText()") == text

    github = phone.get_attribute("#lp-kirim-github", "href")
    assert len(github) <= MAX_URL
    address = urlsplit(github)
    assert (address.scheme, address.netloc) == ("https", "github.com")
    assert address.path.endswith("/new/main")
    query = parse_qs(address.query, keep_blank_values=True)
    assert query["filename"] == [path] and query["value"] == [text]
    assert phone.problems == []

    project = copy_project(tmp_path / "project")
    result = validate_in_project(project, path, text)
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.setenv("LUMBUNG_OFFLINE_ZIP", "false")
    site = build_site(project)
    page = (site / "kasus" / CASE_ID / "index.html").read_text("utf-8")
    missing = [value for value in map(str, shown) if not shows(page, value)]
    assert missing == []


def test_invalid_values_show_their_error_at_the_field(phone, form_site_url):
    catalog = load_catalog(ROOT)
    taken = catalog.cases[0].id
    open_form(phone, form_site_url)
    phone.fill(at("/id"), taken)
    choose(phone, "/location/provinsi", "Lampung")
    phone.fill(at("/location/kode_wilayah"), "35.07.05.2001")
    add(phone, "/budget")
    phone.fill(at("/budget/0/amount_idr"), "Rp 50.000.000")
    phone.fill(at("/budget/0/source"), "3")
    phone.fill(at("/period/start"), "kemarin")
    phone.fill(at("/summary"), "a" * 601)
    phone.fill(at("/updated"), "2999-01-01")
    phone.click("#lp-kirim-check")
    shot(phone, "5-salah")
    messages = form_words()["messages"]
    assert error_at(phone, "/id") == messages["id_taken"]
    assert "18" in error_at(phone, "/location/kode_wilayah")
    assert error_at(phone, "/budget/0/amount_idr") == form_words()["hints"]["integer"]
    assert error_at(phone, "/budget/0/source").startswith("Sumber nomor 3 tidak ada")
    assert error_at(phone, "/period/start") == form_words()["hints"]["year_or_date"]
    assert "601" in error_at(phone, "/summary")
    assert error_at(phone, "/updated").startswith("Tanggal ini di masa depan")
    assert error_at(phone, "/duties") == messages["required_choice"]
    assert error_at(phone, "/sources/0/title") == messages["required"]
    assert phone.locator("#lp-kirim-yaml").count() == 0
    # The focused field is the first one in error, on screen.
    assert phone.evaluate("document.activeElement.dataset.pointer") == "/id"
    # Fixed, the error goes at once.
    phone.fill(at("/budget/0/amount_idr"), "50000000")
    assert error_at(phone, "/budget/0/amount_idr") == ""
    assert phone.problems == []


def test_the_draft_survives_a_reload_and_can_be_erased(phone, form_site_url):
    open_form(phone, form_site_url)
    phone.fill(at("/location/desa"), "Sukamaju")
    tick(phone, "/duties", "c")
    add(phone, "/actors")
    phone.fill(at("/actors/0/name"), "BPD Sukamaju")
    phone.reload()
    phone.wait_for_selector(at("/id"))
    shot(phone, "6-draf")
    assert "dipulihkan" in phone.inner_text(".lp-kirim__draft")
    assert phone.input_value(at("/location/desa")) == "Sukamaju"
    assert phone.locator('input[data-pointer="/duties"][data-value="c"]').is_checked()
    assert phone.input_value(at("/actors/0/name")) == "BPD Sukamaju"
    phone.click("#lp-kirim-erase")
    phone.reload()
    phone.wait_for_selector(at("/id"))
    assert phone.input_value(at("/location/desa")) == ""
    assert phone.locator(at("/actors/0/name")).count() == 0
    assert phone.evaluate("localStorage.getItem('lumbung-praktik:kirim-draf')") is None
    assert phone.problems == []


HOSTILE = {
    "title": '<img src=x onerror="window.__pwned=1">{{ config.site_name }}',
    "context": "<script>window.__pwned=1</script> {% raw %} ${alert(1)} `kode` \\n \"kutip\"",
    "desa": "Suka\u202emaju <b>tebal</b>",
}


def fill_minimal(page, **values) -> None:
    page.fill(at("/id"), values.get("id", CASE_ID))
    page.fill(at("/title"), values.get("title", "Perdes PMI Sukamaju"))
    page.fill(at("/location/desa"), values.get("desa", "Sukamaju"))
    page.fill(at("/location/kabupaten"), "Lampung Timur")
    choose(page, "/location/provinsi", "Lampung")
    page.fill(at("/period/start"), "2021")
    page.fill(at("/summary"), values.get("summary", "Ringkasan praktik."))
    tick(page, "/duties", "a")
    page.fill(at("/story/context"), values.get("context", "Latar."))
    page.fill(at("/story/practice"), values.get("practice", "Praktik."))
    page.fill(at("/sources/0/title"), "Berita")
    page.fill(at("/sources/0/publisher"), "Media")


def test_hostile_input_stays_data_or_becomes_an_error_at_its_field(
        phone, form_site_url, tmp_path, monkeypatch):
    open_form(phone, form_site_url)
    long_text = "Panjang sekali. " * 6000  # 96,000 characters
    fill_minimal(phone, title=HOSTILE["title"], context=HOSTILE["context"],
                 desa="Suka\u0007maju", practice=long_text, summary="x" * 700)
    phone.click("#lp-kirim-check")
    shot(phone, "7-berbahaya")
    assert error_at(phone, "/location/desa") == form_words()["messages"]["unsafe_character"]
    assert "700" in error_at(phone, "/summary")
    phone.fill(at("/location/desa"), HOSTILE["desa"])
    phone.fill(at("/summary"), "Ringkasan {{ x }} <i>miring</i>")
    text = make_file(phone)
    shot(phone, "7b-terlalu-panjang")
    data = yaml.safe_load(text)
    assert data["title"] == HOSTILE["title"] and data["story"]["context"] == HOSTILE["context"]
    assert data["location"]["desa"] == HOSTILE["desa"]
    assert data["story"]["practice"] == long_text.strip()
    # Nothing typed ran or became markup on the form page.
    assert phone.evaluate("window.__pwned") is None
    assert phone.locator("#lp-kirim img, #lp-kirim b, #lp-kirim i, #lp-kirim script").count() == 0
    # The GitHub address would be too long: the form says so and offers the rest.
    assert phone.locator("#lp-kirim-github").count() == 0
    assert "terlalu panjang" in phone.inner_text("#lp-kirim-too-long")
    issue = phone.get_attribute("#lp-kirim-too-long a", "href")
    assert issue.endswith("/issues/new?template=studi-kasus.yml")
    assert phone.locator("#lp-kirim-download").is_visible()
    assert phone.problems == []

    project = copy_project(tmp_path / "project")
    result = validate_in_project(project, f"case_studies/lampung/{CASE_ID}.yml", text)
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.setenv("LUMBUNG_OFFLINE_ZIP", "false")
    page = (build_site(project) / "kasus" / CASE_ID / "index.html").read_text("utf-8")
    assert "<img src=x" not in page and "<script>window.__pwned" not in page
    assert shows(page, "{{ config.site_name }}") and shows(page, HOSTILE["desa"])


def test_form_works_in_the_offline_copy_up_to_sending(phone, published_site, tmp_path):
    with zipfile.ZipFile(published_site / OFFLINE_ZIP_PATH) as archive:
        archive.extractall(tmp_path)
    copy = tmp_path / "lumbung-praktik"
    assert (copy / FORM_DATA_PATH).exists()
    outside: list[str] = []
    phone.on("request", lambda r: outside.append(r.url)
             if not r.url.startswith(("file://", "data:", "blob:")) else None)
    phone.goto((copy / "kirim" / "formulir.html").as_uri())
    phone.wait_for_selector(at("/id"))
    fill_minimal(phone)
    text = make_file(phone)
    shot(phone, "8-luring")
    assert yaml.safe_load(text)["id"] == CASE_ID
    assert phone.locator("#lp-kirim-download").is_visible()
    assert phone.get_attribute("#lp-kirim-github", "href").startswith("https://github.com/")
    phone.reload()
    phone.wait_for_selector(at("/id"))
    expect(phone.locator(at("/id"))).to_have_value(CASE_ID)  # once the script has restored it
    # (The theme's own requests for files over file:// fail in the console, as on every
    # page of the copy; the form makes none.)
    assert [p for p in phone.problems if p.startswith("page error")] == [] and outside == []


def test_guide_page_leads_to_the_form_then_the_issue_form_then_git(form_site):
    page = (form_site / "kirim" / "index.html").read_text("utf-8")
    form = page.index('href="formulir/"')
    issue = page.index("issues/new?template=studi-kasus.yml")
    git = page.index("lumbung new")
    assert form < issue < git


def test_form_has_no_serious_accessibility_problem_empty_or_with_errors(phone, form_site_url):
    from axe_playwright_python.sync_playwright import Axe

    open_form(phone, form_site_url)
    add(phone, "/budget")
    found = []
    for state in ("kosong", "salah"):
        if state == "salah":
            phone.click("#lp-kirim-check")
        result = Axe().run(phone)
        found += [(state, v["id"], [n["target"] for n in v["nodes"]][:3])
                  for v in result.response["violations"]
                  if v["impact"] in ("serious", "critical")]
    assert found == []
