"""Chromium for the browser tests, with its contexts kept and cleaned between tests.

A new browser context and its first page cost Chromium about 1.2 CPU-seconds more than a
page in a context that stays open (measured here: 20 page loads, each in a new context,
27 CPU-s; each in a new page of one context that keeps a blank page open, 10 CPU-s), and
most of the suite's browser tests open one. So ``Chromium.new_context`` and
``Chromium.new_page`` take the same arguments as Playwright's ``Browser`` methods but lend a
kept context made with the same options. When the test closes it (or the page
``new_page`` gave, seen at the next loan), it is cleaned before anyone else gets it: its
pages are closed, and its cookies, permissions, the storage of every origin it opened
(localStorage, IndexedDB, Cache Storage, ...) and its HTTP cache are erased. A test
therefore sees nothing of another's, as with a new context. A context whose test changed
it in a way cleaning cannot undo (an init script, a route, a listener, a default timeout,
headers...: ``LASTING``) is closed instead of being lent again. Tests that only open pages
and read them share a kept tab instead (``Chromium.reading_page``).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

# BrowserContext methods whose effect outlives the test (cleaning does not undo them).
LASTING = frozenset({
    "add_init_script", "expose_binding", "expose_function", "on", "once", "route",
    "route_from_har", "route_web_socket", "set_default_navigation_timeout",
    "set_default_timeout", "set_extra_http_headers", "set_geolocation", "set_offline",
})


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return "file://"
    if parts.scheme in ("http", "https"):
        return f"{parts.scheme}://{parts.netloc}"
    return None  # about:, data:, blob: keep nothing of their own


class LentContext:
    """A kept browser context lent to one test: every attribute is the context's own,
    except ``pages`` (without the blank page that keeps it warm) and ``close``, which gives
    it back to be cleaned."""

    def __init__(self, owner: Chromium, key: str, context, keeper, session) -> None:
        self._owner, self._key, self._context = owner, key, context
        self._keeper, self._session = keeper, session
        self._origins: set[str] = set()
        self._page = None  # the page new_page gave: the loan ends when it is closed
        self.lasting = False  # changed for good: closed when given back
        context.on("request", self._note_origin)

    def _note_origin(self, request) -> None:
        origin = _origin(request.url)
        if origin:
            self._origins.add(origin)

    def __getattr__(self, name: str):
        if name in LASTING:
            self.lasting = True
        return getattr(self._context, name)

    @property
    def pages(self) -> list:
        return [page for page in self._context.pages if page != self._keeper]

    def close(self) -> None:
        self._owner._give_back(self)

    def _clean(self) -> None:
        for page in self.pages:
            page.close()
        for origin in sorted(self._origins):
            self._session.send("Storage.clearDataForOrigin",
                               {"origin": origin, "storageTypes": "all"})
        self._origins.clear()
        self._session.send("Network.clearBrowserCache")
        self._context.clear_cookies()
        self._context.clear_permissions()
        self._page = None


class Chromium:
    """Playwright's ``Browser`` for the tests: ``new_context`` and ``new_page`` lend kept,
    cleaned contexts (see the module's documentation); anything else is the browser's."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self._idle: dict[str, list[LentContext]] = {}
        self._lent: list[LentContext] = []
        self._reading: dict[str, object] = {}

    def __getattr__(self, name: str):
        return getattr(self._browser, name)

    def new_context(self, **options) -> LentContext:
        # A page new_page gave that its test has closed ends that loan.
        for lent in [lent for lent in self._lent if lent._page is not None
                     and lent._page.is_closed()]:
            self._give_back(lent)
        key = json.dumps(options, sort_keys=True, default=repr)
        idle = self._idle.setdefault(key, [])
        if idle:
            lent = idle.pop()
        else:
            context = self._browser.new_context(**options)
            keeper = context.new_page()
            lent = LentContext(self, key, context, keeper, context.new_cdp_session(keeper))
        self._lent.append(lent)
        return lent

    def new_page(self, **options):
        lent = self.new_context(**options)
        lent._page = lent.new_page()
        return lent._page

    def reading_page(self, **options):
        """A page kept open, with the given context options, for tests that only open pages
        and read them: no listener, no click, no storage of their own (what the site's own
        scripts keep is what a reader moving between pages keeps). Opening a page in it
        costs about half a new page's CPU."""
        key = json.dumps(options, sort_keys=True, default=repr)
        page = self._reading.get(key)
        if page is None or page.is_closed():
            page = self._reading[key] = self._browser.new_context(**options).new_page()
        return page

    def _give_back(self, lent: LentContext) -> None:
        if lent not in self._lent:
            return  # already given back
        self._lent.remove(lent)
        if lent.lasting:
            lent._context.close()
            return
        lent._clean()
        self._idle[lent._key].append(lent)

    def close(self) -> None:
        for lent in [*self._lent, *(c for idle in self._idle.values() for c in idle)]:
            lent._context.close()
        for page in self._reading.values():
            page.context.close()
        self._browser.close()


def settle(page) -> None:
    """Wait until a page the test has just opened (``goto`` waits for its load event) shows
    what a reader sees: on the search page the search done, on a case page its list of
    similar villages filled, and then its fonts in place.

    Not Playwright's "networkidle", which waits for half a second without a request after
    the last one. What the pages the suite reads still fetch or fill in after the load event
    (the favicon aside) is marked done by their own scripts: the search
    (``#lp-search[data-state=done]``, Pagefind's files) and the similar villages (a
    fetch started before the load event, filled after it: ``[data-lp-similar]``,
    ``data-lp-state="done"``).
    """
    if page.locator("#lp-search").count():
        page.wait_for_selector("#lp-search[data-state=done]", state="attached")
    page.wait_for_function("() => Array.from(document.querySelectorAll('[data-lp-similar]'))"
                           ".every((list) => list.dataset.lpState === 'done')")
    page.evaluate("document.fonts.ready.then(() => true)")
