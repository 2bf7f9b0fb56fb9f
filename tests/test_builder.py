"""The builder on a model page, in Debian's Chromium at phone size: typing fills the text,
and the DOCX it downloads carries the village's details with no blank left."""

from __future__ import annotations

import base64
import io
import re

import docx
import pytest

from conftest import ROOT
from lumbung.catalog import load_catalog

PHONE = {"width": 360, "height": 740}
VALUES = {
    "nama_desa": "Sukamaju", "nama_kecamatan": "Kecamatan Contoh",
    "nama_kabupaten": "Lampung Timur", "nama_kepala_desa": "Ahmad Contoh",
    "nama_sekretaris_desa": "Siti Contoh", "nomor": "7", "tahun": "2026",
    "tanggal_penetapan": "2 Maret 2026", "tanggal_pengundangan": "3 Maret 2026",
    "nomor_lembaran": "7",
}


@pytest.mark.parametrize("model", load_catalog(ROOT).models, ids=lambda m: m.id)
def test_form_fills_the_page_and_downloads_a_filled_docx(chromium, real_site_url, model, tmp_path):
    context = chromium.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{real_site_url}perdes/{model.id}/")
    inputs = page.locator("#lp-builder input[data-key]")
    keys = inputs.evaluate_all("els => els.map(e => e.dataset.key)")
    for key in keys:
        page.fill(f"#lp-field-{key}", VALUES.get(key, f"Isian {key}"))
    first_heading = page.locator(".lp-blank[data-key=nama_desa]").first
    assert first_heading.inner_text() == "SUKAMAJU"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_download() as info:
        page.click("#lp-builder-download")
    path = tmp_path / "filled.docx"
    info.value.save_as(path)
    assert info.value.suggested_filename == f"{model.id}-sukamaju.docx"
    document = docx.Document(path)
    paragraphs = [p.text for p in document.paragraphs]
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "KEPALA DESA SUKAMAJU"  # heading
    assert any(p.endswith(" SUKAMAJU") and p.startswith(("PERATURAN", "KEPUTUSAN"))
               for p in paragraphs[:4])  # title
    assert "Ditetapkan di Sukamaju" in text and "AHMAD CONTOH" in text  # signature
    assert "……" not in text and "⟦" not in text and "{" not in text
    assert errors == []
    context.close()


def test_download_is_refused_until_every_field_is_filled(chromium, real_site_url):
    model = load_catalog(ROOT).models[0]
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{real_site_url}perdes/{model.id}/")
    page.fill("#lp-field-nama_desa", "Sukamaju")
    page.click("#lp-builder-download")
    assert page.locator("#lp-builder-status").inner_text().startswith("Isi dulu:")
    context.close()


def test_builder_template_in_the_page_holds_tokens_where_the_blanks_are(real_site):
    for model in load_catalog(ROOT).models:
        page = (real_site / "perdes" / model.id / "index.html").read_text("utf-8")
        b64 = re.search(r'id="lp-builder-template"[^>]*>([^<]+)<', page)[1]
        document = docx.Document(io.BytesIO(base64.b64decode(b64)))
        assert "⟦nama_desa" in "\n".join(p.text for p in document.paragraphs)
