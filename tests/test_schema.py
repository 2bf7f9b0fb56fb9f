"""One JSON Schema: valid draft 2020-12, built from the vocabularies, committed for editors,
published by the site."""

from __future__ import annotations

import json
import re

from jsonschema import Draft202012Validator

from lumbung.schema import SCHEMA_FILE, case_study_schema, schema_json
from lumbung.vocab import load_vocabulary


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(case_study_schema())
    assert case_study_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_committed_schema_equals_the_one_built_from_the_vocabularies():
    # If this fails, run: lumbung schema --write
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json()


def test_vocabularies_are_expanded_into_enums():
    schema = case_study_schema()
    vocab = load_vocabulary()
    assert schema["properties"]["location"]["properties"]["provinsi"]["enum"] == \
        [p.name for p in vocab.provinces]
    assert schema["properties"]["duties"]["items"]["enum"] == ["a", "b", "c", "d", "e"]
    assert "x-vocabulary" not in json.dumps(schema)


def test_provinces_are_the_38_with_two_digit_codes():
    provinces = load_vocabulary().provinces
    assert len(provinces) == 38
    assert len({p.code for p in provinces}) == 38
    assert all(re.fullmatch(r"[1-9][0-9]", p.code) for p in provinces)
    assert {p.name: p.code for p in provinces}["Lampung"] == "18"


def test_sub_bidang_codes_are_bidang_dot_sub():
    codes = [t.value for t in load_vocabulary().sub_bidang]
    assert all(re.fullmatch(r"[1-5]\.[1-9]", code) for code in codes)
    assert "4.5" in codes and len(codes) == len(set(codes))


def test_duties_carry_the_pasal_42_text():
    duties = {t.value: t.description for t in load_vocabulary().duties}
    assert duties["b"] == "melakukan verifikasi data dan pencatatan Calon Pekerja Migran Indonesia"
