"""A case study from a GitHub issue written with ``.github/ISSUE_TEMPLATE/studi-kasus.yml``.

GitHub renders an issue form as Markdown: one ``### <label>`` heading per field,
in the order of the form, then the answer; an empty answer is ``_No response_``,
a checkbox is ``- [X] text`` or ``- [ ] text`` and a dropdown is the chosen
option. The labels are read from the form file and mapped back to the field
ids, so a label can be reworded in the form alone.

Nothing is guessed: a required answer that is missing or unusable is named in
the returned list (in Bahasa Indonesia) and left out of the case.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from lumbung.load import UNSAFE_CHARACTER, read_yaml
from lumbung.scaffold import SCHEMA_LINE
from lumbung.vocab import load_vocabulary, slugify

ROOT = Path(__file__).resolve().parent.parent
FORM_PATH = ROOT / ".github" / "ISSUE_TEMPLATE" / "studi-kasus.yml"
NO_RESPONSE = "_No response_"
SUMMARY_MAX = 600
ID_MAX = 80
ID_TITLE_WORDS = 4
FIRST_YEAR = 1945

# The form fields a case study needs (the case format makes them required).
REQUIRED = ("desa", "kabupaten", "provinsi", "title", "summary", "start_year", "duties",
            "context", "practice", "sources", "consent")
ANSWER_TYPES = ("input", "textarea", "dropdown", "checkboxes")

# Every pattern here runs in linear time on hostile text: no two quantifiers may take the
# same characters (a lazy label before trailing blanks, or link text that may hold "[",
# backtracked for 30 s on 60,000 blanks or brackets).
_HEADING = re.compile(r"^###[ \t]+(.*)$", re.MULTILINE)
_CHECKBOX = re.compile(r"^[-*][ \t]+\[([ xX])\][ \t]*(.*)$")
_DUTY = re.compile(r"^([a-z])[.)][ \t]")
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_BULLET = re.compile(r"^(?:[-*+]|[0-9]+[.)])[ \t]+")
_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\((https?://(?:[^\s()\[\]]|\([^\s()\[\]]*\))+)\)")
_URL = re.compile(r"https?://[^\s<>\"]+")
_PUNCTUATION = " \t-—–:|,;.<>"
_SEPARATORS = (" — ", " – ", " - ")
_ID_SKIP = {"desa", "di", "dan", "yang", "untuk", "dari", "ke", "dengan", "oleh", "pada"}


def load_form(path: str | Path = FORM_PATH) -> dict:
    """The issue form as a dict; ``ValueError`` if it lacks ids or labels or repeats one."""
    form = read_yaml(path)
    if not isinstance(form, dict) or not isinstance(form.get("body"), list):
        raise ValueError(f"{path}: not an issue form (no `body` list)")
    ids: set[str] = set()
    labels: set[str] = set()
    for index, element in enumerate(form["body"]):
        if not isinstance(element, dict) or element.get("type") not in (*ANSWER_TYPES, "markdown"):
            raise ValueError(f"{path}: body[{index}] is not a form element")
        if element["type"] == "markdown":
            continue
        field_id = element.get("id")
        label = (element.get("attributes") or {}).get("label")
        if not isinstance(field_id, str) or not isinstance(label, str) or not label.strip():
            raise ValueError(f"{path}: body[{index}] needs an `id` and `attributes.label`")
        if field_id in ids or label.strip() in labels:
            raise ValueError(f"{path}: body[{index}] repeats id {field_id!r} or label {label!r}")
        ids.add(field_id)
        labels.add(label.strip())
    return form


def form_fields(form: dict) -> list[dict]:
    """The form elements that take an answer, in the order GitHub renders them."""
    return [e for e in form["body"] if e.get("type") in ANSWER_TYPES]


def parse_issue(body: str, form: dict) -> dict[str, str]:
    """The answer to each field found in ``body``, by field id.

    An empty answer (``_No response_``) is ``""``; a field whose heading is not in
    the body is absent. Each heading is looked for after the previous field's, so
    a ``###`` line a contributor wrote inside an answer stays part of it unless it
    repeats the label of the next field exactly.
    """
    text = body.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    headings = [(m.start(), m.end(), m.group(1).rstrip(" \t")) for m in _HEADING.finditer(text)]
    found: list[tuple[int, str]] = []  # (index in headings, field id)
    after = 0
    for element in form_fields(form):
        label = element["attributes"]["label"].strip()
        for index in range(after, len(headings)):
            if headings[index][2] == label:
                found.append((index, element["id"]))
                after = index + 1
                break
    answers: dict[str, str] = {}
    for position, (index, field_id) in enumerate(found):
        end = headings[found[position + 1][0]][0] if position + 1 < len(found) else len(text)
        value = "\n".join(line.rstrip() for line in text[headings[index][1]:end].split("\n"))
        value = value.strip("\n")
        answers[field_id] = "" if value.strip() in (NO_RESPONSE, "") else value
    return answers


def ticked(answer: str) -> list[str]:
    """The text of each ticked box (``- [X] text``) of a checkboxes answer."""
    boxes = (_CHECKBOX.match(line.strip()) for line in answer.split("\n"))
    return [box.group(2).strip() for box in boxes if box and box.group(1) in "xX"]


def read_body(raw: bytes) -> str:
    """The text of an issue body; ``ValueError`` naming the line and column of the first
    byte that is not UTF-8. A leading byte order mark is dropped."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = raw[:error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        raise ValueError(f"{line}:{col}: error: invalid UTF-8 byte 0x{raw[error.start]:02x}; "
                         "save the text as UTF-8") from None


def case_from_issue(body: str, form: dict, today: dt.date,
                    notes: list[str] | None = None) -> tuple[dict, list[str]]:
    """The case-study dict the issue describes, and what is missing or unusable in it.

    Keys follow the order of the case format. A required answer that is missing or
    cannot be used is named in the list and left out of the dict. Characters a case file
    cannot hold (control characters) are removed, each field so changed named in
    ``notes``.
    """
    vocab = load_vocabulary()
    answers = parse_issue(body, form)
    labels = {e["id"]: e["attributes"]["label"].strip() for e in form_fields(form)}
    missing: list[str] = []
    for field_id, value in answers.items():
        cleaned, removed = UNSAFE_CHARACTER.subn("", value)
        if removed:
            answers[field_id] = cleaned
            if notes is not None:
                notes.append(f"{labels.get(field_id, field_id)}: {removed} karakter kendali "
                             "(tidak terlihat) dihapus.")

    def label(field_id: str) -> str:
        return labels.get(field_id, field_id)

    def answer(field_id: str) -> str | None:
        value = answers.get(field_id, "").strip()
        if field_id in REQUIRED and not value:
            missing.append(f"{label(field_id)}: wajib diisi.")
        return value or None

    def single_line(field_id: str) -> str | None:
        value = answer(field_id)
        return " ".join(value.split()) if value else None

    def dropdown(field_id: str) -> str | None:
        value = answers.get(field_id, "").strip()
        if value == "None":  # what GitHub shows for an optional dropdown left unchosen
            answers[field_id] = ""
        return single_line(field_id)

    def year(field_id: str) -> int | None:
        value = answer(field_id)
        if value is None:
            return None
        years = set(_YEAR.findall(value))
        if len(years) != 1:
            missing.append(f"{label(field_id)}: «{value}» bukan satu tahun; "
                           "tulis empat angka, misalnya 2021.")
            return None
        found = int(years.pop())
        if not FIRST_YEAR <= found <= today.year:
            missing.append(f"{label(field_id)}: {found} harus antara {FIRST_YEAR} "
                           f"dan {today.year}.")
            return None
        return found

    desa = single_line("desa")
    kecamatan = single_line("kecamatan")
    kabupaten = single_line("kabupaten")
    provinsi = dropdown("provinsi")
    if provinsi is not None and provinsi not in vocab.values("provinces"):
        missing.append(f"{label('provinsi')}: «{provinsi}» bukan nama provinsi "
                       "dalam daftar 38 provinsi.")
        provinsi = None
    title = single_line("title")
    summary = answer("summary")
    if summary is not None and len(summary) > SUMMARY_MAX:
        missing.append(f"{label('summary')}: {len(summary)} karakter; "
                       f"paling banyak {SUMMARY_MAX}.")
    start = year("start_year")
    duties = _duties(answers.get("duties", ""), label("duties"), missing)
    context = answer("context")
    practice = answer("practice")
    results = answer("results")
    instrument = _instrument(dropdown("instrument_type"), single_line("instrument_title"),
                             single_line("instrument_number"), year("instrument_year"),
                             label, missing)
    budget = answer("budget")
    sources = _sources(answer("sources"), label("sources"), missing)
    contributor = single_line("contributor")
    if not ticked(answers.get("consent", "")):
        missing.append(f"{label('consent')}: belum dicentang.")

    if practice is not None and budget is not None:
        practice = f"{practice}\n\nAnggaran: {budget}"

    case: dict[str, Any] = {"format": 1}
    if desa is not None:
        case["id"] = case_id(desa, title)
    _put(case, "title", title)
    case["status"] = "draft"
    location = {"desa": desa, "kecamatan": kecamatan, "kabupaten": kabupaten,
                "provinsi": provinsi}
    case["location"] = {key: value for key, value in location.items() if value is not None}
    if start is not None:
        case["period"] = {"start": start}
    _put(case, "summary", summary)
    if duties:
        case["duties"] = duties
    story = {"context": context, "practice": practice, "results": results}
    if any(value is not None for value in story.values()):
        case["story"] = {key: value for key, value in story.items() if value is not None}
    if instrument is not None:
        case["instruments"] = [instrument]
    if sources:
        case["sources"] = sources
    if contributor is not None:
        case["contributors"] = [contributor]
    case["updated"] = today.isoformat()
    return case, missing


def _put(case: dict, key: str, value: Any) -> None:
    if value is not None:
        case[key] = value


def _duties(answer: str, label: str, missing: list[str]) -> list[str]:
    letters = set(load_vocabulary().values("duties"))
    chosen: list[str] = []
    for text in ticked(answer):
        match = _DUTY.match(text)
        if match and match.group(1) in letters:
            if match.group(1) not in chosen:
                chosen.append(match.group(1))
        else:
            missing.append(f"{label}: «{text}» bukan salah satu tugas huruf a–e.")
    if not chosen:
        missing.append(f"{label}: centang paling sedikit satu.")
    return sorted(chosen)


def _instrument(type_label: str | None, title: str | None, number: str | None,
                year: int | None, label, missing: list[str]) -> dict | None:
    if type_label is None and title is None:
        if number is not None or year is not None:
            missing.append(f"{label('instrument_title')}: wajib diisi jika "
                           f"{label('instrument_number')} atau {label('instrument_year')} "
                           "diisi.")
        return None
    by_label = {t.label: t.value for t in load_vocabulary().instrument_types}
    if type_label is None:
        missing.append(f"{label('instrument_type')}: wajib dipilih jika "
                       f"{label('instrument_title')} diisi.")
        return None
    if type_label not in by_label:
        missing.append(f"{label('instrument_type')}: «{type_label}» bukan pilihan "
                       "dalam daftar.")
        return None
    if title is None:
        missing.append(f"{label('instrument_title')}: wajib diisi jika "
                       f"{label('instrument_type')} dipilih.")
        return None
    return {"type": by_label[type_label], "title": title, "number": number, "year": year,
            "status": "tidak-diketahui"}


def _sources(answer: str | None, label: str, missing: list[str]) -> list[dict]:
    sources: list[dict] = []
    for line in (answer or "").split("\n"):
        line = _BULLET.sub("", line.strip())
        if not line:
            continue
        source = source_from_line(line)
        if source is None:
            missing.append(f"{label}: baris «{line}» tidak memuat alamat URL (http:// atau "
                           "https://); tambahkan alamatnya atau jelaskan di mana sumber itu "
                           "dapat dibaca.")
        else:
            sources.append(source)
    return sources


def source_from_line(line: str) -> dict | None:
    """``{title, publisher, url}`` from one line holding an http(s) address, else ``None``.

    The text around the address is the title; a part after a final `` — `` or `` - ``
    is the publisher, else the address's host is. ``[title](url)`` is read too.
    """
    line = _MD_LINK.sub(lambda m: f"{m.group(2)} {m.group(1)}", line)
    match = _URL.search(line)
    if match is None:
        return None
    url = match.group()
    opened, closed = url.count("("), url.count(")")
    end = len(url)
    while end and (url[end - 1] in ".,;:!?'>]" or (url[end - 1] == ")" and closed > opened)):
        closed -= url[end - 1] == ")"
        end -= 1
    url = url[:end]
    end = match.start() + len(url)
    # Text on both sides of the address: the address stood between title and publisher.
    parts = [_trim(part) for part in (line[:match.start()], line[end:])]
    rest = " — ".join(part for part in parts if part)
    title, publisher = rest, ""
    for separator in _SEPARATORS:
        if separator in rest:
            title, publisher = (part.strip() for part in rest.rsplit(separator, 1))
            break
    host = urlsplit(url).hostname or url
    return {"title": title or url, "publisher": publisher or host, "url": url}


def _trim(text: str) -> str:
    """``text`` without separators and unmatched brackets at either end (the bracket
    counts kept as they change: linear time on a line of 60,000 brackets)."""
    opened, closed = text.count("("), text.count(")")
    start, end = 0, len(text)
    while True:
        before = (start, end)
        while start < end and text[start] in _PUNCTUATION:
            start += 1
        while end > start and text[end - 1] in _PUNCTUATION:
            end -= 1
        if end > start and text[end - 1] == "(" and opened > closed:
            end, opened = end - 1, opened - 1
        if end > start and text[start] == ")" and closed > opened:
            start, closed = start + 1, closed - 1
        if (start, end) == before:
            return text[start:end]


def case_id(desa: str, title: str | None) -> str:
    """The slug of the village and the first few words of the title, at most 80 characters."""
    village = slugify(desa)
    village = village.removeprefix("desa-") if village != "desa" else village
    skip = _ID_SKIP | set(village.split("-"))
    words = [w for w in slugify(title).split("-") if w not in skip] if title else []
    slug = "-".join([village, *words[:ID_TITLE_WORDS]])
    while len(slug) > ID_MAX:
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:ID_MAX]
    return slug


def case_path(case: dict) -> str:
    """``case_studies/<province slug>/<id>.yml``, relative to the knowledge-base root."""
    try:
        province = load_vocabulary().province(case["location"]["provinsi"])
        return f"case_studies/{province.slug}/{case['id']}.yml"
    except (KeyError, StopIteration) as error:
        raise ValueError("the case needs an id and a known location.provinsi") from error


class _Block(str):
    """A text of several lines, written as a YAML literal block."""


class _Flow(list):
    """A list of short words, written on one line: ``[a, b]``."""


class _CaseDumper(yaml.SafeDumper):
    pass


_CaseDumper.add_representer(
    _Block, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|"))

_CaseDumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data,
                                                         flow_style=True))


def _blocks(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _blocks(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_blocks(item) for item in value]
    if isinstance(value, str) and "\n" in value:
        return _Block(value)
    return value


def dump_case(case: dict) -> str:
    """The case as a YAML file: the schema line, then the keys in the order of ``case``.

    A text of several lines becomes a literal block; strings YAML would read as
    something else (dates, numbers, ``yes``) are quoted.
    """
    data = _blocks(case)
    if isinstance(data.get("duties"), list):
        data["duties"] = _Flow(data["duties"])
    text = yaml.dump(data, Dumper=_CaseDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    return f"{SCHEMA_LINE}\n{text}"
