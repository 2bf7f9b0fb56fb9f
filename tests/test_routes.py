"""The route table (lumbung/routes.py): every published path is named there once, and one
Links object per build decides between folder addresses and index.html files."""

from __future__ import annotations

from conftest import ROOT
from lumbung import routes
from lumbung.catalog import load_catalog
from lumbung.render.site import generated_files, generated_pages
from lumbung.routes import Links


def test_online_links_are_folders_and_offline_links_are_files():
    online, offline = Links(directory_urls=True), Links(directory_urls=False)
    assert online.file("kasus/x/") == "kasus/x/"
    assert offline.file("kasus/x/") == "kasus/x/index.html"
    assert offline.file("jelajah/#topik") == "jelajah/index.html#topik"
    assert offline.file(routes.CASES_JSON) == routes.CASES_JSON
    # A hand-written page of one Markdown file is <name>.html without folders.
    assert offline.file(routes.SEARCH) == "cari.html"
    assert offline.file(routes.SUBMIT_FORM) == "kirim/formulir.html"


def test_generated_pages_link_through_the_root():
    offline = Links(directory_urls=False)
    assert Links.root("kasus/x/") == "../../"
    assert offline.href(routes.CASES, routes.page_number(routes.CASES, 2)) == \
        "../../kasus/index.html"
    assert Links(True).href(routes.model("m"), routes.case("c")) == "../../perdes/m/"


def test_hand_written_pages_link_by_the_shortest_path():
    online, offline = Links(directory_urls=True), Links(directory_urls=False)
    assert online.relative(routes.MODELS, "cek/") == "../perdes/"
    assert offline.relative(routes.MODELS, "cek.html") == "perdes/index.html"
    assert online.relative(routes.FORM_DATA, "kirim/formulir/") == "data.js"
    assert offline.relative(routes.FORM_DATA, "kirim/formulir.html") == "formulir/data.js"
    assert online.relative(routes.SEARCH, "") == "cari/"
    assert offline.relative(routes.SEARCH, "index.html") == "cari.html"


def test_paths_of_pages_and_files():
    assert routes.page_number("kasus/", 1) == "kasus/"
    assert routes.page_number("kasus/", 3) == "kasus/hal-3/"
    assert routes.source_uri(routes.case("x")) == "kasus/x/index.md"
    assert routes.page_url("kasus/x/index.md") == "kasus/x/"
    assert routes.similar("x") == "kasus/x/mirip.json"
    assert routes.download("m", "pdf") == "unduh/m.pdf"
    assert routes.download("m", "odt", "F4") == "unduh/m-f4.odt"
    assert routes.download("m", "docx", notes=True) == "unduh/m-catatan.docx"
    assert routes.template("m", "F4", ()) == "unduh/templat/m-f4-dasar.js"
    assert routes.template("m", "A4", ("a", "b")) == "unduh/templat/m-a4-a.b.js"


def test_every_generated_path_comes_from_the_route_table():
    catalog = load_catalog(ROOT)
    pages = {page.src_uri for page in generated_pages(catalog, None)}
    assert routes.NAV_PAGES <= pages
    assert {routes.source_uri(routes.case(case.id)) for case in catalog.cases} <= pages
    assert {routes.source_uri(routes.model(model.id)) for model in catalog.models} <= pages
    files = {item.path for item in generated_files(catalog)}
    assert {routes.CASES_JSON, routes.CASES_CSV, routes.BUDGET_CSV, routes.CASE_SCHEMA,
            routes.MODEL_SCHEMA, routes.FEED, routes.LEXICON, routes.MORE_WORDS,
            routes.FILTERS} <= files
    assert {routes.similar(case.id) for case in catalog.cases} <= files
    assert all(path.startswith(routes.DOWNLOADS) for path in files
               if path.endswith((".docx", ".odt", ".pdf")))


def test_scripts_get_the_table_from_the_page():
    online, offline = Links(directory_urls=True), Links(directory_urls=False)
    table = online.scripts(routes.model("m"))
    assert table["root"] == "../../"
    # builder.js fills the pattern as routes.template names the files.
    filled = (table["template"].replace("{model}", "m").replace("{paper}", "f4")
              .replace("{options}", table["template_join"].join(("a", "b"))))
    assert filled == "../../" + routes.template("m", "F4", ("a", "b"))
    assert table["template_none"] == routes.template("m", "A4", ()).rsplit("-", 1)[1][:-3]
    assert online.scripts("cari/")["lexicon"] == "../" + routes.LEXICON
    search = offline.scripts("cari.html")
    assert (search["root"], search["page_file"], search["browse"]) == \
        ("", "index.html", "jelajah/index.html")
