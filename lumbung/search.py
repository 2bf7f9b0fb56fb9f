"""Search: the synonym groups, and the Pagefind index of a built site."""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from html import escape as escape_html
from html import unescape as unescape_html
from html.parser import HTMLParser
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from lumbung import routes
from lumbung.legal import nomenclatures
from lumbung.load import read_yaml
from lumbung.vocab import VOCAB_DIR, Vocabulary


class SearchIndexError(RuntimeError):
    pass


_WORD = re.compile(r"[a-z0-9]+")
# Words joined by ASCII hyphens ("non-prosedural", "anak-anak"); other dashes are not read.
# Possessive: a word without a hyphen is passed over in one step, not tried from each of its
# letters (the lexicon of 2,000 cases spent a third of its time here).
_HYPHENATED = re.compile(r"\b\w++(?:-\w++)+")
_ADDRESS = re.compile(r"\S+://\S+")  # an address inside a text
# The Pagefind filter every model regulation's page carries (templates/model.html).
MODEL_FILTER = ("jenis", "Model peraturan")


def normalize(text: str) -> str:
    """Lower case, accents dropped, anything but letters and digits a space: the form the
    search page (docs/assets/js/search.js, ``normalize``) gives queries and known words."""
    plain = text.lower()
    if not plain.isascii():  # ASCII text has no accent to drop (most of the data)
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(plain))


def synonym_groups() -> list[list[str]]:
    """The groups of ``vocab/synonyms.yml`` as written."""
    return [[str(term) for term in group] for group in read_yaml(VOCAB_DIR / "synonyms.yml")]


def english_bridges() -> dict[str, list[str]]:
    """``vocab/search_english.yml``: an Indonesian term -> the English words for it."""
    return {str(term): [str(e) for e in english] for term, english in
            (read_yaml(VOCAB_DIR / "search_english.yml") or {}).items()}


def _merged(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    """Groups normalized, and joined where they share a term (in first-seen order)."""
    merged: list[list[str]] = []
    where: dict[str, int] = {}
    for group in groups:
        terms = [t for t in dict.fromkeys(normalize(term) for term in group) if t]
        targets = sorted({where[t] for t in terms if t in where})
        if not targets:
            merged.append(terms)
            index = len(merged) - 1
        else:
            index = targets[0]
            for other in targets[1:]:  # a term bridging two groups joins them
                merged[index].extend(merged[other])
                merged[other] = []
            merged[index].extend(terms)
            merged[index] = list(dict.fromkeys(merged[index]))
        for term in merged[index]:
            where[term] = index
    return [group for group in merged if len(group) > 1]


def search_groups(vocab: Vocabulary) -> list[list[str]]:
    """Every synonym group the search uses: the data file's, each province with its
    abbreviations, and the local words for the village, its head and its regulation."""
    provinces = [[p.name, *p.aliases] for p in vocab.provinces if p.aliases]
    kinds = nomenclatures().values()
    local = [[kind[key] for kind in kinds if kind.get(key)]
             for key in ("village", "head", "regulation", "head_regulation")]
    bridges = [[term, *english] for term, english in english_bridges().items()]
    return _merged([*synonym_groups(), *bridges, *provinces, *local])


def known_words(texts: Iterable[str]) -> list[str]:
    """The words of ``texts`` (normalized, two letters or more), most frequent first: what
    a misspelt query word is corrected to."""
    counts = Counter(word for text in texts for word in normalize(text).split()
                     if len(word) > 1)
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _strings(value, texts: list[str], english: list[str] | None = None) -> None:
    """Collect the texts of a record's value into ``texts``, those of its English versions
    into ``english`` (a case page's "In English" block is indexed too)."""
    if isinstance(value, str):
        if not value.startswith(("http://", "https://")):
            texts.append(value)  # an address is shown, never indexed (data-pagefind-ignore)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "en" and english is not None:
                _strings(item, english)
            else:
                _strings(item, texts, english)
    elif isinstance(value, list):
        for item in value:
            _strings(item, texts, english)


# Between two texts normalized together: no phrase is found across it.
_TEXT_END = "\x00"
_NOT_WORD = re.compile(r"[^a-z0-9\x00]+")


def _text_words(texts: list[str], words: set[str], phrases: _Phrases) -> None:
    """Add the words of ``texts`` to ``words`` and note the phrases they hold: the texts
    normalized as one string (as ``normalize`` does each; 20 times faster than text by
    text for the 60 texts of a case)."""
    if not texts:
        return
    plain = _TEXT_END.join(texts).lower()
    if not plain.isascii():
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", plain)
                        if not unicodedata.combining(ch))
    spaced = _NOT_WORD.sub(" ", plain).replace(_TEXT_END, " | ")
    found = spaced.split()
    words.update(found)
    words.discard("|")
    phrases.find(found, spaced)
    for raw in texts:
        phrases.hyphens(raw)


class _Phrases:
    """Which of some phrases (terms of several words) a text holds, its words side by side
    (as Pagefind's phrase search needs them), in one pass over each text; and the words a
    text joins with hyphens ("non-prosedural"), which Pagefind indexes as one word
    ("nonprosedural"), not as a phrase."""

    def __init__(self, terms) -> None:
        self.by_first: dict[str, list[list[str]]] = {}
        for term in terms:
            words = term.split()
            if len(words) > 1:
                self.by_first.setdefault(words[0], []).append(words)
        self.firsts = frozenset(self.by_first)
        self.found: set[str] = set()
        self.hyphenated: set[str] = set()

    def find(self, text: list[str], spaced: str | None = None) -> None:
        """Note the phrases ``text`` (normalized words) holds; ``spaced``, the words joined
        by spaces, may hold " | " where no phrase may run across."""
        firsts = self.firsts.intersection(text)
        if firsts:
            spaced = f" {spaced if spaced is not None else ' '.join(text)} "
            for first in firsts:
                for words in self.by_first[first]:
                    phrase = " ".join(words)
                    if phrase not in self.found and f" {phrase} " in spaced:
                        self.found.add(phrase)

    def hyphens(self, raw: str) -> None:
        """Note the words ``raw`` joins with hyphens."""
        if "-" in raw and " " in raw.strip():  # prose, not a slug ("dana-desa") or an id
            if "://" in raw:
                raw = _ADDRESS.sub(" ", raw)
            self.hyphenated.update(normalize(compound).replace(" ", "")
                                   for compound in _HYPHENATED.findall(raw))

    def joined(self) -> list[str]:
        """The phrases some text writes as one hyphenated word."""
        return sorted(" ".join(words) for group in self.by_first.values() for words in group
                      if "".join(words) in self.hyphenated)


def lexicon(catalog) -> dict:
    """What the search page needs besides the index: synonym groups, the group terms no
    page holds (searching them would only find look-alikes), known words for correcting a
    misspelt query (titles, places, vocabulary labels, synonyms) and the stop words."""
    vocab = catalog.vocab
    groups = search_groups(vocab)
    labels: list[str] = [p.name for p in vocab.provinces]
    for terms in (vocab.topics, vocab.programs, vocab.instrument_types, vocab.duties,
                  vocab.actor_types, vocab.case_statuses, vocab.instrument_statuses,
                  vocab.funding):
        labels += [term.label for term in terms]
    texts: list[str] = [term for group in groups for term in group] + labels
    for case in catalog.cases:
        place = case.location
        texts += [case.title.id, place.desa, place.kecamatan or "", place.kabupaten,
                  place.provinsi]
    texts += [model.title for model in catalog.models]
    terms = [term for group in groups for term in group]
    on_pages: set[str] = set()
    in_english: set[str] = set()
    phrases = _Phrases(terms)
    for record in [*catalog.cases, *catalog.models]:
        record_texts: list[str] = []
        english_texts: list[str] = []
        _strings(record.data, record_texts, english_texts)
        _text_words(record_texts, on_pages, phrases)
        _text_words(english_texts, in_english, phrases)
    _text_words(labels, on_pages, phrases)

    def held(term: str, words: set[str]) -> bool:
        # A phrase is searched as one (search.js): held where a text has its words together.
        return term in phrases.found if " " in term else term in words

    # English typed: the group's Indonesian terms count as much as the English words.
    english = sorted({normalize(e) for bridge in english_bridges().values() for e in bridge})
    on_pages |= in_english
    absent = [t for t in terms if not held(t, on_pages)]
    stopwords = [normalize(str(w)) for w in read_yaml(VOCAB_DIR / "search_stopwords.yml")]
    model_words = [normalize(str(w)) for w in read_yaml(VOCAB_DIR / "search_model_words.yml")]
    # Known words: the texts' (most frequent first); every other word a page holds is in
    # ``more`` (published apart, fetched only for a query word not known here), so a word
    # of the pages is never "corrected".
    words = known_words(texts)
    listed = set(words)
    more = sorted(word for word in on_pages if word not in listed and len(word) > 1)
    return {"groups": groups, "absent": absent, "english": english, "words": words, "more": more,
            # Phrases written somewhere as one hyphenated word: searched as that word too.
            "joined": phrases.joined(),
            "stopwords": stopwords, "pages": len(catalog.cases) + len(catalog.models),
            # A query holding one of these asks for a model: the pages with this filter
            # (lumbung/render/templates/model.html) rank first.
            "models": {"words": model_words, "filter": {MODEL_FILTER[0]: [MODEL_FILTER[1]]}}}


def lexicon_files(catalog) -> dict[str, str]:
    """The search page's lexicon, and the rest of the pages' words apart (a query whose
    words are all known needs only the first)."""
    data = lexicon(catalog)
    more = data.pop("more")
    dump = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    return {routes.LEXICON: dump(data) + "\n", routes.MORE_WORDS: dump(more) + "\n"}


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


# Smaller index chunks than Pagefind's default (20,000 word positions, about 28 KB each on
# this site): the first search of a slow phone fetches the chunks of its words, preloaded
# by the search page (assets/js/search-preload.js), and with 2,000 they are about 3.5 KB
# each (measured: first result on slow 3G 5.3 s with the default, 4.8 s with 5,000; then,
# after other changes, 4.69-5.29 s with 5,000 and 4.51-4.97 s with 2,000 over six queries,
# scripts/search_eval.py --timing, the judged set's scores the same; 1,500 moved a few
# rankings). Pagefind reads the size from this variable
# (pagefind/src/options.rs, since 1.5.0; "unstable": without it, the default applies and
# everything still works). A value already in the environment wins.
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
INDEX_CHUNK_SIZE = 2000


# Pagefind holds the whole index of the pages it reads in memory: about 14 times the size
# of the page files written for it (measured with scripts/bench.py: 173 MB of them, 10,000
# cases as rich as the real ones, made Pagefind's process peak at 2.35 GB; 50,000 thin ones
# at 4.1 GB). Past PART_BYTES of them, the pages are indexed in parts, one Pagefind run
# after the other, each into its own folder (routes.pagefind_part); the search page merges
# them (assets/js/search.js, Pagefind's mergeIndex: the parts share the first one's wasm
# and each part's files are fetched only for the words searched). A site below it (this
# one, by far) has one index, as before. The variable below sets another size (tests).
PART_BYTES_VARIABLE = "LUMBUNG_SEARCH_PART_BYTES"
PART_BYTES = 80_000_000


# Pagefind searches a word no page of an index holds as its longest prefix that one does
# ("sumbergede" as "sumber"): an index in parts would answer a word held in one part with
# other words' pages from the others. So each part also holds one page of every word of the
# site (not a page of the site: the search page hides it, by the ids listed with the parts).
DICTIONARY_URL = "lp-kamus/"
DICTIONARY_FILTER = ("lp-kamus", "ya")
_TAG = re.compile(r"<[^>]*>")
_INDEX_WORD = re.compile(r"[\w-]+")


def _words_in(paths: list[Path]) -> set[str]:
    words: set[str] = set()
    for path in paths:
        words.update(_INDEX_WORD.findall(
            unescape_html(_TAG.sub(" ", path.read_text("utf-8"))).lower()))
    return words


def _words_of_files(paths: list[Path]) -> set[str]:
    """Every word of the page files, read on every core (forked workers: this runs in the
    build's main thread before Pagefind's thread starts; 173 MB of them, 10,000 realistic
    cases, took 4 s on one)."""
    from lumbung.render.parallel import available_workers

    workers = available_workers()
    if (workers < 2 or len(paths) < 1000 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return _words_in(paths)
    shares = [paths[i::workers * 4] for i in range(workers * 4)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return set().union(*pool.map(_words_in, shares))


def _part_bytes() -> int:
    try:
        return max(1, int(os.environ.get(PART_BYTES_VARIABLE, "")))
    except ValueError:
        return PART_BYTES


class BackgroundIndex:
    """Pagefind indexing the searchable pages while the rest of the site is built.

    Each page's main content (the part the site's pages mark ``data-pagefind-body``) is
    written as a small HTML file at its URL in a temporary folder (in memory, /dev/shm,
    where there is one: creating 20,000 files and folders on a slow disk takes seconds),
    and Pagefind's binary indexes that folder in its own process, on another core,
    writing the index straight into ``output`` (the site's ``pagefind/`` folder; MkDocs
    has emptied the site folder before). ``finish`` waits for it. Pages past
    ``PART_BYTES`` go to further parts, indexed one after the other (see above).
    """

    def __init__(self, output: Path, language: str = "id") -> None:
        self.language = language
        self.output = Path(output)
        self._folder = Path(tempfile.mkdtemp(prefix="lumbung-search-", dir=_memory_folder()))
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._cancelled = threading.Event()
        self._lock = threading.Lock()  # a run is not started once cancel has begun
        self._reports: list[str] = []
        self._failure: str | None = None

    def add(self, url: str, body: str) -> None:
        """Write one page's main content (safe to call from a forked worker process)."""
        self.add_to(self._folder, url, body)

    def add_to(self, folder: Path, url: str, body: str) -> None:
        target = folder / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f'<!doctype html><html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title></title></head><body><div data-pagefind-body>{body}</div>"
            "</body></html>", encoding="utf-8")

    def _parts(self) -> list[tuple[Path, Path]]:
        """(folder of page files, output folder) of each Pagefind run. The first part keeps
        every page but the case pages it has no room for (so the models, whose fragments
        the search page preloads, are in the first index); the case pages fill the parts
        in the order of their addresses, about evenly."""
        pages = sorted((path.relative_to(self._folder).as_posix(), path.stat().st_size)
                       for path in self._folder.rglob("index.html"))
        total = sum(size for _, size in pages)
        count = -(-total // _part_bytes()) if total else 1
        parts = [(self._folder, self.output)]
        if count <= 1:
            return parts
        cases = [page for page in pages if page[0].startswith(routes.CASES)]
        share = total / count
        number, filled = 1, sum(size for path, size in pages if not path.startswith(routes.CASES))
        for path, size in cases:
            if filled and filled + size > share and number < count:
                number, filled = number + 1, 0
                folder = self._folder.with_name(f"{self._folder.name}-{number}")
                parts.append((folder, self.output.parent / routes.pagefind_part(number)))
            if number > 1:
                target = parts[-1][0] / path
                target.parent.mkdir(parents=True, exist_ok=True)
                (self._folder / path).rename(target)
            filled += size
        words = _words_of_files([path for folder, _ in parts
                                 for path in folder.rglob("index.html")])
        for folder, _ in parts:
            self.add_to(folder, DICTIONARY_URL, '<span data-pagefind-filter="{}">{}</span><p>{}</p>'
                        .format(*DICTIONARY_FILTER, escape_html(" ".join(sorted(words)))))
        return parts

    def start(self) -> None:
        """Start Pagefind on the pages added so far (an index left by an earlier build
        into the same folder, `mkdocs build --dirty`, is removed first)."""
        shutil.rmtree(self.output, ignore_errors=True)
        number = 2
        while (self.output.parent / routes.pagefind_part(number)).exists():
            shutil.rmtree(self.output.parent / routes.pagefind_part(number), ignore_errors=True)
            number += 1
        parts = self._parts()
        self._thread = threading.Thread(target=self._run, args=(parts,), daemon=True)
        self._thread.start()

    def _run(self, parts: list[tuple[Path, Path]]) -> None:
        for folder, output in parts:  # one after the other: one part's index in memory
            with self._lock:
                if self._cancelled.is_set():
                    return
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "pagefind", "--site", str(folder),
                     "--output-path", str(output.resolve())],
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                    env={CHUNK_SIZE_VARIABLE: str(INDEX_CHUNK_SIZE), **os.environ})
            report, _ = self._process.communicate()
            if self._process.returncode != 0 and not self._cancelled.is_set():
                self._failure = f"Pagefind failed ({self._process.returncode}):\n{report}"
                return
            self._reports.append(report)

    def finish(self) -> str:
        """Wait for Pagefind to write the index (every part); returns its report."""
        if self._thread is None:
            raise SearchIndexError("the search index was never started")
        try:
            self._thread.join(timeout=1800)
            if self._thread.is_alive():
                raise SearchIndexError("Pagefind took more than 30 minutes")
            if self._failure:
                raise SearchIndexError(self._failure)
            return "\n".join(self._reports)
        finally:
            self.cancel()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled.set()
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        for folder in [self._folder, *self._folder.parent.glob(f"{self._folder.name}-*")]:
            shutil.rmtree(folder, ignore_errors=True)


class _PageText(HTMLParser):
    """The searchable text of a page as Pagefind reads it: the text of the page without
    the parts marked ``data-pagefind-ignore``, sorted by weight (``data-pagefind-weight``,
    a heading's own weight where none is set), with the text marked ``lang="en"`` (a case's
    "In English" block) apart (searched, but an excerpt comes from it only when nothing else
    matches), and the values marked ``data-pagefind-meta`` / ``data-pagefind-filter``."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}
    HEADINGS = {"h1": 7.0, "h2": 6.0, "h3": 5.0, "h4": 4.0, "h5": 3.0, "h6": 2.0}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, list[str]] = {"title": [], "strong": [], "text": [], "weak": [],
                                            "english": []}
        self.meta: dict[str, str] = {}
        self.filters: dict[str, list[str]] = {}
        self._stack: list[tuple[bool, str | None, str | None, float, str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        parent = self._stack[-1] if self._stack else (False, None, None, 1.0, "", False)
        ignored = "data-pagefind-ignore" in found or parent[0]
        try:
            weight = float(found["data-pagefind-weight"] or "")
        except (KeyError, ValueError):
            weight = self.HEADINGS.get(tag, parent[3])
        lang = found.get("lang")
        english = parent[5] if lang is None else (lang or "").lower().startswith("en")
        self._stack.append((ignored, found.get("data-pagefind-meta"),
                            found.get("data-pagefind-filter"), weight,
                            "h1" if tag == "h1" else parent[4], english))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        for _, meta, filter_name, _, _, _ in self._stack:
            if meta:
                self.meta[meta] = self.meta.get(meta, "") + data.strip()
            if filter_name:
                self.filters.setdefault(filter_name, []).append(data.strip())
        if self._stack and self._stack[-1][0]:
            return
        weight, within, english = self._stack[-1][3:] if self._stack else (1.0, "", False)
        part = ("title" if within == "h1" else "english" if english else "strong" if weight >= 3
                else "weak" if weight < 0.9 else "text")
        self.parts[part].append(data)


def page_text(html: str) -> tuple[dict[str, str], dict[str, str], dict[str, list[str]]]:
    """({title, strong, text, weak, english}: the indexed text by weight and the English
    text, meta, filters) of a page's main content."""
    parser = _PageText()
    parser.feed(html)
    parser.close()
    parts = {name: " ".join(" ".join(texts).split()) for name, texts in parser.parts.items()}
    return parts, parser.meta, parser.filters


def offline_index_js(pages: Iterable[tuple[str, str, str]], lexicon_data: dict,
                     filters: str) -> str:
    """The offline copy's search index, a script setting ``window.LUMBUNG_OFFLINE_INDEX``:
    every searchable page (url, title, meta, filters, text) from ``(url, title, html)``,
    the lexicon and the filter counts. Written by Jinja's ``htmlsafe_json_dumps`` (``<``,
    ``>``, ``&`` and ``'`` as \\u escapes), so no text can end the script."""
    entries = []
    for url, title, html in pages:
        parts, meta, page_filters = page_text(html)
        entry = {"url": url, "title": title, "meta": {"title": title, **meta},
                 "filters": page_filters, **parts}
        if MODEL_FILTER[1] in page_filters.get(MODEL_FILTER[0], []):
            # From its heading, as Pagefind's title online: "Peraturan Desa (Perdes) tentang".
            entry["naming"] = model_naming(parts.get("title") or title)
        entries.append(entry)
    data = {"pages": entries, "lexicon": lexicon_data, "filters": json.loads(filters)}
    payload = htmlsafe_json_dumps(
        data, dumps=functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":")))
    return f"window.LUMBUNG_OFFLINE_INDEX = {payload};\n"


def search_tag(pages: Iterable[tuple[str, str]]) -> str:
    """A tag naming this build's search index (a hash of the searchable pages), so the
    search page can preload Pagefind's entry file and browsers refetch it when it changes."""
    digest = hashlib.sha256()
    for url, html in pages:
        digest.update(url.encode("utf-8", "surrogatepass"))
        digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:12]


META_PRELOAD_MARK = "<!-- lumbung: preload the search index's meta file -->"
# Pagefind's meta file: gzip, then this word, then CBOR (pagefind/src/index/index_metadata.rs:
# [version, pages, index chunks [from, to, hash], filters, sorts, meta fields]).
PAGEFIND_MAGIC = b"pagefind_dcd"


# The chunk table is written into the search page only up to this many chunks (about 6 KB
# gzip-compressed): the real site has about 30; at 10,000 realistic cases Pagefind writes
# about 1,400 of INDEX_CHUNK_SIZE, and a table of them would weigh more on the search page
# than the preload saves. Without a table the page searches as before, unpreloaded.
MAX_PRELOADED_TABLE = 256


def _pagefind_data(raw: bytes) -> bytes:
    """What a Pagefind meta, filter or fragment file holds: gzip, Pagefind's magic word,
    then CBOR (meta, filters) or JSON (fragments)."""
    data = gzip.decompress(raw)
    if not data.startswith(PAGEFIND_MAGIC):
        raise ValueError("not a Pagefind file")
    return data[len(PAGEFIND_MAGIC):]


def _pagefind_meta(meta: bytes) -> list:
    import cbor2

    return cbor2.loads(_pagefind_data(meta))


def index_chunks(meta: bytes) -> list[list[str]]:
    """[from, to, hash] of each index chunk listed in a Pagefind meta file (``.pf_meta``):
    the stems from ``from`` to ``to`` are in ``pagefind/index/<hash>.pf_index``."""
    return [[str(start), str(end), str(name)] for start, end, name in _pagefind_meta(meta)[2]]


def filter_chunks(meta: bytes) -> dict[str, str]:
    """The hash of each filter's chunk listed in a Pagefind meta file: the values of filter
    ``name`` are in ``pagefind/filter/<hash>.pf_filter``."""
    return {str(name): str(digest) for name, digest in _pagefind_meta(meta)[3]}


def dictionary_pages(index: Path) -> list[str]:
    """The ids (Pagefind's page hashes) of the pages of every word in the index written
    into the folder ``index`` (see DICTIONARY_URL), which the search must not show."""
    import cbor2

    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    out = []
    for language in entry["languages"].values():
        meta = (index / f"pagefind.{language['hash']}.pf_meta").read_bytes()
        digest = filter_chunks(meta).get(DICTIONARY_FILTER[0])
        if digest is None:
            continue
        _, values = cbor2.loads(_pagefind_data((index / "filter" / f"{digest}.pf_filter")
                                               .read_bytes()))
        pages = _pagefind_meta(meta)[1]
        out += [str(pages[number][0]) for value, numbers in values
                if value == DICTIONARY_FILTER[1] for number in numbers]
    return out


# A model's page title: "Peraturan Desa (Perdes) tentang PELINDUNGAN PEKERJA MIGRAN ...".
_MODEL_TITLE = re.compile(r"(?P<kind>.+?)(?: \((?P<short>[^()]+)\))? tentang (?P<subject>.+)")


def model_naming(title: str) -> list | None:
    """How a query names a model, from its page title: [the terms of its kind (the kind and
    its abbreviation), its subject], normalized (["peraturan desa", "perdes"], "pelindungan
    pekerja migran indonesia dan keluarganya"); None for a title of another form.
    docs/assets/js/search.js ranks first the model a query names by its kind and subject
    ("perdes pmi")."""
    match = _MODEL_TITLE.fullmatch(" ".join(title.split()))
    if not match:
        return None
    kinds = [normalize(match["kind"])] + ([normalize(match["short"])] if match["short"] else [])
    return [[kind for kind in kinds if kind], normalize(match["subject"])]


def model_fragments(site_dir: Path, meta: bytes, models_filter: str) -> list[list[str]]:
    """[fragment name, title (normalized), and how a query names it (``model_naming``), when
    its title has the usual form] of each page carrying the models' filter, read
    from Pagefind's files: the filter lists page numbers, the meta file their names, each
    fragment its page's title. search-preload.js preloads the fragment of the model a query
    names, so the first result does not wait for the longest fragment after the search."""
    import cbor2

    folder = Path(site_dir) / routes.PAGEFIND
    _, values = cbor2.loads(_pagefind_data(
        (folder / "filter" / f"{models_filter}.pf_filter").read_bytes()))
    pages = _pagefind_meta(meta)[1]
    out = []
    for value, numbers in values:
        if value != MODEL_FILTER[1]:
            continue
        for number in numbers:
            name = str(pages[number][0])
            page = json.loads(_pagefind_data(
                (folder / "fragment" / f"{name}.pf_fragment").read_bytes()))
            title = str(page.get("meta", {}).get("title", ""))
            out.append([name, normalize(title), *(model_naming(title) or [])])
    return out


def _json_script(element_id: str, data) -> str:
    """A JSON script element for the search page (``<``, ``>``, ``&``, ``'`` escaped)."""
    return (f'<script type="application/json" id="{element_id}">'
            + str(htmlsafe_json_dumps(data, dumps=functools.partial(
                json.dumps, ensure_ascii=False, separators=(",", ":"))))
            + "</script>")


def preload_index_meta(site_dir: Path) -> bool:
    """Put, where the search page marks it, a preload of Pagefind's meta file (named by a
    hash known only once Pagefind has written the index), so the browser fetches it with
    Pagefind's other first files instead of after them; and the table of the index's chunks
    with the stop words, from which ``assets/js/search-preload.js`` preloads the chunks that
    the query's words need; and the list of the index's further parts, if it has any
    (``BackgroundIndex``), which the search merges with the first. Returns whether it
    did."""
    site_dir = Path(site_dir)
    target = site_dir / routes.page_file(routes.SEARCH)
    online = routes.Links(directory_urls=True)  # Pagefind's index exists online only
    try:
        entry = json.loads((site_dir / routes.PAGEFIND_ENTRY).read_text("utf-8"))
        html = target.read_text(encoding="utf-8")
        lexicon = json.loads((site_dir / routes.LEXICON).read_text("utf-8"))
        stopwords = lexicon["stopwords"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if META_PRELOAD_MARK not in html:
        return False
    languages = list(entry.get("languages", {}).values())
    parts = [str(Markup('<link rel="preload" as="fetch" crossorigin href="{}">').format(
        online.href(routes.pagefind_meta(lang["hash"]), routes.SEARCH))) for lang in languages]
    if len(languages) == 1:
        try:
            meta = (site_dir / routes.pagefind_meta(languages[0]["hash"])).read_bytes()
            chunks = index_chunks(meta)
        except (OSError, ValueError, IndexError, TypeError):
            chunks = None
        try:
            models = filter_chunks(meta).get(MODEL_FILTER[0]) if chunks else None
            fragments = model_fragments(site_dir, meta, models) if models else []
        except (OSError, ValueError, IndexError, KeyError, TypeError):  # the table helps anyway
            models, fragments = None, []
        if chunks and len(chunks) <= MAX_PRELOADED_TABLE:
            table = {"base": online.href(routes.PAGEFIND, routes.SEARCH), "chunks": chunks,
                     "stopwords": stopwords}
            if models:  # a query asking for a model also searches within the models' filter
                table["models"] = {"words": lexicon.get("models", {}).get("words", []),
                                   "filter": models, "fragments": fragments}
            parts.append(_json_script("lp-index-chunks", table))
        # The models a query may name by their kind and subject ("perdes pmi"), by their
        # fragment (Pagefind's result id), for search.js; with or without the table.
        named = [[fragment[0], *fragment[2:]] for fragment in fragments if len(fragment) == 4]
        if named:
            parts.append(_json_script("lp-models", named))
    more, number = [], 2
    while (site_dir / routes.pagefind_part(number) / "pagefind-entry.json").exists():
        more.append(routes.pagefind_part(number))
        number += 1
    if more:
        try:
            hidden = [page for folder in (routes.PAGEFIND, *more)
                      for page in dictionary_pages(site_dir / folder)]
        except (OSError, ValueError, IndexError, KeyError, TypeError) as error:
            raise SearchIndexError(f"the index's parts cannot be read: {error}") from None
        listed = {"parts": [online.href(part, routes.SEARCH) for part in more],
                  "hidden": hidden}
        parts.append('<script type="application/json" id="lp-index-parts">'
                     + str(htmlsafe_json_dumps(listed)) + "</script>")
    target.write_text(html.replace(META_PRELOAD_MARK, "".join(parts), 1), encoding="utf-8")
    return True
