"""The case-study JSON Schema: one file plus the vocabularies, expanded here."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import yaml

from lumbung.vocab import Vocabulary, load_vocabulary

SCHEMA_DIR = Path(__file__).parent / "schema"
BASE_FILE = SCHEMA_DIR / "case-study.base.yml"
SCHEMA_FILE = SCHEMA_DIR / "case-study.schema.json"
PUBLISHED_PATH = "schema/case-study.schema.json"  # where the site serves it


def _expand(node: Any, vocab: Vocabulary) -> Any:
    if isinstance(node, dict):
        expanded = {key: _expand(value, vocab) for key, value in node.items()}
        name = expanded.pop("x-vocabulary", None)
        if name is not None:
            expanded["enum"] = vocab.values(name)
            if name != "provinces":
                terms = getattr(vocab, name)
                expanded["enumDescriptions"] = [
                    f"{t.label}. {t.description}".strip() if t.description else t.label
                    for t in terms
                ]
        return expanded
    if isinstance(node, list):
        return [_expand(item, vocab) for item in node]
    return node


@functools.cache
def _case_study_schema() -> dict:
    with open(BASE_FILE, encoding="utf-8") as handle:
        base = yaml.safe_load(handle)
    return _expand(base, load_vocabulary())


def case_study_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a case-study file, vocabularies expanded."""
    return copy.deepcopy(_case_study_schema())


def schema_json() -> str:
    return json.dumps(_case_study_schema(), ensure_ascii=False, indent=2) + "\n"
