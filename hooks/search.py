"""MkDocs hook: index the built site with Pagefind at the end of every build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from lumbung.search import SearchIndexError, build_search_index

log = logging.getLogger("mkdocs.hooks.search")


def on_post_build(config: MkDocsConfig) -> None:
    try:
        report = build_search_index(Path(config.site_dir))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.debug(report)
