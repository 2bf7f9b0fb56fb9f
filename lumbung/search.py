"""Search: the synonym groups, and the Pagefind index of a built site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
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


def _memory_folder(needed: int = 2 << 30) -> str | None:
    """/dev/shm when it is a writable in-memory folder with room, else the default."""
    try:
        if os.access("/dev/shm", os.W_OK) and shutil.disk_usage("/dev/shm").free > needed:
            return "/dev/shm"
    except OSError:
        pass
    return None


class BackgroundIndex:
    """Pagefind indexing the searchable pages while the rest of the site is built.

    Each page's main content (the part the site's pages mark ``data-pagefind-body``) is
    written as a small HTML file at its URL in a temporary folder (in memory, /dev/shm,
    where there is one: creating 20,000 files and folders on a slow disk takes seconds),
    and Pagefind's binary indexes that folder in its own process, on another core,
    writing the index straight into ``output`` (the site's ``pagefind/`` folder; MkDocs
    has emptied the site folder before). ``finish`` waits for it.
    """

    def __init__(self, output: Path, language: str = "id") -> None:
        self.language = language
        self.output = Path(output)
        self._folder = Path(tempfile.mkdtemp(prefix="lumbung-search-", dir=_memory_folder()))
        self._process: subprocess.Popen | None = None

    def add(self, url: str, body: str) -> None:
        """Write one page's main content (safe to call from a forked worker process)."""
        target = self._folder / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f'<!doctype html><html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title></title></head><body><div data-pagefind-body>{body}</div>"
            "</body></html>", encoding="utf-8")

    def start(self) -> None:
        """Start Pagefind on the pages added so far (an index left by an earlier build
        into the same folder, `mkdocs build --dirty`, is removed first)."""
        shutil.rmtree(self.output, ignore_errors=True)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(self._folder),
             "--output-path", str(self.output.resolve())],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def finish(self) -> str:
        """Wait for Pagefind to write the index; returns its report."""
        if self._process is None:
            raise SearchIndexError("the search index was never started")
        try:
            report, _ = self._process.communicate(timeout=1800)
            if self._process.returncode != 0:
                raise SearchIndexError(f"Pagefind failed ({self._process.returncode}):\n{report}")
            return report
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._folder, ignore_errors=True)
