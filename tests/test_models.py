"""Model regulations: valid, only declared blanks, every Pasal in every download in order,
the three formats word for word the same, and the official layout."""

from __future__ import annotations

import io
import re

import docx
import odfdo
import pypdf
import pytest

from conftest import ROOT
from lumbung.catalog import load_catalog
from lumbung.regulation import (
    BLANK,
    DIKTUM,
    article_count,
    declared_placeholders,
    placeholders_used,
)
from lumbung.render.documents import Options, to_docx, to_odt, to_pdf

CATALOG = load_catalog(ROOT)
MODELS = CATALOG.models
IDS = [model.id for model in MODELS]


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def odt_text(data: bytes) -> str:
    document = odfdo.Document(io.BytesIO(data))
    return "\n".join(p.text_recursive for p in document.body.paragraphs)


def pdf_text(data: bytes) -> str:
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    lines = [line for page in pages for line in page.splitlines()]
    return "\n".join(line for line in lines if not line.strip().isdigit())  # page numbers


READERS = {"docx": (to_docx, docx_text), "odt": (to_odt, odt_text), "pdf": (to_pdf, pdf_text)}


def words(text: str) -> list[str]:
    return re.findall(r"[\w…]+", text.lower())


def article_numbers(text: str, model: dict) -> list[int]:
    if model["type"] == "keputusan-kades":
        found = re.findall(r"^\s*(" + "|".join(DIKTUM) + r"):", text, re.M)
        return [DIKTUM.index(word) + 1 for word in found]
    return [int(n) for n in re.findall(r"^\s*Pasal (\d+)\s*$", text, re.M)]


def test_there_are_at_least_three_models_of_two_types():
    assert len(MODELS) >= 3
    types = {model.data["type"] for model in MODELS}
    assert "perdes" in types and len(types) >= 2


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_templates_use_only_declared_placeholders(model):
    declared = declared_placeholders(model.data)
    used = placeholders_used(model.data)
    assert "nama_desa" in used
    assert set(used) <= set(declared), set(used) - set(declared)


@pytest.mark.parametrize("fmt", READERS)
@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_article_is_in_each_download_in_order(model, fmt, real_site):
    render, read = READERS[fmt]
    text = read((real_site / "unduh" / f"{model.id}.{fmt}").read_bytes())
    count = article_count(model.data)
    assert article_numbers(text, model.data) == list(range(1, count + 1))
    page = (real_site / "perdes" / model.id / "index.html").read_text("utf-8")
    if model.data["type"] != "keputusan-kades":
        assert max(int(n) for n in re.findall(r'id="pasal-(\d+)"', page)) == count
    assert "{" not in text and "⟦" not in text and "}" not in text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_three_formats_agree_word_for_word(model, real_site):
    texts = {fmt: words(read((real_site / "unduh" / f"{model.id}.{fmt}").read_bytes()))
             for fmt, (_, read) in READERS.items()}
    assert texts["docx"] == texts["odt"]
    assert texts["docx"] == texts["pdf"]


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_downloads_follow_the_official_layout(model, real_site):
    text = docx_text((real_site / "unduh" / f"{model.id}.docx").read_bytes())
    for phrase in ("DENGAN RAHMAT TUHAN YANG MAHA ESA", "Menimbang", "Mengingat",
                   "MEMUTUSKAN", "Menetapkan", f"KEPALA DESA {BLANK}"):
        assert phrase in text, phrase
    if model.data["type"] == "perdes":
        assert "Dengan Kesepakatan Bersama" in text
        assert f"LEMBARAN DESA {BLANK} TAHUN {BLANK} NOMOR {BLANK}" in text
    if model.data["type"] == "perkades":
        assert f"BERITA DESA {BLANK}" in text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_annotated_docx_carries_the_commentary_as_comments(model, real_site):
    document = docx.Document(io.BytesIO(
        (real_site / "unduh" / f"{model.id}-catatan.docx").read_bytes()))
    expected = sum(1 for chapter in model.data.get("chapters", [])
                   for article in chapter["articles"] if article.get("commentary"))
    expected += sum(1 for decision in model.data.get("decisions", [])
                    if decision.get("commentary"))
    assert len(list(document.comments)) == expected


def test_f4_paper_is_a_setting():
    model = MODELS[0].data
    page = pypdf.PdfReader(io.BytesIO(to_pdf(model, Options(paper="F4")))).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 215
    assert round(float(page.mediabox.height) / 72 * 25.4) == 330
    section = docx.Document(io.BytesIO(to_docx(model, Options(paper="F4")))).sections[0]
    assert round(section.page_height.mm) == 330


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_model_page_shows_blanks_commentary_steps_and_cases(model, real_site):
    page = (real_site / "perdes" / model.id / "index.html").read_text("utf-8")
    assert 'class="lp-blank" data-key="nama_desa"' in page
    assert page.count('<details class="lp-commentary">') >= 1
    assert 'id="langkah"' in page
    for case in CATALOG.cases_using(model.id):
        assert f"kasus/{case.id}/" in page
    library = (real_site / "perdes" / "index.html").read_text("utf-8")
    assert f"perdes/{model.id}/" in library or f'href="{model.id}/"' in library


def test_cases_link_back_to_their_models(real_site):
    for model in MODELS:
        for case in CATALOG.cases_using(model.id):
            page = (real_site / "kasus" / case.id / "index.html").read_text("utf-8")
            assert f"perdes/{model.id}/" in page


def test_undeclared_placeholder_and_stray_braces_are_reported_at_their_line(tmp_path):
    from lumbung.catalog import check

    source = (ROOT / "regulations" / "perkades-pendataan-pmi.yml").read_text("utf-8")
    folder = tmp_path / "regulations"
    folder.mkdir()
    broken = source.replace("{nama_desa}", "{nama_dessa}", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "{nama_dessa}" in text)
    (folder / "perkades-pendataan-pmi.yml").write_text(broken, "utf-8")
    _, problems = check([folder], tmp_path)
    found = [p for p in problems if "nama_dessa" in p.message]
    assert len(found) == 1
    assert found[0].message == \
        "placeholder '{nama_dessa}' is not declared; did you mean '{nama_desa}'?"
    assert found[0].line == line and found[0].col == broken.splitlines()[line - 1].index("{") + 1
