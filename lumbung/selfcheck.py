""""Cek desa saya": the criteria a village checks itself against (``vocab/self_check.yml``).

Each criterion has its stored sources and the programmes it belongs to (UU 18/2017 Pasal 42
duties and/or programmes of ``vocab/programs.yml``); the cases that answer it are filtered
from the data by the rule it states (``cases_where``), never listed by hand. The file is
checked like the case files: every problem at its ``PATH:LINE:COL``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from lumbung.legal import nomenclatures
from lumbung.load import Document, dotted, load_document
from lumbung.problems import InvalidData, Problem
from lumbung.vocab import VOCAB_DIR, Vocabulary, load_vocabulary

SELF_CHECK_FILE = VOCAB_DIR / "self_check.yml"
SELF_CHECK_DISPLAY = "lumbung/vocab/self_check.yml"
ANSWERS = ("ya", "sebagian", "tidak", "tidak-tahu")
DUTIES_GROUP = "pasal-42"  # the group of the UU 18/2017 Pasal 42 duties in the result
FILTER_KEYS = {"duties": "duties", "topics": "topics", "instrument_types": "instrument_types",
               "programs": "programs"}  # cases_where key -> vocabulary

_TEXT = {"type": "string", "minLength": 1, "maxLength": 600}
_KEYS = {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["criteria", "sources"],
    "additionalProperties": False,
    "properties": {
        "criteria": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "label", "question", "why", "step", "cases_where",
                             "sources"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                           "maxLength": 40},
                    "label": {**_TEXT, "maxLength": 80},
                    "question": _TEXT, "why": _TEXT, "step": {**_TEXT, "maxLength": 200},
                    "duties": _KEYS, "programs": _KEYS, "required_by": _KEYS,
                    "models": _KEYS, "sources": _KEYS,
                    "cases_where": {
                        "type": "object", "minProperties": 1, "additionalProperties": False,
                        "properties": {key: _KEYS for key in FILTER_KEYS},
                    },
                },
            },
        },
        "sources": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "required": ["key", "title", "url", "says"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "title": _TEXT, "publisher": _TEXT, "says": _TEXT,
                    "url": {"type": "string", "pattern": "^https?://[^\\s]+$"},
                },
            },
        },
    },
}


def check_document(doc: Document, display: str, vocab: Vocabulary,
                   model_ids: set[str] | None) -> list[Problem]:
    """Every problem of a loaded criteria file. ``model_ids``: the models in regulations/
    (None: not checked)."""
    problems: list[Problem] = []

    def report(path: tuple, message: str, key: bool = False) -> None:
        line, col = doc.position(path, key=key)
        problems.append(Problem(display, line, col, dotted(path), message))

    for error in sorted(Draft202012Validator(SCHEMA).iter_errors(doc.data),
                        key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1]
            hint = (" (a criterion without a stored source stays out; add the source to "
                    "`sources:` at the end and name its key)") if missing == "sources" else ""
            report(path, f"'{missing}' is required{hint}")
        elif error.validator == "additionalProperties":
            report(path, f"{error.message}; remove it", key=True)
        else:
            report(path, error.message)
    data = doc.data if isinstance(doc.data, dict) else {}
    sources = {row.get("key") for row in _dicts(data.get("sources"))}
    programs = set(vocab.values("programs"))
    seen: set[str] = set()
    for index, criterion in enumerate(_dicts(data.get("criteria"))):
        at = ("criteria", index)
        if criterion.get("id") in seen:
            report(at + ("id",), f"id '{criterion['id']}' is used twice; choose another")
        seen.add(criterion.get("id"))
        if not criterion.get("duties") and not criterion.get("programs"):
            report(at, "a criterion needs `duties` (UU 18/2017 Pasal 42 a-e) or `programs`")
        for key, vocabulary in (("duties", "duties"), ("programs", "programs"),
                                ("required_by", "programs")):
            for position, value in _strings(criterion.get(key)):
                if value not in vocab.values(vocabulary):
                    known = ", ".join(vocab.values(vocabulary))
                    kind = "programme" if vocabulary == "programs" else "duty"
                    report(at + (key, position), f"unknown {kind} '{value}'; use one of: {known}")
        for position, value in _strings(criterion.get("required_by")):
            if value in programs and value not in (criterion.get("programs") or []):
                report(at + ("required_by", position),
                       f"'{value}' requires this criterion, so list it in `programs` too")
        where = criterion.get("cases_where")
        for key, vocabulary in FILTER_KEYS.items():
            for position, value in _strings(where.get(key) if isinstance(where, dict) else None):
                if value not in vocab.values(vocabulary):
                    report(at + ("cases_where", key, position),
                           f"unknown value '{value}' of {vocabulary}; use one of: "
                           + ", ".join(vocab.values(vocabulary)))
        for position, value in _strings(criterion.get("sources")):
            if value not in sources:
                report(at + ("sources", position), f"source '{value}' is not in `sources:` "
                       "at the end of the file; add it with its title and address")
        if model_ids is not None:
            for position, value in _strings(criterion.get("models")):
                if value not in model_ids:
                    report(at + ("models", position), f"no model regulation '{value}' in "
                           "regulations/")
    keys = [row.get("key") for row in _dicts(data.get("sources"))]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            report(("sources", index, "key"), f"source key '{key}' is used twice")
    return problems


def is_criteria_file(path: Path) -> bool:
    """The project's criteria file, or another named like it (``self_check*.yml``; a case or
    model id never holds an underscore, so no record is taken for one)."""
    return path.name.startswith("self_check") and path.suffix in (".yml", ".yaml")


def check_file(path: Path = SELF_CHECK_FILE, display: str = SELF_CHECK_DISPLAY,
               root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Load and check the criteria file; models are looked up in ``root``/regulations."""
    doc, problems = load_document(path, display)
    if doc is None:
        return None, problems
    model_ids = ({p.stem for p in (root / "regulations").glob("*.yml")}
                 if root is not None and (root / "regulations").is_dir() else None)
    problems = problems + check_document(doc, display, load_vocabulary(), model_ids)
    doc.source = None
    return doc, problems


def load_criteria(path: Path = SELF_CHECK_FILE) -> dict:
    """The criteria file as plain data; raises InvalidData when it has an error. Read again
    when the file changes (``mkdocs serve``)."""
    return _load_criteria(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _load_criteria(path: Path, mtime: int) -> dict:
    doc, problems = check_file(path)
    errors = [p for p in problems if p.severity == "error"]
    if doc is None or errors:
        raise InvalidData(errors)
    return doc.data


def matching_cases(criterion: dict, cases: list) -> list[tuple[Any, int]]:
    """The cases that did what ``criterion`` asks, by its ``cases_where`` rule: every case
    with any of the listed values, with how many of them it has."""
    found = []
    for case in cases:
        have = {
            "duties": set(case.duties),
            "topics": set(case.topics),
            "programs": set(case.programs),
            "instrument_types": set(case.instrument_types),
        }
        score = sum(len(set(values) & have[key])
                    for key, values in criterion["cases_where"].items())
        if score:
            found.append((case, score))
    return found


def groups(criteria: list[dict], vocab: Vocabulary) -> list[dict]:
    """The programmes the result counts, in order: the Pasal 42 duties first, then each
    programme as it first appears; each with the ids of its criteria."""
    result = [{"key": DUTIES_GROUP, "label": "Tugas desa menurut UU 18/2017 Pasal 42",
               "criteria": [c["id"] for c in criteria if c.get("duties")]}]
    for criterion in criteria:
        for program in criterion.get("programs", []):
            if all(g["key"] != program for g in result):
                result.append({"key": program, "label": vocab.label("programs", program),
                               "criteria": [c["id"] for c in criteria
                                            if program in c.get("programs", [])]})
    return [g for g in result if g["criteria"]]


PER_PROVINCE = 3  # cases kept per criterion and province: enough for "nearest first"


def page_data(catalog, case_href, model_href) -> dict:
    """Everything the page needs, embedded in it (the check works from the file system):
    the criteria in order, their models and matching cases, the programme groups and the
    provinces with their Kemendagri codes (the first digit is the island group).

    A criterion keeps its best three cases of each province (most matching values, then
    id), so the page stays small with any number of cases and still holds the nearest
    ones for any village."""
    data = load_criteria()
    vocab = catalog.vocab
    table: list[dict] = []
    index_of: dict[str, int] = {}
    criteria = []
    for criterion in data["criteria"]:
        unlocks = len(criterion.get("programs", [])) + (1 if criterion.get("duties") else 0)
        kept: dict[str, int] = {}
        refs = []
        for case, _ in sorted(matching_cases(criterion, catalog.cases),
                              key=lambda pair: (-pair[1], pair[0].id)):
            province = case.location.provinsi
            if kept.get(province, 0) >= PER_PROVINCE:
                continue
            kept[province] = kept.get(province, 0) + 1
            if case.id not in index_of:
                index_of[case.id] = len(table)
                table.append({"title": case.title.id, "desa": case.location.desa,
                              "provinsi": province,
                              "code": vocab.province(province).code,
                              "url": case_href(case.id)})
            refs.append(index_of[case.id])
        criteria.append({
            "id": criterion["id"],
            "label": criterion["label"],
            "question": criterion["question"],
            "why": criterion["why"],
            "step": criterion["step"],
            "required_by": [vocab.label("programs", p) for p in criterion.get("required_by", [])],
            "unlocks": unlocks,
            "models": [{"title": _model_title(catalog.models_by_id[m]), "url": model_href(m)}
                       for m in criterion.get("models", []) if m in catalog.models_by_id],
            "cases": refs,
        })
    return {
        "criteria": criteria,
        "cases": table,
        "groups": groups(data["criteria"], vocab),
        "provinces": [{"name": p.name, "code": p.code} for p in vocab.provinces],
        "village_words": {key: row["village"] for key, row in nomenclatures().items()},
    }


def _model_title(model) -> str:
    """"Peraturan Desa: Pelindungan Pekerja Migran ...", as the model library names it."""
    from lumbung.render.models import type_label
    from lumbung.render.views import title_case

    return f"{type_label(model)}: {title_case(model.title)}"


def _dicts(value: Any) -> list[dict]:
    return [item if isinstance(item, dict) else {} for item in value] \
        if isinstance(value, list) else []


def _strings(value: Any):
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item
