"""Search: the synonym groups, and the Pagefind index of a built site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from lumbung.vocab import VOCAB_DIR

SYNONYMS_PATH = "cari/sinonim.json"  # where the site serves the synonym groups
FILTERS_PATH = "cari/saringan.json"  # filter values and counts, so the page needs no
# Pagefind filter index until a filter is used


class SearchIndexError(RuntimeError):
    pass


def synonym_groups() -> list[list[str]]:
    with open(VOCAB_DIR / "synonyms.yml", encoding="utf-8") as handle:
        return [[str(term) for term in group] for group in yaml.safe_load(handle)]


def synonyms_json() -> str:
    return json.dumps(synonym_groups(), ensure_ascii=False) + "\n"


def filters_json(pairs: list[tuple[str, str]]) -> str:
    """Each search filter with its values and how many pages have each, from (filter, value)
    pairs of every searchable page."""
    counts: dict[str, dict[str, int]] = {}
    for name, value in pairs:
        counts.setdefault(name, {})
        counts[name][value] = counts[name].get(value, 0) + 1
    return json.dumps(counts, ensure_ascii=False, sort_keys=True) + "\n"


def build_search_index(site_dir: Path) -> str:
    """Index the built site with Pagefind (its bundled binary); returns Pagefind's report."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir)],
        capture_output=True, text=True, timeout=1800,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}):\n{result.stdout}\n"
                               f"{result.stderr}")
    return result.stdout
