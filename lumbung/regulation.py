"""Model regulations: the official layout as a list of numbered blocks.

One list of :class:`Block` feeds every format (HTML page, DOCX, ODT, PDF), so the
formats agree word for word. Numbering (BAB, Pasal, ayat, list items, diktum) is
computed here from the structure, never typed in the data.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field

import yaml

from lumbung.vocab import VOCAB_DIR

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
TYPE_NAMES = {
    "perdes": "PERATURAN DESA",
    "perkades": "PERATURAN KEPALA DESA",
    "keputusan-kades": "KEPUTUSAN KEPALA DESA",
}
DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH",
          "KEDELAPAN", "KESEMBILAN", "KESEPULUH")


@dataclass(frozen=True)
class Placeholder:
    key: str
    label: str
    example: str


@dataclass(frozen=True)
class Segment:
    """Literal text, or a blank for placeholder ``key`` (shown in capitals when ``upper``)."""

    text: str = ""
    key: str | None = None
    upper: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of the regulation as laid out on paper."""

    segments: tuple[Segment, ...]
    align: str = "justify"  # left | center | justify
    bold: bool = False
    label: str = ""  # hanging number: "a.", "(1)", "1.", "KESATU"
    level: int = 0  # indentation depth of the label
    space_before: bool = False
    keep_with_next: bool = False  # a BAB or Pasal heading stays with what follows
    article: int | None = None  # the Pasal (or diktum) this block belongs to
    commentary: dict | None = None  # on the first block of an article
    role: str = "body"  # heading | body | signature | title


BLANK = "……"


@functools.cache
def shared_placeholders() -> tuple[Placeholder, ...]:
    with open(VOCAB_DIR / "placeholders.yml", encoding="utf-8") as handle:
        return tuple(Placeholder(str(r["key"]), r["label"], str(r["example"]))
                     for r in yaml.safe_load(handle))


def declared_placeholders(model: dict) -> dict[str, Placeholder]:
    declared = {p.key: p for p in shared_placeholders()}
    for row in model.get("placeholders", []):
        declared[row["key"]] = Placeholder(row["key"], row["label"], str(row["example"]))
    return declared


def segments(text: str, upper: bool = False) -> tuple[Segment, ...]:
    """Split ``text`` at its ``{key}`` placeholders."""
    out: list[Segment] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            out.append(Segment(text[position:match.start()]))
        out.append(Segment(key=match.group(1), upper=upper))
        position = match.end()
    if position < len(text):
        out.append(Segment(text[position:]))
    return tuple(out)


def item_label(depth: int, index: int) -> str:
    """a. -> 1. -> a) -> 1) (UU 12/2011 Lampiran II), for depth 0..3 and 0-based index."""
    letter = string.ascii_lowercase[index % 26] * (index // 26 + 1)
    return [f"{letter}.", f"{index + 1}.", f"{letter})", f"{index + 1})"][min(depth, 3)]


def roman(number: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, numeral in values:
        while number >= value:
            out += numeral
            number -= value
    return out


def placeholders_used(model: dict) -> list[str]:
    """Every placeholder key the layout of ``model`` shows, in order of first use."""
    keys: dict[str, None] = {}
    for block in layout(model):
        for segment in block.segments:
            if segment.key:
                keys.setdefault(segment.key)
    return list(keys)


@dataclass
class _Writer:
    blocks: list[Block] = field(default_factory=list)

    def add(self, text: str | tuple[Segment, ...], **options) -> None:
        parts = segments(text) if isinstance(text, str) else text
        self.blocks.append(Block(parts, **options))

    def items(self, items: list, depth: int, level: int, article: int | None) -> None:
        for index, item in enumerate(items):
            text = item if isinstance(item, str) else item["text"]
            self.add(text, label=item_label(depth, index), level=level, article=article)
            if isinstance(item, dict) and item.get("items"):
                self.items(item["items"], depth + 1, level + 1, article)


def _upper(text: str) -> tuple[Segment, ...]:
    """``text`` in capitals, its placeholders filled in capitals too."""
    return tuple(Segment(s.text.upper()) if s.key is None else s
                 for s in segments(text, upper=True))


def layout(model: dict) -> list[Block]:
    """The whole regulation, in order, in the form of the Lampiran of Permendagri 111/2014."""
    kind = model["type"]
    name = TYPE_NAMES[kind]
    title = model["title"].upper()
    w = _Writer()
    center = {"align": "center", "bold": True, "role": "title"}
    w.add(_upper("KEPALA DESA {nama_desa}"), **center)
    w.add(_upper("KABUPATEN {nama_kabupaten}"), **center)
    w.add(_upper(f"{name} {{nama_desa}}"), space_before=True, **center)
    w.add(_upper("NOMOR {nomor} TAHUN {tahun}"), **center)
    w.add("TENTANG", space_before=True, **center)
    w.add(_upper(title), **center)
    w.add("DENGAN RAHMAT TUHAN YANG MAHA ESA", space_before=True, **center)
    w.add(_upper("KEPALA DESA {nama_desa},"), space_before=True, **center)

    w.add("Menimbang:", align="left", space_before=True, keep_with_next=True)
    w.items(model["considerations"], 0, 1, None)
    w.add("Mengingat:", align="left", space_before=True, keep_with_next=True)
    w.items(model["legal_basis"], 1, 1, None)
    if kind == "perdes":
        w.add("Dengan Kesepakatan Bersama", align="center", space_before=True)
        w.add(_upper("BADAN PERMUSYAWARATAN DESA {nama_desa}"), **center)
        w.add("dan", align="center")
        w.add(_upper("KEPALA DESA {nama_desa}"), **center)
    w.add("MEMUTUSKAN:", space_before=True, **center)
    w.add(f"Menetapkan: {name} TENTANG {title}.", align="left", space_before=True)

    if kind == "keputusan-kades":
        for number, decision in enumerate(model["decisions"], start=1):
            w.add(decision["text"], label=f"{DIKTUM[number - 1]}:", level=0, article=number,
                  commentary=decision.get("commentary"), space_before=True)
            w.items(decision.get("items", []), 0, 1, number)
    else:
        pasal = 0
        for chapter_number, chapter in enumerate(model["chapters"], start=1):
            # Definitions in KETENTUAN UMUM are numbered 1., 2., ... (UU 12/2011 Lampiran II).
            first_depth = 1 if chapter["title"].strip().upper() == "KETENTUAN UMUM" else 0
            w.add(f"BAB {roman(chapter_number)}", align="center", bold=True, role="heading",
                  space_before=True, keep_with_next=True)
            w.add(chapter["title"].upper(), align="center", bold=True, role="heading",
                  keep_with_next=True)
            for article in chapter["articles"]:
                pasal += 1
                w.add(f"Pasal {pasal}", align="center", bold=True, role="heading",
                      space_before=True, keep_with_next=True, article=pasal,
                      commentary=article.get("commentary"))
                if "ayat" in article:
                    for index, ayat in enumerate(article["ayat"], start=1):
                        text = ayat if isinstance(ayat, str) else ayat["text"]
                        w.add(text, label=f"({index})", level=0, article=pasal)
                        if isinstance(ayat, dict) and ayat.get("items"):
                            w.items(ayat["items"], 0, 1, pasal)
                else:
                    w.add(article["text"], article=pasal)
                    w.items(article.get("items", []), first_depth, 1, pasal)
        # The order to promulgate closes the last Pasal (Lampiran of Permendagri 111/2014).
        gazette = "Lembaran Desa" if kind == "perdes" else "Berita Desa"
        w.add(f"Agar setiap orang mengetahuinya, memerintahkan pengundangan {name.title()} ini "
              f"dengan penempatannya dalam {gazette} {{nama_desa}}.", article=pasal)

    signature = {"align": "left", "role": "signature", "level": 3}
    w.add("Ditetapkan di {nama_desa}", space_before=True, **signature)
    w.add("pada tanggal {tanggal_penetapan}", **signature)
    w.add(_upper("KEPALA DESA {nama_desa},"), **signature)
    w.add("(tanda tangan)", space_before=True, **signature)
    w.add(_upper("{nama_kepala_desa}"), bold=True, **signature)
    if kind != "keputusan-kades":
        w.add("Diundangkan di {nama_desa}", space_before=True, **signature)
        w.add("pada tanggal {tanggal_pengundangan}", **signature)
        w.add(_upper("SEKRETARIS DESA {nama_desa},"), **signature)
        w.add("(tanda tangan)", space_before=True, **signature)
        w.add(_upper("{nama_sekretaris_desa}"), bold=True, **signature)
        gazette = "LEMBARAN DESA" if kind == "perdes" else "BERITA DESA"
        w.add(_upper(f"{gazette} {{nama_desa}} TAHUN {{tahun}} NOMOR {{nomor_lembaran}}"),
              align="left", bold=True, space_before=True, role="signature")

    if model.get("explanation"):
        w.add("PENJELASAN", space_before=True, **center)
        w.add(_upper(f"ATAS {name} {{nama_desa}} NOMOR {{nomor}} TAHUN {{tahun}}"), **center)
        w.add(_upper(f"TENTANG {title}"), **center)
        for paragraph in _paragraphs(model["explanation"]):
            w.add(paragraph, space_before=True)
    attachments = model.get("attachments", [])
    for number, attachment in enumerate(attachments, start=1):
        numeral = f" {roman(number)}" if len(attachments) > 1 else ""
        w.add(f"LAMPIRAN{numeral}", align="left", bold=True, space_before=True, role="heading")
        w.add(_upper(f"{name} {{nama_desa}} NOMOR {{nomor}} TAHUN {{tahun}}"), align="left")
        w.add(attachment["title"].upper(), space_before=True, **center)
        for paragraph in _paragraphs(attachment["text"]):
            w.add(paragraph, space_before=True)
    return w.blocks


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def article_count(model: dict) -> int:
    if model["type"] == "keputusan-kades":
        return len(model["decisions"])
    return sum(len(chapter["articles"]) for chapter in model["chapters"])
