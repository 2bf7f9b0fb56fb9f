"""Model regulations: the official layout as a list of numbered blocks.

One list of :class:`Block` feeds every format (HTML page, DOCX, ODT, PDF), so the
formats agree word for word. Numbering (BAB, Pasal, ayat, list items, diktum) is
computed here from the structure, never typed in the data. The words of the kind of
village (Desa, Kalurahan, Nagari ...) and the village's details stay segments until a
format fills them, so one layout serves every village.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field, replace

from lumbung.legal import (
    BLANK,  # noqa: F401  (one blank mark, shown by every format)
    mengingat_line,
    split_terms,
)
from lumbung.load import read_yaml
from lumbung.vocab import VOCAB_DIR

TOKEN = re.compile(r"\{(@?)([a-z][a-z0-9_]*)\}")
TYPE_NAMES = {  # general words; swapped per kind of village like any other text
    "perdes": "Peraturan Desa",
    "perkades": "Peraturan Kepala Desa",
    "keputusan-kades": "Keputusan Kepala Desa",
    "keputusan-bpd": "Keputusan Badan Permusyawaratan Desa",
}
DECREES = ("keputusan-kades", "keputusan-bpd")  # diktum KESATU, KEDUA, ... instead of Pasal
# Who makes each kind of regulation, who signs it, and with which name.
ISSUERS = {"keputusan-bpd": ("Badan Permusyawaratan Desa {nama_desa}",
                             "Ketua Badan Permusyawaratan Desa {nama_desa}", "{nama_ketua_bpd}")}
HEAD = ("Kepala Desa {nama_desa}", "Kepala Desa {nama_desa}", "{nama_kepala_desa}")
PAPER_NAMES = {  # the procedure papers (type: naskah), by kind
    "surat": "Surat",
    "berita-acara": "Berita Acara",
    "surat-keterangan": "Surat Keterangan",
}
SIGNATURE_GAP = 4  # empty lines left for the signature and the stamp

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def number_words(number: int) -> str:
    """1..99 in Indonesian words: ``dua puluh satu``."""
    if number < 10:
        return _UNITS[number]
    if number == 10:
        return "sepuluh"
    if number == 11:
        return "sebelas"
    if number < 20:
        return f"{_UNITS[number - 10]} belas"
    tens, units = divmod(number, 10)
    return f"{_UNITS[tens]} puluh" + (f" {_UNITS[units]}" if units else "")


def diktum(number: int) -> str:
    """KESATU, KEDUA, ..., KESEPULUH, KESEBELAS, KEDUA BELAS, ... (1..99)."""
    words = number_words(number)
    if words.startswith("se"):
        return f"KE{words.upper()}"
    return "KE" + words.upper()


@dataclass(frozen=True)
class Placeholder:
    key: str
    label: str
    example: str
    per_document: bool = False  # each regulation has its own (number, dates)

    @property
    def numeric(self) -> bool:
        return self.key.startswith(("nomor", "tahun"))


@dataclass(frozen=True)
class Segment:
    """Literal text, a blank for placeholder ``key``, or a word of the kind of village
    (``term``: village, head, council, ...); ``upper`` shows it in capitals."""

    text: str = ""
    key: str | None = None
    term: str | None = None
    upper: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of the regulation as laid out on paper."""

    segments: tuple[Segment, ...]
    align: str = "justify"  # left | center | justify
    bold: bool = False
    label: str = ""  # hanging number: "a.", "(1)", "1."
    lead: str = ""  # word in the lead column, followed by ":" ("Menimbang", "KESATU")
    framed: bool = False  # the text starts after the lead column
    level: int = 0  # indentation depth of the label
    space_before: int = 0  # empty lines before
    keep_with_next: bool = False  # stays on the page of the next block
    page_break: bool = False  # starts a new page
    column: str = "full"  # full | right (signature and lampiran heading column)
    article: int | None = None  # the Pasal (or diktum) this block belongs to
    commentary: dict | None = None  # on the first block of an article
    role: str = "body"  # title | heading | body | signature | note | table
    option: str | None = None  # the option this block depends on
    group: str = ""  # a numbered list the page renumbers when an option hides an item
    table: tuple[tuple[tuple[Segment, ...], ...], ...] | None = None  # rows of cells


@dataclass(frozen=True)
class Choice:
    """Which options are on. ``None``: the plain text, every optional part shown and
    marked with its note, for a village to keep or strike."""

    options: frozenset[str] | None = None

    def shows(self, option: str | None) -> bool:
        return option is None or self.options is None or option in self.options

    @property
    def marks(self) -> bool:
        return self.options is None


PLAIN = Choice()


@functools.cache
def shared_placeholders() -> tuple[Placeholder, ...]:
    return tuple(Placeholder(str(r["key"]), r["label"], str(r["example"]),
                             bool(r.get("per_document")))
                 for r in read_yaml(VOCAB_DIR / "placeholders.yml"))


def declared_placeholders(model: dict) -> dict[str, Placeholder]:
    declared = {p.key: p for p in shared_placeholders()}
    for row in model.get("placeholders", []):
        declared[row["key"]] = Placeholder(row["key"], row["label"], str(row["example"]))
    return declared


def options_of(model: dict) -> dict[str, dict]:
    return {row["key"]: row for row in model.get("options", [])}


@functools.lru_cache(maxsize=16384)
def segments(text: str, upper: bool = False, terms: bool = True) -> tuple[Segment, ...]:
    """Split ``text`` at its ``{key}`` placeholders, ``{@word}`` tokens and (when
    ``terms``) the general words of a village that another kind names differently.
    Kept for the next call with the same text (immutable): a build lays each model out
    once per paper and set of options, about ten times the same sentences."""
    out: list[Segment] = []

    def literal(piece: str) -> None:
        if not piece:
            return
        if not terms:
            out.append(Segment(piece.upper() if upper else piece))
            return
        for chunk, term, capitals in split_terms(piece):
            if term is None:
                out.append(Segment(chunk.upper() if upper else chunk))
            else:
                out.append(Segment(term=term, upper=upper or capitals))

    position = 0
    for match in TOKEN.finditer(text):
        literal(text[position:match.start()])
        if match.group(1):
            out.append(Segment(term=match.group(2), upper=upper))
        else:
            out.append(Segment(key=match.group(2), upper=upper))
        position = match.end()
    literal(text[position:])
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
        for segment in _all_segments(block):
            if segment.key:
                keys.setdefault(segment.key)
    return list(keys)


def _all_segments(block: Block):
    yield from block.segments
    for row in block.table or ():
        for cell in row:
            yield from cell


def _text(item) -> str:
    return item if isinstance(item, str) else item["text"]


def _option(item) -> str | None:
    return item.get("option") if isinstance(item, dict) else None


@dataclass
class _Writer:
    model: dict
    choice: Choice
    blocks: list[Block] = field(default_factory=list)

    def add(self, text: str | tuple[Segment, ...], **options) -> None:
        parts = segments(text) if isinstance(text, str) else text
        self.blocks.append(Block(parts, **options))

    def note(self, option: str, **options) -> None:
        """In the plain text, what an optional part is, just before it."""
        if self.choice.marks:
            row = options_of(self.model)[option]
            self.add(segments(f"[Pilihan desa: {row['note']}]", terms=False), role="note",
                     option=option, keep_with_next=True, **options)

    def items(self, items: list, depth: int, level: int, article: int | None,
              framed: bool = False) -> None:
        shown = [item for item in items if self.choice.shows(_option(item))]
        for index, item in enumerate(shown):
            if _option(item):
                self.note(_option(item), level=level, framed=framed, article=article)
            self.add(_text(item), label=item_label(depth, index), level=level,
                     article=article, framed=framed, option=_option(item))
            if isinstance(item, dict) and item.get("items"):
                self.items(item["items"], depth + 1, level + 1, article, framed)

    def signature(self, place_date: tuple[str, ...] | None, office: str, name: str,
                  space_before: int = 1, known_by: bool = False) -> None:
        """One signature block, kept on one page: ("Mengetahui,"), place and date, office,
        room for the signature and the stamp, name."""
        sig = {"align": "left", "role": "signature", "column": "right", "keep_with_next": True}
        lines = (["Mengetahui,"] if known_by else []) + list(place_date or ()) + [office]
        for index, line in enumerate(lines):
            self.add(_upper_text(line) if line is office else line,
                     space_before=space_before if index == 0 else 0, **sig)
        self.add(_upper_text(name), space_before=SIGNATURE_GAP, bold=True,
                 **{**sig, "keep_with_next": False})


    def copies(self, copies_to: list | None) -> None:
        """Tembusan: 1. ...; 2. ..., kept together with its heading."""
        if not copies_to:
            return
        self.add("Tembusan:", align="left", space_before=1, keep_with_next=True)
        start = len(self.blocks)
        self.items(copies_to, 1, 0, None)
        self.blocks[start:-1] = [replace(b, keep_with_next=True) for b in self.blocks[start:-1]]


def _upper_text(text: str) -> tuple[Segment, ...]:
    return segments(text, upper=True)


def legal_basis_lines(model: dict, choice: Choice) -> list[tuple[str | None, str, bool]]:
    """(option, text, written from data) for each Mengingat item shown."""
    out = []
    for item in model["legal_basis"]:
        option = _option(item)
        if not choice.shows(option):
            continue
        if isinstance(item, str):
            out.append((None, mengingat_line(item), True))
        elif "ref" in item:
            out.append((option, mengingat_line(item["ref"]), True))
        else:
            text = item["text"].rstrip()
            out.append((option, text if text.endswith((";", ".")) else f"{text};", False))
    return out


def layout(model: dict, choice: Choice = PLAIN) -> list[Block]:
    """The whole regulation, in order, in the form of the Lampiran of Permendagri 111/2014."""
    if model["type"] == "naskah":
        return _paper(model, choice)
    kind = model["type"]
    name = TYPE_NAMES[kind]
    title = model["title"]  # segments(..., upper=True) shows it in capitals, tokens and all
    w = _Writer(model, choice)
    issuer, office, signer = ISSUERS.get(kind, HEAD)
    center = {"align": "center", "bold": True, "role": "title"}
    w.add(_upper_text(issuer), **center)
    w.add(_upper_text("Kabupaten {nama_kabupaten}"), **center)
    # "{@draft}" is "RANCANGAN " in the draft for the musyawarah and the BPD.
    w.add(_upper_text(f"{{@draft}}{name} {{nama_desa}}"), space_before=1, **center)
    w.add(_upper_text("NOMOR {nomor} TAHUN {tahun}"), **center)
    w.add("TENTANG", space_before=1, **center)
    w.add(segments(title, upper=True), **center)
    w.add("DENGAN RAHMAT TUHAN YANG MAHA ESA", space_before=1, **center)
    w.add(_upper_text(f"{issuer},"), space_before=1, **center)

    frame = {"framed": True, "align": "justify"}
    for index, text in enumerate(model["considerations"]):
        w.add(text, lead="Menimbang" if index == 0 else "", label=item_label(0, index),
              space_before=1 if index == 0 else 0, **frame)
    for index, (option, text, from_data) in enumerate(legal_basis_lines(model, choice)):
        if option:
            w.note(option, framed=True)
        w.add(segments(text, terms=not from_data),
              lead="Mengingat" if index == 0 else "", label=item_label(1, index),
              space_before=1 if index == 0 else 0, option=option, group="mengingat", **frame)
    if kind == "perdes":
        w.add("Dengan Kesepakatan Bersama", align="center", space_before=1, keep_with_next=True)
        w.add(_upper_text("Badan Permusyawaratan Desa {nama_desa}"), keep_with_next=True,
              **center)
        w.add("dan", align="center", keep_with_next=True)
        w.add(_upper_text("Kepala Desa {nama_desa}"), keep_with_next=True, **center)
    w.add("MEMUTUSKAN:", space_before=1, keep_with_next=True, **center)
    w.add(segments(f"{name} TENTANG {title}.", upper=True), lead="Menetapkan",
          space_before=1, **{**frame, "align": "left"})

    if kind in DECREES:
        _decisions(w, model)
    else:
        _chapters(w, model)

    if kind in DECREES:
        w.signature(("Ditetapkan di {nama_desa}", "pada tanggal {tanggal_penetapan}"),
                    f"{office},", signer)
        w.copies(model.get("copies_to"))
    else:
        w.signature(("Ditetapkan di {nama_desa}", "pada tanggal {tanggal_penetapan}"),
                    "Kepala Desa {nama_desa},", "{nama_kepala_desa}")
        w.signature(("Diundangkan di {nama_desa}", "pada tanggal {tanggal_pengundangan}"),
                    "Sekretaris Desa {nama_desa},", "{nama_sekretaris_desa}")
        gazette = "Lembaran Desa" if kind == "perdes" else "Berita Desa"
        w.add(_upper_text(f"{gazette} {{nama_desa}} TAHUN {{tahun}} NOMOR {{nomor_lembaran}}"),
              align="left", bold=True, space_before=2, role="signature")

    if model.get("explanation"):
        _explanation(w, model, name, title)
    _attachments(w, model, name, title)
    return w.blocks


def _chapters(w: _Writer, model: dict) -> None:
    pasal = 0
    for chapter_number, chapter in enumerate(model["chapters"], start=1):
        # Definitions in KETENTUAN UMUM are numbered 1., 2., ... (UU 12/2011 Lampiran II).
        first_depth = 1 if chapter["title"].strip().upper() == "KETENTUAN UMUM" else 0
        w.add(f"BAB {roman(chapter_number)}", align="center", bold=True, role="heading",
              space_before=1, keep_with_next=True)
        w.add(segments(chapter["title"], upper=True), align="center", bold=True,
              role="heading", keep_with_next=True)
        for article in chapter["articles"]:
            if not w.choice.shows(article.get("option")):
                continue
            pasal += 1
            if article.get("option"):
                w.note(article["option"], article=pasal, space_before=1)
            w.add(f"Pasal {pasal}", align="center", bold=True, role="heading",
                  space_before=0 if article.get("option") and w.choice.marks else 1,
                  keep_with_next=True, article=pasal, commentary=article.get("commentary"),
                  option=article.get("option"))
            if "ayat" in article:
                shown = [a for a in article["ayat"] if w.choice.shows(_option(a))]
                for index, ayat in enumerate(shown, start=1):
                    if _option(ayat):
                        w.note(_option(ayat), article=pasal)
                    w.add(_text(ayat), label=f"({index})", article=pasal, option=_option(ayat))
                    if isinstance(ayat, dict) and ayat.get("items"):
                        w.items(ayat["items"], 0, 1, pasal)
            else:
                w.add(article["text"], article=pasal, option=article.get("option"))
                w.items(article.get("items", []), first_depth, 1, pasal)
    # The order to promulgate closes the last Pasal (Lampiran of Permendagri 111/2014).
    gazette = "Lembaran Desa" if model["type"] == "perdes" else "Berita Desa"
    w.add(f"Agar setiap orang mengetahuinya, memerintahkan pengundangan "
          f"{TYPE_NAMES[model['type']]} ini dengan penempatannya dalam {gazette} {{nama_desa}}.",
          article=pasal)


def _decisions(w: _Writer, model: dict) -> None:
    shown = [d for d in model["decisions"] if w.choice.shows(d.get("option"))]
    for number, decision in enumerate(shown, start=1):
        if decision.get("option"):
            w.note(decision["option"], framed=True, article=number)
        w.add(decision["text"], lead=diktum(number), framed=True, article=number,
              commentary=decision.get("commentary"), space_before=1,
              option=decision.get("option"))
        w.items(decision.get("items", []), 0, 0, number, framed=True)


def _explanation(w: _Writer, model: dict, name: str, title: str) -> None:
    """Penjelasan: I. UMUM and II. PASAL DEMI PASAL, every Pasal shown ("Cukup jelas."
    unless the model explains it), on a new page."""
    explanation = model["explanation"]
    center = {"align": "center", "bold": True, "role": "title"}
    w.add("PENJELASAN", page_break=True, **center)
    w.add("ATAS", **center)
    w.add(_upper_text(f"{name} {{nama_desa}}"), **center)
    w.add(_upper_text("NOMOR {nomor} TAHUN {tahun}"), **center)
    w.add("TENTANG", **center)
    w.add(segments(title, upper=True), **center)
    w.add("I. UMUM", align="left", bold=True, space_before=1, keep_with_next=True,
          role="heading")
    for paragraph in _paragraphs(explanation.get("general", "")):
        w.add(paragraph, level=1)
    w.add("II. PASAL DEMI PASAL", align="left", bold=True, space_before=1,
          keep_with_next=True, role="heading")
    texts = {row["pasal"]: row["text"] for row in explanation.get("articles", [])}
    shown = [a for c in model["chapters"] for a in c["articles"]
             if w.choice.shows(a.get("option"))]
    for pasal in range(1, len(shown) + 1):
        w.add(f"Pasal {pasal}", align="left", level=1, space_before=1, keep_with_next=True)
        for paragraph in _paragraphs(texts.get(pasal, "Cukup jelas.")):
            w.add(paragraph, level=2)


def _attachments(w: _Writer, model: dict, name: str, title: str) -> None:
    """Each lampiran on a new page: its heading at the top right (LAMPIRAN, the
    instrument, NOMOR, TENTANG), its title, its text or table, and the signature of the
    Kepala Desa at its end (UU 12/2011 Lampiran II)."""
    attachments = model.get("attachments", [])
    head = {"align": "left", "column": "right", "role": "heading", "keep_with_next": True}
    for number, attachment in enumerate(attachments, start=1):
        numeral = f" {roman(number)}" if len(attachments) > 1 else ""
        w.add(f"LAMPIRAN{numeral}", page_break=True, **head)
        w.add(_upper_text(f"{name} {{nama_desa}}"), **head)
        w.add(_upper_text("NOMOR {nomor} TAHUN {tahun}"), **head)
        w.add("TENTANG", **head)
        w.add(segments(title, upper=True), **head)
        w.add(segments(attachment["title"], upper=True), space_before=1, align="center",
              bold=True, role="title")
        for paragraph in _paragraphs(attachment.get("text", "")):
            w.add(paragraph, space_before=1, align="left")
        if attachment.get("table"):
            table = attachment["table"]
            rows = [tuple(segments(c) for c in table["columns"])]
            rows += [tuple(segments(str(c)) for c in row) for row in table["rows"]]
            w.blocks.append(Block((), role="table", table=tuple(rows), space_before=1))
        _, office, signer = ISSUERS.get(model["type"], HEAD)
        w.signature(None, f"{office},", signer, space_before=2)


def _paper(model: dict, choice: Choice) -> list[Block]:
    """A procedure paper: the village government's letterhead or a centred title, the
    "Nomor : ..." rows, the body, the signature blocks and the Tembusan."""
    w = _Writer(model, choice)
    center = {"align": "center", "bold": True, "role": "title"}
    kind = model["kind"]
    # Every paper names the village at its head: the village government's letterhead,
    # then (heading: title) the kind of paper and its title.
    w.add(_upper_text("Pemerintah Desa {nama_desa}"), **center)
    w.add(_upper_text("Kecamatan {nama_kecamatan}"), **center)
    w.add(_upper_text("Kabupaten {nama_kabupaten}"), **center)
    if model["heading"] == "title":
        w.add(PAPER_NAMES[kind].upper(), space_before=1, **center)
        w.add(segments(model["title"], upper=True), **center)
    for index, (label, value) in enumerate(model.get("fields", [])):
        w.add(value, lead=label, framed=True, align="left",
              space_before=1 if index == 0 else 0)
    for part in model["body"]:
        w.add(part["text"], align=part.get("align", "justify"), space_before=1)
        w.items(part.get("items", []), 0, 1, None)
    for signature in model["signatures"]:
        place_date = (signature["place_date"],) if signature.get("place_date") else None
        w.signature(place_date, signature["office"] + ",", signature["name"],
                    space_before=2, known_by=bool(signature.get("known_by")))
    w.copies(model.get("copies_to"))
    return w.blocks


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def article_count(model: dict, choice: Choice = PLAIN) -> int:
    if model["type"] == "naskah":
        return 0
    if model["type"] in DECREES:
        return sum(1 for d in model["decisions"] if choice.shows(d.get("option")))
    return sum(1 for chapter in model["chapters"] for a in chapter["articles"]
               if choice.shows(a.get("option")))

