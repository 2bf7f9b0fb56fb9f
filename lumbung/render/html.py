"""HTML fragments of the generated pages, from the view models, with Jinja (autoescape on).

Every value is escaped unless it is Markup the core made itself (Markdown rendered with
raw HTML off), so a template cannot forget to escape contributor text.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from lumbung import routes
from lumbung.routes import Links

TEMPLATES = Path(__file__).parent / "templates"


@pass_context
def _link(context, target: str) -> str:
    """A site-relative address (a path of lumbung.routes) as seen from the page being
    rendered, in the build's link style (``links``)."""
    return context["root"] + context["links"].file(target)


def json_script(element_id: str, data) -> Markup:
    """``data`` as JSON in a script element a page's script reads (no request, so it works
    from the file system too); ``<``, ``>`` and ``&`` escaped, so no text can end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup('<script type="application/json" id="{}">{}</script>').format(
        element_id, Markup(text))


def _breakable(url: str) -> Markup:
    """A web address shown as text, with line-break chances after / . - _ ? & = (<wbr>), so
    that on a phone it wraps between its parts instead of in the middle of a word."""
    # A NUL marks each chance (no address holds one: lumbung.load refuses control
    # characters), so the address is escaped once, not part by part.
    marked = _BREAK_AFTER.sub("\\g<0>\x00", url.replace("\x00", ""))
    return Markup(str(escape(marked)).replace("\x00", "<wbr>"))


_BREAK_AFTER = re.compile(r"[/._?&=-](?!$)")


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
    environment.globals["routes"] = routes  # templates name paths from the route table
    environment.globals["json_script"] = json_script
    return environment


class FragmentRenderer:
    """Renders the generated pages of one build, linking in its style (``links``). A case
    card appears on many lists; it is rendered once per page depth (its links go through
    the site root) and reused."""

    def __init__(self, directory_urls: bool = True) -> None:
        self.links = Links(directory_urls)
        self._cards: dict[tuple[str, str], Markup] = {}

    def page(self, template: str, view: dict, title: str, page_url: str) -> str:
        root = Links.root(page_url)
        return _environment().get_template(template).render(
            view=view, title=title, root=root, links=self.links, page_url=page_url,
            card=lambda card: self.card(card, root))

    def card(self, card: dict, root: str) -> Markup:
        key = (card["id"], root)
        if key not in self._cards:
            self._cards[key] = Markup(_environment().get_template("_case_card.html").render(
                c=card, root=root, links=self.links))
        return self._cards[key]
