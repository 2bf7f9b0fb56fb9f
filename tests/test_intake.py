"""A case study from a GitHub issue form: the form file, parsing GitHub's Markdown, the case.

The bodies in fixtures/issues/ are written as GitHub renders the form
``.github/ISSUE_TEMPLATE/studi-kasus.yml`` (values invented for the tests):
``### <label>``, a blank line, the answer; ``_No response_`` for an empty answer;
``- [X]`` / ``- [ ]`` for checkboxes; no newline at the end.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from lumbung.catalog import check
from lumbung.intake import (
    FORM_PATH,
    REQUIRED,
    SCHEMA_LINE,
    case_from_issue,
    case_id,
    case_path,
    dump_case,
    form_fields,
    load_form,
    parse_issue,
    read_body,
    source_from_line,
)
from lumbung.vocab import load_vocabulary

ISSUES = Path(__file__).parent / "fixtures" / "issues"
TODAY = dt.date(2026, 11, 27)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def form() -> dict:
    return load_form()


def body(name: str) -> str:
    return (ISSUES / f"{name}.md").read_text(encoding="utf-8")


def write_and_check(case: dict, root: Path):
    path = root / case_path(case)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_case(case), encoding="utf-8")
    valid, problems = check([path], root, TODAY)
    return path, valid, [p.format() for p in problems]


def label_of(form: dict, field_id: str) -> str:
    return next(e["attributes"]["label"] for e in form_fields(form) if e["id"] == field_id)


def with_answer(text: str, form: dict, field_id: str, answer: str) -> str:
    """``text`` with the answer to ``field_id`` replaced (the field's section must exist)."""
    heading = f"### {label_of(form, field_id)}\n\n"
    start = text.index(heading) + len(heading)
    end = text.find("\n\n### ", start)
    return text[:start] + answer + (text[end:] if end >= 0 else "")


# ---------- the form file ----------

def test_form_is_an_issue_form_with_unique_ids_and_labels(form):
    raw = yaml.safe_load(FORM_PATH.read_text(encoding="utf-8"))
    assert raw == form
    assert {"name", "description", "body"} <= form.keys()
    fields = form_fields(form)
    ids = [e["id"] for e in fields]
    labels = [e["attributes"]["label"] for e in fields]
    assert len(ids) == len(set(ids)) and len(labels) == len(set(labels))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), ids
    for element in form["body"]:
        assert element["type"] in ("markdown", "input", "textarea", "dropdown", "checkboxes")
        if element["type"] == "markdown":
            assert "id" not in element and "validations" not in element
        elif element["type"] == "checkboxes":
            # GitHub has no `validations` for checkboxes; an option can be `required`.
            assert "validations" not in element
            assert all(set(o) <= {"label", "required"} for o in element["attributes"]["options"])
        else:
            assert isinstance(element["validations"]["required"], bool), element["id"]
    for element in fields:
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert len(options) == len(set(options)) and "None" not in options


def test_form_requires_what_the_case_format_requires(form):
    required = {e["id"] for e in form_fields(form)
                if e.get("validations", {}).get("required")
                or any(o.get("required") for o in e["attributes"].get("options", [])
                       if isinstance(o, dict))}
    # Checkboxes cannot require "at least one" in a GitHub form: duties are checked here.
    assert required == set(REQUIRED) - {"duties"}
    expected = {"desa", "kecamatan", "kabupaten", "provinsi", "title", "summary", "start_year",
                "duties", "context", "practice", "results", "instrument_type",
                "instrument_title", "instrument_number", "instrument_year", "budget",
                "sources", "contributor", "consent"}
    assert {e["id"] for e in form_fields(form)} == expected


def test_form_choices_are_the_vocabularies(form):
    vocab = load_vocabulary()
    fields = {e["id"]: e["attributes"] for e in form_fields(form)}
    provinces = fields["provinsi"]["options"]
    assert provinces == vocab.values("provinces") and len(provinces) == 38
    assert [o["label"] for o in fields["duties"]["options"]] == [
        f"{d.value}. {d.description}" for d in vocab.duties]
    assert fields["instrument_type"]["options"] == [t.label for t in vocab.instrument_types]
    assert "600" in fields["summary"]["description"]
    consent = fields["consent"]["options"]
    assert len(consent) == 1 and consent[0]["required"] is True
    assert consent[0]["label"].startswith("Saya setuju informasi ini diterbitkan")


def test_load_form_refuses_a_repeated_id(tmp_path, form):
    broken = dict(form, body=[*form["body"], dict(form_fields(form)[0])])
    path = tmp_path / "form.yml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="repeats id 'desa'"):
        load_form(path)


# ---------- complete, optional-empty and missing bodies ----------

def test_the_complete_body_gives_a_valid_case(tmp_path, form):
    case, missing = case_from_issue(body("complete"), form, TODAY)
    assert missing == []
    assert case["id"] == "sukamaju-perdes-pelindungan-pmi-pos"
    assert case_path(case) == ("case_studies/nusa-tenggara-barat/"
                               "sukamaju-perdes-pelindungan-pmi-pos.yml")
    assert list(case) == ["format", "id", "title", "status", "location", "period", "summary",
                          "duties", "story", "instruments", "sources", "contributors", "updated"]
    assert case["location"] == {"desa": "Sukamaju", "kecamatan": "Kecamatan Uji",
                                "kabupaten": "Kabupaten Uji", "provinsi": "Nusa Tenggara Barat"}
    assert case["status"] == "draft" and case["period"] == {"start": 2019}
    assert case["duties"] == ["a", "b", "e"]
    assert case["story"]["context"] == (
        "Banyak warga Sukamaju bekerja ke luar negeri lewat calo.\n\n"
        "Beberapa di antaranya pulang tanpa upah.")
    assert case["story"]["practice"].startswith("Pemerintah desa dan BPD menyusun Perdes")
    assert case["story"]["practice"].endswith(
        "Pos informasi buka setiap Senin.\n\n"
        "Anggaran: APB Desa 2021: pelatihan usaha PMI purna, Rp50.000.000 dari Dana Desa.")
    assert case["story"]["results"] == "120 calon PMI tercatat di desa pada 2021."
    assert case["instruments"] == [{
        "type": "perdes",
        "title": "Peraturan Desa Sukamaju tentang Pelindungan Pekerja Migran Indonesia",
        "number": "07", "year": 2020, "status": "tidak-diketahui"}]
    assert case["sources"] == [
        {"title": "Desa Sukamaju tetapkan Perdes PMI", "publisher": "Media Uji",
         "url": "https://example.org/berita/sukamaju-perdes-pmi"},
        {"title": "https://example.org/laporan-2021.pdf", "publisher": "example.org",
         "url": "https://example.org/laporan-2021.pdf"}]
    assert case["contributors"] == ["Relawan Uji"]
    assert case["updated"] == "2026-11-27"

    path, valid, problems = write_and_check(case, tmp_path)
    assert problems == [] and len(valid) == 1
    assert path.relative_to(tmp_path).as_posix() == case_path(case)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "\nupdated: '2026-11-27'\n" in text and "  number: '07'\n" in text
    assert "  practice: |-\n    Pemerintah desa dan BPD" in text
    assert "\nduties: [a, b, e]\n" in text
    assert yaml.safe_load(text) == case


def test_windows_line_endings_give_the_same_case(form):
    crlf = body("complete").replace("\n", "\r\n")
    assert case_from_issue(crlf, form, TODAY) == case_from_issue(body("complete"), form, TODAY)


def test_empty_optional_answers_are_left_out(tmp_path, form):
    case, missing = case_from_issue(body("optional-empty"), form, TODAY)
    assert missing == []
    assert case["location"] == {"desa": "Sukamaju", "kabupaten": "Kabupaten Uji",
                                "provinsi": "Daerah Istimewa Yogyakarta"}
    assert case["story"] == {"context": "Desa tidak tahu siapa saja warganya yang bekerja di "
                                        "luar negeri.",
                             "practice": "Perangkat desa membuka buku pencatatan CPMI."}
    assert "instruments" not in case and "contributors" not in case
    assert "Anggaran" not in case["story"]["practice"]
    assert case["duties"] == ["b"]
    assert case["sources"] == [{"title": "https://example.org/pendataan-cpmi",
                                "publisher": "example.org",
                                "url": "https://example.org/pendataan-cpmi"}]
    assert case_path(case) == ("case_studies/daerah-istimewa-yogyakarta/"
                               "sukamaju-pendataan-calon-pmi-kantor.yml")
    _, valid, problems = write_and_check(case, tmp_path)
    assert problems == [] and len(valid) == 1


def test_missing_required_answers_are_named_and_left_out(form):
    case, missing = case_from_issue(body("missing-required"), form, TODAY)
    assert missing == [
        "Nama desa: wajib diisi.",
        "Provinsi: wajib diisi.",
        "Tahun mulai: wajib diisi.",
        "Tugas desa menurut UU 18/2017 Pasal 42: centang paling sedikit satu.",
        "Latar belakang: wajib diisi.",
        "Jenis peraturan: wajib dipilih jika Judul peraturan diisi.",
        "Sumber: wajib diisi.",
        "Persetujuan: belum dicentang.",
    ]
    assert case == {
        "format": 1,
        "title": "Pos informasi migrasi aman",
        "status": "draft",
        "location": {"kabupaten": "Kabupaten Uji"},
        "summary": "Desa membuka pos informasi migrasi aman.",
        "story": {"practice": "Perangkat desa menjawab pertanyaan warga tentang kerja ke luar "
                              "negeri."},
        "updated": "2026-11-27",
    }
    with pytest.raises(ValueError):
        case_path(case)


def test_an_empty_body_misses_every_required_field(form):
    case, missing = case_from_issue("", form, TODAY)
    named = {m.split(":")[0] for m in missing}
    assert named == {label_of(form, i) for i in REQUIRED}
    assert case == {"format": 1, "status": "draft", "location": {}, "updated": "2026-11-27"}


# ---------- answers ----------

@pytest.mark.parametrize(("ticks", "letters"), [
    ("XXXXX", ["a", "b", "c", "d", "e"]),
    ("  X  ", ["c"]),
    ("X   X", ["a", "e"]),
    (" xx  ", ["b", "c"]),  # a lowercase x, as someone editing the issue may write
])
def test_ticked_duties_become_letters(form, ticks, letters):
    options = next(e for e in form_fields(form) if e["id"] == "duties")["attributes"]["options"]
    answer = "\n".join(f"- [{t}] {o['label']}" for t, o in zip(ticks, options, strict=True))
    case, missing = case_from_issue(with_answer(body("complete"), form, "duties", answer),
                                    form, TODAY)
    assert missing == [] and case["duties"] == letters


def test_parsing_follows_the_labels_of_the_form_file(tmp_path, form):
    renamed = yaml.safe_load(FORM_PATH.read_text(encoding="utf-8"))
    for element in renamed["body"]:
        if element.get("id") == "desa":
            element["attributes"]["label"] = "Nama desa atau kelurahan"
        if element.get("id") == "sources":
            element["attributes"]["label"] = "Dari mana informasi ini?"
    path = tmp_path / "renamed.yml"
    path.write_text(yaml.safe_dump(renamed, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    renamed_form = load_form(path)
    text = body("complete").replace("### Nama desa\n", "### Nama desa atau kelurahan\n")
    text = text.replace("### Sumber\n", "### Dari mana informasi ini?\n")
    assert case_from_issue(text, renamed_form, TODAY) == case_from_issue(
        body("complete"), form, TODAY)
    # The old body against the renamed form: those answers are not found, by their new labels.
    _, missing = case_from_issue(body("complete"), renamed_form, TODAY)
    assert missing == ["Nama desa atau kelurahan: wajib diisi.",
                       "Dari mana informasi ini?: wajib diisi."]


def test_a_heading_written_inside_an_answer_stays_in_it(form):
    practice = "Langkah pertama.\n\n### Langkah kedua\n\nMusyawarah desa."
    text = with_answer(body("complete"), form, "practice", practice)
    answers = parse_issue(text, form)
    assert answers["practice"] == practice
    assert answers["results"] == "120 calon PMI tercatat di desa pada 2021."


def test_an_unchosen_optional_dropdown_is_empty(form):
    text = with_answer(body("optional-empty"), form, "instrument_type", "None")
    case, missing = case_from_issue(text, form, TODAY)
    assert missing == [] and "instruments" not in case


@pytest.mark.parametrize(("answer", "problem"), [
    ("sekitar tahun dua ribu", "Tahun mulai: «sekitar tahun dua ribu» bukan satu tahun; "
                               "tulis empat angka, misalnya 2021."),
    ("2018 atau 2019", "Tahun mulai: «2018 atau 2019» bukan satu tahun; "
                       "tulis empat angka, misalnya 2021."),
    ("2031", "Tahun mulai: 2031 harus antara 1945 dan 2026."),
])
def test_a_start_year_that_is_not_one_year_is_reported(form, answer, problem):
    case, missing = case_from_issue(with_answer(body("complete"), form, "start_year", answer),
                                    form, TODAY)
    assert missing == [problem] and "period" not in case


def test_a_year_within_words_is_read(form):
    case, missing = case_from_issue(
        with_answer(body("complete"), form, "start_year", "sejak Maret 2019"), form, TODAY)
    assert missing == [] and case["period"] == {"start": 2019}


def test_a_long_summary_is_kept_and_reported(form):
    summary = "kata " * 130
    case, missing = case_from_issue(with_answer(body("complete"), form, "summary", summary),
                                    form, TODAY)
    assert missing == ["Ringkasan: 649 karakter; paling banyak 600."]
    assert case["summary"] == summary.strip()


def test_an_instrument_needs_both_type_and_title(form):
    text = with_answer(body("complete"), form, "instrument_title", "_No response_")
    case, missing = case_from_issue(text, form, TODAY)
    assert missing == ["Judul peraturan: wajib diisi jika Jenis peraturan dipilih."]
    assert "instruments" not in case
    text = with_answer(body("optional-empty"), form, "instrument_year", "2020")
    _, missing = case_from_issue(text, form, TODAY)
    assert missing == [
        "Judul peraturan: wajib diisi jika Nomor peraturan atau Tahun peraturan diisi."]


def test_an_instrument_without_number_or_year_has_nulls(form):
    text = with_answer(body("optional-empty"), form, "instrument_type", "Keputusan Kepala Desa")
    text = with_answer(text, form, "instrument_title", "Keputusan Kepala Desa tentang Pos PMI")
    case, missing = case_from_issue(text, form, TODAY)
    assert missing == []
    assert case["instruments"] == [{"type": "keputusan-kades",
                                    "title": "Keputusan Kepala Desa tentang Pos PMI",
                                    "number": None, "year": None,
                                    "status": "tidak-diketahui"}]


@pytest.mark.parametrize(("line", "source"), [
    ("https://a.example/x", {"title": "https://a.example/x", "publisher": "a.example",
                             "url": "https://a.example/x"}),
    ("https://a.example/x Judul berita", {"title": "Judul berita", "publisher": "a.example",
                                          "url": "https://a.example/x"}),
    ("https://a.example/x — Judul - bagian dua — Kompas",
     {"title": "Judul - bagian dua", "publisher": "Kompas", "url": "https://a.example/x"}),
    ("Judul berita - Tempo: https://a.example/x.", {"title": "Judul berita", "publisher": "Tempo",
                                                    "url": "https://a.example/x"}),
    ("[Judul berita](https://a.example/wiki/A_(b)) - Detik",
     {"title": "Judul berita", "publisher": "Detik", "url": "https://a.example/wiki/A_(b)"}),
    ("<http://a.example/x> Judul", {"title": "Judul", "publisher": "a.example",
                                    "url": "http://a.example/x"}),
    ("Laporan (2021) (https://a.example/x)", {"title": "Laporan (2021)",
                                              "publisher": "a.example",
                                              "url": "https://a.example/x"}),
    ("Judul berita, https://a.example/x, Kompas", {"title": "Judul berita", "publisher": "Kompas",
                                                   "url": "https://a.example/x"}),
    ("Wawancara dengan kepala desa", None),
])
def test_a_source_line(line, source):
    assert source_from_line(line) == source


def test_bullets_are_dropped_and_a_line_without_address_is_reported(form):
    answer = ("- https://a.example/x Judul — Penerbit\n\n"
              "2. https://b.example/y\nWawancara dengan kepala desa")
    case, missing = case_from_issue(with_answer(body("complete"), form, "sources", answer),
                                    form, TODAY)
    assert [s["url"] for s in case["sources"]] == ["https://a.example/x", "https://b.example/y"]
    assert missing == ["Sumber: baris «Wawancara dengan kepala desa» tidak memuat alamat URL "
                       "(http:// atau https://); tambahkan alamatnya atau jelaskan di mana "
                       "sumber itu dapat dibaca."]


def test_case_ids_are_slugs_of_at_most_80_characters():
    assert case_id("Sumbergede", "Perdes Pelindungan PMI pertama di Lampung") == (
        "sumbergede-perdes-pelindungan-pmi-pertama")
    assert case_id("Desa Lontar", "KKBM Desa Lontar") == "lontar-kkbm"
    assert case_id("Sukamaju", None) == "sukamaju"
    long = case_id("Kampung " * 15, "Sebuah judul yang sangat panjang sekali")
    assert len(long) <= 80 and SLUG.match(long) and not long.endswith("-")
    assert SLUG.match(case_id("Ñusa Ümbara", "Perdes №1 (2020)"))


def test_dumped_texts_that_yaml_would_misread_are_quoted(tmp_path, form):
    text = with_answer(body("complete"), form, "desa", "Yes")
    text = with_answer(text, form, "kecamatan", "2020")
    case, missing = case_from_issue(text, form, TODAY)
    assert missing == []
    dumped = dump_case(case)
    assert "  desa: 'Yes'\n" in dumped and "  kecamatan: '2020'\n" in dumped
    _, valid, problems = write_and_check(case, tmp_path)
    assert problems == [] and len(valid) == 1


# ---------- hostile bodies (issue 16) ----------

@pytest.mark.parametrize("name, change", [
    ("60,000 brackets in an answer", lambda text: text.replace(
        "### Sumber", "### Sumber\n\n" + "[" * 60_000, 1)),
    ("a heading padded with 60,000 blanks", lambda text: text.replace(
        "### Nama desa", "### Nama desa" + " " * 60_000 + "x", 1)),
    ("60,000 closing brackets after an address", lambda text: text.replace(
        "### Sumber", "### Sumber\n\nhttps://x.org/" + ")" * 60_000, 1)),
    ("an address between 60,000 brackets", lambda text: text.replace(
        "### Sumber", "### Sumber\n\n" + "(" * 60_000 + "https://y.org/ " + ")" * 60_000, 1)),
    ("60,000 links that never close", lambda text: text.replace(
        "### Sumber", "### Sumber\n\n" + "[a](https://x.org/" * 6_000, 1)),
])
def test_hostile_bodies_are_read_in_linear_time(form, name, change):
    started = time.process_time()  # CPU time: the work, not the load beside it
    case_from_issue(change(body("complete")), form, TODAY)
    assert time.process_time() - started < 1, name  # about 30 s each before


def test_a_byte_order_mark_keeps_the_first_field(form):
    with_bom = "\ufeff" + body("complete")
    assert case_from_issue(with_bom, form, TODAY) == case_from_issue(body("complete"), form,
                                                                     TODAY)
    assert read_body(with_bom.encode("utf-8")) == body("complete")


def test_control_characters_are_removed_and_reported(tmp_path, form):
    text = with_answer(body("complete"), form, "title", "Perdes\x00 pelindungan\x1b[31m\x01 PMI")
    notes: list[str] = []
    case, missing = case_from_issue(text, form, TODAY, notes)
    assert missing == []
    assert case["title"] == "Perdes pelindungan[31m PMI"
    assert notes == [f"{label_of(form, 'title')}: 3 karakter kendali (tidak terlihat) dihapus."]
    _, valid, problems = write_and_check(case, tmp_path)
    assert problems == [] and len(valid) == 1


def test_invalid_utf8_is_one_error_line_naming_the_file(tmp_path):
    path = tmp_path / "body.md"
    path.write_bytes(b"### Nama desa\n\nSuka\xffmaju\n")
    with pytest.raises(ValueError, match=r"^3:5: error: invalid UTF-8 byte 0xff"):
        read_body(path.read_bytes())
    result = subprocess.run([sys.executable, "-m", "lumbung.cli", "from-issue", str(path),
                             "--root", str(tmp_path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{path}:3:5: error: invalid UTF-8 byte 0xff; save the text as UTF-8"]
