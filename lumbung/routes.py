"""Every path the site publishes, in one place, and how a build links to them.

Paths are site-relative. A page is named by its folder (``kasus/x/``); :class:`Links`
turns that into what a build links to: the folder online, its ``index.html`` in the
offline copy, which opens from the file system. The views, the open data, the search,
the feed, the macros and the templates take their paths from here, and the pages' scripts
get theirs from the page (:meth:`Links.scripts`), so no path is written twice.
"""

from __future__ import annotations

import posixpath

from lumbung.vocab import slugify

# ---- pages (folders) ------------------------------------------------------------------
HOME = ""
CASES = "kasus/"  # all cases in a table; each case below it
MODELS = "perdes/"  # the model library; each model below it
BROWSE = "jelajah/"
REGULATIONS = "peraturan/"
BUDGET = "anggaran/"
MAP = "peta/"
SEARCH = "cari/"
SELF_CHECK = "cek/"
SUBMIT = "kirim/"
SUBMIT_FORM = "kirim/formulir/"
ABOUT = "tentang/"
# The hand-written pages (docs/) that are one Markdown file, not a folder's index.md: an
# engine writes them as <name>.html when it makes no folders (the offline copy).
SINGLE_FILE_PAGES = {SEARCH: "cari.md", SELF_CHECK: "cek.md", SUBMIT: "kirim.md",
                     SUBMIT_FORM: "kirim/formulir.md", ABOUT: "tentang.md"}
PAGE_SEGMENT = "hal-"  # the second and later pages of a long list: <list>/hal-2/, ...


def case(case_id: str) -> str:
    return f"{CASES}{case_id}/"


def model(model_id: str) -> str:
    return f"{MODELS}{model_id}/"


def province(name: str) -> str:
    return f"{BROWSE}provinsi/{slugify(name)}/"


def kabupaten(province_name: str, kabupaten_name: str) -> str:
    return f"{province(province_name)}{slugify(kabupaten_name)}/"


def facet(facet_slug: str, value: str) -> str:
    """The browse page of one value of a facet: ``jelajah/topik/migrasi-aman/``."""
    return f"{BROWSE}{facet_slug}/{slugify(value)}/"


def facet_section(facet_slug: str) -> str:
    """A facet's section of the browse page."""
    return f"{BROWSE}#{facet_slug}"


def page_number(list_url: str, number: int) -> str:
    """Page ``number`` (from 1) of a list whose first page is ``list_url``."""
    return list_url if number == 1 else f"{list_url}{PAGE_SEGMENT}{number}/"


def page_file(url: str) -> str:
    """The file an engine writes for the page at ``url`` (a folder): its ``index.html``."""
    return f"{url}index.html"


def source_uri(url: str) -> str:
    """The Markdown path an engine gives the generated page at ``url``."""
    return f"{url}index.md"


def page_url(src_uri: str) -> str:
    """The page of a Markdown path, as a folder: ``kasus/x/index.md`` -> ``kasus/x/``."""
    return src_uri.removesuffix("index.md")


# The only generated pages in the site's navigation.
NAV_PAGES = frozenset(source_uri(url) for url in
                      (CASES, BROWSE, MODELS, REGULATIONS, BUDGET, MAP))

# ---- files ----------------------------------------------------------------------------
SIMILAR_FILE = "mirip.json"  # beside each case page: the computed similar cases


def similar(case_id: str) -> str:
    return f"{case(case_id)}{SIMILAR_FILE}"


CASES_JSON = "data/kasus.json"
CASES_CSV = "data/kasus.csv"
BUDGET_CSV = "data/anggaran.csv"
CASE_SCHEMA = "schema/case-study.schema.json"
MODEL_SCHEMA = "schema/model-regulation.schema.json"
FEED = "feed.xml"
FORM_DATA = "kirim/formulir/data.js"  # the case form's description, loaded by a <script>

# The search page's files (lumbung.search) and Pagefind's (written by Pagefind itself).
LEXICON = "cari/kosakata.json"  # synonym groups and known words
MORE_WORDS = "cari/kata.json"  # every other word of the pages, fetched when needed
FILTERS = "cari/saringan.json"  # filter values and counts
OFFLINE_INDEX = "cari/indeks-luring.js"  # the offline copy's index, loaded as a script
PAGEFIND = "pagefind/"
PAGEFIND_SCRIPT = "pagefind/pagefind.js"
PAGEFIND_ENTRY = "pagefind/pagefind-entry.json"
PAGEFIND_WASM = "pagefind/wasm.id.pagefind"


def pagefind_part(number: int) -> str:
    """The folder of the ``number``-th Pagefind index (2, 3...) of a site too large for one
    Pagefind run (lumbung.search.BackgroundIndex); the search merges them with the first."""
    return f"pagefind-{number}/"


def pagefind_meta(index_hash: str) -> str:
    """Pagefind's meta file of a language, named by a hash Pagefind writes in its entry."""
    return f"{PAGEFIND}pagefind.{index_hash}.pf_meta"


# Downloads.
DOWNLOADS = "unduh/"
OFFLINE_ZIP = "unduh/lumbung-praktik-luring.zip"
TEMPLATES = "unduh/templat/"
# A model's document with blanks for the builder, one file per paper and set of options:
# the options joined by TEMPLATE_JOIN, or TEMPLATE_NO_OPTIONS when none is on.
TEMPLATE_PATTERN = TEMPLATES + "{model}-{paper}-{options}.js"
TEMPLATE_JOIN = "."
TEMPLATE_NO_OPTIONS = "dasar"


def download(model_id: str, extension: str, paper: str = "A4", notes: bool = False) -> str:
    """A model's blank download: ``unduh/<id>.docx`` on A4, ``unduh/<id>-f4.docx`` on
    another paper, ``unduh/<id>-catatan.docx`` with the commentary as comments (A4)."""
    variant = "-catatan" if notes else "" if paper == "A4" else f"-{paper.lower()}"
    return f"{DOWNLOADS}{model_id}{variant}.{extension}"


def template(model_id: str, paper: str, options: tuple[str, ...]) -> str:
    """The builder's template of one paper and one set of options (sorted)."""
    return TEMPLATE_PATTERN.format(model=model_id, paper=paper.lower(),
                                   options=TEMPLATE_JOIN.join(options) or TEMPLATE_NO_OPTIONS)


# ---- the project's own scripts and styles (docs/assets/) -----------------------------------
BUILDER_SCRIPT = "assets/js/builder.js"
SEARCH_SCRIPT = "assets/js/search.js"
# Preloads the index chunks the query's words need (a module; imports STEMMER by its path).
SEARCH_PRELOAD_SCRIPT = "assets/js/search-preload.js"
STEMMER = "assets/vendor/orama-stemmers/id.js"
FFLATE = "assets/vendor/fflate/fflate.umd.js"
MINISEARCH = "assets/vendor/minisearch/minisearch.js"


# ---- links ----------------------------------------------------------------------------
class Links:
    """How one build links: the one place that decides between folder addresses (online)
    and ``index.html`` files (the offline copy, opened from the file system)."""

    def __init__(self, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls

    def file(self, target: str) -> str:
        """``target`` as this build addresses it: offline, a page is its file (a folder's
        ``index.html``, or ``<name>.html`` for a page of one Markdown file)."""
        if self.directory_urls:
            return target
        path, hash_mark, fragment = target.partition("#")
        if path in SINGLE_FILE_PAGES:
            return f"{SINGLE_FILE_PAGES[path].removesuffix('.md')}.html{hash_mark}{fragment}"
        if path == "" or path.endswith("/"):
            return f"{page_file(path)}{hash_mark}{fragment}"
        return target

    @staticmethod
    def root(page: str) -> str:
        """From the page at ``page`` (``kasus/x/``; an engine's ``cari.html``) back to the
        site root."""
        return "../" * page.count("/")

    def href(self, target: str, page: str) -> str:
        """``target`` from a generated page, through the site root (so a fragment rendered
        for one page depth serves every page of that depth)."""
        return self.root(page) + self.file(target)

    def scripts(self, page: str) -> dict:
        """The route table for the scripts of the page at ``page`` (a generated page's
        folder, or an engine's page URL: ``cari/``, offline ``cari.html``): what they
        fetch or open, relative to the page, in this build's style. The page carries it as
        JSON (``<script type="application/json" id="lp-routes">``), so no script writes a
        path of its own."""
        root = self.root(page)

        def at(path: str) -> str:
            return root + self.file(path)

        return {
            "root": root,  # + a generated page's folder (the offline index) + page_file
            "page_file": "" if self.directory_urls else page_file(""),
            "browse": at(BROWSE),
            "lexicon": at(LEXICON), "more_words": at(MORE_WORDS), "filters": at(FILTERS),
            "pagefind": at(PAGEFIND_SCRIPT),
            # {model}, {paper} (lower case) and {options}: the sorted options joined by
            # template_join, or template_none
            "template": at(TEMPLATE_PATTERN), "template_join": TEMPLATE_JOIN,
            "template_none": TEMPLATE_NO_OPTIONS,
        }

    def relative(self, target: str, page: str) -> str:
        """``target`` from a page of the engine at ``page`` (``cek/``; offline ``cek.html``),
        by the shortest relative path."""
        here = posixpath.dirname(page if page.endswith(".html") else page.rstrip("/") + "/x") \
            if page else ""
        if not self.directory_urls and target in SINGLE_FILE_PAGES:
            target = self.file(target)
        path = posixpath.relpath(target, here or ".") + ("/" if target.endswith("/") else "")
        return page_file(path) if not self.directory_urls and path.endswith("/") else path

