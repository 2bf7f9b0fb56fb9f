"""MkDocs hooks: add the pages and files generated from the records, in memory, and
index the searchable ones with Pagefind while the rest of the site is built.

All the work is in ``lumbung`` (no MkDocs import there); this file only hands its
results to MkDocs, through its documented routes: files from ``File.generated``, and a
``Page`` subclass set on ``File.page`` in ``on_files`` (since MkDocs 1.5.3 a plugin may set
its own subclass there, and MkDocs uses it instead of making a page). ProperDocs, a fork
of MkDocs 1.6, runs it unchanged;
for an engine without hooks, ``lumbung export`` writes the same pages and files to a folder.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import time
from pathlib import Path

import mkdocs
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from lumbung import routes
from lumbung.catalog import load_catalog, load_models
from lumbung.geo import GeodataMissing, world_atlas_path
from lumbung.offline import OfflineBuildError, build_offline_zip
from lumbung.problems import InvalidData
from lumbung.render.form import form_data_js
from lumbung.render.models import BackgroundDownloads
from lumbung.render.parallel import BackgroundFiles, render_pages
from lumbung.render.site import (
    GeneratedPage,
    fetched_files,
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
# The engine running this hook: "mkdocs", or "properdocs" (which answers `import mkdocs`).
ENGINE = mkdocs.__name__


# The cycle collector's thresholds during `mkdocs build` (Python's defaults: 700, 10, 10).
BUILD_GC_THRESHOLDS = (50_000, 20, 100)

# What a generated page's content is while MkDocs builds (on_page_content): data never
# makes an HTML comment on a page (every text is escaped).
BODY_MARK = "<!-- lumbung: the page's content -->"
BODY_MARK_WITH_HEADING = "<!-- lumbung: the page's content, with its <h1> -->"


class CorePage(Page):
    """A generated page: its HTML comes from the core (on_page_content), so there is no
    Markdown to convert. MkDocs builds a Markdown converter with every extension for each
    page; skipping that for 10,000 case pages saves seconds."""

    def __init__(self, generated: GeneratedPage, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)  # sets file.page: MkDocs uses this page
        self.generated = generated

    def read_source(self, config: MkDocsConfig) -> None:
        """The page's options and title, where a page's front matter would give them."""
        super().read_source(config)  # no source: no front matter
        generated = self.generated
        self.meta.update(generated.meta)
        # Escaped once here, so the theme's unescaped {{ page.title }} stays text.
        self.title = escape(generated.title)
        if generated.description:
            self.meta["description"] = escape(generated.description)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = None  # not known: links to its anchors are not checked
        self.links_to_anchors = None


class FolderCache:
    """Parts of the theme's page (sidebars, footer, styles, scripts, configuration) rendered
    once per folder for the generated pages outside the navigation, instead of once per
    page: for those pages they differ only by where the page sits (links are relative),
    and nothing in them is active. One per build (on_env); ``overrides/main.html`` wraps
    the theme's blocks with it. ``LUMBUNG_NAV_CACHE=0`` turns it off (the tests compare
    both builds byte for byte)."""

    def __init__(self) -> None:
        self.enabled = os.environ.get("LUMBUNG_NAV_CACHE", "1") != "0"
        self.html: dict[tuple, str] = {}

    def key(self, page: Page | None, part: str) -> tuple | None:
        if (not self.enabled or not isinstance(page, CorePage)
                or not page.file.inclusion.is_not_in_nav()):
            return None
        folder = page.url.rstrip("/").rpartition("/")[0]
        return part, folder, tuple(page.meta.get("hide", ())), bool(page.toc)

    def hit(self, page: Page | None, part: str) -> str | None:
        """The part as rendered for another page of this page's folder, if any."""
        key = self.key(page, part)
        return None if key is None else self.html.get(key)

    def keep(self, page: Page | None, part: str, html: str) -> str:
        """``html``, the part as rendered for ``page``, kept for the pages beside it."""
        key = self.key(page, part)
        if key is not None:
            self.html[key] = html
        return html


class SiteHooks:
    """The hook's state: the command that runs, and the work started in ``on_files``
    that the end of the build waits for (Pagefind's index, the model downloads) or
    cancels. MkDocs loads this file afresh with each configuration it reads, so each
    load has its own."""

    def __init__(self) -> None:
        self.command: str | None = None
        self.index: BackgroundIndex | None = None
        self.downloads: BackgroundDownloads | None = None
        self.fetched: BackgroundFiles | None = None

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        if command == "build":
            # A build makes millions of short-lived objects and few reference cycles: with
            # Python's default thresholds the cycle collector ran about 1,100 times in the
            # main process of a 2,000-case build, and as often in each worker; turning it
            # off took about 7% off the CPU time of the whole build.
            gc.set_threshold(*BUILD_GC_THRESHOLDS)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Material's offline plugin adds a shim for its own search, loaded from a CDN; our
        # search is Pagefind (the copy searches its own index), so it loads nothing from
        # outside.
        config.extra["polyfills"] = [p for p in config.extra.get("polyfills", [])
                                     if "iframe-worker" not in str(p)]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        self.cancel()
        root = Path(config.config_file_path).parent
        build = self.command == "build"
        if build:
            # The model downloads are written into the site by other processes meanwhile,
            # each reading the model files itself while the knowledge base is loaded here
            # (invalid files: the build stops below, and on_build_error stops them).
            self.downloads = BackgroundDownloads(functools.partial(load_models, root),
                                                 config.site_dir)
        try:
            catalog = load_catalog(root)
            world_atlas = world_atlas_path(root)
        except (InvalidData, GeodataMissing) as error:
            raise PluginError(str(error)) from None
        if not build:  # `mkdocs serve` runs threads: written here and now
            self.downloads = BackgroundDownloads(catalog.models, config.site_dir, fork=False)
        edit_base = config.extra.get("edit_base_url")
        pages = generated_pages(catalog, edit_base, config.use_directory_urls, world_atlas)
        for page in pages:
            inclusion = (InclusionLevel.UNDEFINED if page.src_uri in routes.NAV_PAGES
                         else InclusionLevel.NOT_IN_NAV)
            file = File.generated(config, page.src_uri, content=page.markdown,
                                  inclusion=inclusion)
            CorePage(page, file, config)
            files.append(file)

        def add_files() -> None:
            for item in generated_files(catalog, config.site_url, config.use_directory_urls,
                                        downloads=False, fetched=fetched is None):
                files.append(File.generated(config, item.path, content=item.content))
            # The web form "Kirim studi kasus" (/kirim/formulir/): its fields, schema and
            # the ids taken.
            files.append(File.generated(config, routes.FORM_DATA,
                                        content=form_data_js(catalog, edit_base)))

        # The pages are rendered now, on every core for a large `mkdocs build` (forked
        # workers; not under `mkdocs serve`, which runs threads), and the case and model
        # pages written for Pagefind, which indexes them in its own process while MkDocs
        # builds the rest.
        # The offline copy has no Pagefind index (it cannot load from the file system): it
        # gets its own small index, made from the same rendered pages.
        index = (BackgroundIndex(Path(config.site_dir) / routes.PAGEFIND)
                 if config.use_directory_urls else None)
        self.index = index  # cancelled by on_build_error if rendering fails
        searchable = [page for page in pages if page.searchable]

        def rendered(page: GeneratedPage, html: str) -> None:
            if index is not None and page.searchable:
                index.add(page.url, html)

        if build:
            # The catalog and the pages live until the end of the build: the collector need
            # not go through them again, and the forked workers, which inherit them, then
            # leave their memory shared instead of copying it (gc.freeze's own advice).
            gc.freeze()
        render_pages(pages, rendered, workers=None if build else 1)
        # The files only the pages' scripts fetch (the suggestions beside each case page,
        # the search lexicon: seconds of work at 2,000 cases, none of them linked from a
        # page, so MkDocs need not know them) are written by another process, started
        # before Pagefind's thread (a process that runs threads is not forked).
        fetched = (BackgroundFiles(functools.partial(fetched_files, catalog,
                                                     config.use_directory_urls),
                                   config.site_dir)
                   if build and config.use_directory_urls else None)
        self.fetched = fetched
        if index is not None:
            index.start()
        # The other files after Pagefind has started, not while the workers render: Pagefind
        # ends with seconds on one core, which the theme's pass then overlaps (a 2,000-case
        # build 2% faster, three alternating pairs).
        add_files()
        # The search page preloads the index files of this build (named by this tag); the
        # offline copy searches its own small index, loaded as a script.
        config.extra["search_tag"] = search_tag((page.url, page.html) for page in searchable)
        if not config.use_directory_urls:
            item = offline_search_index(catalog, searchable)
            files.append(File.generated(config, item.path, content=item.content))
        log.debug("Generated and rendered %d pages (%d searchable) in %.1f s", len(pages),
                  len(searchable), time.perf_counter() - started)
        return files

    def on_env(self, env, config: MkDocsConfig, files: Files):
        env.globals["lumbung_cache"] = FolderCache()
        # MkDocs makes this environment afresh for each build (also each rebuild of `mkdocs
        # serve`): within one, a template cannot change, so Jinja need not look at its file
        # again each time a page imports it (Material's pages import several: 40,000 file
        # checks for 2,000 pages).
        env.auto_reload = False
        return env

    def on_page_content(self, html: str, page: Page, **kwargs) -> str:
        # MkDocs keeps every page's content until the end of the build (it reads them all
        # before it writes one): a generated page's content is a mark, replaced by its HTML
        # (kept compressed meanwhile, GeneratedPage) once the theme has laid the page out.
        # The theme adds the page's title as a heading where the content has none ("<h1"
        # not in it, Material's content.html): the mark says whether the HTML has one.
        if not isinstance(page, CorePage):
            return html
        return BODY_MARK_WITH_HEADING if page.generated.has_heading else BODY_MARK

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if not isinstance(page, CorePage):
            return output
        mark = page.content
        if output.count(mark) != 1:
            raise PluginError(f"{page.file.src_uri}: the theme did not lay out the page's "
                              "content once (a bug)")
        body = page.generated.html
        page.generated.release()
        return output.replace(mark, body, 1)

    def on_post_build(self, config: MkDocsConfig) -> None:
        # What on_files froze stays frozen: `mkdocs build` ends here, and Python's last
        # collection at exit then passes over it (0.8 s less, at 2,000 cases). Frozen objects
        # are still freed when nothing refers to them; only cycles among them would stay.
        index, self.index = self.index, None
        downloads, self.downloads = self.downloads, None
        fetched, self.fetched = self.fetched, None
        try:
            if downloads is not None:
                downloads.finish()
            if fetched is not None:
                fetched.finish()
            if index is not None:
                started = time.perf_counter()
                log.debug(index.finish())
                log.debug("Waited %.1f s for the search index", time.perf_counter() - started)
                preload_index_meta(Path(config.site_dir))
            if config.extra.get("offline_zip") and config.use_directory_urls:
                size = build_offline_zip(Path(config.config_file_path),
                                         Path(config.site_dir) / routes.OFFLINE_ZIP,
                                         engine=ENGINE)
                log.info("Offline copy: %s (%.1f MB)", routes.OFFLINE_ZIP, size / 1e6)
        except (SearchIndexError, OfflineBuildError, RuntimeError) as error:
            raise PluginError(str(error)) from None

    def on_build_error(self, error: Exception) -> None:
        self.cancel()

    def cancel(self) -> None:
        if self.index is not None:
            self.index.cancel()
            self.index = None
        if self.downloads is not None:
            self.downloads.cancel()
            self.downloads = None
        if self.fetched is not None:
            self.fetched.cancel()
            self.fetched = None


_hooks = SiteHooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_files = _hooks.on_files
on_env = _hooks.on_env
on_page_content = _hooks.on_page_content
on_post_page = _hooks.on_post_page
on_post_build = _hooks.on_post_build
on_build_error = _hooks.on_build_error
