"""The generated part of the site: which pages and files exist, and what each shows.

A site engine turns each :class:`GeneratedPage` into a page rendered with the
template it names, and writes each :class:`GeneratedFile` as it is.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lumbung import routes
from lumbung.catalog import Catalog
from lumbung.geo import world_atlas_path
from lumbung.render.browse import facet_summary, listings
from lumbung.render.compare import budget_view, instrument_rows
from lumbung.render.feed import atom_feed
from lumbung.render.html import FragmentRenderer
from lumbung.render.mapview import map_view
from lumbung.render.models import (
    library_view,
    model_downloads,
    model_view,
    type_label,
)
from lumbung.render.opendata import budget_csv, cases_csv, cases_json
from lumbung.render.views import case_card, case_view, search_filters, similar_json
from lumbung.schema import schema_json
from lumbung.search import (
    filters_json,
    lexicon,
    lexicon_files,
    offline_index_js,
)
from lumbung.similar import similar_cases


@dataclass
class GeneratedPage:
    """One generated page. What it is (its fields) does not change once made; its HTML is
    rendered on first use and kept in ``rendered`` until the engine has it (``release``)."""

    src_uri: str  # Markdown path the engine pretends the page has, e.g. kasus/x/index.md
    title: str
    template: str  # template in lumbung/render/templates that lays the view out
    view: dict | Callable[[], dict]  # or a function making it, called when rendering
    searchable: bool = False  # indexed by the site search (cases yes, lists no)
    description: str = ""  # plain text for the meta description and link previews
    # How this build links (folders online, index.html files offline): no default, so no
    # page can be made without the build's one renderer (generated_pages).
    renderer: FragmentRenderer = field(kw_only=True, compare=False)
    # The page's HTML once rendered, in UTF-8 compressed with zlib: here by ``html``, or
    # handed back by a worker process (lumbung.render.parallel); None again after
    # ``release``. A build holds every page until the engine has written it: the pages of
    # 2,000 cases as rich as the real ones are 34 MB of HTML, 9.4 MB compressed at zlib's
    # fastest level (and a worker hands back that much, not all of it).
    rendered: bytes | None = field(default=None, init=False, compare=False, repr=False)
    # Whether the HTML has its own <h1> (known once rendered).
    heading: bool = field(default=False, init=False, compare=False, repr=False)

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: ``kasus/x/index.md`` -> ``kasus/x/``."""
        return routes.page_url(self.src_uri)

    @property
    def markdown(self) -> str:
        # The body is HTML made by the core (html()); the source is empty and the page's
        # options (meta) are set by the engine's adapter, with no front matter to parse.
        return ""

    @property
    def meta(self) -> dict:
        """Page options for the theme: no table of contents; lists stay out of the search."""
        meta: dict = {"hide": ["toc"]}
        if not self.searchable:
            meta["search_exclude"] = True
        return meta

    def render(self) -> str:
        """Render the page's main content and keep it until ``release``; returns it."""
        view = self.view() if callable(self.view) else self.view
        html = self.renderer.page(self.template, view, self.title, self.url)
        self.rendered = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)
        self.heading = "<h1" in html
        return html

    @property
    def html(self) -> str:
        """The page's main content, rendered once and kept until ``release``."""
        if self.rendered is None:
            return self.render()
        return zlib.decompress(self.rendered).decode("utf-8", "surrogatepass")

    @property
    def has_heading(self) -> bool:
        """Whether the page's HTML has its own ``<h1>``."""
        if self.rendered is None:
            self.render()
        return self.heading

    def release(self) -> None:
        """Forget the rendered HTML once the engine has it (10,000 pages add up)."""
        self.rendered = None


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # e.g. data/kasus.json
    content: str | bytes


TABLE_PAGE_SIZE = 200  # rows of the all-cases table per page
LISTING_PAGE_SIZE = 200  # cases per browse page


def generated_pages(catalog: Catalog, edit_base_url: str | None,
                    directory_urls: bool = True,
                    world_atlas: Path | None = None) -> list[GeneratedPage]:
    """Every generated page. ``world_atlas`` is the Natural Earth file the map is drawn
    from (see :func:`lumbung.geo.world_atlas_path`)."""
    vocab = catalog.vocab
    # The one place the link style of this build is decided: every page below is made by
    # ``page``, which hands it this renderer.
    page = functools.partial(GeneratedPage, renderer=FragmentRenderer(directory_urls))
    similar_cases(catalog)  # once, here: case views read it, also in forked workers
    pages = [
        page(routes.source_uri(routes.case(case.id)), case.title.id, "case.html",
             functools.partial(case_view, case, catalog, edit_base_url,
                               similar_in_page=not directory_urls),
             searchable=True, description=plain_summary(case.summary.id))
        for case in catalog.cases
    ]
    pages.extend(
        page(routes.source_uri(routes.model(model.id)),
             f"{type_label(model)} tentang {model.title}", "model.html",
             functools.partial(model_view, model, catalog, edit_base_url), searchable=True,
             description=plain_summary(model.summary))
        for model in catalog.models
    )
    pages.append(page(routes.source_uri(routes.MODELS), "Model peraturan desa", "models.html",
                      library_view(catalog)))
    cards = [case_card(case, vocab) for case in catalog.cases]
    for url, number, chunk, pager in paginate(routes.CASES, cards, TABLE_PAGE_SIZE):
        title = "Semua studi kasus" + (f" (halaman {number})" if number > 1 else "")
        pages.append(page(routes.source_uri(url), title, "cases.html",
                          {"cases": chunk, "total": len(cards), "pager": pager}))
    pages.append(page(
        routes.source_uri(routes.BROWSE), "Jelajahi", "browse.html",
        {"facets": facet_summary(catalog), "total": len(catalog.cases)},
    ))
    pages.append(page(routes.source_uri(routes.BUDGET), "Anggaran desa", "budget.html",
                      budget_view(catalog)))
    pages.append(page(routes.source_uri(routes.MAP), "Peta studi kasus", "map.html",
                      functools.partial(map_view, catalog, world_atlas or world_atlas_path())))
    rows = instrument_rows(catalog)
    for url, number, chunk, pager in paginate(routes.REGULATIONS, rows, TABLE_PAGE_SIZE):
        title = "Perbandingan peraturan" + (f" (halaman {number})" if number > 1 else "")
        pages.append(page(routes.source_uri(url), title, "regulations.html",
                          {"rows": chunk, "total": len(rows), "pager": pager}))
    for listing in listings(catalog):
        base = routes.page_url(listing.src_uri)
        for url, number, chunk, pager in paginate(base, listing.cases, LISTING_PAGE_SIZE):
            title = listing.title + (f" (halaman {number})" if number > 1 else "")
            pages.append(page(routes.source_uri(url), title, "listing.html", {
                "intro": listing.intro, "cases": chunk, "total": len(listing.cases),
                "groups": listing.groups if number == 1 else [], "parent": listing.parent,
                "pager": pager,
            }))
    return pages


def plain_summary(text: str, limit: int = 200) -> str:
    """One line of plain text (Markdown marks dropped) for a meta description."""
    plain = " ".join(re.sub(r"[*_`#>\[\]]|\]\([^)]*\)", "", text).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"


def paginate(base_url: str, items: list, size: int):
    """Split ``items`` into pages: the first at ``base_url``, then ``base_url``hal-2/, ...

    Yields (url, number, items of the page, pager) where pager holds the links between
    pages (None when everything fits on one page), so no page grows without bound.
    """
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    urls = [routes.page_number(base_url, n) for n in range(1, len(chunks) + 1)]
    for index, chunk in enumerate(chunks):
        pager = None if len(chunks) == 1 else {
            "number": index + 1,
            "count": len(chunks),
            "first_item": index * size + 1,
            "last_item": index * size + len(chunk),
            "previous": urls[index - 1] if index > 0 else None,
            "next": urls[index + 1] if index + 1 < len(chunks) else None,
            "pages": [{"number": n + 1, "url": url} for n, url in enumerate(urls)],
        }
        yield urls[index], index + 1, chunk, pager


def generated_files(catalog: Catalog, site_url: str | None = None,
                    directory_urls: bool = True, downloads: bool = True,
                    fetched: bool = True) -> list[GeneratedFile]:
    """Every generated file but the pages; without the model downloads when ``downloads``
    is false (the build writes those in the background: BackgroundDownloads), and without
    the files only the pages' scripts fetch when ``fetched`` is false (the build writes
    those in the background too: :func:`fetched_files`)."""
    return [
        *(fetched_files(catalog, directory_urls) if fetched else []),
        GeneratedFile(routes.CASES_JSON, cases_json(catalog.cases)),
        GeneratedFile(routes.CASES_CSV, cases_csv(catalog.cases)),
        GeneratedFile(routes.BUDGET_CSV, budget_csv(catalog.cases)),
        GeneratedFile(routes.CASE_SCHEMA, schema_json()),
        GeneratedFile(routes.FILTERS, filters_json(
            [pair for case in catalog.cases for pair in search_filters(case, catalog.vocab)])),
        GeneratedFile(routes.MODEL_SCHEMA, schema_json("model")),
        GeneratedFile(routes.FEED, atom_feed(catalog, site_url)),
        *(GeneratedFile(path, content) for model in (catalog.models if downloads else [])
          for path, content in model_downloads(model)),
    ]


def fetched_files(catalog: Catalog, directory_urls: bool = True) -> list[GeneratedFile]:
    """The files only the pages' scripts fetch, which no page links to: the suggestions of
    each case page ("Desa seperti desa saya"; the offline copy has them in its pages
    instead) and the search page's lexicon."""
    similar = [GeneratedFile(routes.similar(case.id), similar_json(case, catalog))
               for case in catalog.cases] if directory_urls else []
    return [*similar,
            *(GeneratedFile(path, text) for path, text in lexicon_files(catalog).items())]


def offline_search_index(catalog: Catalog, pages: list[GeneratedPage]) -> GeneratedFile:
    """The offline copy's search index (the offline copy has no Pagefind: it cannot load
    from the file system), from the rendered searchable pages."""
    filters = filters_json([pair for case in catalog.cases
                            for pair in search_filters(case, catalog.vocab)])
    return GeneratedFile(routes.OFFLINE_INDEX, offline_index_js(
        ((page.url, page.title, page.html) for page in pages), lexicon(catalog), filters))
