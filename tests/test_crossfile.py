"""Checks across files: ids equal file names and are unique, links resolve, folders match."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from lumbung.catalog import check

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal-case.yml"
TODAY = dt.date(2026, 11, 27)


def add_case(root: Path, name: str, folder: str = "aceh", **changes) -> Path:
    data = yaml.safe_load(MINIMAL.read_text())
    data["id"] = name
    data.update(changes)
    path = root / "case_studies" / folder / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def messages(root: Path) -> list[str]:
    _, problems = check([root / "case_studies"], root, TODAY)
    return [p.format() for p in problems]


def test_id_must_equal_the_file_name(tmp_path):
    path = add_case(tmp_path, "kasus-a")
    path.rename(path.with_name("kasus-b.yml"))
    assert messages(tmp_path) == [
        "case_studies/aceh/kasus-b.yml:2:5: error: id: id 'kasus-a' must equal the file name "
        "'kasus-b'; rename the file to kasus-a.yml or change the id"]


def test_ids_are_unique_across_folders(tmp_path):
    add_case(tmp_path, "kasus-a")
    add_case(tmp_path, "kasus-a", folder="bali")
    assert [m for m in messages(tmp_path) if "already used" in m] == [
        "case_studies/bali/kasus-a.yml:2:5: error: id: id 'kasus-a' is already used by "
        "case_studies/aceh/kasus-a.yml; choose another id"]


def test_related_must_exist_and_not_be_itself(tmp_path):
    add_case(tmp_path, "kasus-a", related=["kasus-b", "kasus-c", "kasus-a"])
    add_case(tmp_path, "kasus-b")
    found = messages(tmp_path)
    assert any("related[1]: no case study with id 'kasus-c' exists" in m for m in found), found
    assert any("related[2]: a case cannot be related to itself" in m for m in found), found
    assert not any("related[0]" in m for m in found)


def test_instrument_model_must_name_a_model_regulation(tmp_path):
    instrument = {"type": "perdes", "title": "Perdes", "status": "berlaku", "model": "perdes-pmi"}
    add_case(tmp_path, "kasus-a", instruments=[instrument])
    assert any("instruments[0].model: no model regulation with id 'perdes-pmi' exists" in m
               for m in messages(tmp_path))
    (tmp_path / "regulations").mkdir()
    (tmp_path / "regulations" / "perdes-pmi.yml").write_text("id: perdes-pmi\n")
    assert not any("model" in m for m in messages(tmp_path))


def test_file_in_the_wrong_province_folder_is_a_warning_only(tmp_path):
    add_case(tmp_path, "kasus-a", folder="bali")
    valid, problems = check([tmp_path / "case_studies"], tmp_path, TODAY)
    assert [p.format() for p in problems] == [
        "case_studies/bali/kasus-a.yml:8:13: warning: location.provinsi: file is in "
        "case_studies/bali/ but the province is Aceh; move it to case_studies/aceh/"]
    assert len(valid) == 1


def test_validating_one_file_resolves_related_against_the_whole_knowledge_base(tmp_path):
    path = add_case(tmp_path, "kasus-a", related=["kasus-b"])
    add_case(tmp_path, "kasus-b")
    _, problems = check([path], tmp_path, TODAY)
    assert problems == []
