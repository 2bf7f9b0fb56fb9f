"""Rendering the generated pages in forked worker processes gives exactly the HTML that
rendering them one by one gives, and really runs in other processes."""

from __future__ import annotations

import os

from conftest import ROOT
from lumbung.catalog import load_catalog
from lumbung.render import parallel
from lumbung.render.parallel import render_pages
from lumbung.render.site import generated_pages


def test_workers_render_the_same_pages_as_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "_CHUNK", 2)  # many chunks, as with 10,000 pages
    catalog = load_catalog(ROOT)
    alone = generated_pages(catalog, "https://example.org/edit/")  # every page, as the build
    expected = {page.url: page.html for page in alone}
    headings = {page.url: page.has_heading for page in alone}

    pages = generated_pages(catalog, "https://example.org/edit/")
    assert all(page.rendered is None for page in pages)

    def rendered(page, html):
        target = tmp_path / page.url.replace("/", "_")
        target.write_text(f"{os.getpid()}\n{html}", encoding="utf-8")

    render_pages(pages, rendered, workers=2, minimum=1)
    assert {page.url: page.has_heading for page in pages} == headings
    assert {page.url: stable(page.html) for page in pages} == {
        url: stable(html) for url, html in expected.items()}
    written = {path.name: path.read_text("utf-8").split("\n", 1) for path in tmp_path.iterdir()}
    assert {name: stable(html) for name, (_, html) in written.items()} == {
        url.replace("/", "_"): stable(html) for url, html in expected.items()}
    assert str(os.getpid()) not in {pid for pid, _ in written.values()}


def stable(html: str) -> str:
    """Pages hold nothing that changes from run to run (the builder's templates are
    separate files)."""
    return html


def test_few_pages_are_rendered_here(tmp_path):
    catalog = load_catalog(ROOT)
    pages = [page for page in generated_pages(catalog, None) if page.searchable][:3]
    pids = []
    render_pages(pages, lambda page, html: pids.append(os.getpid()), workers=2)
    assert pids == [os.getpid()] * 3
