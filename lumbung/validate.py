"""Validation of case-study files: the JSON Schema, then the rules it cannot say.

Every problem becomes a :class:`Problem` at the line of the offending value
(or key), with a hint on how to fix it where there is one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, ValidationError, validators

from lumbung import routes
from lumbung.legal import DRAFT_KEY, REGION_KEYS, WORD_KEYS, legal_references
from lumbung.load import BareDate, Document, YamlDate, dotted
from lumbung.problems import Problem
from lumbung.regulation import TOKEN, shared_placeholders
from lumbung.scaffold import TODO_PREFIX
from lumbung.schema import case_study_schema, model_regulation_schema
from lumbung.vocab import Vocabulary, load_vocabulary, slugify

_base_type = Draft202012Validator.VALIDATORS["type"]


def _type_keyword(validator, types, instance, schema):
    # A bare YAML date that loads to exactly its text is accepted where a date is expected.
    if isinstance(instance, BareDate) and schema.get("format") == "date":
        return
    yield from _base_type(validator, types, instance, schema)


def _is_string(checker, instance) -> bool:
    return isinstance(instance, str) and not isinstance(instance, YamlDate)


def _is_integer(checker, instance) -> bool:
    # Unlike JSON Schema, 50.0 is not an integer here: YAML reads 50.000 (fifty thousand,
    # written the Indonesian way) as 50.0, and that must not pass silently.
    return isinstance(instance, int) and not isinstance(instance, bool)


def _canonical(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal exactly when JSON Schema calls two
    values equal (1 and 1.0 are, true and 1 are not)."""
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, list):
        return ("array", tuple(_canonical(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, _canonical(item)) for key, item in value.items()))
    return ("string", str(value)) if isinstance(value, str) else ("null", None)


def _first_repeat(items: list) -> int | None:
    """The index of the first item equal to an earlier one, in linear time."""
    seen: set = set()
    for index, item in enumerate(items):
        key = _canonical(item)
        if key in seen:
            return index
        seen.add(key)
    return None


def _unique_items_keyword(validator, unique, instance, schema):
    # jsonschema compares every pair when items cannot be sorted (maps): minutes for a
    # long hostile list. Hashing is linear.
    if unique and isinstance(instance, list) and _first_repeat(instance) is not None:
        yield ValidationError("has non-unique elements")


_CaseStudyValidator = validators.extend(
    Draft202012Validator,
    validators={"type": _type_keyword, "uniqueItems": _unique_items_keyword},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"string": _is_string, "integer": _is_integer}),
)

_TYPE_NAMES = {
    "string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
    "object": "a map of keys", "null": "null", "boolean": "true or false",
}


def _inline_refs(node: Any, defs: dict, expanding: tuple = ()) -> Any:
    """The schema with each local ``$ref`` replaced by what it points to: the same rules,
    checked about twice as fast (no reference lookups). A recursive reference (list items
    holding lists) stays a ``$ref`` into the unchanged ``$defs``."""
    if isinstance(node, list):
        return [_inline_refs(item, defs, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: value if key == "$defs" else _inline_refs(value, defs, expanding)
            for key, value in node.items()}
    ref = node.get("$ref")
    name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
    if name is None or name in expanding:
        return node
    node.pop("$ref")
    target = _inline_refs(defs[name], defs, expanding + (name,))
    clash = [key for key in node if key in target and key != "description"]
    if clash:  # both must hold; keep them apart
        return {"allOf": [target, node]}
    return {**target, **node}


def schema_validator(kind: str = "case") -> Draft202012Validator:
    schema = case_study_schema() if kind == "case" else model_regulation_schema()
    return _CaseStudyValidator(_inline_refs(schema, schema["$defs"]),
                               format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _validator(kind: str) -> Draft202012Validator:
    return schema_validator(kind)


_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_calendar_date(text: str) -> bool:
    try:
        return bool(_FULL_DATE.fullmatch(text)) and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


@functools.cache
def _compiled_validator(kind: str):
    """The same JSON Schema compiled to Python code (fastjsonschema): about ten times
    faster than jsonschema, but it only says valid or not. None if the schema uses what
    it cannot compile (a recursive reference)."""
    schema = case_study_schema() if kind == "case" else model_regulation_schema()
    inlined = _inline_refs(schema, schema["$defs"])
    inlined.pop("$defs")
    if '"$ref"' in json.dumps(inlined):
        return None
    # Draft 7 has every keyword the schema uses; defaults must not be written into the data.
    inlined["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(inlined, formats={"date": _is_calendar_date},
                                  use_default=False)


def compile_schemas() -> None:
    """Build both validators now (before forking workers, which then share them)."""
    for kind in ("case", "model"):
        _compiled_validator(kind)
        _validator(kind)


def _plain_json(value: Any) -> bool:
    """Whether ``value`` holds only what the compiled validator judges as jsonschema does
    here: no YAML date (text to it, but not to ours) and no whole float (an integer to
    it, not to ours: 50.000 must not pass as 50)."""
    if isinstance(value, dict):
        return all(_plain_json(item) for item in value.values())
    if isinstance(value, list):
        return all(_plain_json(item) for item in value)
    if isinstance(value, float):
        return not value.is_integer()
    return not isinstance(value, YamlDate)


def schema_problems(doc: Document, display: str, kind: str = "case") -> list[Problem]:
    """The schema's verdict on ``doc``, each error a problem at its line. A valid file
    (nearly all of them) is checked by the compiled schema alone; jsonschema runs only to
    describe what is wrong."""
    fast = _compiled_validator(kind)
    if fast is not None and _plain_json(doc.data):
        try:
            fast(doc.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass
    return [problem for error in _validator(kind).iter_errors(doc.data)
            for problem in _translate(error, doc, display)]


def today_in_indonesia() -> dt.date:
    """Today's date in the easternmost Indonesian time zone (WIT, UTC+9), so a date that is
    already today anywhere in Indonesia is not "in the future"."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=9)).date()


def validate_document(doc: Document, display: str, today: dt.date | None = None,
                      vocab: Vocabulary | None = None, kind: str = "case") -> list[Problem]:
    """All problems of one loaded file (a case study, or a model regulation when ``kind``
    is "model") that need no other file to find."""
    vocab = vocab or load_vocabulary()
    today = today or today_in_indonesia()
    problems = schema_problems(doc, display, kind)
    problems.extend(_rules(doc, display, today, vocab))
    if kind == "model":
        problems.extend(_model_rules(doc, display))
    # A value still holding the scaffold's "ISI: ..." text gets one clear message instead.
    unfilled = {dotted(path): path for path, text in _strings(doc.data)
                if text.startswith(TODO_PREFIX)}
    problems = [p for p in problems if p.key_path not in unfilled]
    for key, path in unfilled.items():
        line, col = doc.position(path)
        problems.append(Problem(display, line, col, key,
                                "not filled in yet: replace the template's \"ISI: ...\" text "
                                "with the real value"))
    reported = {p.key_path for p in problems}
    for path, scalar in doc.scalars.items():
        if scalar.surprising_number and dotted(path) not in reported:
            line, col = doc.position(path)
            problems.append(Problem(display, line, col, dotted(path),
                                    _number_surprise(scalar.text, _value_at(doc.data, path))))
    return sorted(set(problems))


def clip(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: at most ``limit`` characters (a hostile file may hold
    a 5,000-digit number or a 200 KB line)."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text):,} characters)"


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _number_surprise(text: str, value: Any) -> str:
    if len(text) > 40:
        return f"YAML reads {clip(text)} as a number; if it is text, quote it"
    if re.fullmatch(r"[-+]?0[0-7]+", text):
        return (f"YAML reads {text} as the octal number {value}; write it without the "
                f"leading zero: {int(text, 10)}")
    if re.fullmatch(r"[-+]?[0-9][0-9_]*", text):
        return f"YAML reads {text} as {value}; write it without underscores: {value}"
    return f'YAML reads {text} as the number {value}; if it is text, quote it: "{text}"'



# --- schema errors -> problems ------------------------------------------------------------


def _translate(error: ValidationError, doc: Document, display: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    kind = error.validator

    if kind in ("anyOf", "oneOf"):
        return _translate_alternatives(error, doc, display, hint)

    def at(message: str, key_path=path, key: bool = False) -> list[Problem]:
        line, col = doc.position(key_path, key=key)
        return [Problem(display, line, col, dotted(key_path), message)]

    instance = error.instance
    if kind == "type":
        expected = error.validator_value
        expected = {expected} if isinstance(expected, str) else set(expected)
        return at(_type_message(expected, instance, doc.scalars.get(path), hint))
    if kind == "required":
        missing = [key for key in error.validator_value if key not in instance]
        out = []
        for key in missing:
            line, col = doc.position(path, key=True)
            where = f"'{dotted(path)}'" if path else "the file"
            out.append(Problem(display, line, col, dotted(path + (key,)),
                               f"required key '{key}' is missing from {where}; add it"
                               + _hint(hint)))
        return out
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        out = []
        for key in instance:
            if key in known:
                continue
            out.extend(at(_unknown_key_message(key, known), path + (key,), key=True))
        return out
    if kind == "enum":
        return at(_enum_message(instance, error.validator_value, doc.scalars.get(path)))
    if kind == "const":
        if "type" in error.schema and not _validator("case").is_type(instance,
                                                                     error.schema["type"]):
            return []  # the type error says it (format: 1.0 or "1")
        return at(f"must be {error.validator_value!r}" + _hint(hint))
    if kind == "pattern":
        if error.validator_value.startswith("[^\\s"):  # $defs/string: one visible character
            return at("must not be blank (spaces and invisible characters only); write a value")
        message = f"'{clip(instance)}' is not in the expected form"
        if "a-z0-9" in error.validator_value and isinstance(instance, str):
            suggestion = slugify(instance)[:80]
            message += f"; {hint}" + (f" (e.g. '{suggestion}')" if suggestion else "")
            return at(message)
        return at(message + _hint(hint))
    if kind == "minLength":
        return at("must not be empty; write a value")
    if kind == "maxLength":
        return at(f"is {len(instance)} characters long; the limit is {error.validator_value}")
    if kind == "minItems":
        return at("must list at least one item")
    if kind == "uniqueItems":
        index = _first_repeat(instance)
        shown = repr(instance[index]) if index is not None else ""
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        return at(f"lists {shown} more than once; keep one", path + (index or 0,))
    if kind in ("minimum", "maximum"):
        word = "below the minimum" if kind == "minimum" else "above the maximum"
        return at(f"{clip(instance)} is {word} {error.validator_value}" + _hint(hint))
    if kind == "format":
        pattern = error.schema.get("pattern")
        if isinstance(instance, YamlDate) or (pattern and not re.search(pattern, instance)):
            return []  # already reported by the type or pattern check
        return at(f"'{clip(instance)}' is not a real calendar date" + _hint(hint))
    return at(error.message + _hint(hint))


def _translate_alternatives(error: ValidationError, doc: Document, display: str,
                            hint: str | None) -> list[Problem]:
    """Report the alternative the contributor evidently meant, or a type error."""
    branches: dict[int, list[ValidationError]] = defaultdict(list)
    for sub in error.context:
        branches[sub.relative_schema_path[0]].append(sub)
    meant = [
        errors for errors in branches.values()
        if not any(sub.validator == "type" and not sub.relative_path for sub in errors)
    ]
    path = tuple(error.absolute_path)
    expected: set[str] = set()
    for sub in error.context:
        if sub.validator == "type" and not sub.relative_path:
            value = sub.validator_value
            expected.update({value} if isinstance(value, str) else value)
    number_as_text = isinstance(error.instance, str) and _number_in(error.instance) is not None
    if len(meant) == 1 and not (number_as_text and "integer" in expected):
        return [p for sub in meant[0] for p in _translate(sub, doc, display)]
    line, col = doc.position(path)
    message = _type_message(expected, error.instance, doc.scalars.get(path), hint)
    return [Problem(display, line, col, dotted(path), message)]


def _hint(hint: str | None) -> str:
    return f"; {hint}" if hint else ""


def _type_message(expected: set[str], instance: Any, scalar, hint: str | None) -> str:
    text = clip(scalar.text) if scalar is not None else None
    if "string" in expected and text is not None and not isinstance(instance, (dict, list)):
        if isinstance(instance, YamlDate):
            if hint and "date" in hint:  # a date field, but not a real YYYY-MM-DD date
                if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                    return f"{text} is not a real calendar date"
                return f"{text} is not written as YYYY-MM-DD; {hint}"
            return f'must be text, but YAML reads {text} as a date; quote it: "{text}"'
        if isinstance(instance, bool):
            return (f"must be text, but YAML reads {text} as {str(instance).lower()}; "
                    f'quote it: "{text}"')
        if isinstance(instance, (int, float)):
            return f'must be text, but YAML reads {text} as a number; quote it: "{text}"'
    if instance is None:
        return "is empty; write a value, or remove the line if the key is optional" + (
            "" if "null" in expected else "")
    if expected & {"integer", "number"} and isinstance(instance, str):
        number = _number_in(instance)
        if number is not None and scalar is not None and scalar.quoted:
            return f'must be a whole number without quotes (write {number}, not "{instance}")'
        if number is not None:
            return f"must be a whole number without dots or spaces (write {number}, not {instance})"
        return f"must be {_names(expected)}, not text" + _hint(hint)
    if "integer" in expected and isinstance(instance, float):
        if text and re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text):
            return (f"YAML reads {text} as the number {instance}; write whole rupiah without "
                    f"dots, e.g. {text.replace('.', '')}")
        if instance.is_integer():
            return f"must be a whole number (write {int(instance)}, not {text or instance})"
        return f"must be a whole number, not {text or instance}" + _hint(hint)
    if "array" in expected and not isinstance(instance, list):
        return f"must be a list, e.g. [{text or '...'}]"
    return f"must be {_names(expected)}, not {_kind(instance)}" + _hint(hint)


def _number_in(text: str) -> int | None:
    """The whole number a contributor meant by text like "Rp 50.000.000,00" or "2021"."""
    if len(text) > 40:  # no amount has that many digits (and int() refuses 4,301 or more)
        return None
    cleaned = re.sub(r"(?i)^\s*rp\.?\s*", "", text.strip())
    cleaned = re.sub(r",(00|-)$", "", cleaned)
    if re.fullmatch(r"[0-9]{1,3}([.,\s][0-9]{3})+|[0-9]+", cleaned):
        return int(re.sub(r"[^0-9]", "", cleaned))
    return None


def _names(types: Iterable[str]) -> str:
    return " or ".join(_TYPE_NAMES.get(t, t) for t in sorted(types))


def _kind(instance: Any) -> str:
    if isinstance(instance, YamlDate):
        return "a date"
    if isinstance(instance, bool):
        return "true/false"
    if isinstance(instance, (int, float)):
        return "a number"
    if isinstance(instance, str):
        return "text"
    if isinstance(instance, list):
        return "a list"
    if isinstance(instance, dict):
        return "a map"
    return "null"


def _unknown_key_message(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}'; did you mean '{close[0]}'?"
    return f"unknown key '{key}'; allowed keys here: {', '.join(known)}"


def _enum_message(value: Any, allowed: list, scalar=None) -> str:
    shown = clip(value) if not isinstance(value, str) else f"'{clip(value)}'"
    if scalar is not None and not isinstance(value, str) and scalar.text in allowed:
        return f'YAML reads {scalar.text} as {_kind(value)}; quote it: "{scalar.text}"'
    if isinstance(value, str):
        close = nearest(value, [str(a) for a in allowed])
        if close:
            return f"{shown} is not allowed; did you mean '{close}'?"
    return f"{shown} is not allowed; write one of: {', '.join(map(str, allowed))}"


def nearest(value: str, allowed: list[str]) -> str | None:
    """The allowed value a contributor most likely meant: same words, a known short name
    (Jatim), or a close spelling."""
    wanted = slugify(value)
    same = [a for a in allowed if slugify(a) == wanted]
    if same:
        return same[0]
    alias = load_vocabulary().aliases().get(wanted)
    if alias in allowed:
        return alias
    close = difflib.get_close_matches(value.lower(), [a.lower() for a in allowed], n=1,
                                      cutoff=0.75)
    return next((a for a in allowed if close and a.lower() == close[0]), None)


# --- rules the schema cannot express ---------------------------------------------------------

# A folder the site generates beside case pages and kabupaten pages: page N of a list is
# <list>/hal-N/ (lumbung.render.site.paginate), so no id or kabupaten may be named so.
RESERVED_SEGMENT = re.compile(re.escape(routes.PAGE_SEGMENT) + "[0-9]+")  # list pages 2, 3, ...


def _rules(doc: Document, display: str, today: dt.date, vocab: Vocabulary) -> list[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []

    def report(path: tuple, message: str) -> None:
        line, col = doc.position(path)
        problems.append(Problem(display, line, col, dotted(path), message))

    case_id = data.get("id")
    if isinstance(case_id, str) and RESERVED_SEGMENT.fullmatch(case_id):
        report(("id",), f"id '{case_id}' is the address of a page of the list of all cases "
                        f"(/kasus/{case_id}/); add a word, e.g. '{case_id}-desa'")
    location = data.get("location")
    kabupaten = location.get("kabupaten") if isinstance(location, dict) else None
    if isinstance(kabupaten, str) and RESERVED_SEGMENT.fullmatch(slugify(kabupaten)):
        report(("location", "kabupaten"),
               f"'{kabupaten}' would take the address of a page of its province's list; "
               "write the kabupaten's real name")
    if isinstance(location, dict):
        code = location.get("kode_wilayah")
        province = location.get("provinsi")
        if isinstance(code, str) and not isinstance(code, YamlDate) \
                and province in vocab.values("provinces"):
            expected = vocab.province(province).code
            if re.match(r"^[0-9]{2}\.", code) and not code.startswith(expected + "."):
                report(("location", "kode_wilayah"),
                       f"starts with {code[:2]}, but the code of {province} is {expected}; "
                       "check the code or the province")

    sources = data.get("sources")
    source_count = len(sources) if isinstance(sources, list) else 0
    for index, line in _items(data, "budget"):
        source = line.get("source")
        if isinstance(source, int) and not isinstance(source, bool) and source > source_count:
            report(("budget", index, "source"),
                   f"source {source} does not exist: the file lists {source_count} source(s)")

    for path, value in _dates_and_years(data):
        if isinstance(value, str) and (not isinstance(value, YamlDate) or value.exact):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                continue
            if day > today:
                report(path, f"date {clip(value)} is in the future (today is {today.isoformat()})")
        elif isinstance(value, int) and not isinstance(value, bool) and value > today.year:
            report(path, f"year {clip(value)} is in the future")

    period = data.get("period")
    if isinstance(period, dict):
        start, end = period.get("start"), period.get("end")
        start_year, end_year = _year_of(start), _year_of(end)
        if start_year and end_year:
            both_dates = isinstance(start, str) and isinstance(end, str)
            if (both_dates and end < start) or (not both_dates and end_year < start_year):
                report(("period", "end"), "ends before it starts")
    return problems


# The parts one type of model has and another has not.
PART_KEYS = {"chapters", "decisions", "considerations", "legal_basis", "kind", "heading", "fields",
             "body", "signatures"}


def _model_rules(doc: Document, display: str) -> list[Problem]:
    """What the model-regulation schema cannot say: declared placeholders only, the parts a
    type needs, an article made of text or of ayat."""
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []

    def report(path: tuple, message: str) -> None:
        line, col = doc.position(path)
        problems.append(Problem(display, line, col, dotted(path), message))

    shared = {p.key for p in shared_placeholders()}
    own = [row.get("key") for row in _list(data.get("placeholders")) if isinstance(row, dict)]
    for index, key in enumerate(own):
        if key in shared:
            report(("placeholders", index, "key"),
                   f"'{key}' is already a shared placeholder; remove it here")
    declared = shared | {key for key in own if isinstance(key, str)}
    words = set(WORD_KEYS) | set(REGION_KEYS) | {DRAFT_KEY}
    for path, text in _strings(data):
        if path and path[0] in ("placeholders", "sources", "options"):
            continue
        for match in TOKEN.finditer(text):
            is_word, key = bool(match.group(1)), match.group(2)
            known = words if is_word else declared
            if key in known:
                continue
            close = difflib.get_close_matches(key, sorted(known), n=1)
            prefix = "@" if is_word else ""
            if is_word:
                what = f"word '{match.group(0)}' is not a word of a kind of village"
                hint = f"; did you mean '{{@{close[0]}}}'?" if close else \
                    f"; use one of {', '.join(sorted(words))}"
            else:
                what = f"placeholder '{match.group(0)}' is not declared"
                hint = f"; did you mean '{{{prefix}{close[0]}}}'?" if close else \
                    "; declare it under `placeholders:` with a label and an example"
            line, col = doc.locate(path, match.group(0))
            problems.append(Problem(display, line, col, dotted(path), what + hint))
        if "{" in TOKEN.sub("", text) or "}" in TOKEN.sub("", text):
            report(path, "braces are only for placeholders such as {nama_desa} and words "
                         "such as {@head}; remove the other braces")

    references = legal_references()
    for index, item in enumerate(_list(data.get("legal_basis"))):
        key, path = (item, ("legal_basis", index)) if isinstance(item, str) else \
            (item.get("ref"), ("legal_basis", index, "ref")) if isinstance(item, dict) else \
            (None, None)
        if isinstance(key, str) and key not in references:
            close = difflib.get_close_matches(key, sorted(references), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else \
                "; add it to lumbung/vocab/legal_references.yml with its source, or write `text:`"
            report(path, f"unknown legal reference '{key}'{hint}")

    option_keys = [row.get("key") for row in _list(data.get("options"))
                   if isinstance(row, dict) and isinstance(row.get("key"), str)]
    used_options: set[str] = set()
    for path, value in _keyed(data, "option"):
        if not isinstance(value, str):
            continue
        used_options.add(value)
        if value not in option_keys:
            close = difflib.get_close_matches(value, sorted(option_keys), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else \
                "; declare it under `options:` with a label and a note"
            report(path, f"unknown option '{value}'{hint}")
    for index, key in enumerate(option_keys):
        if isinstance(key, str) and key not in used_options:
            report(("options", index, "key"), f"option '{key}' is declared but nothing uses it")
        if isinstance(key, str) and option_keys.count(key) > 1:
            report(("options", index, "key"), f"option '{key}' is declared twice")

    kind = data.get("type")
    parts = {"perdes": ("chapters", "considerations", "legal_basis"),
             "perkades": ("chapters", "considerations", "legal_basis"),
             "keputusan-kades": ("decisions", "considerations", "legal_basis"),
             "keputusan-bpd": ("decisions", "considerations", "legal_basis"),
             "naskah": ("kind", "heading", "body", "signatures")}
    if kind in parts:
        for needed in parts[kind]:
            if needed not in data:
                report(("type",), f"a {kind} needs `{needed}:`")
        allowed = set(parts[kind]) | ({"fields"} if kind == "naskah" else set())
        for key in sorted((PART_KEYS - allowed) & set(data)):
            report((key,), f"a {kind} has no `{key}:`")
    for c_index, chapter in _items(data, "chapters"):
        for a_index, article in enumerate(_list(chapter.get("articles"))):
            if not isinstance(article, dict):
                continue
            path = ("chapters", c_index, "articles", a_index)
            if ("ayat" in article) == ("text" in article):
                report(path, "an article has either `text:` (with optional `items:`) "
                             "or `ayat:`, not both and not neither")
            elif "ayat" in article and "items" in article:
                report(path + ("items",), "put the items under the ayat they belong to")
            if "option" in article:
                report(path + ("option",), "an optional Pasal would change the number of every "
                       "Pasal after it and of the references to them; make the optional text "
                       "the last ayat of a Pasal")
            ayat = article.get("ayat") if isinstance(article.get("ayat"), list) else []
            optional = [isinstance(a, dict) and "option" in a for a in ayat]
            for a_index in range(1, len(ayat)):
                if optional[a_index - 1] and not optional[a_index]:
                    report(path + ("ayat", a_index),
                           "an ayat after an optional ayat must be optional too: put optional "
                           "ayat last, so ayat numbers do not change when an option is off")
    for d_index, decision in _items(data, "decisions"):
        if "option" in decision:
            report(("decisions", d_index, "option"), "an optional diktum would change the "
                   "words KEDUA, KETIGA ... of the ones after it; put the optional text in an "
                   "item of a diktum")
    for t_index, attachment in _items(data, "attachments"):
        table = attachment.get("table")
        if not isinstance(table, dict) or not isinstance(table.get("columns"), list):
            continue
        width = len(table["columns"])
        for r_index, row in enumerate(_list(table.get("rows"))):
            if isinstance(row, list) and len(row) != width:
                report(("attachments", t_index, "table", "rows", r_index),
                       f"a row has {len(row)} cells; the table has {width} columns")
    articles = sum(len(_list(c.get("articles"))) for _, c in _items(data, "chapters"))
    explanation = data.get("explanation")
    if isinstance(explanation, dict):
        if kind in ("keputusan-kades", "keputusan-bpd", "naskah"):
            report(("explanation",), f"a {kind} has no Penjelasan")
        seen: set[int] = set()
        for index, row in enumerate(_list(explanation.get("articles"))):
            number = row.get("pasal") if isinstance(row, dict) else None
            if not isinstance(number, int) or isinstance(number, bool):
                continue
            if kind in ("perdes", "perkades") and number > articles:
                report(("explanation", "articles", index, "pasal"),
                       f"Pasal {number} does not exist: this model has {articles} Pasal")
            if number in seen:
                report(("explanation", "articles", index, "pasal"),
                       f"Pasal {number} is explained twice")
            seen.add(number)
    return problems


def _list(value: Any) -> list:
    """``value`` if it is a list; anything else (the schema reports it) as empty."""
    return value if isinstance(value, list) else []


def _keyed(value: Any, name: str, path: tuple = ()):
    """(path, value) of every ``name:`` key anywhere in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == name:
                yield path + (key,), item
            else:
                yield from _keyed(item, name, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keyed(item, name, path + (index,))


def _strings(value: Any, path: tuple = ()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def _items(data: dict, key: str):
    value = data.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _dates_and_years(data: dict):
    if "updated" in data:
        yield ("updated",), data["updated"]
    period = data.get("period")
    if isinstance(period, dict):
        for key in ("start", "end"):
            if key in period:
                yield ("period", key), period[key]
    for index, source in _items(data, "sources"):
        for key in ("date", "accessed"):
            if key in source:
                yield ("sources", index, key), source[key]
    for key in ("instruments", "budget"):
        for index, item in _items(data, key):
            if "year" in item:
                yield (key, index, "year"), item["year"]
    for index, item in _items(data, "budget"):
        if "reported" in item:
            yield ("budget", index, "reported"), item["reported"]


def _year_of(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.match(r"^[0-9]{4}-", value):
        return int(value[:4])
    return None
