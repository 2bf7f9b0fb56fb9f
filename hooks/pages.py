"""MkDocs hooks: add the pages and files generated from the records, in memory, and
index the searchable ones with Pagefind while the rest of the site is built.

All the work is in ``lumbung`` (no MkDocs import there); this file only hands its
results to MkDocs.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from lumbung.catalog import load_catalog
from lumbung.geo import GeodataMissing, world_atlas_path
from lumbung.offline import OFFLINE_ZIP_PATH, OfflineBuildError, build_offline_zip
from lumbung.problems import InvalidData
from lumbung.render.form import FORM_DATA_PATH, form_data_js
from lumbung.render.models import BackgroundDownloads
from lumbung.render.parallel import render_pages
from lumbung.render.site import (
    GeneratedPage,
    generated_files,
    generated_pages,
    offline_search_index,
)
from lumbung.search import (
    BackgroundIndex,
    SearchIndexError,
    preload_index_meta,
    search_tag,
)

log = logging.getLogger("mkdocs.hooks.pages")
# The only generated pages in the navigation.
NAV_PAGES = {"kasus/index.md", "jelajah/index.md", "perdes/index.md", "peraturan/index.md",
             "anggaran/index.md", "peta/index.md"}
_pages: dict[str, GeneratedPage] = {}
_index: BackgroundIndex | None = None
_command: str | None = None
_downloads: BackgroundDownloads | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def root_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Material's offline plugin adds a shim for its own search, loaded from a CDN; our
    # search is Pagefind (the copy searches its own index), so it loads nothing from outside.
    config.extra["polyfills"] = [p for p in config.extra.get("polyfills", [])
                                 if "iframe-worker" not in str(p)]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _index, _downloads
    started = time.perf_counter()
    try:
        catalog = load_catalog(root_of(config))
    except InvalidData as error:
        raise PluginError(str(error)) from None
    _pages.clear()
    edit_base = config.extra.get("edit_base_url")
    try:
        world_atlas = world_atlas_path(root_of(config))
    except GeodataMissing as error:
        raise PluginError(str(error)) from None
    for page in generated_pages(catalog, edit_base, config.use_directory_urls, world_atlas):
        _pages[page.src_uri] = page
        inclusion = (InclusionLevel.UNDEFINED if page.src_uri in NAV_PAGES
                     else InclusionLevel.NOT_IN_NAV)
        files.append(File.generated(config, page.src_uri, content=page.markdown,
                                    inclusion=inclusion))
    for item in generated_files(catalog, config.site_url, config.use_directory_urls,
                                downloads=False):
        files.append(File.generated(config, item.path, content=item.content))
    # The web form "Kirim studi kasus" (/kirim/formulir/): its fields, schema and the ids taken.
    files.append(File.generated(config, FORM_DATA_PATH, content=form_data_js(catalog, edit_base)))
    _cancel_index()
    # The model downloads are written into the site by another process meanwhile.
    _downloads = BackgroundDownloads(catalog.models, config.site_dir,
                                     fork=_command == "build")
    # The case and model pages are rendered now, on every core for a large `mkdocs build`
    # (forked workers; not under `mkdocs serve`, which runs threads), and written for
    # Pagefind, which indexes them in its own process while MkDocs builds the rest. The
    # offline copy has no Pagefind index (it cannot load from the file system): it gets
    # its own small index, made from the same rendered pages.
    index = (BackgroundIndex(Path(config.site_dir) / "pagefind")
             if config.use_directory_urls else None)
    _index = index  # cancelled by on_build_error if rendering fails
    searchable = [page for page in _pages.values() if page.searchable]
    render_pages(searchable,
                 (lambda page, html: index.add(page.url, html)) if index else None,
                 workers=None if _command == "build" else 1)
    if index is not None:
        index.start()
    # The search page preloads the index files of this build (named by this tag); the
    # offline copy searches its own small index, loaded as a script.
    config.extra["search_tag"] = search_tag((page.url, page.html) for page in searchable)
    if not config.use_directory_urls:
        item = offline_search_index(catalog, searchable)
        files.append(File.generated(config, item.path, content=item.content))
    log.debug("Generated %d pages and rendered %d in %.1f s", len(_pages), len(searchable),
              time.perf_counter() - started)
    return files


class CorePage(Page):
    """A generated page: its HTML comes from the core (on_page_content), so there is no
    Markdown to convert. MkDocs builds a Markdown converter with every extension for each
    page; skipping that for 10,000 case pages saves seconds."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = None  # not known: links to its anchors are not checked
        self.links_to_anchors = None


def on_pre_page(page: Page, **kwargs) -> Page:
    if page.file.src_uri in _pages and type(page) is Page:
        page.__class__ = CorePage
    return page


class FolderCache:
    """Parts of the theme's page (sidebars, footer, styles, scripts, configuration) rendered
    once per folder for the generated pages outside the navigation, instead of once per
    page: for those pages they differ only by where the page sits (links are relative),
    and nothing in them is active. ``LUMBUNG_NAV_CACHE=0`` turns it off (the tests compare
    both builds byte for byte)."""

    def __init__(self) -> None:
        self.enabled = os.environ.get("LUMBUNG_NAV_CACHE", "1") != "0"
        self.html: dict[tuple, str] = {}

    def key(self, page: Page, part: str) -> tuple | None:
        generated = _pages.get(page.file.src_uri) if page and page.file else None
        if not self.enabled or generated is None or not page.file.inclusion.is_not_in_nav():
            return None
        folder = page.url.rstrip("/").rpartition("/")[0]
        return part, folder, tuple(page.meta.get("hide", ())), bool(page.toc)

    def get(self, key: tuple) -> str | None:
        return self.html.get(key)

    def put(self, key: tuple, html: str) -> str:
        self.html[key] = html
        return html


def on_env(env, config: MkDocsConfig, files: Files):
    env.globals["lumbung_cache"] = FolderCache()
    return env


def on_page_markdown(markdown: str, page: Page, **kwargs) -> str:
    generated = _pages.get(page.file.src_uri)
    if generated is not None:
        page.meta.update(generated.meta)
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
    global _index, _downloads
    index, _index = _index, None
    downloads, _downloads = _downloads, None
    try:
        if downloads is not None:
            downloads.finish()
        if index is not None:
            started = time.perf_counter()
            log.debug(index.finish())
            log.debug("Waited %.1f s for the search index", time.perf_counter() - started)
            preload_index_meta(Path(config.site_dir))
        if config.extra.get("offline_zip") and config.use_directory_urls:
            size = build_offline_zip(Path(config.config_file_path),
                                     Path(config.site_dir) / OFFLINE_ZIP_PATH)
            log.info("Offline copy: %s (%.1f MB)", OFFLINE_ZIP_PATH, size / 1e6)
    except (SearchIndexError, OfflineBuildError, RuntimeError) as error:
        raise PluginError(str(error)) from None


def on_build_error(error: Exception) -> None:
    _cancel_index()


def _cancel_index() -> None:
    global _index, _downloads
    if _index is not None:
        _index.cancel()
        _index = None
    if _downloads is not None:
        _downloads.cancel()
        _downloads = None
