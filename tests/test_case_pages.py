"""Everything a valid file says appears on its page and in the open data; nothing a
contributor writes becomes markup, a template or a script."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import links
from lumbung.catalog import load_catalog
from lumbung.render.text import long_date, markdown_html, rupiah, year_or_date
from lumbung.render.views import budget_stages, share
from lumbung.vocab import load_vocabulary

MARKDOWN_KEYS = {"summary", "context", "practice", "results", "challenges", "lessons",
                 "replication", "notes", "role"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self._glue = tag == "wbr"  # a line-break chance inside a word (web addresses)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            if getattr(self, "_glue", False) and self.parts:
                self.parts[-1] += data
            else:
                self.parts.append(data)
        self._glue = False


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return squash(" ".join(parser.parts))


def markdown_text(source: str) -> str:
    return page_text(str(markdown_html(source)))


def expected_on_page(path: tuple, value, data: dict) -> list[str]:
    """How the page shows one scalar: as written, or by its label or local format."""
    vocab = load_vocabulary()
    keys = [part for part in path if isinstance(part, str)]
    last = keys[-1] if keys[-1] not in ("id", "en") or len(keys) == 1 else keys[-2]
    top = keys[0]
    if top in ("format", "id"):
        return []  # for the data, not the reader: the id is the page's address (issue 13)
    if top == "status":
        return [vocab.label("case_statuses", value)]
    if top == "duties":
        return [f"huruf {value}", vocab.term("duties", value).description]
    if top in ("topics", "programs"):
        return [vocab.label(top, value)]
    if top == "related" or (top == "instruments" and last == "model"):
        return []  # checked as a link below
    if top == "updated" or last in ("date", "accessed", "reported"):
        return [long_date(value)]
    if top == "period":
        return [year_or_date(value)]
    if top == "instruments" and last == "type":
        return [vocab.label("instrument_types", value)]
    if last == "status":
        return [vocab.label("instrument_statuses", value)]
    if top == "budget" and last == "sub_bidang":
        return [f"{value} {vocab.label('sub_bidang', value)}"]
    if last == "amount_idr":
        return [rupiah(value)]
    if last == "share_percent":
        return [f"{share(value)} dari anggaran desa"]
    if top == "budget" and last == "stage":
        return [budget_stages()[value]]
    if last == "funding":
        return [vocab.label("funding", value)]
    if top == "budget" and last == "source":
        return [f"[{value}]"]
    if top == "actors" and last == "type":
        return [vocab.label("actor_types", value)]
    if last in MARKDOWN_KEYS and not (top == "sources"):
        return [markdown_text(value)]
    return [squash(str(value))]


def scalars(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from scalars(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from scalars(item, path + (index,))
    elif value is not None:
        yield path, value


@pytest.fixture(scope="module")
def fixture_catalog(fixture_site: Path):
    return load_catalog(fixture_site.parent)


def test_every_scalar_of_every_case_is_on_its_page(fixture_site, fixture_catalog):
    assert any(case.id == "full-case" for case in fixture_catalog.cases)
    for case in fixture_catalog.cases:
        html = (fixture_site / "kasus" / case.id / "index.html").read_text("utf-8")
        text = page_text(html)
        for path, value in scalars(case.data):
            for shown in expected_on_page(path, value, case.data):
                assert shown in text, (case.id, path, shown)
        for other in case.data.get("related", []):
            assert f"kasus/{other}/" in links(html, f"kasus/{case.id}/")
        for item in case.data.get("instruments", []):
            if item.get("model") in fixture_catalog.models_by_id:
                assert f"perdes/{item['model']}/" in links(html, f"kasus/{case.id}/")
            elif item.get("model"):
                assert item["model"] in text
        for path, value in scalars(case.data):
            if path[-1] in ("updated", "date", "accessed", "start", "end") and \
                    isinstance(value, str):
                assert f'datetime="{value}"' in html, (case.id, path)


def test_every_case_is_in_the_open_data_exactly_as_loaded(fixture_site, fixture_catalog):
    data = json.loads((fixture_site / "data" / "kasus.json").read_text("utf-8"))
    published = {case["id"]: case for case in data["cases"]}
    for case in fixture_catalog.cases:
        assert published[case.id] == case.data
        flat = dict(scalars(published[case.id]))
        for path, value in scalars(case.data):
            assert flat[path] == value


def test_english_texts_are_one_marked_block_at_the_end(fixture_site, fixture_catalog):
    html = (fixture_site / "kasus" / "full-case" / "index.html").read_text("utf-8")
    block = re.search(r'<section class="lp-english" lang="en"[^>]*>(.*?)</section>', html, re.S)
    assert block and ">In English<" in block.group(1)
    assert "A complete case for testing" in block.group(1)
    before = html[:block.start()]
    assert "A complete case for testing" not in before  # no English under the title
    case = next(c for c in fixture_catalog.cases if c.id == "full-case")
    english = [v["en"] for v in (case.data["summary"], *case.data["story"].values())
               if isinstance(v, dict) and v.get("en")]
    assert english
    for text in english:  # every English text of the file is in the block
        assert text.split()[0] in block.group(1)


def test_contributor_text_is_never_markup_template_or_script(fixture_site):
    html = (fixture_site / "kasus" / "hostile-text" / "index.html").read_text("utf-8")
    text = page_text(html)
    assert "{{ 7*7 }} <b>tebal</b>" in text  # printed as written, not 49, not bold
    assert "49" not in text
    assert '{% include "main.html" %}' in text and "{{ config.site_name }}" in text
    assert "<script>alert(&quot;ringkasan&quot;)" not in html
    assert '<script>alert("ringkasan")</script>' in text  # shown as text
    assert "<img src=x" not in html and "<iframe" not in html
    assert 'href="javascript:' not in html.lower()
    assert '<a href="https://example.org/ok">ok</a>' in html  # ordinary links still work
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert "<" not in title and html_lib.unescape(title).startswith("{{ 7*7 }} <b>tebal</b>")


def test_hostile_title_is_escaped_on_every_list(fixture_site):
    escaped = "{{ 7*7 }} &lt;b&gt;tebal&lt;/b&gt;"
    table = [fixture_site / "kasus" / "index.html",
             *(fixture_site / "kasus").glob("hal-*/index.html")]
    lists = [fixture_site / "jelajah" / "provinsi" / "bali" / "index.html",
             fixture_site / "jelajah" / "status" / "draft" / "index.html"]
    assert any(escaped in path.read_text("utf-8") for path in table)
    for path in lists:
        assert escaped in path.read_text("utf-8"), path
    for path in table + lists + [fixture_site / "index.html"]:
        assert "<b>tebal</b>" not in path.read_text("utf-8"), path


def test_budget_page_lists_every_line_with_a_chart_and_a_table(fixture_site, fixture_catalog):
    html = (fixture_site / "anggaran" / "index.html").read_text("utf-8")
    lines = [(case, line) for case in fixture_catalog.cases
             for line in case.data.get("budget", [])]
    assert lines
    body = html[html.index('<h1'):]
    assert body.count("<li><a href=") == len(lines)
    for case, line in lines:
        assert f"kasus/{case.id}/" in html and line["activity"] in html
    assert '<svg role="img" aria-labelledby="lp-chart-title lp-chart-desc"' in html
    assert '<table class="lp-cards">' in html and "<caption>" in html
    unknown = sum(1 for _, line in lines if line.get("amount_idr") is None)
    assert f"<strong>{unknown}</strong> di antaranya" in html
    assert rupiah(50000000) in html
    text = page_text(html)
    assert "Tahun anggaran: tidak disebut sumber (diberitakan 14 Desember 2021)" in text
    assert "Tahap: Rencana: tercantum di RKP Desa" in text
    assert "Jumlah: tidak disebut sumber; bagian dari anggaran desa: 2,5%" in text
    assert "(bawaan; sumber tidak menyebut tahapnya)" in text  # the default, said so
    assert "belum ada" in text  # a group with no known APB Desa amount shows no "Rp 0"


def test_budget_lines_are_in_their_own_csv(fixture_site, fixture_catalog):
    rows = list(csv.DictReader(io.StringIO(
        (fixture_site / "data" / "anggaran.csv").read_text("utf-8"))))
    lines = [(case, line) for case in fixture_catalog.cases
             for line in case.data.get("budget", [])]
    assert len(rows) == len(lines)
    planned = next(row for row in rows if row["activity"] == "Pembinaan kelompok purna PMI")
    assert planned["year"] == "" and planned["reported"] == "2021-12-14"
    assert planned["stage"] == "rencana" and planned["stage_stated"] == "yes"
    assert planned["share_percent"] == "2.5" and planned["amount_idr"] == ""
    assert planned["source_url"] == "https://example.org/berita-1"
    default = next(row for row in rows if row["activity"] == "Pendataan CPMI")
    assert default["stage"] == "anggaran" and default["stage_stated"] == "no"
