"""Search: the synonym groups, and the Pagefind index of a built site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from lumbung.vocab import VOCAB_DIR

SYNONYMS_PATH = "cari/sinonim.json"  # where the site serves the synonym groups


class SearchIndexError(RuntimeError):
    pass


def synonym_groups() -> list[list[str]]:
    with open(VOCAB_DIR / "synonyms.yml", encoding="utf-8") as handle:
        return [[str(term) for term in group] for group in yaml.safe_load(handle)]


def synonyms_json() -> str:
    return json.dumps(synonym_groups(), ensure_ascii=False) + "\n"


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
