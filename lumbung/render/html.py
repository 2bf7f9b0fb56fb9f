"""HTML fragments of the generated pages, from the view models, with Jinja (autoescape on).

Every value is escaped unless it is Markup the core made itself (Markdown rendered with
raw HTML off), so a template cannot forget to escape contributor text.
"""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def relative_root(page_url: str) -> str:
    """From a page at site-relative ``page_url`` (``kasus/x/``) back to the site root."""
    return "../" * page_url.count("/")


def render_fragment(template: str, view: dict, title: str, page_url: str) -> str:
    return _environment().get_template(template).render(
        view=view, title=title, root=relative_root(page_url))
