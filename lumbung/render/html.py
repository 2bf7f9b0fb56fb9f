"""HTML fragments of the generated pages, from the view models, with Jinja (autoescape on).

Every value is escaped unless it is Markup the core made itself (Markdown rendered with
raw HTML off), so a template cannot forget to escape contributor text.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"


@pass_context
def _link(context, target: str) -> str:
    """A site-relative address as seen from the page being rendered. Without directory URLs
    (the offline copy, opened from the file system) a folder address ends in index.html."""
    if not context["directory_urls"]:
        path, hash_mark, fragment = target.partition("#")
        if path == "" or path.endswith("/"):
            target = f"{path}index.html{hash_mark}{fragment}"
    return context["root"] + target


def _breakable(url: str) -> Markup:
    """A web address shown as text, with line-break chances after / . - _ ? & = (<wbr>), so
    that on a phone it wraps between its parts instead of in the middle of a word."""
    return Markup("<wbr>").join(escape(part) for part in re.split(r"(?<=[/._?&=-])(?!$)", url))


@functools.cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["link"] = _link
    environment.filters["breakable"] = _breakable
    return environment


def relative_root(page_url: str) -> str:
    """From a page at site-relative ``page_url`` (``kasus/x/``) back to the site root."""
    return "../" * page_url.count("/")


class FragmentRenderer:
    """Renders the generated pages of one build. A case card appears on many lists; it is
    rendered once per page depth (its links are relative) and reused."""

    def __init__(self, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls
        self._cards: dict[tuple[str, str], Markup] = {}

    def page(self, template: str, view: dict, title: str, page_url: str) -> str:
        root = relative_root(page_url)
        return _environment().get_template(template).render(
            view=view, title=title, root=root, directory_urls=self.directory_urls,
            card=lambda card: self.card(card, root))

    def card(self, card: dict, root: str) -> Markup:
        key = (card["id"], root)
        if key not in self._cards:
            self._cards[key] = Markup(_environment().get_template("_case_card.html").render(
                c=card, root=root, directory_urls=self.directory_urls))
        return self._cards[key]
