"""The web form "Kirim studi kasus" (/kirim/formulir/): its description, made from the
JSON Schema, the vocabularies and the form's words (lumbung/schema/case-study.form.yml).

``docs/assets/js/kirim.js`` draws the fields from this description, checks the answers
against the same schema with Ajv, and writes the case file. Nothing about the format is
written twice: a key, a choice or a limit added to the schema or a vocabulary appears in
the form at the next build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lumbung import routes
from lumbung.load import MAX_BYTES, UNSAFE_CHARACTER, read_yaml
from lumbung.scaffold import SCHEMA_LINE, TODO_PREFIX
from lumbung.schema import case_study_base, case_study_schema
from lumbung.vocab import Vocabulary, load_vocabulary

WORDS_FILE = Path(__file__).resolve().parent.parent / "schema" / "case-study.form.yml"
FORM_DATA_PATH = routes.FORM_DATA  # the name hooks/pages.py and lumbung/export.py import
ISSUE_TEMPLATE = "studi-kasus.yml"
MAX_URL = 8000  # longer addresses are cut by browsers, proxies or GitHub itself


def form_words() -> dict:
    return read_yaml(WORDS_FILE)


def _choices(node: dict, vocab: Vocabulary) -> list[dict] | None:
    name = node.get("x-vocabulary")
    if name == "provinces":
        return [{"value": p.name, "label": p.name} for p in vocab.provinces]
    if name is not None:
        return [{"value": t.value,
                 "label": f"{t.value} {t.label}" if name == "sub_bidang" else t.label,
                 "help": t.description, "group": t.group}
                for t in getattr(vocab, name)]
    if "enum" in node:
        described = node.get("enumDescriptions") or []
        return [{"value": value, "label": described[i] if i < len(described) else str(value)}
                for i, value in enumerate(node["enum"])]
    return None


class _Walker:
    def __init__(self, base: dict, vocab: Vocabulary, words: dict) -> None:
        self.defs = base.get("$defs", {})
        self.vocab = vocab
        self.labels = words.get("fields", {})
        self.hints = words.get("hints", {})

    def resolve(self, node: dict) -> tuple[dict, str | None]:
        """The node with its $ref followed, and the name of the first definition used."""
        name = None
        while "$ref" in node:
            ref = node["$ref"].removeprefix("#/$defs/")
            name = name or ref
            node = {**self.defs[ref], **{k: v for k, v in node.items() if k != "$ref"}}
        return node, name

    def field(self, key: str, path: str, node: dict, required: bool) -> dict:
        node, kind = self.resolve(node)
        words = self.labels.get(path, {})
        field: dict[str, Any] = {
            "key": key, "path": path, "label": words.get("label", key),
            "help": words.get("help") or node.get("description", ""),
            "required": required,
        }
        options = node.get("anyOf")
        if options is not None:
            nulls = [o for o in options if o.get("type") == "null"]
            options = [o for o in options if o.get("type") != "null"]
            field["nullable"] = bool(nulls)
            if nulls and "null_label" in words:
                field["null_label"] = words["null_label"]
            if len(options) == 1:
                inner, inner_kind = self.resolve(options[0])
                node, kind = {**inner, **{k: v for k, v in node.items() if k != "anyOf"}}, \
                    kind or inner_kind
            else:
                resolved = [self.resolve(o) for o in options]
                names = [name for _, name in resolved]
                if any("id" in n.get("properties", {}) for n, _ in resolved):
                    field["widget"] = "text"
                    field["translatable"] = True
                    field["multiline"] = bool(words.get("multiline"))
                    return self._hint(field, kind or names[0], key)
                field["widget"] = "year_or_date" if set(names) >= {"year", "date"} else "line"
                return self._hint(field, kind or "year_or_date", key)
        choices = _choices(node, self.vocab)
        if "const" in node:
            field.update(widget="const", value=node["const"])
        elif choices is not None:
            field.update(widget="select", choices=choices)
        elif node.get("type") == "object":
            field.update(widget="group", fields=self.fields(node, path))
        elif node.get("type") == "array":
            items, item_kind = self.resolve(node.get("items", {}))
            item_choices = _choices(items, self.vocab)
            field["min"] = node.get("minItems", 0)
            if item_choices is not None:
                field.update(widget="checkboxes", choices=item_choices)
            else:
                field.update(widget="list", item_label=words.get("item", field["label"]),
                             item=self.field("", f"{path}[]", node.get("items", {}), True))
        elif node.get("type") in ("integer", "number"):
            field["widget"] = node["type"]
            kind = kind or node["type"]
        elif kind == "date" or node.get("format") == "date":
            field["widget"] = "date"
        elif kind == "url":
            field["widget"] = "url"
        else:
            field["widget"] = "text" if words.get("multiline") else "line"
            field["multiline"] = bool(words.get("multiline"))
        return self._hint(field, kind, key)

    def _hint(self, field: dict, kind: str | None, key: str) -> dict:
        hint = self.hints.get(kind or "") or self.hints.get(key)
        if hint:
            field["hint"] = hint
        return field

    def fields(self, node: dict, prefix: str = "") -> list[dict]:
        required = node.get("required", [])
        return [self.field(key, f"{prefix}.{key}" if prefix else key, child, key in required)
                for key, child in node.get("properties", {}).items()]


def form_fields(vocab: Vocabulary | None = None, words: dict | None = None) -> list[dict]:
    """Every key of the case-study schema as a form field, in the schema's order."""
    return _Walker(case_study_base(), vocab or load_vocabulary(),
                   words or form_words()).fields(case_study_base())


def field_paths(fields: Iterable[dict]) -> list[str]:
    """The path of every field and sub-field (``budget[].year``), for checks."""
    paths: list[str] = []
    for field in fields:
        paths.append(field["path"])
        if field["widget"] == "group":
            paths.extend(field_paths(field["fields"]))
        elif field["widget"] == "list":
            item = field["item"]
            paths.extend(field_paths(item["fields"]) if item["widget"] == "group" else [])
    return paths


def github_addresses(edit_base_url: str | None) -> dict:
    """GitHub's new-file page and issue form, from the site's "edit this file" address
    (``https://github.com/OWNER/REPO/edit/BRANCH/``)."""
    if not edit_base_url:
        return {}
    parts = urlsplit(edit_base_url)
    owner, repo, _, branch = parts.path.strip("/").split("/")[:4]
    base = f"{parts.scheme}://{parts.netloc}/{owner}/{repo}"
    return {"new_file": f"{base}/new/{branch}",
            "issue": f"{base}/issues/new?template={ISSUE_TEMPLATE}"}


def form_description(case_ids: Iterable[str], model_ids: Iterable[str],
                     kabupaten: dict[str, Iterable[str]], edit_base_url: str | None,
                     vocab: Vocabulary | None = None) -> dict:
    """All the form needs: fields, the schema to check against, the words, and what the
    browser can know of the other files (ids taken, model ids, kabupaten seen)."""
    vocab = vocab or load_vocabulary()
    words = form_words()
    return {
        "fields": form_fields(vocab, words),
        "schema": case_study_schema(vocab),
        "hints": words.get("hints", {}),
        "messages": words.get("messages", {}),
        "provinces": [{"name": p.name, "code": p.code, "slug": p.slug}
                      for p in vocab.provinces],
        "kabupaten": {province: sorted(set(names)) for province, names in kabupaten.items()},
        "ids": sorted(case_ids),
        "models": sorted(model_ids),
        "github": github_addresses(edit_base_url),
        "header": SCHEMA_LINE,
        "todo_prefix": TODO_PREFIX,
        "unsafe_character": UNSAFE_CHARACTER.pattern,
        "max_bytes": MAX_BYTES,
        "max_url": MAX_URL,
    }


def form_data_js(catalog, edit_base_url: str | None) -> str:
    """The description as a script (``window.LUMBUNG_FORM``); ASCII-only JSON, so any
    character of a vocabulary or a case id stays data."""
    kabupaten: dict[str, list[str]] = {}
    for case in catalog.cases:
        kabupaten.setdefault(case.location.provinsi, []).append(case.location.kabupaten)
    description = form_description((c.id for c in catalog.cases),
                                   (m.id for m in catalog.models), kabupaten, edit_base_url,
                                   catalog.vocab)
    return "window.LUMBUNG_FORM = " + json.dumps(description, ensure_ascii=True) + ";\n"
