"""Model regulations: every model, format, kind of village and paper, read back with
python-docx, odfdo and pypdf and converted by LibreOffice; the official layout (block order,
Menimbang/Mengingat columns, Lampiran on its own page with its signature, signature blocks
on one page), the Mengingat from the legal references, the words of each kind of village,
optional articles, Penjelasan, fonts, paper and document properties."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import shutil
import subprocess
import zipfile

import docx
import odfdo
import pypdf
import pytest

from conftest import ROOT
from lumbung.catalog import load_catalog
from lumbung.legal import legal_references, nomenclatures
from lumbung.regulation import (
    BLANK,
    PLAIN,
    Choice,
    article_count,
    declared_placeholders,
    diktum,
    layout,
    options_of,
    placeholders_used,
)
from lumbung.render.documents import FORMATS, Options, Words

CATALOG = load_catalog(ROOT)
REGULATION_TYPES = ("perdes", "perkades", "keputusan-kades")
MODELS = [model for model in CATALOG.models if model.data["type"] in REGULATION_TYPES]
PAPERS = [model for model in CATALOG.models if model.data["type"] not in REGULATION_TYPES]
IDS = [model.id for model in MODELS]
KINDS = list(nomenclatures())
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PAPER_MM = {"A4": (210, 297), "F4": (215, 330)}


def values_for(model: dict) -> dict:
    """Every blank filled, with names easy to find in the text."""
    values = {key: f"Isian{index}" for index, key in enumerate(declared_placeholders(model))}
    values.update(nama_desa="Sukamaju", nama_kecamatan="Talang", nama_kabupaten="Lembata",
                  nama_kepala_desa="Ahmad Kades", nama_sekretaris_desa="Siti Sekdes",
                  nomor="7", tahun="2026")
    return values


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            lines.append(docx.text.paragraph.Paragraph(element, document).text)
        elif element.tag.endswith("}tbl"):
            table = docx.table.Table(element, document)
            lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def odt_text(data: bytes) -> str:
    document = odfdo.Document(io.BytesIO(data))
    return "\n".join(p.text_recursive for p in document.body.get_elements("descendant::text:p"))


@functools.cache  # the LibreOffice tests read each of their PDFs twice; reading is slow
def pdf_pages(data: bytes) -> tuple[str, ...]:
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    return tuple("\n".join(line for line in page.splitlines() if not line.strip().isdigit())
                 for page in pages)


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


READERS = {"docx": docx_text, "odt": odt_text, "pdf": pdf_text}


def words(text: str) -> list[str]:
    return re.findall(r"[\w…]+", text.lower())


def render(model: dict, fmt: str, kind: str = "desa", region: str | None = None,
           paper: str = "A4", choice: Choice = PLAIN, filled: bool = True,
           annotated: bool = False) -> bytes:
    options = Options(paper=paper, choice=choice, words=Words(kind, region),
                      values=values_for(model) if filled else {}, annotated=annotated)
    return FORMATS[fmt](model, options)


# --- numbering and structure ------------------------------------------------------------------

def test_diktum_words_go_past_kesepuluh():
    assert [diktum(n) for n in (1, 2, 9, 10, 11, 12, 19, 20, 21)] == [
        "KESATU", "KEDUA", "KESEMBILAN", "KESEPULUH", "KESEBELAS", "KEDUA BELAS",
        "KESEMBILAN BELAS", "KEDUA PULUH", "KEDUA PULUH SATU"]
    assert len({diktum(n) for n in range(1, 100)}) == 99


def test_a_keputusan_with_twelve_decisions_lays_out():
    model = next(m.data for m in MODELS if m.data["type"] == "keputusan-kades")
    model = {**model, "decisions": model["decisions"] + [{"text": "Tambahan."}] * 9}
    leads = [b.lead for b in layout(model) if b.lead and b.lead.startswith("KE")]
    assert leads[-1] == diktum(len(model["decisions"]))
    text = docx_text(render(model, "docx"))
    assert "KEDUA BELAS\t:\t" in text or "KEDUA BELAS" in text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_templates_use_only_declared_placeholders(model):
    declared = declared_placeholders(model.data)
    used = placeholders_used(model.data)
    assert "nama_desa" in used
    assert set(used) <= set(declared), set(used) - set(declared)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_blocks_come_in_the_official_order(model):
    text = docx_text(render(model.data, "docx"))
    kind = model.data["type"]
    order = ["KEPALA DESA SUKAMAJU", "KABUPATEN LEMBATA", "NOMOR 7 TAHUN 2026", "TENTANG",
             "DENGAN RAHMAT TUHAN YANG MAHA ESA", "Menimbang", "Mengingat"]
    if kind == "perdes":
        order.append("Dengan Kesepakatan Bersama")
    order += ["MEMUTUSKAN:", "Menetapkan"]
    order += ["KESATU\t:"] if kind == "keputusan-kades" else ["Pasal 1", "BAB II"]
    order.append("Ditetapkan di Sukamaju")
    if kind != "keputusan-kades":
        order += ["Diundangkan di Sukamaju",
                  "LEMBARAN DESA SUKAMAJU" if kind == "perdes" else "BERITA DESA SUKAMAJU"]
    if model.data.get("explanation"):
        order += ["PENJELASAN", "I. UMUM", "II. PASAL DEMI PASAL"]
    if model.data.get("attachments"):
        order.append("LAMPIRAN")
    positions = [text.find(phrase) for phrase in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i < 0]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert "(tanda tangan)" not in text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_menimbang_and_mengingat_stand_in_their_columns(model):
    document = docx.Document(io.BytesIO(render(model.data, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Menimbang\t:\ta.\tbahwa") for t in texts)
    assert any(t.startswith("Mengingat\t:\t1.\t") for t in texts)
    assert any(t.startswith("Menetapkan\t:\t") for t in texts)
    assert not any(t.strip() in ("Menimbang:", "Mengingat:", "Menimbang", "Mengingat")
                   for t in texts)


def mengingat_items(model: dict) -> list[str]:
    blocks = layout(model)
    start = next(i for i, b in enumerate(blocks) if b.lead == "Mengingat")
    items = []
    for block in blocks[start:]:
        if block.lead not in ("", "Mengingat") or not block.framed:
            break
        if block.role != "note":
            items.append(block_text(block))
    return items


def block_text(block) -> str:
    from lumbung.render.documents import block_text as text_of
    return text_of(block, Options())


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_uu_and_pp_in_mengingat_has_its_publication_number(model):
    items = mengingat_items(model.data)
    laws = [item for item in items if item.startswith(("Undang-Undang", "Peraturan Pemerintah"))]
    assert laws
    for item in laws:
        assert re.search(r"\(Lembaran Negara Republik Indonesia Tahun \d{4} Nomor \d+", item), item
    assert any("Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi" in item for item in items) \
        or model.data["type"] == "keputusan-kades"


def test_amendments_are_cited_in_the_form_of_uu_12_2011():
    lines = {key: mengingat_items({"type": "perkades", "title": "X", "considerations": ["b"],
                                   "legal_basis": [key], "chapters": [
                                       {"title": "A", "articles": [{"text": "x"}]}]})[0]
             for key in ("uu-6-2014", "uu-18-2017", "pp-43-2014")}
    assert "sebagaimana telah beberapa kali diubah, terakhir dengan Undang-Undang Nomor 3 " \
           "Tahun 2024" in lines["uu-6-2014"]
    assert "sebagaimana telah diubah dengan Undang-Undang Nomor 6 Tahun 2023" in lines["uu-18-2017"]
    assert "terakhir dengan Peraturan Pemerintah Nomor 11 Tahun 2019" in lines["pp-43-2014"]


def test_every_legal_reference_names_its_source():
    for key, ref in legal_references().items():
        assert ref["sources"] and all(s["url"].startswith("http") for s in ref["sources"]), key
        for amended in ref.get("amended_by") or []:
            assert amended in legal_references(), (key, amended)


@pytest.mark.parametrize("model", [m for m in MODELS if m.data.get("attachments")],
                         ids=lambda m: m.id)
def test_each_lampiran_starts_a_page_and_ends_with_the_signature(model):
    document = docx.Document(io.BytesIO(render(model.data, "docx")))
    starts = [p for p in document.paragraphs if p.text.startswith("LAMPIRAN")]
    assert starts and all(p.paragraph_format.page_break_before for p in starts)
    pages = pdf_pages(render(model.data, "pdf"))
    lampiran = next(i for i, page in enumerate(pages) if page.lstrip().startswith("LAMPIRAN"))
    heading = pages[lampiran].splitlines()
    assert heading[0].strip().startswith("LAMPIRAN") and "TENTANG" in heading[:6]
    tail = "\n".join(pages[lampiran:])
    assert tail.rstrip().endswith("AHMAD KADES")
    assert "KEPALA DESA SUKAMAJU," in tail


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_plain_download_marks_each_option_and_a_choice_applies_it(model):
    options = options_of(model.data)
    plain = docx_text(render(model.data, "docx", filled=False))
    for row in options.values():
        assert f"[Pilihan desa: {' '.join(row['note'].split())}]" in plain
    none = docx_text(render(model.data, "docx", choice=Choice(frozenset())))
    assert "[Pilihan desa" not in none
    for key in options:
        on = docx_text(render(model.data, "docx", choice=Choice(frozenset([key]))))
        assert "[Pilihan desa" not in on
        assert len(words(on)) > len(words(none))
    assert article_count(model.data) == article_count(model.data, Choice(frozenset()))


def test_the_spouse_rule_is_sumbergede_s_option_and_departure_has_no_new_condition():
    perdes = next(m.data for m in MODELS if m.data["type"] == "perdes")
    option = options_of(perdes)["hadir_bersama"]
    assert "sumbergede-perdes-pelindungan-pmi" in option["cases"]
    off = docx_text(render(perdes, "docx", choice=Choice(frozenset())))
    assert "hadir bersama" not in off
    on = docx_text(render(perdes, "docx", choice=Choice(frozenset(["hadir_bersama"]))))
    assert "hadir bersama" in on
    assert re.search(r"KTP-el|Kartu Tanda Penduduk elektronik", off) and "Kartu Keluarga" in off
    assert "tertulis" in off and "alasan" in off
    assert "setiap tahun" not in off.split("PENDANAAN")[-1].split("PENJELASAN")[0]


def test_delegation_is_cited_and_exists_in_the_perdes():
    perdes = next(m.data for m in MODELS if m.data["type"] == "perdes")
    text = docx_text(render(perdes, "docx", choice=Choice(frozenset())))
    for model in MODELS:
        if model.data["type"] == "perdes":
            continue
        delegation = next(c for c in model.data["considerations"]
                          if "untuk melaksanakan ketentuan" in c)
        found = re.findall(r"Pasal (\d+) ayat \((\d+)\)", delegation.split("Peraturan Desa")[0])
        assert found, model.id
        instrument = "Peraturan Kepala Desa" if model.data["type"] == "perkades" \
            else "Keputusan Kepala Desa"
        for pasal, ayat in found:
            body = text.split(f"\nPasal {pasal}\n")[1].split("\nPasal ")[0]
            delegated = body.split(f"({ayat})\t")[1].split("\n(")[0]
            assert instrument in delegated, (model.id, pasal, ayat, delegated)


def test_keputusan_has_a_membership_table_a_term_a_fiscal_year_and_tembusan():
    model = next(m.data for m in MODELS if m.data["type"] == "keputusan-kades")
    document = docx.Document(io.BytesIO(render(model, "docx")))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["No.", "Nama", "Unsur", "Kedudukan"]
    text = docx_text(render(model, "docx"))
    assert "Tahun Anggaran" in text and "Tembusan:" in text
    assert re.search(r"masa (tugas|jabatan)", text, re.I)


@pytest.mark.parametrize("model", [m for m in MODELS if m.data.get("explanation")],
                         ids=lambda m: m.id)
def test_penjelasan_covers_every_pasal(model):
    text = docx_text(render(model.data, "docx"))
    explanation = text.split("PENJELASAN", 1)[1].split("LAMPIRAN")[0]
    assert "I. UMUM" in explanation and "II. PASAL DEMI PASAL" in explanation
    listed = [int(n) for n in re.findall(r"^Pasal (\d+)$", explanation, re.M)]
    assert listed == list(range(1, article_count(model.data) + 1))
    assert "Cukup jelas." in explanation


# --- kinds of village, regions, formats ---------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_each_kind_of_village_has_its_own_words_everywhere(model, kind):
    entry = nomenclatures()[kind]
    for fmt in FORMATS:
        text = READERS[fmt](render(model.data, fmt, kind=kind, region="kota"))
        assert f"{entry['head'].upper()} SUKAMAJU" in text, (fmt, kind)
        assert "KABUPATEN" not in text, fmt
        assert "KOTA LEMBATA" in text
        if kind != "desa":
            assert "KEPALA DESA" not in text and "Kepala Desa" not in text, (fmt, kind)
            assert "SEKRETARIS DESA" not in text and "Badan Permusyawaratan Desa" not in text
            assert "Peraturan Desa " not in text, fmt
        if model.data["type"] == "perdes":
            assert f"{entry['gazette'].upper()} SUKAMAJU" in text


def test_law_titles_keep_their_words_in_every_kind():
    perdes = next(m.data for m in MODELS if m.data["type"] == "perdes")
    text = docx_text(render(perdes, "docx", kind="nagari"))
    assert "Undang-Undang Nomor 6 Tahun 2014 tentang Desa (" in text
    assert "Pedoman Teknis Peraturan di Desa" in text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_three_formats_agree_word_for_word(model):
    texts = {fmt: words(READERS[fmt](render(model.data, fmt, kind="nagari"))) for fmt in FORMATS}
    assert texts["docx"] == texts["odt"]
    assert texts["docx"] == texts["pdf"]


@pytest.mark.parametrize("paper", PAPER_MM)
@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_paper_size_in_every_format(model, paper):
    width, height = PAPER_MM[paper]
    page = pypdf.PdfReader(io.BytesIO(render(model.data, "pdf", paper=paper))).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == width
    assert round(float(page.mediabox.height) / 72 * 25.4) == height
    section = docx.Document(io.BytesIO(render(model.data, "docx", paper=paper))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (width, height)
    odt = odfdo.Document(io.BytesIO(render(model.data, "odt", paper=paper)))
    props = odt.get_style("page-layout", "Mpm1").get_properties()
    assert (props["fo:page-width"], props["fo:page-height"]) == (f"{width}mm", f"{height}mm")


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_one_font_and_size_and_the_project_named_as_author(model):
    data = render(model.data, "docx")
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Normal"].font.name == "Arial"
    assert document.styles["Normal"].font.size.pt == 12
    props = document.core_properties
    assert props.author == "Lumbung Praktik" and props.created.year >= 2026
    odt = odfdo.Document(io.BytesIO(render(model.data, "odt")))
    faces = odt.get_part("content.xml").serialize()
    assert b'style:name="Arial"' in faces and b'style:font-family-generic="swiss"' in faces
    assert odt.meta.get_initial_creator() == "Lumbung Praktik"
    footer = odt.get_style("paragraph", "LpFooter").get_properties(area="paragraph")
    assert footer["fo:text-align"] == "center"
    reader = pypdf.PdfReader(io.BytesIO(render(model.data, "pdf")))
    assert reader.metadata.author == "Lumbung Praktik"
    assert pdf_fonts(reader) == {"LiberationSans", "LiberationSans-Bold"}


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_download_is_dated_the_model_s_date_not_the_build_s(fmt):
    # Each entry of the package carries the model's date (not the minute of the build), so
    # two builds make the same file; an ODT's mimetype stays first and stored.
    model = MODELS[0]
    data = render(model.data, fmt)
    updated = dt.date.fromisoformat(str(model.data["updated"]))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = package.infolist()
        assert {e.date_time for e in entries} == {(updated.year, updated.month, updated.day,
                                                   0, 0, 0)}
        assert package.testzip() is None
    if fmt == "odt":
        assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
    assert render(model.data, fmt) == data
    if fmt == "docx":  # the notes (Word comments) too
        notes = docx.Document(io.BytesIO(render(model.data, fmt, annotated=True))).comments
        stamps = {comment.timestamp for comment in notes}
        assert stamps == {dt.datetime(updated.year, updated.month, updated.day, tzinfo=dt.UTC)}


def pdf_fonts(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1].lstrip("/"))
    return names


def signature_pages(pages: list[str], office: str, name: str) -> list[tuple[int, int]]:
    """(page of the office line, page of the name) for each signature block; the office
    may wrap over two lines."""
    flat = [" ".join(page.split()) for page in pages]
    out = []
    for index, text in enumerate(flat):
        position = text.find(name)
        while position >= 0:
            found = [i for i in range(index + 1)
                     if office in (text[:position] if i == index else flat[i])]
            out.append((found[-1] if found else -1, index))
            position = text.find(name, position + 1)
    return out


# --- LibreOffice ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> dict[tuple, dict]:
    """Every model converted to PDF by LibreOffice in one run, with our own PDF beside it:
    each kind of village once per model, the format and the paper turning with the kind
    (both shifted from one model to the next), so each model meets LibreOffice in both
    formats on both papers, and each kind in both formats and on both papers across the
    models; the plain village on A4 in both formats too (to compare page counts). Entries by (model,
    kind, paper); ``formats`` lists what was converted for it."""
    if not SOFFICE:
        pytest.fail("LibreOffice is missing: run scripts/test as root, or "
                    "apt-get install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("lo")
    out = folder / "pdf"
    papers = list(PAPER_MM)
    formats = ["docx", "odt"]
    files, cases = [], {}
    for shift, model in enumerate(MODELS):
        for index, kind in enumerate(KINDS):
            region = "kota" if kind == "kampung" else "kabupaten"
            wanted = [(formats[(index + shift) % 2], papers[(index // 2 + shift) % 2])]
            if kind == "desa":  # and on A4 in both formats, to compare page counts
                wanted = [(formats[shift % 2], "F4"), ("docx", "A4"), ("odt", "A4")]
            for fmt, paper in wanted:
                entry = cases.setdefault((model.id, kind, paper), {"region": region,
                                                                   "formats": []})
                path = folder / f"{model.id}--{kind}--{paper}--{fmt}.{fmt}"
                path.write_bytes(render(model.data, fmt, kind=kind, region=region, paper=paper))
                files.append(path)
                entry[fmt] = out / f"{path.stem}.pdf"
                entry["formats"].append(fmt)
                if "ours" not in entry:
                    entry["ours"] = render(model.data, "pdf", kind=kind, region=region,
                                           paper=paper)
    # Two LibreOffice processes (each with its own profile), each converting half the files:
    # one converts on one core.
    logs = [folder / f"soffice{n}.log" for n in range(2)]
    runs = []
    for n, log in enumerate(logs):
        with open(log, "w") as output:
            runs.append(subprocess.Popen(
                [SOFFICE, "--headless", "--norestore",
                 f"-env:UserInstallation=file://{folder}/profile{n}", "--convert-to", "pdf",
                 "--outdir", str(out), *map(str, files[n::2])],
                stdout=output, stderr=subprocess.STDOUT))
    for run in runs:
        run.wait(timeout=1200)
    missing = [str(e[f]) for e in cases.values() for f in e["formats"] if not e[f].exists()]
    assert not missing, (missing[:5], *(log.read_text()[-2000:] for log in logs))
    return cases


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_libreoffice_converts_every_variant_with_the_same_words_size_and_font(model, converted):
    seen = [(kind, paper, fmt) for (model_id, kind, paper), entry in converted.items()
            if model_id == model.id for fmt in entry["formats"]]
    # Every kind; every format on every paper (and, across the models, every kind in both
    # formats and on both papers:
    # test_libreoffice_meets_every_kind_in_both_formats_and_on_both_papers).
    assert {k for k, _, _ in seen} == set(KINDS)
    assert {(p, f) for _, p, f in seen} == {(p, f) for p in PAPER_MM for f in ("docx", "odt")}
    for (model_id, kind, paper), entry in converted.items():
        if model_id != model.id:
            continue
        ours = words(pdf_text(entry["ours"]))
        width, height = PAPER_MM[paper]
        for fmt in entry["formats"]:
            data = entry[fmt].read_bytes()
            reader = pypdf.PdfReader(io.BytesIO(data))
            page = reader.pages[0]
            assert round(float(page.mediabox.width) / 72 * 25.4) == width, (kind, paper, fmt)
            assert round(float(page.mediabox.height) / 72 * 25.4) == height, (kind, paper, fmt)
            assert pdf_fonts(reader) == {"LiberationSans", "LiberationSans-Bold"}, (kind, fmt)
            assert words(pdf_text(data)) == ours, (kind, paper, fmt)


def test_libreoffice_meets_every_kind_in_both_formats_and_on_both_papers(converted):
    seen = {(kind, fmt) for (_, kind, _), entry in converted.items() for fmt in entry["formats"]}
    assert seen == {(kind, fmt) for kind in KINDS for fmt in ("docx", "odt")}
    assert {(kind, paper) for _, kind, paper in converted} == {
        (kind, paper) for kind in KINDS for paper in PAPER_MM}


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_signature_blocks_stay_on_one_page_in_every_pdf(model, converted):
    for (model_id, kind, paper), entry in converted.items():
        if model_id != model.id:
            continue
        words_of = nomenclatures()[kind]
        for source in ("ours", *entry["formats"]):
            data = entry[source] if source == "ours" else entry[source].read_bytes()
            pages = pdf_pages(data)
            heads = signature_pages(pages, f"{words_of['head'].upper()} SUKAMAJU,", "AHMAD KADES")
            assert heads and all(a == b for a, b in heads), (kind, paper, source, heads)
            if model.data["type"] != "keputusan-kades":
                clerks = signature_pages(pages, f"{words_of['secretary'].upper()} SUKAMAJU,",
                                         "SITI SEKDES")
                assert clerks and all(a == b for a, b in clerks), (kind, paper, source, clerks)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_page_counts_agree_across_formats(model, converted):
    entry = converted[(model.id, "desa", "A4")]
    counts = {"pdf": len(pypdf.PdfReader(io.BytesIO(entry["ours"])).pages)}
    for fmt in ("docx", "odt"):
        counts[fmt] = len(pypdf.PdfReader(entry[fmt]).pages)
    assert max(counts.values()) - min(counts.values()) <= 1, counts


def test_site_downloads_exist_for_both_papers(real_site):
    for model in CATALOG.models:
        for name in ("", "-f4"):
            for fmt in FORMATS:
                assert (real_site / "unduh" / f"{model.id}{name}.{fmt}").stat().st_size > 1000
        page = (real_site / "perdes" / model.id / "index.html").read_text("utf-8")
        assert f"{model.id}-f4.pdf" in page
        assert BLANK in page


def test_annotated_docx_carries_the_commentary_as_comments(real_site):
    for model in MODELS:
        document = docx.Document(io.BytesIO(
            (real_site / "unduh" / f"{model.id}-catatan.docx").read_bytes()))
        expected = sum(1 for chapter in model.data.get("chapters", [])
                       for article in chapter["articles"] if article.get("commentary"))
        expected += sum(1 for decision in model.data.get("decisions", [])
                        if decision.get("commentary"))
        assert len(list(document.comments)) == expected


def test_cases_link_back_to_their_models(real_site):
    for model in MODELS:
        for case in CATALOG.cases_using(model.id):
            page = (real_site / "kasus" / case.id / "index.html").read_text("utf-8")
            assert f"perdes/{model.id}/" in page


# --- the maintainers' command ------------------------------------------------------------------

def test_document_command_writes_the_chosen_variant(tmp_path):
    from lumbung.cli import main

    perdes = next(m for m in MODELS if m.data["type"] == "perdes")
    code = main(["document", perdes.id, "--root", str(ROOT), "--out", str(tmp_path),
                 "--paper", "F4", "--nomenclature", "kalurahan", "--region", "kabupaten",
                 "--option", "hadir_bersama", "--set", "nama_desa=Panggungharjo",
                 "--set", "nama_kepala_desa=Wahyudi"])
    assert code == 0
    text = docx_text((tmp_path / f"{perdes.id}.docx").read_bytes())
    assert "LURAH PANGGUNGHARJO" in text and "WAHYUDI" in text and "hadir bersama" in text
    page = pypdf.PdfReader(tmp_path / f"{perdes.id}.pdf").pages[0]
    assert round(float(page.mediabox.height) / 72 * 25.4) == 330
    assert main(["document", perdes.id, "--root", str(ROOT), "--out", str(tmp_path),
                 "--option", "tidak_ada"]) == 2


def test_hostile_values_stay_text(tmp_path):
    perdes = next(m.data for m in MODELS if m.data["type"] == "perdes")
    values = {**values_for(perdes),
              "nama_desa": "<w:p>&\u0001\u001b\ufffe\"Kampung'ku\" 🌾 قرية " + "x" * 10_000}
    options = Options(values=values)
    for fmt in FORMATS:
        text = READERS[fmt](FORMATS[fmt](perdes, options))
        assert "<W:P>&\"KAMPUNG'KU\"" in text.replace("\n", "")
        assert "\u0001" not in text and "\ufffe" not in text


def check_broken(tmp_path, name: str, text: str):
    """``lumbung validate``'s checks on one broken model file named ``name``."""
    from lumbung.catalog import check

    folder = tmp_path / "regulations"
    folder.mkdir()
    (folder / name).write_text(text, "utf-8")
    return check([folder], tmp_path)


def _valid_model_text() -> str:
    return (ROOT / "regulations" / "perkades-pendataan-pmi.yml").read_text("utf-8")


def test_bad_model_files_get_an_error_at_each_line_and_nothing_is_built(tmp_path):

    text = (ROOT / "regulations" / "perdes-pelindungan-pmi.yml").read_text("utf-8")
    first_ref = re.search(r"^  - (uu-[0-9-]+)$", text, re.M)
    text = text.replace(first_ref.group(0), "  - uu-99-2099", 1)
    text = re.sub(r"^(    - pasal: )\d+$", r"\g<1>99", text, count=1, flags=re.M)
    text = text.replace("\noptions:\n", "\noptions:\n  - key: tanpa_catatan\n"
                        "    label: Tanpa catatan\n", 1)
    text = re.sub(r"^(title: .*)$", r"\1 {@kepala}", text, count=1, flags=re.M)
    valid, problems = check_broken(tmp_path, "perdes-pelindungan-pmi.yml", text)
    messages = "\n".join(p.format() for p in problems)
    assert "unknown legal reference 'uu-99-2099'" in messages
    assert "Pasal 99 does not exist" in messages
    assert "note" in messages and "tanpa_catatan" in messages
    assert "'{@kepala}' is not a word of a kind of village" in messages
    lines = text.splitlines()
    for problem in problems:
        assert 1 <= problem.line <= len(lines) and problem.col >= 1
    bad = next(p for p in problems if "uu-99-2099" in p.message)
    assert "uu-99-2099" in lines[bad.line - 1]
    assert valid == []


def test_names_that_keep_their_words_in_every_kind():
    keputusan = next(m.data for m in MODELS if m.data["type"] == "keputusan-kades")
    text = docx_text(render(keputusan, "docx", kind="nagari"))
    assert "PUSAT PELAYANAN TERPADU DESA PEDULI BURUH MIGRAN" in text
    assert "Pemerintah Nagari" in text and "Pemerintah Desa" not in text
    perdes = next(m.data for m in MODELS if m.data["type"] == "perdes")
    text = docx_text(render(perdes, "docx", kind="kalurahan"))
    assert "Undang-Undang Nomor 6 Tahun 2014 tentang Desa" in text
    assert "Pengelolaan Keuangan Desa" in text and "Pemerintah Kalurahan" in text


def test_a_title_with_a_blank_is_filled_in_capitals():
    model = next(m.data for m in MODELS if m.data["type"] == "perkades")
    model = {**model, "title": "Pendataan di Desa {nama_desa}"}
    text = docx_text(render(model, "docx"))
    assert "PENDATAAN DI DESA SUKAMAJU" in text and "{" not in text


def test_documents_are_well_formed_zips_with_the_odf_mimetype_first():
    import zipfile

    for model in MODELS:
        with zipfile.ZipFile(io.BytesIO(render(model.data, "odt"))) as archive:
            first = archive.infolist()[0]
            assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
            assert archive.testzip() is None
        with zipfile.ZipFile(io.BytesIO(render(model.data, "docx"))) as archive:
            assert archive.testzip() is None


@pytest.mark.parametrize("change, expected", [
    (("legal_basis:\n", "legal_basis: 7\nx_legal_basis:\n"), "legal_basis"),
    (("\noptions:\n", "\noptions: 3\nx_options:\n"), "options"),
    (("\noptions:\n  - key: perda_pmi", "\noptions:\n  - key: 12"), "options"),
    (("\nupdated:", "\nexplanation: teks\nupdated:"), "explanation"),
    (("\nchapters:\n  - title: KETENTUAN UMUM\n    articles:",
      "\nchapters:\n  - title: KETENTUAN UMUM\n    articles: 5\n    x_articles:"), "articles"),
])
def test_malformed_model_files_give_errors_not_tracebacks(tmp_path, change, expected):

    text = _valid_model_text()
    assert change[0] in text, change[0]
    valid, problems = check_broken(tmp_path, "perkades-pendataan-pmi.yml",
                                   text.replace(change[0], change[1], 1))
    assert valid == [] and any(expected in p.format() for p in problems)


def test_table_rows_and_optional_pasal_are_checked(tmp_path):

    text = (ROOT / "regulations" / "keputusan-kades-ppt-desbumi.yml").read_text("utf-8")
    text = re.sub(r'(\n        - \["1\.", )', r'\1"lebih", ', text, count=1)
    text = text.replace("\ndecisions:\n  - text:", "\ndecisions:\n  - option: x\n    text:", 1)
    _, problems = check_broken(tmp_path, "keputusan-kades-ppt-desbumi.yml", text)
    messages = "\n".join(p.format() for p in problems)
    assert "cells; the table has 4 columns" in messages
    assert "an optional diktum would change" in messages


# --- the procedure papers (type: naskah) ---------------------------------------------------------

PAPER_IDS = [paper.id for paper in PAPERS]


def test_the_papers_of_each_step_are_there_with_sources():
    kinds = {paper.data.get("kind", paper.data["type"]) for paper in PAPERS}
    assert {"surat", "berita-acara", "keputusan-bpd", "surat-keterangan"} <= kinds
    assert len(PAPERS) >= 5
    for paper in PAPERS:
        assert paper.data["sources"] and all(s.get("url") for s in paper.data["sources"])


@pytest.mark.parametrize("paper", PAPERS, ids=PAPER_IDS)
def test_papers_name_the_village_in_heading_and_signature_in_every_format(paper):
    entry = nomenclatures()["nagari"]
    texts = {fmt: READERS[fmt](render(paper.data, fmt, kind="nagari", region="kota"))
             for fmt in FORMATS}
    assert words(texts["docx"]) == words(texts["odt"]) == words(texts["pdf"])
    text = texts["docx"]
    head = text.split("\n", 3)[:3]
    assert any("SUKAMAJU" in line for line in head), head
    assert "KEPALA DESA" not in text and "KABUPATEN" not in text
    signed = [line for line in text.splitlines() if line.endswith(" SUKAMAJU,")]
    expected = sum("{nama_desa}" in s["office"] for s in paper.data.get("signatures", []))
    assert len(signed) >= expected  # each office of the village names the village
    pages = pdf_pages(render(paper.data, "pdf", kind="nagari", region="kota"))
    if any("{nama_kepala_desa}" in s["name"] for s in paper.data.get("signatures", [])):
        heads = signature_pages(pages, f"{entry['head'].upper()} SUKAMAJU,", "AHMAD KADES")
        assert heads and all(a == b for a, b in heads)


def test_the_family_permission_adds_no_condition_to_departure():
    paper = next(p.data for p in PAPERS if p.data.get("kind") == "surat-keterangan")
    text = docx_text(render(paper, "docx"))
    assert "Mengetahui," in text
    assert "hadir bersama" not in text and "wajib hadir" not in text
