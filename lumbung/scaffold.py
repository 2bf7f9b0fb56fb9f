"""`lumbung new`: an annotated case-study file to start from, in Bahasa Indonesia.

Every value the contributor must still write holds a text starting with ``ISI:``;
`lumbung validate` names each such line until it is filled.
"""

from __future__ import annotations

import datetime as dt
import json

from lumbung.vocab import Vocabulary, load_vocabulary

TODO_PREFIX = "ISI:"
# The first line of every case file: editors find the schema through it.
SCHEMA_LINE = "# yaml-language-server: $schema=../../lumbung/schema/case-study.schema.json"


def _q(value: str) -> str:
    """A YAML scalar that stays exactly this text (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _choices(terms) -> str:
    return "\n".join(f"#   {t.value}: {t.label}" + (f". {t.description}" if t.description else "")
                     for t in terms)


def case_template(case_id: str, desa: str, kabupaten: str, provinsi: str,
                  kecamatan: str | None, today: dt.date,
                  vocab: Vocabulary | None = None) -> str:
    vocab = vocab or load_vocabulary()
    kecamatan_line = (f"  kecamatan: {_q(kecamatan)}" if kecamatan else
                      "  # kecamatan: \"...\"   # opsional: hapus tanda # dan isi bila diketahui")
    return f"""{SCHEMA_LINE}
# Studi kasus Lumbung Praktik, format 1. Baris yang diawali # adalah petunjuk (boleh dihapus).
# Ganti setiap nilai "{TODO_PREFIX} ..." dengan isi yang sebenarnya. `lumbung validate` menunjukkan
# baris mana yang belum diisi. Setiap fakta harus ada di salah satu sumber di bawah; yang tidak
# disebut sumber dibiarkan null atau dihapus, jangan ditebak.

# Versi format berkas. Jangan diubah.
format: 1
# Nama berkas tanpa .yml; menjadi alamat halaman /kasus/<id>/.
id: {_q(case_id)}
# WAJIB. Judul pendek, satu baris. Dua bahasa boleh: title: {{id: "...", en: "..."}}
title: {_q(TODO_PREFIX + " judul pendek, mis. Perdes pelindungan PMI Desa " + desa)}
# WAJIB. Status pemeriksaan:
{_choices(vocab.case_statuses)}
status: draft
location:
  # WAJIB. Nama desa seperti ditulis oleh desa.
  desa: {_q(desa)}
{kecamatan_line}
  # WAJIB. Kabupaten atau kota.
  kabupaten: {_q(kabupaten)}
  # WAJIB. Salah satu dari 38 provinsi (lihat lumbung/vocab/provinces.yml).
  provinsi: {_q(provinsi)}
  # Opsional. Kode wilayah Kemendagri PP.KK.CC.DDDD, dari sumber yang disebut:
  # kode_wilayah: "18.07.05.2001"
  # Opsional. Titik desa (lintang -11..6,5; bujur 94..141,5):
  # coordinates: {{lat: -5.1, lon: 105.6}}
period:
  # WAJIB. Kapan praktik dimulai: tahun (2021, tanpa tanda kutip) atau tanggal "2021-03-01".
  start: {_q(TODO_PREFIX + " tahun mulai, mis. 2021")}
  # Opsional. Kapan berakhir; hapus bila masih berjalan.
  # end: 2024
# WAJIB. Ringkasan, paling banyak 600 karakter.
summary: {_q(TODO_PREFIX + " ringkasan: apa yang dilakukan desa dan hasilnya")}
# WAJIB, sedikitnya satu. Tugas desa menurut UU 18/2017 Pasal 42 yang dijalankan praktik ini:
{_choices(vocab.duties)}
# Tulis hurufnya, mis. duties: [b, e]
duties: []
# Opsional. Topik, mis. topics: [migrasi-aman, pendataan]:
{_choices(vocab.topics)}
topics: []
# Opsional. Program yang mendukung:
{_choices(vocab.programs)}
programs: []
story:
  # WAJIB. Latar belakang: mengapa desa bertindak.
  context: {_q(TODO_PREFIX + " latar belakang")}
  # WAJIB. Apa yang dilakukan, oleh siapa, bagaimana.
  practice: {_q(TODO_PREFIX + " apa yang dilakukan desa")}
  # Opsional: results (hasil, dengan bukti), challenges (tantangan), lessons (pelajaran),
  # replication (cara desa lain menirunya).
# Opsional. Peraturan atau anggaran yang dipakai, mis.:
#   - type: perdes
#     title: Peraturan Desa tentang Pelindungan Pekerja Migran Indonesia
#     number: null      # null bila sumber tidak menyebut nomornya
#     year: 2021
#     status: berlaku   # berlaku, rancangan, dicabut, tidak-diketahui
# Jenis (type):
{_choices(vocab.instrument_types)}
instruments: []
# Opsional. Baris APB Desa, mis.:
#   - year: 2021
#     sub_bidang: "4.5"   # kode Permendagri 20/2018, atau null
#     activity: Pelatihan usaha PMI purna
#     amount_idr: 50000000   # rupiah utuh tanpa titik, atau null
#     source: 1   # nomor sumber di bawah yang menyebut baris ini
budget: []
# Opsional. Siapa yang terlibat, mis.: - {{name: "Pemerintah Desa {desa}", type: pemerintah-desa}}
actors: []
# WAJIB, sedikitnya satu. Dari mana setiap fakta berasal.
sources:
  - title: {_q(TODO_PREFIX + " judul berita, laporan atau dokumen")}
    publisher: {_q(TODO_PREFIX + " penerbit")}
    # Alamat web, bila ada (http:// atau https://). Bila tidak, jelaskan di notes di mana
    # sumber dapat dibaca.
    url: {_q(TODO_PREFIX + " https://...")}
# Opsional. Nama penulis entri ini.
contributors: []
# WAJIB. Tanggal terakhir isi diperiksa, "YYYY-MM-DD"; tidak boleh di masa depan.
updated: {_q(today.isoformat())}
"""
