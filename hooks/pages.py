"""MkDocs hooks: add the pages and files generated from the records, in memory, and
index the searchable ones with Pagefind while the rest of the site is built.

All the work is in ``lumbung`` (no MkDocs import there); this file only hands its
results to MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from lumbung.catalog import load_catalog
from lumbung.problems import InvalidData
from lumbung.render.site import GeneratedPage, generated_files, generated_pages
from lumbung.search import BackgroundIndex, SearchIndexError

log = logging.getLogger("mkdocs.hooks.pages")
# The only generated pages in the navigation.
NAV_PAGES = {"kasus/index.md", "jelajah/index.md", "perdes/index.md"}
_pages: dict[str, GeneratedPage] = {}
_index: BackgroundIndex | None = None


def root_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _index
    try:
        catalog = load_catalog(root_of(config))
    except InvalidData as error:
        raise PluginError(str(error)) from None
    _pages.clear()
    edit_base = config.extra.get("edit_base_url")
    for page in generated_pages(catalog, edit_base):
        _pages[page.src_uri] = page
        inclusion = (InclusionLevel.UNDEFINED if page.src_uri in NAV_PAGES
                     else InclusionLevel.NOT_IN_NAV)
        files.append(File.generated(config, page.src_uri, content=page.markdown,
                                    inclusion=inclusion))
    for item in generated_files(catalog, config.extra.get("paper", "A4"), config.site_url):
        files.append(File.generated(config, item.path, content=item.content))
    _cancel_index()
    searchable = ((page.url, page.html) for page in _pages.values() if page.searchable)
    _index = BackgroundIndex(searchable)
    return files


def on_page_markdown(markdown: str, page: Page, **kwargs) -> str:
    generated = _pages.get(page.file.src_uri)
    if generated is not None:
        # Escaped once here, so the theme's unescaped {{ page.title }} stays text.
        page.title = escape(generated.title)
        if generated.description:
            page.meta["description"] = escape(generated.description)
    return markdown


def on_page_content(html: str, page: Page, **kwargs) -> str:
    generated = _pages.get(page.file.src_uri)
    if generated is None:
        return html
    body = generated.html
    generated.release()
    return body


def on_post_build(config: MkDocsConfig) -> None:
    global _index
    index, _index = _index, None
    if index is None:
        return
    try:
        log.debug(index.finish(Path(config.site_dir)))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None


def on_build_error(error: Exception) -> None:
    _cancel_index()


def _cancel_index() -> None:
    global _index
    if _index is not None:
        _index.cancel()
        _index = None
