"""Strict loading of untrusted files: hostile input is refused before anything is built."""

from __future__ import annotations

from pathlib import Path

from lumbung.load import MAX_BYTES, load_document


def write(tmp_path: Path, text: str | bytes, name: str = "case.yml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_ten_megabyte_file_is_refused_without_parsing(tmp_path):
    path = write(tmp_path, "summary: " + "x" * (10 * 1024 * 1024) + "\n")
    document, problems = load_document(path)
    assert document is None
    assert [p.message for p in problems] == [
        "file is 10240 KiB; the limit is 256 KiB (split it, or move long texts to a source)"]


def test_file_just_under_the_limit_is_read(tmp_path):
    path = write(tmp_path, "summary: " + "x" * (MAX_BYTES - 20) + "\n")
    document, problems = load_document(path)
    assert problems == [] and len(document.data["summary"]) == MAX_BYTES - 20


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    document, problems = load_document(write(tmp_path, "\n".join(levels) + "\n"))
    assert document is None
    assert problems and all("anchor" in p.message or "alias" in p.message for p in problems)


def test_python_tags_run_nothing(tmp_path):
    marker = tmp_path / "ran"
    text = f'title: !!python/object/apply:os.system ["touch {marker}"]\n'
    document, problems = load_document(write(tmp_path, text))
    assert document is None
    assert problems[0].message.startswith("tag '!!python/object/apply:os.system' is not allowed")
    assert not marker.exists()


def test_invalid_utf8_is_reported_at_its_byte(tmp_path):
    document, problems = load_document(write(tmp_path, b"format: 1\ntitle: caf\xe9\n"))
    assert document is None
    assert (problems[0].line, problems[0].col) == (2, 11)


def test_positions_of_keys_and_values_are_one_based(tmp_path):
    document, problems = load_document(write(tmp_path, "location:\n  desa: Sumbergede\n"))
    assert problems == []
    assert document.key_at[("location", "desa")] == (2, 3)
    assert document.value_at[("location", "desa")] == (2, 9)


def test_bare_iso_date_keeps_its_text(tmp_path):
    document, _ = load_document(write(tmp_path, "updated: 2021-11-18\n"))
    assert document.data["updated"] == "2021-11-18"


def test_standard_str_tag_is_allowed(tmp_path):
    document, problems = load_document(write(tmp_path, "title: !!str 2021\n"))
    assert problems == [] and document.data["title"] == "2021"
