"""The generated part of the site: which pages and files exist, and what each shows.

A site engine turns each :class:`GeneratedPage` into a page rendered with the
template it names, and writes each :class:`GeneratedFile` as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from lumbung.catalog import Catalog
from lumbung.render.browse import facet_summary, listings
from lumbung.render.html import render_fragment
from lumbung.render.opendata import cases_csv, cases_json
from lumbung.render.views import case_card, case_url, case_view
from lumbung.schema import PUBLISHED_PATH, schema_json
from lumbung.search import SYNONYMS_PATH, synonyms_json


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # Markdown path the engine pretends the page has, e.g. kasus/x/index.md
    title: str
    template: str  # template in lumbung/render/templates that lays the view out
    view: dict
    searchable: bool = False  # indexed by the site search (cases yes, lists no)

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: ``kasus/x/index.md`` -> ``kasus/x/``."""
        return self.src_uri.removesuffix("index.md")

    @property
    def markdown(self) -> str:
        # The body is HTML made by the core (html()); the Markdown source only sets options.
        exclude = "" if self.searchable else "search_exclude: true\n"
        return f"---\n{exclude}hide:\n  - toc\n---\n"

    def html(self) -> str:
        return render_fragment(self.template, self.view, self.title, self.url)


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # e.g. data/kasus.json
    content: str


def generated_pages(catalog: Catalog, edit_base_url: str | None) -> list[GeneratedPage]:
    vocab = catalog.vocab
    pages = [
        GeneratedPage(f"{case_url(case.id)}index.md", case.title, "case.html",
                      case_view(case, catalog, edit_base_url), searchable=True)
        for case in catalog.cases
    ]
    pages.append(GeneratedPage(
        "kasus/index.md", "Semua studi kasus", "cases.html",
        {"cases": [case_card(case, vocab) for case in catalog.cases]},
    ))
    pages.append(GeneratedPage(
        "jelajah/index.md", "Jelajahi", "browse.html",
        {"facets": facet_summary(catalog), "total": len(catalog.cases)},
    ))
    pages.extend(
        GeneratedPage(listing.src_uri, listing.title, "listing.html", {
            "intro": listing.intro, "cases": listing.cases, "groups": listing.groups,
            "parent": listing.parent,
        })
        for listing in listings(catalog)
    )
    return pages


def generated_files(catalog: Catalog) -> list[GeneratedFile]:
    return [
        GeneratedFile("data/kasus.json", cases_json(catalog.cases)),
        GeneratedFile("data/kasus.csv", cases_csv(catalog.cases)),
        GeneratedFile(PUBLISHED_PATH, schema_json()),
        GeneratedFile(SYNONYMS_PATH, synonyms_json()),
    ]
