"""The builder on a model page, in Debian's Chromium at phone size: typing fills the text,
the kind of village, kabupaten or kota, paper and options apply, and the DOCX and ODT it
downloads carry the village's details with no blank left; hostile values stay text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import odfdo
import pytest
import yaml
from playwright.sync_api import expect

from conftest import ROOT
from lumbung import routes
from lumbung.catalog import load_catalog
from lumbung.regulation import options_of
from lumbung.render.models import option_sets

PHONE = {"width": 360, "height": 740}
CATALOG = load_catalog(ROOT)
MODELS = [model for model in CATALOG.models
          if model.data["type"] in ("perdes", "perkades", "keputusan-kades")]
VALUES = {
    "nama_desa": "Sukamaju", "nama_kecamatan": "Kecamatan Contoh",
    "nama_kabupaten": "Lampung Timur", "nama_kepala_desa": "Ahmad Contoh",
    "nama_sekretaris_desa": "Siti Contoh", "nomor": "7", "tahun": "2026",
    "tanggal_penetapan": "2 Maret 2026", "tanggal_pengundangan": "3 Maret 2026",
    "nomor_lembaran": "7",
}


def unfilled(text: str) -> str:
    """``text`` without the blanks left on purpose: publication numbers of the Mengingat
    that no stored source shows (``lumbung/vocab/legal_references.yml``)."""
    return re.sub(r"(Negara Republik Indonesia(?: Tahun (?:\d{4}|……))? Nomor) ……", r"\1", text)


def open_form(chromium, url: str):
    context = chromium.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return context, page, errors


def fill_all(page, values: dict) -> None:
    keys = page.locator("#lp-builder input[data-key]").evaluate_all(
        "els => els.map(e => e.dataset.key)")
    for key in keys:
        page.fill(f"#lp-field-{key}", values.get(key, f"Isian {key}"))


def download(page, button: str, target):
    with page.expect_download() as info:
        page.click(button)
    info.value.save_as(target)
    return info.value.suggested_filename


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.id)
def test_form_fills_the_page_and_downloads_a_filled_docx(chromium, real_site_url, model,
                                                         tmp_path):
    context, page, errors = open_form(chromium, f"{real_site_url}perdes/{model.id}/")
    fill_all(page, VALUES)
    assert page.locator(".lp-blank[data-key=nama_desa]").first.inner_text() == "SUKAMAJU"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    name = download(page, "#lp-builder-download", tmp_path / "filled.docx")
    assert name == f"{model.id}-sukamaju.docx"
    paragraphs = [p.text for p in docx.Document(tmp_path / "filled.docx").paragraphs]
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "KEPALA DESA SUKAMAJU"
    assert paragraphs[1] == "KABUPATEN LAMPUNG TIMUR"
    assert "Ditetapkan di Sukamaju" in text and "AHMAD CONTOH" in text
    assert "……" not in unfilled(text) and "⟦" not in text and "{" not in text
    assert errors == []
    context.close()


def test_kind_of_village_kota_paper_and_option_reach_the_docx_and_odt(chromium, real_site_url,
                                                                      tmp_path):
    model = next(m for m in MODELS if options_of(m.data))
    option = sorted(options_of(model.data))[0]
    context, page, errors = open_form(
        chromium, f"{real_site_url}perdes/{model.id}/?pilihan={option}")
    expect(page.locator(f"#lp-option-{option}")).to_be_checked()  # once the script has run
    page.select_option("#lp-nomenclature", "nagari")
    page.select_option("#lp-region", "kota")
    page.select_option("#lp-paper", "F4")
    fill_all(page, VALUES)
    assert "WALI NAGARI" in page.locator(".lp-regulation").inner_text()
    assert page.locator("#lp-nomenclature-note").inner_text()  # derived words are named
    download(page, "#lp-builder-download", tmp_path / "n.docx")
    document = docx.Document(tmp_path / "n.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.startswith("WALI NAGARI SUKAMAJU\nKOTA LAMPUNG TIMUR")
    assert "KEPALA DESA" not in text and "KABUPATEN" not in text
    assert "[Pilihan desa" not in text
    assert round(document.sections[0].page_height.mm) == 330
    download(page, "#lp-builder-download-odt", tmp_path / "n.odt")
    import zipfile

    with zipfile.ZipFile(tmp_path / "n.odt") as archive:  # ODF: mimetype first, stored
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    odt = odfdo.Document(str(tmp_path / "n.odt"))
    odt_text = "\n".join(p.text_recursive for p in odt.body.get_elements("descendant::text:p"))
    assert "WALI NAGARI SUKAMAJU" in odt_text and "⟦" not in odt_text
    props = odt.get_style("page-layout", "Mpm1").get_properties()
    assert props["fo:page-height"] == "330mm"
    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "n.odt")],
                       capture_output=True, timeout=300, check=True)
        assert (tmp_path / "n.pdf").stat().st_size > 1000
    assert errors == []
    context.close()


def test_hostile_values_leave_well_formed_documents(chromium, real_site_url, tmp_path):
    model = MODELS[0]
    hostile = "\u0001<w:p>&amp;\u001b\ufffe\"Désa\" 🌾 قرية ‏" + "x" * 10_000
    context, page, errors = open_form(chromium, f"{real_site_url}perdes/{model.id}/")
    fill_all(page, {**VALUES, "nama_desa": hostile})
    download(page, "#lp-builder-download", tmp_path / "h.docx")
    assert "dihapus" in page.locator("#lp-builder-status").inner_text()
    text = "\n".join(p.text for p in docx.Document(tmp_path / "h.docx").paragraphs)
    assert "<W:P>&AMP;\"DÉSA\" 🌾 قرية" in text
    assert "\u0001" not in text and "\ufffe" not in text
    download(page, "#lp-builder-download-odt", tmp_path / "h.odt")
    odt = odfdo.Document(str(tmp_path / "h.odt"))
    assert "<w:p>&amp;" in odt.body.text_recursive.lower()
    assert errors == []
    context.close()


def test_download_is_refused_until_every_field_is_filled(chromium, real_site_url):
    model = MODELS[0]
    context, page, _ = open_form(chromium, f"{real_site_url}perdes/{model.id}/")
    page.fill("#lp-field-nama_desa", "Sukamaju")
    page.click("#lp-builder-download")
    assert page.locator("#lp-builder-status").inner_text().startswith("Isi dulu:")
    context.close()


def test_a_template_exists_for_every_paper_and_set_of_options(real_site):
    for model in CATALOG.models:
        for paper in ("A4", "F4"):
            for combo in option_sets(model):
                script = (real_site / routes.template(model.id, paper, combo)).read_text("ascii")
                assert re.match(r"^\(window\.LP_TEMPLATES=", script)
        page = (real_site / "perdes" / model.id / "index.html").read_text("utf-8")
        assert "LP_TEMPLATES" not in page  # fetched only when the form is used
        assert len(io.BytesIO(page.encode()).getvalue()) < 200_000


def test_tiru_di_desa_saya_opens_the_form_with_the_case_options_and_the_package(
        chromium, real_site_url, tmp_path):
    """From the Sumbergede case page on a phone: one tap on "Tiru di desa saya" (in the
    first screen), the spouse-appearance option is on; the profile typed once fills another
    model after a reload; one tap downloads the package of every document, filled."""
    import zipfile

    context, page, errors = open_form(
        chromium, f"{real_site_url}kasus/sumbergede-perdes-pelindungan-pmi/")
    button = page.get_by_role("link", name=re.compile("^Tiru di desa saya"))
    box = button.first.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"]  # first screen
    button.first.click()
    page.wait_for_selector("#lp-builder")
    # The page's script turns the case's option on once it has run (a loaded machine may
    # take a while): waited for, and it must happen.
    expect(page.locator("#lp-option-hadir_bersama")).to_be_checked()
    page.select_option("#lp-nomenclature", "kampung")
    page.fill("#lp-field-nama_desa", "Desa Oelnasi")
    page.locator("#lp-field-nama_desa").blur()
    assert page.input_value("#lp-field-nama_desa") == "Oelnasi"
    assert "dihapus" in page.locator("#lp-error-nama_desa").inner_text()
    assert page.get_attribute("#lp-field-nomor", "inputmode") == "numeric"
    page.click("#lp-builder-package")  # empty fields: errors beside them and the button
    assert page.locator("#lp-error-nama_kepala_desa").inner_text() == "Wajib diisi."
    assert page.locator("#lp-builder-status").inner_text().startswith("Isi dulu:")
    fill_all(page, {**VALUES, "nama_desa": "Oelnasi", "nomor": "3"})

    other = next(m for m in MODELS if m.data["type"] == "perkades")
    page.goto(f"{real_site_url}perdes/{other.id}/")
    page.reload()
    expect(page.locator("#lp-field-nama_desa")).to_have_value("Oelnasi")  # once filled
    assert page.input_value("#lp-nomenclature") == "kampung"
    assert page.input_value("#lp-field-nomor") == ""  # its own number, not the Perdes's
    assert page.input_value("#lp-field-nomor_perdes_pmi") == "3"  # carried
    name = download(page, "#lp-builder-package", tmp_path / "paket.zip")
    assert name == "paket-oelnasi.zip"
    package = yaml.safe_load((ROOT / "lumbung" / "vocab" / "package.yml").read_text("utf-8"))
    with zipfile.ZipFile(tmp_path / "paket.zip") as archive:
        names = sorted(archive.namelist())
        assert len(names) == 2 * len(package["documents"])
        assert all(n.startswith("paket-oelnasi/") for n in names)
        texts = {}
        for entry in names:
            data = archive.read(entry)
            if entry.endswith(".docx"):
                texts[entry] = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
            else:
                odt = odfdo.Document(io.BytesIO(data))
                assert "⟦" not in odt.body.text_recursive
        for entry, text in texts.items():
            assert "OELNASI" in text and "⟦" not in text, entry
            assert "KEPALA DESA" not in text and "PEMERINTAH DESA" not in text, entry
        regulations = [t for e, t in texts.items() if re.search(r"/[1578]-", e)]
        assert regulations and all(t.startswith("KEPALA KAMPUNG OELNASI") for t in regulations)
        assert all("AHMAD CONTOH" in t for t in regulations)
        draft = next(t for e, t in texts.items() if "rancangan-peraturan" in e)
        assert "RANCANGAN PERATURAN KAMPUNG OELNASI\nNOMOR …… TAHUN ……" in draft
        final = next(t for e, t in texts.items() if "5-peraturan" in e)
        assert "NOMOR 3 TAHUN 2026" in final and "hadir bersama" in final
        perkades = next(t for e, t in texts.items() if "7-peraturan" in e)
        assert "Nomor 3 Tahun 2026" in perkades  # the Perdes number carried
        letter = next(t for e, t in texts.items() if "6-surat" in e)
        assert letter.startswith("PEMERINTAH KAMPUNG OELNASI") and "Nomor 3" in letter
    page.click("#lp-profile-clear")
    page.reload()
    assert page.input_value("#lp-field-nama_desa") == ""
    assert errors == []
    context.close()


@pytest.mark.parametrize("paper, size", [("A4", (210, 297)), ("F4", (215, 330))])
def test_print_view_keeps_the_official_text_on_the_chosen_paper(chromium, real_site_url, paper,
                                                                 size, tmp_path):
    import pypdf

    model = next(m for m in MODELS if m.data["type"] == "perdes")
    context, page, errors = open_form(chromium, f"{real_site_url}perdes/{model.id}/")
    page.add_init_script("window.print = function () { window.__printed = true; };")
    page.reload()
    page.select_option("#lp-paper", paper)
    fill_all(page, VALUES)
    page.click("#lp-builder-print")
    assert page.evaluate("window.__printed === true")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    assert (round(float(first.mediabox.width) / 72 * 25.4),
            round(float(first.mediabox.height) / 72 * 25.4)) == size
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert text.lstrip().startswith("KEPALA DESA SUKAMAJU")
    for phrase in ("MEMUTUSKAN", "Menimbang", "AHMAD CONTOH", "PENJELASAN"):
        assert phrase in text
    assert "Unduh" not in text and "Catatan pasal" not in text and "Pilihan desa" not in text
    assert errors == []
    context.close()


def test_case_page_lists_the_adoption_steps_with_their_papers(real_site):
    page = (real_site / "kasus" / "sumbergede-perdes-pelindungan-pmi" / "index.html").read_text(
        "utf-8")
    steps = page.split('aria-label="Langkah menetapkan Peraturan Desa"')[1].split("</ol>")[0]
    papers = [m for m in CATALOG.models if m.data["type"] not in
              ("perdes", "perkades", "keputusan-kades")
              and m.data.get("kind") != "surat-keterangan"]
    for paper in papers:
        assert f"perdes/{paper.id}/" in steps, paper.id
    assert "Tiru di desa saya" in page.split('id="sekilas"')[0]  # before the first section
