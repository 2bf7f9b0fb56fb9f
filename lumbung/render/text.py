"""Contributor text to safe HTML, and Indonesian number and date formats."""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

LOCALE = Locale.parse("id")  # parsed once: babel would parse "id" on every call


@functools.cache
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: tags in contributor text are shown escaped, and
    # markdown-it's link validation drops javascript:, vbscript:, file: and data: links.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown_html(text: str) -> Markup:
    """Render contributor Markdown (CommonMark) as HTML that cannot carry markup of its own."""
    return Markup(_markdown().render(text))


def plain(text: str) -> Markup:
    return escape(text)


def rupiah(amount: int) -> str:
    """Whole rupiah the Indonesian way: ``Rp 50.000.000``."""
    return f"Rp {format_decimal(amount, locale=LOCALE, group_separator=True)}"


def long_date(iso: str) -> str:
    """``2021-11-18`` -> ``18 November 2021``."""
    return format_date(dt.date.fromisoformat(iso), format="long", locale=LOCALE)


def year_or_date(value: int | str) -> str:
    return str(value) if isinstance(value, int) else long_date(value)
