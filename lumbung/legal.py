"""Legal references and village nomenclature, read from ``lumbung/vocab/``.

``legal_references.yml`` holds the instruments the models cite (kind, number, year,
title, publication numbers, amendments, each with its source); Mengingat lines are
written from it. ``nomenclature.yml`` holds the words each kind of village uses for
itself and its bodies (Desa / Kalurahan / Nagari ...).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lumbung.load import read_yaml
from lumbung.vocab import VOCAB_DIR

KIND_NAMES = {
    "UU": "Undang-Undang",
    "PP": "Peraturan Pemerintah",
    "Permendagri": "Peraturan Menteri Dalam Negeri",
}
GAZETTES = {
    "LN": ("Lembaran Negara Republik Indonesia", "Tambahan Lembaran Negara Republik Indonesia"),
    "BN": ("Berita Negara Republik Indonesia", None),
}
# The words a nomenclature entry gives, and the region words (kabupaten or kota).
BLANK = "……"
WORD_KEYS = ("village", "head", "council", "council_short", "secretary", "regulation",
             "head_regulation", "head_decision", "gazette", "bulletin")
REGION_KEYS = ("region", "region_head", "region_generic")
DRAFT_KEY = "draft"  # "RANCANGAN " before the name of a draft, nothing otherwise
REGIONS = {
    "kabupaten": {"region": "Kabupaten", "region_head": "Bupati", "region_generic": "kabupaten"},
    "kota": {"region": "Kota", "region_head": "Wali Kota", "region_generic": "kota"},
}
# Generic words a model is written with, for when no region is chosen (plain downloads).
GENERIC_REGION = {"region": "Kabupaten", "region_head": "Bupati/Wali Kota",
                  "region_generic": "kabupaten/kota"}


@functools.cache
def legal_references() -> dict[str, dict]:
    return {row["key"]: row for row in read_yaml(VOCAB_DIR / "legal_references.yml")}


@functools.cache
def nomenclatures() -> dict[str, dict]:
    return {row["key"]: row for row in read_yaml(VOCAB_DIR / "nomenclature.yml")}


def citation(key: str) -> str:
    """``Undang-Undang Nomor 6 Tahun 2014 tentang Desa``."""
    ref = legal_references()[key]
    kind = KIND_NAMES[ref["kind"]]
    return f"{kind} Nomor {ref['number']} Tahun {ref['year']} tentang {ref['title']}"


def publication(key: str) -> str:
    """``(Lembaran Negara Republik Indonesia Tahun 2014 Nomor 7, Tambahan ... Nomor 5495)``.
    A number no stored source shows is printed as a blank (……) for the village to fill
    from the official text: left out, never guessed, and the bracket UU 12/2011 asks for
    is still there."""
    pub = legal_references()[key].get("publication") or {}
    gazette, supplement = GAZETTES.get(pub.get("gazette"), (None, None))
    if gazette is None:
        return ""
    parts = [f"{gazette} Tahun {pub.get('year') or BLANK} Nomor {pub.get('number') or BLANK}"]
    if supplement:
        parts.append(f"{supplement} Nomor {pub.get('supplement') or BLANK}")
    return f" ({', '.join(parts)})"


def mengingat_line(key: str) -> str:
    """One Mengingat item (UU 12/2011 Lampiran II): the instrument with its publication,
    then its amendments, "sebagaimana telah diubah dengan ..." or, when amended more than
    once, "sebagaimana telah beberapa kali diubah, terakhir dengan ..."."""
    ref = legal_references()[key]
    line = citation(key) + publication(key)
    amended = ref.get("amended_by") or []
    if len(amended) == 1:
        line += f" sebagaimana telah diubah dengan {citation(amended[0])}{publication(amended[0])}"
    elif amended:
        line += (" sebagaimana telah beberapa kali diubah, terakhir dengan "
                 f"{citation(amended[-1])}{publication(amended[-1])}")
    return line + ";"


@dataclass(frozen=True)
class Words:
    """The words a document is produced with: a kind of village and, optionally, whether it
    lies in a kabupaten or a kota (``None``: the generic "Bupati/Wali Kota")."""

    nomenclature: str = "desa"
    region: str | None = None
    draft: bool = False

    def word(self, key: str) -> str:
        if key == DRAFT_KEY:
            return "RANCANGAN " if self.draft else ""
        if key in REGION_KEYS:
            return (REGIONS[self.region] if self.region else GENERIC_REGION)[key]
        return nomenclatures()[self.nomenclature][key]


# Phrases of the general words, longest first, and the word key each stands for. A
# model is written with these; each is replaced by the chosen kind's word. The lowercase
# "kabupaten/kota" stays: it is the statutes' own wording (e.g. the definition of CPMI).
TERM_PHRASES = (
    ("Badan Permusyawaratan Desa", "council"),
    ("Peraturan Kepala Desa", "head_regulation"),
    ("Keputusan Kepala Desa", "head_decision"),
    ("Kepala Desa", "head"),
    ("Sekretaris Desa", "secretary"),
    ("Peraturan Desa", "regulation"),
    ("Lembaran Desa", "gazette"),
    ("Berita Desa", "bulletin"),
    ("Bupati/Wali Kota", "region_head"),
    ("Kabupaten", "region"),
    ("BPD", "council_short"),
    ("Desa", "village"),
)
# Names that keep their words whatever the village is called: titles of the laws the
# models may cite (from legal_references.yml), the ministry and the statute by their
# names, national funds and programmes.
_NAMES = (
    r"(?:Undang-Undang|UU) Desa",
    r"(?:Kementerian|Menteri) Desa(?:, Pembangunan Daerah Tertinggal,? dan Transmigrasi)?",
    r"(?:Alokasi )?Dana Desa",
    r"Desa (?:Peduli Buruh Migran|Migran (?:Emas|EMAS|Produktif))",
)


@functools.cache
def _protected() -> re.Pattern:
    titles = sorted({f"tentang {ref['title']}" for ref in legal_references().values()},
                    key=len, reverse=True)
    return re.compile("|".join([re.escape(t) for t in titles] + list(_NAMES)), re.IGNORECASE)


_TERM_RE = re.compile("|".join(
    rf"(?<![\w/]){re.escape(variant)}(?![\w/])"
    for phrase, _ in TERM_PHRASES for variant in dict.fromkeys((phrase, phrase.upper()))))
_TERM_KEY = {variant: key for phrase, key in TERM_PHRASES
             for variant in (phrase, phrase.upper())}


def split_terms(text: str) -> list[tuple[str, str | None, bool]]:
    """``text`` as (literal, None, False) and (phrase, word key, in capitals) pieces."""
    protected = [(m.start(), m.end()) for m in _protected().finditer(text)]
    out: list[tuple[str, str | None, bool]] = []
    position = 0
    for match in _TERM_RE.finditer(text):
        if any(start <= match.start() < end for start, end in protected):
            continue
        if match.start() > position:
            out.append((text[position:match.start()], None, False))
        phrase = match.group(0)
        upper = phrase.isupper() and phrase != "BPD"
        out.append((phrase, _TERM_KEY[phrase], upper))
        position = match.end()
    if position < len(text):
        out.append((text[position:], None, False))
    return out
