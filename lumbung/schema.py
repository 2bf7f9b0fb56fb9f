"""The case-study JSON Schema: one file plus the vocabularies, expanded here."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from lumbung.load import read_yaml
from lumbung.vocab import Vocabulary, load_vocabulary

SCHEMA_DIR = Path(__file__).parent / "schema"
BASE_FILE = SCHEMA_DIR / "case-study.base.yml"
SCHEMA_FILE = SCHEMA_DIR / "case-study.schema.json"
MODEL_BASE_FILE = SCHEMA_DIR / "model-regulation.base.yml"
MODEL_SCHEMA_FILE = SCHEMA_DIR / "model-regulation.schema.json"


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


def _read(path: Path) -> dict:
    return read_yaml(path)


@functools.cache
def _schema(kind: str) -> dict:
    case = _read(BASE_FILE)
    if kind == "case":
        return _expand(case, load_vocabulary())
    model = _read(MODEL_BASE_FILE)
    defs = model.setdefault("$defs", {})
    for name, definition in case["$defs"].items():  # shared definitions, written once
        defs.setdefault(name, definition)
    return _expand(model, load_vocabulary())


def case_study_schema(vocab: Vocabulary | None = None) -> dict:
    """The JSON Schema (draft 2020-12) of a case-study file, vocabularies expanded;
    ``vocab`` instead of the files in lumbung/vocab/ (a test's fixture vocabulary)."""
    if vocab is not None:
        return _expand(_read(BASE_FILE), vocab)
    return copy.deepcopy(_schema("case"))


def case_study_base() -> dict:
    """case-study.base.yml as written: vocabularies still named by `x-vocabulary`."""
    return _read(BASE_FILE)


def model_regulation_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a model-regulation file."""
    return copy.deepcopy(_schema("model"))


def schema_json(kind: str = "case") -> str:
    return json.dumps(_schema(kind), ensure_ascii=False, indent=2) + "\n"
